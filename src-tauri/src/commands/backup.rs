use chrono::Utc;
use ipt_core::IpcError;
use ipt_core::domain::backup::BackupKind;
use ipt_core::service::backup::{self, BackupInfo, BackupSecret, BackupStatus, RestorePreview};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Where backups go, the last good one, and whether one is overdue.
#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Res<BackupStatus> {
    ipc(backup::status(state.vault()?, Utc::now()).await)
}

/// Every backup in the folder, newest first.
#[tauri::command]
pub async fn backup_list(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    ipc(backup::list(state.vault()?).await)
}

/// "Back up now": made, checked, and the folder rotated.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    ipc(backup::back_up(state.vault()?, BackupKind::Manual, Utc::now()).await)
}

/// Chooses the backup folder (a full path; `null` for the default); returns the folder now used.
#[tauri::command]
pub async fn backup_set_folder(
    state: State<'_, AppState>,
    folder: Arg<Option<String>>,
) -> Res<String> {
    ipc(backup::set_folder(state.vault()?, folder.0).await)
}

/// Checks a backup whole with the patient's secret and says what it holds; changes nothing.
#[tauri::command]
pub async fn backup_preview(
    state: State<'_, AppState>,
    path: Arg<String>,
    secret: Arg<BackupSecret>,
) -> Res<RestorePreview> {
    ipc(backup::preview(state.vault()?, path.0, secret.0).await)
}

/// Replaces this computer's vault with the backup's (the replaced one kept aside); the vault is
/// locked afterwards and opens with the backup's passphrase or recovery code.
#[tauri::command]
pub async fn backup_restore(
    state: State<'_, AppState>,
    path: Arg<String>,
    secret: Arg<BackupSecret>,
) -> Res<()> {
    ipc(backup::restore(state.vault()?, path.0, secret.0).await)
}
