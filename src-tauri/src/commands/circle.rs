use chrono::Utc;
use ipt_core::IpcError;
use ipt_core::domain::circle::{CircleComparison, CircleInput, Snapshot};
use ipt_core::service::circle;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Every saved circle, oldest first (the newest last).
#[tauri::command]
pub async fn circle_snapshots(state: State<'_, AppState>) -> Res<Vec<Snapshot>> {
    ipc(circle::snapshots(state.vault()?).await)
}

/// Saves the circle as a new dated snapshot; returns it.
#[tauri::command]
pub async fn circle_save(state: State<'_, AppState>, input: Arg<CircleInput>) -> Res<Snapshot> {
    ipc(circle::save(state.vault()?, input.0, Utc::now()).await)
}

/// The first and the latest circle side by side, and who moved in or out between them.
#[tauri::command]
pub async fn circle_compare(state: State<'_, AppState>) -> Res<CircleComparison> {
    ipc(circle::compare(state.vault()?).await)
}
