//! Ending well on a real SQLCipher vault: the ending plan saved whole and read back, the review
//! gathered from real sessions, check-ins, plans and practice, the monthly check-in schedule
//! across the course's end, and a follow-up saved with its PHQ-9 in one transaction (or not at
//! all).

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::checkins::{Band, CheckInInput, Questionnaire};
use ipt_core::domain::course::{CourseFormat, CourseInput, Phase, SessionRecord};
use ipt_core::domain::ending::{EndingPlan, FollowUpInput};
use ipt_core::domain::plans::{PlanInput, PlanOutcome, PlanStatus};
use ipt_core::domain::practice::{DecisionAnalysisInput, DecisionOption};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{checkins, course, ending, plans, practice};
use ipt_core::storage::VaultPaths;

/// Words that appear nowhere in the vault unless the plan is stored in the clear.
const CANARY: &str = "harbour-swallow-kestrel-2291";

async fn vault(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn plan() -> EndingPlan {
    EndingPlan {
        changes: strings(&["I can ask my sister for help", "I sleep most nights"]),
        warning_signs: strings(&["cancelling on friends", "lying awake past 3"]),
        if_they_come_back: strings(&["call my sister", "walk every morning"]),
        contacts: strings(&["Dr K, 555 0199", "my GP"]),
        come_back_if: strings(&["two weeks of bad sleep"]),
        monthly_check_in: true,
        updated_at: None,
    }
}

/// A weekly course of `n` sessions whose first session is `start`, on that weekday.
fn course_from(start: NaiveDate, n: i64) -> CourseInput {
    CourseInput {
        start_date: day(start),
        planned_sessions: n,
        weekday: i64::from(start.weekday().num_days_from_monday()),
        session_time: "17:30".into(),
        format: CourseFormat::Individual,
        other_care: String::new(),
        therapist_name: String::new(),
        initial_last: None,
        termination_first: None,
    }
}

fn held(number: i64, on: NaiveDate) -> SessionRecord {
    SessionRecord {
        number,
        held_on: day(on),
        talked_about: String::new(),
        agreed: String::new(),
        notes: String::new(),
        mood: None,
    }
}

/// PHQ-9 answers adding up to `total`.
fn phq9_answers(total: u8) -> Vec<Option<u8>> {
    let mut left = total;
    (0..9)
        .map(|_| {
            let a = left.min(3);
            left -= a;
            Some(a)
        })
        .collect()
}

fn follow_up(on: NaiveDate, total: u8, signs: &[&str]) -> FollowUpInput {
    FollowUpInput {
        today: day(on),
        answers: phq9_answers(total),
        difficulty: Some(1),
        signs_noticed: strings(signs),
    }
}

#[tokio::test]
async fn the_plan_is_empty_then_saved_whole_and_kept_across_lock() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let empty = ending::get_plan(&svc).await.expect("get");
    assert_eq!(empty, EndingPlan::default());
    assert!(!empty.monthly_check_in, "off until turned on");

    let saved = ending::save_plan(
        &svc,
        EndingPlan {
            changes: strings(&["  I can ask my sister for help ", "", "I sleep most nights"]),
            come_back_if: strings(&["two weeks of bad sleep", CANARY]),
            updated_at: Some("1999-01-01T00:00:00.000Z".into()),
            ..plan()
        },
    )
    .await
    .expect("save");
    assert_eq!(saved.changes, plan().changes, "tidied, order kept");
    assert_eq!(saved.come_back_if, ["two weeks of bad sleep", CANARY]);
    assert_eq!(saved.warning_signs, plan().warning_signs);
    assert!(saved.monthly_check_in);
    let at = saved.updated_at.as_deref().expect("time");
    assert!(at.ends_with('Z') && !at.starts_with("1999"), "{at}");
    assert_eq!(ending::get_plan(&svc).await.expect("get"), saved);

    svc.lock().await;
    assert_eq!(
        ending::get_plan(&svc).await.err().map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    // Encrypted on disk.
    let paths = VaultPaths::new(dir.path());
    for f in std::iter::once(paths.db.clone()).chain(paths.sidecars()) {
        assert!(!contains(&read(&f), CANARY.as_bytes()), "{f:?}");
    }
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(ending::get_plan(&svc).await.expect("get"), saved);
}

#[tokio::test]
async fn a_refused_plan_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let saved = ending::save_plan(&svc, plan()).await.expect("save");
    let mut many = plan();
    many.contacts = vec!["someone".into(); 21];
    let err = ending::save_plan(&svc, many).await.expect_err("too many");
    assert_eq!((err.code(), err.limit()), (ErrorCode::TooMany, Some(20)));
    assert!(!err.message().contains("someone"));
    let mut long = plan();
    long.warning_signs.push("w".repeat(501));
    let err = ending::save_plan(&svc, long).await.expect_err("too long");
    assert_eq!((err.code(), err.limit()), (ErrorCode::TooLong, Some(500)));
    assert_eq!(ending::get_plan(&svc).await.expect("get"), saved);
}

#[tokio::test]
async fn the_review_gathers_sessions_check_ins_plans_and_practice() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let t = day(today());

    // Before anything: no course, nothing counted.
    let r = ending::review(&svc, t.clone()).await.expect("review");
    assert_eq!(r.phase, None);
    assert_eq!((r.sessions_held, r.sessions_planned), (0, None));
    assert_eq!((r.phq9.count, r.gad7.count, r.plans_made), (0, 0, 0));
    assert!(r.phq9.first.is_none() && r.phq9.latest.is_none());

    // A 6-session course started five weeks ago: the last session is today.
    let start = today() - Duration::weeks(5);
    course::save_course(&svc, course_from(start, 6))
        .await
        .expect("course");
    for n in 1..=5 {
        course::save_session(&svc, held(n, start + Duration::weeks(n - 1)))
            .await
            .expect("session");
    }
    let first = checkins::save(
        &svc,
        CheckInInput {
            kind: Questionnaire::Phq9,
            answers: {
                let mut a = phq9_answers(17);
                a[8] = Some(1);
                a
            },
            difficulty: None,
        },
    )
    .await
    .expect("phq9");
    checkins::save(
        &svc,
        CheckInInput {
            kind: Questionnaire::Gad7,
            answers: vec![Some(2); 7],
            difficulty: None,
        },
    )
    .await
    .expect("gad7");
    let latest = checkins::save(
        &svc,
        CheckInInput {
            kind: Questionnaire::Phq9,
            answers: phq9_answers(6),
            difficulty: None,
        },
    )
    .await
    .expect("phq9");

    let input = |what: &str| PlanInput {
        what: what.into(),
        area: None,
        person_id: None,
        person_name: None,
        due_on: Some(t.clone()),
    };
    let asked = plans::create_plan(&svc, input("Ask J. to lunch"), t.clone())
        .await
        .expect("plan");
    let walked = plans::create_plan(&svc, input("Walk with Sam"), t.clone())
        .await
        .expect("plan");
    let skipped = plans::create_plan(&svc, input("Call my brother"), t.clone())
        .await
        .expect("plan");
    plans::create_plan(&svc, input("Join the choir"), t.clone())
        .await
        .expect("plan");
    let outcome = |status, reflection: &str| PlanOutcome {
        status,
        reflection: reflection.into(),
        mood_before: None,
        mood_after: None,
    };
    plans::record_outcome(
        &svc,
        asked.id,
        outcome(PlanStatus::Done, "She said yes <b>right away</b>"),
        t.clone(),
    )
    .await
    .expect("done");
    plans::record_outcome(&svc, walked.id, outcome(PlanStatus::Tried, ""), t.clone())
        .await
        .expect("tried");
    plans::record_outcome(
        &svc,
        skipped.id,
        outcome(PlanStatus::NotThisWeek, "too tired"),
        t.clone(),
    )
    .await
    .expect("not this week");
    practice::save_decision(
        &svc,
        None,
        DecisionAnalysisInput {
            situation: "Fewer hours at work".into(),
            options: vec![DecisionOption {
                text: "Ask for a four-day week".into(),
                pros: "Rest".into(),
                cons: "Money".into(),
            }],
            choice: Some(0),
            plan: "Monday".into(),
            if_it_goes_badly: "Ask what is possible".into(),
        },
    )
    .await
    .expect("decision");

    let r = ending::review(&svc, t.clone()).await.expect("review");
    assert_eq!(
        r.phase,
        Some(Phase::Termination),
        "the last session is today"
    );
    assert_eq!((r.sessions_held, r.sessions_planned), (5, Some(6)));
    assert_eq!(r.course_ended_on, None, "not over yet");
    assert_eq!(r.phq9.count, 2);
    let f = r.phq9.first.expect("first");
    assert_eq!(f.taken_at, first.taken_at);
    assert_eq!(
        (f.score, f.band, f.item9_above_zero),
        (Some(18), Some(Band::ModeratelySevere), true)
    );
    let l = r.phq9.latest.expect("latest");
    assert_eq!(l.taken_at, latest.taken_at);
    assert_eq!(
        (l.score, l.band, l.item9_above_zero),
        (Some(6), Some(Band::Mild), false)
    );
    assert_eq!(r.gad7.count, 1);
    assert_eq!(r.gad7.first, r.gad7.latest, "one check-in is both");
    assert_eq!(r.gad7.first.as_ref().and_then(|p| p.score), Some(14));
    assert_eq!((r.plans_made, r.plans_with_outcome), (4, 3));
    let mut tried: Vec<(&str, PlanStatus, &str)> = r
        .tried_plans
        .iter()
        .map(|p| (p.what.as_str(), p.status, p.reflection.as_str()))
        .collect();
    tried.sort_by_key(|p| p.0);
    assert_eq!(
        tried,
        [
            (
                "Ask J. to lunch",
                PlanStatus::Done,
                "She said yes <b>right away</b>"
            ),
            ("Walk with Sam", PlanStatus::Tried, ""),
        ],
        "tried and done only, with the words as written"
    );
    assert_eq!(
        (r.role_plays_done, r.analyses_done, r.decisions_done),
        (0, 0, 1)
    );

    // The last session recorded: the course is over, ending today.
    course::save_session(&svc, held(6, today()))
        .await
        .expect("last");
    let r = ending::review(&svc, t.clone()).await.expect("review");
    assert_eq!(r.phase, Some(Phase::Completed));
    assert_eq!(r.sessions_held, 6);
    assert_eq!(r.course_ended_on, Some(t));
}

#[tokio::test]
async fn the_monthly_check_in_is_due_a_month_after_the_course_ends_and_moves_with_each() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let now = today();
    assert_eq!(
        ending::follow_up_due(&svc, day(now)).await.expect("due"),
        None,
        "no course, no schedule"
    );

    // A 4-session course that ended (by its plan, nothing recorded) ten weeks ago.
    let start = now - Duration::weeks(13);
    let end = start + Duration::weeks(3);
    course::save_course(&svc, course_from(start, 4))
        .await
        .expect("course");
    let month_after = |d: NaiveDate| {
        d.checked_add_months(chrono::Months::new(1))
            .expect("a month")
    };
    let first_due = month_after(end);
    let at = |d: NaiveDate| {
        let svc = &svc;
        async move { ending::follow_up_due(svc, day(d)).await.expect("due") }
    };

    // Off until the patient turns it on.
    let off = at(now).await.expect("a schedule");
    assert!(!off.due);
    assert_eq!(off.next_date, day(first_due));
    ending::save_plan(&svc, plan()).await.expect("on");

    // Across the end: during the course, on its last day, the day before and the day it is due.
    for (d, due) in [
        (end - Duration::days(7), false),
        (end, false),
        (first_due - Duration::days(1), false),
        (first_due, true),
        (now, true),
    ] {
        let r = at(d).await.expect("a schedule");
        assert_eq!(
            (r.due, r.next_date.as_str()),
            (due, day(first_due).as_str()),
            "{d}"
        );
    }

    // Taken late (today): the next is a month from today.
    let saved = ending::save_follow_up(&svc, follow_up(now, 3, &[]))
        .await
        .expect("save");
    assert!(!saved.signs_returned);
    let r = at(now).await.expect("a schedule");
    assert_eq!((r.due, r.next_date.clone()), (false, day(month_after(now))));
    assert!(at(month_after(now)).await.expect("a schedule").due);

    // Turned off: never due.
    ending::save_plan(
        &svc,
        EndingPlan {
            monthly_check_in: false,
            ..plan()
        },
    )
    .await
    .expect("off");
    assert!(!at(month_after(now)).await.expect("a schedule").due);
}

#[tokio::test]
async fn a_follow_up_is_saved_with_its_check_in_and_says_when_signs_returned() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let now = today();
    ending::save_plan(&svc, plan()).await.expect("plan");

    let calm = ending::save_follow_up(&svc, follow_up(now, 4, &[]))
        .await
        .expect("save");
    assert_eq!(calm.taken_on, day(now));
    assert_eq!(calm.check_in.kind, Questionnaire::Phq9);
    assert_eq!(
        (calm.check_in.score, calm.check_in.band),
        (Some(4), Some(Band::Minimal))
    );
    assert_eq!(calm.check_in.difficulty, Some(1));
    assert!(calm.signs_noticed.is_empty());
    assert!(!calm.signs_returned);

    let sign = ending::save_follow_up(
        &svc,
        follow_up(now, 2, &["  lying awake past 3 ", "", "something new"]),
    )
    .await
    .expect("save");
    assert_eq!(sign.signs_noticed, ["lying awake past 3", "something new"]);
    assert!(sign.signs_returned, "a sign was noticed");

    let moderate = ending::save_follow_up(&svc, follow_up(now, 10, &[]))
        .await
        .expect("save");
    assert_eq!(moderate.check_in.band, Some(Band::Moderate));
    assert!(moderate.signs_returned, "moderate or above");

    // Item 9 is kept with the check-in (the UI shows its help whatever the result).
    let mut answers = phq9_answers(0);
    answers[8] = Some(2);
    let item9 = ending::save_follow_up(
        &svc,
        FollowUpInput {
            answers,
            ..follow_up(now, 0, &[])
        },
    )
    .await
    .expect("save");
    assert_eq!(item9.check_in.item9, Some(2));

    // Each PHQ-9 is a check-in like any other, and the follow-ups list newest first.
    let all = checkins::list(&svc).await.expect("list");
    assert_eq!(all.len(), 4);
    let list = ending::list_follow_ups(&svc).await.expect("list");
    assert_eq!(
        list.iter().map(|f| f.id).collect::<Vec<_>>(),
        [item9.id, moderate.id, sign.id, calm.id]
    );
    assert_eq!(list[2], sign);
    for f in &list {
        assert!(all.contains(&f.check_in));
    }
}

fn code<T>(r: ipt_core::Result<T>) -> Option<(ErrorCode, Option<u32>)> {
    r.err().map(|e| (e.code(), e.limit()))
}

#[tokio::test]
async fn bad_input_stores_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let now = today();

    let mut too_many = follow_up(now, 3, &[]);
    too_many.signs_noticed = vec!["a sign".into(); 21];
    let mut too_long = follow_up(now, 3, &[]);
    too_long.signs_noticed = vec!["s".repeat(501)];
    let mut out_of_range = follow_up(now, 3, &[]);
    out_of_range.answers[2] = Some(4);
    let mut eight = follow_up(now, 3, &[]);
    eight.answers.pop();
    let mut hard = follow_up(now, 3, &[]);
    hard.difficulty = Some(4);
    let mut unreadable = follow_up(now, 3, &[]);
    unreadable.today = "next Tuesday".into();
    for (input, expected) in [
        (too_many, (ErrorCode::TooMany, Some(20))),
        (too_long, (ErrorCode::TooLong, Some(500))),
        (out_of_range, (ErrorCode::InvalidInput, None)),
        (eight, (ErrorCode::InvalidInput, None)),
        (hard, (ErrorCode::InvalidInput, None)),
        (
            follow_up(now + Duration::days(3), 3, &[]),
            (ErrorCode::InvalidDate, None),
        ),
        (unreadable, (ErrorCode::InvalidDate, None)),
    ] {
        assert_eq!(
            code(ending::save_follow_up(&svc, input).await),
            Some(expected)
        );
    }
    assert!(checkins::list(&svc).await.expect("list").is_empty());
    assert!(
        ending::list_follow_ups(&svc)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        code(ending::review(&svc, "soon".into()).await),
        Some((ErrorCode::InvalidDate, None))
    );
    assert_eq!(
        code(ending::follow_up_due(&svc, "2027-02-30".into()).await),
        Some((ErrorCode::InvalidDate, None))
    );
}

#[tokio::test]
async fn a_follow_up_that_cannot_be_stored_leaves_no_check_in_behind() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    // The follow-up row fails after its check-in was written in the same transaction.
    let pool = svc.pool().await.expect("pool");
    sqlx::query(
        "CREATE TRIGGER refuse_follow_ups BEFORE INSERT ON follow_ups \
         BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .execute(&pool)
    .await
    .expect("trigger");
    assert!(
        ending::save_follow_up(&svc, follow_up(today(), 5, &["a sign"]))
            .await
            .is_err()
    );
    assert!(
        checkins::list(&svc).await.expect("list").is_empty(),
        "the check-in was rolled back with it"
    );
    assert!(
        ending::list_follow_ups(&svc)
            .await
            .expect("list")
            .is_empty()
    );
}
