//! Backups and restore. A backup is made from the live vault without stopping it, checked twice
//! (the copy, then the finished file read back), and only then counts; old ones are rotated
//! away. A restore checks the backup whole with the patient's passphrase or recovery code before
//! anything changes, then swaps the files in one journalled step, the replaced vault kept aside.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::domain::backup::{self, BackupKind, Dated};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::keys::DataKey;
use crate::keys::slots::{KeySlotFile, SlotKind};
use crate::service::vault::VaultService;
use crate::storage::backup::{
    BACKUP_FORMAT_VERSION, BackupHeader, EXTENSION, RESTORE_PREFIX, RestoreJournal,
};
use crate::storage::{self, settings};

const SETTING_FOLDER: &str = "backup.folder";

/// One backup file, as listed in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The full path (what restore takes).
    pub path: String,
    pub file_name: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub kind: BackupKind,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What Settings shows about backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    pub folder: String,
    /// The newest backup in the folder (each one there was checked before it counted).
    pub last_good: Option<BackupInfo>,
    /// No backup for over a week: Settings says so, calmly.
    pub overdue: bool,
    #[ts(type = "number")]
    pub count: u64,
}

/// How the patient proves the backup is theirs.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum BackupSecret {
    Passphrase(String),
    RecoveryCode(String),
}

/// What a backup holds, shown before restoring from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestorePreview {
    pub created_at: String,
    pub kind: BackupKind,
    #[ts(type = "number")]
    pub entries: i64,
    #[ts(type = "number")]
    pub sessions: i64,
    #[ts(type = "number")]
    pub people: i64,
    /// Saved closeness circles.
    #[ts(type = "number")]
    pub circles: i64,
    #[ts(type = "number")]
    pub check_ins: i64,
}

fn failed(what: &str, e: Error) -> Error {
    // A full disk or a read-only folder keeps its own code: the words for it say what to do.
    match e.code() {
        ErrorCode::DiskFull | ErrorCode::NotWritable => e,
        _ => Error::new(ErrorCode::BackupFailed, format!("{what}: {}", e.message())),
    }
}

/// Where backups go: the patient's folder if they chose one, else `backups` in the data folder.
pub async fn folder(vault: &VaultService) -> Result<PathBuf> {
    let pool = vault.pool().await?;
    Ok(settings::get(&pool, SETTING_FOLDER)
        .await?
        .map(PathBuf::from)
        .unwrap_or_else(|| vault.paths().backups.clone()))
}

/// Chooses the folder (an absolute path; made if missing; proved writable by writing and
/// removing a small file). `None` goes back to the default. Nothing is moved: older backups stay
/// where they are.
pub async fn set_folder(vault: &VaultService, path: Option<String>) -> Result<String> {
    let pool = vault.write_pool().await?;
    let Some(path) = path.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()) else {
        settings::remove(&pool, SETTING_FOLDER).await?;
        return Ok(vault.paths().backups.display().to_string());
    };
    let dir = PathBuf::from(&path);
    if !dir.is_absolute() || path.contains('\0') {
        return Err(Error::invalid("the backup folder must be a full path"));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("making the backup folder", e))?;
    let probe = dir.join(".ipt-companion-write-test");
    fsutil::write_atomic(&probe, b"ok")?;
    let _ = std::fs::remove_file(&probe);
    settings::set(&pool, SETTING_FOLDER, &path).await?;
    Ok(path)
}

/// Every backup in `dir` whose header reads, newest first. Files that are not backups, or are
/// damaged, are not listed (and never deleted).
pub fn list_in(dir: &Path) -> Vec<BackupInfo> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == EXTENSION))
        .filter_map(|p| {
            let (h, _) = storage::backup::read_header(&p).ok()?;
            Some(BackupInfo {
                path: p.display().to_string(),
                file_name: p.file_name()?.to_string_lossy().into_owned(),
                created_at: h.created_at,
                kind: BackupKind::from_id(&h.kind)?,
                bytes: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    out
}

pub async fn list(vault: &VaultService) -> Result<Vec<BackupInfo>> {
    Ok(list_in(&folder(vault).await?))
}

fn parse_utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub async fn status(vault: &VaultService, now: DateTime<Utc>) -> Result<BackupStatus> {
    let dir = folder(vault).await?;
    let all = list_in(&dir);
    let last_good = all.first().cloned();
    let overdue = last_good
        .as_ref()
        .and_then(|b| parse_utc(&b.created_at))
        .is_none_or(|t| now - t > chrono::Duration::days(backup::WARN_AFTER_DAYS));
    Ok(BackupStatus {
        folder: dir.display().to_string(),
        last_good,
        overdue,
        count: all.len() as u64,
    })
}

/// The key slots a backup carries: the passphrase and recovery slots, never the keyring's.
fn travelling_slots(vault: &VaultService) -> Result<KeySlotFile> {
    let mut slots = KeySlotFile::load(&vault.paths().keys)?;
    slots.slots.retain(|s| s.kind != SlotKind::Keyring);
    if slots.slots.is_empty() {
        return Err(Error::new(
            ErrorCode::BackupFailed,
            "the vault has no passphrase or recovery slot to put in a backup",
        ));
    }
    Ok(slots)
}

/// Reads the backup at `path` back and checks its database whole with `key`; returns its header.
async fn check_backup_file(path: &Path, key: &DataKey, scratch: &Path) -> Result<BackupHeader> {
    let (header, start) = storage::backup::read_header(path)?;
    storage::backup::extract(path, start, header.db_bytes, scratch)?;
    let checked = storage::verify_file(scratch, key).await;
    let _ = std::fs::remove_file(scratch);
    checked?;
    Ok(header)
}

/// Makes a backup now (the vault stays open for reading and writing), checks it, and rotates
/// the folder. Any failure removes what it wrote and leaves the vault and the other backups as
/// they were.
pub async fn back_up(
    vault: &VaultService,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    let (pool, key) = vault.backup_source().await?;
    let dir = folder(vault).await?;
    fsutil::ensure_private_dir(&dir).map_err(|e| failed("making the backup folder", e))?;
    remove_stale_partials(&dir);
    let stamp = now.format("%Y%m%dT%H%M%S%.3fZ").to_string();
    let copy = dir.join(format!(".{stamp}.db.partial"));
    let scratch = dir.join(format!(".{stamp}.check.partial"));
    let dest = dir.join(format!("ipt-companion-{stamp}-{}.{EXTENSION}", kind.id()));
    let result = async {
        storage::vacuum_into(&pool, &copy)
            .await
            .map_err(|e| failed("copying the vault", e))?;
        let schema_version = storage::verify_file(&copy, &key)
            .await
            .map_err(|e| failed("checking the copy", e))?;
        let header = BackupHeader {
            version: BACKUP_FORMAT_VERSION,
            created_at: utc_string(now),
            kind: kind.id().to_owned(),
            schema_version,
            slots: travelling_slots(vault)?,
            db_bytes: std::fs::metadata(&copy)
                .map_err(|e| Error::io("reading the copy", e))?
                .len(),
        };
        storage::backup::write(&dest, &header, &copy).map_err(|e| failed("writing", e))?;
        let _ = std::fs::remove_file(&copy);
        check_backup_file(&dest, &key, &scratch)
            .await
            .map_err(|e| failed("reading the backup back", e))?;
        Ok(BackupInfo {
            path: dest.display().to_string(),
            file_name: dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            created_at: header.created_at,
            kind,
            bytes: std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0),
        })
    }
    .await;
    match result {
        Ok(info) => {
            rotate(&dir, now.with_timezone(&Local).date_naive());
            prune_safety_copies(&vault.paths().backups, now);
            Ok(info)
        }
        Err(e) => {
            for f in [&copy, &scratch, &dest] {
                let _ = std::fs::remove_file(f);
            }
            Err(e)
        }
    }
}

/// Removes what a backup interrupted by a crash or a power cut left behind (`.….partial` files
/// and their journals: encrypted, but whole copies of the vault that nothing else would ever
/// remove). Only files untouched for an hour: a backup running right now is never disturbed.
pub fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > hour);
        if name.starts_with('.') && name.contains(".partial") && stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Deletes the backups rotation no longer keeps (see `domain::backup::to_delete`).
fn rotate(dir: &Path, today: chrono::NaiveDate) {
    let dated: Vec<Dated<String>> = list_in(dir)
        .into_iter()
        .filter_map(|b| {
            Some(Dated {
                created_at: parse_utc(&b.created_at)?,
                kind: b.kind,
                id: b.path,
            })
        })
        .collect();
    for path in backup::to_delete(&dated, today, |t| t.with_timezone(&Local).date_naive()) {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes the copies made before a migration (`pre-migration-*.db`) and the vaults a restore
/// set aside (`before-restore-*/`) in the data folder's `backups` once they are older than
/// [`backup::KEEP_SAFETY_DAYS`] (by when they were last written). Nothing else is touched.
pub fn prune_safety_copies(dir: &Path, now: DateTime<Utc>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let pre = name.starts_with("pre-migration-") && name.ends_with(".db") && path.is_file();
        let aside = name.starts_with("before-restore-") && path.is_dir();
        if !(pre || aside) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .is_ok_and(|t| now - t > chrono::Duration::days(backup::KEEP_SAFETY_DAYS));
        if old {
            let _ = if aside {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// When the vault last changed on disk (the database or its write-ahead log).
fn changed_at(vault: &VaultService) -> Option<DateTime<Utc>> {
    let [wal, _] = vault.paths().sidecars();
    [vault.paths().db.clone(), wal]
        .iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()
        .map(DateTime::<Utc>::from)
}

/// The automatic backup: made when due (after changes, at most daily), only while unlocked.
/// `Ok(None)` when nothing was due or the vault is locked.
pub async fn automatic(vault: &VaultService, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    if vault.pool().await.is_err() {
        return Ok(None);
    }
    let last = list(vault)
        .await?
        .first()
        .and_then(|b| parse_utc(&b.created_at));
    if !backup::automatic_due(now, last, changed_at(vault)) {
        return Ok(None);
    }
    back_up(vault, BackupKind::Automatic, now).await.map(Some)
}

/// Reads the backup's header, refuses one from a newer app, and unwraps its key with the
/// patient's secret (slow on purpose: Argon2id).
async fn open_backup(path: &Path, secret: BackupSecret) -> Result<(BackupHeader, u64, DataKey)> {
    let (header, start) = storage::backup::read_header(path)?;
    if header.schema_version > storage::newest_migration() {
        return Err(Error::new(
            ErrorCode::BackupTooNew,
            "this backup was made by a newer version of the app",
        ));
    }
    let slots = header.slots.clone();
    let key = tokio::task::spawn_blocking(move || match secret {
        BackupSecret::Passphrase(p) => slots.unlock_passphrase(&Zeroizing::new(p)),
        BackupSecret::RecoveryCode(c) => slots.unlock_recovery(&Zeroizing::new(c)),
    })
    .await
    .map_err(|e| Error::new(ErrorCode::Internal, format!("unlocking the backup: {e}")))??;
    Ok((header, start, key))
}

fn scratch_name(now: DateTime<Utc>, what: &str) -> String {
    format!(
        "{RESTORE_PREFIX}{}-{what}",
        now.format("%Y%m%dT%H%M%S%.3fZ")
    )
}

/// Checks the backup whole and says what it holds, changing nothing.
pub async fn preview(
    vault: &VaultService,
    path: String,
    secret: BackupSecret,
) -> Result<RestorePreview> {
    let path = PathBuf::from(path);
    let (header, start, key) = open_backup(&path, secret).await?;
    let scratch = vault
        .paths()
        .dir
        .join(scratch_name(Utc::now(), "preview.db"));
    storage::backup::extract(&path, start, header.db_bytes, &scratch)?;
    let result = async {
        storage::verify_file(&scratch, &key).await?;
        let pool = storage::open_read_only(&scratch, &key).await?;
        let counts = async {
            Ok::<_, Error>((
                storage::journal::count(&pool).await?,
                storage::course::count(&pool).await?,
                storage::people::count(&pool).await?,
                storage::circle::count(&pool).await?,
                storage::checkins::count(&pool).await?,
            ))
        }
        .await;
        pool.close().await;
        counts
    }
    .await;
    let _ = std::fs::remove_file(&scratch);
    let (entries, sessions, people, circles, check_ins) = result?;
    Ok(RestorePreview {
        created_at: header.created_at,
        kind: BackupKind::from_id(&header.kind).unwrap_or(BackupKind::Manual),
        entries,
        sessions,
        people,
        circles,
        check_ins,
    })
}

/// Replaces this computer's vault with the backup's, after checking the backup whole with the
/// patient's secret. The vault is locked first; the one replaced (if any) is kept in
/// `backups/before-restore-<time>/`. Afterwards the patient unlocks with the backup's passphrase
/// or recovery code (the keyring does not travel). Any failure before the swap changes nothing.
pub async fn restore(vault: &VaultService, path: String, secret: BackupSecret) -> Result<()> {
    let now = Utc::now();
    let path = PathBuf::from(path);
    let (header, start, key) = open_backup(&path, secret).await?;
    let dir = vault.paths().dir.clone();
    let new_db = scratch_name(now, "vault.db");
    let new_keys = scratch_name(now, "vault.keys");
    let prepared = async {
        storage::backup::extract(&path, start, header.db_bytes, &dir.join(&new_db))?;
        storage::verify_file(&dir.join(&new_db), &key).await?;
        // The key file records the database it opens: the backup's own.
        let mut slots = header.slots.clone();
        slots.db_salt = storage::db_salt(&dir.join(&new_db));
        slots.save(&dir.join(&new_keys))
    }
    .await;
    if let Err(e) = prepared {
        let _ = std::fs::remove_file(dir.join(&new_db));
        let _ = std::fs::remove_file(dir.join(&new_keys));
        return Err(e);
    }
    drop(key);
    vault.lock().await;
    let aside = vault
        .paths()
        .backups
        .strip_prefix(&dir)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from("backups"))
        .join(format!(
            "before-restore-{}",
            now.format("%Y%m%dT%H%M%S%.3fZ")
        ));
    storage::backup::write_journal(
        vault.paths(),
        &RestoreJournal {
            new_db,
            new_keys,
            aside: aside.display().to_string(),
        },
    )?;
    storage::backup::finish_pending_restore(vault.paths())?;
    Ok(())
}
