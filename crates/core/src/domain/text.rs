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
