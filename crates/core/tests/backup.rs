//! Backups and restore on real SQLCipher vaults: a backup taken while writes go on, checked
//! before it counts, restored to identical content (every table compared), opened on "another
//! computer" with the passphrase or the recovery code alone, refused whole when damaged,
//! foreign, cut short, wrongly keyed or from a newer app (the live vault untouched), rotated by
//! date, and a restore stopped half way that still ends with a vault that opens.

mod common;

use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::backup::BackupKind;
use ipt_core::domain::circle::{CircleInput, Placement, Ring};
use ipt_core::domain::journal::JournalEntryInput;
use ipt_core::domain::people::Inventory;
use ipt_core::keys::slots::SlotKind;
use ipt_core::service::backup::{self, BackupSecret};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{checkins, circle, journal, people};
use ipt_core::storage;

fn entry(text: &str) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: "2026-11-20T18:45:00+01:00".into(),
        mood: 6,
        emotions: vec![],
        custom_emotions: vec![],
        text: text.into(),
        tags: vec!["evenings".into()],
        events: vec![],
        pinned: false,
        draft_key: None,
    }
}

/// A vault with a few entries and a check-in; returns the service and its recovery code.
async fn filled(dir: &Path) -> (VaultService, String) {
    let (svc, _) = memory_service(dir);
    let created = svc.create(create_req(false)).await.expect("create");
    for t in ["Dinner was quiet.", "Called my sister.", "Long walk."] {
        journal::create_entry(&svc, entry(t)).await.expect("entry");
    }
    checkins::save(
        &svc,
        serde_json::from_value(serde_json::json!({
            "kind": "gad7",
            "answers": [1, 1, 0, 2, 1, 0, 1],
            "difficulty": null
        }))
        .expect("check-in input"),
    )
    .await
    .expect("check-in");
    // Someone on the list, placed in the circle (saved twice: two snapshots).
    let sam = people::save_inventory(
        &svc,
        None,
        Inventory {
            display_name: "Sam".into(),
            ..Inventory::default()
        },
    )
    .await
    .expect("person")
    .id;
    for ring in [Ring::FurtherOut, Ring::Close] {
        circle::save(
            &svc,
            CircleInput {
                placements: vec![Placement {
                    person_id: sam,
                    ring,
                }],
            },
            Utc::now(),
        )
        .await
        .expect("circle");
    }
    (svc, created.recovery_code)
}

fn pass() -> BackupSecret {
    BackupSecret::Passphrase(PASS.into())
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".restore-") || n.ends_with(".partial") || n == "restore.pending")
        .collect()
}

#[tokio::test]
async fn a_backup_restores_to_identical_content_and_the_replaced_vault_is_kept_aside() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let made = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");
    assert!(
        made.file_name.ends_with("-manual.iptbackup"),
        "{}",
        made.file_name
    );
    let before = dump(&svc).await;
    assert!(
        before
            .iter()
            .any(|(t, rows)| t == "journal_entries" && rows.len() == 3)
    );

    // Changes after the backup…
    journal::create_entry(&svc, entry("After the backup."))
        .await
        .expect("entry");
    assert_ne!(dump(&svc).await, before);

    // …are gone after restoring it; what the backup held is back, table by table.
    let preview = backup::preview(&svc, made.path.clone(), pass())
        .await
        .expect("preview");
    assert_eq!(
        (
            preview.entries,
            preview.check_ins,
            preview.sessions,
            preview.people,
            preview.circles
        ),
        (3, 1, 0, 1, 2)
    );
    backup::restore(&svc, made.path.clone(), pass())
        .await
        .expect("restore");
    assert_eq!(
        svc.pool().await.err().map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(dump(&svc).await, before);

    // The vault it replaced is kept whole, beside its keys.
    let aside: Vec<PathBuf> = std::fs::read_dir(dir.path().join("backups"))
        .expect("backups")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("before-restore-"))
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(aside[0].join("vault.db").is_file() && aside[0].join("vault.keys").is_file());
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[tokio::test]
async fn a_backup_is_encrypted_carries_no_keyring_slot_and_opens_on_another_computer() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    let created = svc
        .create(create_req(true))
        .await
        .expect("create with keyring");
    journal::create_entry(&svc, entry("lighthouse-keeper-quokka-4417"))
        .await
        .expect("entry");
    let made = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");
    let bytes = read(Path::new(&made.path));
    assert!(
        !contains(&bytes, b"lighthouse-keeper-quokka"),
        "the text is not in the clear"
    );
    assert!(!contains(&bytes, b"SQLite format 3"));
    let (header, _) = storage::backup::read_header(Path::new(&made.path)).expect("header");
    assert!(
        header
            .slots
            .slots
            .iter()
            .all(|s| s.kind != SlotKind::Keyring)
    );
    assert_eq!(header.slots.slots.len(), 2, "passphrase and recovery code");
    let want = dump(&svc).await;

    // A new computer: an empty data folder, nothing in its keyring.
    for secret in [
        BackupSecret::Passphrase(PASS.into()),
        BackupSecret::RecoveryCode(created.recovery_code.clone()),
    ] {
        let other = tempfile::tempdir().expect("tmp");
        let (fresh, _) = memory_service(other.path());
        let by_code = matches!(secret, BackupSecret::RecoveryCode(_));
        backup::restore(&fresh, made.path.clone(), secret)
            .await
            .expect("restore");
        if by_code {
            fresh
                .unlock_with_recovery_code(created.recovery_code.clone())
                .await
                .expect("unlock with the code");
        } else {
            fresh
                .unlock_with_passphrase(PASS.into())
                .await
                .expect("unlock");
        }
        assert_eq!(dump(&fresh).await, want);
        assert_eq!(
            fresh.unlock_with_keyring().await.err().map(|e| e.code()),
            Some(ErrorCode::NoKeyringSlot),
            "the keyring does not travel"
        );
    }
}

#[tokio::test]
async fn a_backup_taken_while_writes_go_on_is_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let svc = std::sync::Arc::new(svc);
    let writer = {
        let svc = std::sync::Arc::clone(&svc);
        tokio::spawn(async move {
            for i in 0..40 {
                journal::create_entry(&svc, entry(&format!("written during the backup {i}")))
                    .await
                    .expect("entry");
            }
        })
    };
    let made = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup while writing");
    writer.await.expect("writer");
    let preview = backup::preview(&svc, made.path, pass())
        .await
        .expect("preview");
    assert!(
        (3..=43).contains(&preview.entries),
        "a consistent moment: {}",
        preview.entries
    );
}

#[tokio::test]
async fn a_damaged_foreign_cut_wrongly_keyed_or_newer_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let made = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");
    let good = read(Path::new(&made.path));
    let (header, start) = storage::backup::read_header(Path::new(&made.path)).expect("header");
    let before = dump(&svc).await;
    let work = tempfile::tempdir().expect("tmp");

    let mut flipped = good.clone();
    let mid = start as usize + (good.len() - start as usize) / 2;
    flipped[mid] ^= 0x40;
    let mut newer_format = good.clone();
    let at = find(&newer_format, b"\"version\":1").expect("version field");
    newer_format[at + 10] = b'9';
    let newer_layout = {
        let mut h = header.clone();
        h.schema_version = 9_999;
        let file = work.path().join("newer-layout.iptbackup");
        let db = work.path().join("inner.db");
        std::fs::write(&db, &good[start as usize..]).expect("inner");
        storage::backup::write(&file, &h, &db).expect("write");
        read(&file)
    };
    let cases: Vec<(&str, Vec<u8>, BackupSecret, ErrorCode)> = vec![
        (
            "a text file",
            b"not a backup at all\n".to_vec(),
            pass(),
            ErrorCode::NotABackup,
        ),
        (
            "the vault file itself",
            read(&dir.path().join("vault.db")),
            pass(),
            ErrorCode::NotABackup,
        ),
        (
            "cut short",
            good[..good.len() - 4096].to_vec(),
            pass(),
            ErrorCode::Damaged,
        ),
        (
            "cut in the header",
            good[..30].to_vec(),
            pass(),
            ErrorCode::Damaged,
        ),
        (
            "a byte flipped in the data",
            flipped,
            pass(),
            ErrorCode::Damaged,
        ),
        (
            "the wrong passphrase",
            good.clone(),
            BackupSecret::Passphrase("not the passphrase at all".into()),
            ErrorCode::WrongKey,
        ),
        (
            "a wrong recovery code",
            good.clone(),
            BackupSecret::RecoveryCode("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH".into()),
            ErrorCode::WrongKey,
        ),
        (
            "a newer file format",
            newer_format,
            pass(),
            ErrorCode::BackupTooNew,
        ),
        (
            "a newer vault layout",
            newer_layout,
            pass(),
            ErrorCode::BackupTooNew,
        ),
    ];
    for (what, bytes, secret, code) in cases {
        let path = work.path().join("candidate.iptbackup");
        std::fs::write(&path, &bytes).expect("write");
        let p = path.display().to_string();
        let err = backup::restore(&svc, p.clone(), secret)
            .await
            .expect_err(what);
        assert_eq!(err.code(), code, "{what}: {}", err.message());
        assert_eq!(
            dump(&svc).await,
            before,
            "{what}: the live vault is untouched"
        );
        assert!(
            leftovers(dir.path()).is_empty(),
            "{what}: {:?}",
            leftovers(dir.path())
        );
        assert_eq!(read(&path), bytes, "{what}: the backup file is not changed");
    }
    let missing = work.path().join("gone.iptbackup").display().to_string();
    assert!(backup::preview(&svc, missing, pass()).await.is_err());
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn backups_rotate_by_date_and_the_status_says_when_the_last_one_was() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let status = backup::status(&svc, Utc::now()).await.expect("status");
    assert!(status.overdue && status.last_good.is_none() && status.count == 0);

    // One a day for 12 days, at noon UTC (the same local day in any time zone within ±11 h).
    let start = Utc
        .with_ymd_and_hms(2026, 10, 1, 12, 0, 0)
        .single()
        .expect("t");
    for d in 0..12 {
        backup::back_up(&svc, BackupKind::Automatic, start + Duration::days(d))
            .await
            .expect("backup");
    }
    let kept = backup::list(&svc).await.expect("list");
    let last = start + Duration::days(11);
    let days: Vec<String> = kept.iter().map(|b| b.created_at[..10].to_owned()).collect();
    for d in 0..7 {
        let day = (last - Duration::days(d)).format("%Y-%m-%d").to_string();
        assert!(days.contains(&day), "the last seven days stay: {days:?}");
    }
    assert!(
        kept.len() < 12 && kept.len() <= 7 + 4,
        "older ones went: {days:?}"
    );
    let status = backup::status(&svc, last + Duration::days(1))
        .await
        .expect("status");
    assert_eq!(
        status.last_good.as_ref().map(|b| &b.path),
        Some(&kept[0].path)
    );
    assert!(!status.overdue);
    assert!(
        backup::status(&svc, last + Duration::days(8))
            .await
            .expect("status")
            .overdue
    );
}

#[tokio::test]
async fn an_automatic_backup_is_made_after_changes_at_most_daily() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let now = Utc::now();
    assert!(backup::automatic(&svc, now).await.expect("first").is_some());
    assert!(
        backup::automatic(&svc, now + Duration::hours(2))
            .await
            .expect("again")
            .is_none()
    );
    journal::create_entry(&svc, entry("a change"))
        .await
        .expect("entry");
    let later = now + Duration::hours(25);
    let made = backup::automatic(&svc, later).await.expect("next day");
    assert!(made.is_some_and(|b| b.kind == BackupKind::Automatic));
    svc.lock().await;
    assert!(
        backup::automatic(&svc, later + Duration::days(2))
            .await
            .expect("locked")
            .is_none(),
        "nothing is made while locked"
    );
}

#[tokio::test]
async fn a_backup_folder_that_cannot_be_used_fails_clearly_and_leaves_everything_as_it_was() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let elsewhere = tempfile::tempdir().expect("tmp");
    let folder = elsewhere.path().join("synced");
    backup::set_folder(&svc, Some(folder.display().to_string()))
        .await
        .expect("folder");
    backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");
    assert_eq!(backup::list(&svc).await.expect("list").len(), 1);

    // The synced drive goes away and a plain file stands where the folder was.
    std::fs::remove_dir_all(&folder).expect("rm");
    std::fs::write(&folder, b"not a folder").expect("file");
    let before = dump(&svc).await;
    let err = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect_err("no folder");
    assert!(
        matches!(
            err.code(),
            ErrorCode::BackupFailed | ErrorCode::NotWritable | ErrorCode::Io
        ),
        "{:?}",
        err.code()
    );
    assert_eq!(dump(&svc).await, before);
    assert_eq!(read(&folder), b"not a folder");

    for bad in ["relative/path", "  "] {
        let r = backup::set_folder(&svc, Some(bad.into())).await;
        if bad.trim().is_empty() {
            assert_eq!(
                r.expect("blank is the default"),
                dir.path().join("backups").display().to_string()
            );
        } else {
            assert_eq!(r.expect_err(bad).code(), ErrorCode::InvalidInput);
        }
    }
}

#[tokio::test]
async fn a_restore_stopped_half_way_still_ends_with_a_vault_that_opens() {
    let dir = tempfile::tempdir().expect("tmp");
    let old_dump;
    let made;
    {
        let (svc, _) = filled(dir.path()).await;
        made = backup::back_up(&svc, BackupKind::Manual, Utc::now())
            .await
            .expect("backup");
        journal::create_entry(&svc, entry("only in the old vault"))
            .await
            .expect("entry");
        old_dump = dump(&svc).await;
        svc.lock().await;
    }
    let paths = storage::VaultPaths::new(dir.path());
    let (header, start) = storage::backup::read_header(Path::new(&made.path)).expect("header");
    let stage = |tag: &str| {
        let db = format!(".restore-{tag}-vault.db");
        let keys = format!(".restore-{tag}-vault.keys");
        storage::backup::extract(
            Path::new(&made.path),
            start,
            header.db_bytes,
            &dir.path().join(&db),
        )
        .expect("extract");
        header.slots.save(&dir.path().join(&keys)).expect("keys");
        (db, keys)
    };

    // Stopped before the journal was written: the old vault opens; the leftovers go.
    stage("a");
    {
        let (svc, _) = memory_service(dir.path());
        svc.unlock_with_passphrase(PASS.into())
            .await
            .expect("old vault");
        assert_eq!(dump(&svc).await, old_dump);
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
        svc.lock().await;
    }

    // Stopped after the journal, with the old database moved aside but nothing else done: the
    // next start finishes the swap, and the backup's vault opens.
    let (db, keys) = stage("b");
    storage::backup::write_journal(
        &paths,
        &storage::backup::RestoreJournal {
            new_db: db,
            new_keys: keys,
            aside: "backups/before-restore-b".into(),
        },
    )
    .expect("journal");
    std::fs::create_dir_all(dir.path().join("backups/before-restore-b")).expect("aside");
    std::fs::rename(
        &paths.db,
        dir.path().join("backups/before-restore-b/vault.db"),
    )
    .expect("mv");
    let (svc, _) = memory_service(dir.path());
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("restored vault");
    let restored = dump(&svc).await;
    let entries = restored
        .iter()
        .find(|(t, _)| t == "journal_entries")
        .map(|(_, r)| r.len());
    assert_eq!(
        entries,
        Some(3),
        "the backup's three entries, not the old four"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    let aside = dir.path().join("backups/before-restore-b");
    assert!(aside.join("vault.db").is_file() && aside.join("vault.keys").is_file());
}

#[tokio::test]
async fn a_full_disk_during_a_backup_leaves_the_vault_and_the_folder_as_they_were() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    for i in 0..30 {
        journal::create_entry(&svc, entry(&format!("{i} {}", "words ".repeat(200))))
            .await
            .expect("entry");
    }
    // How big a copy is, from a backup in the usual folder.
    let probe = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");
    let (header, _) = storage::backup::read_header(Path::new(&probe.path)).expect("header");
    let copy = header.db_bytes;

    // Room for less than the copy (VACUUM INTO fails), then for the copy but not the finished
    // file (writing the backup fails).
    for free in [copy / 2, copy + copy / 2] {
        let disk = SmallDisk::new(copy * 4);
        disk.fill_leaving(free);
        backup::set_folder(&svc, Some(disk.path().display().to_string()))
            .await
            .expect("folder");
        let before = dump(&svc).await;
        let err = backup::back_up(&svc, BackupKind::Manual, Utc::now())
            .await
            .expect_err("the disk is full");
        assert_eq!(err.code(), ErrorCode::DiskFull, "{free}: {}", err.message());
        let mut left: Vec<String> = std::fs::read_dir(disk.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            vec!["filler".to_owned()],
            "half-written files removed"
        );
        assert!(dump(&svc).await == before, "the live vault is untouched");
        // The vault still takes writes.
        backup::set_folder(&svc, None)
            .await
            .expect("default folder");
    }
    journal::create_entry(&svc, entry("after the full disk"))
        .await
        .expect("still writable");
}

#[tokio::test]
async fn copies_from_before_a_migration_or_a_restore_go_after_ninety_days() {
    let dir = tempfile::tempdir().expect("tmp");
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(backups.join("before-restore-old")).expect("dir");
    std::fs::create_dir_all(backups.join("before-restore-new")).expect("dir");
    for name in [
        "pre-migration-v8-old.db",
        "pre-migration-v9-new.db",
        "notes.txt",
    ] {
        std::fs::write(backups.join(name), b"x").expect("write");
    }
    let now = Utc::now();
    let aged = std::time::SystemTime::from(now - Duration::days(91));
    for name in ["pre-migration-v8-old.db", "notes.txt"] {
        std::fs::File::options()
            .write(true)
            .open(backups.join(name))
            .and_then(|f| f.set_modified(aged))
            .expect("age");
    }
    std::fs::File::open(backups.join("before-restore-old"))
        .and_then(|f| f.set_modified(aged))
        .expect("age dir");
    backup::prune_safety_copies(&backups, now);
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["before-restore-new", "notes.txt", "pre-migration-v9-new.db"],
        "only the old safety copies went; other files stay whatever their age"
    );
}

#[tokio::test]
async fn a_read_only_backup_folder_fails_clearly_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let disk = SmallDisk::new(8 * 1024 * 1024);
    backup::set_folder(&svc, Some(disk.path().display().to_string()))
        .await
        .expect("folder");
    let ok = std::process::Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(disk.path())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "remounting read-only failed");
    let before = dump(&svc).await;
    let err = backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect_err("read-only");
    assert_eq!(err.code(), ErrorCode::NotWritable, "{}", err.message());
    assert!(dump(&svc).await == before);
    assert_eq!(std::fs::read_dir(disk.path()).expect("dir").count(), 0);
}

#[tokio::test]
async fn what_an_interrupted_backup_left_behind_is_removed_by_the_next_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = filled(dir.path()).await;
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).expect("folder");
    let old = folder.join(".20261101T100000.000Z.db.partial");
    let old_journal = folder.join(".20261101T100000.000Z.db.partial-journal");
    let fresh = folder.join(".20261127T100000.000Z.db.partial");
    for f in [&old, &old_journal, &fresh] {
        std::fs::write(f, b"an encrypted half copy").expect("leftover");
    }
    let aged = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for f in [&old, &old_journal] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .and_then(|h| h.set_modified(aged))
            .expect("age");
    }
    backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");
    assert!(
        !old.exists() && !old_journal.exists(),
        "stale leftovers removed"
    );
    assert!(
        fresh.exists(),
        "a file a running backup may be writing is left alone"
    );
}
