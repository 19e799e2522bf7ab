use ipt_core::IpcError;
use ipt_core::domain::plans::{Plan, PlanInput};
use ipt_core::domain::practice::{
    Approach, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, Scenario,
};
use ipt_core::service::practice::{self, RolePlayRun, ScenarioSummary};
use tauri::State;

use super::ipc;
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn practice_library(state: State<'_, AppState>) -> Res<Vec<ScenarioSummary>> {
    ipc(practice::library(state.vault()?).await)
}

#[tauri::command]
pub async fn practice_scenario(state: State<'_, AppState>, key: String) -> Res<Scenario> {
    ipc(practice::get_scenario(state.vault()?, key).await)
}

#[tauri::command]
pub async fn practice_custom_input(
    state: State<'_, AppState>,
    key: String,
) -> Res<CustomScenarioInput> {
    ipc(practice::get_custom_input(state.vault()?, key).await)
}

#[tauri::command]
pub async fn practice_save_scenario(
    state: State<'_, AppState>,
    key: Option<String>,
    input: CustomScenarioInput,
) -> Res<Scenario> {
    ipc(practice::save_custom_scenario(state.vault()?, key, input).await)
}

#[tauri::command]
pub async fn practice_start(
    state: State<'_, AppState>,
    key: String,
    confidence_before: Option<i64>,
) -> Res<RolePlayRun> {
    ipc(practice::start_run(state.vault()?, key, confidence_before).await)
}

#[tauri::command]
pub async fn practice_turn(
    state: State<'_, AppState>,
    run_id: i64,
    reply: String,
    approach: Approach,
) -> Res<RolePlayRun> {
    ipc(practice::take_turn(state.vault()?, run_id, reply, approach).await)
}

#[tauri::command]
pub async fn practice_finish(
    state: State<'_, AppState>,
    run_id: i64,
    confidence_after: Option<i64>,
    felt_hard: String,
) -> Res<RolePlayRun> {
    ipc(practice::finish_run(state.vault()?, run_id, confidence_after, felt_hard).await)
}

#[tauri::command]
pub async fn practice_run(state: State<'_, AppState>, run_id: i64) -> Res<RolePlayRun> {
    ipc(practice::get_run(state.vault()?, run_id).await)
}

#[tauri::command]
pub async fn practice_runs(state: State<'_, AppState>, key: String) -> Res<Vec<RolePlayRun>> {
    ipc(practice::runs_for(state.vault()?, key).await)
}

#[tauri::command]
pub async fn practice_plan_try(
    state: State<'_, AppState>,
    run_id: i64,
    input: PlanInput,
    today: String,
) -> Res<Plan> {
    ipc(practice::plan_real_try(state.vault()?, run_id, input, today).await)
}

#[tauri::command]
pub async fn practice_analyses(state: State<'_, AppState>) -> Res<Vec<CommunicationAnalysis>> {
    ipc(practice::list_analyses(state.vault()?).await)
}

#[tauri::command]
pub async fn practice_save_analysis(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: CommunicationAnalysisInput,
) -> Res<CommunicationAnalysis> {
    ipc(practice::save_analysis(state.vault()?, id, input).await)
}

#[tauri::command]
pub async fn practice_delete_analysis(state: State<'_, AppState>, id: i64) -> Res<()> {
    ipc(practice::delete_analysis(state.vault()?, id).await)
}

#[tauri::command]
pub async fn practice_decisions(state: State<'_, AppState>) -> Res<Vec<DecisionAnalysis>> {
    ipc(practice::list_decisions(state.vault()?).await)
}

#[tauri::command]
pub async fn practice_save_decision(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: DecisionAnalysisInput,
) -> Res<DecisionAnalysis> {
    ipc(practice::save_decision(state.vault()?, id, input).await)
}

#[tauri::command]
pub async fn practice_delete_decision(state: State<'_, AppState>, id: i64) -> Res<()> {
    ipc(practice::delete_decision(state.vault()?, id).await)
}
