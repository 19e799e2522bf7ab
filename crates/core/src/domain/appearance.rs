//! Appearance: a dark or light theme, a larger text size and calmer motion (WCAG 2.2 AA). The
//! choice is needed before unlocking (the lock screen must be readable too), so it lives in
//! `preferences.json` beside the vault; it holds no writing and no key.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};

/// The text sizes offered, in percent of the normal size (up to 200 %, WCAG 1.4.4).
pub const TEXT_SIZES: [u16; 5] = [100, 125, 150, 175, 200];

/// Light or dark colours; `System` follows the desktop's choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Whether to move things on screen; `System` follows the desktop's "reduce motion" setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MotionChoice {
    #[default]
    System,
    Reduce,
}

/// The patient's choice. Kept outside the vault (in `preferences.json`), because the lock screen
/// is shown before anything is unlocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AppearanceSettings {
    pub theme: Theme,
    /// Percent of the normal text size: one of [`TEXT_SIZES`].
    pub text_size: u16,
    pub reduce_motion: MotionChoice,
}

impl Default for AppearanceSettings {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            text_size: 100,
            reduce_motion: MotionChoice::System,
        }
    }
}

impl AppearanceSettings {
    /// Refuses a text size the app does not offer.
    pub fn check(&self) -> Result<()> {
        if TEXT_SIZES.contains(&self.text_size) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::InvalidInput,
                format!("text size must be one of {TEXT_SIZES:?} percent"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_offered_text_sizes_pass() {
        for size in TEXT_SIZES {
            let s = AppearanceSettings {
                text_size: size,
                ..Default::default()
            };
            assert!(s.check().is_ok(), "{size}");
        }
        for size in [0, 1, 50, 99, 101, 120, 130, 201, 250, 400, u16::MAX] {
            let s = AppearanceSettings {
                text_size: size,
                ..Default::default()
            };
            let e = s.check().expect_err("refused");
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{size}");
        }
    }

    #[test]
    fn the_default_follows_the_system_at_normal_size() {
        let s = AppearanceSettings::default();
        assert_eq!(s.theme, Theme::System);
        assert_eq!(s.text_size, 100);
        assert_eq!(s.reduce_motion, MotionChoice::System);
        assert!(s.check().is_ok());
        assert_eq!(
            serde_json::to_value(s).expect("json"),
            serde_json::json!({ "theme": "system", "textSize": 100, "reduceMotion": "system" })
        );
    }

    #[test]
    fn a_file_from_an_older_or_newer_version_still_reads() {
        let s: AppearanceSettings = serde_json::from_str("{}").expect("empty");
        assert_eq!(s, AppearanceSettings::default());
        let s: AppearanceSettings =
            serde_json::from_str(r#"{"neutralName":true,"crisisCountry":"MX","language":"es"}"#)
                .expect("other features' keys");
        assert_eq!(s, AppearanceSettings::default());
        let s: AppearanceSettings =
            serde_json::from_str(r#"{"theme":"dark","textSize":175,"somethingLater":1}"#)
                .expect("partial");
        assert_eq!(s.theme, Theme::Dark);
        assert_eq!(s.text_size, 175);
        assert_eq!(s.reduce_motion, MotionChoice::System);
        let s: AppearanceSettings =
            serde_json::from_str(r#"{"theme":"light","textSize":100,"reduceMotion":"reduce"}"#)
                .expect("whole");
        assert_eq!(s.theme, Theme::Light);
        assert_eq!(s.reduce_motion, MotionChoice::Reduce);
        assert!(serde_json::from_str::<AppearanceSettings>(r#"{"theme":"sepia"}"#).is_err());
    }
}
