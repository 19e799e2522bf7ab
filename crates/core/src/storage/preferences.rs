//! `preferences.json`, beside the vault (not inside it): the few choices that must be known
//! before unlocking — how the app names itself, which country's crisis line comes first. One
//! flat JSON object; each feature reads the whole object as its own view (unknown keys ignored)
//! and writes only its own keys, so one feature's save never drops another's choice. Nothing
//! private goes here.

use std::path::Path;

use chrono::Utc;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;

/// The file read as `T`; the default when it is missing or cannot be read (never an error: these
/// choices must not stand between the patient and the app).
pub fn read<T: DeserializeOwned + Default>(path: &Path) -> T {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes `part`'s keys over the file's, atomically (private file, flushed). A file that exists
/// but cannot be read as a JSON object is never overwritten: it is moved aside to
/// `preferences.json.unreadable-<UTC>` first, in the same folder.
pub fn merge<T: Serialize>(path: &Path, part: &T) -> Result<()> {
    let Value::Object(new) = serde_json::to_value(part)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising preferences: {e}")))?
    else {
        return Err(Error::new(
            ErrorCode::Internal,
            "preferences must be an object",
        ));
    };
    let mut all = match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(m)) => m,
            _ => {
                set_aside(path)?;
                Map::new()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::new(),
        Err(e) => return Err(Error::io("reading preferences", e)),
    };
    all.extend(new);
    let json = serde_json::to_vec_pretty(&Value::Object(all))
        .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising preferences: {e}")))?;
    fsutil::write_atomic(path, &json)
}

fn set_aside(path: &Path) -> Result<()> {
    let stamp = utc_string(Utc::now()).replace(':', "-");
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".unreadable-{stamp}"));
    std::fs::rename(path, &aside).map_err(|e| Error::io("moving aside unreadable preferences", e))
}
