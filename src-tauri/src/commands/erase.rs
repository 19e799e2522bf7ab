use ipt_core::IpcError;
use ipt_core::service::discretion;
use ipt_core::service::erase::{self, EraseReport, EraseRequest};
use tauri::{Runtime, State, WebviewWindow};

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// "Delete everything" (the confirmation phrase must be exact); the app is then at first run,
/// and the window goes back to the app's own name (the neutral-name choice went with the rest).
#[tauri::command]
pub async fn erase_everything<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    request: Arg<EraseRequest>,
) -> Res<EraseReport> {
    let vault = state.vault()?;
    let report = ipc(erase::erase(vault, request.0).await)?;
    let _ = window.set_title(discretion::get(vault).display_name());
    Ok(report)
}
