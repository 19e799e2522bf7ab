//! A person's page: the one use case that reads every feature's items naming a person. Each
//! feature's repository answers for its own items; this module only puts the page together.

use sqlx::SqlitePool;

use crate::domain::person_page::{PersonPage, contact_mood};
use crate::error::{Error, Result};
use crate::service::people;
use crate::service::vault::VaultService;
use crate::storage;

/// The person's answers, their events (newest first), plans, worksheets, role plays and mood on
/// days with and without a noted contact — read in one transaction, so the page is one moment.
pub async fn page(vault: &VaultService, id: i64) -> Result<PersonPage> {
    page_in(&vault.pool().await?, id).await
}

/// [`page`] on an open pool (the benchmark reads the vault and plain SQLite the same way).
pub async fn page_in(pool: &SqlitePool, id: i64) -> Result<PersonPage> {
    let mut tx = storage::begin(pool).await?;
    let person = people::detail(&mut tx, id).await?;
    let events = storage::journal::events_for_person(&mut tx, id).await?;
    let days = storage::journal::days_with_contact(&mut tx, id).await?;
    let plans = storage::plans::for_person(&mut tx, id).await?;
    let worksheets = storage::practice::worksheets_for_person(&mut tx, id).await?;
    let role_plays = storage::practice::role_plays_for_person(&mut tx, id).await?;
    tx.rollback()
        .await
        .map_err(|e| Error::db("reading a person's page", e))?;
    Ok(PersonPage {
        person,
        events,
        plans,
        worksheets,
        role_plays,
        contact_mood: contact_mood(&days),
    })
}
