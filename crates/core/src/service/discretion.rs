//! Discretion use cases: read and change how the app names itself on screen and on reminders.
//! The choice lives in `preferences.json` beside the vault (not inside it), so the window can be
//! titled before unlocking; the file holds this one choice and nothing private.

use crate::domain::discretion::DiscretionSettings;
use crate::error::Result;
use crate::fsutil;
use crate::service::vault::VaultService;

/// The patient's choice; the default when the file is missing or unreadable (it is never
/// rewritten just because it could not be read).
pub fn get(vault: &VaultService) -> DiscretionSettings {
    std::fs::read(&vault.paths().preferences)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Saves the choice atomically (private file, flushed).
pub fn set(vault: &VaultService, settings: DiscretionSettings) -> Result<DiscretionSettings> {
    let json = serde_json::to_vec_pretty(&settings).map_err(|e| {
        crate::error::Error::new(
            crate::error::ErrorCode::Internal,
            format!("serialising preferences: {e}"),
        )
    })?;
    fsutil::write_atomic(&vault.paths().preferences, &json)?;
    Ok(settings)
}
