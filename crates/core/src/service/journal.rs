//! Journal use cases: write, edit, read (newest first, filtered, searched), trash and restore,
//! autosaved drafts, and mood over time.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};
use ts_rs::TS;

use crate::domain::journal::{Emotion, JournalEntry, JournalEntryInput, parse_day};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::storage::journal as repo;

pub const MAX_PAGE: u32 = 200;
/// Above this many matches a search walks the timeline instead of sorting every match.
const COMMON_MATCHES: i64 = 1_500;
pub const DEFAULT_PAGE: u32 = 50;
/// Drafts are the form's state as JSON; generous, but bounded.
pub const MAX_DRAFT_BYTES: usize = 2 * 1024 * 1024;
/// Markers around matched words in snippets. Control characters never typed into the journal,
/// so the UI can split on them and render every part as plain text.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// Where a page of the timeline continues from (the last item of the previous page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalCursor {
    pub occurred_utc: String,
    #[ts(type = "number")]
    pub id: i64,
}

/// Filters for the timeline; every field is optional and they combine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct JournalQuery {
    /// Words to search for, exactly as the patient typed them.
    pub text: Option<String>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub tag: Option<String>,
    pub emotion: Option<Emotion>,
    #[ts(type = "number | null")]
    pub mood_min: Option<i64>,
    #[ts(type = "number | null")]
    pub mood_max: Option<i64>,
    /// `YYYY-MM-DD`, inclusive, on the entry's local day.
    pub from: Option<String>,
    pub to: Option<String>,
    pub cursor: Option<JournalCursor>,
    pub limit: Option<u32>,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    #[ts(type = "number")]
    pub id: i64,
    pub occurred_at: String,
    pub occurred_utc: String,
    pub day: String,
    #[ts(type = "number")]
    pub mood: i64,
    pub excerpt: String,
    pub emotions: Vec<Emotion>,
    pub custom_emotions: Vec<String>,
    pub tags: Vec<String>,
    pub people: Vec<String>,
    #[ts(type = "number")]
    pub event_count: i64,
    pub pinned: bool,
    /// With a text search: the matching passage, matches between U+0002 and U+0003.
    pub snippet: Option<String>,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalPage {
    pub items: Vec<EntrySummary>,
    pub next_cursor: Option<JournalCursor>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodPoint {
    pub day: String,
    pub average: f64,
    #[ts(type = "number")]
    pub entries: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalDraft {
    /// `new`, or `entry:<id>` while editing an entry.
    pub key: String,
    /// The form's state, as the UI wrote it (JSON).
    pub payload: String,
    pub updated_at: String,
}

fn now() -> String {
    utc_string(Utc::now())
}

fn check_draft_key(key: &str) -> Result<()> {
    let ok = key == "new"
        || key
            .strip_prefix("entry:")
            .is_some_and(|id| id.parse::<i64>().is_ok());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid("unknown draft key"))
    }
}

async fn delete_draft(tx: &mut crate::storage::Tx<'_>, key: Option<&str>) -> Result<()> {
    if let Some(k) = key {
        check_draft_key(k)?;
        sqlx::query("DELETE FROM journal_drafts WHERE draft_key = ?")
            .bind(k)
            .execute(&mut **tx)
            .await
            .map_err(|e| Error::db("removing the draft", e))?;
    }
    Ok(())
}

/// Saves a new entry (and drops its draft) in one transaction.
pub async fn create_entry(vault: &VaultService, input: JournalEntryInput) -> Result<JournalEntry> {
    let valid = input.validate()?;
    let pool = vault.write_pool().await?;
    let now = now();
    let mut tx = crate::storage::begin(&pool).await?;
    let id = repo::insert_entry(&mut tx, &valid, &now).await?;
    delete_draft(&mut tx, input.draft_key.as_deref()).await?;
    // Read back before the commit: once it commits, nothing can still fail and make the patient
    // save the same words twice.
    let entry = repo::get_entry_in(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(entry)
}

/// Replaces an entry's contents (and drops its draft) in one transaction.
pub async fn update_entry(
    vault: &VaultService,
    id: i64,
    input: JournalEntryInput,
) -> Result<JournalEntry> {
    let valid = input.validate()?;
    let pool = vault.write_pool().await?;
    let now = now();
    let mut tx = crate::storage::begin(&pool).await?;
    repo::update_entry(&mut tx, id, &valid, &now).await?;
    delete_draft(&mut tx, input.draft_key.as_deref()).await?;
    let entry = repo::get_entry_in(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(entry)
}

pub async fn get_entry(vault: &VaultService, id: i64) -> Result<JournalEntry> {
    repo::get_entry(&vault.pool().await?, id).await
}

/// Moves an entry to the trash (kept 30 days; out of the timeline and search).
pub async fn trash_entry(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    repo::set_deleted(&mut tx, id, Some(&now())).await?;
    repo::unindex(&mut tx, id).await?;
    crate::storage::commit(tx).await
}

pub async fn restore_entry(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    repo::set_deleted(&mut tx, id, None).await?;
    repo::reindex(&mut tx, id).await?;
    crate::storage::commit(tx).await
}

/// Removes everything in the trash for good. The UI asks first.
pub async fn empty_trash(vault: &VaultService) -> Result<u64> {
    repo::purge_trash(&vault.write_pool().await?, None).await
}

/// Removes trashed entries older than 30 days; run when the vault is unlocked.
pub async fn purge_expired_trash(pool: &SqlitePool, now: chrono::DateTime<Utc>) -> Result<u64> {
    repo::purge_expired(pool, now).await
}

/// Turns what the patient typed into a safe FTS5 query: each word becomes a quoted phrase (so
/// quotes, `*`, `NEAR`, `AND`, brackets and the like are just text), the last word also matches
/// as a prefix. `None` when nothing searchable is left (e.g. only emoji or punctuation).
pub fn fts_query(typed: &str) -> Option<String> {
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(32)
        .map(|w| w.to_owned())
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn push_filters(q: &mut QueryBuilder<Sqlite>, query: &JournalQuery) -> Result<()> {
    if let Some(pid) = query.person_id {
        q.push(" AND EXISTS (SELECT 1 FROM interpersonal_events ev WHERE ev.entry_id = e.id AND ev.person_id = ")
            .push_bind(pid)
            .push(")");
    }
    if let Some(tag) = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        q.push(
            " AND EXISTS (SELECT 1 FROM journal_entry_tags t WHERE t.entry_id = e.id AND t.tag = ",
        )
        .push_bind(tag.trim_start_matches('#').to_owned())
        .push(" COLLATE NOCASE)");
    }
    if let Some(em) = query.emotion {
        q.push(" AND EXISTS (SELECT 1 FROM journal_entry_emotions m WHERE m.entry_id = e.id AND m.is_custom = 0 AND m.emotion = ")
            .push_bind(em.id())
            .push(")");
    }
    for (v, op) in [(query.mood_min, " >= "), (query.mood_max, " <= ")] {
        if let Some(m) = v {
            if !(0..=10).contains(&m) {
                return Err(Error::new(
                    ErrorCode::InvalidMood,
                    "mood filter must be between 0 and 10",
                ));
            }
            q.push(" AND e.mood").push(op).push_bind(m);
        }
    }
    for (v, op) in [(&query.from, " >= "), (&query.to, " <= ")] {
        if let Some(d) = v.as_deref().filter(|d| !d.trim().is_empty()) {
            let d = parse_day(d)?;
            q.push(" AND e.occurred_day")
                .push(op)
                .push_bind(d.format("%Y-%m-%d").to_string());
        }
    }
    Ok(())
}

// The excerpt is the first 280 characters (SQLite's substr counts characters).
const SUMMARY_COLUMNS: &str = "e.id, e.occurred_at, e.occurred_utc, e.occurred_day, e.mood, e.pinned, e.deleted_at, \
     coalesce(substr(x.text, 1, 280), '') AS excerpt, \
     (SELECT json_group_array(emotion) FROM journal_entry_emotions WHERE entry_id = e.id AND is_custom = 0) AS emotions, \
     (SELECT json_group_array(emotion) FROM journal_entry_emotions WHERE entry_id = e.id AND is_custom = 1) AS custom_emotions, \
     (SELECT json_group_array(tag) FROM journal_entry_tags WHERE entry_id = e.id) AS tags, \
     (SELECT json_group_array(DISTINCT p.display_name) FROM interpersonal_events ev JOIN people p ON p.id = ev.person_id \
        WHERE ev.entry_id = e.id) AS people, \
     (SELECT count(*) FROM interpersonal_events ev WHERE ev.entry_id = e.id) AS event_count";

fn json_list(row: &sqlx::sqlite::SqliteRow, col: &str) -> Result<Vec<String>> {
    let raw: Option<String> = row
        .try_get(col)
        .map_err(|e| Error::db("reading the timeline", e))?;
    match raw {
        None => Ok(Vec::new()),
        Some(s) => serde_json::from_str::<Vec<Option<String>>>(&s)
            .map(|v| v.into_iter().flatten().collect())
            .map_err(|e| Error::new(ErrorCode::Internal, format!("timeline json: {e}"))),
    }
}

fn summary(row: &sqlx::sqlite::SqliteRow) -> Result<EntrySummary> {
    let get = |e: sqlx::Error| Error::db("reading the timeline", e);
    let mut emotions: Vec<Emotion> = json_list(row, "emotions")?
        .iter()
        .filter_map(|s| Emotion::from_id(s))
        .collect();
    emotions.sort_by_key(|e| Emotion::ALL.iter().position(|x| x == e));
    Ok(EntrySummary {
        id: row.try_get("id").map_err(get)?,
        occurred_at: row.try_get("occurred_at").map_err(get)?,
        occurred_utc: row.try_get("occurred_utc").map_err(get)?,
        day: row.try_get("occurred_day").map_err(get)?,
        mood: row.try_get("mood").map_err(get)?,
        excerpt: row.try_get("excerpt").map_err(get)?,
        emotions,
        custom_emotions: json_list(row, "custom_emotions")?,
        tags: json_list(row, "tags")?,
        people: json_list(row, "people")?,
        event_count: row.try_get("event_count").map_err(get)?,
        pinned: row.try_get("pinned").map_err(get)?,
        // Filled in by step 3 of a search.
        snippet: None,
        deleted_at: row.try_get("deleted_at").map_err(get)?,
    })
}

/// A page of the timeline, newest first, filtered and (with `text`) searched. Whatever the
/// patient types gives results or an empty page, never an error.
pub async fn list_entries(vault: &VaultService, query: JournalQuery) -> Result<JournalPage> {
    let pool = vault.pool().await?;
    list_entries_in(&pool, &query).await
}

/// What is in the trash, most recently deleted first.
pub async fn list_trash(vault: &VaultService) -> Result<Vec<EntrySummary>> {
    let pool = vault.pool().await?;
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM journal_entries e LEFT JOIN journal_entry_texts x ON x.entry_id = e.id \
         WHERE e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC LIMIT 1000"
    );
    // Built only from constants above: no user input in the SQL text.
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&pool)
        .await
        .map_err(|e| Error::db("reading the trash", e))?
        .iter()
        .map(summary)
        .collect()
}

/// [`list_entries`] on a pool (for the benchmark and tests).
pub async fn list_entries_in(pool: &SqlitePool, query: &JournalQuery) -> Result<JournalPage> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let text = query.text.as_deref().and_then(fts_query);
    if query.text.as_deref().is_some_and(|t| !t.trim().is_empty()) && text.is_none() {
        // Only emoji or punctuation: nothing can match.
        return Ok(JournalPage {
            items: Vec::new(),
            next_cursor: None,
        });
    }
    // Step 1: the ids of this page, found through small rows and covering indexes only (in an
    // encrypted file every page read is a page decrypted, so the wide columns wait for step 2).
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT e.id FROM ");
    if let Some(fts) = &text {
        let matches: i64 =
            sqlx::query_scalar("SELECT count(*) FROM journal_fts WHERE journal_fts MATCH ?")
                .bind(fts)
                .fetch_one(pool)
                .await
                .map_err(|e| Error::db("searching", e))?;
        if matches > COMMON_MATCHES {
            // Many matches: walk the timeline newest first and keep the ones in the match set,
            // stopping at a page, instead of fetching and sorting every match. (`+e.id` keeps
            // SQLite from driving the query by the match set.)
            q.push("journal_entries e WHERE e.deleted_at IS NULL AND +e.id IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH ")
                .push_bind(fts.clone())
                .push(")");
        } else {
            // Few matches: start from them and sort them.
            q.push(
                "journal_fts f JOIN journal_entries e ON e.id = f.rowid WHERE journal_fts MATCH ",
            )
            .push_bind(fts.clone())
            .push(" AND e.deleted_at IS NULL");
        }
    } else {
        q.push("journal_entries e WHERE e.deleted_at IS NULL");
    }
    push_filters(&mut q, query)?;
    if let Some(c) = &query.cursor {
        q.push(" AND (e.occurred_utc < ")
            .push_bind(c.occurred_utc.clone())
            .push(" OR (e.occurred_utc = ")
            .push_bind(c.occurred_utc.clone())
            .push(" AND e.id < ")
            .push_bind(c.id)
            .push("))");
    }
    q.push(" ORDER BY e.occurred_utc DESC, e.id DESC LIMIT ")
        .push_bind(i64::from(limit) + 1);
    let ids: Vec<i64> = q
        .build_query_scalar()
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading the timeline", e))?;
    if ids.is_empty() {
        return Ok(JournalPage {
            items: Vec::new(),
            next_cursor: None,
        });
    }

    // Step 2: the summaries of just those entries.
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT ");
    q.push(SUMMARY_COLUMNS);
    q.push(" FROM journal_entries e LEFT JOIN journal_entry_texts x ON x.entry_id = e.id WHERE e.id IN (");
    let mut sep = q.separated(", ");
    for id in &ids {
        sep.push_bind(*id);
    }
    q.push(") ORDER BY e.occurred_utc DESC, e.id DESC");
    let rows = q
        .build()
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading the timeline", e))?;
    let mut items = rows.iter().map(summary).collect::<Result<Vec<_>>>()?;

    // Step 3, searches only: the matching passages of just this page's entries.
    if let Some(fts) = &text {
        let passages = repo::passages(pool, fts, &ids).await?;
        for item in &mut items {
            item.snippet = passages.get(&item.id).cloned();
        }
    }
    let next_cursor = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|s| JournalCursor {
            occurred_utc: s.occurred_utc.clone(),
            id: s.id,
        })
    } else {
        None
    };
    Ok(JournalPage { items, next_cursor })
}

/// Average mood per local day between two days (inclusive), for the chart.
pub async fn mood_by_day(vault: &VaultService, from: String, to: String) -> Result<Vec<MoodPoint>> {
    let (from, to) = (parse_day(&from)?, parse_day(&to)?);
    if from > to {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            "the start day is after the end day",
        ));
    }
    let pool = vault.pool().await?;
    let rows = sqlx::query(
        "SELECT occurred_day, avg(mood) AS average, count(*) AS n FROM journal_entries \
         WHERE deleted_at IS NULL AND occurred_day BETWEEN ? AND ? GROUP BY occurred_day ORDER BY occurred_day",
    )
    .bind(from.format("%Y-%m-%d").to_string())
    .bind(to.format("%Y-%m-%d").to_string())
    .fetch_all(&pool)
    .await
    .map_err(|e| Error::db("reading moods", e))?;
    rows.iter()
        .map(|r| {
            Ok(MoodPoint {
                day: r.try_get("occurred_day")?,
                average: r.try_get("average")?,
                entries: r.try_get("n")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()
        .map_err(|e| Error::db("reading moods", e))
}

/// Every tag in use on live entries, A–Z (for the filter).
pub async fn list_tags(vault: &VaultService) -> Result<Vec<String>> {
    let pool = vault.pool().await?;
    sqlx::query_scalar(
        "SELECT DISTINCT t.tag FROM journal_entry_tags t JOIN journal_entries e ON e.id = t.entry_id \
         WHERE e.deleted_at IS NULL ORDER BY t.tag COLLATE NOCASE",
    )
    .fetch_all(&pool)
    .await
    .map_err(|e| Error::db("reading tags", e))
}

/// Stores the form's state so that typed text survives a crash, a restart or an auto-lock.
pub async fn save_draft(
    vault: &VaultService,
    key: String,
    payload: String,
) -> Result<JournalDraft> {
    check_draft_key(&key)?;
    if payload.len() > MAX_DRAFT_BYTES {
        return Err(Error::new(
            ErrorCode::TooLong,
            "the draft is larger than the app keeps",
        ));
    }
    let pool = vault.write_pool().await?;
    let updated_at = now();
    sqlx::query(
        "INSERT INTO journal_drafts (draft_key, payload, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT (draft_key) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at",
    )
    .bind(&key)
    .bind(&payload)
    .bind(&updated_at)
    .execute(&pool)
    .await
    .map_err(|e| Error::db("saving the draft", e))?;
    Ok(JournalDraft {
        key,
        payload,
        updated_at,
    })
}

pub async fn get_draft(vault: &VaultService, key: String) -> Result<Option<JournalDraft>> {
    check_draft_key(&key)?;
    let pool = vault.pool().await?;
    let row = sqlx::query("SELECT payload, updated_at FROM journal_drafts WHERE draft_key = ?")
        .bind(&key)
        .fetch_optional(&pool)
        .await
        .map_err(|e| Error::db("reading the draft", e))?;
    row.map(|r| {
        Ok(JournalDraft {
            key: key.clone(),
            payload: r.try_get("payload")?,
            updated_at: r.try_get("updated_at")?,
        })
    })
    .transpose()
    .map_err(|e: sqlx::Error| Error::db("reading the draft", e))
}

pub async fn discard_draft(vault: &VaultService, key: String) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    delete_draft(&mut tx, Some(&key)).await?;
    crate::storage::commit(tx).await
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typed_text_becomes_quoted_phrases() {
        assert_eq!(
            fts_query("walk park").as_deref(),
            Some("\"walk\" \"park\"*")
        );
        assert_eq!(
            fts_query("\"unbalanced (NEAR* AND").as_deref(),
            Some("\"unbalanced\" \"NEAR\" \"AND\"*")
        );
        assert_eq!(fts_query("😀 !!"), None);
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("café's").as_deref(), Some("\"café\" \"s\"*"));
    }
}
