use chrono::{Local, Utc};
use ipt_core::ErrorCode;
use ipt_core::IpcError;
use ipt_core::domain::reminders::{DueReminder, ReminderSettings};
use ipt_core::service::reminders;
use tauri::{AppHandle, Runtime, State};

use super::{Arg, Whole, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn reminders_get_settings(state: State<'_, AppState>) -> Res<ReminderSettings> {
    ipc(reminders::get_settings(state.vault()?).await)
}

#[tauri::command]
pub async fn reminders_save_settings(
    state: State<'_, AppState>,
    settings: Arg<Whole<ReminderSettings>>,
) -> Res<ReminderSettings> {
    ipc(reminders::save_settings(state.vault()?, &state.reminders, settings.0.0).await)
}

/// What is due now, in this computer's time zone.
#[tauri::command]
pub async fn reminders_due(state: State<'_, AppState>) -> Res<Vec<DueReminder>> {
    ipc(reminders::due_now(state.vault()?, &state.reminders, &Local, Utc::now()).await)
}

/// Shows a reminder under the name the patient chose. The words are the window's own (they never
/// quote the patient's writing); an unavailable notification service is reported, not retried.
#[tauri::command]
pub async fn reminders_notify<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: Arg<String>,
    body: Arg<String>,
) -> Res<()> {
    let name = ipc(reminders::notification(state.vault()?, &title.0, &body.0))?;
    crate::notify::show(&app, name, &title.0, &body.0)
        .await
        .map_err(|_| {
            IpcError::from(ipt_core::Error::new(
                ErrorCode::Io,
                "the desktop's notification service did not take the reminder",
            ))
        })
}
