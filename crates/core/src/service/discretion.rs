//! Discretion use cases: read and change how the app names itself on screen and on reminders.
//! The choice lives in `preferences.json` beside the vault (not inside it), so the window can be
//! titled before unlocking; the file holds such choices and nothing private.

use crate::domain::discretion::DiscretionSettings;
use crate::error::Result;
use crate::service::vault::VaultService;
use crate::storage::preferences;

/// The patient's choice; the default when the file is missing or unreadable (it is never
/// rewritten just because it could not be read).
pub fn get(vault: &VaultService) -> DiscretionSettings {
    preferences::read(&vault.paths().preferences)
}

/// Saves the choice atomically (private file, flushed), keeping the file's other choices.
pub fn set(vault: &VaultService, settings: DiscretionSettings) -> Result<DiscretionSettings> {
    preferences::merge(&vault.paths().preferences, &settings)?;
    Ok(settings)
}
