use chrono::Local;
use ipt_core::IpcError;
use ipt_core::domain::import_history::MoodChoice;
use ipt_core::service::import_history::{self, ImportPreview, ImportResult};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

// Daylio writes wall-clock times without an offset: they are read in this computer's time zone
// (`Local`), the one the patient wrote them in unless they have moved since.

/// What a Daylio CSV export would bring in, with the mood mapping (defaults when `null`);
/// changes nothing.
#[tauri::command]
pub async fn import_history_preview_daylio(
    state: State<'_, AppState>,
    path: Arg<String>,
    mapping: Arg<Option<Vec<MoodChoice>>>,
) -> Res<ImportPreview> {
    ipc(import_history::preview_daylio(state.vault()?, &path.0, mapping.0, &Local).await)
}

/// Adds the export's new entries with the confirmed mapping, in one transaction.
#[tauri::command]
pub async fn import_history_apply_daylio(
    state: State<'_, AppState>,
    path: Arg<String>,
    mapping: Arg<Vec<MoodChoice>>,
) -> Res<ImportResult> {
    ipc(import_history::apply_daylio(state.vault()?, &path.0, mapping.0, &Local).await)
}

/// What a folder of `.md` / `.txt` files would bring in (files without a mood take
/// `defaultMood`); changes nothing.
#[tauri::command]
pub async fn import_history_preview_folder(
    state: State<'_, AppState>,
    path: Arg<String>,
    default_mood: Arg<i64>,
) -> Res<ImportPreview> {
    ipc(import_history::preview_folder(state.vault()?, &path.0, default_mood.0, &Local).await)
}

/// Adds the folder's new entries, in one transaction.
#[tauri::command]
pub async fn import_history_apply_folder(
    state: State<'_, AppState>,
    path: Arg<String>,
    default_mood: Arg<i64>,
) -> Res<ImportResult> {
    ipc(import_history::apply_folder(state.vault()?, &path.0, default_mood.0, &Local).await)
}
