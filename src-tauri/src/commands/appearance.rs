use ipt_core::IpcError;
use ipt_core::domain::appearance::AppearanceSettings;
use ipt_core::service::appearance;
use tauri::State;

use super::{Arg, Whole, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn appearance_get(state: State<'_, AppState>) -> Res<AppearanceSettings> {
    Ok(appearance::get(state.vault()?))
}

#[tauri::command]
pub async fn appearance_set(
    state: State<'_, AppState>,
    settings: Arg<Whole<AppearanceSettings>>,
) -> Res<AppearanceSettings> {
    ipc(appearance::set(state.vault()?, settings.0.0))
}
