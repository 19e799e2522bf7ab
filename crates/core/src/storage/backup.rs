//! The backup file: one file that carries its own key slots, so it opens on another computer with
//! the passphrase or the recovery code alone.
//!
//! Layout: the magic line `IPT-COMPANION-BACKUP\n`, a little-endian `u32` header length, the
//! header (JSON: format version, when and why it was made, the vault's layout version, the key
//! slots without the keyring slot, the database's length), then the encrypted database exactly
//! as `VACUUM INTO` wrote it (SQLCipher, the vault's own key). Nothing in the header is private:
//! no counts, no text. The database's pages carry SQLCipher's HMACs, so damage anywhere in them
//! shows in `cipher_integrity_check`.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::keys::slots::KeySlotFile;

const MAGIC: &[u8; 21] = b"IPT-COMPANION-BACKUP\n";
/// The header's format version this build writes and reads.
pub const BACKUP_FORMAT_VERSION: u32 = 1;
/// A header larger than this is not one of ours.
const MAX_HEADER_BYTES: u32 = 1024 * 1024;
/// The file name ending of a backup.
pub const EXTENSION: &str = "iptbackup";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupHeader {
    pub version: u32,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// `domain::backup::BackupKind` id.
    pub kind: String,
    /// The newest migration applied to the database inside.
    pub schema_version: i64,
    /// The passphrase and recovery slots (never the keyring slot, which does not travel).
    pub slots: KeySlotFile,
    pub db_bytes: u64,
}

fn not_a_backup(why: &str) -> Error {
    Error::new(
        ErrorCode::NotABackup,
        format!("this is not an IPT Companion backup ({why})"),
    )
}

/// Writes `header` and the database at `db` to `dest` through a temporary file in the same
/// folder (flushed, then renamed, then the folder flushed). On failure the temporary file is
/// removed and `dest` is untouched.
pub fn write(dest: &Path, header: &BackupHeader, db: &Path) -> Result<()> {
    let dir = dest.parent().unwrap_or_else(|| Path::new("."));
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("backup");
    let tmp = dir.join(format!(".{name}.partial"));
    let json = serde_json::to_vec(header)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising header: {e}")))?;
    let len = u32::try_from(json.len()).map_err(|_| Error::new(ErrorCode::Internal, "header"))?;
    let result = (|| -> std::io::Result<()> {
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut out = opts.open(&tmp)?;
        out.write_all(MAGIC)?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&json)?;
        let copied = std::io::copy(&mut File::open(db)?, &mut out)?;
        if copied != header.db_bytes {
            return Err(std::io::Error::other(
                "the database changed size while copying",
            ));
        }
        out.sync_all()?;
        fs::rename(&tmp, dest)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("writing the backup", e));
    }
    fsutil::sync_dir(dir)
}

/// Reads and checks a backup's header; returns it and where the database starts. A file that is
/// not a backup is `NotABackup`; one cut short is `Damaged`; one from a newer app's format is
/// `BackupTooNew`. Never changes the file.
pub fn read_header(path: &Path) -> Result<(BackupHeader, u64)> {
    let mut f = File::open(path).map_err(|e| Error::io("opening the backup", e))?;
    let total = f
        .metadata()
        .map_err(|e| Error::io("reading the backup", e))?
        .len();
    let mut magic = [0u8; MAGIC.len()];
    if f.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(not_a_backup("it does not start like one"));
    }
    let mut len = [0u8; 4];
    f.read_exact(&mut len)
        .map_err(|_| Error::new(ErrorCode::Damaged, "the backup is cut short"))?;
    let len = u32::from_le_bytes(len);
    if len > MAX_HEADER_BYTES {
        return Err(not_a_backup("its header is implausibly large"));
    }
    let mut json = vec![0u8; len as usize];
    f.read_exact(&mut json)
        .map_err(|_| Error::new(ErrorCode::Damaged, "the backup is cut short"))?;
    // The version first, so a newer format is named as such rather than as damage.
    let version = serde_json::from_slice::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.get("version").and_then(serde_json::Value::as_u64))
        .ok_or_else(|| Error::new(ErrorCode::Damaged, "the backup's header cannot be read"))?;
    if version > u64::from(BACKUP_FORMAT_VERSION) {
        return Err(Error::new(
            ErrorCode::BackupTooNew,
            "this backup was made by a newer version of the app",
        ));
    }
    let header: BackupHeader = serde_json::from_slice(&json)
        .map_err(|_| Error::new(ErrorCode::Damaged, "the backup's header cannot be read"))?;
    let start = (MAGIC.len() + 4) as u64 + u64::from(len);
    // Checked: the length comes from the file, and a huge one must not overflow.
    if start.checked_add(header.db_bytes) != Some(total) {
        return Err(Error::new(
            ErrorCode::Damaged,
            "the backup is cut short or has extra bytes",
        ));
    }
    Ok((header, start))
}

/// Copies the database out of a backup to `dest` (a new file, flushed, private).
pub fn extract(path: &Path, start: u64, db_bytes: u64, dest: &Path) -> Result<()> {
    let result = (|| -> std::io::Result<()> {
        let mut f = File::open(path)?;
        f.seek(SeekFrom::Start(start))?;
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut out = opts.open(dest)?;
        let copied = std::io::copy(&mut f.take(db_bytes), &mut out)?;
        if copied != db_bytes {
            return Err(std::io::Error::other("the backup is cut short"));
        }
        out.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(dest);
        return Err(Error::io("reading the database out of the backup", e));
    }
    Ok(())
}

/// The restore journal, `restore.pending` in the data folder: written (atomically) once the new
/// files are in place beside the old ones, removed once the swap is done. While it exists the
/// swap is finished before anything else opens the vault, so a restore stopped half way ends as
/// either the old vault (journal never written) or the new one (journal found and completed) —
/// never a mix of one's database and the other's keys.
#[derive(Debug, Serialize, Deserialize)]
pub struct RestoreJournal {
    /// File names in the data folder.
    pub new_db: String,
    pub new_keys: String,
    /// Folder (relative to the data folder) that receives the old vault's files.
    pub aside: String,
}

const JOURNAL: &str = "restore.pending";
/// Temporary files of a restore start with this.
pub const RESTORE_PREFIX: &str = ".restore-";

pub fn write_journal(paths: &super::VaultPaths, j: &RestoreJournal) -> Result<()> {
    let json = serde_json::to_vec_pretty(j)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising journal: {e}")))?;
    fsutil::write_atomic(&paths.dir.join(JOURNAL), &json)
}

/// Moves `from` to `to` unless that was done already (`from` gone).
fn move_once(from: &Path, to: &Path) -> Result<()> {
    if from.exists() {
        fs::rename(from, to).map_err(|e| Error::io("moving a vault file", e))?;
    }
    Ok(())
}

/// Finishes a restore that was stopped after its journal was written (each step is done once,
/// whatever was already done), or, without a journal, removes the temporary files of a restore
/// stopped before it. Returns whether a restore was finished.
pub fn finish_pending_restore(paths: &super::VaultPaths) -> Result<bool> {
    let journal = paths.dir.join(JOURNAL);
    let Ok(bytes) = fs::read(&journal) else {
        if let Ok(dir) = fs::read_dir(&paths.dir) {
            for e in dir.filter_map(|e| e.ok()) {
                if e.file_name().to_string_lossy().starts_with(RESTORE_PREFIX) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        return Ok(false);
    };
    let j: RestoreJournal = serde_json::from_slice(&bytes)
        .map_err(|_| Error::new(ErrorCode::Damaged, "the restore journal cannot be read"))?;
    let new_db = paths.dir.join(&j.new_db);
    let new_keys = paths.dir.join(&j.new_keys);
    let aside = paths.dir.join(&j.aside);
    fsutil::ensure_private_dir(&aside)?;
    // The old vault goes aside only while its replacement is still waiting: once the new
    // database is in place, `vault.db` is the new one and must stay.
    if new_db.exists() {
        move_once(&paths.db, &aside.join("vault.db"))?;
        for side in paths.sidecars() {
            if let Some(name) = side.file_name() {
                move_once(&side, &aside.join(name))?;
            }
        }
    }
    if new_keys.exists() {
        move_once(&paths.keys, &aside.join("vault.keys"))?;
    }
    fsutil::sync_dir(&aside)?;
    move_once(&new_db, &paths.db)?;
    move_once(&new_keys, &paths.keys)?;
    fsutil::sync_dir(&paths.dir)?;
    fs::remove_file(&journal).map_err(|e| Error::io("removing the restore journal", e))?;
    fsutil::sync_dir(&paths.dir)?;
    Ok(true)
}
