//! The language the app speaks: its screens, its built-in texts (role plays, prompts, the
//! questionnaires in their published versions) and the pages it prints. English and Spanish.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A language the app is written in. The codes are BCP 47 language tags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "es")]
    Es,
}

impl Language {
    /// Every language, in the order the choice lists them.
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    /// The language's own name, as a list of languages shows it to someone who reads only
    /// that one.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Es => "Español",
        }
    }

    /// The app's language for a system locale such as `es-MX`, `es_ES.UTF-8` or `en-GB`; `None`
    /// for a language the app is not written in.
    pub fn from_locale(locale: &str) -> Option<Language> {
        let primary = locale
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }
}

/// The patient's choice, kept in `preferences.json` beside the vault (not private, and needed
/// before unlocking). `None` until chosen: the window then follows the system's languages and
/// saves what it chose at first run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LanguageSettings {
    pub language: Option<Language>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_locale_names_its_language_in_any_spelling() {
        for (locale, want) in [
            ("es", Some(Language::Es)),
            ("es-MX", Some(Language::Es)),
            ("es_ES.UTF-8", Some(Language::Es)),
            ("ES-ar", Some(Language::Es)),
            ("en-GB", Some(Language::En)),
            ("en_US.UTF-8@euro", Some(Language::En)),
            ("pt-BR", None),
            ("", None),
            ("C", None),
        ] {
            assert_eq!(Language::from_locale(locale), want, "{locale}");
        }
    }

    #[test]
    fn the_codes_are_what_the_window_and_the_file_use() {
        assert_eq!(
            serde_json::to_string(&Language::Es).expect("json"),
            "\"es\""
        );
        let s: LanguageSettings = serde_json::from_str("{}").expect("old file");
        assert_eq!(s.language, None);
        let s: LanguageSettings =
            serde_json::from_str(r#"{"language":"es","crisisCountry":"MX"}"#).expect("shared");
        assert_eq!(s.language, Some(Language::Es));
        assert!(serde_json::from_str::<LanguageSettings>(r#"{"language":"fr"}"#).is_err());
    }
}
