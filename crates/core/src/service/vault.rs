//! Vault use cases: first run, unlock (keyring, passphrase, recovery code), lock, auto-lock,
//! passphrase change and recovery code renewal.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, watch};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::keys::kdf::KdfParams;
use crate::keys::keyring_store::SecretStore;
use crate::keys::slots::{KeySlotFile, SlotKind};
use crate::keys::{DataKey, recovery};
use crate::storage::{MIGRATOR, Vault, VaultPaths, journal as journal_repo, settings};

/// Shortest passphrase accepted. Long enough to resist guessing together with Argon2id, short
/// enough that a tired person can still type it.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
pub const MAX_PASSPHRASE_CHARS: usize = 1024;
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 10;
pub const MAX_AUTO_LOCK_MINUTES: u32 = 240;

const SETTING_AUTO_LOCK: &str = "vault.auto_lock_minutes";
const SETTING_RECOVERY_CONFIRMED: &str = "vault.recovery_confirmed";

/// Which of the vault's two files are in the data folder. Both are needed: the database holds the
/// writing, the key file the only ways to open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum VaultFiles {
    /// Neither: a first run.
    None,
    Both,
    /// `vault.keys` without `vault.db`: the database is missing.
    KeysOnly,
    /// `vault.db` without `vault.keys`: the key file is missing.
    DatabaseOnly,
}

/// What the whole-file check after unlocking found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Integrity {
    /// Still reading the file (large vaults take a moment); saving works meanwhile.
    Checking,
    /// Every page passed its check.
    Intact,
    /// Some page failed its check: what opens can be read, nothing more is written to the file.
    Damaged,
}

/// What the UI needs to pick a screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    /// A vault (both of its files) exists in the data folder.
    pub exists: bool,
    /// Which of the vault's files are there; with only one, the UI explains and never offers to
    /// create a new vault over it.
    pub files: VaultFiles,
    /// The data folder, so the patient knows where to put a missing file back.
    pub data_dir: String,
    /// Only known while unlocked.
    pub integrity: Option<Integrity>,
    pub unlocked: bool,
    /// The vault can be unlocked with this computer's keyring (if the keyring answers).
    pub has_keyring_slot: bool,
    /// Only known while unlocked.
    pub auto_lock_minutes: Option<u32>,
    /// Only known while unlocked: whether the patient confirmed saving the recovery code.
    pub recovery_confirmed: Option<bool>,
    /// Only while unlocked, when this unlock found the write-ahead log damaged (transactions
    /// after the damage could not be replayed): the name of the copy of the log kept, untouched,
    /// in the data folder.
    pub damaged_log_copy: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyringProbe {
    pub available: bool,
    /// Why not, when not: `KeyringUnavailable` or `KeyringTimeout`.
    pub reason: Option<ErrorCode>,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateVaultRequest {
    pub passphrase: String,
    /// Also unlock automatically with this computer's keyring.
    pub use_keyring: bool,
}

/// Returned once, at creation: the recovery code is never stored in the clear and cannot be shown
/// again.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreatedVault {
    pub recovery_code: String,
    pub keyring_slot: bool,
}

#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewRecoveryCode {
    pub recovery_code: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangePassphraseRequest {
    pub current: String,
    pub new_passphrase: String,
}

/// Which versions this build ships, for the About panel and the README.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultInfo {
    pub data_dir: String,
    pub sqlite_version: String,
    pub cipher_version: String,
}

/// How passphrase slots get their Argon2id cost.
#[derive(Debug, Clone, Copy)]
pub enum KdfPolicy {
    /// Measure this machine (about 0.7 s per unlock, never below 64 MiB / 3 passes).
    Calibrate,
    /// Fixed parameters (tests use the floor to keep runs short; still real Argon2id).
    Fixed(KdfParams),
}

impl KdfPolicy {
    fn params(self) -> Result<KdfParams> {
        match self {
            KdfPolicy::Calibrate => KdfParams::calibrate_passphrase(),
            KdfPolicy::Fixed(p) => Ok(p),
        }
    }
}

/// What "set aside" did: the files' new names, in the same folder.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetAside {
    pub moved_to: Vec<String>,
}

struct Unlocked {
    vault: Vault,
    last_activity: Instant,
    auto_lock: Duration,
    integrity: watch::Receiver<Integrity>,
    /// The background integrity check, if one runs; locking waits for it, so no connection
    /// outlives the key and nothing is left running when the app quits.
    checker: Option<tokio::task::JoinHandle<()>>,
    /// `error::write_faults()` when the connections were last (re)opened.
    faults_seen: u64,
    /// The copy kept of a damaged write-ahead log found at this unlock.
    damaged_log_copy: Option<String>,
}

impl Unlocked {
    fn integrity(&self) -> Integrity {
        *self.integrity.borrow()
    }

    /// After the database answered a full disk or an I/O error (anywhere in the process), the
    /// next use reopens the connections (see `Vault::reconnect`).
    async fn recover_after_write_fault(&mut self) {
        let now = crate::error::write_faults();
        if now != self.faults_seen {
            self.faults_seen = now;
            if let Err(e) = self.vault.reconnect().await {
                log::warn!("reopening the vault's connections failed: {:?}", e.code());
            }
        }
    }

    async fn close(self) {
        if let Some(c) = self.checker {
            let _ = c.await;
        }
        self.vault.close().await;
    }
}

/// The app's handle on its data folder. One per process; holding it holds an exclusive lock on
/// the folder so two processes never share one vault.
pub struct VaultService {
    paths: VaultPaths,
    store: Arc<dyn SecretStore>,
    kdf: KdfPolicy,
    /// Vault files larger than this are checked in the background after unlocking; smaller ones
    /// (almost every vault) before unlocking returns.
    background_check_above: u64,
    state: Mutex<Option<Unlocked>>,
    _dir_lock: File,
}

/// About 55 ms of checking here (the check reads ~600 MB/s): below it, unlocking simply waits.
pub const BACKGROUND_CHECK_ABOVE_BYTES: u64 = 32 * 1024 * 1024;

fn check_passphrase(p: &str) -> Result<()> {
    let n = p.chars().count();
    if n < MIN_PASSPHRASE_CHARS {
        return Err(Error::new(
            ErrorCode::PassphraseTooShort,
            format!("a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters"),
        ));
    }
    if n > MAX_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "the passphrase is longer than this app accepts",
        ));
    }
    Ok(())
}

impl VaultService {
    /// Opens (creating if needed) the private data folder and takes its lock.
    pub fn new(
        data_dir: impl Into<PathBuf>,
        store: Arc<dyn SecretStore>,
        kdf: KdfPolicy,
    ) -> Result<Self> {
        let paths = VaultPaths::new(data_dir);
        fsutil::ensure_private_dir(&paths.dir)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&paths.lock)
            .map_err(|e| Error::io("opening the data folder lock", e))?;
        fsutil::make_private(&paths.lock)?;
        lock.try_lock().map_err(|e| match e {
            std::fs::TryLockError::WouldBlock => Error::new(
                ErrorCode::VaultInUse,
                "another copy of IPT Companion has this data folder open",
            ),
            std::fs::TryLockError::Error(e) => Error::io("locking the data folder", e),
        })?;
        // With the folder held: a restore stopped half way is finished (or its leftovers
        // removed) before anything looks at the vault files.
        crate::storage::backup::finish_pending_restore(&paths)?;
        Ok(Self {
            paths,
            store,
            kdf,
            background_check_above: BACKGROUND_CHECK_ABOVE_BYTES,
            state: Mutex::new(None),
            _dir_lock: lock,
        })
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// Checks vault files larger than `bytes` in the background (tests use 0 to exercise that
    /// path on small files).
    pub fn check_in_background_above(&mut self, bytes: u64) {
        self.background_check_above = bytes;
    }

    /// Which of the two vault files are present.
    pub fn files(&self) -> VaultFiles {
        match (self.paths.db.exists(), self.paths.keys.exists()) {
            (false, false) => VaultFiles::None,
            (true, true) => VaultFiles::Both,
            (false, true) => VaultFiles::KeysOnly,
            (true, false) => VaultFiles::DatabaseOnly,
        }
    }

    /// Refuses to make anything over existing vault files, naming what is there.
    fn check_nothing_to_overwrite(&self) -> Result<()> {
        match self.files() {
            VaultFiles::None => Ok(()),
            VaultFiles::Both => Err(Error::new(
                ErrorCode::VaultExists,
                "a vault already exists here",
            )),
            VaultFiles::KeysOnly => Err(Error::new(
                ErrorCode::VaultFileMissing,
                "vault.keys is here but vault.db is missing; nothing new is made over it",
            )),
            VaultFiles::DatabaseOnly => Err(Error::new(
                ErrorCode::KeyFileMissing,
                "vault.db is here but vault.keys is missing; nothing new is made over it",
            )),
        }
    }

    pub async fn status(&self) -> Result<VaultStatus> {
        let files = self.files();
        let exists = files == VaultFiles::Both;
        let has_keyring_slot = exists
            && KeySlotFile::load(&self.paths.keys)
                .map(|f| f.has(SlotKind::Keyring))
                .unwrap_or(false);
        let state = self.state.lock().await;
        let integrity = state.as_ref().map(Unlocked::integrity);
        let damaged_log_copy = state.as_ref().and_then(|u| u.damaged_log_copy.clone());
        let (auto_lock_minutes, recovery_confirmed) = match state.as_ref() {
            Some(u) => {
                let pool = u.vault.pool();
                let confirmed = settings::get(pool, SETTING_RECOVERY_CONFIRMED)
                    .await?
                    .as_deref()
                    == Some("1");
                (Some(minutes(u.auto_lock)), Some(confirmed))
            }
            None => (None, None),
        };
        Ok(VaultStatus {
            exists,
            files,
            data_dir: self.paths.dir.display().to_string(),
            integrity,
            unlocked: state.is_some(),
            has_keyring_slot,
            auto_lock_minutes,
            recovery_confirmed,
            damaged_log_copy,
        })
    }

    /// Whether this computer's keyring can be used now (a round trip with a probe entry).
    pub async fn probe_keyring(&self) -> KeyringProbe {
        let store = Arc::clone(&self.store);
        let r = tokio::task::spawn_blocking(move || store.probe()).await;
        match r {
            Ok(Ok(())) => KeyringProbe {
                available: true,
                reason: None,
            },
            Ok(Err(e)) => KeyringProbe {
                available: false,
                reason: Some(match e.code() {
                    ErrorCode::KeyringTimeout => ErrorCode::KeyringTimeout,
                    _ => ErrorCode::KeyringUnavailable,
                }),
            },
            Err(_) => KeyringProbe {
                available: false,
                reason: Some(ErrorCode::KeyringUnavailable),
            },
        }
    }

    /// First run: a new random data key, its slots (passphrase, recovery code, optionally the
    /// keyring), then the encrypted database. Never runs over an existing vault.
    pub async fn create(&self, req: CreateVaultRequest) -> Result<CreatedVault> {
        check_passphrase(&req.passphrase)?;
        let mut state = self.state.lock().await;
        // Never over a key file or database this call did not make: one file alone may be the
        // half of a vault the patient is still bringing back.
        self.check_nothing_to_overwrite()?;
        let key = DataKey::generate()?;
        let code = recovery::generate()?;
        let passphrase = zeroize::Zeroizing::new(req.passphrase);
        let kdf = self.kdf;
        let store = Arc::clone(&self.store);
        let use_keyring = req.use_keyring;
        // Argon2id and the keyring both block: keep them off the async runtime.
        let (key, slots) = blocking(move || {
            let mut slots = KeySlotFile::new()?;
            slots.set_passphrase(&key, &passphrase, kdf.params()?)?;
            slots.set_recovery(&key, &code)?;
            if use_keyring {
                slots.set_keyring(&key, store.as_ref())?;
            }
            Ok((key, (slots, code)))
        })
        .await?;
        let (slots, code) = slots;
        // The slots go to disk before the database, so no database ever exists without a way in.
        // Checked again: the folder may have changed while Argon2id ran.
        self.check_nothing_to_overwrite()?;
        // A write-ahead log left without its database would be replayed into the new one (or
        // overwritten): it is moved aside, never deleted.
        let [wal, shm] = self.paths.sidecars();
        self.move_aside(&[&wal, &shm])?;
        slots.save(&self.paths.keys)?;
        let vault = match Vault::create(&self.paths.db, key, &MIGRATOR).await {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&self.paths.keys);
                slots.clone().remove_keyring(self.store.as_ref());
                return Err(e);
            }
        };
        // Now the database exists: the key file records which one it opens. (Stopped before
        // this, the key file simply lacks the record and learns it at the next unlock.)
        if let Some(salt) = crate::storage::db_salt(&self.paths.db) {
            let mut slots = slots.clone();
            slots.db_salt = Some(salt);
            slots.save(&self.paths.keys)?;
        }
        settings::set(
            vault.pool(),
            SETTING_AUTO_LOCK,
            &DEFAULT_AUTO_LOCK_MINUTES.to_string(),
        )
        .await?;
        settings::set(vault.pool(), SETTING_RECOVERY_CONFIRMED, "0").await?;
        let (_, integrity) = watch::channel(Integrity::Intact);
        *state = Some(Unlocked {
            vault,
            last_activity: Instant::now(),
            auto_lock: Duration::from_secs(u64::from(DEFAULT_AUTO_LOCK_MINUTES) * 60),
            integrity,
            // A new vault has nothing to check.
            checker: None,
            faults_seen: crate::error::write_faults(),
            damaged_log_copy: None,
        });
        Ok(CreatedVault {
            recovery_code: code.as_str().to_owned(),
            keyring_slot: slots.has(SlotKind::Keyring),
        })
    }

    fn load_slots(&self) -> Result<KeySlotFile> {
        match self.files() {
            VaultFiles::None => Err(Error::new(ErrorCode::NoVault, "there is no vault yet")),
            VaultFiles::KeysOnly => Err(Error::new(
                ErrorCode::VaultFileMissing,
                "vault.db is missing beside vault.keys",
            )),
            VaultFiles::DatabaseOnly | VaultFiles::Both => KeySlotFile::load(&self.paths.keys),
        }
    }

    /// With only one of the two vault files present, moves what is there aside to dated names in
    /// the same folder (never deletes), so that a new vault can be made. Refused when both or
    /// neither are there.
    pub async fn set_aside_incomplete(&self) -> Result<SetAside> {
        let _state = self.state.lock().await;
        if !matches!(
            self.files(),
            VaultFiles::KeysOnly | VaultFiles::DatabaseOnly
        ) {
            return Err(Error::invalid(
                "only a single leftover vault file is ever moved aside",
            ));
        }
        let [wal, shm] = self.paths.sidecars();
        let moved_to = self.move_aside(&[&self.paths.db, &wal, &shm, &self.paths.keys])?;
        Ok(SetAside { moved_to })
    }

    /// Renames each of `paths` that exists to `<name>.set-aside-<UTC time>` in the same folder
    /// (never over another file) and returns the new names.
    fn move_aside(&self, paths: &[&PathBuf]) -> Result<Vec<String>> {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        let mut moved_to = Vec::new();
        for path in paths {
            if !path.exists() {
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let mut dest = self.paths.dir.join(format!("{name}.set-aside-{stamp}"));
            let mut n = 1;
            while dest.exists() {
                n += 1;
                dest = self.paths.dir.join(format!("{name}.set-aside-{stamp}-{n}"));
            }
            std::fs::rename(path, &dest).map_err(|e| Error::io("moving a file aside", e))?;
            moved_to.push(
                dest.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        fsutil::sync_dir(&self.paths.dir)?;
        Ok(moved_to)
    }

    pub async fn unlock_with_passphrase(&self, passphrase: String) -> Result<()> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        let slots = self.load_slots()?;
        let pair = self.pair(&slots);
        // No passphrase this long was ever accepted: answer at once rather than hash megabytes.
        if passphrase.chars().count() > MAX_PASSPHRASE_CHARS {
            return Err(pair.explain(Error::new(
                ErrorCode::WrongKey,
                "this does not unlock the vault",
            )));
        }
        let key = blocking(move || slots.unlock_passphrase(&passphrase))
            .await
            .map_err(|e| pair.explain(e))?;
        self.open_with(key, pair).await
    }

    pub async fn unlock_with_recovery_code(&self, code: String) -> Result<()> {
        let code = zeroize::Zeroizing::new(code);
        let slots = self.load_slots()?;
        let pair = self.pair(&slots);
        let key = blocking(move || slots.unlock_recovery(&code))
            .await
            .map_err(|e| pair.explain(e))?;
        self.open_with(key, pair).await
    }

    /// Unlocks with the keyring. A missing entry, a missing Secret Service or a keyring that does
    /// not answer in time each return their code; the UI then asks for the passphrase or recovery
    /// code. A new key is never made here.
    pub async fn unlock_with_keyring(&self) -> Result<()> {
        let slots = self.load_slots()?;
        let pair = self.pair(&slots);
        let store = Arc::clone(&self.store);
        let key = blocking(move || slots.unlock_keyring(store.as_ref())).await?;
        self.open_with(key, pair).await
    }

    /// Copies the write-ahead log to `vault.db-wal.damaged-<UTC time>` in the data folder (or
    /// names the copy an earlier unlock already kept of the same bytes) and returns its name.
    fn keep_damaged_log(&self) -> Result<String> {
        let [wal, _] = self.paths.sidecars();
        let bytes = std::fs::read(&wal).map_err(|e| Error::io("reading the write-ahead log", e))?;
        let prefix = "vault.db-wal.damaged-";
        if let Ok(dir) = std::fs::read_dir(&self.paths.dir) {
            for e in dir.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(prefix) && std::fs::read(e.path()).is_ok_and(|b| b == bytes) {
                    return Ok(name);
                }
            }
        }
        let name = format!("{prefix}{}", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
        fsutil::write_atomic(&self.paths.dir.join(&name), &bytes)?;
        Ok(name)
    }

    /// What the key file says about the database beside it (see [`FilePair`]).
    fn pair(&self, slots: &KeySlotFile) -> FilePair {
        FilePair {
            recorded: slots.db_salt.clone(),
            found: crate::storage::db_salt(&self.paths.db),
        }
    }

    /// Records the database's salt in the key file (a new vault, or a key file written before
    /// the salt was recorded): rewritten atomically, only from a copy that was just read whole.
    fn record_db_salt(&self, salt: String) -> Result<()> {
        let mut slots = KeySlotFile::load(&self.paths.keys)?;
        if slots.db_salt.as_deref() == Some(salt.as_str()) {
            return Ok(());
        }
        slots.db_salt = Some(salt);
        slots.save(&self.paths.keys)
    }

    async fn open_with(&self, key: DataKey, pair: FilePair) -> Result<()> {
        let mut state = self.state.lock().await;
        if state.is_some() {
            return Ok(());
        }
        // SQLite is about to replay the log a crash left, dropping what follows a damaged frame:
        // keep the log as it is first, and say so once unlocked.
        let damaged_log_copy = match crate::storage::wal::check(&self.paths.db) {
            Some(_) => Some(self.keep_damaged_log()?),
            None => None,
        };
        let vault = Vault::open(&self.paths.db, key, &MIGRATOR, &self.paths.backups)
            .await
            .map_err(|e| match e.code() {
                // The slot's AEAD tag already proved this is the key file's key: if SQLCipher
                // still cannot read page 1, the database is not the one the key file was made
                // for, or it is damaged.
                ErrorCode::WrongKey if pair.mismatched() => pair.mismatch(),
                ErrorCode::WrongKey => Error::new(
                    ErrorCode::Damaged,
                    "the vault file does not match its keys; it is damaged or was replaced",
                ),
                _ => e,
            })?;
        // Opened: the pair belongs together. A key file that does not yet record this database
        // (written before the salt was recorded) learns it now.
        if let Some(found) = pair.found.filter(|f| pair.recorded.as_ref() != Some(f))
            && let Err(e) = self.record_db_salt(found)
        {
            vault.close().await;
            return Err(e);
        }
        let auto = settings::get(vault.pool(), SETTING_AUTO_LOCK)
            .await?
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|m| (1..=MAX_AUTO_LOCK_MINUTES).contains(m))
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
        let size = std::fs::metadata(&self.paths.db)
            .map(|m| m.len())
            .unwrap_or(0);
        let (integrity, checker) = if size > self.background_check_above {
            let (rx, task) = spawn_integrity_check(&vault).await?;
            (rx, Some(task))
        } else {
            let (tx, rx) = watch::channel(Integrity::Checking);
            let _ = tx.send(check_integrity(&vault).await);
            (rx, None)
        };
        *state = Some(Unlocked {
            vault,
            last_activity: Instant::now(),
            auto_lock: Duration::from_secs(u64::from(auto) * 60),
            integrity,
            checker,
            faults_seen: crate::error::write_faults(),
            damaged_log_copy,
        });
        Ok(())
    }

    /// Waits for the whole-file check that started at unlock and returns what it found.
    pub async fn integrity(&self) -> Result<Integrity> {
        let mut rx = {
            let state = self.state.lock().await;
            state.as_ref().ok_or_else(locked)?.integrity.clone()
        };
        // The sender goes away with a lock (the check is stopped): report the vault as locked.
        let found = rx
            .wait_for(|i| *i != Integrity::Checking)
            .await
            .map(|i| *i)
            .map_err(|_| locked())?;
        Ok(found)
    }

    /// Closes the pool and zeroizes the key. Locking a locked vault is fine.
    pub async fn lock(&self) {
        let taken = self.state.lock().await.take();
        if let Some(u) = taken {
            u.close().await;
        }
    }

    /// Records that the patient is using the app (keys, pointer); resets the idle timer.
    pub async fn touch(&self) {
        if let Some(u) = self.state.lock().await.as_mut() {
            u.last_activity = Instant::now();
        }
    }

    /// Locks if the vault has been idle for at least its auto-lock time. Returns whether it locked.
    pub async fn lock_if_idle(&self, now: Instant) -> bool {
        let mut state = self.state.lock().await;
        let idle = state
            .as_ref()
            .is_some_and(|u| now.saturating_duration_since(u.last_activity) >= u.auto_lock);
        if idle && let Some(u) = state.take() {
            u.close().await;
        }
        idle
    }

    pub async fn set_auto_lock_minutes(&self, minutes: u32) -> Result<()> {
        if !(1..=MAX_AUTO_LOCK_MINUTES).contains(&minutes) {
            return Err(Error::invalid(format!(
                "auto-lock must be between 1 and {MAX_AUTO_LOCK_MINUTES} minutes"
            )));
        }
        let mut state = self.state.lock().await;
        let u = state.as_mut().ok_or_else(locked)?;
        refuse_if_damaged(u)?;
        settings::set(u.vault.pool(), SETTING_AUTO_LOCK, &minutes.to_string()).await?;
        u.auto_lock = Duration::from_secs(u64::from(minutes) * 60);
        Ok(())
    }

    pub async fn confirm_recovery_saved(&self) -> Result<()> {
        let state = self.state.lock().await;
        let u = state.as_ref().ok_or_else(locked)?;
        refuse_if_damaged(u)?;
        settings::set(u.vault.pool(), SETTING_RECOVERY_CONFIRMED, "1").await
    }

    /// After the keyring lost its entry and the patient unlocked another way: puts a fresh
    /// wrapping key in this computer's keyring and rewrites the keyring slot, so the next start
    /// opens without typing again.
    pub async fn relink_keyring(&self) -> Result<()> {
        let state = self.state.lock().await;
        let u = state.as_ref().ok_or_else(locked)?;
        let mut slots = self.load_slots()?;
        // The keyring call has its own timeout (keyring_store), as at creation.
        slots.set_keyring(u.vault.key(), self.store.as_ref())?;
        slots.save(&self.paths.keys)
    }

    /// Stops unlocking with this computer's keyring: removes the keyring slot (and its entry, if
    /// any is left). The passphrase and recovery code still open the vault.
    pub async fn forget_keyring(&self) -> Result<()> {
        let state = self.state.lock().await;
        state.as_ref().ok_or_else(locked)?;
        let mut slots = self.load_slots()?;
        let store = Arc::clone(&self.store);
        let slots = blocking(move || {
            slots.remove_keyring(store.as_ref());
            Ok(slots)
        })
        .await?;
        slots.save(&self.paths.keys)
    }

    /// Rewraps the data key under a new passphrase after checking the current one. The database
    /// is not re-encrypted; only the passphrase slot changes, atomically.
    pub async fn change_passphrase(&self, req: ChangePassphraseRequest) -> Result<()> {
        check_passphrase(&req.new_passphrase)?;
        let current = zeroize::Zeroizing::new(req.current);
        let new = zeroize::Zeroizing::new(req.new_passphrase);
        let state = self.state.lock().await;
        state.as_ref().ok_or_else(locked)?;
        let mut slots = self.load_slots()?;
        let kdf = self.kdf;
        let slots = blocking(move || {
            let key = slots.unlock_passphrase(&current)?;
            slots.set_passphrase(&key, &new, kdf.params()?)?;
            Ok(slots)
        })
        .await?;
        slots.save(&self.paths.keys)
    }

    /// Replaces the recovery code (the old one stops working) and returns the new one, once.
    pub async fn new_recovery_code(&self) -> Result<NewRecoveryCode> {
        let state = self.state.lock().await;
        let u = state.as_ref().ok_or_else(locked)?;
        refuse_if_damaged(u)?;
        let mut slots = self.load_slots()?;
        let code = recovery::generate()?;
        slots.set_recovery(u.vault.key(), &code)?;
        slots.save(&self.paths.keys)?;
        settings::set(u.vault.pool(), SETTING_RECOVERY_CONFIRMED, "0").await?;
        Ok(NewRecoveryCode {
            recovery_code: code.as_str().to_owned(),
        })
    }

    pub async fn info(&self) -> Result<VaultInfo> {
        let state = self.state.lock().await;
        let u = state.as_ref().ok_or_else(locked)?;
        Ok(VaultInfo {
            data_dir: self.paths.dir.display().to_string(),
            sqlite_version: u.vault.sqlite_version().to_owned(),
            cipher_version: u.vault.cipher_version().to_owned(),
        })
    }

    /// The open vault's connection pool, for feature services that only read; `Locked` when
    /// locked. The state lock is not held while the caller uses the pool, so a long search never
    /// blocks locking; a lock closes the pool and any later query on it answers `Locked`.
    /// Locks, removes this vault's keyring entry (when the key-slot file can still be read), then
    /// the vault's own files: the database and its `-wal`/`-shm`, the key slots, files set aside
    /// from it, and a restore's journal and leftovers. Returns how many files went. Used by
    /// "delete everything" (`service::erase`), which owns the rest.
    pub(crate) async fn erase_vault_files(&self) -> Result<usize> {
        self.lock().await;
        if let Ok(mut slots) = KeySlotFile::load(&self.paths.keys) {
            let store = Arc::clone(&self.store);
            blocking(move || {
                slots.remove_keyring(store.as_ref());
                Ok(())
            })
            .await?;
        }
        let mut gone = 0;
        let mut targets: Vec<PathBuf> = vec![
            self.paths.db.clone(),
            self.paths.keys.clone(),
            self.paths.dir.join("restore.pending"),
        ];
        targets.extend(self.paths.sidecars());
        if let Ok(dir) = std::fs::read_dir(&self.paths.dir) {
            for e in dir.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(crate::storage::backup::RESTORE_PREFIX)
                    || ((name.starts_with("vault.db") || name.starts_with("vault.keys"))
                        && name.contains(".set-aside-"))
                {
                    targets.push(e.path());
                }
            }
        }
        for path in targets {
            match std::fs::remove_file(&path) {
                Ok(()) => gone += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("deleting a vault file", e)),
            }
        }
        fsutil::sync_dir(&self.paths.dir)?;
        Ok(gone)
    }

    /// What a backup needs while the vault stays open: its pool and its key.
    pub(crate) async fn backup_source(&self) -> Result<(sqlx::SqlitePool, DataKey)> {
        let state = self.state.lock().await;
        let u = state.as_ref().ok_or_else(locked)?;
        Ok((u.vault.pool().clone(), u.vault.key().duplicate()))
    }

    pub async fn pool(&self) -> Result<sqlx::SqlitePool> {
        let mut state = self.state.lock().await;
        let u = state.as_mut().ok_or_else(locked)?;
        u.recover_after_write_fault().await;
        Ok(u.vault.pool().clone())
    }

    /// The pool for a use case that writes. Once the integrity check has found damage, nothing
    /// more is written into the file (`Damaged`): what can be read stays readable.
    pub async fn write_pool(&self) -> Result<sqlx::SqlitePool> {
        let mut state = self.state.lock().await;
        let u = state.as_mut().ok_or_else(locked)?;
        refuse_if_damaged(u)?;
        u.recover_after_write_fault().await;
        Ok(u.vault.pool().clone())
    }
}

fn refuse_if_damaged(u: &Unlocked) -> Result<()> {
    if u.integrity() == Integrity::Damaged {
        return Err(Error::new(
            ErrorCode::Damaged,
            "the vault file failed its integrity check; nothing more is written to it",
        ));
    }
    Ok(())
}

/// Reads every page and checks its HMAC on a connection of its own; an intact file then has its
/// expired trash purged (a damaged one is never written to).
async fn run_check(mut conn: sqlx::SqliteConnection, pool: &sqlx::SqlitePool) -> Integrity {
    let found = match crate::storage::cipher_integrity(&mut conn).await {
        Ok(problems) if problems.is_empty() => Integrity::Intact,
        // A check that could not run (SQLITE_CORRUPT on the way) is damage too.
        _ => Integrity::Damaged,
    };
    let _ = sqlx::Connection::close(conn).await;
    if found == Integrity::Intact {
        // Entries trashed more than 30 days ago go for good each time the vault opens.
        let _ = journal_repo::purge_expired(pool, chrono::Utc::now()).await;
    }
    found
}

/// The check of a small file, before unlocking returns.
async fn check_integrity(vault: &Vault) -> Integrity {
    match vault.integrity_connection().await {
        Ok(conn) => run_check(conn, vault.pool()).await,
        Err(_) => Integrity::Damaged,
    }
}

/// The check of a large file, in the background, so the patient can read and write meanwhile
/// (629 ms at 100 000 entries, 368 MB, here). Writes are refused once it finds damage.
async fn spawn_integrity_check(
    vault: &Vault,
) -> Result<(watch::Receiver<Integrity>, tokio::task::JoinHandle<()>)> {
    let conn = vault.integrity_connection().await?;
    let pool = vault.pool().clone();
    let (tx, rx) = watch::channel(Integrity::Checking);
    let task = tokio::spawn(async move {
        let _ = tx.send(run_check(conn, &pool).await);
    });
    Ok((rx, task))
}

fn minutes(d: Duration) -> u32 {
    u32::try_from(d.as_secs() / 60).unwrap_or(u32::MAX)
}

/// The database's salt as the key file recorded it and as found in `vault.db` now. When both are
/// known and differ, the two files are not one vault's pair: a key that fails (or a database
/// that will not open with the key) is then explained as that, not as a wrong passphrase or a
/// damaged database.
struct FilePair {
    recorded: Option<String>,
    found: Option<String>,
}

impl FilePair {
    fn mismatched(&self) -> bool {
        matches!((&self.recorded, &self.found), (Some(r), Some(f)) if r != f)
    }

    fn mismatch(&self) -> Error {
        Error::new(
            ErrorCode::KeysDoNotMatch,
            "vault.keys was made for another vault.db than the one beside it",
        )
    }

    /// A passphrase or recovery code that fails against a key file made for another database.
    fn explain(&self, e: Error) -> Error {
        if e.code() == ErrorCode::WrongKey && self.mismatched() {
            self.mismatch()
        } else {
            e
        }
    }
}

fn locked() -> Error {
    Error::new(ErrorCode::Locked, "the vault is locked")
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::new(ErrorCode::Internal, format!("background task failed: {e}")))?
}

/// The data folder: `IPT_COMPANION_DATA_DIR` when set (tests use a temporary one), otherwise the
/// OS app-data folder the shell passes in.
pub fn resolve_data_dir(os_default: &Path) -> PathBuf {
    match std::env::var_os("IPT_COMPANION_DATA_DIR") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => os_default.to_path_buf(),
    }
}
