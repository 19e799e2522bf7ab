use ipt_core::IpcError;
use ipt_core::domain::plans::{Plan, PlanInput};
use ipt_core::domain::practice::{
    Approach, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, Scenario,
};
use ipt_core::service::practice::{self, RolePlayRun, ScenarioSummary};
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn practice_library(state: State<'_, AppState>) -> Res<Vec<ScenarioSummary>> {
    ipc(practice::library(state.vault()?).await)
}

#[tauri::command]
pub async fn practice_scenario(state: State<'_, AppState>, key: Arg<String>) -> Res<Scenario> {
    ipc(practice::get_scenario(state.vault()?, key.0).await)
}

#[tauri::command]
pub async fn practice_custom_input(
    state: State<'_, AppState>,
    key: Arg<String>,
) -> Res<CustomScenarioInput> {
    ipc(practice::get_custom_input(state.vault()?, key.0).await)
}

#[tauri::command]
pub async fn practice_save_scenario(
    state: State<'_, AppState>,
    key: Arg<Option<String>>,
    input: Arg<CustomScenarioInput>,
) -> Res<Scenario> {
    ipc(practice::save_custom_scenario(state.vault()?, key.0, input.0).await)
}

#[tauri::command]
pub async fn practice_start(
    state: State<'_, AppState>,
    key: Arg<String>,
    confidence_before: Arg<Option<i64>>,
) -> Res<RolePlayRun> {
    ipc(practice::start_run(state.vault()?, key.0, confidence_before.0).await)
}

#[tauri::command]
pub async fn practice_turn(
    state: State<'_, AppState>,
    run_id: Arg<i64>,
    reply: Arg<String>,
    approach: Arg<Approach>,
) -> Res<RolePlayRun> {
    ipc(practice::take_turn(state.vault()?, run_id.0, reply.0, approach.0).await)
}

#[tauri::command]
pub async fn practice_finish(
    state: State<'_, AppState>,
    run_id: Arg<i64>,
    confidence_after: Arg<Option<i64>>,
    felt_hard: Arg<String>,
) -> Res<RolePlayRun> {
    ipc(practice::finish_run(state.vault()?, run_id.0, confidence_after.0, felt_hard.0).await)
}

#[tauri::command]
pub async fn practice_run(state: State<'_, AppState>, run_id: Arg<i64>) -> Res<RolePlayRun> {
    ipc(practice::get_run(state.vault()?, run_id.0).await)
}

#[tauri::command]
pub async fn practice_runs(state: State<'_, AppState>, key: Arg<String>) -> Res<Vec<RolePlayRun>> {
    ipc(practice::runs_for(state.vault()?, key.0).await)
}

#[tauri::command]
pub async fn practice_plan_try(
    state: State<'_, AppState>,
    run_id: Arg<i64>,
    input: Arg<PlanInput>,
    today: Arg<String>,
) -> Res<Plan> {
    ipc(practice::plan_real_try(state.vault()?, run_id.0, input.0, today.0).await)
}

#[tauri::command]
pub async fn practice_analyses(state: State<'_, AppState>) -> Res<Vec<CommunicationAnalysis>> {
    ipc(practice::list_analyses(state.vault()?).await)
}

#[tauri::command]
pub async fn practice_save_analysis(
    state: State<'_, AppState>,
    id: Arg<Option<i64>>,
    input: Arg<CommunicationAnalysisInput>,
) -> Res<CommunicationAnalysis> {
    ipc(practice::save_analysis(state.vault()?, id.0, input.0).await)
}

#[tauri::command]
pub async fn practice_delete_analysis(state: State<'_, AppState>, id: Arg<i64>) -> Res<()> {
    ipc(practice::delete_analysis(state.vault()?, id.0).await)
}

#[tauri::command]
pub async fn practice_decisions(state: State<'_, AppState>) -> Res<Vec<DecisionAnalysis>> {
    ipc(practice::list_decisions(state.vault()?).await)
}

#[tauri::command]
pub async fn practice_save_decision(
    state: State<'_, AppState>,
    id: Arg<Option<i64>>,
    input: Arg<DecisionAnalysisInput>,
) -> Res<DecisionAnalysis> {
    ipc(practice::save_decision(state.vault()?, id.0, input.0).await)
}

#[tauri::command]
pub async fn practice_delete_decision(state: State<'_, AppState>, id: Arg<i64>) -> Res<()> {
    ipc(practice::delete_decision(state.vault()?, id.0).await)
}
