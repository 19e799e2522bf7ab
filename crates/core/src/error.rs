//! One error type for the whole core, each variant with a stable [`ErrorCode`].
//!
//! The code is what crosses IPC and what the UI maps to calm words; the message is for
//! developers. Messages never contain user text, passphrases or key material.

use serde::Serialize;
use ts_rs::TS;

/// Stable error codes. Renaming one is a breaking change for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ErrorCode {
    /// The passphrase, recovery code or key does not open this vault.
    WrongKey,
    /// The file at the vault path is not an IPT Companion vault (e.g. a plain SQLite file).
    NotAVault,
    /// The vault or its key-slot file is damaged and cannot be read.
    Damaged,
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
    /// A migration failed; the vault was left as it was before it.
    MigrationFailed,
    /// A file could not be read or written.
    Io,
    /// The database reported an error.
    Database,
    /// Something that should not happen did; the message says where.
    Internal,
}

/// The error shape that crosses IPC: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct Error {
    code: ErrorCode,
    message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn to_ipc(&self) -> IpcError {
        IpcError {
            code: self.code,
            message: self.message.clone(),
        }
    }

    pub(crate) fn io(context: &str, err: std::io::Error) -> Self {
        // io::Error messages carry OS text and, at most, a path we built: no user text.
        Self::new(ErrorCode::Io, format!("{context}: {err}"))
    }

    pub(crate) fn db(context: &str, err: sqlx::Error) -> Self {
        // sqlx errors carry SQLite's message, never bound values; the connect options (which hold
        // the key) are not part of them.
        match err {
            // The pool was closed by a lock while this call was on its way.
            sqlx::Error::PoolClosed => Self::new(ErrorCode::Locked, "the vault was locked"),
            err => Self::new(ErrorCode::Database, format!("{context}: {err}")),
        }
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
        }
    }
}
