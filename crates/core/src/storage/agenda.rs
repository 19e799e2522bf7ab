//! SQL for the agenda: the patient's questions, their order for the open agenda, and the agendas
//! archived with their sessions. The items from other features (pinned entries, important
//! events, plans) are read through those features' repositories.

use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

use super::{Tx, journal, plans};
use crate::domain::agenda::{
    AgendaExport, AgendaItem, AgendaKind, ExportedAgendaItem, ExportedArchivedAgenda,
    ExportedQuestion, order_items,
};
use crate::domain::plans::PlanStatus;
use crate::error::{Error, ErrorCode, Result};

fn db(e: sqlx::Error) -> Error {
    Error::db("gathering the agenda", e)
}

/// Everything on the open agenda, in the patient's order. Plans are those due by `cutoff` (the
/// next session's date) or with something to report; without a cutoff every plan not yet brought
/// is on it. Items already archived with a session do not come back.
pub async fn gather(
    conn: &mut SqliteConnection,
    cutoff: Option<NaiveDate>,
) -> Result<Vec<AgendaItem>> {
    // The archived keys are read once (from the key index alone) and handed to each feature's
    // query as a JSON array, so each one leaves them out before reading its rows' text.
    let archived: String =
        sqlx::query_scalar("SELECT json_group_array(item_key) FROM agenda_archive")
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?;
    let mut items = Vec::new();

    for e in journal::pinned_entries_for_agenda(conn, &archived).await? {
        items.push(AgendaItem {
            key: e.item_key,
            kind: AgendaKind::Entry,
            text: e.excerpt,
            detail: String::new(),
            day: Some(e.occurred_day),
            person: None,
            mood: Some(e.mood),
            plan_status: None,
        });
    }

    for ev in journal::important_events_for_agenda(conn, &archived).await? {
        items.push(AgendaItem {
            key: ev.item_key,
            kind: AgendaKind::Event,
            text: ev.what_happened,
            detail: ev.what_i_felt,
            day: Some(ev.occurred_day),
            person: ev.display_name,
            mood: None,
            plan_status: None,
        });
    }

    let cutoff = cutoff.map(|d| d.format("%Y-%m-%d").to_string());
    for p in plans::for_agenda(conn, cutoff, &archived).await? {
        items.push(AgendaItem {
            key: p.item_key,
            kind: AgendaKind::Plan,
            text: p.what,
            detail: p.reflection,
            day: Some(p.due_on),
            person: p.display_name,
            mood: p.mood_after,
            plan_status: PlanStatus::from_id(&p.status),
        });
    }

    let questions: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, text FROM agenda_questions WHERE archived_in IS NULL ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    items.extend(
        questions
            .into_iter()
            .map(|(id, text)| AgendaItem::question(id, text)),
    );

    let saved: Vec<(String, i64)> = sqlx::query_as("SELECT item_key, position FROM agenda_order")
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    Ok(order_items(items, &saved))
}

/// Archives the open agenda with session `number` (a snapshot of each item), marks its questions
/// as brought, and clears the order so a fresh agenda starts. Runs inside the transaction that
/// records the session.
pub async fn archive_into(tx: &mut Tx<'_>, number: i64, cutoff: Option<NaiveDate>) -> Result<()> {
    let items = gather(tx, cutoff).await?;
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
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
    }
    sqlx::query("UPDATE agenda_questions SET archived_in = ? WHERE archived_in IS NULL")
        .bind(number)
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
    sqlx::query("DELETE FROM agenda_order")
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
    Ok(())
}

/// Adds a question; returns its id.
pub async fn add_question(pool: &SqlitePool, text: &str, now: &str) -> Result<i64> {
    sqlx::query_scalar("INSERT INTO agenda_questions (text, created_at) VALUES (?, ?) RETURNING id")
        .bind(text)
        .bind(now)
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("saving the question", e))
}

/// Removes a question not brought to a session yet; `false` when there is no such question.
pub async fn remove_question(tx: &mut Tx<'_>, id: i64) -> Result<bool> {
    let gone = sqlx::query("DELETE FROM agenda_questions WHERE id = ? AND archived_in IS NULL")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("removing the question", e))?
        .rows_affected();
    Ok(gone > 0)
}

/// Forgets the place of an item that is gone (a removed question or plan) in the patient's order.
/// `doing` names the caller's use case for the error ("removing the plan").
pub async fn forget_position(tx: &mut Tx<'_>, key: &str, doing: &str) -> Result<()> {
    sqlx::query("DELETE FROM agenda_order WHERE item_key = ?")
        .bind(key)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db(doing, e))?;
    Ok(())
}

/// Replaces the patient's order for the open agenda (the item keys, first to last).
pub async fn set_order(tx: &mut Tx<'_>, keys: &[String]) -> Result<()> {
    let fail = |e: sqlx::Error| Error::db("saving the agenda order", e);
    sqlx::query("DELETE FROM agenda_order")
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
    for (position, key) in keys.iter().enumerate() {
        sqlx::query("INSERT INTO agenda_order (item_key, position) VALUES (?, ?)")
            .bind(key)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .execute(&mut **tx)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

/// The items kept with session `number`, in their order (empty when nothing was brought).
pub async fn archived(pool: &SqlitePool, number: i64) -> Result<Vec<AgendaItem>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT item FROM agenda_archive WHERE session_number = ? ORDER BY position",
    )
    .bind(number)
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading an archived agenda", e))?;
    rows.iter()
        .map(|json| {
            serde_json::from_str(json)
                .map_err(|_| Error::new(ErrorCode::Damaged, "an archived agenda item is damaged"))
        })
        .collect()
}

// ---- Export and import ----------------------------------------------------------------------

/// The agenda's part of an export: every question the patient added (brought to a session or
/// not), oldest first; every agenda kept with a session; the patient's order for the open agenda.
/// `stable_key` turns an item key into its stable form (`entry:<uid>`, …) through the other
/// features' repositories; a key it does not know (its row is gone) is carried as none in an
/// archived agenda and left out of the order.
pub async fn export(
    pool: &SqlitePool,
    stable_key: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<AgendaExport> {
    let questions = sqlx::query_as::<_, (String, String, String, Option<i64>)>(
        "SELECT uid, text, created_at, archived_in FROM agenda_questions ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading questions", e))?
    .into_iter()
    .map(|(uid, text, created_at, archived_in)| ExportedQuestion {
        uid,
        text,
        created_at,
        archived_in,
    })
    .collect();
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT session_number, item_key, item FROM agenda_archive \
         ORDER BY session_number, position",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading an archived agenda", e))?;
    let mut archived: Vec<ExportedArchivedAgenda> = Vec::new();
    for (number, key, json) in rows {
        let item: AgendaItem = serde_json::from_str(&json)
            .map_err(|_| Error::new(ErrorCode::Damaged, "an archived agenda item is damaged"))?;
        let exported = ExportedAgendaItem {
            source: stable_key(&key),
            kind: item.kind,
            text: item.text,
            detail: item.detail,
            day: item.day,
            person: item.person,
            mood: item.mood,
            plan_status: item.plan_status,
        };
        match archived.last_mut() {
            Some(a) if a.session_number == number => a.items.push(exported),
            _ => archived.push(ExportedArchivedAgenda {
                session_number: number,
                items: vec![exported],
            }),
        }
    }
    let order: Vec<String> =
        sqlx::query_scalar("SELECT item_key FROM agenda_order ORDER BY position, item_key")
            .fetch_all(pool)
            .await
            .map_err(|e| Error::db("reading the agenda order", e))?;
    Ok(AgendaExport {
        questions,
        archived,
        order: order.iter().filter_map(|k| stable_key(k)).collect(),
    })
}

/// Every question's uid → local id.
pub async fn question_uid_ids(
    conn: &mut SqliteConnection,
) -> Result<std::collections::HashMap<String, i64>> {
    Ok(
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM agenda_questions")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading questions", e))?
            .into_iter()
            .collect(),
    )
}

/// Adds the questions (validated) whose uid is not here yet; returns how many were added.
pub async fn import(tx: &mut Tx<'_>, questions: &[ExportedQuestion]) -> Result<usize> {
    let mut added = 0;
    for q in questions {
        let done = sqlx::query(
            "INSERT INTO agenda_questions (uid, text, created_at, archived_in) VALUES (?, ?, ?, ?) \
             ON CONFLICT (uid) DO NOTHING",
        )
        .bind(&q.uid)
        .bind(&q.text)
        .bind(&q.created_at)
        .bind(q.archived_in)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving the question", e))?;
        added += usize::try_from(done.rows_affected()).unwrap_or(0);
    }
    Ok(added)
}

/// Adds the kept agendas of sessions that have none here yet (validated), each item with its key
/// in this vault from `local_key` (an item whose source is gone gets a key no gathered item has,
/// so it never hides one); then places the order's items this vault's order does not place yet
/// after the ones it does. Returns how many agendas were added.
pub async fn import_archive(
    tx: &mut Tx<'_>,
    archived: &[ExportedArchivedAgenda],
    order: &[String],
    local_key: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<usize> {
    let fail = |e: sqlx::Error| Error::db("saving an archived agenda", e);
    let missing = || {
        Error::new(
            ErrorCode::ImportMissingLink,
            "an agenda item links to something that is not there",
        )
    };
    let mut added = 0;
    for a in archived {
        let here: i64 =
            sqlx::query_scalar("SELECT count(*) FROM agenda_archive WHERE session_number = ?")
                .bind(a.session_number)
                .fetch_one(&mut **tx)
                .await
                .map_err(fail)?;
        if here > 0 {
            continue;
        }
        let keys = a
            .items
            .iter()
            .enumerate()
            .map(|(position, it)| match &it.source {
                Some(src) => local_key(src).ok_or_else(missing),
                None => Ok(format!("gone:{}:{position}", a.session_number)),
            })
            .collect::<Result<Vec<_>>>()?;
        for (position, item) in a.to_items(&keys).iter().enumerate() {
            let json = serde_json::to_string(item)
                .map_err(|_| Error::new(ErrorCode::Internal, "an agenda item could not be kept"))?;
            sqlx::query(
                "INSERT INTO agenda_archive (session_number, position, item_key, item) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(a.session_number)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(&item.key)
            .bind(json)
            .execute(&mut **tx)
            .await
            .map_err(fail)?;
        }
        added += 1;
    }
    let fail = |e: sqlx::Error| Error::db("saving the agenda order", e);
    let next: i64 = sqlx::query_scalar("SELECT coalesce(max(position) + 1, 0) FROM agenda_order")
        .fetch_one(&mut **tx)
        .await
        .map_err(fail)?;
    let mut position = next;
    for k in order {
        let key = local_key(k).ok_or_else(missing)?;
        let done = sqlx::query(
            "INSERT INTO agenda_order (item_key, position) VALUES (?, ?) \
             ON CONFLICT (item_key) DO NOTHING",
        )
        .bind(&key)
        .bind(position)
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
        position += i64::try_from(done.rows_affected()).unwrap_or(0);
    }
    Ok(added)
}
