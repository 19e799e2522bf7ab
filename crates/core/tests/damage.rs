//! Data-loss and damage faults found by a hostile test run (issue "Nothing lost, nothing
//! misread"), each proved on real SQLCipher files in temporary folders:
//! - one vault file alone is never overwritten by a new vault, and can be moved aside, not deleted;
//! - a flipped byte late in the file is found after unlocking, and nothing more is written to it;
//! - a missing, empty or garbage key file and edited Argon2 parameters get their own codes;
//! - a key file of another vault, an empty vault file and random bytes are each named as such;
//! - a keyring that lost its entry can be linked again (or dropped) after a passphrase unlock;
//! - an oversized list is refused with its field and limit.

mod common;

use std::path::Path;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::journal::JournalEntryInput;
use ipt_core::error::LimitField;
use ipt_core::keys::keyring_store::SecretStore;
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::service::journal::{self, JournalQuery};
use ipt_core::service::vault::{CreateVaultRequest, Integrity, VaultFiles, VaultService};
use ipt_core::storage::VaultPaths;

fn code_of<T>(r: ipt_core::Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

fn entry(text: &str) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: "2026-11-20T19:30:00+01:00".into(),
        mood: 4,
        emotions: vec![],
        custom_emotions: vec![],
        text: text.into(),
        tags: vec![],
        events: vec![],
        pinned: false,
        draft_key: None,
    }
}

async fn vault_with_entries(dir: &Path, n: usize) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    for i in 0..n {
        journal::create_entry(
            &svc,
            entry(&format!("evening walk number {i} {}", "x".repeat(300))),
        )
        .await
        .expect("entry");
    }
    svc.lock().await;
    svc
}

async fn count_entries(svc: &VaultService) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM journal_entries")
        .fetch_one(&svc.pool().await.expect("unlocked"))
        .await
        .expect("count")
}

/// Every file in the folder with its bytes, to prove nothing was changed or removed.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != ".lock" && e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                read(&e.path()),
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn a_key_file_without_its_database_is_never_overwritten_and_can_be_moved_aside() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 1).await;
    let paths = VaultPaths::new(dir.path());
    // The database is away (being restored, moved, not synced yet).
    let away = dir.path().join("elsewhere.db");
    std::fs::rename(&paths.db, &away).expect("move db away");
    let keys = read(&paths.keys);
    let before = snapshot(dir.path());

    let status = svc.status().await.expect("status");
    assert_eq!(status.files, VaultFiles::KeysOnly);
    assert!(!status.exists);
    assert_eq!(
        code_of(svc.create(create_req(false)).await),
        Some(ErrorCode::VaultFileMissing),
        "no new vault over the key file"
    );
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::VaultFileMissing)
    );
    assert_eq!(snapshot(dir.path()), before, "nothing written or removed");

    // Putting the database back is all it takes.
    std::fs::rename(&away, &paths.db).expect("db back");
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(count_entries(&svc).await, 1);
    svc.lock().await;

    // Or the patient chooses to start again: the key file is moved aside, never deleted.
    std::fs::rename(&paths.db, &away).expect("move db away again");
    let moved = svc.set_aside_incomplete().await.expect("set aside");
    assert_eq!(moved.moved_to.len(), 1);
    assert!(
        moved.moved_to[0].starts_with("vault.keys.set-aside-"),
        "{moved:?}"
    );
    assert_eq!(read(&dir.path().join(&moved.moved_to[0])), keys);
    assert_eq!(svc.status().await.expect("status").files, VaultFiles::None);
    svc.create(create_req(false))
        .await
        .expect("a new vault now");
    assert_eq!(
        read(&dir.path().join(&moved.moved_to[0])),
        keys,
        "still there"
    );
}

#[tokio::test]
async fn a_database_without_its_key_file_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 1).await;
    let paths = VaultPaths::new(dir.path());
    std::fs::remove_file(&paths.keys).expect("keys gone");
    let before = snapshot(dir.path());

    assert_eq!(
        svc.status().await.expect("status").files,
        VaultFiles::DatabaseOnly
    );
    assert_eq!(
        code_of(svc.create(create_req(true)).await),
        Some(ErrorCode::KeyFileMissing)
    );
    assert_eq!(
        code_of(svc.unlock_with_passphrase(PASS.into()).await),
        Some(ErrorCode::KeyFileMissing),
        "the message names the key file, not the vault file"
    );
    assert_eq!(
        code_of(svc.unlock_with_keyring().await),
        Some(ErrorCode::KeyFileMissing)
    );
    assert_eq!(snapshot(dir.path()), before);

    // Set aside: every database file moves to a dated name beside it.
    let moved = svc.set_aside_incomplete().await.expect("set aside");
    assert!(
        moved
            .moved_to
            .iter()
            .any(|n| n.starts_with("vault.db.set-aside-"))
    );
    assert!(!paths.db.exists());
    // Moving aside twice is refused (nothing incomplete is left), and so is moving a whole vault.
    assert_eq!(
        code_of(svc.set_aside_incomplete().await),
        Some(ErrorCode::InvalidInput)
    );
}

#[tokio::test]
async fn a_leftover_write_ahead_log_is_moved_aside_never_replayed_into_a_new_vault() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    let paths = VaultPaths::new(dir.path());
    let [wal, _] = paths.sidecars();
    std::fs::write(&wal, b"frames of an earlier vault").expect("wal");
    // A log alone opens nothing: this is a first run, but the log is kept.
    assert_eq!(svc.status().await.expect("status").files, VaultFiles::None);
    svc.create(create_req(false)).await.expect("create");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("vault.db-wal.set-aside-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the old log was moved aside");
    assert_eq!(read(&kept[0].path()), b"frames of an earlier vault");
    journal::create_entry(&svc, entry("first words"))
        .await
        .expect("the new vault works");
}

#[tokio::test]
async fn a_key_file_left_with_only_a_log_is_still_a_missing_database() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 1).await;
    let paths = VaultPaths::new(dir.path());
    let [wal, _] = paths.sidecars();
    std::fs::rename(&paths.db, dir.path().join("away.db")).expect("db away");
    std::fs::write(&wal, b"log of the moved database").expect("wal");
    assert_eq!(
        svc.status().await.expect("status").files,
        VaultFiles::KeysOnly
    );
    assert_eq!(
        code_of(svc.create(create_req(false)).await),
        Some(ErrorCode::VaultFileMissing)
    );
    assert_eq!(read(&wal), b"log of the moved database");
}

#[tokio::test]
async fn empty_garbage_and_foreign_key_files_name_the_key_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 1).await;
    let paths = VaultPaths::new(dir.path());
    for bytes in [
        &b""[..],
        b"\n",
        b"{ not json",
        br#"{"format":"something-else","version":1,"vault_id":"x","slots":[]}"#,
    ] {
        std::fs::write(&paths.keys, bytes).expect("keys");
        assert_eq!(
            code_of(svc.unlock_with_passphrase(PASS.into()).await),
            Some(ErrorCode::KeyFileDamaged),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        assert_eq!(read(&paths.keys), bytes, "left as it was");
    }
}

#[tokio::test]
async fn edited_argon2_parameters_are_refused_before_any_work_naming_which() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 1).await;
    let paths = VaultPaths::new(dir.path());
    let good = read(&paths.keys);
    for (field, value, named) in [
        ("memory_kib", 4_000_000u64, "memory"),
        ("passes", 200, "passes"),
        ("lanes", 0, "lanes"),
    ] {
        let mut json: serde_json::Value = serde_json::from_slice(&good).expect("json");
        for slot in json["slots"].as_array_mut().expect("slots") {
            if slot["kind"] == "passphrase" {
                slot["kdf"][field] = value.into();
            }
        }
        let edited = serde_json::to_vec(&json).expect("json");
        std::fs::write(&paths.keys, &edited).expect("edit");
        let err = svc
            .unlock_with_passphrase(PASS.into())
            .await
            .expect_err("refused");
        assert_eq!(err.code(), ErrorCode::KeyFileDamaged);
        assert!(err.message().contains(named), "{}", err.message());
        assert_eq!(read(&paths.keys), edited);
    }
    std::fs::write(&paths.keys, &good).expect("restore");
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
}

#[tokio::test]
async fn a_flipped_byte_late_in_the_file_is_found_and_nothing_more_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 120).await;
    let paths = VaultPaths::new(dir.path());

    // Intact first: the check passes and saving works.
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(svc.integrity().await.expect("checked"), Integrity::Intact);
    svc.lock().await;

    let mut bytes = read(&paths.db);
    assert!(bytes.len() > 20 * 4096, "several pages");
    let at = bytes.len() - 4096 + 2000;
    bytes[at] ^= 0x01;
    std::fs::write(&paths.db, &bytes).expect("flip one byte");

    // Page 1 is fine, so unlocking succeeds; the whole-file check then finds the bad page.
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(svc.integrity().await.expect("checked"), Integrity::Damaged);
    let status = svc.status().await.expect("status");
    assert_eq!(status.integrity, Some(Integrity::Damaged));

    // Nothing more is written: each kind of save answers Damaged, and no entry was added.
    let before = count_entries(&svc).await;
    assert_eq!(
        code_of(journal::create_entry(&svc, entry("after the damage")).await),
        Some(ErrorCode::Damaged)
    );
    assert_eq!(
        code_of(journal::save_draft(&svc, "new".into(), "{}".into()).await),
        Some(ErrorCode::Damaged)
    );
    assert_eq!(
        code_of(svc.set_auto_lock_minutes(5).await),
        Some(ErrorCode::Damaged)
    );
    assert_eq!(count_entries(&svc).await, before);

    // Reads that reach the bad page say Damaged, never the generic database message.
    for r in [
        journal::list_entries(&svc, JournalQuery::default())
            .await
            .map(|_| ()),
        journal::list_entries(
            &svc,
            JournalQuery {
                text: Some("walk".into()),
                limit: Some(200),
                ..Default::default()
            },
        )
        .await
        .map(|_| ()),
        journal::list_tags(&svc).await.map(|_| ()),
    ] {
        if let Err(e) = r {
            assert_eq!(e.code(), ErrorCode::Damaged, "{e}");
        }
    }
    svc.lock().await;
    assert_eq!(
        read(&paths.db),
        bytes,
        "the damaged file was not written to"
    );
}

#[tokio::test]
async fn on_a_large_file_the_check_runs_in_the_background_and_still_stops_writes() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 120).await;
    drop(svc);
    let (mut svc, _) = memory_service(dir.path());
    // Every file counts as large here, so the check runs after unlocking returns.
    svc.check_in_background_above(0);
    let paths = VaultPaths::new(dir.path());
    let mut bytes = read(&paths.db);
    let at = bytes.len() - 4096 + 1000;
    bytes[at] ^= 0x80;
    std::fs::write(&paths.db, &bytes).expect("flip one byte");

    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(svc.integrity().await.expect("checked"), Integrity::Damaged);
    assert_eq!(
        code_of(journal::create_entry(&svc, entry("after the damage")).await),
        Some(ErrorCode::Damaged)
    );
    // Locking waits for the check, so nothing is left reading the file once it returns.
    svc.lock().await;
    assert_eq!(read(&paths.db), bytes);

    // An intact large file: the check passes in the background and saving goes on.
    bytes[at] ^= 0x80;
    std::fs::write(&paths.db, &bytes).expect("mend");
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    journal::create_entry(&svc, entry("while the check runs"))
        .await
        .expect("saving works meanwhile");
    assert_eq!(svc.integrity().await.expect("checked"), Integrity::Intact);
    svc.lock().await;
}

#[tokio::test]
async fn a_lost_keyring_entry_can_be_linked_again_or_dropped() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, store) = memory_service(dir.path());
    svc.create(create_req(true)).await.expect("create");
    svc.lock().await;
    let paths = VaultPaths::new(dir.path());
    let account = KeySlotFile::load(&paths.keys)
        .expect("slots")
        .keyring_account();
    store.delete(&account).expect("entry removed");
    assert_eq!(
        code_of(svc.unlock_with_keyring().await),
        Some(ErrorCode::KeyringEntryMissing)
    );

    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("passphrase");
    svc.relink_keyring().await.expect("linked again");
    svc.lock().await;
    svc.unlock_with_keyring()
        .await
        .expect("the keyring opens it again");

    svc.forget_keyring().await.expect("dropped");
    svc.lock().await;
    let status = svc.status().await.expect("status");
    assert!(!status.has_keyring_slot);
    assert!(store.get(&account).is_err(), "the entry went with the slot");
    assert_eq!(
        code_of(svc.unlock_with_keyring().await),
        Some(ErrorCode::NoKeyringSlot)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("passphrase still opens");
}

#[tokio::test]
async fn an_oversized_tag_list_is_refused_naming_the_field_and_limit() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    let mut e = entry("a day");
    e.tags = (0..20_000).map(|i| format!("tag{i}")).collect();
    let err = journal::create_entry(&svc, e).await.expect_err("refused");
    assert_eq!(err.code(), ErrorCode::TooMany);
    assert_eq!(err.field(), Some(LimitField::Tags));
    assert_eq!(err.limit(), Some(30));
    let ipc = ipt_core::IpcError::from(err);
    assert_eq!(ipc.field, Some(LimitField::Tags));
    assert_eq!(ipc.limit, Some(30));

    // Thousands of repeats of one tag are one tag.
    let mut e = entry("another day");
    e.tags = vec!["Family".into(); 20_000];
    let saved = journal::create_entry(&svc, e).await.expect("saved");
    assert_eq!(saved.tags, vec!["Family"]);
    assert_eq!(count_entries(&svc).await, 1);
}

#[tokio::test]
async fn a_nul_character_does_not_cut_the_excerpt_short() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    let saved = journal::create_entry(&svc, entry("before\0after the silence"))
        .await
        .expect("saved");
    assert_eq!(saved.text, "beforeafter the silence");
    let page = journal::list_entries(&svc, JournalQuery::default())
        .await
        .expect("list");
    assert!(
        page.items[0].excerpt.contains("after the silence"),
        "{:?}",
        page.items[0].excerpt
    );
}

/// The key file records which database it opens (the salt SQLCipher keeps in the clear at the
/// start of `vault.db`): a pair that does not belong together gets its own code whichever
/// passphrase is typed, and neither file is touched.
#[tokio::test]
async fn a_key_file_of_another_vault_is_named_as_such_whichever_passphrase_is_typed() {
    let ours = tempfile::tempdir().expect("tmp");
    let theirs = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(ours.path(), 1).await;
    let (other, _) = memory_service(theirs.path());
    other
        .create(CreateVaultRequest {
            passphrase: "their own passphrase".into(),
            use_keyring: false,
        })
        .await
        .expect("their vault");
    other.lock().await;
    let paths = VaultPaths::new(ours.path());
    let recorded = KeySlotFile::load(&paths.keys).expect("keys").db_salt;
    assert_eq!(
        recorded,
        ipt_core::storage::db_salt(&paths.db),
        "a new vault's key file records its database"
    );
    assert!(recorded.is_some());

    std::fs::copy(VaultPaths::new(theirs.path()).keys, &paths.keys).expect("swap keys");
    let before = snapshot(ours.path());
    for pass in [PASS, "their own passphrase", "neither of the two"] {
        assert_eq!(
            code_of(svc.unlock_with_passphrase(pass.into()).await),
            Some(ErrorCode::KeysDoNotMatch),
            "{pass}"
        );
    }
    assert_eq!(snapshot(ours.path()), before, "nothing was changed");

    // With their database beside their key file, the pair is whole again.
    std::fs::copy(VaultPaths::new(theirs.path()).db, &paths.db).expect("their db");
    assert!(
        svc.unlock_with_passphrase("their own passphrase".into())
            .await
            .is_ok(),
        "their two files together are a whole vault"
    );
    svc.lock().await;
}

#[tokio::test]
async fn a_key_file_that_records_no_database_learns_it_at_the_next_unlock() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 1).await;
    let paths = VaultPaths::new(dir.path());
    // As written before the salt was recorded.
    let mut slots = KeySlotFile::load(&paths.keys).expect("keys");
    let salt = slots.db_salt.take();
    slots.save(&paths.keys).expect("old-style keys");
    assert!(!String::from_utf8_lossy(&read(&paths.keys)).contains("db_salt"));

    assert_eq!(
        code_of(
            svc.unlock_with_passphrase("not the passphrase".into())
                .await
        ),
        Some(ErrorCode::WrongKey),
        "without a record a wrong passphrase is still just wrong"
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(count_entries(&svc).await, 1);
    svc.lock().await;
    assert_eq!(KeySlotFile::load(&paths.keys).expect("keys").db_salt, salt);
}

#[tokio::test]
async fn an_empty_vault_file_and_a_zeroed_or_cut_one_get_their_own_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(dir.path(), 3).await;
    let paths = VaultPaths::new(dir.path());
    let good = read(&paths.db);
    let cases: [(&str, Vec<u8>, ErrorCode); 4] = [
        ("empty", Vec::new(), ErrorCode::VaultFileEmpty),
        (
            "cut short",
            good[..good.len() / 2 + 100].to_vec(),
            ErrorCode::Damaged,
        ),
        (
            "header zeroed",
            [vec![0u8; 4096], good[4096..].to_vec()].concat(),
            ErrorCode::Damaged,
        ),
        (
            "random bytes",
            (0..good.len()).map(|i| (i * 7919 % 251) as u8).collect(),
            ErrorCode::KeysDoNotMatch,
        ),
    ];
    for (name, bytes, code) in cases {
        std::fs::write(&paths.db, &bytes).expect("damage");
        assert_eq!(
            code_of(svc.unlock_with_passphrase(PASS.into()).await),
            Some(code),
            "{name}"
        );
        assert_eq!(read(&paths.db), bytes, "{name}: left as it was");
    }
    std::fs::write(&paths.db, &good).expect("good");
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(count_entries(&svc).await, 3);
}

/// Copies the vault's files as a crash would leave them: taken while it is open, with the
/// write-ahead log holding the latest transactions.
fn crash_copy(from: &Path, to: &Path) {
    for name in ["vault.db", "vault.db-wal", "vault.keys"] {
        std::fs::copy(from.join(name), to.join(name)).expect(name);
    }
}

fn kept_logs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("vault.db-wal.damaged-"))
        .collect();
    names.sort();
    names
}

/// A byte flipped in the middle of the write-ahead log a crash left: SQLite replays the log up
/// to the damage and drops what follows. The app keeps the log as it was before SQLite reads it,
/// says so once unlocked, and the vault that opens is whole.
#[tokio::test]
async fn a_damaged_write_ahead_log_is_kept_and_what_precedes_the_damage_opens() {
    let live = tempfile::tempdir().expect("tmp");
    let svc = vault_with_entries(live.path(), 1).await;
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    for i in 0..6 {
        journal::create_entry(&svc, entry(&format!("kept in the log {i}")))
            .await
            .expect("entry");
    }
    let crashed = tempfile::tempdir().expect("tmp");
    crash_copy(live.path(), crashed.path());
    svc.lock().await;
    let wal = crashed.path().join("vault.db-wal");
    let log = read(&wal);
    let frames = (log.len() - 32) / (24 + 4096);
    assert!(frames >= 6, "each save is in the log: {frames} frames");

    // Control: the log as the crash left it replays whole; no copy is kept.
    let control = tempfile::tempdir().expect("tmp");
    crash_copy(crashed.path(), control.path());
    assert_eq!(
        ipt_core::storage::wal::check(&control.path().join("vault.db")),
        None
    );
    let (ok, _) = memory_service(control.path());
    ok.unlock_with_passphrase(PASS.into()).await.expect("opens");
    assert_eq!(count_entries(&ok).await, 7);
    assert_eq!(ok.status().await.expect("status").damaged_log_copy, None);
    ok.lock().await;
    assert!(kept_logs(control.path()).is_empty());

    // One byte flipped in the page of a frame half way through.
    let mut damaged = log.clone();
    damaged[32 + (frames / 2) * (24 + 4096) + 24 + 1000] ^= 0x04;
    std::fs::write(&wal, &damaged).expect("damage");
    let found = ipt_core::storage::wal::check(&crashed.path().join("vault.db")).expect("found");
    assert!(found.lost_frames > 1, "{found:?}");

    let (svc, _) = memory_service(crashed.path());
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    let kept = svc.status().await.expect("status").damaged_log_copy;
    let kept = kept.expect("the copy is named");
    assert_eq!(
        read(&crashed.path().join(&kept)),
        damaged,
        "kept byte for byte"
    );
    let n = count_entries(&svc).await;
    assert!((1..7).contains(&n), "what precedes the damage opens: {n}");
    assert_eq!(svc.integrity().await.expect("integrity"), Integrity::Intact);
    journal::create_entry(&svc, entry("written after"))
        .await
        .expect("writes");
    svc.lock().await;
    // A second unlock of the same files keeps no second copy (the log is gone once replayed).
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens");
    assert_eq!(svc.status().await.expect("status").damaged_log_copy, None);
    assert_eq!(count_entries(&svc).await, n + 1);
    svc.lock().await;
    assert_eq!(kept_logs(crashed.path()), vec![kept]);
}

/// A vault opened by the keyring meets the same damaged and foreign files with the same codes as
/// one opened by passphrase, and each file is left as it was.
#[tokio::test]
async fn a_keyring_vault_names_damaged_and_foreign_files_as_a_passphrase_vault_does() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(true)).await.expect("create");
    journal::create_entry(&svc, entry("kept by the keyring"))
        .await
        .expect("entry");
    svc.lock().await;
    let paths = VaultPaths::new(dir.path());
    let (good_db, good_keys) = (read(&paths.db), read(&paths.keys));
    let noise: Vec<u8> = (0..good_db.len()).map(|i| (i * 31 % 253) as u8).collect();
    let cases: [(&str, Vec<u8>, Vec<u8>, ErrorCode); 5] = [
        (
            "db empty",
            Vec::new(),
            good_keys.clone(),
            ErrorCode::VaultFileEmpty,
        ),
        (
            "db cut short",
            good_db[..good_db.len() - 100].to_vec(),
            good_keys.clone(),
            ErrorCode::Damaged,
        ),
        (
            "db random bytes",
            noise,
            good_keys.clone(),
            ErrorCode::KeysDoNotMatch,
        ),
        (
            "keys garbage",
            good_db.clone(),
            b"{ garbage".to_vec(),
            ErrorCode::KeyFileDamaged,
        ),
        (
            "keys cut short",
            good_db.clone(),
            good_keys[..good_keys.len() / 2].to_vec(),
            ErrorCode::KeyFileDamaged,
        ),
    ];
    for (name, db, keys, code) in cases {
        std::fs::write(&paths.db, &db).expect("db");
        std::fs::write(&paths.keys, &keys).expect("keys");
        assert_eq!(
            code_of(svc.unlock_with_keyring().await),
            Some(code),
            "{name}"
        );
        assert_eq!((read(&paths.db), read(&paths.keys)), (db, keys), "{name}");
    }
    std::fs::write(&paths.db, &good_db).expect("db");
    std::fs::write(&paths.keys, &good_keys).expect("keys");
    svc.unlock_with_keyring().await.expect("whole again");
    assert_eq!(count_entries(&svc).await, 1);
}
