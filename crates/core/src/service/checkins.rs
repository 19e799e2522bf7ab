//! Check-ins: the PHQ-9 and GAD-7 as published (readable while locked: static text), saving the
//! answers, and the list over the course, each scored by the domain's one rule.

use chrono::Utc;

use crate::domain::checkins::{CheckIn, CheckInInput, Questionnaire, QuestionnaireText};
use crate::domain::time::utc_string;
use crate::error::Result;
use crate::service::vault::VaultService;
use crate::storage;

/// The instrument's wording; needs no vault.
pub fn questionnaire(kind: Questionnaire) -> QuestionnaireText {
    kind.text()
}

/// Saves a check-in taken now and returns it scored, as read back before the commit.
pub async fn save(vault: &VaultService, input: CheckInInput) -> Result<CheckIn> {
    input.validate()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let id = storage::checkins::insert(&mut tx, &input, &utc_string(Utc::now())).await?;
    let saved = storage::checkins::get_in(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(saved)
}

/// Every check-in, the newest first.
pub async fn list(vault: &VaultService) -> Result<Vec<CheckIn>> {
    storage::checkins::list(&vault.pool().await?).await
}
