//! People use cases: the pickers' list and the interpersonal inventory — add or edit a person's
//! answers, archive and bring back, merge two people who are the same, delete with an explicit
//! choice for what names them. Each change is one transaction: bad input changes nothing.

use chrono::Utc;

use crate::domain::people::{Inventory, LinkedItems, Person, PersonDetail, PersonSummary};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::storage;
use crate::storage::people as repo;

/// The pickers' list: everyone not archived, A–Z.
pub async fn list_people(vault: &VaultService) -> Result<Vec<Person>> {
    repo::list(&vault.pool().await?).await
}

/// The People page's list: active people first, then archived ones (flagged).
pub async fn list_all_people(vault: &VaultService) -> Result<Vec<PersonSummary>> {
    repo::list_all(&vault.pool().await?).await
}

pub async fn get_person(vault: &VaultService, id: i64) -> Result<PersonDetail> {
    let pool = vault.pool().await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading a person", e))?;
    repo::detail(&mut conn, id).await
}

/// Adds a person (`id` none) or saves their name and answers.
pub async fn save_inventory(
    vault: &VaultService,
    id: Option<i64>,
    inventory: Inventory,
) -> Result<PersonDetail> {
    let v = inventory.validate()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let id = match id {
        None => repo::insert(&mut tx, &v, &utc_string(Utc::now())).await?,
        Some(id) => {
            repo::update(&mut tx, id, &v).await?;
            // A new name must be findable in the journal's search.
            storage::journal::reindex_person(&mut tx, id).await?;
            id
        }
    };
    let detail = repo::detail(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(detail)
}

/// Archives a person (hidden from pickers, kept wherever they appear) or brings them back.
pub async fn set_archived(vault: &VaultService, id: i64, archived: bool) -> Result<PersonDetail> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let now = utc_string(Utc::now());
    repo::set_archived(&mut tx, id, archived.then_some(now.as_str())).await?;
    let detail = repo::detail(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(detail)
}

/// Moves (or unlinks) everything that names `from`, feature by feature.
async fn reassign_everything(tx: &mut storage::Tx<'_>, from: i64, to: Option<i64>) -> Result<()> {
    storage::journal::reassign_person(tx, from, to).await?;
    storage::plans::reassign_person(tx, from, to).await?;
    storage::practice::reassign_person(tx, from, to).await?;
    // A circle is a picture of the list: placements move with a merge, and leave with a person
    // deleted without a successor (their snapshots stay, with everyone else in place).
    if let Some(to) = to {
        storage::circle::reassign_person(tx, from, to).await?;
    }
    Ok(())
}

async fn check_target(tx: &mut storage::Tx<'_>, from: i64, into: i64) -> Result<()> {
    if from == into {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "a person cannot be merged into themselves",
        ));
    }
    repo::inventory(tx, from).await?;
    repo::inventory(tx, into).await?;
    Ok(())
}

/// `from` is the same person as `into`: everything naming `from` moves to `into`, `into` keeps
/// its answers and gains `from`'s where its own are empty, and `from` is removed.
pub async fn merge(vault: &VaultService, from: i64, into: i64) -> Result<PersonDetail> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    check_target(&mut tx, from, into).await?;
    let (theirs, _, _) = repo::inventory(&mut tx, from).await?;
    let (mine, _, _) = repo::inventory(&mut tx, into).await?;
    repo::update(&mut tx, into, &mine.filled_from(&theirs)).await?;
    reassign_everything(&mut tx, from, Some(into)).await?;
    repo::remove(&mut tx, from).await?;
    let detail = repo::detail(&mut tx, into).await?;
    storage::commit(tx).await?;
    Ok(detail)
}

/// Deletes a person; what names them moves to another person or keeps its words without the
/// link, as the patient chose.
pub async fn delete(vault: &VaultService, id: i64, linked: LinkedItems) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    repo::inventory(&mut tx, id).await?;
    let to = match linked {
        LinkedItems::MoveTo { person_id } => {
            check_target(&mut tx, id, person_id).await?;
            Some(person_id)
        }
        LinkedItems::KeepUnlinked => None,
    };
    reassign_everything(&mut tx, id, to).await?;
    repo::remove(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(())
}
