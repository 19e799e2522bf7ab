//! The vault's promises, proved on real SQLCipher files in temporary folders.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use ipt_core::ErrorCode;
use ipt_core::keys::kdf::KdfParams;
use ipt_core::keys::keyring_store::{MemoryStore, SecretStore};
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::keys::{DataKey, recovery};
use ipt_core::service::vault::{ChangePassphraseRequest, CreateVaultRequest};
use ipt_core::storage::{MIGRATOR, Vault, VaultPaths};
use sqlx::Connection;

const CANARY: &str = "CANARY-7f3a-the-kettle-sang-at-dawn";

async fn write_canary(svc: &ipt_core::service::vault::VaultService, rows: usize) {
    let pool = svc.pool().await.expect("unlocked");
    for i in 0..rows {
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?)")
            .bind(format!("canary-{i}"))
            .bind(format!("{CANARY} {i}"))
            .execute(&pool)
            .await
            .expect("canary written");
    }
}

async fn read_canary(svc: &ipt_core::service::vault::VaultService) -> Option<String> {
    let pool = svc.pool().await.expect("unlocked");
    sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = 'canary-0'")
        .fetch_optional(&pool)
        .await
        .expect("read")
}

fn code_of<T>(r: ipt_core::Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

#[tokio::test]
async fn vault_file_is_encrypted_and_unreadable_without_the_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    write_canary(&svc, 10).await;
    svc.lock().await;

    let paths = VaultPaths::new(dir.path());
    let bytes = read(&paths.db);
    assert!(bytes.len() >= 4096, "vault has pages");
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "vault must not be a plain SQLite file"
    );

    // Plain SQLite (no key) cannot read it.
    let url = format!("sqlite://{}?mode=ro", paths.db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("sqlite opens lazily");
    let err = sqlx::query("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut conn)
        .await
        .expect_err("no key, no read");
    assert!(err.to_string().contains("file is not a database"), "{err}");
}

#[tokio::test]
async fn canary_is_in_none_of_the_files_while_open_or_after_lock() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    let created = svc.create(create_req(true)).await.expect("create");
    write_canary(&svc, 500).await;
    let paths = VaultPaths::new(dir.path());
    let [wal, shm] = paths.sidecars();
    assert!(wal.exists(), "WAL mode keeps a -wal file while open");

    let check = |when: &str| {
        for f in [&paths.db, &wal, &shm, &paths.keys] {
            let bytes = read(f);
            assert!(
                !contains(&bytes, CANARY.as_bytes()),
                "canary found in {f:?} {when}"
            );
            assert!(
                !contains(&bytes, PASS.as_bytes()),
                "passphrase found in {f:?} {when}"
            );
            let code = created.recovery_code.replace('-', "");
            assert!(
                !contains(&bytes, code.as_bytes()),
                "recovery code found in {f:?} {when}"
            );
            assert!(
                !contains(&bytes, created.recovery_code.as_bytes()),
                "recovery code in {f:?} {when}"
            );
        }
    };
    check("while open");
    svc.lock().await;
    check("after lock");
    assert_eq!(
        read_canary_after_unlock(&svc).await.as_deref(),
        Some(&*format!("{CANARY} 0"))
    );
}

async fn read_canary_after_unlock(svc: &ipt_core::service::vault::VaultService) -> Option<String> {
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    read_canary(svc).await
}

#[cfg(unix)]
#[tokio::test]
async fn data_folder_is_0700_and_files_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let (svc, _) = memory_service(&data);
    svc.create(create_req(false)).await.expect("create");
    write_canary(&svc, 3).await;
    let paths = VaultPaths::new(&data);
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    let [wal, shm] = paths.sidecars();
    for f in [&paths.db, &paths.keys, &wal, &shm] {
        assert_eq!(mode(f), 0o600, "{f:?}");
    }
}

#[tokio::test]
async fn wrong_key_passphrase_or_code_gives_wrong_key_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    write_canary(&svc, 5).await;
    svc.lock().await;
    let paths = VaultPaths::new(dir.path());
    let before = read(&paths.db);
    let keys_before = read(&paths.keys);

    // A random key straight at the storage layer.
    let r = Vault::open(
        &paths.db,
        DataKey::generate().expect("key"),
        &MIGRATOR,
        &paths.backups,
    )
    .await;
    assert_eq!(code_of(r), Some(ErrorCode::WrongKey));
    // Through the slots.
    assert_eq!(
        code_of(
            svc.unlock_with_passphrase("not the passphrase".into())
                .await
        ),
        Some(ErrorCode::WrongKey)
    );
    let other = recovery::generate().expect("code");
    assert_eq!(
        code_of(svc.unlock_with_recovery_code(other.to_string()).await),
        Some(ErrorCode::WrongKey)
    );
    assert_eq!(
        code_of(svc.unlock_with_recovery_code("nonsense".into()).await),
        Some(ErrorCode::WrongKey)
    );

    assert_eq!(
        read(&paths.db),
        before,
        "vault byte-identical after wrong keys"
    );
    assert_eq!(
        read(&paths.keys),
        keys_before,
        "slots byte-identical after wrong keys"
    );
    assert!(!svc.status().await.expect("status").unlocked);
    assert!(!paths.backups.exists(), "no backup or migration ran");
}

#[tokio::test]
async fn each_slot_kind_unlocks_the_same_data() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _store) = memory_service(dir.path());
    let created = svc.create(create_req(true)).await.expect("create");
    assert!(created.keyring_slot);
    write_canary(&svc, 1).await;
    let expected = Some(format!("{CANARY} 0"));

    svc.lock().await;
    assert_eq!(code_of(svc.pool().await), Some(ErrorCode::Locked));
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("passphrase");
    assert_eq!(read_canary(&svc).await, expected);

    svc.lock().await;
    // Typed loosely: lower case, spaces instead of dashes.
    let typed = created.recovery_code.to_lowercase().replace('-', " ");
    svc.unlock_with_recovery_code(typed)
        .await
        .expect("recovery code");
    assert_eq!(read_canary(&svc).await, expected);

    svc.lock().await;
    svc.unlock_with_keyring().await.expect("keyring");
    assert_eq!(read_canary(&svc).await, expected);
    let status = svc.status().await.expect("status");
    assert!(status.exists && status.unlocked && status.has_keyring_slot);
    assert_eq!(status.auto_lock_minutes, Some(10));
    assert_eq!(status.recovery_confirmed, Some(false));
    svc.confirm_recovery_saved().await.expect("confirm");
    assert_eq!(
        svc.status().await.expect("status").recovery_confirmed,
        Some(true)
    );
}

#[tokio::test]
async fn passphrase_change_rewraps_without_touching_the_database() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    write_canary(&svc, 1).await;
    let paths = VaultPaths::new(dir.path());
    svc.lock().await;
    let db_before = read(&paths.db);
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");

    let wrong = svc
        .change_passphrase(ChangePassphraseRequest {
            current: "not it at all".into(),
            new_passphrase: "a brand new phrase".into(),
        })
        .await;
    assert_eq!(code_of(wrong), Some(ErrorCode::WrongKey));
    let short = svc
        .change_passphrase(ChangePassphraseRequest {
            current: PASS.into(),
            new_passphrase: "short".into(),
        })
        .await;
    assert_eq!(code_of(short), Some(ErrorCode::PassphraseTooShort));

    svc.change_passphrase(ChangePassphraseRequest {
        current: PASS.into(),
        new_passphrase: "a brand new phrase".into(),
    })
    .await
    .expect("change");
    svc.lock().await;
    assert_eq!(
        read(&paths.db),
        db_before,
        "the database was not re-encrypted"
    );
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::WrongKey)
    );
    svc.unlock_with_passphrase("a brand new phrase".into())
        .await
        .expect("new works");
    assert_eq!(read_canary(&svc).await, Some(format!("{CANARY} 0")));
}

#[tokio::test]
async fn new_recovery_code_replaces_the_old_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    let first = svc.create(create_req(false)).await.expect("create");
    svc.confirm_recovery_saved().await.expect("confirm");
    let second = svc.new_recovery_code().await.expect("renew");
    assert_ne!(first.recovery_code, second.recovery_code);
    assert_eq!(
        svc.status().await.expect("status").recovery_confirmed,
        Some(false)
    );
    svc.lock().await;
    assert_eq!(
        code_of(svc.unlock_with_recovery_code(first.recovery_code).await),
        Some(ErrorCode::WrongKey)
    );
    svc.unlock_with_recovery_code(second.recovery_code)
        .await
        .expect("new code");
}

#[tokio::test]
async fn missing_keyring_entry_never_makes_a_new_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, store) = memory_service(dir.path());
    svc.create(create_req(true)).await.expect("create");
    write_canary(&svc, 1).await;
    svc.lock().await;
    let paths = VaultPaths::new(dir.path());
    let slots = KeySlotFile::load(&paths.keys).expect("slots");
    store
        .delete(&slots.keyring_account())
        .expect("entry removed");
    let db_before = read(&paths.db);
    let keys_before = read(&paths.keys);

    assert_eq!(
        code_of(svc.unlock_with_keyring().await),
        Some(ErrorCode::KeyringEntryMissing)
    );
    assert_eq!(
        code_of(svc.create(create_req(true)).await),
        Some(ErrorCode::VaultExists)
    );
    assert_eq!(read(&paths.db), db_before);
    assert_eq!(read(&paths.keys), keys_before);
    let status = svc.status().await.expect("status");
    assert!(status.exists && !status.unlocked && status.has_keyring_slot);

    // The passphrase still opens the same data.
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("passphrase");
    assert_eq!(read_canary(&svc).await, Some(format!("{CANARY} 0")));
}

#[tokio::test]
async fn no_keyring_means_passphrase_only_and_a_failed_create_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = service(dir.path(), Arc::new(MemoryStore::unavailable()));
    let probe = svc.probe_keyring().await;
    assert!(!probe.available);
    assert_eq!(probe.reason, Some(ErrorCode::KeyringUnavailable));

    assert_eq!(
        code_of(svc.create(create_req(true)).await),
        Some(ErrorCode::KeyringUnavailable)
    );
    let paths = VaultPaths::new(dir.path());
    assert!(
        !paths.db.exists() && !paths.keys.exists(),
        "nothing left behind"
    );
    assert_eq!(
        code_of(svc.unlock_with_keyring().await),
        Some(ErrorCode::NoVault)
    );

    let short = CreateVaultRequest {
        passphrase: "short".into(),
        use_keyring: false,
    };
    assert_eq!(
        code_of(svc.create(short).await),
        Some(ErrorCode::PassphraseTooShort)
    );
    assert!(!paths.db.exists());

    let created = svc
        .create(create_req(false))
        .await
        .expect("passphrase-only vault");
    assert!(!created.keyring_slot);
    svc.lock().await;
    assert_eq!(
        code_of(svc.unlock_with_keyring().await),
        Some(ErrorCode::NoKeyringSlot)
    );
}

#[tokio::test]
async fn foreign_and_damaged_files_get_their_codes_and_stay_byte_identical() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    write_canary(&svc, 200).await;
    svc.lock().await;
    let paths = VaultPaths::new(dir.path());
    let good_db = read(&paths.db);
    let good_keys = read(&paths.keys);

    // 1. A plain SQLite database where the vault should be.
    std::fs::remove_file(&paths.db).expect("rm");
    {
        let url = format!("sqlite://{}?mode=rwc", paths.db.display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("plain");
        sqlx::query("CREATE TABLE t(x)")
            .execute(&mut c)
            .await
            .expect("t");
        c.close().await.expect("close");
    }
    let plain = read(&paths.db);
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::NotAVault)
    );
    assert_eq!(read(&paths.db), plain);

    // 2. A truncated vault.
    std::fs::write(&paths.db, &good_db[..good_db.len() - 100]).expect("truncate");
    let truncated = read(&paths.db);
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::Damaged)
    );
    assert_eq!(read(&paths.db), truncated);

    // 3. Page 1 overwritten in the middle (its HMAC no longer matches).
    let mut damaged = good_db.clone();
    for b in &mut damaged[1000..1100] {
        *b ^= 0x5a;
    }
    std::fs::write(&paths.db, &damaged).expect("damage");
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::Damaged)
    );
    assert_eq!(read(&paths.db), damaged);
    let [wal, shm] = paths.sidecars();
    assert!(
        !wal.exists() && !shm.exists(),
        "no sidecar files were created"
    );

    // 4. Random bytes of a plausible size: not the database the key file was made for.
    let mut noise = vec![0u8; 8192];
    ipt_core::keys::os_random(&mut noise).expect("rand");
    std::fs::write(&paths.db, &noise).expect("noise");
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::KeysDoNotMatch)
    );
    assert_eq!(read(&paths.db), noise);

    // 5. A damaged key-slot file beside a good vault.
    std::fs::write(&paths.db, &good_db).expect("restore db");
    std::fs::write(&paths.keys, b"{ not json").expect("damage keys");
    // The key file, not the vault file, is named.
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::KeyFileDamaged)
    );
    assert_eq!(read(&paths.keys), b"{ not json");
    assert_eq!(read(&paths.db), good_db);

    // Put the good files back: the vault opens as before.
    std::fs::write(&paths.keys, &good_keys).expect("restore keys");
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens again");
    assert_eq!(read_canary(&svc).await, Some(format!("{CANARY} 0")));
}

#[tokio::test]
async fn two_services_never_share_one_data_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_svc, _) = memory_service(dir.path());
    let second = ipt_core::service::vault::VaultService::new(
        dir.path(),
        Arc::new(MemoryStore::new()),
        TEST_KDF,
    );
    assert_eq!(code_of(second), Some(ErrorCode::VaultInUse));
}

#[tokio::test]
async fn auto_lock_after_the_idle_time_and_touch_resets_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    assert_eq!(
        code_of(svc.set_auto_lock_minutes(0).await),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(
        code_of(svc.set_auto_lock_minutes(241).await),
        Some(ErrorCode::InvalidInput)
    );
    svc.set_auto_lock_minutes(2).await.expect("set");

    let now = Instant::now();
    assert!(
        !svc.lock_if_idle(now + Duration::from_secs(60)).await,
        "not idle long enough"
    );
    assert!(
        svc.lock_if_idle(now + Duration::from_secs(121)).await,
        "idle: locks"
    );
    assert!(!svc.status().await.expect("status").unlocked);

    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(
        svc.status().await.expect("status").auto_lock_minutes,
        Some(2),
        "kept in the vault"
    );
    tokio::time::sleep(Duration::from_millis(20)).await;
    let before_touch = Instant::now();
    svc.touch().await;
    assert!(
        !svc.lock_if_idle(before_touch + Duration::from_secs(119))
            .await
    );
}

#[tokio::test]
async fn passphrase_calibration_never_goes_below_the_floor() {
    let p = KdfParams::calibrate_passphrase().expect("calibrate");
    assert!(p.memory_kib >= 64 * 1024);
    assert!(p.passes >= 3);
    let start = Instant::now();
    ipt_core::keys::kdf::derive(b"x", &[1u8; 16], p).expect("derive");
    eprintln!(
        "calibrated passphrase KDF: {p:?}, one derivation took {:?}",
        start.elapsed()
    );
}
