use ipt_core::IpcError;
use ipt_core::domain::agenda::{Agenda, AgendaItem, ArchivedAgenda};
use ipt_core::service::agenda;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn agenda_get(state: State<'_, AppState>, today: Arg<String>) -> Res<Agenda> {
    ipc(agenda::open_agenda(state.vault()?, today.0).await)
}

#[tauri::command]
pub async fn agenda_add_question(state: State<'_, AppState>, text: Arg<String>) -> Res<AgendaItem> {
    ipc(agenda::add_question(state.vault()?, text.0).await)
}

#[tauri::command]
pub async fn agenda_remove_question(state: State<'_, AppState>, id: Arg<i64>) -> Res<()> {
    ipc(agenda::remove_question(state.vault()?, id.0).await)
}

#[tauri::command]
pub async fn agenda_reorder(state: State<'_, AppState>, keys: Arg<Vec<String>>) -> Res<()> {
    ipc(agenda::reorder(state.vault()?, keys.0).await)
}

#[tauri::command]
pub async fn agenda_archived(state: State<'_, AppState>, number: Arg<i64>) -> Res<ArchivedAgenda> {
    ipc(agenda::archived_agenda(state.vault()?, number.0).await)
}

/// Writes the open agenda (as of the local date `today`) as a PDF to `path`; returns its size.
#[tauri::command]
pub async fn agenda_save_pdf(
    state: State<'_, AppState>,
    today: Arg<String>,
    path: Arg<String>,
) -> Res<u64> {
    ipc(agenda::save_pdf(state.vault()?, today.0, path.0).await)
}
