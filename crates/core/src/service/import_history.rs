//! "Bring your history": a Daylio CSV export, or a folder of Markdown or plain-text files, into
//! the journal. A preview reads the file (or folder) and the journal and changes nothing; apply
//! reads it again with the patient's mood mapping, checks every entry by the journal's rules,
//! and only then writes the new ones in one transaction through the journal's repository.
//!
//! Rows or files that cannot be used never block the import: the preview lists each with its
//! reason before the patient confirms, and apply skips them. Fixing them and importing the same
//! file again adds only what is new, because an entry whose moment and text the journal already
//! holds (live or in the trash) is never added twice.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::import_history::{
    self as domain, Candidate, MAX_CSV_BYTES, MAX_FILE_BYTES, MAX_FOLDER_BYTES, MAX_FOLDER_FILES,
    MAX_LISTED_UNREADABLE, MoodChoice, MoodMap, MoodWord, Parsed, Place, Unreadable,
    UnreadableReason,
};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, LimitField, Result};
use crate::service::vault::VaultService;
use crate::storage::{self, journal as repo};

/// What a file or folder would bring in, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// New entries that "Add" would write.
    #[ts(type = "number")]
    pub entries: u64,
    /// The local day of the earliest and the latest new entry (`YYYY-MM-DD`).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Rows or files that cannot be brought in, with the reason (the first 200).
    pub unreadable: Vec<Unreadable>,
    /// All of them.
    #[ts(type = "number")]
    pub unreadable_count: u64,
    /// Daylio: every mood word in the file and the mood it becomes.
    pub mood_words: Vec<MoodWord>,
    /// Entries the journal already holds (or that the file repeats): not added again.
    #[ts(type = "number")]
    pub already_present: u64,
    /// Folder: new entries whose file had no mood, which take the mood chosen for them.
    #[ts(type = "number")]
    pub without_mood: u64,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    #[ts(type = "number")]
    pub added: u64,
    #[ts(type = "number")]
    pub already_present: u64,
    /// Rows or files left out because they could not be read.
    #[ts(type = "number")]
    pub skipped: u64,
}

/// A path the patient chose: full, without NUL characters.
fn chosen_path(path: &str) -> Result<PathBuf> {
    let p = PathBuf::from(path.trim());
    if path.trim().is_empty() || path.contains('\0') || !p.is_absolute() {
        return Err(Error::invalid("the file or folder must be a full path"));
    }
    Ok(p)
}

fn unreadable_file(what: &str, e: &std::io::Error) -> Error {
    // The OS's words name the error, never the path's contents or the file's.
    Error::new(ErrorCode::FileUnreadable, format!("{what}: {}", e.kind()))
}

/// The Daylio file's bytes, refused before reading when it is too large.
fn read_csv(path: &str) -> Result<Vec<u8>> {
    let path = chosen_path(path)?;
    let meta = std::fs::metadata(&path).map_err(|e| unreadable_file("opening the file", &e))?;
    if !meta.is_file() {
        return Err(Error::new(ErrorCode::FileUnreadable, "not a file"));
    }
    if meta.len() > MAX_CSV_BYTES {
        return Err(domain::file_too_large(MAX_CSV_BYTES));
    }
    std::fs::read(&path).map_err(|e| unreadable_file("reading the file", &e))
}

fn parse_daylio<Tz: TimeZone>(path: &str, mapping: &[MoodChoice], tz: &Tz) -> Result<Parsed> {
    let moods = MoodMap::new(mapping)?;
    let bytes = read_csv(path)?;
    domain::parse_daylio(&bytes, &moods, tz)
}

/// Reads every `.md`, `.markdown` and `.txt` file directly in the folder (sub-folders are not
/// opened), in name order; each becomes one entry or one reason.
fn parse_folder<Tz: TimeZone>(path: &str, default_mood: i64, tz: &Tz) -> Result<Parsed> {
    if !(0..=10).contains(&default_mood) {
        return Err(Error::new(
            ErrorCode::InvalidMood,
            "mood must be between 0 and 10",
        ));
    }
    let dir = chosen_path(path)?;
    if !std::fs::metadata(&dir)
        .map_err(|e| unreadable_file("opening the folder", &e))?
        .is_dir()
    {
        return Err(Error::new(ErrorCode::FileUnreadable, "not a folder"));
    }
    let mut files: Vec<(String, PathBuf, u64)> = Vec::new();
    let mut total: u64 = 0;
    for item in std::fs::read_dir(&dir).map_err(|e| unreadable_file("reading the folder", &e))? {
        let item = item.map_err(|e| unreadable_file("reading the folder", &e))?;
        let name = item.file_name().to_string_lossy().into_owned();
        if !domain::is_text_file(&name) {
            continue;
        }
        // Sub-folders (even one named like a text file) are not opened; links are followed to
        // the file they name.
        let Ok(meta) = std::fs::metadata(item.path()) else {
            files.push((name, item.path(), 0));
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if files.len() >= MAX_FOLDER_FILES {
            return Err(Error::new(
                ErrorCode::TooMany,
                format!("at most {MAX_FOLDER_FILES} files in one folder"),
            )
            .with_limit(Some(LimitField::ImportFiles), MAX_FOLDER_FILES));
        }
        // A file too large for one entry is skipped unread, so it does not count here.
        if meta.len() <= MAX_FILE_BYTES {
            total += meta.len();
        }
        if total > MAX_FOLDER_BYTES {
            return Err(domain::file_too_large(MAX_FOLDER_BYTES));
        }
        files.push((name, item.path(), meta.len()));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let mut parsed = Parsed::default();
    for (name, path, len) in files {
        let place = Place::File(name.clone());
        let result = if len > MAX_FILE_BYTES {
            Err(UnreadableReason::TooLong)
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => domain::parse_text_file(&name, &bytes, default_mood, tz),
                Err(_) => Err(UnreadableReason::CannotRead),
            }
        };
        match result {
            Ok((entry, own_mood)) => parsed.candidates.push(Candidate {
                place,
                entry,
                default_mood: !own_mood,
            }),
            Err(reason) => parsed.unreadable.push(place.unreadable(reason)),
        }
    }
    Ok(parsed)
}

/// The candidates that are new: not already in the journal and not repeated earlier in the
/// file; and how many were left out as already there.
async fn new_entries(
    conn: &mut sqlx::SqliteConnection,
    candidates: Vec<Candidate>,
) -> Result<(Vec<Candidate>, u64)> {
    let pairs: Vec<(&str, &str)> = candidates
        .iter()
        .map(|c| (c.entry.occurred_utc.as_str(), c.entry.text.as_str()))
        .collect();
    let present = repo::already_present(conn, &pairs).await?;
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut fresh = Vec::with_capacity(candidates.len());
    let mut already = 0;
    for (c, here) in candidates.into_iter().zip(present) {
        if here || !seen.insert((c.entry.occurred_utc.clone(), c.entry.text.clone())) {
            already += 1;
        } else {
            fresh.push(c);
        }
    }
    Ok((fresh, already))
}

fn preview_of(parsed: Parsed, fresh: &[Candidate], already_present: u64) -> ImportPreview {
    let from = fresh
        .iter()
        .min_by(|a, b| a.entry.occurred_utc.cmp(&b.entry.occurred_utc));
    let to = fresh
        .iter()
        .max_by(|a, b| a.entry.occurred_utc.cmp(&b.entry.occurred_utc));
    ImportPreview {
        entries: fresh.len() as u64,
        from: from.map(|c| c.entry.occurred_day.clone()),
        to: to.map(|c| c.entry.occurred_day.clone()),
        unreadable_count: parsed.unreadable.len() as u64,
        unreadable: parsed
            .unreadable
            .into_iter()
            .take(MAX_LISTED_UNREADABLE)
            .collect(),
        mood_words: parsed.mood_words,
        already_present,
        without_mood: fresh.iter().filter(|c| c.default_mood).count() as u64,
    }
}

async fn preview(vault: &VaultService, mut parsed: Parsed) -> Result<ImportPreview> {
    let pool = vault.pool().await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the journal", e))?;
    let candidates = std::mem::take(&mut parsed.candidates);
    let (fresh, already) = new_entries(&mut conn, candidates).await?;
    Ok(preview_of(parsed, &fresh, already))
}

/// Writes the new entries, oldest first, in one transaction. Everything was checked by the
/// journal's rules before it begins; a failure part way leaves the journal as it was.
async fn apply(vault: &VaultService, parsed: Parsed) -> Result<ImportResult> {
    let skipped = parsed.unreadable.len() as u64;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = storage::begin(&pool).await?;
    let (mut fresh, already_present) = new_entries(&mut tx, parsed.candidates).await?;
    fresh.sort_by(|a, b| a.entry.occurred_utc.cmp(&b.entry.occurred_utc));
    for c in &fresh {
        repo::insert_entry(&mut tx, &c.entry, &now).await?;
    }
    storage::commit(tx).await?;
    Ok(ImportResult {
        added: fresh.len() as u64,
        already_present,
        skipped,
    })
}

/// What a Daylio export would bring in with the default mapping and the patient's choices over
/// it. Reads the file and the journal; writes nothing.
pub async fn preview_daylio<Tz: TimeZone>(
    vault: &VaultService,
    path: &str,
    mapping: Option<Vec<MoodChoice>>,
    tz: &Tz,
) -> Result<ImportPreview> {
    vault.pool().await?;
    let parsed = parse_daylio(path, mapping.as_deref().unwrap_or_default(), tz)?;
    preview(vault, parsed).await
}

/// Adds the export's new entries with the mapping the patient confirmed; rows that cannot be
/// read (an unmapped mood word among them) are skipped.
pub async fn apply_daylio<Tz: TimeZone>(
    vault: &VaultService,
    path: &str,
    mapping: Vec<MoodChoice>,
    tz: &Tz,
) -> Result<ImportResult> {
    vault.write_pool().await?;
    let parsed = parse_daylio(path, &mapping, tz)?;
    apply(vault, parsed).await
}

/// What a folder of `.md` / `.txt` files would bring in; files without a mood take
/// `default_mood`. Reads the files and the journal; writes nothing.
pub async fn preview_folder<Tz: TimeZone>(
    vault: &VaultService,
    path: &str,
    default_mood: i64,
    tz: &Tz,
) -> Result<ImportPreview> {
    vault.pool().await?;
    let parsed = parse_folder(path, default_mood, tz)?;
    preview(vault, parsed).await
}

/// Adds the folder's new entries; files that cannot be read are skipped.
pub async fn apply_folder<Tz: TimeZone>(
    vault: &VaultService,
    path: &str,
    default_mood: i64,
    tz: &Tz,
) -> Result<ImportResult> {
    vault.write_pool().await?;
    let parsed = parse_folder(path, default_mood, tz)?;
    apply(vault, parsed).await
}
