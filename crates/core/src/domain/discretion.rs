//! Discretion: how the app names itself where others may see it (the window title, the app name
//! on reminders). Some patients share a screen or a computer with the person their disagreement
//! is with; a neutral name keeps "therapy" off the screen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The app's own name.
pub const APP_NAME: &str = "IPT Companion";
/// The neutral name shown instead, when the patient asks for it.
pub const NEUTRAL_NAME: &str = "Notes";

/// The patient's choice. Kept outside the vault (in `preferences.json`), because the window is
/// titled before anything is unlocked; it holds no writing and no key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DiscretionSettings {
    /// Show [`NEUTRAL_NAME`] in the window title and on reminders instead of [`APP_NAME`].
    pub neutral_name: bool,
}

impl DiscretionSettings {
    /// The name to show where others may see it.
    pub fn display_name(&self) -> &'static str {
        if self.neutral_name {
            NEUTRAL_NAME
        } else {
            APP_NAME
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_neutral_name_says_nothing_about_therapy() {
        assert_eq!(DiscretionSettings::default().display_name(), APP_NAME);
        let neutral = DiscretionSettings { neutral_name: true }.display_name();
        assert_eq!(neutral, NEUTRAL_NAME);
        for word in ["IPT", "therapy", "Companion", "psych"] {
            assert!(!neutral.contains(word), "{neutral} mentions {word}");
        }
    }

    #[test]
    fn a_file_from_an_older_or_newer_version_still_reads() {
        let s: DiscretionSettings = serde_json::from_str("{}").expect("empty");
        assert!(!s.neutral_name);
        let s: DiscretionSettings =
            serde_json::from_str(r#"{"neutralName":true,"somethingLater":1}"#).expect("extra");
        assert!(s.neutral_name);
    }
}
