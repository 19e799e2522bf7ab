//! Nothing acknowledged is lost: a child process saves journal entries in a loop and reports
//! each one only after its transaction committed; the parent kills it with SIGKILL at random
//! moments, again and again, until at least 1 000 saves were acknowledged. Every acknowledged
//! entry must then be present and identical, and `PRAGMA integrity_check` must say ok.

mod common;

use std::time::{Duration, Instant};

use common::*;
use ipt_core::domain::journal::{Emotion, InterpersonalEventInput, JournalEntryInput};
use ipt_core::service::journal;

const CHILD_ENV: &str = "IPT_CRASH_CHILD_DIR";
/// Acknowledged saves to check: 1 000 in CI, 5 000 under `make proof`.
fn target_acks() -> usize {
    proof_size(1_000, 5_000)
}

/// The entry the child saves as save number `n` of run `run`; the parent rebuilds it to compare.
fn nth_entry(run: u32, n: u32) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: format!(
            "2026-{:02}-{:02}T{:02}:{:02}:00+01:00",
            1 + n % 12,
            1 + n % 28,
            n % 24,
            run % 60
        ),
        mood: i64::from(n % 11),
        emotions: vec![Emotion::ALL[(n as usize) % Emotion::ALL.len()]],
        custom_emotions: vec![format!("feeling {run}")],
        text: format!(
            "run {run} save {n}: {}",
            "a realistic sentence about the day. ".repeat(1 + (n as usize % 20))
        ),
        tags: vec![format!("run{run}"), "crash".into()],
        events: vec![InterpersonalEventInput {
            person_name: Some(format!("Person {}", n % 7)),
            what_happened: format!("event {run}/{n}"),
            what_i_felt: "steady".into(),
            what_i_did: "spoke up".into(),
            how_it_ended: "fine".into(),
            important: n.is_multiple_of(2),
            person_id: None,
        }],
        pinned: n.is_multiple_of(3),
        draft_key: None,
    }
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    ipt_core::keys::os_random(&mut b).expect("random");
    u64::from_le_bytes(b)
}

/// The child: unlocks the vault given in the environment and saves entries until killed,
/// printing `ACK <run> <n> <id>` after each commit.
#[tokio::test]
#[ignore = "helper process for acknowledged_saves_survive_sigkill; run by that test"]
#[allow(clippy::print_stdout)] // stdout is the channel to the parent
async fn crash_child_saver() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let run: u32 = std::env::var("IPT_CRASH_RUN")
        .expect("run")
        .parse()
        .expect("run number");
    let svc = service(
        std::path::Path::new(&dir),
        std::sync::Arc::new(ipt_core::keys::keyring_store::MemoryStore::new()),
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("child unlock");
    println!("READY");
    for n in 0.. {
        let saved = journal::create_entry(&svc, nth_entry(run, n))
            .await
            .expect("save");
        // Printed only after the commit returned: an ACK the parent reads is a promise.
        println!("ACK {run} {n} {}", saved.id);
    }
}

#[tokio::test]
async fn acknowledged_saves_survive_sigkill() {
    let dir = tempfile::tempdir().expect("tmp");
    {
        let (svc, _) = memory_service(dir.path());
        svc.create(create_req(false)).await.expect("create");
        svc.lock().await;
    }
    let mut acked: Vec<(u32, u32, i64)> = Vec::new();
    let mut run = 0u32;
    let started = Instant::now();
    let target = target_acks();
    while acked.len() < target {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "too slow: {} acks",
            acked.len()
        );
        run += 1;
        let child = ChildTest::spawn(
            "crash_child_saver",
            [
                (CHILD_ENV, dir.path().display().to_string()),
                ("IPT_CRASH_RUN", run.to_string()),
            ],
        );
        // Wait until the child is saving, then let it run for a random 20–400 ms.
        child.wait_for("READY", Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(20 + random_u64() % 380));
        for line in child.kill() {
            let Some(at) = line.find("ACK ") else {
                continue;
            };
            let parts: Vec<&str> = line[at..].split_whitespace().collect();
            if let ["ACK", r, n, id] = parts[..] {
                acked.push((
                    r.parse().expect("r"),
                    n.parse().expect("n"),
                    id.parse().expect("id"),
                ));
            }
        }
    }
    eprintln!(
        "{} acknowledged saves over {run} SIGKILLed runs in {:?}",
        acked.len(),
        started.elapsed()
    );

    let (svc, _) = memory_service(dir.path());
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock after crashes");
    let pool = svc.pool().await.expect("pool");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .expect("check");
    assert_eq!(check, "ok");
    for (r, n, id) in &acked {
        let got = journal::get_entry(&svc, *id)
            .await
            .unwrap_or_else(|e| panic!("acked entry {id} lost: {e}"));
        let want = nth_entry(*r, *n).validate().expect("valid");
        assert_eq!(got.text, want.text, "entry {id}");
        assert_eq!(got.mood, want.mood);
        assert_eq!(got.occurred_at, want.occurred_at);
        assert_eq!(got.emotions, want.emotions);
        assert_eq!(got.custom_emotions, want.custom_emotions);
        let mut tags = want.tags.clone();
        tags.sort_by_key(|t| t.to_lowercase());
        assert_eq!(got.tags, tags);
        assert_eq!(got.pinned, want.pinned);
        assert_eq!(got.events.len(), 1);
        assert_eq!(got.events[0].what_happened, want.events[0].what_happened);
        assert_eq!(got.events[0].person_name, want.events[0].person_name);
        assert_eq!(got.events[0].important, want.events[0].important);
    }
    // The search index agrees with the table.
    let fts: i64 = sqlx::query_scalar("SELECT count(*) FROM journal_fts")
        .fetch_one(&pool)
        .await
        .expect("fts");
    let live: i64 =
        sqlx::query_scalar("SELECT count(*) FROM journal_entries WHERE deleted_at IS NULL")
            .fetch_one(&pool)
            .await
            .expect("live");
    assert_eq!(fts, live);
    proof_row(
        "journal: SIGKILL during saves (acknowledged saves checked)",
        acked.len(),
        run as usize,
        0,
        0,
    );
}
