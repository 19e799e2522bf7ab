//! One error type for the whole core, each variant with a stable [`ErrorCode`].
//!
//! The code is what crosses IPC and what the UI maps to calm words; the message is for
//! developers. Messages never contain user text, passphrases or key material.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use ts_rs::TS;

/// How many times the database answered with a full disk or an I/O error in this process. The
/// vault service reopens its connections when this moves (`VaultService::pool`): after such a
/// failure SQLite can leave a connection with a stale view of the write-ahead log.
static WRITE_FAULTS: AtomicU64 = AtomicU64::new(0);

pub(crate) fn write_faults() -> u64 {
    WRITE_FAULTS.load(Ordering::Relaxed)
}

/// Stable error codes. Renaming one is a breaking change for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ErrorCode {
    /// The passphrase, recovery code or key does not open this vault.
    WrongKey,
    /// The file at the vault path is not an IPT Companion vault (e.g. a plain SQLite file).
    NotAVault,
    /// The vault file (`vault.db`) is damaged: a page fails its check or cannot be read.
    Damaged,
    /// The key-slot file (`vault.keys`) is missing beside an existing vault file.
    KeyFileMissing,
    /// The key-slot file (`vault.keys`) is empty, unreadable or asks for implausible settings.
    KeyFileDamaged,
    /// The vault file (`vault.db`) is missing beside an existing key-slot file.
    VaultFileMissing,
    /// The vault file (`vault.db`) is there but empty (0 bytes).
    VaultFileEmpty,
    /// `vault.db` and `vault.keys` are not the two halves of one vault: the key file records
    /// another database (one of the two was replaced, or the database's first page is damaged).
    KeysDoNotMatch,
    /// There is no vault yet; create one first.
    NoVault,
    /// A vault already exists; a new one is never made over it.
    VaultExists,
    /// The vault is locked; unlock it first.
    Locked,
    /// Another copy of the app has this vault open.
    VaultInUse,
    /// This computer's keyring (Secret Service, Keychain, Credential Manager) cannot be used now.
    KeyringUnavailable,
    /// The keyring did not answer in time (often a locked keyring waiting for a prompt).
    KeyringTimeout,
    /// The vault has a keyring slot but the keyring no longer holds its entry.
    KeyringEntryMissing,
    /// This vault has no keyring slot.
    NoKeyringSlot,
    /// The passphrase is too short.
    PassphraseTooShort,
    /// Input was refused (out of range, malformed).
    InvalidInput,
    /// A date or time was missing, malformed or implausible.
    InvalidDate,
    /// A mood outside 0–10.
    InvalidMood,
    /// A text is longer than the app accepts (the UI warns before the limit).
    TooLong,
    /// The thing asked for does not exist (or is in the trash when it should not be).
    NotFound,
    /// The linked SQLite has no SQLCipher: refusing to store anything unencrypted.
    CipherMissing,
    /// Making or verifying the backup before a migration failed; nothing was changed.
    BackupFailed,
    /// The file chosen to restore from is not an IPT Companion backup.
    NotABackup,
    /// The backup was made by a newer version of the app; this one cannot read it.
    BackupTooNew,
    /// A migration failed; the vault was left as it was before it.
    MigrationFailed,
    /// "Someone new" was chosen but no name, initials or alias was given.
    NameMissing,
    /// A list holds more items than the app accepts (`field` and `limit` say which and how many).
    TooMany,
    /// The disk (or the patient's quota) is full: nothing more can be written until space is freed.
    DiskFull,
    /// The data folder or a file in it cannot be written (read-only disk, permissions).
    NotWritable,
    /// The file chosen to import is larger than an export the app would ever write.
    ImportTooLarge,
    /// The file chosen to import is not an IPT Companion export (not JSON, or another format).
    NotAnExport,
    /// The export was written by a newer version of the app (a format version this one does
    /// not know).
    ExportTooNew,
    /// The export has something the app would not accept: a wrong type, an unknown field, a value
    /// out of range or nested too deep. The message says where, never what.
    ImportInvalid,
    /// The export names the same item (stable id) twice.
    ImportDuplicate,
    /// The export links to something (a person, a check-in) that is neither in the file nor in
    /// this vault.
    ImportMissingLink,
    /// Another import is running into this vault; one at a time.
    ImportInProgress,
    /// The Daylio file or the folder chosen to bring history in from is larger than the app
    /// reads at once (`limit` in MB).
    FileTooLarge,
    /// The file chosen is not a Daylio CSV export (no date, time or mood column; not a CSV).
    NotADaylioExport,
    /// The file or folder chosen could not be opened or read (gone, no permission, a folder
    /// where a file was expected).
    FileUnreadable,
    /// There was nothing to write: no check-ins in the period chosen, for example.
    NothingToExport,
    /// A file could not be read or written.
    Io,
    /// The database reported an error.
    Database,
    /// Something that should not happen did; the message says where.
    Internal,
}

/// The fields whose limits the UI names when one is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LimitField {
    Tags,
    Feelings,
    Events,
    /// The safety plan's lists, named as its steps are.
    WarningSigns,
    Coping,
    Distractions,
    Helpers,
    Professionals,
    SaferSurroundings,
    /// Rows in one Daylio export, files in one folder brought in at once.
    ImportRows,
    ImportFiles,
}

/// The error shape that crosses IPC: `{ code, message }`, and for a limit, which field and what
/// the limit is (so the UI can name both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// The field a limit applies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<LimitField>,
    /// The limit that was passed (characters for `TooLong`, items for `TooMany`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u32>,
}

type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct Error {
    code: ErrorCode,
    message: String,
    field: Option<LimitField>,
    limit: Option<u32>,
    /// What SQLite or the OS said, for developers' diagnostics (never user text).
    #[source]
    cause: Option<Cause>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            limit: None,
            cause: None,
        }
    }

    /// Names the field and the limit it passed, for the UI to say both.
    pub fn with_limit(mut self, field: Option<LimitField>, limit: usize) -> Self {
        self.field = field;
        self.limit = Some(u32::try_from(limit).unwrap_or(u32::MAX));
        self
    }

    fn caused_by(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }

    pub fn field(&self) -> Option<LimitField> {
        self.field
    }

    pub fn limit(&self) -> Option<u32> {
        self.limit
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn io(context: &str, err: std::io::Error) -> Self {
        // io::Error messages carry OS text and, at most, a path we built: no user text.
        let code = io_code(&err);
        Self::new(code, format!("{context}: {err}")).caused_by(err)
    }

    pub(crate) fn db(context: &str, err: sqlx::Error) -> Self {
        // sqlx errors carry SQLite's message, never bound values; the connect options (which hold
        // the key) are not part of them.
        let code = match &err {
            // The pool was closed by a lock while this call was on its way.
            sqlx::Error::PoolClosed => {
                return Self::new(ErrorCode::Locked, "the vault was locked");
            }
            sqlx::Error::Io(io) => io_code(io),
            err => match sqlite_code(err) {
                Some(SQLITE_CORRUPT | SQLITE_NOTADB) => ErrorCode::Damaged,
                Some(SQLITE_FULL) => ErrorCode::DiskFull,
                Some(SQLITE_READONLY | SQLITE_PERM | SQLITE_CANTOPEN) => ErrorCode::NotWritable,
                Some(SQLITE_IOERR) if is_ioerr_nospace(err) => ErrorCode::DiskFull,
                Some(SQLITE_IOERR) => ErrorCode::Io,
                _ => ErrorCode::Database,
            },
        };
        if matches!(code, ErrorCode::DiskFull | ErrorCode::Io) {
            WRITE_FAULTS.fetch_add(1, Ordering::Relaxed);
        }
        Self::new(code, format!("{context}: {err}")).caused_by(err)
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        IpcError {
            code: e.code,
            message: e.message,
            field: e.field,
            limit: e.limit,
        }
    }
}

impl IpcError {
    /// An argument that did not have the shape a command takes. The message names the command and
    /// the argument, never the value (it may be the patient's text).
    pub fn bad_argument(command: &str, argument: &str) -> Self {
        IpcError {
            code: ErrorCode::InvalidInput,
            message: format!(
                "argument `{argument}` of `{command}` is missing or has the wrong type"
            ),
            field: None,
            limit: None,
        }
    }
}

pub(crate) const SQLITE_PERM: i64 = 3;
pub(crate) const SQLITE_READONLY: i64 = 8;
pub(crate) const SQLITE_IOERR: i64 = 10;
pub(crate) const SQLITE_CORRUPT: i64 = 11;
pub(crate) const SQLITE_FULL: i64 = 13;
pub(crate) const SQLITE_CANTOPEN: i64 = 14;
pub(crate) const SQLITE_NOTADB: i64 = 26;

/// SQLite's extended result code from a sqlx error, if it came from the database.
pub(crate) fn sqlite_extended_code(e: &sqlx::Error) -> Option<i64> {
    match e {
        sqlx::Error::Database(db) => db.code().and_then(|c| c.parse::<i64>().ok()),
        _ => None,
    }
}

/// SQLite's primary result code from a sqlx error, if it came from the database.
pub(crate) fn sqlite_code(e: &sqlx::Error) -> Option<i64> {
    sqlite_extended_code(e).map(|c| c & 0xff)
}

/// SQLITE_IOERR_WRITE / _FSYNC / _TRUNCATE on a full disk: SQLite reports some ENOSPC cases as
/// I/O errors rather than SQLITE_FULL; its message then says so.
fn is_ioerr_nospace(e: &sqlx::Error) -> bool {
    let text = e.to_string().to_lowercase();
    text.contains("no space") || text.contains("disk is full")
}

/// Sorts an OS error: a full disk, a folder that cannot be written, or any other I/O failure.
fn io_code(e: &std::io::Error) -> ErrorCode {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded => ErrorCode::DiskFull,
        K::ReadOnlyFilesystem | K::PermissionDenied => ErrorCode::NotWritable,
        _ => ErrorCode::Io,
    }
}
