use ipt_core::IpcError;
use ipt_core::service::export::{self, ExportFormat, ImportSummary};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Writes everything (JSON) or the journal (Markdown) to the file the patient chose in the save
/// dialog; returns the bytes written. The file is not encrypted: the window says so first.
#[tauri::command]
pub async fn export_write(
    state: State<'_, AppState>,
    path: Arg<String>,
    format: Arg<ExportFormat>,
) -> Res<u64> {
    ipc(export::write(state.vault()?, path.0, format.0).await)
}

/// Reads and checks an export whole and says what importing it would add; changes nothing.
#[tauri::command]
pub async fn import_preview(state: State<'_, AppState>, path: Arg<String>) -> Res<ImportSummary> {
    ipc(export::preview(state.vault()?, path.0).await)
}

/// Imports an export: what is not here yet is added, in one transaction.
#[tauri::command]
pub async fn import_apply(state: State<'_, AppState>, path: Arg<String>) -> Res<ImportSummary> {
    ipc(export::apply_import(state.vault()?, path.0).await)
}
