use ipt_core::IpcError;
use ipt_core::domain::checkins::{CheckIn, CheckInInput, Questionnaire, QuestionnaireText};
use ipt_core::service::checkins;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Static text: works while locked, and even when the vault could not start.
#[tauri::command]
pub fn checkins_questionnaire(kind: Arg<Questionnaire>) -> Res<QuestionnaireText> {
    Ok(checkins::questionnaire(kind.0))
}

#[tauri::command]
pub async fn checkins_save(state: State<'_, AppState>, input: Arg<CheckInInput>) -> Res<CheckIn> {
    ipc(checkins::save(state.vault()?, input.0).await)
}

#[tauri::command]
pub async fn checkins_list(state: State<'_, AppState>) -> Res<Vec<CheckIn>> {
    ipc(checkins::list(state.vault()?).await)
}
