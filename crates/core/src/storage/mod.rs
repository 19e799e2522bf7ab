//! The encrypted vault: one SQLCipher file opened through sqlx with a raw 256-bit key.

pub mod agenda;
pub mod backup;
pub mod checkins;
pub mod circle;
pub mod course;
pub mod ending;
pub mod journal;
pub mod people;
pub mod plans;
pub mod practice;
pub mod preferences;
pub mod safety_plan;
pub mod settings;
pub mod wal;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::{Error, ErrorCode, Result, SQLITE_CORRUPT, SQLITE_NOTADB, sqlite_code};
use crate::fsutil;
use crate::keys::DataKey;

/// A transaction on the vault; every use case that writes more than one row uses one.
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

pub async fn begin(pool: &SqlitePool) -> Result<Tx<'static>> {
    pool.begin()
        .await
        .map_err(|e| Error::db("starting a transaction", e))
}

pub async fn commit(tx: Tx<'_>) -> Result<()> {
    tx.commit().await.map_err(|e| Error::db("saving", e))
}

/// The migrations shipped with this build.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// SQLCipher 4's default page size; an encrypted vault is always a whole number of pages.
const CIPHER_PAGE_SIZE: u64 = 4096;

/// Where the vault's files live inside the data folder.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    pub dir: PathBuf,
    pub db: PathBuf,
    pub keys: PathBuf,
    pub backups: PathBuf,
    pub lock: PathBuf,
    /// Choices that must be known before unlocking (how the app names itself); nothing private.
    pub preferences: PathBuf,
    /// A readable copy of the safety plan, kept only when the patient asks for it (so it can be
    /// read while the vault is locked). Plain JSON: not encrypted, by the patient's choice.
    pub safety_plan_copy: PathBuf,
}

impl VaultPaths {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Self {
            db: dir.join("vault.db"),
            keys: dir.join("vault.keys"),
            backups: dir.join("backups"),
            lock: dir.join(".lock"),
            preferences: dir.join("preferences.json"),
            safety_plan_copy: dir.join("safety-plan-copy.json"),
            dir,
        }
    }

    /// The `-wal` and `-shm` files SQLite keeps beside the database in WAL mode.
    pub fn sidecars(&self) -> [PathBuf; 2] {
        let mut wal = self.db.clone().into_os_string();
        wal.push("-wal");
        let mut shm = self.db.clone().into_os_string();
        shm.push("-shm");
        [wal.into(), shm.into()]
    }
}

/// An open, unlocked vault. Dropping it (or [`Vault::close`]) closes the pool and zeroizes the key.
pub struct Vault {
    pool: SqlitePool,
    /// Pools replaced by `reconnect`, closed (awaited) before the current one at `close`.
    retired: Vec<SqlitePool>,
    db: PathBuf,
    key: DataKey,
    cipher_version: String,
    sqlite_version: String,
}

/// Maps errors from the first reads of a vault: "not a database" with SQLCipher means the key does
/// not decrypt page 1.
fn map_open_error(context: &str, e: sqlx::Error) -> Error {
    match sqlite_code(&e) {
        Some(SQLITE_NOTADB) => {
            Error::new(ErrorCode::WrongKey, "the key does not decrypt this vault")
        }
        Some(SQLITE_CORRUPT) => Error::new(
            ErrorCode::Damaged,
            format!("{context}: the vault is damaged"),
        ),
        _ => Error::db(context, e),
    }
}

/// The salt SQLCipher keeps in the clear at the start of the vault file (its first 16 bytes), as
/// hex; `None` when the file is shorter, all zeros or a plain SQLite file (no salt to compare).
pub fn db_salt(db: &Path) -> Option<String> {
    let mut head = [0u8; 16];
    fs::File::open(db).ok()?.read_exact(&mut head).ok()?;
    (head != [0u8; 16] && &head != SQLITE_HEADER).then(|| hex::encode(head))
}

/// Looks at the file before SQLite does, so that foreign and truncated files get their own codes.
fn inspect_existing(db: &Path) -> Result<()> {
    let meta = fs::metadata(db).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(ErrorCode::NoVault, "there is no vault yet")
        } else {
            Error::io("reading vault file", e)
        }
    })?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorCode::NotAVault,
            "the vault path is not a file",
        ));
    }
    let mut head = [0u8; 16];
    let n = fs::File::open(db)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::io("reading vault header", e))?;
    if n == 16 && &head == SQLITE_HEADER {
        return Err(Error::new(
            ErrorCode::NotAVault,
            "this is an unencrypted SQLite file, not a vault",
        ));
    }
    if meta.len() == 0 {
        return Err(Error::new(
            ErrorCode::VaultFileEmpty,
            "the vault file is empty",
        ));
    }
    if meta.len() % CIPHER_PAGE_SIZE != 0 {
        return Err(Error::new(
            ErrorCode::Damaged,
            "the vault file is truncated or damaged",
        ));
    }
    Ok(())
}

fn base_options(db: &Path, key: &DataKey) -> SqliteConnectOptions {
    // The key pragma value is held by sqlx for the life of the pool; these options are never
    // printed or logged (their Debug output would contain it), and statement logging is off so
    // that no pragma or user text reaches a log.
    let key_value: String = key.sqlcipher_pragma_value().as_str().to_owned();
    SqliteConnectOptions::new()
        .filename(db)
        .pragma("key", key_value)
        .log_statements(log::LevelFilter::Off)
        .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(3600))
}

/// Page cache per connection, in KiB (negative = KiB for SQLite). SQLCipher keeps decrypted pages
/// here, so a cache that holds the hot indexes saves decrypting them on every query.
const CACHE_KIB: &str = "-32768";
/// Connections per vault. Each SQLite connection has its own page cache, and with SQLCipher a
/// page missing from it is decrypted again; one patient at a time needs little concurrency, so
/// a small pool keeps the decrypted pages warm.
const POOL_SIZE: u32 = 2;

fn connect_options(db: &Path, key: &DataKey, create: bool) -> SqliteConnectOptions {
    base_options(db, key)
        .pragma("cache_size", CACHE_KIB)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
}

async fn connect(db: &Path, key: &DataKey, create: bool, max: u32) -> Result<SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .connect_with(connect_options(db, key, create))
        .await
        .map_err(|e| map_open_error("opening vault", e))
}

/// Proves SQLCipher is linked and the key is right, as DESIGN §2 requires after every open.
async fn verify_open(pool: &SqlitePool) -> Result<(String, String)> {
    let cipher: Option<String> = sqlx::query_scalar("PRAGMA cipher_version")
        .fetch_optional(pool)
        .await
        .map_err(|e| map_open_error("reading cipher_version", e))?;
    let cipher = cipher.filter(|v| !v.is_empty()).ok_or_else(|| {
        Error::new(
            ErrorCode::CipherMissing,
            "SQLCipher is not linked; refusing to store data unencrypted",
        )
    })?;
    sqlx::query("SELECT count(*) FROM sqlite_master")
        .fetch_one(pool)
        .await
        .map_err(|e| map_open_error("reading the schema", e))?;
    let sqlite: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("reading sqlite_version", e))?;
    Ok((cipher, sqlite))
}

/// Reads every page of the file and checks its HMAC (`PRAGMA cipher_integrity_check`). Returns
/// what SQLCipher reported, empty when every page is intact. SQLCipher's own words name pages,
/// never content.
pub async fn cipher_integrity(conn: &mut sqlx::SqliteConnection) -> Result<Vec<String>> {
    sqlx::query_scalar("PRAGMA cipher_integrity_check")
        .fetch_all(conn)
        .await
        .map_err(|e| Error::db("checking the vault's pages", e))
}

/// Writes a consistent, compacted copy of the vault behind `pool` to `dest` (a new file),
/// encrypted with the vault's own key, without stopping the vault (readers and writers go on).
/// Not checked here: see [`verify_file`].
pub async fn vacuum_into(pool: &SqlitePool, dest: &Path) -> Result<()> {
    let dest_str = dest
        .to_str()
        .ok_or_else(|| Error::new(ErrorCode::BackupFailed, "backup path is not valid UTF-8"))?;
    sqlx::query("VACUUM INTO ?")
        .bind(dest_str)
        .execute(pool)
        .await
        .map_err(|e| Error::db("copying the vault", e))?;
    fsutil::make_private(dest)
}

/// A small read-only pool on a verified copy (a backup being looked at before a restore).
pub async fn open_read_only(db: &Path, key: &DataKey) -> Result<SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(base_options(db, key).read_only(true))
        .await
        .map_err(|e| map_open_error("opening the copy", e))
}

/// Opens the database file at `db` read-only with `key` and proves it whole: every page passes
/// SQLCipher's HMAC check (`cipher_integrity_check`) and SQLite's own `integrity_check`. Returns
/// the newest migration applied to it. `WrongKey` when the key does not open it, `Damaged` when
/// a check fails, `NotAVault` for a plain SQLite file. Never writes to the file.
///
/// Always on a connection of its own: asked through a pooled connection whose cached search-index
/// structure predates another connection's write, SQLite's `integrity_check` reports "malformed
/// inverted index" for an index that is whole (FTS5's check does not look for newer writes first;
/// SQLite 3.50 and 3.51 alike).
pub async fn verify_file(db: &Path, key: &DataKey) -> Result<i64> {
    inspect_existing(db)?;
    let mut conn = base_options(db, key)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| map_open_error("opening the copy", e))?;
    let result = async {
        let pages = cipher_integrity(&mut conn)
            .await
            .map_err(|_| Error::new(ErrorCode::Damaged, "the copy's pages fail their check"))?;
        if !pages.is_empty() {
            return Err(Error::new(
                ErrorCode::Damaged,
                "the copy's pages fail their check",
            ));
        }
        let ok: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .map_err(|e| map_open_error("checking the copy", e))?;
        if ok != ["ok"] {
            return Err(Error::new(ErrorCode::Damaged, "the copy fails its check"));
        }
        let has: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&mut conn)
        .await
        .map_err(|e| map_open_error("reading the copy", e))?;
        if has == 0 {
            return Ok(0);
        }
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT max(version) FROM _sqlx_migrations WHERE success = 1",
        )
        .fetch_one(&mut conn)
        .await
        .map(Option::unwrap_or_default)
        .map_err(|e| map_open_error("reading the copy", e))
    }
    .await;
    let _ = sqlx::Connection::close(conn).await;
    result
}

/// The newest migration this build knows.
pub fn newest_migration() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or_default()
}

/// The benchmark's baseline: a plain (unencrypted) SQLite file with the same schema and the same
/// connection settings (WAL, `synchronous=FULL`, foreign keys) as the vault. Never used for
/// patient data.
pub async fn create_plain_baseline(db: &Path, migrator: &Migrator) -> Result<SqlitePool> {
    let opts = SqliteConnectOptions::new()
        .filename(db)
        .pragma("cache_size", CACHE_KIB)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .log_statements(log::LevelFilter::Off);
    let pool = SqlitePoolOptions::new()
        .max_connections(POOL_SIZE)
        .connect_with(opts)
        .await
        .map_err(|e| Error::db("opening the baseline", e))?;
    migrator
        .run(&pool)
        .await
        .map_err(|e| Error::new(ErrorCode::MigrationFailed, format!("baseline schema: {e}")))?;
    Ok(pool)
}

impl Vault {
    /// Creates a new vault file. Fails with `VaultExists` if anything is at the path already.
    pub async fn create(db: &Path, key: DataKey, migrator: &Migrator) -> Result<Vault> {
        if db.exists() {
            return Err(Error::new(
                ErrorCode::VaultExists,
                "a vault file is already there",
            ));
        }
        if let Some(dir) = db.parent() {
            fsutil::ensure_private_dir(dir)?;
        }
        // Create the file 0600 first: SQLite gives its -wal and -shm files the same mode.
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(db)
            .map_err(|e| Error::io("creating vault file", e))?;
        fsutil::make_private(db)?;
        let result = async {
            let pool = connect(db, &key, true, POOL_SIZE).await?;
            let (cipher_version, sqlite_version) = verify_open(&pool).await?;
            migrator.run(&pool).await.map_err(|e| {
                Error::new(ErrorCode::MigrationFailed, format!("creating schema: {e}"))
            })?;
            Ok::<_, Error>((pool, cipher_version, sqlite_version))
        }
        .await;
        match result {
            Ok((pool, cipher_version, sqlite_version)) => Ok(Vault {
                pool,
                retired: Vec::new(),
                db: db.to_path_buf(),
                key,
                cipher_version,
                sqlite_version,
            }),
            Err(e) => {
                // Only files this call created are removed.
                let _ = fs::remove_file(db);
                for side in VaultPaths::new(db.parent().unwrap_or(Path::new("."))).sidecars() {
                    let _ = fs::remove_file(side);
                }
                Err(e)
            }
        }
    }

    /// Opens an existing vault with `key`. Foreign, damaged or wrongly keyed files get their own
    /// error code and are left exactly as they were. Pending migrations run only after a verified
    /// encrypted backup has been written to `backups`.
    pub async fn open(
        db: &Path,
        key: DataKey,
        migrator: &Migrator,
        backups: &Path,
    ) -> Result<Vault> {
        inspect_existing(db)?;
        let pool = connect(db, &key, false, POOL_SIZE).await?;
        let (cipher_version, sqlite_version) = match verify_open(&pool).await {
            Ok(v) => v,
            Err(e) => {
                pool.close().await;
                return Err(e);
            }
        };
        let vault = Vault {
            pool,
            retired: Vec::new(),
            db: db.to_path_buf(),
            key,
            cipher_version,
            sqlite_version,
        };
        if let Err(e) = vault.migrate(migrator, backups).await {
            vault.close().await;
            return Err(e);
        }
        Ok(vault)
    }

    /// The newest migration applied to this vault (0 before any).
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(self
            .applied_versions()
            .await?
            .last()
            .copied()
            .unwrap_or_default())
    }

    async fn applied_versions(&self) -> Result<Vec<i64>> {
        let has_table: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| Error::db("checking migrations", e))?;
        if has_table == 0 {
            return Ok(Vec::new());
        }
        sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success = 1 ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| Error::db("reading applied migrations", e))
    }

    async fn migrate(&self, migrator: &Migrator, backups: &Path) -> Result<()> {
        let applied = self.applied_versions().await?;
        let pending = migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .count();
        if pending == 0 {
            return Ok(());
        }
        if !applied.is_empty() {
            let last = applied.last().copied().unwrap_or_default();
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
            let dest = backups.join(format!("pre-migration-v{last}-{stamp}.db"));
            self.backup_verified(&dest).await?;
        }
        // sqlx runs each migration in its own transaction: a failing one leaves the vault as the
        // previous one left it (and the backup above holds the state before any of them).
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| Error::new(ErrorCode::MigrationFailed, format!("migrating: {e}")))
    }

    /// Writes an encrypted copy of the vault to `dest` and proves it opens with the same key and
    /// passes `PRAGMA quick_check` with the same applied migrations. On any failure the copy is
    /// removed and `BackupFailed` returned; the vault itself is never touched.
    pub async fn backup_verified(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent() {
            fsutil::ensure_private_dir(dir)?;
        }
        let fail = |what: &str, e: Error| {
            let _ = fs::remove_file(dest);
            Error::new(ErrorCode::BackupFailed, format!("{what}: {}", e.message()))
        };
        // VACUUM INTO writes a consistent, compacted copy encrypted with the vault's key.
        let dest_str = dest
            .to_str()
            .ok_or_else(|| Error::new(ErrorCode::BackupFailed, "backup path is not valid UTF-8"))?;
        sqlx::query("VACUUM INTO ?")
            .bind(dest_str)
            .execute(&self.pool)
            .await
            .map_err(|e| fail("writing backup", Error::db("vacuum into", e)))?;
        fsutil::make_private(dest).map_err(|e| fail("securing backup", e))?;
        let mut head = [0u8; 16];
        let read = fs::File::open(dest).and_then(|mut f| f.read(&mut head));
        if matches!(read, Ok(16)) && &head == SQLITE_HEADER {
            return Err(fail(
                "checking backup",
                Error::new(ErrorCode::CipherMissing, "backup came out unencrypted"),
            ));
        }
        let expected = self
            .applied_versions()
            .await
            .map_err(|e| fail("reading vault", e))?;
        let check = async {
            let opts = base_options(dest, &self.key).read_only(true);
            let mut conn = opts
                .connect()
                .await
                .map_err(|e| map_open_error("opening backup", e))?;
            let ok: String = sqlx::query_scalar("PRAGMA quick_check")
                .fetch_one(&mut conn)
                .await
                .map_err(|e| map_open_error("checking backup", e))?;
            let versions: Vec<i64> = if expected.is_empty() {
                Vec::new()
            } else {
                sqlx::query_scalar(
                    "SELECT version FROM _sqlx_migrations WHERE success = 1 ORDER BY version",
                )
                .fetch_all(&mut conn)
                .await
                .map_err(|e| Error::db("reading backup migrations", e))?
            };
            sqlx::Connection::close(conn).await.ok();
            if ok != "ok" || versions != expected {
                return Err(Error::new(
                    ErrorCode::Damaged,
                    "backup does not match the vault",
                ));
            }
            Ok(())
        }
        .await;
        check.map_err(|e| fail("verifying backup", e))?;
        fsutil::sync_dir(dest.parent().unwrap_or(Path::new(".")))
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A read-only connection of its own for the whole-file check, so the pool stays free.
    pub async fn integrity_connection(&self) -> Result<sqlx::SqliteConnection> {
        base_options(&self.db, &self.key)
            .read_only(true)
            .connect()
            .await
            .map_err(|e| map_open_error("opening the vault for its check", e))
    }

    pub fn key(&self) -> &DataKey {
        &self.key
    }

    pub fn cipher_version(&self) -> &str {
        &self.cipher_version
    }

    pub fn sqlite_version(&self) -> &str {
        &self.sqlite_version
    }

    /// Closes every connection (checkpointing the WAL) and drops the key, which zeroizes it.
    pub async fn close(self) {
        // The replaced connections first: the last connection to close checkpoints the log, and
        // that must be one with a current view of it.
        for old in self.retired {
            old.close().await;
        }
        self.pool.close().await;
        drop(self.key);
    }

    /// Replaces every connection with a fresh one. After a write met a full disk or an I/O
    /// error, SQLite can leave a connection with a stale view of the write-ahead log (and a
    /// write lock): it keeps answering from before later commits, refuses later writes as
    /// "locked", and when it happened to close last, its checkpoint lost a later acknowledged
    /// write (tests/full_disk.rs found all three). The old pool is closed first — which waits for
    /// connections in use to come back — for at most a few seconds, so a caller that still holds
    /// one of its connections cannot stall us; it is closed again at `close`.
    pub async fn reconnect(&mut self) -> Result<()> {
        let old = self.pool.clone();
        let _ = tokio::time::timeout(Duration::from_secs(3), old.close()).await;
        self.pool = connect(&self.db, &self.key, false, POOL_SIZE).await?;
        verify_open(&self.pool).await?;
        self.retired.push(old);
        Ok(())
    }
}
