//! The agenda for the next session, gathered when asked for: pinned journal entries, events
//! marked important, between-session plans and their outcomes, and the patient's own questions,
//! in the patient's order. When the session is recorded the agenda is archived with it (see
//! `course::save_session`) and a fresh one starts.

use chrono::{NaiveDate, Utc};
use sqlx::{Row, SqliteConnection};

use crate::domain::agenda::{
    Agenda, AgendaItem, AgendaKind, ArchivedAgenda, order_items, validate_order, validate_question,
};
use crate::domain::plans::PlanStatus;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::course;
use crate::service::plans::parse_today;
use crate::service::vault::VaultService;

fn db(e: sqlx::Error) -> Error {
    Error::db("gathering the agenda", e)
}

/// Everything on the open agenda, in the patient's order (an entry shows its first 280
/// characters). Plans are those due by `cutoff` (the next session's date) or with something to
/// report; without a cutoff (no course, or the course is complete) every plan not yet brought is
/// on it. Items already archived with a session do not come back.
pub(crate) async fn gather(
    conn: &mut SqliteConnection,
    cutoff: Option<NaiveDate>,
) -> Result<Vec<AgendaItem>> {
    let mut items = Vec::new();

    // Pinned entries and important events are read through their partial indexes (events from
    // the events side), never by walking the whole journal.
    let entries = sqlx::query(
        "SELECT * FROM (SELECT 'entry:' || e.id AS item_key, e.occurred_day, e.mood, \
           substr(t.text, 1, 280) AS excerpt, e.occurred_utc, e.id \
         FROM journal_entries e INDEXED BY journal_entries_pinned \
         JOIN journal_entry_texts t ON t.entry_id = e.id \
         WHERE e.pinned = 1 AND e.deleted_at IS NULL) k \
         WHERE NOT EXISTS (SELECT 1 FROM agenda_archive a WHERE a.item_key = k.item_key) \
         ORDER BY occurred_utc, id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    for r in entries {
        items.push(AgendaItem {
            key: r.try_get("item_key").map_err(db)?,
            kind: AgendaKind::Entry,
            text: r.try_get("excerpt").map_err(db)?,
            detail: String::new(),
            day: Some(r.try_get("occurred_day").map_err(db)?),
            person: None,
            mood: Some(r.try_get("mood").map_err(db)?),
            plan_status: None,
        });
    }

    // Events are keyed by entry and position: an edited entry rewrites its event rows.
    let events = sqlx::query(
        "SELECT * FROM (SELECT 'event:' || ev.entry_id || ':' || ev.position AS item_key, \
           e.occurred_day, ev.what_happened, ev.what_i_felt, p.display_name, e.occurred_utc, \
           ev.entry_id, ev.position \
         FROM interpersonal_events ev INDEXED BY interpersonal_events_important \
         CROSS JOIN journal_entries e ON e.id = ev.entry_id \
         LEFT JOIN people p ON p.id = ev.person_id \
         WHERE ev.important = 1 AND e.deleted_at IS NULL) k \
         WHERE NOT EXISTS (SELECT 1 FROM agenda_archive a WHERE a.item_key = k.item_key) \
         ORDER BY occurred_utc, entry_id, position",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    for r in events {
        items.push(AgendaItem {
            key: r.try_get("item_key").map_err(db)?,
            kind: AgendaKind::Event,
            text: r.try_get("what_happened").map_err(db)?,
            detail: r.try_get("what_i_felt").map_err(db)?,
            day: Some(r.try_get("occurred_day").map_err(db)?),
            person: r.try_get("display_name").map_err(db)?,
            mood: None,
            plan_status: None,
        });
    }

    let plans = sqlx::query(
        "SELECT * FROM (SELECT 'plan:' || p.id AS item_key, p.id, p.what, p.reflection, p.due_on, \
           p.status, p.mood_after, pe.display_name \
         FROM plans p LEFT JOIN people pe ON pe.id = p.person_id \
         WHERE ?1 IS NULL OR p.due_on <= ?1 OR p.status <> 'planned') k \
         WHERE NOT EXISTS (SELECT 1 FROM agenda_archive a WHERE a.item_key = k.item_key) \
         ORDER BY due_on, id",
    )
    .bind(cutoff.map(|d| d.format("%Y-%m-%d").to_string()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    for r in plans {
        let status: String = r.try_get("status").map_err(db)?;
        items.push(AgendaItem {
            key: r.try_get("item_key").map_err(db)?,
            kind: AgendaKind::Plan,
            text: r.try_get("what").map_err(db)?,
            detail: r.try_get("reflection").map_err(db)?,
            day: Some(r.try_get("due_on").map_err(db)?),
            person: r.try_get("display_name").map_err(db)?,
            mood: r.try_get("mood_after").map_err(db)?,
            plan_status: PlanStatus::from_id(&status),
        });
    }

    let questions = sqlx::query(
        "SELECT 'question:' || id AS item_key, text FROM agenda_questions \
         WHERE archived_in IS NULL ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    for r in questions {
        items.push(AgendaItem {
            key: r.try_get("item_key").map_err(db)?,
            kind: AgendaKind::Question,
            text: r.try_get("text").map_err(db)?,
            detail: String::new(),
            day: None,
            person: None,
            mood: None,
            plan_status: None,
        });
    }

    let saved: Vec<(String, i64)> = sqlx::query_as("SELECT item_key, position FROM agenda_order")
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    Ok(order_items(items, &saved))
}

/// Archives the open agenda with session `number` (a snapshot of each item), marks its questions
/// as brought, and clears the order so a fresh agenda starts. Runs inside the transaction that
/// records the session.
pub(crate) async fn archive_into(
    conn: &mut SqliteConnection,
    number: i64,
    cutoff: Option<NaiveDate>,
) -> Result<()> {
    let items = gather(conn, cutoff).await?;
    let fail = |e: sqlx::Error| Error::db("archiving the agenda", e);
    for (position, item) in items.iter().enumerate() {
        let json = serde_json::to_string(item)
            .map_err(|_| Error::new(ErrorCode::Internal, "an agenda item could not be kept"))?;
        sqlx::query(
            "INSERT INTO agenda_archive (session_number, position, item_key, item) VALUES (?, ?, ?, ?)",
        )
        .bind(number)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(&item.key)
        .bind(json)
        .execute(&mut *conn)
        .await
        .map_err(fail)?;
    }
    sqlx::query("UPDATE agenda_questions SET archived_in = ? WHERE archived_in IS NULL")
        .bind(number)
        .execute(&mut *conn)
        .await
        .map_err(fail)?;
    sqlx::query("DELETE FROM agenda_order")
        .execute(&mut *conn)
        .await
        .map_err(fail)?;
    Ok(())
}

/// The open agenda for the next session, as of the patient's local date `today`.
pub async fn open_agenda(vault: &VaultService, today: String) -> Result<Agenda> {
    let today = parse_today(&today)?;
    let next = course::next_session(vault, today).await?;
    let pool = vault.pool().await?;
    let mut conn = pool.acquire().await.map_err(db)?;
    let items = gather(&mut conn, next.map(|(_, d)| d)).await?;
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
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO agenda_questions (text, created_at) VALUES (?, ?) RETURNING id",
    )
    .bind(&text)
    .bind(utc_string(Utc::now()))
    .fetch_one(&pool)
    .await
    .map_err(|e| Error::db("saving the question", e))?;
    Ok(AgendaItem {
        key: format!("question:{id}"),
        kind: AgendaKind::Question,
        text,
        detail: String::new(),
        day: None,
        person: None,
        mood: None,
        plan_status: None,
    })
}

/// Removes a question that has not been brought to a session yet.
pub async fn remove_question(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    let gone = sqlx::query("DELETE FROM agenda_questions WHERE id = ? AND archived_in IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::db("removing the question", e))?
        .rows_affected();
    if gone == 0 {
        return Err(Error::new(
            ErrorCode::NotFound,
            "that question is not on the agenda",
        ));
    }
    sqlx::query("DELETE FROM agenda_order WHERE item_key = ?")
        .bind(format!("question:{id}"))
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::db("removing the question", e))?;
    crate::storage::commit(tx).await
}

/// Keeps the patient's order for the open agenda (the item keys, first to last).
pub async fn reorder(vault: &VaultService, keys: Vec<String>) -> Result<()> {
    validate_order(&keys)?;
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    let fail = |e: sqlx::Error| Error::db("saving the agenda order", e);
    sqlx::query("DELETE FROM agenda_order")
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    for (position, key) in keys.iter().enumerate() {
        sqlx::query("INSERT INTO agenda_order (item_key, position) VALUES (?, ?)")
            .bind(key)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
    }
    crate::storage::commit(tx).await
}

/// The agenda kept with session `number` (empty when nothing was brought).
pub async fn archived_agenda(vault: &VaultService, number: i64) -> Result<ArchivedAgenda> {
    let pool = vault.pool().await?;
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT item FROM agenda_archive WHERE session_number = ? ORDER BY position",
    )
    .bind(number)
    .fetch_all(&pool)
    .await
    .map_err(|e| Error::db("reading an archived agenda", e))?;
    let items = rows
        .iter()
        .map(|json| {
            serde_json::from_str(json)
                .map_err(|_| Error::new(ErrorCode::Damaged, "an archived agenda item is damaged"))
        })
        .collect::<Result<Vec<AgendaItem>>>()?;
    Ok(ArchivedAgenda {
        session_number: number,
        items,
    })
}
