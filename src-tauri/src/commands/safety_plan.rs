use ipt_core::IpcError;
use ipt_core::domain::safety_plan::SafetyPlan;
use ipt_core::service::safety_plan;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn safety_plan_get(state: State<'_, AppState>) -> Res<SafetyPlan> {
    ipc(safety_plan::get(state.vault()?).await)
}

#[tauri::command]
pub async fn safety_plan_save(
    state: State<'_, AppState>,
    plan: Arg<SafetyPlan>,
) -> Res<SafetyPlan> {
    ipc(safety_plan::save(state.vault()?, plan.0).await)
}
