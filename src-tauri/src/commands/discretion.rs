use ipt_core::IpcError;
use ipt_core::domain::discretion::DiscretionSettings;
use ipt_core::service::discretion;
use tauri::{Runtime, State, WebviewWindow};

use super::{Arg, Whole, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn discretion_get(state: State<'_, AppState>) -> Res<DiscretionSettings> {
    Ok(discretion::get(state.vault()?))
}

/// Saves the choice and retitles the window at once.
#[tauri::command]
pub async fn discretion_set<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    settings: Arg<Whole<DiscretionSettings>>,
) -> Res<DiscretionSettings> {
    let saved = ipc(discretion::set(state.vault()?, settings.0.0))?;
    let _ = window.set_title(saved.display_name());
    Ok(saved)
}
