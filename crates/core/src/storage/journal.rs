//! SQL for the journal. Every write that touches an entry also keeps its full-text document in
//! step, inside the same transaction.

use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};

use super::Tx;
use super::people::resolve_person;

use crate::domain::journal::{
    Emotion, ExportedEntry, ExportedEvent, InterpersonalEvent, JournalEntry, TRASH_DAYS,
    ValidEntry, event_key,
};
use crate::domain::person_page::{JournalDay, PersonEvent};
use crate::domain::summary::SummaryEvent;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};

/// Writes the entry's text, emotions, tags and events (replacing old ones) and its FTS document.
async fn write_children(tx: &mut Tx<'_>, id: i64, e: &ValidEntry, now: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO journal_entry_texts (entry_id, text) VALUES (?, ?) \
         ON CONFLICT (entry_id) DO UPDATE SET text = excluded.text",
    )
    .bind(id)
    .bind(&e.text)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the entry text", e))?;
    for sql in [
        "DELETE FROM journal_entry_emotions WHERE entry_id = ?",
        "DELETE FROM journal_entry_tags WHERE entry_id = ?",
        "DELETE FROM interpersonal_events WHERE entry_id = ?",
    ] {
        sqlx::query(sql)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(|e| Error::db("replacing entry details", e))?;
    }
    let vocabulary = e.emotions.iter().map(|em| (em.id(), false));
    let own_words = e.custom_emotions.iter().map(|c| (c.as_str(), true));
    for (emotion, is_custom) in vocabulary.chain(own_words) {
        sqlx::query(
            "INSERT INTO journal_entry_emotions (entry_id, emotion, is_custom) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(emotion)
        .bind(is_custom)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving emotions", e))?;
    }
    for t in &e.tags {
        sqlx::query("INSERT INTO journal_entry_tags (entry_id, tag) VALUES (?, ?)")
            .bind(id)
            .bind(t)
            .execute(&mut **tx)
            .await
            .map_err(|e| Error::db("saving tags", e))?;
    }
    for (pos, ev) in e.events.iter().enumerate() {
        let person_id = resolve_person(tx, ev.person_id, ev.person_name.as_deref(), now).await?;
        sqlx::query(
            "INSERT INTO interpersonal_events (entry_id, position, person_id, what_happened, what_i_felt, \
             what_i_did, how_it_ended, important) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i64::try_from(pos).unwrap_or(i64::MAX))
        .bind(person_id)
        .bind(&ev.what_happened)
        .bind(&ev.what_i_felt)
        .bind(&ev.what_i_did)
        .bind(&ev.how_it_ended)
        .bind(ev.important)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving events", e))?;
    }
    reindex(tx, id).await
}

/// Rebuilds the entry's full-text document from what is stored (so the index can never hold
/// something the entry does not). The document is the entry's row of `journal_search_documents`.
pub async fn reindex(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    unindex(tx, id).await?;
    sqlx::query("INSERT INTO journal_fts (rowid, body) SELECT id, body FROM journal_search_documents WHERE id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("updating the search index", e))?;
    Ok(())
}

pub async fn unindex(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM journal_fts WHERE rowid = ?")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("updating the search index", e))?;
    Ok(())
}

/// The passage of each of `ids`' documents that matches `fts`, the matched words between
/// `char(2)` and `char(3)`. The index keeps no copy of the texts (migration 0015), so the page's
/// own documents are indexed for the moment in a temporary table of this connection — in memory
/// (SQLCipher builds keep temporary tables in memory), in a transaction that is rolled back, so
/// nothing of it outlives the call.
pub async fn passages(
    pool: &SqlitePool,
    fts: &str,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>> {
    let fail = |e| Error::db("reading search passages", e);
    let ids_json =
        serde_json::to_string(ids).map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    let mut conn = pool.acquire().await.map_err(fail)?;
    sqlx::query(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.journal_passages \
         USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2')",
    )
    .execute(&mut *conn)
    .await
    .map_err(fail)?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(fail)?;
    sqlx::query(
        "INSERT INTO temp.journal_passages (rowid, body) SELECT id, body FROM journal_search_documents \
         WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(ids_json)
    .execute(&mut *tx)
    .await
    .map_err(fail)?;
    let found: Vec<(i64, String)> = sqlx::query_as(
        "SELECT rowid, snippet(journal_passages, 0, char(2), char(3), '…', 16) \
         FROM temp.journal_passages WHERE journal_passages MATCH ?",
    )
    .bind(fts)
    .fetch_all(&mut *tx)
    .await
    .map_err(fail)?;
    tx.rollback().await.map_err(fail)?;
    Ok(found.into_iter().collect())
}

pub async fn insert_entry(tx: &mut Tx<'_>, e: &ValidEntry, now: &str) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        // The stable id is made here rather than by the 0012 trigger: the trigger's UPDATE would
        // write the row a second time on every save.
        "INSERT INTO journal_entries (occurred_at, occurred_utc, occurred_day, mood, pinned, created_at, updated_at, uid) \
         VALUES (?, ?, ?, ?, ?, ?, ?, lower(hex(randomblob(16)))) RETURNING id",
    )
    .bind(&e.occurred_at)
    .bind(&e.occurred_utc)
    .bind(&e.occurred_day)
    .bind(e.mood)
    .bind(e.pinned)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the entry", e))?;
    write_children(tx, id, e, now).await?;
    Ok(id)
}

pub async fn update_entry(tx: &mut Tx<'_>, id: i64, e: &ValidEntry, now: &str) -> Result<()> {
    let n = sqlx::query(
        "UPDATE journal_entries SET occurred_at = ?, occurred_utc = ?, occurred_day = ?, mood = ?, \
         pinned = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
    )
    .bind(&e.occurred_at)
    .bind(&e.occurred_utc)
    .bind(&e.occurred_day)
    .bind(e.mood)
    .bind(e.pinned)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the entry", e))?
    .rows_affected();
    if n == 0 {
        return Err(not_found());
    }
    write_children(tx, id, e, now).await
}

pub(crate) fn not_found() -> Error {
    Error::new(ErrorCode::NotFound, "no such entry")
}

pub async fn get_entry(pool: &SqlitePool, id: i64) -> Result<JournalEntry> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the entry", e))?;
    get_entry_in(&mut conn, id).await
}

/// Reads one entry on a given connection, such as the transaction that is saving it: the entry
/// a save returns is read before the commit, so a save is never reported failed after it
/// committed.
pub async fn get_entry_in(conn: &mut SqliteConnection, id: i64) -> Result<JournalEntry> {
    let row = sqlx::query(
        "SELECT e.id, e.occurred_at, e.occurred_day, e.mood, coalesce(x.text, '') AS text, e.pinned, e.created_at, \
         e.updated_at, e.deleted_at FROM journal_entries e LEFT JOIN journal_entry_texts x ON x.entry_id = e.id WHERE e.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| Error::db("reading the entry", e))?
    .ok_or_else(not_found)?;
    let get = |e: sqlx::Error| Error::db("reading the entry", e);

    let emotion_rows =
        sqlx::query("SELECT emotion, is_custom FROM journal_entry_emotions WHERE entry_id = ? ORDER BY is_custom, emotion")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(get)?;
    let mut emotions = Vec::new();
    let mut custom_emotions = Vec::new();
    for r in emotion_rows {
        let name: String = r.try_get("emotion").map_err(get)?;
        let custom: bool = r.try_get("is_custom").map_err(get)?;
        if custom {
            custom_emotions.push(name);
        } else if let Some(e) = Emotion::from_id(&name) {
            emotions.push(e);
        }
    }
    emotions.sort_by_key(|e| Emotion::ALL.iter().position(|x| x == e));
    let tags: Vec<String> = sqlx::query_scalar(
        "SELECT tag FROM journal_entry_tags WHERE entry_id = ? ORDER BY tag COLLATE NOCASE",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .map_err(get)?;
    let events = sqlx::query(
        "SELECT ev.id, ev.person_id, p.display_name, ev.what_happened, ev.what_i_felt, ev.what_i_did, \
         ev.how_it_ended, ev.important FROM interpersonal_events ev LEFT JOIN people p ON p.id = ev.person_id \
         WHERE ev.entry_id = ? ORDER BY ev.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .map_err(get)?
    .into_iter()
    .map(|r| {
        Ok(InterpersonalEvent {
            id: r.try_get("id")?,
            person_id: r.try_get("person_id")?,
            person_name: r.try_get("display_name")?,
            what_happened: r.try_get("what_happened")?,
            what_i_felt: r.try_get("what_i_felt")?,
            what_i_did: r.try_get("what_i_did")?,
            how_it_ended: r.try_get("how_it_ended")?,
            important: r.try_get("important")?,
        })
    })
    .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
    .map_err(get)?;

    Ok(JournalEntry {
        id: row.try_get("id").map_err(get)?,
        occurred_at: row.try_get("occurred_at").map_err(get)?,
        day: row.try_get("occurred_day").map_err(get)?,
        mood: row.try_get("mood").map_err(get)?,
        emotions,
        custom_emotions,
        text: row.try_get("text").map_err(get)?,
        tags,
        events,
        pinned: row.try_get("pinned").map_err(get)?,
        created_at: row.try_get("created_at").map_err(get)?,
        updated_at: row.try_get("updated_at").map_err(get)?,
        deleted_at: row.try_get("deleted_at").map_err(get)?,
    })
}

pub async fn set_deleted(tx: &mut Tx<'_>, id: i64, deleted_at: Option<&str>) -> Result<()> {
    let sql = if deleted_at.is_some() {
        "UPDATE journal_entries SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL"
    } else {
        "UPDATE journal_entries SET deleted_at = ? WHERE id = ? AND deleted_at IS NOT NULL"
    };
    let n = sqlx::query(sql)
        .bind(deleted_at)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("moving the entry", e))?
        .rows_affected();
    if n == 0 {
        return Err(not_found());
    }
    Ok(())
}

/// Removes entries trashed more than [`TRASH_DAYS`] before `now`.
pub async fn purge_expired(pool: &SqlitePool, now: chrono::DateTime<chrono::Utc>) -> Result<u64> {
    let cutoff = utc_string(now - chrono::Duration::days(TRASH_DAYS));
    purge_trash(pool, Some(&cutoff)).await
}

/// Removes trashed entries deleted before `cutoff` (all trashed entries when `None`), with any
/// unsaved edit of theirs (`entry:<id>` drafts): words deleted for good must not stay in the
/// vault, nor come back in the form of a later entry that is given the same id. One transaction.
pub async fn purge_trash(pool: &SqlitePool, cutoff: Option<&str>) -> Result<u64> {
    let fail = |e| Error::db("emptying the trash", e);
    let mut tx = super::begin(pool).await?;
    let mut drafts: QueryBuilder<Sqlite> = QueryBuilder::new(
        "DELETE FROM journal_drafts WHERE draft_key IN \
         (SELECT 'entry:' || id FROM journal_entries WHERE deleted_at IS NOT NULL",
    );
    let mut entries: QueryBuilder<Sqlite> =
        QueryBuilder::new("DELETE FROM journal_entries WHERE deleted_at IS NOT NULL");
    if let Some(c) = cutoff {
        drafts.push(" AND deleted_at < ").push_bind(c);
        entries.push(" AND deleted_at < ").push_bind(c);
    }
    drafts.push(")");
    drafts.build().execute(&mut *tx).await.map_err(fail)?;
    let n = entries
        .build()
        .execute(&mut *tx)
        .await
        .map_err(fail)?
        .rows_affected();
    super::commit(tx).await?;
    Ok(n)
}

/// Whether the patient wrote in the journal on one local day: a live (not trashed) entry dated
/// that day (`day`, `YYYY-MM-DD`), or one written during it (`from_utc` ≤ created < `until_utc`,
/// the day's bounds as UTC strings in the form entries are stamped with).
pub async fn wrote_on_day(
    pool: &SqlitePool,
    day: &str,
    from_utc: &str,
    until_utc: &str,
) -> Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM journal_entries WHERE deleted_at IS NULL AND occurred_day = ?) \
         OR EXISTS (SELECT 1 FROM journal_entries WHERE deleted_at IS NULL \
                    AND created_at >= ? AND created_at < ?)",
    )
    .bind(day)
    .bind(from_utc)
    .bind(until_utc)
    .fetch_one(pool)
    .await
    .map_err(|e| Error::db("reading the journal", e))
}

/// A pinned, live entry as the agenda shows it (its first 280 characters).
#[derive(sqlx::FromRow)]
pub struct PinnedEntry {
    pub item_key: String,
    pub occurred_day: String,
    pub mood: i64,
    pub excerpt: String,
}

/// The pinned entries for the agenda, oldest first, read through their partial index (never by
/// walking the whole journal). `archived` is a JSON array of the agenda keys already brought to a
/// session; those entries are left out before their text is read.
pub async fn pinned_entries_for_agenda(
    conn: &mut SqliteConnection,
    archived: &str,
) -> Result<Vec<PinnedEntry>> {
    sqlx::query_as(
        "SELECT * FROM (SELECT 'entry:' || e.id AS item_key, e.occurred_day, e.mood, \
           substr(t.text, 1, 280) AS excerpt, e.occurred_utc, e.id \
         FROM journal_entries e INDEXED BY journal_entries_pinned \
         JOIN journal_entry_texts t ON t.entry_id = e.id \
         WHERE e.pinned = 1 AND e.deleted_at IS NULL) k \
         WHERE k.item_key NOT IN (SELECT value FROM json_each(?1)) \
         ORDER BY occurred_utc, id",
    )
    .bind(archived)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("gathering the agenda", e))
}

/// An event marked important, as the agenda shows it.
#[derive(sqlx::FromRow)]
pub struct ImportantEvent {
    pub item_key: String,
    pub occurred_day: String,
    pub what_happened: String,
    pub what_i_felt: String,
    pub display_name: Option<String>,
}

/// The important events of live entries for the agenda, keyed by entry and position (an edited
/// entry rewrites its event rows). Read from the events side through their partial index, then
/// the entry by id; `archived` as for [`pinned_entries_for_agenda`].
pub async fn important_events_for_agenda(
    conn: &mut SqliteConnection,
    archived: &str,
) -> Result<Vec<ImportantEvent>> {
    sqlx::query_as(
        "SELECT * FROM (SELECT 'event:' || ev.entry_id || ':' || ev.position AS item_key, \
           e.occurred_day, ev.what_happened, ev.what_i_felt, p.display_name, e.occurred_utc, \
           ev.entry_id, ev.position \
         FROM interpersonal_events ev INDEXED BY interpersonal_events_important \
         CROSS JOIN journal_entries e ON e.id = ev.entry_id \
         LEFT JOIN people p ON p.id = ev.person_id \
         WHERE ev.important = 1 AND e.deleted_at IS NULL) k \
         WHERE k.item_key NOT IN (SELECT value FROM json_each(?1)) \
         ORDER BY occurred_utc, entry_id, position",
    )
    .bind(archived)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("gathering the agenda", e))
}

/// How many entries (not in the trash) there are (for a backup's summary).
pub async fn count(pool: &SqlitePool) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM journal_entries WHERE deleted_at IS NULL")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("counting entries", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// Every entry (trashed ones too), oldest first, as the export carries it: each moment's person
/// by stable id. Five queries in all, whatever the journal's size.
pub async fn export(pool: &SqlitePool) -> Result<Vec<ExportedEntry>> {
    use std::collections::HashMap;
    let get = |e: sqlx::Error| Error::db("reading the journal", e);
    let mut conn = pool.acquire().await.map_err(get)?;
    let rows = sqlx::query(
        "SELECT e.id, e.uid, e.occurred_at, e.mood, coalesce(x.text, '') AS text, e.pinned, \
         e.created_at, e.updated_at, e.deleted_at FROM journal_entries e \
         LEFT JOIN journal_entry_texts x ON x.entry_id = e.id ORDER BY e.occurred_utc, e.id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(get)?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut at = HashMap::with_capacity(rows.len());
    for r in &rows {
        at.insert(r.try_get::<i64, _>("id").map_err(get)?, entries.len());
        entries.push(ExportedEntry {
            uid: r.try_get("uid").map_err(get)?,
            occurred_at: r.try_get("occurred_at").map_err(get)?,
            mood: r.try_get("mood").map_err(get)?,
            emotions: Vec::new(),
            custom_emotions: Vec::new(),
            text: r.try_get("text").map_err(get)?,
            tags: Vec::new(),
            events: Vec::new(),
            pinned: r.try_get("pinned").map_err(get)?,
            created_at: r.try_get("created_at").map_err(get)?,
            updated_at: r.try_get("updated_at").map_err(get)?,
            deleted_at: r.try_get("deleted_at").map_err(get)?,
        });
    }
    let emotions: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT entry_id, emotion, is_custom FROM journal_entry_emotions ORDER BY entry_id, is_custom, emotion",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(get)?;
    for (id, name, custom) in emotions {
        let Some(e) = at.get(&id).map(|&i| &mut entries[i]) else {
            continue;
        };
        if custom {
            e.custom_emotions.push(name);
        } else if let Some(em) = Emotion::from_id(&name) {
            e.emotions.push(em);
        }
    }
    for e in &mut entries {
        e.emotions
            .sort_by_key(|e| Emotion::ALL.iter().position(|x| x == e));
    }
    let tags: Vec<(i64, String)> = sqlx::query_as(
        "SELECT entry_id, tag FROM journal_entry_tags ORDER BY entry_id, tag COLLATE NOCASE",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(get)?;
    for (id, tag) in tags {
        if let Some(&i) = at.get(&id) {
            entries[i].tags.push(tag);
        }
    }
    let events = sqlx::query(
        "SELECT ev.entry_id, p.uid AS person, ev.what_happened, ev.what_i_felt, ev.what_i_did, \
         ev.how_it_ended, ev.important FROM interpersonal_events ev \
         LEFT JOIN people p ON p.id = ev.person_id ORDER BY ev.entry_id, ev.position",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(get)?;
    for r in events {
        let id: i64 = r.try_get("entry_id").map_err(get)?;
        if let Some(&i) = at.get(&id) {
            entries[i].events.push(ExportedEvent {
                person: r.try_get("person").map_err(get)?,
                what_happened: r.try_get("what_happened").map_err(get)?,
                what_i_felt: r.try_get("what_i_felt").map_err(get)?,
                what_i_did: r.try_get("what_i_did").map_err(get)?,
                how_it_ended: r.try_get("how_it_ended").map_err(get)?,
                important: r.try_get("important").map_err(get)?,
            });
        }
    }
    Ok(entries)
}

/// Every entry's stable id.
pub async fn uids(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    sqlx::query_scalar("SELECT uid FROM journal_entries")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Error::db("reading the journal", e))
}

/// Every entry's uid → local id (trashed ones too).
pub async fn uid_ids(
    conn: &mut SqliteConnection,
) -> Result<std::collections::HashMap<String, i64>> {
    Ok(
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM journal_entries")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading the journal", e))?
            .into_iter()
            .collect(),
    )
}

/// One entry from an export, checked: the entry as the form would save it (its moments' people
/// already resolved to local ids), and what the export says about it.
pub struct ImportEntry<'a> {
    pub exported: &'a ExportedEntry,
    pub valid: ValidEntry,
}

/// Adds the entries whose uid is not here yet, with their own times; an entry here in the trash
/// that the file holds as live comes back out of the trash. Returns how many were added or
/// brought back.
pub async fn import(tx: &mut Tx<'_>, entries: &[ImportEntry<'_>]) -> Result<usize> {
    let mut added = 0;
    for e in entries {
        let x = e.exported;
        let here: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, deleted_at FROM journal_entries WHERE uid = ?")
                .bind(&x.uid)
                .fetch_optional(&mut **tx)
                .await
                .map_err(|e| Error::db("reading the journal", e))?;
        match here {
            Some((id, Some(_))) if x.deleted_at.is_none() => {
                set_deleted(tx, id, None).await?;
                reindex(tx, id).await?;
                added += 1;
            }
            Some(_) => {}
            None => {
                let id = insert_entry(tx, &e.valid, &x.created_at).await?;
                sqlx::query(
                    "UPDATE journal_entries SET uid = ?, updated_at = ?, deleted_at = ? WHERE id = ?",
                )
                .bind(&x.uid)
                .bind(&x.updated_at)
                .bind(&x.deleted_at)
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(|e| Error::db("saving the entry", e))?;
                if x.deleted_at.is_some() {
                    unindex(tx, id).await?;
                }
                added += 1;
            }
        }
    }
    Ok(added)
}

/// For bringing history in from another app: which of the given `(occurred_utc, text)` pairs
/// the journal already holds, live or in the trash (the same instant, as stored, and the same
/// text), so an import adds each entry once however often it is run. Answers in the order
/// asked, a few thousand pairs per query through each entry's place in the timeline index.
pub async fn already_present(
    conn: &mut SqliteConnection,
    pairs: &[(&str, &str)],
) -> Result<Vec<bool>> {
    const CHUNK: usize = 2_000;
    let mut out = vec![false; pairs.len()];
    for (n, chunk) in pairs.chunks(CHUNK).enumerate() {
        let json = serde_json::to_string(chunk).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("listing entries to compare: {e}"),
            )
        })?;
        let found: Vec<i64> = sqlx::query_scalar(
            "SELECT j.key FROM json_each(?1) j \
             WHERE EXISTS (SELECT 1 FROM journal_entries e JOIN journal_entry_texts t ON t.entry_id = e.id \
                   WHERE e.deleted_at IS NULL AND e.occurred_utc = j.value ->> 0 AND t.text = j.value ->> 1) \
                OR EXISTS (SELECT 1 FROM journal_entries e JOIN journal_entry_texts t ON t.entry_id = e.id \
                   WHERE e.deleted_at IS NOT NULL AND e.occurred_utc = j.value ->> 0 AND t.text = j.value ->> 1)",
        )
        .bind(json)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Error::db("comparing with the journal", e))?;
        for k in found {
            if let Some(slot) = usize::try_from(k)
                .ok()
                .and_then(|k| out.get_mut(n * CHUNK + k))
            {
                *slot = true;
            }
        }
    }
    Ok(out)
}

/// Moves every interpersonal event naming `from` to `to` (or to nobody, keeping every word),
/// and rebuilds the search documents of the entries concerned. Returns how many events moved.
pub async fn reassign_person(tx: &mut Tx<'_>, from: i64, to: Option<i64>) -> Result<u64> {
    let entries: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT entry_id FROM interpersonal_events WHERE person_id = ?",
    )
    .bind(from)
    .fetch_all(&mut **tx)
    .await
    .map_err(|e| Error::db("reading events", e))?;
    let n = sqlx::query("UPDATE interpersonal_events SET person_id = ? WHERE person_id = ?")
        .bind(to)
        .bind(from)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("moving events", e))?
        .rows_affected();
    for id in entries {
        reindex(tx, id).await?;
    }
    Ok(n)
}

/// Rebuilds the search documents of every entry with an event naming `person` (after a rename).
pub async fn reindex_person(tx: &mut Tx<'_>, person: i64) -> Result<()> {
    let entries: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT entry_id FROM interpersonal_events WHERE person_id = ?",
    )
    .bind(person)
    .fetch_all(&mut **tx)
    .await
    .map_err(|e| Error::db("reading events", e))?;
    for id in entries {
        reindex(tx, id).await?;
    }
    Ok(())
}

// ---- For a person's page ----------------------------------------------------------------

/// How many events name `person`, in live entries and in the trash (what a merge or delete
/// would move).
pub async fn count_events_for_person(conn: &mut SqliteConnection, person: i64) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM interpersonal_events WHERE person_id = ?")
        .bind(person)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("reading events", e))
}

/// The events of live entries that name `person`, newest first (read from the person's index).
pub async fn events_for_person(
    conn: &mut SqliteConnection,
    person: i64,
) -> Result<Vec<PersonEvent>> {
    let rows = sqlx::query(
        "SELECT e.id, e.occurred_day, e.occurred_at, ev.what_happened, ev.what_i_felt, \
           ev.what_i_did, ev.how_it_ended, ev.important \
         FROM interpersonal_events ev INDEXED BY interpersonal_events_person \
         CROSS JOIN journal_entries e ON e.id = ev.entry_id \
         WHERE ev.person_id = ? AND e.deleted_at IS NULL \
         ORDER BY e.occurred_utc DESC, e.id DESC, ev.position",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading events", e))?;
    let get = |e| Error::db("reading events", e);
    rows.iter()
        .map(|r| {
            Ok(PersonEvent {
                entry_id: r.try_get("id").map_err(get)?,
                day: r.try_get("occurred_day").map_err(get)?,
                occurred_at: r.try_get("occurred_at").map_err(get)?,
                what_happened: r.try_get("what_happened").map_err(get)?,
                what_i_felt: r.try_get("what_i_felt").map_err(get)?,
                what_i_did: r.try_get("what_i_did").map_err(get)?,
                how_it_ended: r.try_get("how_it_ended").map_err(get)?,
                important: r.try_get::<i64, _>("important").map_err(get)? == 1,
            })
        })
        .collect()
}

/// Every day with a live entry: its average mood, and whether one of its entries noted an
/// event with `person`. One pass over the day index plus the person's own events.
pub async fn days_with_contact(
    conn: &mut SqliteConnection,
    person: i64,
) -> Result<Vec<JournalDay>> {
    let rows: Vec<(f64, i64)> = sqlx::query_as(
        "WITH contact AS ( \
           SELECT DISTINCT e.occurred_day AS day \
           FROM interpersonal_events ev INDEXED BY interpersonal_events_person \
           CROSS JOIN journal_entries e ON e.id = ev.entry_id \
           WHERE ev.person_id = ?1 AND e.deleted_at IS NULL) \
         SELECT avg(j.mood), j.occurred_day IN (SELECT day FROM contact) \
         FROM journal_entries j INDEXED BY journal_entries_day \
         WHERE j.deleted_at IS NULL GROUP BY j.occurred_day",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading moods", e))?;
    Ok(rows
        .into_iter()
        .map(|(mood, contact)| JournalDay {
            mood,
            contact: contact == 1,
        })
        .collect())
}

/// The events of live entries whose local day is in `from..=to` (`YYYY-MM-DD`), oldest first,
/// each keyed `event:<entry>:<position>` (the weekly summary's list).
pub async fn events_between(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<SummaryEvent>> {
    let rows = sqlx::query(
        "SELECT ev.entry_id, ev.position, e.occurred_day, p.display_name, ev.what_happened, \
           ev.what_i_felt, ev.what_i_did, ev.how_it_ended, ev.important \
         FROM journal_entries e INDEXED BY journal_entries_day \
         JOIN interpersonal_events ev ON ev.entry_id = e.id \
         LEFT JOIN people p ON p.id = ev.person_id \
         WHERE e.deleted_at IS NULL AND e.occurred_day BETWEEN ? AND ? \
         ORDER BY e.occurred_utc, e.id, ev.position",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading events", e))?;
    let get = |e| Error::db("reading events", e);
    rows.iter()
        .map(|r| {
            Ok(SummaryEvent {
                key: event_key(
                    r.try_get::<i64, _>("entry_id").map_err(get)?,
                    r.try_get::<u32, _>("position").map_err(get)?,
                ),
                day: r.try_get("occurred_day").map_err(get)?,
                person: r.try_get("display_name").map_err(get)?,
                what_happened: r.try_get("what_happened").map_err(get)?,
                what_i_felt: r.try_get("what_i_felt").map_err(get)?,
                what_i_did: r.try_get("what_i_did").map_err(get)?,
                how_it_ended: r.try_get("how_it_ended").map_err(get)?,
                important: r.try_get::<i64, _>("important").map_err(get)? == 1,
            })
        })
        .collect()
}
