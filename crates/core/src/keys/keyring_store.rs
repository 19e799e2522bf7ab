//! The OS keyring, behind a small trait so slot logic can be unit-tested with a memory store.
//!
//! Every call to the real keyring runs on its own thread with a timeout: with a display and a
//! locked login keyring, the Secret Service opens an unlock prompt and a call can block for as
//! long as nobody answers it. On timeout the caller falls back to the passphrase; it never hangs.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};

/// The keyring "service" name all entries of this app live under.
pub const KEYRING_SERVICE: &str = "ipt-companion";
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(4);

pub trait SecretStore: Send + Sync {
    /// Stores `secret` under `account`, replacing any earlier one.
    fn set(&self, account: &str, secret: &[u8]) -> Result<()>;
    /// Reads the secret; `KeyringEntryMissing` when there is none.
    fn get(&self, account: &str) -> Result<Zeroizing<Vec<u8>>>;
    /// Removes the secret; succeeds when there was none.
    fn delete(&self, account: &str) -> Result<()>;
    /// Whether the store can be used right now (quick round trip on a probe entry).
    fn probe(&self) -> Result<()> {
        let account = "availability-probe";
        self.set(account, b"probe")?;
        self.delete(account)
    }
}

/// The platform keyring: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
#[derive(Default)]
pub struct OsKeyring {
    timeout: Option<Duration>,
}

impl OsKeyring {
    pub fn new() -> Self {
        Self { timeout: None }
    }

    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout: Some(timeout),
        }
    }

    fn run<T: Send + 'static>(&self, op: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
        let (tx, rx) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("keyring".into())
            .spawn(move || {
                let _ = tx.send(op());
            })
            .map_err(|e| Error::new(ErrorCode::Internal, format!("keyring thread: {e}")))?;
        // A thread stuck behind an unanswered prompt is left to finish on its own; the app
        // carries on with the passphrase.
        match rx.recv_timeout(self.timeout.unwrap_or(KEYRING_TIMEOUT)) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::new(
                ErrorCode::KeyringTimeout,
                "the keyring did not answer in time",
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::new(
                ErrorCode::KeyringUnavailable,
                "the keyring thread ended without an answer",
            )),
        }
    }
}

fn map_keyring_err(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoEntry => Error::new(
            ErrorCode::KeyringEntryMissing,
            "the keyring holds no entry for this vault",
        ),
        other => Error::new(ErrorCode::KeyringUnavailable, format!("keyring: {other}")),
    }
}

fn entry(account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, account).map_err(map_keyring_err)
}

impl SecretStore for OsKeyring {
    fn set(&self, account: &str, secret: &[u8]) -> Result<()> {
        let account = account.to_owned();
        let secret = Zeroizing::new(secret.to_vec());
        self.run(move || {
            entry(&account)?
                .set_secret(&secret)
                .map_err(map_keyring_err)
        })
    }

    fn get(&self, account: &str) -> Result<Zeroizing<Vec<u8>>> {
        let account = account.to_owned();
        self.run(move || {
            entry(&account)?
                .get_secret()
                .map(Zeroizing::new)
                .map_err(map_keyring_err)
        })
    }

    fn delete(&self, account: &str) -> Result<()> {
        let account = account.to_owned();
        self.run(move || match entry(&account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_err(e)),
        })
    }
}

/// An in-memory store for unit tests of slot logic. Never the only proof: the real keyring is
/// exercised against a Secret Service in `tests/keyring_secret_service.rs`.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Vec<u8>>>,
    unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that behaves like a machine without a Secret Service.
    pub fn unavailable() -> Self {
        Self {
            entries: Mutex::default(),
            unavailable: true,
        }
    }

    fn check(&self) -> Result<()> {
        if self.unavailable {
            Err(Error::new(
                ErrorCode::KeyringUnavailable,
                "no keyring (test store)",
            ))
        } else {
            Ok(())
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn set(&self, account: &str, secret: &[u8]) -> Result<()> {
        self.check()?;
        self.lock().insert(account.to_owned(), secret.to_vec());
        Ok(())
    }

    fn get(&self, account: &str) -> Result<Zeroizing<Vec<u8>>> {
        self.check()?;
        self.lock()
            .get(account)
            .map(|v| Zeroizing::new(v.clone()))
            .ok_or_else(|| Error::new(ErrorCode::KeyringEntryMissing, "no entry (test store)"))
    }

    fn delete(&self, account: &str) -> Result<()> {
        self.check()?;
        self.lock().remove(account);
        Ok(())
    }
}
