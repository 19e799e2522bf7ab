use ipt_core::IpcError;
use ipt_core::service::crisis_lines::{self, CrisisLineSettings};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Which country's line comes first; works while locked (kept outside the vault).
#[tauri::command]
pub async fn crisis_lines_settings_get(state: State<'_, AppState>) -> Res<CrisisLineSettings> {
    Ok(crisis_lines::get(state.vault()?))
}

/// Chooses the country (`null`: guess from the system's languages); an unknown code is refused.
#[tauri::command]
pub async fn crisis_lines_settings_set(
    state: State<'_, AppState>,
    country: Arg<Option<String>>,
) -> Res<CrisisLineSettings> {
    ipc(crisis_lines::set(state.vault()?, country.0))
}
