//! Appearance use cases: read and change the theme, the text size and motion. The choice lives in
//! `preferences.json` beside the vault (not inside it), so the lock screen is shown as chosen; the
//! file holds such choices and nothing private.

use crate::domain::appearance::AppearanceSettings;
use crate::error::Result;
use crate::service::vault::VaultService;
use crate::storage::preferences;

/// The patient's choice; the default when the file is missing or unreadable (it is never
/// rewritten just because it could not be read). A text size the app no longer offers reads as
/// the normal size.
pub fn get(vault: &VaultService) -> AppearanceSettings {
    let s: AppearanceSettings = preferences::read(&vault.paths().preferences);
    if s.check().is_ok() {
        s
    } else {
        AppearanceSettings {
            text_size: AppearanceSettings::default().text_size,
            ..s
        }
    }
}

/// Saves the choice atomically (private file, flushed), keeping the file's other choices. A text
/// size the app does not offer is refused with `InvalidInput` and nothing is written.
pub fn set(vault: &VaultService, settings: AppearanceSettings) -> Result<AppearanceSettings> {
    settings.check()?;
    preferences::merge(&vault.paths().preferences, &settings)?;
    Ok(settings)
}
