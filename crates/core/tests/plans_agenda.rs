//! Between-session plans and the agenda for the next session, on a real SQLCipher vault: plans
//! due by the next session, how they went, the agenda gathered from pinned entries, important
//! events, plans and questions, the patient's order, and the archive made when the session is
//! recorded.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::agenda::AgendaKind;
use ipt_core::domain::course::{ProblemArea, SessionRecord};
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::plans::{PlanInput, PlanOutcome, PlanStatus};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{agenda, course, journal, plans};
use ipt_core::storage::VaultPaths;

fn plan(what: &str) -> PlanInput {
    PlanInput {
        what: what.into(),
        area: Some(ProblemArea::RoleDispute),
        person_id: None,
        person_name: None,
        due_on: None,
    }
}

fn entry(text: &str, pinned: bool, important_event: Option<&str>) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: "2026-11-20T18:45:00+01:00".into(),
        mood: 4,
        emotions: vec![],
        custom_emotions: vec![],
        text: text.into(),
        tags: vec![],
        events: important_event
            .map(|what| {
                vec![InterpersonalEventInput {
                    person_name: Some("Sam".into()),
                    what_happened: what.into(),
                    what_i_felt: "unheard".into(),
                    important: true,
                    ..Default::default()
                }]
            })
            .unwrap_or_default(),
        pinned,
        draft_key: None,
    }
}

fn session(number: i64, held_on: &str) -> SessionRecord {
    SessionRecord {
        number,
        held_on: held_on.into(),
        talked_about: "the chores".into(),
        agreed: String::new(),
        notes: String::new(),
        mood: Some(5),
    }
}

async fn vault_with_course(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    course::save_course(&svc, tuesday_course())
        .await
        .expect("course");
    svc
}

fn keys(items: &[ipt_core::domain::agenda::AgendaItem]) -> Vec<String> {
    items.iter().map(|i| i.key.clone()).collect()
}

#[tokio::test]
async fn plans_are_due_by_the_next_session_and_record_how_it_went() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_course(dir.path()).await;

    // A Friday: the next session is Tuesday 2026-11-24.
    let p = plans::create_plan(
        &svc,
        PlanInput {
            person_name: Some("  Sam ".into()),
            ..plan("Ask Sam to do the Tuesday shop")
        },
        "2026-11-20".into(),
    )
    .await
    .expect("create");
    assert_eq!(p.due_on, "2026-11-24");
    assert_eq!(p.status, PlanStatus::Planned);
    assert_eq!(p.person_name.as_deref(), Some("Sam"));
    // The person is the journal's person: one list of people.
    let people = ipt_core::service::people::list_people(&svc)
        .await
        .expect("people");
    assert_eq!(people.len(), 1);
    assert_eq!(Some(people[0].id), p.person_id);

    // On the session day itself, before it is recorded, "by the next session" is today's.
    let today = plans::create_plan(
        &svc,
        plan("Write down one thing I want"),
        "2026-11-24".into(),
    )
    .await
    .expect("create");
    assert_eq!(today.due_on, "2026-11-24");
    // An explicit date wins.
    let later = plans::create_plan(
        &svc,
        PlanInput {
            due_on: Some("2026-12-15".into()),
            ..plan("Call my aunt")
        },
        "2026-11-20".into(),
    )
    .await
    .expect("create");
    assert_eq!(later.due_on, "2026-12-15");

    // How it went.
    let tried = plans::record_outcome(
        &svc,
        p.id,
        PlanOutcome {
            status: PlanStatus::Tried,
            reflection: "He said yes, then forgot. <script>x()</script>".into(),
            mood_before: Some(3),
            mood_after: Some(5),
        },
        "2026-11-22".into(),
    )
    .await
    .expect("outcome");
    assert_eq!(tried.status, PlanStatus::Tried);
    assert_eq!(
        tried.reflection,
        "He said yes, then forgot. <script>x()</script>"
    );
    assert_eq!((tried.mood_before, tried.mood_after), (Some(3), Some(5)));

    // Not this week: the words stay, moods belong only to an attempt.
    let skipped = plans::record_outcome(
        &svc,
        today.id,
        PlanOutcome {
            status: PlanStatus::NotThisWeek,
            reflection: "Too tired".into(),
            mood_before: Some(2),
            mood_after: None,
        },
        "2026-11-26".into(),
    )
    .await
    .expect("outcome");
    assert_eq!(skipped.status, PlanStatus::NotThisWeek);
    assert_eq!(skipped.mood_before, None);
    // Trying again after the date passed: due by the next session (2026-12-01).
    let again = plans::record_outcome(
        &svc,
        today.id,
        PlanOutcome {
            status: PlanStatus::Planned,
            reflection: String::new(),
            mood_before: None,
            mood_after: None,
        },
        "2026-11-26".into(),
    )
    .await
    .expect("again");
    assert_eq!(
        (again.status, again.due_on.as_str()),
        (PlanStatus::Planned, "2026-12-01")
    );

    // Edit keeps the outcome.
    let edited = plans::update_plan(
        &svc,
        p.id,
        PlanInput {
            what: "Ask Sam to do the Tuesday and Friday shop".into(),
            area: None,
            ..plan("")
        },
        "2026-11-22".into(),
    )
    .await
    .expect("edit");
    assert_eq!(edited.status, PlanStatus::Tried);
    assert_eq!(edited.area, None);
    assert_eq!(edited.person_id, None);

    // Kept across a lock, listed latest due first.
    svc.lock().await;
    assert_eq!(
        plans::list_plans(&svc).await.err().map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    let all = plans::list_plans(&svc).await.expect("list");
    assert_eq!(
        all.iter().map(|p| p.due_on.as_str()).collect::<Vec<_>>(),
        ["2026-12-15", "2026-12-01", "2026-11-24"]
    );

    plans::delete_plan(&svc, later.id).await.expect("delete");
    assert_eq!(plans::list_plans(&svc).await.expect("list").len(), 2);
}

#[tokio::test]
async fn bad_plans_change_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_course(dir.path()).await;
    let code = |r: ipt_core::Result<_>| r.err().map(|e: ipt_core::Error| e.code());
    assert_eq!(
        code(plans::create_plan(&svc, plan("   "), "2026-11-20".into()).await),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(
        code(plans::create_plan(&svc, plan("x"), "20/11/2026".into()).await),
        Some(ErrorCode::InvalidDate)
    );
    assert_eq!(
        code(
            plans::create_plan(
                &svc,
                PlanInput {
                    person_id: Some(99),
                    ..plan("Ask")
                },
                "2026-11-20".into()
            )
            .await
        ),
        Some(ErrorCode::NotFound)
    );
    assert!(plans::list_plans(&svc).await.expect("list").is_empty());
    let outcome = PlanOutcome {
        status: PlanStatus::Done,
        reflection: String::new(),
        mood_before: None,
        mood_after: None,
    };
    assert_eq!(
        code(plans::record_outcome(&svc, 42, outcome.clone(), "2026-11-20".into()).await),
        Some(ErrorCode::NotFound)
    );
    let p = plans::create_plan(&svc, plan("Ask"), "2026-11-20".into())
        .await
        .expect("create");
    assert_eq!(
        code(
            plans::record_outcome(
                &svc,
                p.id,
                PlanOutcome {
                    mood_after: Some(12),
                    ..outcome
                },
                "2026-11-20".into()
            )
            .await
        ),
        Some(ErrorCode::InvalidMood)
    );
    assert_eq!(
        plans::get_plan(&svc, p.id).await.expect("get").status,
        PlanStatus::Planned
    );
    assert_eq!(
        plans::delete_plan(&svc, 42).await.err().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
}

#[tokio::test]
async fn the_agenda_gathers_what_to_bring_and_is_archived_with_the_session() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_course(dir.path()).await;
    let friday = "2026-11-20".to_string();

    let empty = agenda::open_agenda(&svc, friday.clone())
        .await
        .expect("agenda");
    assert_eq!(
        (empty.session_number, empty.session_date.as_deref()),
        (Some(4), Some("2026-11-24"))
    );
    assert!(empty.items.is_empty());

    let pinned = journal::create_entry(
        &svc,
        entry("We argued about the shopping again.", true, None),
    )
    .await
    .expect("entry");
    let with_event = journal::create_entry(
        &svc,
        entry(
            "Not pinned, but one moment mattered.",
            false,
            Some("He walked out"),
        ),
    )
    .await
    .expect("entry");
    let trashed = journal::create_entry(&svc, entry("Pinned, then thrown away.", true, None))
        .await
        .expect("entry");
    journal::trash_entry(&svc, trashed.id).await.expect("trash");
    journal::create_entry(&svc, entry("Just a day.", false, None))
        .await
        .expect("entry");
    let due = plans::create_plan(&svc, plan("Ask once, clearly"), friday.clone())
        .await
        .expect("plan");
    let far = plans::create_plan(
        &svc,
        PlanInput {
            due_on: Some("2026-12-15".into()),
            ..plan("Call my aunt")
        },
        friday.clone(),
    )
    .await
    .expect("plan");
    let q = agenda::add_question(
        &svc,
        "  Why do I go quiet when he raises his voice? ".into(),
    )
    .await
    .expect("question");
    assert_eq!(q.text, "Why do I go quiet when he raises his voice?");

    let a = agenda::open_agenda(&svc, friday.clone())
        .await
        .expect("agenda");
    let entry_key = format!("entry:{}", pinned.id);
    let event_key = format!("event:{}:0", with_event.id);
    let plan_key = format!("plan:{}", due.id);
    assert_eq!(
        keys(&a.items),
        [
            entry_key.clone(),
            event_key.clone(),
            plan_key.clone(),
            q.key.clone()
        ],
        "pinned entries, important events, plans due by the session, questions; not the trash, \
         not a plan due later"
    );
    let ev = &a.items[1];
    assert_eq!(ev.kind, AgendaKind::Event);
    assert_eq!(
        (ev.text.as_str(), ev.detail.as_str(), ev.person.as_deref()),
        ("He walked out", "unheard", Some("Sam"))
    );
    assert_eq!(a.items[0].text, "We argued about the shopping again.");
    assert_eq!(a.items[0].mood, Some(4));
    assert_eq!(a.items[2].plan_status, Some(PlanStatus::Planned));

    // A plan due later joins once there is something to report.
    plans::record_outcome(
        &svc,
        far.id,
        PlanOutcome {
            status: PlanStatus::Done,
            reflection: "We talked for an hour".into(),
            mood_before: Some(4),
            mood_after: Some(7),
        },
        friday.clone(),
    )
    .await
    .expect("outcome");
    let far_key = format!("plan:{}", far.id);

    // The patient's order; what arrives afterwards goes at the end.
    agenda::reorder(
        &svc,
        vec![
            q.key.clone(),
            plan_key.clone(),
            entry_key.clone(),
            event_key.clone(),
            far_key.clone(),
        ],
    )
    .await
    .expect("reorder");
    let q2 = agenda::add_question(&svc, "Is it normal to feel relieved?".into())
        .await
        .expect("question");
    let ordered = agenda::open_agenda(&svc, friday.clone())
        .await
        .expect("agenda");
    let expected_order = vec![
        q.key.clone(),
        plan_key.clone(),
        entry_key.clone(),
        event_key.clone(),
        far_key.clone(),
        q2.key.clone(),
    ];
    assert_eq!(keys(&ordered.items), expected_order);
    assert_eq!(
        agenda::reorder(&svc, vec![q.key.clone(), q.key.clone()])
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(
        keys(
            &agenda::open_agenda(&svc, friday.clone())
                .await
                .expect("agenda")
                .items
        ),
        expected_order,
        "a refused order changes nothing"
    );

    // Recording session 4 archives the agenda with it; a fresh one starts.
    course::save_session(&svc, session(4, "2026-11-24"))
        .await
        .expect("record");
    let archived = agenda::archived_agenda(&svc, 4).await.expect("archived");
    assert_eq!(keys(&archived.items), expected_order);
    let fresh = agenda::open_agenda(&svc, "2026-11-25".into())
        .await
        .expect("agenda");
    assert_eq!(fresh.session_number, Some(5));
    assert!(
        fresh.items.is_empty(),
        "everything brought stays with session 4: {:?}",
        keys(&fresh.items)
    );
    // Questions brought cannot be removed from the archive through the open agenda.
    let qid: i64 = q.key["question:".len()..].parse().expect("id");
    assert_eq!(
        agenda::remove_question(&svc, qid)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );

    // The archive is a snapshot: editing the entry later does not rewrite it.
    journal::update_entry(&svc, pinned.id, entry("Rewritten afterwards.", true, None))
        .await
        .expect("edit");
    let still = agenda::archived_agenda(&svc, 4).await.expect("archived");
    assert_eq!(still.items[2].text, "We argued about the shopping again.");

    // New things go on the fresh agenda; correcting session 4 archives nothing more.
    let q3 = agenda::add_question(&svc, "What if he says no?".into())
        .await
        .expect("question");
    course::save_session(
        &svc,
        SessionRecord {
            notes: "added later".into(),
            ..session(4, "2026-11-24")
        },
    )
    .await
    .expect("correct");
    assert_eq!(
        agenda::archived_agenda(&svc, 4)
            .await
            .expect("archived")
            .items
            .len(),
        6
    );
    // Noting an earlier session afterwards archives nothing either.
    course::save_session(&svc, session(2, "2026-11-10"))
        .await
        .expect("earlier");
    assert!(
        agenda::archived_agenda(&svc, 2)
            .await
            .expect("archived")
            .items
            .is_empty()
    );
    let open = agenda::open_agenda(&svc, "2026-11-25".into())
        .await
        .expect("agenda");
    assert_eq!(keys(&open.items), vec![q3.key.clone()]);

    // A question still open can be removed.
    let q3id: i64 = q3.key["question:".len()..].parse().expect("id");
    agenda::remove_question(&svc, q3id).await.expect("remove");
    assert!(
        agenda::open_agenda(&svc, "2026-11-25".into())
            .await
            .expect("agenda")
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn without_a_course_every_plan_not_yet_brought_is_on_the_agenda() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    let p = plans::create_plan(&svc, plan("Walk with Jude"), "2026-11-20".into())
        .await
        .expect("plan");
    assert_eq!(p.due_on, "2026-11-27", "a week from today");
    let a = agenda::open_agenda(&svc, "2026-11-20".into())
        .await
        .expect("agenda");
    assert_eq!(a.session_number, None);
    assert_eq!(keys(&a.items), [format!("plan:{}", p.id)]);
    assert_eq!(
        agenda::add_question(&svc, "q".repeat(2_001))
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::TooLong)
    );
}

#[tokio::test]
async fn plans_and_questions_are_encrypted_on_disk() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault_with_course(dir.path()).await;
    let canary = "CANARY-plan-7f3a";
    plans::create_plan(&svc, plan(canary), "2026-11-20".into())
        .await
        .expect("plan");
    agenda::add_question(&svc, format!("{canary} question"))
        .await
        .expect("question");
    course::save_session(&svc, session(4, "2026-11-24"))
        .await
        .expect("record");
    let paths = VaultPaths::new(dir.path());
    let [wal, shm] = paths.sidecars();
    assert!(
        read(&paths.db).len() + read(&wal).len() > 4096,
        "the vault was written"
    );
    for f in [&paths.db, &wal, &shm, &paths.keys] {
        assert!(
            !contains(&read(f), canary.as_bytes()),
            "{f:?} holds plan text in the clear"
        );
    }
}
