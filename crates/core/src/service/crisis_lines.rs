//! Which country's crisis line "Need help now" shows first: guessed by the UI from the system's
//! languages unless the patient chose one in Settings. The choice is kept in `preferences.json`
//! (outside the vault), because help must show it while locked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::crisis_lines::known_country;
use crate::error::Result;
use crate::service::vault::VaultService;
use crate::storage::preferences;

/// The patient's choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CrisisLineSettings {
    /// A country code from the reviewed list; `null`: guess from the system's languages.
    pub crisis_country: Option<String>,
}

/// The choice; a code no longer in the list (a file from an older app) reads as no choice.
pub fn get(vault: &VaultService) -> CrisisLineSettings {
    let s: CrisisLineSettings = preferences::read(&vault.paths().preferences);
    CrisisLineSettings {
        crisis_country: s.crisis_country.and_then(|c| known_country(&c).ok()),
    }
}

/// Saves the choice (`None` goes back to guessing). An unknown code is refused with
/// `InvalidInput` and nothing is written.
pub fn set(vault: &VaultService, country: Option<String>) -> Result<CrisisLineSettings> {
    let settings = CrisisLineSettings {
        crisis_country: country.as_deref().map(known_country).transpose()?,
    };
    preferences::merge(&vault.paths().preferences, &settings)?;
    Ok(settings)
}
