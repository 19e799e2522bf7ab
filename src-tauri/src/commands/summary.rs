use chrono::Local;
use ipt_core::IpcError;
use ipt_core::domain::summary::{SummaryChoice, SummaryDraft, SummaryPeriod};
use ipt_core::service::summary;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// "Since the last session" as of the patient's local date `today`.
#[tauri::command]
pub async fn summary_default_period(
    state: State<'_, AppState>,
    today: Arg<String>,
) -> Res<SummaryPeriod> {
    ipc(summary::default_period_for(state.vault()?, today.0).await)
}

/// Everything of the period that could go on the page, for the patient to choose from.
#[tauri::command]
pub async fn summary_draft(
    state: State<'_, AppState>,
    today: Arg<String>,
    period: Arg<SummaryPeriod>,
) -> Res<SummaryDraft> {
    ipc(summary::draft(state.vault()?, &Local, today.0, period.0).await)
}

/// Writes the page with only what was chosen to the PDF file at `path`; returns its size.
#[tauri::command]
pub async fn summary_save_pdf(
    state: State<'_, AppState>,
    today: Arg<String>,
    period: Arg<SummaryPeriod>,
    choice: Arg<SummaryChoice>,
    path: Arg<String>,
) -> Res<u64> {
    ipc(summary::save_pdf(state.vault()?, &Local, today.0, period.0, choice.0, path.0).await)
}
