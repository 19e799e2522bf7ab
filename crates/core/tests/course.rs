//! The course plan in the vault: set up, read back, edit (moved phase boundaries), and refused
//! while locked.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::course::{
    CourseCards, CourseFocus, CourseFormat, CourseInput, DisputeStage, Phase, ProblemArea,
    SessionRecord,
};
use ipt_core::service::course;

fn input() -> CourseInput {
    CourseInput {
        start_date: "2026-11-03".into(),
        planned_sessions: 16,
        weekday: 1,
        session_time: "09:15".into(),
        format: CourseFormat::Individual,
        other_care: "  sertraline since October ".into(),
        therapist_name: "Dr R.".into(),
        initial_last: None,
        termination_first: None,
    }
}

#[tokio::test]
async fn course_is_set_up_edited_and_kept_across_a_lock() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    assert!(course::get_course(&svc).await.expect("get").is_none());

    let saved = course::save_course(&svc, input()).await.expect("save");
    assert_eq!(saved.other_care, "sertraline since October");
    assert_eq!((saved.initial_last, saved.termination_first), (3, 14));

    let edited = course::save_course(
        &svc,
        CourseInput {
            initial_last: Some(4),
            termination_first: Some(13),
            ..input()
        },
    )
    .await
    .expect("edit");
    svc.lock().await;
    assert_eq!(
        course::get_course(&svc).await.err().map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(course::get_course(&svc).await.expect("get"), Some(edited));

    let o = course::course_overview(&svc, "2026-11-24".into())
        .await
        .expect("overview")
        .expect("set up");
    assert_eq!(o.session_number, Some(4));
    assert_eq!(
        o.phase,
        Phase::Initial,
        "session 4 is still initial after the boundary moved"
    );
    assert_eq!(o.next_session_date.as_deref(), Some("2026-11-24"));

    let bad = course::save_course(
        &svc,
        CourseInput {
            start_date: "yesterday".into(),
            ..input()
        },
    )
    .await;
    assert_eq!(bad.err().map(|e| e.code()), Some(ErrorCode::InvalidDate));
    assert_eq!(
        course::get_course(&svc)
            .await
            .expect("get")
            .map(|c| c.initial_last),
        Some(4),
        "unchanged"
    );
}

#[tokio::test]
async fn the_two_cards_are_kept_in_the_patients_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    assert_eq!(
        course::get_cards(&svc).await.expect("empty"),
        CourseCards::default()
    );
    let cards = CourseCards {
        letting_go: " hosting Sunday lunch ".into(),
        working_on: "telling Sam when I need help".into(),
        sick_role_until: Some("2027-01-31".into()),
        formulation:
            "When I keep things to myself, I feel more alone and lower. <b>in my words</b>".into(),
    };
    let saved = course::save_cards(&svc, cards).await.expect("save");
    assert_eq!(saved.letting_go, "hosting Sunday lunch");
    svc.lock().await;
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(course::get_cards(&svc).await.expect("get"), saved);

    let bad = CourseCards {
        sick_role_until: Some("end of January".into()),
        ..saved.clone()
    };
    assert_eq!(
        course::save_cards(&svc, bad).await.err().map(|e| e.code()),
        Some(ErrorCode::InvalidDate)
    );
    let long = CourseCards {
        formulation: "x".repeat(2_001),
        ..saved.clone()
    };
    assert_eq!(
        course::save_cards(&svc, long).await.err().map(|e| e.code()),
        Some(ErrorCode::TooLong)
    );
    assert_eq!(
        course::get_cards(&svc).await.expect("get"),
        saved,
        "unchanged"
    );
}

#[tokio::test]
async fn the_agreed_focus_is_replaced_as_a_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    assert!(course::get_focus(&svc).await.expect("empty").is_empty());
    let focus = vec![
        CourseFocus {
            area: ProblemArea::RoleTransition,
            goals: " settle into retirement ".into(),
            dispute_stage: Some(DisputeStage::Impasse),
        },
        CourseFocus {
            area: ProblemArea::RoleDispute,
            goals: "talk with Sam about chores".into(),
            dispute_stage: Some(DisputeStage::Renegotiation),
        },
    ];
    let saved = course::save_focus(&svc, focus).await.expect("save");
    assert_eq!(
        saved.iter().map(|f| f.area).collect::<Vec<_>>(),
        vec![ProblemArea::RoleDispute, ProblemArea::RoleTransition]
    );
    assert_eq!(saved[1].goals, "settle into retirement");
    assert_eq!(
        saved[1].dispute_stage, None,
        "a stage belongs to a disagreement only"
    );
    assert_eq!(saved[0].dispute_stage, Some(DisputeStage::Renegotiation));

    let twice = vec![
        CourseFocus {
            area: ProblemArea::Grief,
            goals: String::new(),
            dispute_stage: None,
        },
        CourseFocus {
            area: ProblemArea::Grief,
            goals: String::new(),
            dispute_stage: None,
        },
    ];
    assert_eq!(
        course::save_focus(&svc, twice)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(
        course::get_focus(&svc).await.expect("get"),
        saved,
        "unchanged"
    );
    assert!(
        course::save_focus(&svc, vec![])
            .await
            .expect("cleared")
            .is_empty()
    );
}

#[tokio::test]
async fn recorded_sessions_move_the_course_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    let rec = |n: i64, d: &str| SessionRecord {
        number: n,
        held_on: d.into(),
        talked_about: "how the week went".into(),
        agreed: "try asking for help once".into(),
        notes: String::new(),
        mood: Some(5),
    };
    assert_eq!(
        course::save_session(&svc, rec(1, "2026-11-03"))
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    course::save_course(&svc, input()).await.expect("course");
    course::save_session(&svc, rec(1, "2026-11-03"))
        .await
        .expect("1");
    course::save_session(&svc, rec(2, "2026-11-17"))
        .await
        .expect("2, a week late");
    assert_eq!(
        course::save_session(&svc, rec(17, "2026-11-17"))
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(
        course::save_session(
            &svc,
            SessionRecord {
                mood: Some(11),
                ..rec(3, "2026-11-24")
            }
        )
        .await
        .err()
        .map(|e| e.code()),
        Some(ErrorCode::InvalidMood)
    );
    let o = course::course_overview(&svc, "2026-11-18".into())
        .await
        .expect("overview")
        .expect("set up");
    assert_eq!(
        (o.session_number, o.next_session_date.as_deref()),
        (Some(3), Some("2026-11-24"))
    );
    let tl = course::course_timeline(&svc, "2026-11-18".into())
        .await
        .expect("timeline");
    assert_eq!(tl.len(), 16);
    assert_eq!(
        (tl[1].state.as_str(), tl[1].date.as_deref()),
        ("done", Some("2026-11-17"))
    );
    assert_eq!(tl[2].state, "next");
    // Correcting a record replaces it.
    course::save_session(&svc, rec(2, "2026-11-10"))
        .await
        .expect("corrected");
    assert_eq!(
        course::list_sessions(&svc).await.expect("list")[1].held_on,
        "2026-11-10"
    );
}
