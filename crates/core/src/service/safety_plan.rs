//! The safety plan: read it (an empty plan before the first save) and replace it whole; and, only
//! when the patient asks for it, keep a readable copy outside the vault so "Need help now" can
//! show the plan while the app is locked.

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::domain::safety_plan::SafetyPlan;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::service::vault::VaultService;
use crate::storage;

/// The saved plan, or an empty one (`updated_at` `None`) when none was saved yet.
pub async fn get(vault: &VaultService) -> Result<SafetyPlan> {
    Ok(storage::safety_plan::get(&vault.pool().await?)
        .await?
        .unwrap_or_default())
}

/// Tidies and checks the plan, replaces the saved one, and returns it as read back before the
/// commit, with the time it was saved. When the patient keeps a readable copy, the copy is
/// rewritten before the commit: if it cannot be written, nothing is saved (the copy never shows
/// an older plan than the one the app said it saved).
pub async fn save(vault: &VaultService, plan: SafetyPlan) -> Result<SafetyPlan> {
    let plan = plan.tidied()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    storage::safety_plan::put(&mut tx, &plan, &utc_string(Utc::now())).await?;
    let saved = storage::safety_plan::get_in(&mut tx)
        .await?
        .ok_or_else(|| Error::new(ErrorCode::Internal, "the saved safety plan is not there"))?;
    if copy_kept(vault) {
        write_copy(vault, &saved)?;
    }
    storage::commit(tx).await?;
    Ok(saved)
}

/// The copy file's layout (versioned, so a later app can read an older copy).
#[derive(Serialize, Deserialize)]
struct CopyFile {
    version: u32,
    plan: SafetyPlan,
}

const COPY_VERSION: u32 = 1;

/// Whether the patient keeps a readable copy (the file exists, readable or not).
pub fn copy_kept(vault: &VaultService) -> bool {
    vault.paths().safety_plan_copy.exists()
}

/// The readable copy, without unlocking: `None` when the patient keeps none, or when the file
/// cannot be read (from a newer app, damaged); never an error, because it is read in a hard
/// moment and the crisis lines must show whatever happens.
pub fn read_copy(vault: &VaultService) -> Option<SafetyPlan> {
    let bytes = std::fs::read(&vault.paths().safety_plan_copy).ok()?;
    let file: CopyFile = serde_json::from_slice(&bytes).ok()?;
    (file.version == COPY_VERSION).then_some(file.plan)
}

fn write_copy(vault: &VaultService, plan: &SafetyPlan) -> Result<()> {
    let json = serde_json::to_vec_pretty(&CopyFile {
        version: COPY_VERSION,
        plan: plan.clone(),
    })
    .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising the copy: {e}")))?;
    fsutil::write_atomic(&vault.paths().safety_plan_copy, &json)
}

/// Removes the readable copy (if any) and flushes the folder, so turning it off is durable.
pub fn remove_copy(vault: &VaultService) -> Result<()> {
    let path = &vault.paths().safety_plan_copy;
    match std::fs::remove_file(path) {
        Ok(()) => fsutil::sync_dir(&vault.paths().dir),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(
            "removing the readable copy of the safety plan",
            e,
        )),
    }
}

/// Starts (`keep`) or stops keeping the readable copy; returns the copy now kept, if any.
/// Starting needs the vault unlocked (the copy is made from the saved plan); stopping works
/// locked or unlocked.
pub async fn set_copy(vault: &VaultService, keep: bool) -> Result<Option<SafetyPlan>> {
    if !keep {
        remove_copy(vault)?;
        return Ok(None);
    }
    let plan = get(vault).await?;
    write_copy(vault, &plan)?;
    Ok(Some(plan))
}
