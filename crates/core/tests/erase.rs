//! "Delete everything": every vault file, the keyring entry, the readable copy of the safety plan
//! and the choices beside the vault go; backups only when asked (and then only backups: other
//! files in a synced folder stay); the wrong confirmation removes nothing; the app is back at
//! first run and a new vault can be made.

mod common;

use chrono::Utc;
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::backup::BackupKind;
use ipt_core::domain::safety_plan::SafetyPlan;
use ipt_core::keys::keyring_store::SecretStore;
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::service::erase::{self, ERASE_CONFIRMATION, EraseRequest};
use ipt_core::service::vault::VaultFiles;
use ipt_core::service::{backup, crisis_lines, safety_plan};

fn req(include_backups: bool) -> EraseRequest {
    EraseRequest {
        confirmation: ERASE_CONFIRMATION.into(),
        include_backups,
    }
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[tokio::test]
async fn everything_goes_and_the_app_is_back_at_first_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, store) = memory_service(dir.path());
    svc.create(create_req(true)).await.expect("create");
    let account = KeySlotFile::load(&svc.paths().keys)
        .expect("slots")
        .keyring_account();
    assert!(store.get(&account).is_ok());
    safety_plan::save(
        &svc,
        SafetyPlan {
            coping: vec!["a walk".into()],
            ..SafetyPlan::default()
        },
    )
    .await
    .expect("plan");
    safety_plan::set_copy(&svc, true).await.expect("copy");
    crisis_lines::set(&svc, Some("IE".into())).expect("country");
    backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup");

    let report = erase::erase(&svc, req(false)).await.expect("erase");
    assert!(report.vault_files >= 4, "{report:?}");
    assert_eq!(report.backups, 0);
    assert_eq!(
        report.backups_kept_in.as_deref(),
        Some(dir.path().join("backups").display().to_string().as_str())
    );
    assert_eq!(svc.files(), VaultFiles::None);
    assert_eq!(
        store.get(&account).err().map(|e| e.code()),
        Some(ErrorCode::KeyringEntryMissing),
        "the keyring entry is gone"
    );
    let left = names(dir.path());
    assert_eq!(
        left,
        vec![".lock".to_owned(), "backups".to_owned()],
        "{left:?}"
    );
    assert_eq!(
        names(&dir.path().join("backups")).len(),
        1,
        "the backup was kept"
    );
    assert_eq!(crisis_lines::get(&svc).crisis_country, None);
    assert_eq!(safety_plan::read_copy(&svc), None);

    // First run again: a new vault can be made.
    svc.create(create_req(false)).await.expect("a new vault");
}

#[tokio::test]
async fn backups_go_only_when_asked_and_only_backups() {
    let dir = tempfile::tempdir().expect("tmp");
    let synced = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup in the data folder");
    backup::set_folder(&svc, Some(synced.path().display().to_string()))
        .await
        .expect("folder");
    backup::back_up(&svc, BackupKind::Manual, Utc::now())
        .await
        .expect("backup in the synced folder");
    std::fs::write(synced.path().join("holiday-photos.txt"), b"mine").expect("own file");

    let report = erase::erase(&svc, req(true)).await.expect("erase");
    assert_eq!(report.backups, 2, "{report:?}");
    assert_eq!(report.backups_kept_in, None);
    assert!(names(&dir.path().join("backups")).is_empty());
    assert_eq!(
        names(synced.path()),
        vec!["holiday-photos.txt".to_owned()],
        "the patient's own files in the synced folder stay"
    );
}

#[tokio::test]
async fn without_the_confirmation_nothing_is_removed() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    let before = names(dir.path());
    for wrong in ["", "delete", "DELETE EVERYTHING", "delete everything "] {
        let err = erase::erase(
            &svc,
            EraseRequest {
                confirmation: wrong.into(),
                include_backups: true,
            },
        )
        .await
        .expect_err(wrong);
        assert_eq!(err.code(), ErrorCode::InvalidInput);
    }
    assert_eq!(names(dir.path()), before);
    assert!(svc.pool().await.is_ok(), "still open");
}

#[tokio::test]
async fn it_works_while_locked() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    svc.lock().await;
    erase::erase(&svc, req(true))
        .await
        .expect("erase while locked");
    assert_eq!(svc.files(), VaultFiles::None);
}
