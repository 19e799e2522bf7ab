use ipt_core::IpcError;
use ipt_core::domain::people::Person;
use ipt_core::service::people;
use tauri::State;

use super::ipc;
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Everyone the patient has named, A–Z (for the pickers).
#[tauri::command]
pub async fn people_list(state: State<'_, AppState>) -> Res<Vec<Person>> {
    ipc(people::list_people(state.vault()?).await)
}
