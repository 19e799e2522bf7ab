use chrono::Local;
use ipt_core::IpcError;
use ipt_core::domain::ending::{EndingPlan, EndingReview, FollowUp, FollowUpDue, FollowUpInput};
use ipt_core::service::ending;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn ending_plan_get(state: State<'_, AppState>) -> Res<EndingPlan> {
    ipc(ending::get_plan(state.vault()?).await)
}

#[tauri::command]
pub async fn ending_plan_save(
    state: State<'_, AppState>,
    plan: Arg<EndingPlan>,
) -> Res<EndingPlan> {
    ipc(ending::save_plan(state.vault()?, plan.0).await)
}

/// What changed over the course, on the patient's local date `today` (`YYYY-MM-DD`).
#[tauri::command]
pub async fn ending_review(state: State<'_, AppState>, today: Arg<String>) -> Res<EndingReview> {
    ipc(ending::review(state.vault()?, today.0).await)
}

/// Whether the monthly check-in is due on `today`; `null` before the course is set up.
#[tauri::command]
pub async fn ending_follow_up_due(
    state: State<'_, AppState>,
    today: Arg<String>,
) -> Res<Option<FollowUpDue>> {
    ipc(ending::follow_up_due(state.vault()?, today.0).await)
}

#[tauri::command]
pub async fn ending_follow_up_save(
    state: State<'_, AppState>,
    input: Arg<FollowUpInput>,
) -> Res<FollowUp> {
    ipc(ending::save_follow_up(state.vault()?, input.0).await)
}

#[tauri::command]
pub async fn ending_follow_ups_list(state: State<'_, AppState>) -> Res<Vec<FollowUp>> {
    ipc(ending::list_follow_ups(state.vault()?).await)
}

/// Writes the ending plan as a PDF to `path`; returns its size.
#[tauri::command]
pub async fn ending_plan_save_pdf(state: State<'_, AppState>, path: Arg<String>) -> Res<u64> {
    ipc(ending::save_pdf(state.vault()?, &Local, path.0).await)
}
