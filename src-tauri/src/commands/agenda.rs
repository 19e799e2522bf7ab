use ipt_core::IpcError;
use ipt_core::domain::agenda::{Agenda, AgendaItem, ArchivedAgenda};
use ipt_core::service::agenda;
use tauri::State;

use super::ipc;
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn agenda_get(state: State<'_, AppState>, today: String) -> Res<Agenda> {
    ipc(agenda::open_agenda(state.vault()?, today).await)
}

#[tauri::command]
pub async fn agenda_add_question(state: State<'_, AppState>, text: String) -> Res<AgendaItem> {
    ipc(agenda::add_question(state.vault()?, text).await)
}

#[tauri::command]
pub async fn agenda_remove_question(state: State<'_, AppState>, id: i64) -> Res<()> {
    ipc(agenda::remove_question(state.vault()?, id).await)
}

#[tauri::command]
pub async fn agenda_reorder(state: State<'_, AppState>, keys: Vec<String>) -> Res<()> {
    ipc(agenda::reorder(state.vault()?, keys).await)
}

#[tauri::command]
pub async fn agenda_archived(state: State<'_, AppState>, number: i64) -> Res<ArchivedAgenda> {
    ipc(agenda::archived_agenda(state.vault()?, number).await)
}
