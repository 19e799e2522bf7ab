//! "Delete everything": the vault, its key slots and keyring entry, the safety plan's readable
//! copy, the choices kept beside the vault, and — only if the patient asks — the backups. The
//! app then starts as on first run. Files are removed (unlinked); what stays on the disk's free
//! space is ciphertext for everything that was in the vault (see the README on SSDs).

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::service::backup;
use crate::service::vault::VaultService;
use crate::storage::backup::EXTENSION;

/// What the UI sends once the patient has typed the confirmation word in their language: this
/// exact phrase, so that no other call (or a stray click) can delete anything.
pub const ERASE_CONFIRMATION: &str = "delete everything";

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EraseRequest {
    /// Must be [`ERASE_CONFIRMATION`].
    pub confirmation: String,
    /// Also delete the backups (in the backup folder and in the data folder's `backups`).
    pub include_backups: bool,
}

/// What was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EraseReport {
    #[ts(type = "number")]
    pub vault_files: u64,
    #[ts(type = "number")]
    pub backups: u64,
    /// The backups kept (when the patient chose to keep them): where they are.
    pub backups_kept_in: Option<String>,
}

/// Removes every file in `dir` that is a backup (and, in the data folder's own `backups`, the
/// copies made before migrations and the folders a restore set aside). Never follows into other
/// folders; a missing folder is fine.
fn remove_backups(dir: &Path, own_folder: bool) -> Result<u64> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut gone = 0;
    for e in entries.filter_map(|e| e.ok()) {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let is_backup = path.extension().is_some_and(|x| x == EXTENSION)
            || (own_folder && name.starts_with("pre-migration-") && name.ends_with(".db"));
        let is_set_aside = own_folder && name.starts_with("before-restore-") && path.is_dir();
        if is_backup {
            std::fs::remove_file(&path).map_err(|e| Error::io("deleting a backup", e))?;
            gone += 1;
        } else if is_set_aside {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io("deleting a backup", e))?;
            gone += 1;
        }
    }
    fsutil::sync_dir(dir)?;
    Ok(gone)
}

fn remove_if_there(path: &Path) -> Result<u64> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(1),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(Error::io("deleting a file", e)),
    }
}

/// Deletes everything (see the module). Works locked or unlocked; while locked the backup folder
/// the patient chose cannot be read from the vault, so only the data folder's own `backups` is
/// known (the report says where backups were kept).
pub async fn erase(vault: &VaultService, req: EraseRequest) -> Result<EraseReport> {
    if req.confirmation != ERASE_CONFIRMATION {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "deleting everything needs the confirmation",
        ));
    }
    let paths = vault.paths().clone();
    // Read before the vault goes: where the backups are.
    let chosen = backup::folder(vault).await.ok();
    let mut vault_files = vault.erase_vault_files().await? as u64;
    vault_files += remove_if_there(&paths.safety_plan_copy)?;
    vault_files += remove_if_there(&paths.preferences)?;
    fsutil::sync_dir(&paths.dir)?;
    let mut backups = 0;
    let mut kept_in = None;
    if req.include_backups {
        backups += remove_backups(&paths.backups, true)?;
        if let Some(dir) = chosen.as_ref().filter(|d| **d != paths.backups) {
            backups += remove_backups(dir, false)?;
        }
    } else {
        kept_in = Some(
            chosen
                .unwrap_or_else(|| paths.backups.clone())
                .display()
                .to_string(),
        );
    }
    Ok(EraseReport {
        vault_files,
        backups,
        backups_kept_in: kept_in,
    })
}
