//! Language use cases: read and change the language the app speaks. The choice lives in
//! `preferences.json` beside the vault, so the lock screen speaks it too; the core's own texts
//! (role plays, questionnaires, printed pages) read it here.

use crate::domain::language::{Language, LanguageSettings};
use crate::error::Result;
use crate::service::vault::VaultService;
use crate::storage::preferences;

/// The patient's choice (`None` until one is made); never an error.
pub fn get(vault: &VaultService) -> LanguageSettings {
    preferences::read(&vault.paths().preferences)
}

/// The language to write in now: the choice, else English.
pub fn current(vault: &VaultService) -> Language {
    get(vault).language.unwrap_or_default()
}

/// Saves the choice atomically, keeping the file's other choices.
pub fn set(vault: &VaultService, language: Language) -> Result<LanguageSettings> {
    let settings = LanguageSettings {
        language: Some(language),
    };
    preferences::merge(&vault.paths().preferences, &settings)?;
    Ok(settings)
}
