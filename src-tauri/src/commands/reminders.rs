use chrono::{Local, Utc};
use ipt_core::IpcError;
use ipt_core::domain::reminders::{DueReminder, ReminderSettings};
use ipt_core::service::reminders;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn reminders_get_settings(state: State<'_, AppState>) -> Res<ReminderSettings> {
    ipc(reminders::get_settings(state.vault()?).await)
}

#[tauri::command]
pub async fn reminders_save_settings(
    state: State<'_, AppState>,
    settings: Arg<ReminderSettings>,
) -> Res<ReminderSettings> {
    ipc(reminders::save_settings(state.vault()?, &state.reminders, settings.0).await)
}

/// What is due now, in this computer's time zone.
#[tauri::command]
pub async fn reminders_due(state: State<'_, AppState>) -> Res<Vec<DueReminder>> {
    ipc(reminders::due_now(state.vault()?, &state.reminders, &Local, Utc::now()).await)
}
