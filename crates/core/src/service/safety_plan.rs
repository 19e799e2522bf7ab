//! The safety plan: read it (an empty plan before the first save) and replace it whole.

use chrono::Utc;

use crate::domain::safety_plan::SafetyPlan;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::storage;

/// The saved plan, or an empty one (`updated_at` `None`) when none was saved yet.
pub async fn get(vault: &VaultService) -> Result<SafetyPlan> {
    Ok(storage::safety_plan::get(&vault.pool().await?)
        .await?
        .unwrap_or_default())
}

/// Tidies and checks the plan, replaces the saved one, and returns it as read back before the
/// commit, with the time it was saved.
pub async fn save(vault: &VaultService, plan: SafetyPlan) -> Result<SafetyPlan> {
    let plan = plan.tidied()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    storage::safety_plan::put(&mut tx, &plan, &utc_string(Utc::now())).await?;
    let saved = storage::safety_plan::get_in(&mut tx)
        .await?
        .ok_or_else(|| Error::new(ErrorCode::Internal, "the saved safety plan is not there"))?;
    storage::commit(tx).await?;
    Ok(saved)
}
