//! Times as the vault stores them.

use chrono::{DateTime, SecondsFormat, Utc};

/// An instant as stored: UTC, RFC 3339 with milliseconds (sorts as text).
pub fn utc_string(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
