//! A full disk under the vault itself: the data folder on a small tmpfs (needs the right to
//! mount — root on the development and CI machines; without it the test fails, it does not
//! pretend). Once the disk is full, saves fail with `DiskFull` and change nothing; the draft
//! saved before is still there; the file stays whole (integrity and cipher checks); once space is
//! freed, everything works again and nothing acknowledged was lost.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::journal::JournalEntryInput;
use ipt_core::service::journal::{self, JournalQuery};
use ipt_core::service::vault::VaultService;

fn entry(i: usize) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: "2026-11-20T18:45:00+01:00".into(),
        mood: 5,
        emotions: vec![],
        custom_emotions: vec![],
        text: format!("entry {i}: {}", "a day with many words in it ".repeat(200)),
        tags: vec![],
        events: vec![],
        pinned: false,
        draft_key: None,
    }
}

async fn live(svc: &VaultService) -> usize {
    journal::list_entries(
        svc,
        JournalQuery {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await
    .expect("list")
    .items
    .len()
}

async fn checks_ok(svc: &VaultService) {
    let pool = svc.pool().await.expect("pool");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .expect("integrity");
    assert_eq!(check, "ok");
    let cipher: Vec<String> = sqlx::query_scalar("PRAGMA cipher_integrity_check")
        .fetch_all(&pool)
        .await
        .expect("cipher integrity");
    assert!(cipher.is_empty(), "cipher_integrity_check: {cipher:?}");
}

#[tokio::test]
async fn a_full_disk_refuses_saves_keeps_the_draft_and_recovers_when_space_is_freed() {
    let disk = SmallDisk::new(12 * 1024 * 1024);
    let data = disk.path().join("data");
    std::fs::create_dir(&data).expect("data folder");
    let (svc, _) = memory_service(&data);
    svc.create(create_req(false)).await.expect("create");
    let mut acknowledged = 0;
    for i in 0..5 {
        journal::create_entry(&svc, entry(i)).await.expect("entry");
        acknowledged += 1;
    }
    journal::save_draft(&svc, "new".into(), "{\"text\":\"half a thought\"}".into())
        .await
        .expect("draft");

    // Fill the disk to the last few KiB, then keep saving until the disk says no.
    disk.fill_leaving(16 * 1024);
    let mut refused = 0;
    for i in 5..40 {
        match journal::create_entry(&svc, entry(i)).await {
            Ok(_) => acknowledged += 1,
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::DiskFull, "{}", e.message());
                refused += 1;
                if refused == 3 {
                    break;
                }
            }
        }
    }
    assert!(refused > 0, "the disk filled up");
    assert_eq!(
        live(&svc).await,
        acknowledged,
        "a refused save changed nothing"
    );
    let draft = journal::get_draft(&svc, "new".into())
        .await
        .expect("draft read")
        .expect("the draft survives");
    assert!(draft.payload.contains("half a thought"));

    // Space freed: saves work again, every connection sees them (none is left with an old view
    // of the log), and everything acknowledged is there, whole, after closing and reopening.
    std::fs::remove_file(disk.path().join("filler")).expect("free space");
    let mut after = Vec::new();
    for i in 100..104 {
        after.push(
            journal::create_entry(&svc, entry(i))
                .await
                .expect("saves work again")
                .id,
        );
        acknowledged += 1;
    }
    for _ in 0..8 {
        for id in &after {
            journal::get_entry(&svc, *id)
                .await
                .expect("every reader sees the new entries");
        }
        assert_eq!(live(&svc).await, acknowledged);
    }
    checks_ok(&svc).await;
    svc.lock().await;
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("opens again");
    assert_eq!(
        live(&svc).await,
        acknowledged,
        "nothing acknowledged was lost"
    );
    for id in &after {
        journal::get_entry(&svc, *id).await.expect("still there");
    }
    checks_ok(&svc).await;
    svc.lock().await;
    drop(svc);
    proof_row(
        "full disk under the vault (refused saves, then space freed)",
        acknowledged,
        refused,
        0,
        0,
    );
}
