//! A person's page: everything that names them, newest first, and the patient's mood on days with
//! and without a noted contact on a known data set (with the fewer-than-five rule); the printable
//! inventory; and when Home invites the guided inventory review.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::circle::{CircleInput, Placement, Ring};
use ipt_core::domain::course::ProblemArea;
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::people::{Inventory, LinkedItems, PersonDetail};
use ipt_core::domain::person_page::MoodOnDays;
use ipt_core::domain::plans::{PlanInput, PlanStatus};
use ipt_core::domain::practice::{Approach, CommunicationAnalysisInput, CustomScenarioInput};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{circle, course, journal, people, person_page, plans, practice};

async fn open(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

async fn add(svc: &VaultService, name: &str) -> PersonDetail {
    people::save_inventory(
        svc,
        None,
        Inventory {
            display_name: name.into(),
            ..Inventory::default()
        },
    )
    .await
    .expect("add")
}

/// An entry on `day` (at 09:00 or 21:00 local) with `mood`, naming each of `who` in an event.
async fn entry(svc: &VaultService, day: &str, evening: bool, mood: i64, who: &[i64]) -> i64 {
    let hour = if evening { "21" } else { "09" };
    journal::create_entry(
        svc,
        JournalEntryInput {
            occurred_at: format!("{day}T{hour}:00:00-05:00"),
            mood,
            emotions: vec![],
            custom_emotions: vec![],
            text: format!("day {day}"),
            tags: vec![],
            events: who
                .iter()
                .map(|&p| InterpersonalEventInput {
                    person_id: Some(p),
                    person_name: None,
                    what_happened: format!("talked on {day} at {hour}"),
                    what_i_felt: "calm".into(),
                    what_i_did: "listened".into(),
                    how_it_ended: "fine".into(),
                    important: false,
                })
                .collect(),
            pinned: false,
            draft_key: None,
        },
    )
    .await
    .expect("entry")
    .id
}

fn day(n: u32) -> String {
    format!("2026-10-{n:02}")
}

#[tokio::test]
async fn contact_day_moods_on_a_known_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = open(dir.path()).await;
    let sam = add(&svc, "Sam").await.id;
    let jo = add(&svc, "Jo").await.id;

    // Days 1–5: Sam noted, moods 6, 7, 8, 5, 9 (avg 7.0). Day 3 also has an evening entry with
    // no event (mood 4): that day's mood is (8 + 4) / 2 = 6, and it still counts once, as a
    // day with contact → 6, 7, 6, 5, 9 = 6.6.
    for (n, mood) in [(1, 6), (2, 7), (3, 8), (4, 5), (5, 9)] {
        entry(&svc, &day(n), false, mood, &[sam]).await;
    }
    entry(&svc, &day(3), true, 4, &[]).await;
    // Days 6–11: no Sam (Jo on two of them), moods 2, 3, 4, 3, 3, 3.5 → but moods are whole
    // numbers: 2, 3, 4, 3, 3, 4 = 19 / 6 = 3.17 → 3.2.
    for (n, mood, who) in [
        (6, 2, vec![jo]),
        (7, 3, vec![]),
        (8, 4, vec![jo]),
        (9, 3, vec![]),
        (10, 3, vec![]),
        (11, 4, vec![]),
    ] {
        entry(&svc, &day(n), false, mood, &who).await;
    }
    // A trashed entry on a new day naming Sam counts nowhere.
    let gone = entry(&svc, &day(12), false, 0, &[sam]).await;
    journal::trash_entry(&svc, gone).await.expect("trash");

    let page = person_page::page(&svc, sam).await.expect("page");
    assert_eq!(
        page.contact_mood.with_contact,
        MoodOnDays {
            days: 5,
            average: Some(6.6)
        }
    );
    assert_eq!(
        page.contact_mood.without_contact,
        MoodOnDays {
            days: 6,
            average: Some(3.2)
        }
    );
    assert_eq!(page.contact_mood.min_days, 5);
    // Newest first, only live entries.
    let days: Vec<&str> = page.events.iter().map(|e| e.day.as_str()).collect();
    assert_eq!(days, [day(5), day(4), day(3), day(2), day(1)]);
    assert_eq!(page.events[0].what_happened, "talked on 2026-10-05 at 09");
    assert_eq!(
        page.person.links.events, 6,
        "the trashed one still names Sam"
    );

    // Jo: 2 days with contact, 9 without → no average on the short side, the count still shown.
    let page = person_page::page(&svc, jo).await.expect("page");
    assert_eq!(
        page.contact_mood.with_contact,
        MoodOnDays {
            days: 2,
            average: None
        }
    );
    assert_eq!(page.contact_mood.without_contact.days, 9);
    assert!(page.contact_mood.without_contact.average.is_some());
}

#[tokio::test]
async fn the_page_gathers_plans_worksheets_and_role_plays_and_follows_a_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = open(dir.path()).await;
    let sam = add(&svc, "Sam").await.id;
    let s2 = add(&svc, "S.").await.id;
    let other = add(&svc, "Jo").await.id;

    for (what, due, who) in [
        ("ask Sam for a walk", "2026-11-10", sam),
        ("tell Sam about work", "2026-11-17", s2),
        ("call Jo", "2026-11-17", other),
    ] {
        plans::create_plan(
            &svc,
            PlanInput {
                what: what.into(),
                area: None,
                person_id: Some(who),
                person_name: None,
                due_on: Some(due.into()),
            },
            "2026-11-03".into(),
        )
        .await
        .expect("plan");
    }
    practice::save_analysis(
        &svc,
        None,
        CommunicationAnalysisInput {
            occurred_on: "2026-11-08".into(),
            person_id: Some(sam),
            setting: "the kitchen".into(),
            wanted: "to be asked first".into(),
            alternatives: vec!["Could we plan Sundays together?".into(), "second".into()],
            chosen: Some(0),
            ..Default::default()
        },
    )
    .await
    .expect("worksheet");
    let own = practice::save_custom_scenario(
        &svc,
        None,
        CustomScenarioInput {
            title: "Asking Sam about Sundays".into(),
            area: ProblemArea::RoleDispute,
            person_id: Some(s2),
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
    // One rehearsal played to its end (confidence 3 → 7), one left half-way.
    let mut run = practice::start_run(&svc, own.key.clone(), Some(3))
        .await
        .expect("start");
    for _ in 0..5 {
        if run.ending.is_some() {
            break;
        }
        run = practice::take_turn(&svc, run.id, "Could we talk?".into(), Approach::IStatement)
            .await
            .expect("turn");
    }
    assert!(run.ending.is_some(), "the rehearsal reached an end");
    practice::finish_run(&svc, run.id, Some(7), String::new())
        .await
        .expect("finish");
    practice::start_run(&svc, own.key.clone(), Some(2))
        .await
        .expect("second start");

    // S. is Sam: after the merge, Sam's page has both plans (latest due first), the worksheet
    // and the role play.
    people::merge(&svc, s2, sam).await.expect("merge");
    let page = person_page::page(&svc, sam).await.expect("page");
    let plans: Vec<(&str, PlanStatus)> = page
        .plans
        .iter()
        .map(|p| (p.what.as_str(), p.status))
        .collect();
    assert_eq!(
        plans,
        [
            ("tell Sam about work", PlanStatus::Planned),
            ("ask Sam for a walk", PlanStatus::Planned)
        ]
    );
    assert_eq!(page.worksheets.len(), 1);
    assert_eq!(page.worksheets[0].setting, "the kitchen");
    assert_eq!(
        page.worksheets[0].chosen.as_deref(),
        Some("Could we plan Sundays together?")
    );
    assert_eq!(page.role_plays.len(), 1);
    let rp = &page.role_plays[0];
    assert_eq!(rp.scenario_key, own.key);
    assert_eq!(rp.title, "Asking Sam about Sundays");
    assert_eq!(rp.finished, 1, "the half-way rehearsal is not counted");
    assert_eq!(
        (rp.last_confidence_before, rp.last_confidence_after),
        (Some(3), Some(7))
    );
    assert_eq!(page.person.links.plans, 2);
    assert_eq!(page.person.links.worksheets, 1);
    assert_eq!(page.person.links.scenarios, 1);
    assert!(page.events.is_empty());
    assert_eq!(page.contact_mood.with_contact.days, 0);

    // Archived: the page still opens with everything; deleted: the page is gone, calmly.
    people::set_archived(&svc, sam, true)
        .await
        .expect("archive");
    let archived = person_page::page(&svc, sam).await.expect("page");
    assert!(archived.person.archived_at.is_some());
    assert_eq!(archived.plans.len(), 2);
    people::delete(&svc, sam, LinkedItems::MoveTo { person_id: other })
        .await
        .expect("delete");
    assert_eq!(
        person_page::page(&svc, sam).await.err().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    assert_eq!(
        person_page::page(&svc, other)
            .await
            .expect("page")
            .plans
            .len(),
        3
    );
}

#[tokio::test]
async fn the_printable_inventory_has_everyone_active_with_answers_and_the_latest_circle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = open(dir.path()).await;
    let empty = people::inventory_sheet(&svc).await.expect("sheet");
    assert!(empty.people.is_empty());
    assert!(empty.circle.is_none());

    let zoe = add(&svc, "zoe").await.id;
    let ann = people::save_inventory(
        &svc,
        None,
        Inventory {
            display_name: "Ann".into(),
            good: "long walks".into(),
            hard: "money talk".into(),
            ..Inventory::default()
        },
    )
    .await
    .expect("add")
    .id;
    let gone = add(&svc, "Bo").await.id;
    people::set_archived(&svc, gone, true)
        .await
        .expect("archive");
    let place = |person_id, ring| Placement { person_id, ring };
    circle::save(
        &svc,
        CircleInput {
            placements: vec![place(ann, Ring::Close)],
        },
        chrono::Utc::now() - chrono::Duration::days(2),
    )
    .await
    .expect("first circle");
    circle::save(
        &svc,
        CircleInput {
            placements: vec![place(ann, Ring::Closest), place(zoe, Ring::FurtherOut)],
        },
        chrono::Utc::now(),
    )
    .await
    .expect("latest circle");

    let sheet = people::inventory_sheet(&svc).await.expect("sheet");
    let names: Vec<&str> = sheet
        .people
        .iter()
        .map(|p| p.inventory.display_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Ann", "zoe"],
        "A–Z without regard to case, archived left out"
    );
    assert_eq!(sheet.people[0].inventory.good, "long walks");
    assert_eq!(sheet.people[0].inventory.hard, "money talk");
    let mut latest = sheet.circle.expect("a circle").placements;
    latest.sort_by_key(|p| p.person_id);
    let mut want = vec![place(ann, Ring::Closest), place(zoe, Ring::FurtherOut)];
    want.sort_by_key(|p| p.person_id);
    assert_eq!(latest, want, "the latest circle, not the first");
}

#[tokio::test]
async fn home_invites_the_review_at_the_start_of_the_course_with_few_people() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = open(dir.path()).await;
    // The course runs on Tuesdays from 2026-11-03; session 4 (middle phase) on 2026-11-24.
    let before = "2026-11-01".to_string();
    assert!(
        !people::review_invitation(&svc, before.clone())
            .await
            .expect("invitation"),
        "no course set up: the course card comes first"
    );
    course::save_course(&svc, tuesday_course())
        .await
        .expect("course");
    assert!(
        people::review_invitation(&svc, before.clone())
            .await
            .expect("invitation")
    );
    assert!(
        people::review_invitation(&svc, "2026-11-10".into())
            .await
            .expect("invitation"),
        "session 2 is in the first phase"
    );
    assert!(
        !people::review_invitation(&svc, "2026-11-24".into())
            .await
            .expect("invitation"),
        "the middle phase"
    );

    // Three people on the list: done; archiving one brings the invitation back.
    let a = add(&svc, "A").await.id;
    add(&svc, "B").await;
    assert!(
        people::review_invitation(&svc, before.clone())
            .await
            .expect("invitation")
    );
    add(&svc, "C").await;
    assert!(
        !people::review_invitation(&svc, before.clone())
            .await
            .expect("invitation")
    );
    people::set_archived(&svc, a, true).await.expect("archive");
    assert!(
        people::review_invitation(&svc, before.clone())
            .await
            .expect("invitation")
    );

    // "Not now" rests it for a week.
    people::review_not_now(&svc, "2026-11-02".into())
        .await
        .expect("not now");
    assert!(
        !people::review_invitation(&svc, "2026-11-08".into())
            .await
            .expect("invitation")
    );
    assert!(
        people::review_invitation(&svc, "2026-11-09".into())
            .await
            .expect("invitation")
    );

    // A date that cannot be read is refused and stores nothing.
    for bad in ["", "tomorrow", "2026-13-01"] {
        assert_eq!(
            people::review_not_now(&svc, bad.into())
                .await
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(
            people::review_invitation(&svc, bad.into())
                .await
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidDate)
        );
    }
    assert!(
        people::review_invitation(&svc, "2026-11-09".into())
            .await
            .expect("invitation")
    );
}
