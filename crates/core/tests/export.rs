//! "Take your data with you": the JSON export read back into an empty vault gives the same
//! document; merged into the same vault it adds nothing; merged after changes it brings back
//! what went and duplicates nothing; every kind of bad or hostile file is refused with the vault
//! unchanged (every table compared); one import at a time; the Markdown journal is readable and
//! escapes what Markdown would read as structure; the JSON Schema describes every key; and, as a
//! property, export → import → export is lossless for random journals, people, plans,
//! check-ins, worksheets, own scenarios, rehearsals and agendas, with the links between them.

mod common;

use std::path::Path;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::checkins::{CheckInInput, ExportedCheckIn, Questionnaire};
use ipt_core::domain::course::{CourseCards, CourseFocus, ProblemArea, SessionRecord};
use ipt_core::domain::ending::{EndingPlan, FollowUpInput};
use ipt_core::domain::journal::{
    Emotion, ExportedEntry, ExportedEvent, InterpersonalEventInput, JournalEntryInput,
};
use ipt_core::domain::people::ExportedPerson;
use ipt_core::domain::plans::{ExportedPlan, PlanInput, PlanOutcome, PlanStatus};
use ipt_core::domain::practice::{
    Approach, CommunicationAnalysisInput, CustomScenarioInput, DecisionAnalysisInput,
};
use ipt_core::domain::safety_plan::SafetyPlan;
use ipt_core::keys::DataKey;
use ipt_core::service::export::{self, ExportDocument, ExportFormat, ImportSummary};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{agenda, checkins, course, ending, journal, plans, practice, safety_plan};
use ipt_core::storage::{self, Vault};
use serde_json::{Value, json};

fn entry(text: &str, at: &str, person: Option<&str>) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: at.into(),
        mood: 5,
        emotions: vec![Emotion::Hopeful, Emotion::Tired],
        custom_emotions: vec!["left out".into()],
        text: text.into(),
        tags: vec!["work".into()],
        events: person
            .map(|p| InterpersonalEventInput {
                person_id: None,
                person_name: Some(p.into()),
                what_happened: "We talked about the weekend.".into(),
                what_i_felt: "nervous".into(),
                what_i_did: "I asked for an hour alone".into(),
                how_it_ended: "ok".into(),
                important: true,
            })
            .into_iter()
            .collect(),
        pinned: person.is_some(),
        draft_key: None,
    }
}

/// A vault with something in every part the export carries.
async fn filled(dir: &Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    let first = journal::create_entry(
        &svc,
        entry(
            "Dinner with Sam at the harbour.\n# not a heading\n<b>bold?</b>",
            "2026-11-20T18:45:00+01:00",
            Some("Sam"),
        ),
    )
    .await
    .expect("entry");
    journal::create_entry(
        &svc,
        entry("Walked alone.", "2026-11-18T08:00:00-05:00", None),
    )
    .await
    .expect("entry");
    let trashed = journal::create_entry(
        &svc,
        entry(
            "Something I put away.",
            "2026-11-19T10:00:00Z",
            Some("Alex"),
        ),
    )
    .await
    .expect("entry");
    journal::trash_entry(&svc, trashed.id).await.expect("trash");

    course::save_course(&svc, tuesday_course())
        .await
        .expect("course");
    course::save_cards(
        &svc,
        CourseCards {
            letting_go: "Cooking every night".into(),
            working_on: "Calling my sister".into(),
            sick_role_until: Some("2026-12-15".into()),
            formulation: "When I stop seeing people my mood drops.".into(),
        },
    )
    .await
    .expect("cards");
    course::save_focus(
        &svc,
        vec![CourseFocus {
            area: ProblemArea::RoleDispute,
            goals: "Say what I need".into(),
            dispute_stage: Some(ipt_core::domain::course::DisputeStage::Renegotiation),
        }],
    )
    .await
    .expect("focus");
    course::save_session(
        &svc,
        SessionRecord {
            number: 1,
            held_on: "2026-11-03".into(),
            talked_about: "The last month".into(),
            agreed: "Write twice a week".into(),
            notes: "".into(),
            mood: Some(4),
        },
    )
    .await
    .expect("session");

    let plan = plans::create_plan(
        &svc,
        PlanInput {
            what: "Ask Sam for an hour alone".into(),
            area: Some(ProblemArea::RoleDispute),
            person_id: None,
            person_name: Some("Sam".into()),
            due_on: Some("2026-11-24".into()),
        },
        "2026-11-20".into(),
    )
    .await
    .expect("plan");
    plans::record_outcome(
        &svc,
        plan.id,
        PlanOutcome {
            status: PlanStatus::Tried,
            reflection: "It went better than I feared.".into(),
            mood_before: Some(3),
            mood_after: Some(6),
        },
        "2026-11-20".into(),
    )
    .await
    .expect("outcome");
    agenda::add_question(&svc, "Is it normal to feel worse first?".into())
        .await
        .expect("question");
    checkins::save(
        &svc,
        CheckInInput {
            kind: Questionnaire::Gad7,
            answers: vec![Some(1), Some(1), None, Some(2), Some(1), Some(0), Some(1)],
            difficulty: None,
        },
    )
    .await
    .expect("check-in");
    ending::save_follow_up(
        &svc,
        FollowUpInput {
            today: "2026-11-20".into(),
            answers: vec![Some(0); 9],
            difficulty: Some(1),
            signs_noticed: vec!["Sleeping late".into()],
        },
    )
    .await
    .expect("follow-up");
    // A worksheet from the first entry's moment; an own scenario made from it, rehearsed to its
    // end; a built-in scenario rehearsed part of the way; the real try planned from the first.
    let analysis = practice::save_analysis(
        &svc,
        None,
        CommunicationAnalysisInput {
            occurred_on: "2026-11-19".into(),
            person_name: Some("Alex".into()),
            what_i_said: "You never call.".into(),
            alternatives: vec!["I miss hearing from you.".into()],
            chosen: Some(0),
            source_event: Some(format!("event:{}:0", first.id)),
            ..Default::default()
        },
    )
    .await
    .expect("analysis");
    let own = practice::save_custom_scenario(
        &svc,
        None,
        CustomScenarioInput {
            title: "Calling Alex".into(),
            area: ProblemArea::RoleDispute,
            person_id: analysis.worksheet.person_id,
            person_name: None,
            setting: "On the phone".into(),
            aim: "Hear from Alex more".into(),
            opening: "Oh, it's you.".into(),
            if_open: "I didn't know you felt that.".into(),
            if_tense: "Not this again.".into(),
            if_distant: "Anyway, I have to go.".into(),
            suggested_reply: Some("I miss hearing from you.".into()),
            analysis_id: Some(analysis.id),
        },
    )
    .await
    .expect("own scenario");
    let run = practice::start_run(&svc, own.key.clone(), Some(3))
        .await
        .expect("start");
    practice::take_turn(&svc, run.id, "I miss you.".into(), Approach::IStatement)
        .await
        .expect("turn");
    practice::take_turn(
        &svc,
        run.id,
        "Could we talk on Sundays?".into(),
        Approach::SpecificRequest,
    )
    .await
    .expect("turn");
    practice::finish_run(&svc, run.id, Some(7), "Starting".into())
        .await
        .expect("finish");
    let built_in = practice::start_run(&svc, "builtin:brother-about-mum".into(), None)
        .await
        .expect("start built-in");
    practice::take_turn(&svc, built_in.id, "Hm.".into(), Approach::Hinting)
        .await
        .expect("turn");
    let real_try = practice::plan_real_try(
        &svc,
        run.id,
        PlanInput {
            what: "Call Alex on Sunday".into(),
            area: Some(ProblemArea::RoleDispute),
            person_id: None,
            person_name: Some("Alex".into()),
            due_on: Some("2026-11-29".into()),
        },
        "2026-11-20".into(),
    )
    .await
    .expect("real try");
    // Session 2 keeps the plan and the question with it; then a new question and an order.
    course::save_session(
        &svc,
        SessionRecord {
            number: 2,
            held_on: "2026-11-10".into(),
            talked_about: "The plan".into(),
            agreed: "Keep going".into(),
            notes: "".into(),
            mood: Some(5),
        },
    )
    .await
    .expect("session 2");
    let later = agenda::add_question(&svc, "What about the holidays?".into())
        .await
        .expect("question");
    agenda::reorder(&svc, vec![later.key, format!("plan:{}", real_try.id)])
        .await
        .expect("order");
    practice::save_decision(
        &svc,
        None,
        serde_json::from_value::<DecisionAnalysisInput>(json!({
            "situation": "Whether to move",
            "options": [{"text": "Stay", "pros": "friends", "cons": "rent"}],
            "choice": 0
        }))
        .expect("decision input"),
    )
    .await
    .expect("decision");
    safety_plan::save(
        &svc,
        SafetyPlan {
            warning_signs: vec!["Not answering messages".into()],
            reason_for_living: "My niece".into(),
            ..Default::default()
        },
    )
    .await
    .expect("safety plan");
    ending::save_plan(
        &svc,
        EndingPlan {
            changes: vec!["I call people back".into()],
            monthly_check_in: true,
            ..Default::default()
        },
    )
    .await
    .expect("ending plan");
    // Sam is in the list (from the first entry): a circle with them in it.
    let sam = ipt_core::service::people::list_people(&svc)
        .await
        .expect("people")
        .into_iter()
        .find(|p| p.display_name == "Sam")
        .expect("Sam")
        .id;
    ipt_core::service::circle::save(
        &svc,
        ipt_core::domain::circle::CircleInput {
            placements: vec![ipt_core::domain::circle::Placement {
                person_id: sam,
                ring: ipt_core::domain::circle::Ring::Close,
            }],
        },
        chrono::Utc::now(),
    )
    .await
    .expect("circle");
    // Sam's inventory answers, every one filled, and someone archived.
    ipt_core::service::people::save_inventory(
        &svc,
        Some(sam),
        serde_json::from_value(json!({
            "displayName": "Sam", "relationship": "other", "relationshipWord": "step-brother",
            "contactOften": "weekly", "together": "walks", "good": "<b>listens</b>",
            "hard": "money", "iExpect": "call back", "theyExpect": "visits",
            "expectationsFit": "partly", "wouldChange": "talk more", "sinceLow": "less contact"
        }))
        .expect("inventory"),
    )
    .await
    .expect("Sam's answers");
    let old = ipt_core::service::people::save_inventory(
        &svc,
        None,
        serde_json::from_value(json!({"displayName": "Old friend", "relationship": "friend"}))
            .expect("inventory"),
    )
    .await
    .expect("old friend");
    ipt_core::service::people::set_archived(&svc, old.id, true)
        .await
        .expect("archive");
    svc
}

async fn doc_of(svc: &VaultService) -> ExportDocument {
    export::document(&svc.pool().await.expect("unlocked"))
        .await
        .expect("export")
}

fn same_but_time(mut a: ExportDocument, b: &ExportDocument) -> ExportDocument {
    a.exported_at = b.exported_at.clone();
    a
}

fn new_of(s: &ImportSummary) -> u64 {
    s.counts.iter().map(|c| c.new).sum()
}

async fn write_export(svc: &VaultService, dir: &Path, name: &str) -> String {
    let path = dir.join(name).display().to_string();
    export::write(svc, path.clone(), ExportFormat::Json)
        .await
        .expect("write");
    path
}

#[tokio::test]
async fn an_export_read_into_an_empty_vault_gives_the_same_document() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let path = write_export(&a, dir.path(), "export.json").await;
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(written.contains("\"format\": \"ipt-companion-export\""));
    let original = doc_of(&a).await;
    for (part, n) in [
        ("people", original.people.len()),
        ("entries", original.journal.entries.len()),
        ("plans", original.plans.len()),
        ("questions", original.agenda.questions.len()),
        ("check-ins", original.check_ins.len()),
        ("analyses", original.practice.analyses.len()),
        ("decisions", original.practice.decisions.len()),
        ("follow-ups", original.ending.follow_ups.len()),
        ("sessions", original.course.sessions.len()),
        ("own scenarios", original.practice.scenarios.len()),
        ("archived agendas", original.agenda.archived.len()),
        ("an order", original.agenda.order.len()),
        ("circles", original.circle.snapshots.len()),
        (
            "inventory answers",
            original
                .people
                .iter()
                .filter(|p| p.expectations_fit.is_some() && !p.since_low.is_empty())
                .count(),
        ),
        (
            "archived people",
            original
                .people
                .iter()
                .filter(|p| p.archived_at.is_some())
                .count(),
        ),
        (
            "circle placements",
            original.circle.snapshots[0].placements.len(),
        ),
    ] {
        assert!(n > 0, "the test vault has {part}");
    }
    // The links that go by uid are there to compare.
    let runs = &original.practice.runs;
    let own = &original.practice.scenarios[0];
    assert!(
        runs.iter()
            .any(|r| r.custom_scenario.as_ref() == Some(&own.uid) && r.turns.len() == 2),
        "a run of the own scenario with its turns"
    );
    assert!(
        runs.iter().any(
            |r| r.built_in_scenario.as_deref() == Some("builtin:brother-about-mum")
                && r.current_step.is_some()
        ),
        "a run of a built-in scenario, not finished"
    );
    assert_eq!(
        own.analysis.as_ref(),
        Some(&original.practice.analyses[0].uid)
    );
    let first_entry = original
        .journal
        .entries
        .iter()
        .find(|e| e.text.starts_with("Dinner"))
        .expect("the first entry");
    assert_eq!(
        original.practice.analyses[0].source_event,
        Some(format!("event:{}:0", first_entry.uid)),
        "the worksheet names its moment"
    );
    assert!(
        original
            .plans
            .iter()
            .any(|p| p.role_play.is_some() && p.custom_scenario.as_ref() == Some(&own.uid)),
        "the real try names its run and scenario"
    );
    let kinds: Vec<_> = original
        .agenda
        .archived
        .iter()
        .flat_map(|a| a.items.iter().filter_map(|i| i.source.as_deref()))
        .map(|k| k.split(':').next().unwrap_or_default().to_owned())
        .collect();
    for kind in ["entry", "event", "plan", "question"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "an archived {kind}: {kinds:?}"
        );
    }
    assert!(original.safety_plan.is_some() && original.ending.plan.is_some());
    assert!(original.course.course.is_some() && original.course.cards.is_some());

    let (b, _) = memory_service(&dir.path().join("b"));
    b.create(create_req(false)).await.expect("create b");
    let preview = export::preview(&b, path.clone()).await.expect("preview");
    assert!(
        preview.counts.iter().all(|c| c.new == c.in_file),
        "all new: {preview:?}"
    );
    assert_eq!(
        doc_of(&b).await.journal.entries.len(),
        0,
        "preview keeps nothing"
    );
    let done = export::apply_import(&b, path).await.expect("import");
    assert_eq!(done, preview, "the preview said what the import did");

    let copy = doc_of(&b).await;
    assert_eq!(same_but_time(copy, &original), original);
    // The copy works like the original: search finds the words, the trash holds the trashed.
    let pool = b.pool().await.expect("pool");
    let found: i64 =
        sqlx::query_scalar("SELECT count(*) FROM journal_fts WHERE journal_fts MATCH 'harbour'")
            .fetch_one(&pool)
            .await
            .expect("fts");
    assert_eq!(found, 1);
    let hidden: i64 =
        sqlx::query_scalar("SELECT count(*) FROM journal_fts WHERE journal_fts MATCH 'put'")
            .fetch_one(&pool)
            .await
            .expect("fts");
    assert_eq!(hidden, 0, "a trashed entry is not searchable");
    assert_eq!(journal::list_trash(&b).await.expect("trash").len(), 1);
    // The agendas kept their items: what was brought does not come back on the open agenda,
    // which is in the patient's order.
    let open_a = agenda::open_agenda(&a, "2026-11-20".into())
        .await
        .expect("a");
    let open_b = agenda::open_agenda(&b, "2026-11-20".into())
        .await
        .expect("b");
    let texts = |items: &[ipt_core::domain::agenda::AgendaItem]| {
        items.iter().map(|i| i.text.clone()).collect::<Vec<_>>()
    };
    assert_eq!(texts(&open_b.items), texts(&open_a.items));
    assert_eq!(
        open_b.items.first().map(|i| i.text.as_str()),
        Some("What about the holidays?")
    );
    assert_eq!(
        agenda::archived_agenda(&b, 2)
            .await
            .expect("kept")
            .items
            .len(),
        agenda::archived_agenda(&a, 2)
            .await
            .expect("kept")
            .items
            .len()
    );
    // A run of the own scenario reads back whole, with the scenario's words.
    let lib = practice::library(&b).await.expect("library");
    let own_b = lib.iter().find(|s| !s.built_in).expect("own scenario");
    assert_eq!(own_b.other, "Alex");
    let runs_b = practice::runs_for(&b, own_b.key.clone())
        .await
        .expect("runs");
    assert_eq!(runs_b.len(), 1);
    assert_eq!(runs_b[0].turns.len(), 2);
    assert_eq!(
        runs_b[0].ending.as_ref().map(|e| e.id.as_str()),
        Some("good")
    );
    assert_eq!(
        runs_b[0].plans.len(),
        1,
        "the real try is linked to the run"
    );
}

#[tokio::test]
async fn importing_into_the_same_vault_adds_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let path = write_export(&a, dir.path(), "export.json").await;
    let before = dump(&a).await;
    let done = export::apply_import(&a, path.clone())
        .await
        .expect("import");
    assert_eq!(new_of(&done), 0, "{done:?}");
    assert_eq!(dump(&a).await, before, "nothing changed");
    // Twice is the same as once.
    export::apply_import(&a, path).await.expect("again");
    assert_eq!(dump(&a).await, before);
}

#[tokio::test]
async fn a_merge_after_changes_brings_back_what_went_without_duplicates() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let path = write_export(&a, dir.path(), "export.json").await;
    let original = doc_of(&a).await;

    // Changes: an entry to the trash, a plan deleted, a new entry written.
    let live = journal::list_entries_in(&a.pool().await.expect("pool"), &Default::default())
        .await
        .expect("list");
    let first = live.items.first().expect("an entry").id;
    journal::trash_entry(&a, first).await.expect("trash");
    let plan = plans::list_plans(&a).await.expect("plans")[0].id;
    plans::delete_plan(&a, plan).await.expect("delete");
    journal::create_entry(
        &a,
        entry(
            "Written after the export.",
            "2026-11-25T09:00:00Z",
            Some("sam"),
        ),
    )
    .await
    .expect("new entry");

    let done = export::apply_import(&a, path).await.expect("merge");
    let by_part = |p: &str| {
        done.counts
            .iter()
            .find(|c| serde_json::to_value(c.part).expect("part") == json!(p))
            .map(|c| c.new)
    };
    assert_eq!(by_part("entries"), Some(1), "the trashed entry came back");
    assert_eq!(by_part("plans"), Some(1), "the deleted plan came back");
    assert_eq!(by_part("people"), Some(0));

    let now = doc_of(&a).await;
    assert_eq!(
        now.journal.entries.len(),
        original.journal.entries.len() + 1
    );
    assert_eq!(now.plans, original.plans);
    assert_eq!(now.people, original.people, "'sam' is Sam: no new person");
    for e in &original.journal.entries {
        let back = now
            .journal
            .entries
            .iter()
            .find(|n| n.uid == e.uid)
            .expect("every entry is there");
        assert_eq!(back.deleted_at.is_none(), e.deleted_at.is_none());
        assert_eq!(back.text, e.text);
    }
}

/// Writes `doc` (any JSON) to a file and imports it; returns the error code.
async fn refused(svc: &VaultService, dir: &Path, name: &str, bytes: &[u8]) -> ErrorCode {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let p = path.display().to_string();
    let preview = export::preview(svc, p.clone())
        .await
        .err()
        .map(|e| e.code());
    let code = export::apply_import(svc, p)
        .await
        .err()
        .map(|e| e.code())
        .unwrap_or_else(|| panic!("{name} was imported"));
    assert_eq!(preview, Some(code), "{name}: preview and import agree");
    code
}

/// The run of the own scenario in an export's JSON.
fn own_run(v: &mut Value) -> &mut Value {
    v["practice"]["runs"]
        .as_array_mut()
        .expect("runs")
        .iter_mut()
        .find(|r| !r["customScenario"].is_null())
        .expect("a run of an own scenario")
}

/// The plan that is the real try of a rehearsal in an export's JSON.
fn real_try(v: &mut Value) -> &mut Value {
    v["plans"]
        .as_array_mut()
        .expect("plans")
        .iter_mut()
        .find(|p| !p["rolePlay"].is_null())
        .expect("a real try")
}

fn valid_json(svc_doc: &ExportDocument) -> Value {
    serde_json::to_value(svc_doc).expect("json")
}

#[tokio::test]
async fn bad_and_hostile_files_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let (b, _) = memory_service(&dir.path().join("b"));
    b.create(create_req(false)).await.expect("create b");
    let good = valid_json(&doc_of(&a).await);
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).expect("dir");
    let before = dump(&b).await;

    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        serde_json::to_vec(&v).expect("bytes")
    };
    let deep = {
        let mut s = String::from(r#"{"format":"ipt-companion-export","version":1,"journal":"#);
        s.push_str(&"[".repeat(5000));
        s.push_str(&"]".repeat(5000));
        s.push('}');
        s.into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, ErrorCode)> = vec![
        (
            "not-json.json",
            b"Dear diary".to_vec(),
            ErrorCode::NotAnExport,
        ),
        ("array.json", b"[1,2,3]".to_vec(), ErrorCode::NotAnExport),
        (
            "other-format.json",
            with(&|v| v["format"] = json!("someone-elses-app")),
            ErrorCode::NotAnExport,
        ),
        (
            "newer.json",
            with(&|v| v["version"] = json!(2)),
            ErrorCode::ExportTooNew,
        ),
        (
            "version-text.json",
            with(&|v| v["version"] = json!("1")),
            ErrorCode::NotAnExport,
        ),
        (
            "wrong-type.json",
            with(&|v| v["journal"]["entries"][0]["mood"] = json!("high")),
            ErrorCode::ImportInvalid,
        ),
        (
            "unknown-field.json",
            with(&|v| v["plans"][0]["sneaky"] = json!(true)),
            ErrorCode::ImportInvalid,
        ),
        (
            "unknown-feature.json",
            with(&|v| v["somethingElse"] = json!([])),
            ErrorCode::ImportInvalid,
        ),
        ("deep.json", deep, ErrorCode::ImportInvalid),
        (
            "huge-string.json",
            with(&|v| v["journal"]["entries"][0]["text"] = json!("a".repeat(200_001))),
            ErrorCode::TooLong,
        ),
        (
            "huge-name.json",
            with(&|v| v["people"][0]["displayName"] = json!("n".repeat(201))),
            ErrorCode::TooLong,
        ),
        (
            "mood.json",
            with(&|v| v["journal"]["entries"][0]["mood"] = json!(11)),
            ErrorCode::InvalidMood,
        ),
        (
            "bad-uid.json",
            with(&|v| v["plans"][0]["uid"] = json!("<script>")),
            ErrorCode::ImportInvalid,
        ),
        (
            "duplicate-entry.json",
            with(&|v| {
                let e = v["journal"]["entries"][0].clone();
                v["journal"]["entries"].as_array_mut().expect("a").push(e);
            }),
            ErrorCode::ImportDuplicate,
        ),
        (
            "duplicate-person.json",
            with(&|v| {
                let p = v["people"][0].clone();
                v["people"].as_array_mut().expect("a").push(p);
            }),
            ErrorCode::ImportDuplicate,
        ),
        (
            "dangling-person.json",
            with(&|v| v["plans"][0]["person"] = json!("0123456789abcdef")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "dangling-circle-person.json",
            with(&|v| {
                v["circle"]["snapshots"][0]["placements"][0]["person"] = json!("0123456789abcdef")
            }),
            ErrorCode::ImportMissingLink,
        ),
        (
            "dangling-check-in.json",
            with(&|v| v["ending"]["followUps"][0]["checkIn"] = json!("feedfeed")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "session-outside-course.json",
            with(&|v| v["course"]["sessions"][0]["number"] = json!(40)),
            ErrorCode::InvalidInput,
        ),
        (
            "dangling-scenario.json",
            with(&|v| {
                own_run(v)["customScenario"] = json!("feedfeedfeed");
            }),
            ErrorCode::ImportMissingLink,
        ),
        (
            "unknown-built-in.json",
            with(&|v| v["practice"]["runs"][1]["builtInScenario"] = json!("builtin:nobody")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "two-scenarios.json",
            with(&|v| own_run(v)["builtInScenario"] = json!("builtin:brother-about-mum")),
            ErrorCode::ImportInvalid,
        ),
        (
            "no-scenario.json",
            with(&|v| own_run(v)["customScenario"] = json!(null)),
            ErrorCode::ImportInvalid,
        ),
        (
            "scenario-left-out.json",
            with(&|v| v["practice"]["scenarios"] = json!([])),
            ErrorCode::ImportMissingLink,
        ),
        (
            "dangling-moment.json",
            with(&|v| {
                v["practice"]["analyses"][0]["sourceEvent"] = json!("event:feedfeedfeed:0");
            }),
            ErrorCode::ImportMissingLink,
        ),
        (
            "moment-by-local-id.json",
            with(&|v| v["practice"]["analyses"][0]["sourceEvent"] = json!("event:1")),
            ErrorCode::ImportInvalid,
        ),
        (
            "dangling-worksheet.json",
            with(&|v| v["practice"]["scenarios"][0]["analysis"] = json!("feedfeedfeed")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "dangling-role-play.json",
            with(&|v| real_try(v)["rolePlay"] = json!("feedfeedfeed")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "run-left-out.json",
            with(&|v| v["practice"]["runs"] = json!([])),
            ErrorCode::ImportMissingLink,
        ),
        (
            "dangling-plan-scenario.json",
            with(&|v| real_try(v)["customScenario"] = json!("feedfeedfeed")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "duplicate-run.json",
            with(&|v| {
                let r = v["practice"]["runs"][0].clone();
                v["practice"]["runs"].as_array_mut().expect("a").push(r);
            }),
            ErrorCode::ImportDuplicate,
        ),
        (
            "too-many-turns.json",
            with(&|v| {
                let t = own_run(v)["turns"][0].clone();
                own_run(v)["turns"] = json!(vec![t; 51]);
            }),
            ErrorCode::InvalidInput,
        ),
        (
            "empty-reply.json",
            with(&|v| own_run(v)["turns"][0]["reply"] = json!("  ")),
            ErrorCode::InvalidInput,
        ),
        (
            "dangling-agenda-item.json",
            with(&|v| v["agenda"]["archived"][0]["items"][0]["source"] = json!("entry:feedfeed")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "agenda-item-of-another-kind.json",
            with(&|v| {
                let plan = v["plans"][0]["uid"].as_str().expect("uid").to_owned();
                v["agenda"]["archived"][0]["items"][0]["source"] = json!(format!("plan:{plan}"));
            }),
            ErrorCode::ImportInvalid,
        ),
        (
            "duplicate-agenda.json",
            with(&|v| {
                let a = v["agenda"]["archived"][0].clone();
                v["agenda"]["archived"].as_array_mut().expect("a").push(a);
            }),
            ErrorCode::ImportDuplicate,
        ),
        (
            "dangling-order.json",
            with(&|v| v["agenda"]["order"][0] = json!("question:feedfeed")),
            ErrorCode::ImportMissingLink,
        ),
        (
            "order-twice.json",
            with(&|v| {
                let k = v["agenda"]["order"][0].clone();
                v["agenda"]["order"].as_array_mut().expect("a").push(k);
            }),
            ErrorCode::InvalidInput,
        ),
    ];
    for (name, bytes, code) in cases {
        assert_eq!(refused(&b, &files, name, &bytes).await, code, "{name}");
        assert_eq!(dump(&b).await, before, "{name} changed nothing");
    }

    // A file over the limit is refused before it is read (a sparse file: no disk used).
    let big = files.join("big.json");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(export::MAX_IMPORT_BYTES + 1))
        .expect("sparse");
    let code = export::apply_import(&b, big.display().to_string())
        .await
        .err()
        .map(|e| e.code());
    assert_eq!(code, Some(ErrorCode::ImportTooLarge));
    assert_eq!(
        export::parse(&vec![
            b' ';
            usize::try_from(export::MAX_IMPORT_BYTES)
                .expect("fits")
                + 1
        ])
        .err()
        .map(|e| e.code()),
        Some(ErrorCode::ImportTooLarge)
    );
    // The error's message never quotes the file.
    let e = export::parse(&with(&|v| {
        v["journal"]["entries"][0]["mood"] = json!("secret words")
    }))
    .expect_err("refused");
    assert!(!e.message().contains("secret"), "{}", e.message());
    assert_eq!(dump(&b).await, before);
}

#[tokio::test]
async fn a_second_import_at_the_same_time_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let path = write_export(&a, dir.path(), "export.json").await;
    let (b, _) = memory_service(&dir.path().join("b"));
    b.create(create_req(false)).await.expect("create b");
    let (one, two) = tokio::join!(
        export::apply_import(&b, path.clone()),
        export::apply_import(&b, path.clone())
    );
    let codes = [&one, &two].map(|r| r.as_ref().err().map(|e| e.code()));
    assert!(
        codes.contains(&Some(ErrorCode::ImportInProgress)) && codes.contains(&None),
        "one ran, one was refused: {codes:?}"
    );
    // Once it is done, importing again is fine (and adds nothing).
    let again = export::apply_import(&b, path).await.expect("after");
    assert_eq!(new_of(&again), 0);
}

#[tokio::test]
async fn the_markdown_journal_is_readable_and_never_structure_from_user_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let path = dir.path().join("journal.md");
    export::write(&a, path.display().to_string(), ExportFormat::Markdown)
        .await
        .expect("write");
    let md = std::fs::read_to_string(&path).expect("read");
    assert!(md.starts_with("# My journal\n"));
    assert!(md.contains("**This file is not encrypted**"));
    // Oldest first; the trashed entry is left out.
    let walked = md.find("Walked alone.").expect("second entry");
    let dinner = md.find("Dinner with Sam").expect("first entry");
    assert!(walked < dinner, "oldest first");
    assert!(!md.contains("Something I put away"));
    assert!(md.contains("## 2026-11-18 08:00"));
    assert!(md.contains("- Mood: 5 of 10"));
    assert!(md.contains("- Feelings: tired, hopeful, left out"));
    assert!(md.contains("### With Sam"));
    assert!(md.contains("**What I felt:**\n\nnervous"));
    // A line that would be a heading is escaped; so is HTML.
    assert!(md.contains("\n\\# not a heading\n"), "{md}");
    assert!(!md.contains("<b>"));
    assert!(md.contains("\\<b\\>bold?\\</b\\>"));
}

/// Every key of `value` must be described by `schema` (following `$ref`, `items`, `anyOf`).
fn described(root: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            &root["$defs"][name]
        }
        None => schema,
    };
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let fits: Vec<&Value> = any
            .iter()
            .filter(|s| !(s["type"] == json!("null")))
            .collect();
        if !value.is_null() {
            for s in fits {
                described(root, s, value, at);
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            let props = schema
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or_else(|| panic!("{at}: the schema has no properties"));
            assert_eq!(
                schema.get("additionalProperties"),
                Some(&json!(false)),
                "{at}: unknown keys are refused"
            );
            for (k, v) in map {
                let s = props
                    .get(k)
                    .unwrap_or_else(|| panic!("{at}.{k} is not in the schema"));
                described(root, s, v, &format!("{at}.{k}"));
            }
            if let Some(req) = schema.get("required").and_then(Value::as_array) {
                for r in req {
                    assert!(
                        map.contains_key(r.as_str().expect("name")),
                        "{at}: {r} required"
                    );
                }
            }
        }
        Value::Array(items) => {
            let s = schema
                .get("items")
                .unwrap_or_else(|| panic!("{at}: the schema has no items"));
            for (i, v) in items.iter().enumerate() {
                described(root, s, v, &format!("{at}[{i}]"));
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_json_schema_describes_every_key_of_an_export() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("schema file")).expect("JSON");
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    assert_eq!(schema["properties"]["version"]["const"], json!(1));
    let dir = tempfile::tempdir().expect("tmp");
    let a = filled(&dir.path().join("a")).await;
    let doc = valid_json(&doc_of(&a).await);
    described(&schema, &schema, &doc, "export");
    // Every top-level key of the schema is one the app writes.
    for k in schema["properties"].as_object().expect("props").keys() {
        assert!(
            doc.get(k).is_some(),
            "the schema names {k}, the app does not write it"
        );
    }
}

// ---- The property: export → import is lossless ---------------------------------------------

mod lossless {
    use super::*;
    use ipt_core::domain::agenda::{
        AgendaExport, AgendaKind, ExportedAgendaItem, ExportedArchivedAgenda, ExportedQuestion,
    };
    use ipt_core::domain::practice::{
        ExportedAnalysis, ExportedRun, ExportedScenario, ExportedTurn, PracticeExport,
    };
    use proptest::prelude::*;

    const NAMES: [&str; 6] = ["Sam", "Mum", "Dr. Ruiz", "J.", "Ana María", "鈴木"];

    fn uid(prefix: &str, i: usize, salt: u32) -> String {
        format!("{prefix}{i:04x}{salt:08x}")
    }

    fn text() -> impl Strategy<Value = String> {
        // Any characters, including control characters, NUL and Markdown or HTML.
        prop_oneof![
            ".{0,40}",
            "[a-z <>#*\\n]{0,60}",
            Just(String::new()),
            Just("# heading\n<script>x</script>".to_owned()),
        ]
    }

    fn label() -> impl Strategy<Value = String> {
        "[a-zA-Zé ]{1,12}"
    }

    fn moment(people: usize) -> impl Strategy<Value = (Option<usize>, String, String, bool)> {
        (
            proptest::option::of(0..people.max(1)),
            text(),
            text(),
            any::<bool>(),
        )
    }

    prop_compose! {
        fn when()(y in 1990i32..2100, d in 0u32..365, h in 0u32..24, m in 0u32..60,
                  off in -12i32..14) -> String {
            let date = chrono::NaiveDate::from_yo_opt(y, d + 1).expect("day");
            let sign = if off < 0 { '-' } else { '+' };
            format!("{date}T{h:02}:{m:02}:00{sign}{:02}:00", off.abs())
        }
    }

    prop_compose! {
        fn document()(salt in any::<u32>(),
                      people in proptest::sample::subsequence(NAMES.to_vec(), 0..=NAMES.len()))
            (entries in proptest::collection::vec((
                when(), 0i64..=10,
                proptest::sample::subsequence(Emotion::ALL.to_vec(), 0..4),
                proptest::collection::vec(label(), 0..3),
                text(),
                proptest::collection::vec(label(), 0..4),
                proptest::collection::vec(moment(people.len()), 0..3),
                any::<bool>(), any::<bool>()), 0..6),
             plans in proptest::collection::vec((
                "[a-zA-Z][a-zA-Z ,.]{0,30}[a-z.]", proptest::option::of(0..people.len().max(1)),
                1u32..365, 0usize..4, text(), proptest::option::of(0i64..=10)), 0..4),
             checks in proptest::collection::vec((any::<bool>(),
                proptest::collection::vec(proptest::option::of(0u8..=3), 9),
                proptest::option::of(0u8..=3), 0u32..100_000), 0..4),
             extras in extras(),
             people in Just(people), salt in Just(salt))
            -> ExportDocument {
            let person = |i: Option<usize>| {
                i.filter(|&i| i < people.len()).map(|i| uid("p", i, salt))
            };
            let n_entries = entries.len();
            let n_plans = plans.len();
            let practice = extras.practice(salt, n_entries);
            let run_refs: Vec<(String, Option<String>, Option<String>)> = practice.runs.iter()
                .map(|r| (r.uid.clone(), r.built_in_scenario.clone(), r.custom_scenario.clone()))
                .collect();
            let agenda = extras.agenda(salt, n_entries, n_plans);
            let plan_runs = extras.plan_runs.clone();
            ExportDocument {
                format: export::FORMAT.into(),
                version: export::VERSION,
                exported_at: "2027-01-01T00:00:00.000Z".into(),
                people: people.iter().enumerate().map(|(i, n)| ExportedPerson {
                    uid: uid("p", i, salt),
                    display_name: (*n).to_owned(),
                    created_at: "2026-01-01T00:00:00.000Z".into(),
                    good: format!("good {i}"),
                    archived_at: (i % 2 == 1).then(|| "2026-02-01T00:00:00.000Z".into()),
                    ..Default::default()
                }).collect(),
                journal: ipt_core::domain::journal::JournalExport {
                    entries: entries.into_iter().enumerate().map(
                        |(i, (at, mood, emotions, custom, text, tags, moments, pinned, trashed))| {
                        ExportedEntry {
                            uid: uid("e", i, salt),
                            occurred_at: at,
                            mood,
                            emotions,
                            custom_emotions: custom,
                            text,
                            tags,
                            events: moments.into_iter().map(|(p, what, felt, important)| {
                                ExportedEvent {
                                    person: person(p),
                                    what_happened: what,
                                    what_i_felt: felt,
                                    what_i_did: String::new(),
                                    how_it_ended: "ok".into(),
                                    important,
                                }
                            }).collect(),
                            pinned,
                            created_at: "2026-02-01T10:00:00.000Z".into(),
                            updated_at: "2026-02-02T10:00:00.000Z".into(),
                            deleted_at: trashed.then(|| "2026-03-01T10:00:00.000Z".into()),
                        }
                    }).collect(),
                },
                plans: plans.into_iter().enumerate().map(
                    |(i, (what, p, day, status, reflection, mood))| ExportedPlan {
                        uid: uid("l", i, salt),
                        what,
                        area: None,
                        person: person(p),
                        due_on: chrono::NaiveDate::from_yo_opt(2026, day)
                            .expect("day").to_string(),
                        status: [PlanStatus::Planned, PlanStatus::Tried, PlanStatus::Done,
                                 PlanStatus::NotThisWeek][status],
                        reflection,
                        mood_before: mood,
                        mood_after: None,
                        role_play: pick(&run_refs, plan_runs.get(i).copied().flatten())
                            .map(|r| r.0.clone()),
                        built_in_scenario: pick(&run_refs, plan_runs.get(i).copied().flatten())
                            .and_then(|r| r.1.clone()),
                        custom_scenario: pick(&run_refs, plan_runs.get(i).copied().flatten())
                            .and_then(|r| r.2.clone()),
                        created_at: "2026-02-01T10:00:00.000Z".into(),
                        updated_at: "2026-02-01T10:00:00.000Z".into(),
                    }).collect(),
                check_ins: checks.into_iter().enumerate().map(
                    |(i, (phq, mut answers, difficulty, secs))| {
                        if !phq { answers.truncate(7); }
                        ExportedCheckIn {
                            uid: uid("c", i, salt),
                            kind: if phq { Questionnaire::Phq9 } else { Questionnaire::Gad7 },
                            taken_at: ipt_core::domain::time::utc_string(
                                chrono::DateTime::from_timestamp(1_770_000_000 + i64::from(secs), 0)
                                    .expect("time")),
                            answers,
                            difficulty: difficulty.filter(|_| phq),
                        }
                    }).collect(),
                course: Default::default(),
                agenda,
                practice,
                safety_plan: None,
                ending: Default::default(),
                // One circle placing everyone, in turn round the rings.
                circle: ipt_core::domain::circle::CircleExport {
                    snapshots: if people.is_empty() { vec![] } else {
                        vec![ipt_core::domain::circle::ExportedSnapshot {
                            uid: uid("c", 0, salt),
                            taken_at: "2026-12-01T00:00:00.000Z".into(),
                            placements: (0..people.len()).map(|i| {
                                ipt_core::domain::circle::ExportedPlacement {
                                    person: uid("p", i, salt),
                                    ring: ipt_core::domain::circle::Ring::ALL[i % 3],
                                }
                            }).collect(),
                        }]
                    },
                },
            }
        }
    }

    /// `list[raw % len]`, or none for an empty list or no choice.
    fn pick<T>(list: &[T], raw: Option<u8>) -> Option<&T> {
        raw.filter(|_| !list.is_empty())
            .map(|r| &list[usize::from(r) % list.len()])
    }

    fn line() -> impl Strategy<Value = String> {
        "[a-zA-Z][a-zA-Zé ,.?!]{0,24}"
    }

    /// Own scenario (else built-in), which, replies with approaches, finished.
    type RunChoice = (bool, u8, Vec<(String, Approach)>, bool);
    /// A kept agenda's item: kind 0–4 (entry, event, plan, question, gone), which, words, mood.
    type ItemChoice = (u8, u8, String, Option<i64>);

    /// Practice and the agenda, drawn as small choices resolved against the rest of the
    /// document (which entry a worksheet names, which scenario a run is of, …).
    #[derive(Debug, Clone)]
    struct Extras {
        /// What I said; the entry and position of the moment it started from.
        analyses: Vec<(String, Option<(u8, u32)>)>,
        /// Title, opening, the worksheet it was made from.
        scenarios: Vec<(String, String, Option<u8>)>,
        runs: Vec<RunChoice>,
        questions: Vec<(String, Option<i64>)>,
        /// Session, and its items.
        archived: Vec<(i64, Vec<ItemChoice>)>,
        /// Kind 0–3 and which.
        order: Vec<(u8, u8)>,
        /// For each plan: the run it is the real try of.
        plan_runs: Vec<Option<u8>>,
    }

    fn extras() -> impl Strategy<Value = Extras> {
        use proptest::collection::vec;
        (
            vec((line(), proptest::option::of((any::<u8>(), 0u32..3))), 0..3),
            vec((line(), line(), proptest::option::of(any::<u8>())), 0..3),
            vec(
                (
                    any::<bool>(),
                    any::<u8>(),
                    vec(
                        (line(), proptest::sample::select(Approach::ALL.to_vec())),
                        0..3,
                    ),
                    any::<bool>(),
                ),
                0..4,
            ),
            vec((line(), proptest::option::of(1i64..=30)), 0..3),
            vec(
                (
                    1i64..=30,
                    vec(
                        (0u8..5, any::<u8>(), text(), proptest::option::of(0i64..=10)),
                        1..4,
                    ),
                ),
                0..3,
            ),
            vec((0u8..4, any::<u8>()), 0..4),
            vec(proptest::option::of(any::<u8>()), 0..4),
        )
            .prop_map(
                |(analyses, scenarios, runs, questions, archived, order, plan_runs)| Extras {
                    analyses,
                    scenarios,
                    runs,
                    questions,
                    archived,
                    order,
                    plan_runs,
                },
            )
    }

    impl Extras {
        fn practice(&self, salt: u32, entries: usize) -> PracticeExport {
            let entry_uids: Vec<String> = (0..entries).map(|i| uid("e", i, salt)).collect();
            let analyses: Vec<ExportedAnalysis> = self
                .analyses
                .iter()
                .enumerate()
                .map(|(i, (said, moment))| ExportedAnalysis {
                    uid: uid("w", i, salt),
                    person: None,
                    occurred_on: "2026-03-01".into(),
                    setting: String::new(),
                    who_started: None,
                    what_i_said: said.clone(),
                    how_i_said_it: String::new(),
                    what_they_said: String::new(),
                    felt_then: String::new(),
                    felt_after: String::new(),
                    wanted: String::new(),
                    what_happened: String::new(),
                    traps: Vec::new(),
                    alternatives: Vec::new(),
                    chosen: None,
                    source_event: moment.and_then(|(e, pos)| {
                        pick(&entry_uids, Some(e)).map(|u| format!("event:{u}:{pos}"))
                    }),
                    created_at: "2026-03-01T10:00:00.000Z".into(),
                    updated_at: "2026-03-01T10:00:00.000Z".into(),
                })
                .collect();
            let scenarios: Vec<ExportedScenario> = self
                .scenarios
                .iter()
                .enumerate()
                .map(|(i, (title, opening, worksheet))| ExportedScenario {
                    uid: uid("s", i, salt),
                    title: title.clone(),
                    area: ProblemArea::RoleTransition,
                    person: None,
                    setting: "At home".into(),
                    aim: "Say it".into(),
                    opening: opening.clone(),
                    if_open: "Go on.".into(),
                    if_tense: "Not now!".into(),
                    if_distant: "Hm.".into(),
                    suggested_reply: None,
                    analysis: pick(&analyses, *worksheet).map(|a| a.uid.clone()),
                    created_at: "2026-03-02T10:00:00.000Z".into(),
                    updated_at: "2026-03-02T10:00:00.000Z".into(),
                })
                .collect();
            let library: Vec<String> = practice::built_in()
                .expect("library")
                .iter()
                .map(|s| s.key.clone())
                .collect();
            let runs = self
                .runs
                .iter()
                .enumerate()
                .map(|(i, (own, which, turns, finished))| {
                    let custom = own
                        .then(|| pick(&scenarios, Some(*which)).map(|s| s.uid.clone()))
                        .flatten();
                    ExportedRun {
                        uid: uid("r", i, salt),
                        built_in_scenario: custom
                            .is_none()
                            .then(|| library[usize::from(*which) % library.len()].clone()),
                        custom_scenario: custom,
                        title: "A rehearsal".into(),
                        started_at: "2026-03-03T10:00:00.000Z".into(),
                        finished_at: finished.then(|| "2026-03-03T10:10:00.000Z".into()),
                        current_step: (!finished).then(|| "start".into()),
                        ending_id: finished.then(|| "good".into()),
                        confidence_before: Some(4),
                        confidence_after: finished.then_some(6),
                        felt_hard: String::new(),
                        turns: turns
                            .iter()
                            .map(|(reply, approach)| ExportedTurn {
                                step_id: "start".into(),
                                other_line: "What is it?".into(),
                                reply: reply.clone(),
                                approach: *approach,
                            })
                            .collect(),
                    }
                })
                .collect();
            PracticeExport {
                analyses,
                decisions: Vec::new(),
                scenarios,
                runs,
            }
        }

        fn agenda(&self, salt: u32, entries: usize, plans: usize) -> AgendaExport {
            let questions: Vec<ExportedQuestion> = self
                .questions
                .iter()
                .enumerate()
                .map(|(i, (text, archived_in))| ExportedQuestion {
                    uid: uid("q", i, salt),
                    text: text.clone(),
                    created_at: "2026-03-04T10:00:00.000Z".into(),
                    archived_in: *archived_in,
                })
                .collect();
            let entry_uids: Vec<String> = (0..entries).map(|i| uid("e", i, salt)).collect();
            let plan_uids: Vec<String> = (0..plans).map(|i| uid("l", i, salt)).collect();
            let question_uids: Vec<String> = questions.iter().map(|q| q.uid.clone()).collect();
            let source = |kind: u8, which: u8| -> Option<(AgendaKind, String)> {
                let w = Some(which);
                match kind {
                    0 => pick(&entry_uids, w).map(|u| (AgendaKind::Entry, format!("entry:{u}"))),
                    1 => pick(&entry_uids, w).map(|u| (AgendaKind::Event, format!("event:{u}:0"))),
                    2 => pick(&plan_uids, w).map(|u| (AgendaKind::Plan, format!("plan:{u}"))),
                    3 => pick(&question_uids, w)
                        .map(|u| (AgendaKind::Question, format!("question:{u}"))),
                    _ => None,
                }
            };
            // Each session once, in session order (as an export lists them).
            let mut kept = self.archived.clone();
            kept.sort_by_key(|(n, _)| *n);
            kept.dedup_by_key(|(n, _)| *n);
            let archived = kept
                .iter()
                .map(|(n, items)| ExportedArchivedAgenda {
                    session_number: *n,
                    items: items
                        .iter()
                        .map(|(kind, which, text, mood)| {
                            let src = source(*kind, *which);
                            ExportedAgendaItem {
                                kind: src.as_ref().map_or(AgendaKind::Question, |s| s.0),
                                source: src.map(|s| s.1),
                                text: text.clone(),
                                detail: String::new(),
                                day: Some("2026-03-05".into()),
                                person: None,
                                mood: *mood,
                                plan_status: None,
                            }
                        })
                        .collect(),
                })
                .collect();
            let mut order: Vec<String> = Vec::new();
            for (kind, which) in &self.order {
                if let Some((_, k)) = source(*kind, *which)
                    && !order.contains(&k)
                {
                    order.push(k);
                }
            }
            AgendaExport {
                questions,
                archived,
                order,
            }
        }
    }

    async fn fresh(dir: &Path, name: &str) -> Vault {
        Vault::create(
            &dir.join(name),
            DataKey::generate().expect("key"),
            &storage::MIGRATOR,
        )
        .await
        .expect("vault")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn export_then_import_is_lossless(doc in document()) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()
                .expect("runtime");
            rt.block_on(async {
                let dir = tempfile::tempdir().expect("tmp");
                let a = fresh(dir.path(), "a.db").await;
                let summary = export::import_document(a.pool(), &doc, true).await
                    .expect("the generated document imports");
                let entries = summary.counts.iter().find(|c| c.in_file as usize
                    == doc.journal.entries.len()).is_some();
                assert!(entries);
                let first = export::document(a.pool()).await.expect("export a");
                assert_eq!(first.journal.entries.len(), doc.journal.entries.len());
                assert_eq!(first.people.len(), doc.people.len());
                assert_eq!(first.plans.len(), doc.plans.len());
                assert_eq!(first.check_ins.len(), doc.check_ins.len());
                assert_eq!(first.practice.scenarios.len(), doc.practice.scenarios.len());
                assert_eq!(first.practice.runs.len(), doc.practice.runs.len());
                assert_eq!(
                    first.practice.analyses.iter().map(|a| &a.source_event).collect::<Vec<_>>(),
                    doc.practice.analyses.iter().map(|a| &a.source_event).collect::<Vec<_>>()
                );
                assert_eq!(first.agenda.archived, doc.agenda.archived);
                assert_eq!(first.agenda.order, doc.agenda.order);
                assert_eq!(
                    first.plans.iter().map(|p| &p.role_play).collect::<Vec<_>>(),
                    doc.plans.iter().map(|p| &p.role_play).collect::<Vec<_>>()
                );
                // Through the file's bytes, as a patient would carry it.
                let bytes = export::to_json(&first).expect("json");
                let read = export::parse(&bytes).expect("parse");
                assert_eq!(&read, &first);

                let b = fresh(dir.path(), "b.db").await;
                export::import_document(b.pool(), &read, true).await.expect("import b");
                let second = export::document(b.pool()).await.expect("export b");
                assert_eq!(same_but_time(second, &first), first);
                a.close().await;
                b.close().await;
            });
        }
    }
}
