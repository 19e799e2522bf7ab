use ipt_core::IpcError;
use ipt_core::domain::journal::{JournalEntry, JournalEntryInput};
use ipt_core::service::journal::{
    self, EntrySummary, JournalDraft, JournalPage, JournalQuery, MoodPoint,
};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn journal_create(
    state: State<'_, AppState>,
    input: Arg<JournalEntryInput>,
) -> Res<JournalEntry> {
    ipc(journal::create_entry(state.vault()?, input.0).await)
}

#[tauri::command]
pub async fn journal_update(
    state: State<'_, AppState>,
    id: Arg<i64>,
    input: Arg<JournalEntryInput>,
) -> Res<JournalEntry> {
    ipc(journal::update_entry(state.vault()?, id.0, input.0).await)
}

#[tauri::command]
pub async fn journal_get(state: State<'_, AppState>, id: Arg<i64>) -> Res<JournalEntry> {
    ipc(journal::get_entry(state.vault()?, id.0).await)
}

#[tauri::command]
pub async fn journal_list(
    state: State<'_, AppState>,
    query: Arg<JournalQuery>,
) -> Res<JournalPage> {
    ipc(journal::list_entries(state.vault()?, query.0).await)
}

#[tauri::command]
pub async fn journal_trash(state: State<'_, AppState>, id: Arg<i64>) -> Res<()> {
    ipc(journal::trash_entry(state.vault()?, id.0).await)
}

#[tauri::command]
pub async fn journal_restore(state: State<'_, AppState>, id: Arg<i64>) -> Res<()> {
    ipc(journal::restore_entry(state.vault()?, id.0).await)
}

#[tauri::command]
pub async fn journal_list_trash(state: State<'_, AppState>) -> Res<Vec<EntrySummary>> {
    ipc(journal::list_trash(state.vault()?).await)
}

#[tauri::command]
pub async fn journal_empty_trash(state: State<'_, AppState>) -> Res<u64> {
    ipc(journal::empty_trash(state.vault()?).await)
}

#[tauri::command]
pub async fn journal_save_draft(
    state: State<'_, AppState>,
    key: Arg<String>,
    payload: Arg<String>,
) -> Res<JournalDraft> {
    ipc(journal::save_draft(state.vault()?, key.0, payload.0).await)
}

#[tauri::command]
pub async fn journal_get_draft(
    state: State<'_, AppState>,
    key: Arg<String>,
) -> Res<Option<JournalDraft>> {
    ipc(journal::get_draft(state.vault()?, key.0).await)
}

#[tauri::command]
pub async fn journal_discard_draft(state: State<'_, AppState>, key: Arg<String>) -> Res<()> {
    ipc(journal::discard_draft(state.vault()?, key.0).await)
}

#[tauri::command]
pub async fn journal_mood_by_day(
    state: State<'_, AppState>,
    from: Arg<String>,
    to: Arg<String>,
) -> Res<Vec<MoodPoint>> {
    ipc(journal::mood_by_day(state.vault()?, from.0, to.0).await)
}

#[tauri::command]
pub async fn journal_tags(state: State<'_, AppState>) -> Res<Vec<String>> {
    ipc(journal::list_tags(state.vault()?).await)
}
