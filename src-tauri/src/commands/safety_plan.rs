use chrono::Local;
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

/// The readable copy kept outside the vault, or `null`; works while locked (for "Need help now").
#[tauri::command]
pub async fn safety_plan_copy_get(state: State<'_, AppState>) -> Res<Option<SafetyPlan>> {
    Ok(safety_plan::read_copy(state.vault()?))
}

/// Starts or stops keeping the readable copy; returns the copy now kept, if any.
#[tauri::command]
pub async fn safety_plan_copy_set(
    state: State<'_, AppState>,
    keep: Arg<bool>,
) -> Res<Option<SafetyPlan>> {
    ipc(safety_plan::set_copy(state.vault()?, keep.0).await)
}

/// Writes the safety plan as a PDF to `path`, with the crisis line for `country` (every
/// country's when `null`); returns its size. Only while unlocked.
#[tauri::command]
pub async fn safety_plan_save_pdf(
    state: State<'_, AppState>,
    country: Arg<Option<String>>,
    path: Arg<String>,
) -> Res<u64> {
    ipc(safety_plan::save_pdf(state.vault()?, &Local, country.0, path.0).await)
}
