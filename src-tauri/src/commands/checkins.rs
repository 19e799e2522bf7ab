use chrono::Local;
use ipt_core::IpcError;
use ipt_core::domain::checkins::{
    CheckIn, CheckInInput, CheckInInvitation, CheckInInvitationSettings, Questionnaire,
    QuestionnaireText,
};
use ipt_core::domain::fhir::FhirExportSummary;
use ipt_core::service::checkins;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Static text in the app's language: works while locked, and even when the vault could not
/// start (then in English).
#[tauri::command]
pub fn checkins_questionnaire(
    state: State<'_, AppState>,
    kind: Arg<Questionnaire>,
) -> Res<QuestionnaireText> {
    Ok(match state.vault() {
        Ok(vault) => checkins::questionnaire(vault, kind.0),
        Err(_) => kind.0.text(),
    })
}

#[tauri::command]
pub async fn checkins_save(state: State<'_, AppState>, input: Arg<CheckInInput>) -> Res<CheckIn> {
    ipc(checkins::save(state.vault()?, input.0).await)
}

#[tauri::command]
pub async fn checkins_list(state: State<'_, AppState>) -> Res<Vec<CheckIn>> {
    ipc(checkins::list(state.vault()?).await)
}

/// The check-in to offer before the next session on the patient's local date (`YYYY-MM-DD`), if
/// any; check-ins are placed on days in this computer's time zone.
#[tauri::command]
pub async fn checkins_invitation(
    state: State<'_, AppState>,
    today: Arg<String>,
) -> Res<Option<CheckInInvitation>> {
    ipc(checkins::invitation(state.vault()?, &Local, today.0).await)
}

#[tauri::command]
pub async fn checkins_invitation_settings_get(
    state: State<'_, AppState>,
) -> Res<CheckInInvitationSettings> {
    ipc(checkins::invitation_settings(state.vault()?).await)
}

#[tauri::command]
pub async fn checkins_invitation_settings_save(
    state: State<'_, AppState>,
    settings: Arg<CheckInInvitationSettings>,
) -> Res<CheckInInvitationSettings> {
    ipc(checkins::save_invitation_settings(state.vault()?, settings.0).await)
}

/// "Not this time" for the invitation before session `session_number`.
#[tauri::command]
pub async fn checkins_invitation_dismiss(
    state: State<'_, AppState>,
    session_number: Arg<i64>,
) -> Res<()> {
    ipc(checkins::dismiss_invitation(state.vault()?, session_number.0).await)
}

/// Saves the check-ins from `from` through `to` (`YYYY-MM-DD`, local days, both included) as one
/// FHIR R4 bundle to the file the patient chose in the save dialog; says how many went in.
#[tauri::command]
pub async fn checkins_export_fhir(
    state: State<'_, AppState>,
    from: Arg<String>,
    to: Arg<String>,
    path: Arg<String>,
) -> Res<FhirExportSummary> {
    ipc(checkins::export_fhir(state.vault()?, &Local, from.0, to.0, path.0).await)
}
