//! The agenda for the next session, gathered when asked for: pinned journal entries, events
//! marked important, between-session plans and their outcomes, and the patient's own questions,
//! in the patient's order. When the session is recorded the agenda is archived with it (see
//! `course::save_session`) and a fresh one starts.

use chrono::Utc;

use crate::domain::agenda::{
    Agenda, AgendaItem, ArchivedAgenda, validate_order, validate_question,
};
use crate::domain::course::parse_today;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::storage;

/// The open agenda for the next session, as of the patient's local date `today`.
pub async fn open_agenda(vault: &VaultService, today: String) -> Result<Agenda> {
    let today = parse_today(&today)?;
    let pool = vault.pool().await?;
    let next = storage::course::next_session(&pool, today).await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("gathering the agenda", e))?;
    let items = storage::agenda::gather(&mut conn, next.map(|(_, d)| d)).await?;
    Ok(Agenda {
        session_number: next.map(|(n, _)| n),
        session_date: next.map(|(_, d)| d.format("%Y-%m-%d").to_string()),
        items,
    })
}

/// Adds a question or topic to bring; it goes at the end of the agenda.
pub async fn add_question(vault: &VaultService, text: String) -> Result<AgendaItem> {
    let text = validate_question(&text)?;
    let pool = vault.write_pool().await?;
    let id = storage::agenda::add_question(&pool, &text, &utc_string(Utc::now())).await?;
    Ok(AgendaItem::question(id, text))
}

/// Removes a question that has not been brought to a session yet.
pub async fn remove_question(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    if !storage::agenda::remove_question(&mut tx, id).await? {
        return Err(Error::new(
            ErrorCode::NotFound,
            "that question is not on the agenda",
        ));
    }
    storage::agenda::forget_position(&mut tx, &format!("question:{id}"), "removing the question")
        .await?;
    storage::commit(tx).await
}

/// Keeps the patient's order for the open agenda (the item keys, first to last).
pub async fn reorder(vault: &VaultService, keys: Vec<String>) -> Result<()> {
    validate_order(&keys)?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    storage::agenda::set_order(&mut tx, &keys).await?;
    storage::commit(tx).await
}

/// The agenda kept with session `number` (empty when nothing was brought).
pub async fn archived_agenda(vault: &VaultService, number: i64) -> Result<ArchivedAgenda> {
    let pool = vault.pool().await?;
    Ok(ArchivedAgenda {
        session_number: number,
        items: storage::agenda::archived(&pool, number).await?,
    })
}
