use ipt_core::IpcError;
use ipt_core::domain::plans::{Plan, PlanInput, PlanOutcome};
use ipt_core::service::plans;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn plans_list(state: State<'_, AppState>) -> Res<Vec<Plan>> {
    ipc(plans::list_plans(state.vault()?).await)
}

#[tauri::command]
pub async fn plans_create(
    state: State<'_, AppState>,
    input: Arg<PlanInput>,
    today: Arg<String>,
) -> Res<Plan> {
    ipc(plans::create_plan(state.vault()?, input.0, today.0).await)
}

#[tauri::command]
pub async fn plans_update(
    state: State<'_, AppState>,
    id: Arg<i64>,
    input: Arg<PlanInput>,
    today: Arg<String>,
) -> Res<Plan> {
    ipc(plans::update_plan(state.vault()?, id.0, input.0, today.0).await)
}

#[tauri::command]
pub async fn plans_record_outcome(
    state: State<'_, AppState>,
    id: Arg<i64>,
    outcome: Arg<PlanOutcome>,
    today: Arg<String>,
) -> Res<Plan> {
    ipc(plans::record_outcome(state.vault()?, id.0, outcome.0, today.0).await)
}

#[tauri::command]
pub async fn plans_delete(state: State<'_, AppState>, id: Arg<i64>) -> Res<()> {
    ipc(plans::delete_plan(state.vault()?, id.0).await)
}
