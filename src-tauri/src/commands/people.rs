use ipt_core::IpcError;
use ipt_core::domain::people::{Inventory, LinkedItems, Person, PersonDetail, PersonSummary};
use ipt_core::service::people;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

/// Everyone not archived, A–Z (for the pickers).
#[tauri::command]
pub async fn people_list(state: State<'_, AppState>) -> Res<Vec<Person>> {
    ipc(people::list_people(state.vault()?).await)
}

/// Everyone, active people first and archived ones after (flagged), for the People page.
#[tauri::command]
pub async fn people_list_all(state: State<'_, AppState>) -> Res<Vec<PersonSummary>> {
    ipc(people::list_all_people(state.vault()?).await)
}

/// One person's inventory answers, archived state and how many items name them.
#[tauri::command]
pub async fn people_get(state: State<'_, AppState>, id: Arg<i64>) -> Res<PersonDetail> {
    ipc(people::get_person(state.vault()?, id.0).await)
}

/// Adds a person (`id` null) or saves their name and answers.
#[tauri::command]
pub async fn people_save_inventory(
    state: State<'_, AppState>,
    id: Arg<Option<i64>>,
    inventory: Arg<Inventory>,
) -> Res<PersonDetail> {
    ipc(people::save_inventory(state.vault()?, id.0, inventory.0).await)
}

/// Archives a person (`archived` true) or brings them back.
#[tauri::command]
pub async fn people_archive(
    state: State<'_, AppState>,
    id: Arg<i64>,
    archived: Arg<bool>,
) -> Res<PersonDetail> {
    ipc(people::set_archived(state.vault()?, id.0, archived.0).await)
}

/// `from` is the same person as `into`: everything moves to `into`, `from` is removed.
#[tauri::command]
pub async fn people_merge(
    state: State<'_, AppState>,
    from: Arg<i64>,
    into: Arg<i64>,
) -> Res<PersonDetail> {
    ipc(people::merge(state.vault()?, from.0, into.0).await)
}

/// Deletes a person; `linked` says what happens to what names them.
#[tauri::command]
pub async fn people_delete(
    state: State<'_, AppState>,
    id: Arg<i64>,
    linked: Arg<LinkedItems>,
) -> Res<()> {
    ipc(people::delete(state.vault()?, id.0, linked.0).await)
}
