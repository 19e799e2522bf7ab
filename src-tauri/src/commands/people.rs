use chrono::Local;
use ipt_core::IpcError;
use ipt_core::domain::people::{
    Inventory, InventorySheet, LinkedItems, Person, PersonDetail, PersonSummary,
};
use ipt_core::domain::person_page::PersonPage;
use ipt_core::service::{people, person_page};
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

/// A person's page: their answers, events, plans, worksheets, role plays and contact-day moods.
#[tauri::command]
pub async fn people_page(state: State<'_, AppState>, id: Arg<i64>) -> Res<PersonPage> {
    ipc(person_page::page(state.vault()?, id.0).await)
}

/// The printable inventory: everyone not archived with their answers, and today's circle.
#[tauri::command]
pub async fn people_inventory_sheet(state: State<'_, AppState>) -> Res<InventorySheet> {
    ipc(people::inventory_sheet(state.vault()?).await)
}

/// Writes the printable inventory (as of the local date `today`) as a PDF to `path`; returns its
/// size.
#[tauri::command]
pub async fn people_inventory_save_pdf(
    state: State<'_, AppState>,
    today: Arg<String>,
    path: Arg<String>,
) -> Res<u64> {
    ipc(people::save_pdf(state.vault()?, &Local, today.0, path.0).await)
}

/// Whether Home invites the guided inventory review on the patient's local date `today`.
#[tauri::command]
pub async fn people_review_invitation(state: State<'_, AppState>, today: Arg<String>) -> Res<bool> {
    ipc(people::review_invitation(state.vault()?, today.0).await)
}

/// "Not now" on the review invitation (it rests for a week).
#[tauri::command]
pub async fn people_review_not_now(state: State<'_, AppState>, today: Arg<String>) -> Res<()> {
    ipc(people::review_not_now(state.vault()?, today.0).await)
}
