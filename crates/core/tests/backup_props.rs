//! Property: whatever a vault holds, a backup restored on another computer holds the same —
//! every row of every table. Random journal entries (any Unicode, moods, tags, pinned or trashed,
//! people met), check-ins with unanswered items, and a safety plan.

mod common;

use std::path::Path;

use chrono::Utc;
use common::*;
use ipt_core::domain::backup::BackupKind;
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::safety_plan::SafetyPlan;
use ipt_core::service::backup::{self, BackupSecret};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{checkins, journal, safety_plan};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Entry {
    text: String,
    mood: i64,
    tags: Vec<String>,
    pinned: bool,
    trashed: bool,
    met: Option<String>,
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        "\\PC{0,300}",
        0i64..=10,
        proptest::collection::vec("[a-z]{1,12}", 0..4),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of("[A-Z][a-z]{0,8}"),
    )
        .prop_map(|(text, mood, tags, pinned, trashed, met)| Entry {
            text,
            mood,
            tags,
            pinned,
            trashed,
            met,
        })
}

fn answers(n: usize) -> impl Strategy<Value = Vec<Option<u8>>> {
    proptest::collection::vec(proptest::option::weighted(0.9, 0u8..=3), n)
}

async fn fill(svc: &VaultService, entries: &[Entry], phq: &[Vec<Option<u8>>], plan: &SafetyPlan) {
    for e in entries {
        let saved = journal::create_entry(
            svc,
            JournalEntryInput {
                occurred_at: "2026-11-20T18:45:00+01:00".into(),
                mood: e.mood,
                emotions: vec![],
                custom_emotions: vec![],
                text: e.text.clone(),
                tags: e.tags.clone(),
                events: e
                    .met
                    .iter()
                    .map(|name| InterpersonalEventInput {
                        person_id: None,
                        person_name: Some(name.clone()),
                        what_happened: "we talked".into(),
                        what_i_felt: String::new(),
                        what_i_did: String::new(),
                        how_it_ended: String::new(),
                        important: false,
                    })
                    .collect(),
                pinned: e.pinned,
                draft_key: None,
            },
        )
        .await
        .expect("entry");
        if e.trashed {
            journal::trash_entry(svc, saved.id).await.expect("trash");
        }
    }
    for a in phq {
        checkins::save(
            svc,
            serde_json::from_value(serde_json::json!({
                "kind": "phq9", "answers": a, "difficulty": null
            }))
            .expect("input"),
        )
        .await
        .expect("check-in");
    }
    safety_plan::save(svc, plan.clone()).await.expect("plan");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_backup_restored_elsewhere_holds_exactly_what_the_vault_held(
        entries in proptest::collection::vec(entry(), 0..12),
        phq in proptest::collection::vec(answers(9), 0..3),
        coping in proptest::collection::vec("\\PC{1,40}", 0..4),
        reason in "\\PC{0,80}",
        by_code in any::<bool>(),
    ) {
        let plan = SafetyPlan { coping, reason_for_living: reason, ..SafetyPlan::default() };
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let here = tempfile::tempdir().expect("tmp");
            let (svc, _) = memory_service(here.path());
            let created = svc.create(create_req(false)).await.expect("create");
            fill(&svc, &entries, &phq, &plan).await;
            let want = dump(&svc).await;
            let made = backup::back_up(&svc, BackupKind::Manual, Utc::now()).await.expect("backup");

            let there = tempfile::tempdir().expect("tmp");
            let (other, _) = memory_service(there.path());
            let secret = if by_code {
                BackupSecret::RecoveryCode(created.recovery_code.clone())
            } else {
                BackupSecret::Passphrase(PASS.into())
            };
            backup::restore(&other, made.path.clone(), secret).await.expect("restore");
            other.unlock_with_passphrase(PASS.into()).await.expect("unlock");
            let got = dump(&other).await;
            assert!(got == want, "the restored vault differs");
            assert!(Path::new(&made.path).is_file());
        });
    }
}
