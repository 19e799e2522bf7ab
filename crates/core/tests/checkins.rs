//! PHQ-9 and GAD-7 check-ins on a real SQLCipher vault: saved and listed newest first, scored
//! from the stored answers, kept across lock and unlock, refused when malformed, and encrypted
//! on disk.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::checkins::{Band, CheckInInput, Questionnaire};
use ipt_core::service::checkins;
use ipt_core::service::vault::VaultService;
use ipt_core::storage::VaultPaths;
use sqlx::Connection;

async fn vault(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

fn phq9(answers: [Option<u8>; 9], difficulty: Option<u8>) -> CheckInInput {
    CheckInInput {
        kind: Questionnaire::Phq9,
        answers: answers.to_vec(),
        difficulty,
    }
}

fn gad7(answers: [Option<u8>; 7]) -> CheckInInput {
    CheckInInput {
        kind: Questionnaire::Gad7,
        answers: answers.to_vec(),
        difficulty: None,
    }
}

#[tokio::test]
async fn check_ins_are_saved_scored_and_listed_newest_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    assert_eq!(checkins::list(&svc).await.expect("list"), vec![]);

    let first = checkins::save(
        &svc,
        phq9(
            [
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                None,
            ],
            Some(2),
        ),
    )
    .await
    .expect("save");
    assert_eq!(first.kind, Questionnaire::Phq9);
    assert_eq!((first.score, first.prorated), (Some(18), true));
    assert_eq!(first.band, Some(Band::ModeratelySevere));
    assert_eq!(first.difficulty, Some(2));
    assert_eq!(first.item9, None);
    assert!(
        chrono::DateTime::parse_from_rfc3339(&first.taken_at).is_ok()
            && first.taken_at.ends_with('Z'),
        "UTC RFC 3339: {}",
        first.taken_at
    );

    let second = checkins::save(&svc, gad7([Some(3); 7]))
        .await
        .expect("save");
    assert_eq!((second.score, second.band), (Some(21), Some(Band::Severe)));
    assert_eq!(second.item9, None);
    let third = checkins::save(&svc, phq9([Some(1); 9], None))
        .await
        .expect("save");
    assert_eq!((third.score, third.item9), (Some(9), Some(1)));

    let list = checkins::list(&svc).await.expect("list");
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids, [third.id, second.id, first.id], "newest first");
    assert_eq!(list[2], first, "read back as saved");
}

#[tokio::test]
async fn answers_and_item9_are_kept_across_lock_and_unlock() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let saved = checkins::save(
        &svc,
        phq9(
            [
                Some(0),
                Some(1),
                None,
                Some(3),
                Some(2),
                Some(1),
                Some(0),
                Some(1),
                Some(2),
            ],
            Some(1),
        ),
    )
    .await
    .expect("save");
    assert_eq!(saved.item9, Some(2));
    svc.lock().await;
    assert_eq!(
        checkins::list(&svc).await.err().map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    // The wording needs no vault.
    assert_eq!(checkins::questionnaire(Questionnaire::Phq9).items.len(), 9);
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    let list = checkins::list(&svc).await.expect("list");
    assert_eq!(list, vec![saved.clone()]);
    let c = &list[0];
    assert_eq!(
        c.answers,
        [
            Some(0),
            Some(1),
            None,
            Some(3),
            Some(2),
            Some(1),
            Some(0),
            Some(1),
            Some(2)
        ],
        "an unanswered item stays unanswered, not 0"
    );
    assert_eq!((c.difficulty, c.item9), (Some(1), Some(2)));
    assert_eq!(
        (c.score, c.prorated),
        (Some(11), true),
        "10 / 8 × 9 = 11.25"
    );
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let mut four = [Some(0); 9];
    four[0] = Some(4);
    let short = CheckInInput {
        kind: Questionnaire::Gad7,
        answers: vec![Some(1); 6],
        difficulty: None,
    };
    let mut gad_with_difficulty = gad7([Some(1); 7]);
    gad_with_difficulty.difficulty = Some(0);
    for bad in [
        phq9(four, None),
        phq9([Some(1); 9], Some(4)),
        short,
        gad_with_difficulty,
    ] {
        let err = checkins::save(&svc, bad).await.expect_err("refused");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
    }
    assert_eq!(checkins::list(&svc).await.expect("list"), vec![]);
}

#[tokio::test]
async fn check_ins_are_encrypted_on_disk() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    for _ in 0..20 {
        checkins::save(&svc, phq9([Some(3); 9], Some(3)))
            .await
            .expect("save");
    }
    let paths = VaultPaths::new(dir.path());
    let [wal, _] = paths.sidecars();
    // Answers are numbers, so look for what the table and its rows would show in the clear.
    for f in [&paths.db, &wal] {
        let bytes = read(f);
        for clear in [b"CREATE TABLE checkins".as_slice(), b"[3,3,3,3,3,3,3,3,3]"] {
            assert!(
                !contains(&bytes, clear),
                "{f:?} holds check-ins in the clear"
            );
        }
    }
    svc.lock().await;
    let bytes = read(&paths.db);
    assert!(bytes.len() >= 4096, "the vault has pages");
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "the vault is not a plain SQLite file"
    );
    assert!(!contains(&bytes, b"[3,3,3,3,3,3,3,3,3]"));
    // Plain SQLite (no key) cannot read it.
    let url = format!("sqlite://{}?mode=ro", paths.db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("sqlite opens lazily");
    let err = sqlx::query("SELECT count(*) FROM checkins")
        .fetch_one(&mut conn)
        .await
        .expect_err("no key, no read");
    assert!(err.to_string().contains("file is not a database"), "{err}");
}
