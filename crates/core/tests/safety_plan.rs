//! The safety plan on a real SQLCipher vault: empty before the first save, saved whole and read
//! back in order, kept across lock and unlock, left as it was when a save is refused, and
//! encrypted on disk.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::safety_plan::{SafetyContact, SafetyPlan};
use ipt_core::service::safety_plan;
use ipt_core::service::vault::VaultService;
use ipt_core::storage::VaultPaths;

/// Words that appear nowhere in the vault unless the plan is stored in the clear.
const CANARY: &str = "lighthouse-keeper-quokka-4417";

async fn vault(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

fn contact(name: &str, phone: &str) -> SafetyContact {
    SafetyContact {
        name: name.into(),
        phone: phone.into(),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn plan() -> SafetyPlan {
    SafetyPlan {
        warning_signs: strings(&[
            "not answering messages",
            "lying awake past 3",
            "skipping meals",
        ]),
        coping: strings(&["a hot shower", "the breathing from session 4"]),
        distractions: strings(&["the library café", "call Aunt M about the garden"]),
        helpers: vec![contact("Aunt M", "555 0142"), contact("J.", "")],
        professionals: vec![
            contact("Dr K (Tuesdays)", "555 0199"),
            contact("988", "988"),
        ],
        safer_surroundings: strings(&["pills stay at Jo's"]),
        reason_for_living: "Walking the dog at dawn with my brother.".into(),
        updated_at: None,
    }
}

fn without_time(p: &SafetyPlan) -> SafetyPlan {
    SafetyPlan {
        updated_at: None,
        ..p.clone()
    }
}

fn is_utc(t: &Option<String>) -> bool {
    t.as_deref()
        .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok() && t.ends_with('Z'))
}

#[tokio::test]
async fn the_plan_is_empty_before_the_first_save() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let empty = safety_plan::get(&svc).await.expect("get");
    assert_eq!(empty, SafetyPlan::default());
    assert_eq!(empty.updated_at, None);
}

#[tokio::test]
async fn a_saved_plan_is_read_back_whole_in_order_with_its_time() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let before = chrono::Utc::now();
    let saved = safety_plan::save(
        &svc,
        SafetyPlan {
            // Ignored on input: the core sets it.
            updated_at: Some("1999-01-01T00:00:00.000Z".into()),
            ..plan()
        },
    )
    .await
    .expect("save");
    assert_eq!(without_time(&saved), plan(), "every step, in order");
    assert!(is_utc(&saved.updated_at), "UTC RFC 3339: {saved:?}");
    let at = chrono::DateTime::parse_from_rfc3339(saved.updated_at.as_deref().expect("time"))
        .expect("time");
    assert!(
        at >= before - chrono::Duration::seconds(1),
        "set now, not from the input"
    );
    assert_eq!(safety_plan::get(&svc).await.expect("get"), saved);

    // A second save replaces the whole plan: tidied, items dropped, new order kept.
    let mut next = plan();
    next.warning_signs = strings(&["  skipping meals ", "", "not answering messages"]);
    next.helpers = vec![contact("", ""), contact(" J. ", " 555 0100 ")];
    next.distractions = vec![];
    next.reason_for_living = "  my brother \u{0}".into();
    let second = safety_plan::save(&svc, next).await.expect("save");
    assert_eq!(
        second.warning_signs,
        ["skipping meals", "not answering messages"]
    );
    assert_eq!(second.helpers, [contact("J.", "555 0100")]);
    assert!(second.distractions.is_empty());
    assert_eq!(second.reason_for_living, "my brother");
    assert!(second.updated_at >= saved.updated_at);
    assert_eq!(safety_plan::get(&svc).await.expect("get"), second);
}

#[tokio::test]
async fn the_plan_is_kept_across_lock_and_unlock() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let saved = safety_plan::save(&svc, plan()).await.expect("save");
    svc.lock().await;
    assert_eq!(
        safety_plan::get(&svc).await.err().map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    assert_eq!(
        safety_plan::save(&svc, plan())
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(safety_plan::get(&svc).await.expect("get"), saved);
}

#[tokio::test]
async fn a_refused_plan_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    // Refused before anything was saved: still no plan.
    let mut many = plan();
    many.coping = vec!["breathe".into(); 21];
    let err = safety_plan::save(&svc, many.clone())
        .await
        .expect_err("too many");
    assert_eq!((err.code(), err.limit()), (ErrorCode::TooMany, Some(20)));
    assert_eq!(
        safety_plan::get(&svc).await.expect("get"),
        SafetyPlan::default()
    );

    let saved = safety_plan::save(&svc, plan()).await.expect("save");
    let mut long = plan();
    long.professionals.push(contact("Dr K", &"5".repeat(501)));
    let mut long_reason = plan();
    long_reason.reason_for_living = "r".repeat(2_001);
    for (bad, code) in [
        (many, ErrorCode::TooMany),
        (long, ErrorCode::TooLong),
        (long_reason, ErrorCode::TooLong),
    ] {
        let err = safety_plan::save(&svc, bad).await.expect_err("refused");
        assert_eq!(err.code(), code);
    }
    assert_eq!(safety_plan::get(&svc).await.expect("get"), saved);
}

#[tokio::test]
async fn the_plan_is_encrypted_on_disk() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let mut p = plan();
    p.reason_for_living = format!("{CANARY} and the sea");
    p.warning_signs.push(CANARY.into());
    p.helpers.push(contact(CANARY, "555 0000"));
    safety_plan::save(&svc, p).await.expect("save");
    assert!(
        safety_plan::get(&svc)
            .await
            .expect("get")
            .reason_for_living
            .starts_with(CANARY),
        "the canary was stored"
    );
    let paths = VaultPaths::new(dir.path());
    let [wal, shm] = paths.sidecars();
    assert!(wal.exists(), "WAL mode keeps a -wal file while open");
    let check = |when: &str| {
        for f in [&paths.db, &wal, &shm] {
            let bytes = read(f);
            for clear in [
                CANARY.as_bytes(),
                b"CREATE TABLE safety_plan",
                b"reasonForLiving",
            ] {
                assert!(
                    !contains(&bytes, clear),
                    "{f:?} holds the plan in the clear {when}"
                );
            }
        }
    };
    check("while open");
    svc.lock().await;
    check("after lock");
    let bytes = read(&paths.db);
    assert!(bytes.len() >= 4096, "the vault has pages");
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "the vault is not a plain SQLite file"
    );
}

/// Every file in the data folder (not the backups), with its bytes.
fn data_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
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
async fn no_readable_copy_exists_unless_the_patient_asks_for_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let mut p = plan();
    p.reason_for_living = CANARY.into();
    safety_plan::save(&svc, p).await.expect("save");
    assert!(!safety_plan::copy_kept(&svc));
    assert_eq!(safety_plan::read_copy(&svc), None);
    svc.lock().await;
    for (name, bytes) in data_files(dir.path()) {
        assert!(
            !contains(&bytes, CANARY.as_bytes()),
            "{name} holds the plan in the clear"
        );
    }
}

#[tokio::test]
async fn a_kept_copy_is_readable_while_locked_follows_each_save_and_goes_when_turned_off() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let first = safety_plan::save(&svc, plan()).await.expect("save");

    let kept = safety_plan::set_copy(&svc, true).await.expect("keep");
    assert_eq!(kept.as_ref(), Some(&first));
    let copy_path = VaultPaths::new(dir.path()).safety_plan_copy;
    assert!(copy_path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "only the patient's account can read it"
        );
    }

    // A later save rewrites the copy with the same plan, time and all.
    let mut changed = plan();
    changed.coping.push("the blue blanket".into());
    let second = safety_plan::save(&svc, changed).await.expect("save");
    svc.lock().await;
    assert_eq!(
        safety_plan::read_copy(&svc),
        Some(second),
        "read while locked, as saved last"
    );

    // Turning it off works while locked and removes the file.
    assert_eq!(safety_plan::set_copy(&svc, false).await.expect("off"), None);
    assert!(!copy_path.exists());
    assert_eq!(safety_plan::read_copy(&svc), None);
    assert_eq!(
        safety_plan::set_copy(&svc, false).await.expect("off again"),
        None,
        "turning off twice is fine"
    );
}

#[tokio::test]
async fn keeping_a_copy_needs_the_space_unlocked() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    safety_plan::save(&svc, plan()).await.expect("save");
    svc.lock().await;
    let err = safety_plan::set_copy(&svc, true).await.expect_err("locked");
    assert_eq!(err.code(), ErrorCode::Locked);
    assert!(!safety_plan::copy_kept(&svc));
}

#[tokio::test]
async fn a_damaged_or_newer_copy_reads_as_none_and_a_save_replaces_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let copy_path = VaultPaths::new(dir.path()).safety_plan_copy;
    std::fs::write(&copy_path, b"{\"version\": 1, \"plan\": {\"warn").expect("write");
    assert_eq!(safety_plan::read_copy(&svc), None, "truncated");
    std::fs::write(
        &copy_path,
        serde_json::to_vec(&serde_json::json!({ "version": 2, "plan": plan() })).expect("json"),
    )
    .expect("write");
    assert_eq!(safety_plan::read_copy(&svc), None, "from a newer app");
    assert!(
        safety_plan::copy_kept(&svc),
        "the patient's choice still stands"
    );
    let saved = safety_plan::save(&svc, plan()).await.expect("save");
    assert_eq!(safety_plan::read_copy(&svc), Some(saved));
}

#[tokio::test]
async fn when_the_copy_cannot_be_written_the_plan_is_not_saved_either() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let first = safety_plan::save(&svc, plan()).await.expect("save");
    safety_plan::set_copy(&svc, true).await.expect("keep");
    // A fault even root cannot write past: a folder (with something in it) where the copy goes.
    let copy_path = VaultPaths::new(dir.path()).safety_plan_copy;
    std::fs::remove_file(&copy_path).expect("rm");
    std::fs::create_dir(&copy_path).expect("mkdir");
    std::fs::write(copy_path.join("x"), b"x").expect("write");
    let mut changed = plan();
    changed.coping = vec!["something new".into()];
    safety_plan::save(&svc, changed)
        .await
        .expect_err("the copy could not be written");
    assert_eq!(
        safety_plan::get(&svc).await.expect("get"),
        first,
        "the vault keeps the plan the copy still shows"
    );
}
