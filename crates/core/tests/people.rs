//! People and the interpersonal inventory: answers round trip, archive hides from pickers but
//! keeps names on old entries, merge moves everything and fills answers, delete moves or unlinks
//! with no orphans and no lost words, and bad input changes nothing.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::course::ProblemArea;
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::people::{
    ExpectationsFit, Inventory, LinkedItems, PersonDetail, Relationship,
};
use ipt_core::domain::plans::PlanInput;
use ipt_core::domain::practice::{CommunicationAnalysisInput, CustomScenarioInput};
use ipt_core::service::journal::JournalQuery;
use ipt_core::service::vault::VaultService;
use ipt_core::service::{journal, people, plans, practice};

async fn open(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

fn named(n: &str) -> Inventory {
    Inventory {
        display_name: n.into(),
        ..Inventory::default()
    }
}

async fn add(svc: &VaultService, inv: Inventory) -> PersonDetail {
    people::save_inventory(svc, None, inv).await.expect("add")
}

fn event_with(person: i64, what: &str) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: "2026-11-20T18:45:00+01:00".into(),
        mood: 5,
        emotions: vec![],
        custom_emotions: vec![],
        text: format!("entry about {what}"),
        tags: vec![],
        events: vec![InterpersonalEventInput {
            person_id: Some(person),
            person_name: None,
            what_happened: what.into(),
            what_i_felt: "tense".into(),
            what_i_did: "said so".into(),
            how_it_ended: "ok".into(),
            important: false,
        }],
        pinned: false,
        draft_key: None,
    }
}

/// One event, one plan, one worksheet and one own scenario naming `person`; returns their ids
/// (entry, plan, analysis, scenario key).
async fn link_everything(svc: &VaultService, person: i64, tag: &str) -> (i64, i64, i64, String) {
    let entry = journal::create_entry(svc, event_with(person, tag))
        .await
        .expect("entry");
    let plan = plans::create_plan(
        svc,
        PlanInput {
            what: format!("plan {tag}"),
            area: None,
            person_id: Some(person),
            person_name: None,
            due_on: Some("2026-11-24".into()),
        },
        "2026-11-20".into(),
    )
    .await
    .expect("plan");
    let analysis = practice::save_analysis(
        svc,
        None,
        CommunicationAnalysisInput {
            occurred_on: "2026-11-19".into(),
            person_id: Some(person),
            what_i_said: format!("said {tag}"),
            ..Default::default()
        },
    )
    .await
    .expect("analysis");
    let own = practice::save_custom_scenario(
        svc,
        None,
        CustomScenarioInput {
            title: format!("scenario {tag}"),
            area: ProblemArea::RoleDispute,
            person_id: Some(person),
            person_name: None,
            setting: "At home".into(),
            aim: "Be heard".into(),
            opening: "What now?".into(),
            if_open: "Go on.".into(),
            if_tense: "Not again.".into(),
            if_distant: "Whatever.".into(),
            suggested_reply: None,
            analysis_id: None,
        },
    )
    .await
    .expect("own scenario");
    (entry.id, plan.id, analysis.id, own.key)
}

async fn scalar(svc: &VaultService, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&svc.pool().await.expect("pool"))
        .await
        .expect(sql)
}

/// No row names a person who is not there, and SQLite's own foreign-key check agrees.
async fn assert_no_orphans(svc: &VaultService) {
    let orphans = scalar(
        svc,
        "SELECT (SELECT count(*) FROM interpersonal_events WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT id FROM people)) \
         + (SELECT count(*) FROM plans WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT id FROM people)) \
         + (SELECT count(*) FROM communication_analyses WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT id FROM people)) \
         + (SELECT count(*) FROM custom_scenarios WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT id FROM people)) \
         + (SELECT count(*) FROM custom_scenarios WHERE json_extract(input, '$.personId') IS NOT person_id)",
    )
    .await;
    assert_eq!(orphans, 0, "no dangling person ids");
    let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&svc.pool().await.expect("pool"))
        .await
        .expect("fk check");
    assert!(fk.is_empty(), "foreign keys hold: {fk:?}");
}

async fn search(svc: &VaultService, words: &str) -> usize {
    journal::list_entries(
        svc,
        JournalQuery {
            text: Some(words.into()),
            ..Default::default()
        },
    )
    .await
    .expect("search")
    .items
    .len()
}

#[tokio::test]
async fn inventory_answers_round_trip_and_names_may_repeat() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let inv = Inventory {
        display_name: "  Sam  ".into(),
        relationship: Some(Relationship::Sibling),
        relationship_word: String::new(),
        contact_often: "every week".into(),
        together: "walks".into(),
        good: "<script>alert(1)</script> listens".into(),
        hard: "money".into(),
        i_expect: "to call back".into(),
        they_expect: "visits".into(),
        expectations_fit: Some(ExpectationsFit::Partly),
        would_change: "talk more".into(),
        since_low: "I see them less".into(),
    };
    let saved = add(&svc, inv.clone()).await;
    let read = people::get_person(&svc, saved.id).await.expect("get");
    assert_eq!(read.inventory.display_name, "Sam");
    assert_eq!(
        read.inventory,
        Inventory {
            display_name: "Sam".into(),
            ..inv
        }
    );
    assert_eq!(read.archived_at, None);
    // A second Sam is allowed; the pickers tell them apart by relationship.
    let other = add(
        &svc,
        Inventory {
            relationship: Some(Relationship::Colleague),
            ..named("sam")
        },
    )
    .await;
    assert_ne!(other.id, saved.id);
    let list = people::list_people(&svc).await.expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].relationship, Some(Relationship::Sibling));
    assert_eq!(list[1].relationship, Some(Relationship::Colleague));
    // Editing saves every answer, a new name included.
    let mut edited = read.inventory.clone();
    edited.display_name = "Samuel".into();
    edited.good.clear();
    let after = people::save_inventory(&svc, Some(saved.id), edited)
        .await
        .expect("edit");
    assert_eq!(after.inventory.display_name, "Samuel");
    assert_eq!(after.inventory.good, "");
}

#[tokio::test]
async fn archive_hides_from_pickers_but_keeps_names_on_old_entries() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let ana = add(&svc, named("Ana")).await;
    let bo = add(&svc, named("Bo")).await;
    let (entry, plan, _, _) = link_everything(&svc, ana.id, "harbour").await;
    let archived = people::set_archived(&svc, ana.id, true)
        .await
        .expect("archive");
    assert!(archived.archived_at.is_some());
    let picker: Vec<i64> = people::list_people(&svc)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(picker, vec![bo.id], "the pickers no longer offer Ana");
    let all = people::list_all_people(&svc).await.expect("all");
    assert_eq!(
        all.iter().map(|p| (p.id, p.archived)).collect::<Vec<_>>(),
        vec![(bo.id, false), (ana.id, true)],
        "active first, archived flagged"
    );
    let e = journal::get_entry(&svc, entry).await.expect("entry");
    assert_eq!(e.events[0].person_name.as_deref(), Some("Ana"));
    let p = plans::get_plan(&svc, plan).await.expect("plan");
    assert_eq!(p.person_name.as_deref(), Some("Ana"));
    // Filtering by the archived person still works.
    let page = journal::list_entries(
        &svc,
        JournalQuery {
            person_id: Some(ana.id),
            ..Default::default()
        },
    )
    .await
    .expect("filter");
    assert_eq!(page.items.len(), 1);
    // Typing the name as someone new makes a new person rather than reviving the archived one.
    let again = journal::create_entry(
        &svc,
        JournalEntryInput {
            events: vec![InterpersonalEventInput {
                person_id: None,
                person_name: Some("Ana".into()),
                ..event_with(0, "x").events[0].clone()
            }],
            ..event_with(0, "x")
        },
    )
    .await
    .expect("entry");
    assert_ne!(again.events[0].person_id, Some(ana.id));
    // Bringing back.
    people::set_archived(&svc, ana.id, false)
        .await
        .expect("unarchive");
    assert_eq!(people::list_people(&svc).await.expect("list").len(), 3);
}

#[tokio::test]
async fn merge_moves_every_linked_item_and_fills_empty_answers() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let a = add(
        &svc,
        Inventory {
            good: "from A".into(),
            hard: "hard from A".into(),
            relationship: Some(Relationship::Friend),
            ..named("Zephyr")
        },
    )
    .await;
    let b = add(
        &svc,
        Inventory {
            good: "from B".into(),
            ..named("Sam")
        },
    )
    .await;
    let (entry, plan, analysis, scenario) = link_everything(&svc, a.id, "pier").await;
    assert_eq!(search(&svc, "Zephyr").await, 1, "found by name before");
    // A circle placing both: B keeps its own place; one placing only A moves A's place to B.
    use ipt_core::domain::circle::{CircleInput, Placement, Ring};
    for placements in [
        vec![
            Placement {
                person_id: a.id,
                ring: Ring::Closest,
            },
            Placement {
                person_id: b.id,
                ring: Ring::FurtherOut,
            },
        ],
        vec![Placement {
            person_id: a.id,
            ring: Ring::Close,
        }],
    ] {
        ipt_core::service::circle::save(&svc, CircleInput { placements }, chrono::Utc::now())
            .await
            .expect("circle");
    }
    let merged = people::merge(&svc, a.id, b.id).await.expect("merge");
    assert_eq!(merged.id, b.id);
    assert_eq!(merged.inventory.display_name, "Sam");
    assert_eq!(merged.inventory.good, "from B", "B keeps its answers");
    assert_eq!(
        merged.inventory.hard, "hard from A",
        "A fills B's empty ones"
    );
    assert_eq!(merged.inventory.relationship, Some(Relationship::Friend));
    assert_eq!(
        (
            merged.links.events,
            merged.links.plans,
            merged.links.worksheets,
            merged.links.scenarios
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        people::get_person(&svc, a.id)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound,
        "A is removed"
    );
    let e = journal::get_entry(&svc, entry).await.expect("entry");
    assert_eq!(e.events[0].person_id, Some(b.id));
    assert_eq!(e.events[0].person_name.as_deref(), Some("Sam"));
    assert_eq!(
        plans::get_plan(&svc, plan).await.expect("plan").person_id,
        Some(b.id)
    );
    assert_eq!(
        practice::get_analysis(&svc, analysis)
            .await
            .expect("analysis")
            .worksheet
            .person_id,
        Some(b.id)
    );
    let input = practice::get_custom_input(&svc, scenario.clone())
        .await
        .expect("scenario");
    assert_eq!(input.person_id, Some(b.id));
    let played = practice::get_scenario(&svc, scenario)
        .await
        .expect("scenario");
    assert_eq!(played.other, "Sam");
    // The search finds the entry under the kept name, not the removed one.
    assert_eq!(search(&svc, "Sam").await, 1);
    assert_eq!(search(&svc, "Zephyr").await, 0);
    // Filtering by the kept person finds the moved event.
    let page = journal::list_entries(
        &svc,
        JournalQuery {
            person_id: Some(b.id),
            ..Default::default()
        },
    )
    .await
    .expect("filter");
    assert_eq!(page.items.len(), 1);
    let circles = ipt_core::service::circle::snapshots(&svc)
        .await
        .expect("circles");
    let placed: Vec<Vec<(i64, Ring)>> = circles
        .iter()
        .map(|c| c.placements.iter().map(|p| (p.person_id, p.ring)).collect())
        .collect();
    assert_eq!(
        placed,
        vec![vec![(b.id, Ring::FurtherOut)], vec![(b.id, Ring::Close)]]
    );
    assert_no_orphans(&svc).await;
}

#[tokio::test]
async fn merging_someone_into_themselves_or_nobody_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let a = add(&svc, named("Ana")).await;
    link_everything(&svc, a.id, "x").await;
    let before = dump(&svc).await;
    let e = people::merge(&svc, a.id, a.id).await.expect_err("refused");
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(
        people::merge(&svc, a.id, 9999)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        people::merge(&svc, 9999, a.id)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(dump(&svc).await, before, "nothing changed");
}

#[tokio::test]
async fn delete_moving_linked_items_leaves_no_orphans() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let a = add(&svc, named("Ana")).await;
    let b = add(&svc, named("Bo")).await;
    let (entry, plan, analysis, scenario) = link_everything(&svc, a.id, "dock").await;
    people::delete(&svc, a.id, LinkedItems::MoveTo { person_id: b.id })
        .await
        .expect("delete");
    assert_eq!(
        people::get_person(&svc, a.id)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );
    let links = people::get_person(&svc, b.id).await.expect("b").links;
    assert_eq!(
        (links.events, links.plans, links.worksheets, links.scenarios),
        (1, 1, 1, 1)
    );
    let e = journal::get_entry(&svc, entry).await.expect("entry");
    assert_eq!(e.events[0].person_name.as_deref(), Some("Bo"));
    assert_eq!(e.events[0].what_happened, "dock");
    assert_eq!(
        plans::get_plan(&svc, plan).await.expect("plan").person_id,
        Some(b.id)
    );
    assert_eq!(
        practice::get_analysis(&svc, analysis)
            .await
            .expect("analysis")
            .worksheet
            .person_id,
        Some(b.id)
    );
    assert_eq!(
        practice::get_custom_input(&svc, scenario)
            .await
            .expect("scenario")
            .person_id,
        Some(b.id)
    );
    assert_no_orphans(&svc).await;
}

#[tokio::test]
async fn delete_keeping_words_removes_only_the_link() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let a = add(&svc, named("Ana")).await;
    let (entry, plan, analysis, scenario) = link_everything(&svc, a.id, "quay").await;
    people::delete(&svc, a.id, LinkedItems::KeepUnlinked)
        .await
        .expect("delete");
    assert_eq!(scalar(&svc, "SELECT count(*) FROM people").await, 0);
    let e = journal::get_entry(&svc, entry).await.expect("entry");
    assert_eq!(e.events.len(), 1, "the event stays");
    assert_eq!(e.events[0].person_id, None);
    assert_eq!(e.events[0].what_happened, "quay");
    assert_eq!(e.events[0].what_i_felt, "tense");
    assert_eq!(e.text, "entry about quay");
    let p = plans::get_plan(&svc, plan).await.expect("plan");
    assert_eq!((p.person_id, p.what.as_str()), (None, "plan quay"));
    let w = practice::get_analysis(&svc, analysis)
        .await
        .expect("analysis");
    assert_eq!(
        (w.worksheet.person_id, w.worksheet.what_i_said.as_str()),
        (None, "said quay")
    );
    let s = practice::get_custom_input(&svc, scenario.clone())
        .await
        .expect("scenario");
    assert_eq!((s.person_id, s.title.as_str()), (None, "scenario quay"));
    practice::get_scenario(&svc, scenario)
        .await
        .expect("the scenario still plays");
    assert_eq!(
        search(&svc, "Ana").await,
        0,
        "the name left the search index"
    );
    assert_eq!(search(&svc, "quay").await, 1, "the words did not");
    assert_no_orphans(&svc).await;
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let a = add(&svc, named("Ana")).await;
    link_everything(&svc, a.id, "x").await;
    let before = dump(&svc).await;
    for (inv, code) in [
        (named("   "), ErrorCode::NameMissing),
        (named(&"x".repeat(201)), ErrorCode::TooLong),
        (
            Inventory {
                hard: "h".repeat(2001),
                ..named("Ana")
            },
            ErrorCode::TooLong,
        ),
        (
            Inventory {
                relationship: Some(Relationship::Parent),
                relationship_word: "step-mum".into(),
                ..named("Ana")
            },
            ErrorCode::InvalidInput,
        ),
    ] {
        let e = people::save_inventory(&svc, Some(a.id), inv.clone())
            .await
            .expect_err("refused");
        assert_eq!(e.code(), code);
        assert_eq!(
            people::save_inventory(&svc, None, inv)
                .await
                .expect_err("refused")
                .code(),
            code
        );
    }
    assert_eq!(
        people::save_inventory(&svc, Some(9999), named("Bo"))
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        people::set_archived(&svc, 9999, true)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );
    for linked in [
        LinkedItems::MoveTo { person_id: a.id },
        LinkedItems::MoveTo { person_id: 9999 },
    ] {
        assert!(people::delete(&svc, a.id, linked).await.is_err());
    }
    assert_eq!(
        people::delete(&svc, 9999, LinkedItems::KeepUnlinked)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(dump(&svc).await, before, "nothing changed");
}
