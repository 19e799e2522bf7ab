//! Rules for the patient's text that every feature shares: length limits and tidy labels.

use crate::error::{Error, ErrorCode, Result};

pub(crate) fn too_long(what: &str, max: usize) -> Error {
    Error::new(
        ErrorCode::TooLong,
        format!("{what} is longer than {max} characters"),
    )
    .with_limit(None, max)
}

/// Refuses text longer than `max` characters with `TooLong`; every feature's length limit uses it.
pub(crate) fn check_len(what: &str, s: &str, max: usize) -> Result<()> {
    // Cheap byte check first: a string of at most `max` bytes has at most `max` characters.
    if s.len() > max && s.chars().count() > max {
        return Err(too_long(what, max));
    }
    Ok(())
}

/// Trims and collapses inner whitespace (and drops NUL characters); used for tags, custom emotions
/// and names.
pub fn tidy_label(s: &str) -> String {
    without_nul(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text without NUL characters. None can be typed, but one pasted or sent by another program
/// would cut the text short wherever SQLite's text functions (excerpts, snippets) meet it.
pub fn without_nul(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s.to_owned()
    }
}

/// Longest stable id an export may carry. The app writes 32 hex digits; other tools may write
/// UUIDs.
pub const MAX_UID_CHARS: usize = 64;

/// Checks a stable id from an export: 1–64 ASCII letters, digits or `-`. Ids are compared as
/// written.
pub fn check_uid(uid: &str) -> Result<()> {
    if uid.is_empty()
        || uid.len() > MAX_UID_CHARS
        || !uid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(Error::new(
            ErrorCode::ImportInvalid,
            "a stable id is empty, too long or has characters other than letters, digits and -",
        ));
    }
    Ok(())
}
