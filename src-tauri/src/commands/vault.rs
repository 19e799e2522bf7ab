use ipt_core::IpcError;
use ipt_core::service::vault::{
    ChangePassphraseRequest, CreateVaultRequest, CreatedVault, Integrity, KeyringProbe,
    NewRecoveryCode, SetAside, VaultInfo, VaultStatus,
};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn vault_status(state: State<'_, AppState>) -> Res<VaultStatus> {
    ipc(state.vault()?.status().await)
}

#[tauri::command]
pub async fn vault_probe_keyring(state: State<'_, AppState>) -> Res<KeyringProbe> {
    Ok(state.vault()?.probe_keyring().await)
}

#[tauri::command]
pub async fn vault_create(
    state: State<'_, AppState>,
    request: Arg<CreateVaultRequest>,
) -> Res<CreatedVault> {
    ipc(state.vault()?.create(request.0).await)
}

#[tauri::command]
pub async fn vault_unlock_passphrase(
    state: State<'_, AppState>,
    passphrase: Arg<String>,
) -> Res<()> {
    ipc(state.vault()?.unlock_with_passphrase(passphrase.0).await)
}

#[tauri::command]
pub async fn vault_unlock_recovery(state: State<'_, AppState>, code: Arg<String>) -> Res<()> {
    ipc(state.vault()?.unlock_with_recovery_code(code.0).await)
}

#[tauri::command]
pub async fn vault_unlock_keyring(state: State<'_, AppState>) -> Res<()> {
    ipc(state.vault()?.unlock_with_keyring().await)
}

#[tauri::command]
pub async fn vault_lock(state: State<'_, AppState>) -> Res<()> {
    state.vault()?.lock().await;
    Ok(())
}

#[tauri::command]
pub async fn vault_touch(state: State<'_, AppState>) -> Res<()> {
    state.vault()?.touch().await;
    Ok(())
}

#[tauri::command]
pub async fn vault_set_auto_lock(state: State<'_, AppState>, minutes: Arg<u32>) -> Res<()> {
    ipc(state.vault()?.set_auto_lock_minutes(minutes.0).await)
}

#[tauri::command]
pub async fn vault_confirm_recovery_saved(state: State<'_, AppState>) -> Res<()> {
    ipc(state.vault()?.confirm_recovery_saved().await)
}

#[tauri::command]
pub async fn vault_change_passphrase(
    state: State<'_, AppState>,
    request: Arg<ChangePassphraseRequest>,
) -> Res<()> {
    ipc(state.vault()?.change_passphrase(request.0).await)
}

#[tauri::command]
pub async fn vault_new_recovery_code(state: State<'_, AppState>) -> Res<NewRecoveryCode> {
    ipc(state.vault()?.new_recovery_code().await)
}

#[tauri::command]
pub async fn vault_info(state: State<'_, AppState>) -> Res<VaultInfo> {
    ipc(state.vault()?.info().await)
}

#[tauri::command]
pub async fn vault_integrity(state: State<'_, AppState>) -> Res<Integrity> {
    ipc(state.vault()?.integrity().await)
}

#[tauri::command]
pub async fn vault_set_aside(state: State<'_, AppState>) -> Res<SetAside> {
    ipc(state.vault()?.set_aside_incomplete().await)
}

#[tauri::command]
pub async fn vault_relink_keyring(state: State<'_, AppState>) -> Res<()> {
    ipc(state.vault()?.relink_keyring().await)
}

#[tauri::command]
pub async fn vault_forget_keyring(state: State<'_, AppState>) -> Res<()> {
    ipc(state.vault()?.forget_keyring().await)
}
