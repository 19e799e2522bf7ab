//! PHQ-9 and GAD-7 check-ins on a real SQLCipher vault: saved and listed newest first, scored
//! from the stored answers, kept across lock and unlock, refused when malformed, and encrypted
//! on disk. The invitation before a session: the patient's choice kept in the vault, shown in the
//! days before a session of a real course, gone once a check-in is taken or "not this time" is
//! chosen for that session.

mod common;

use chrono::{Datelike, Days, NaiveDate, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::checkins::{
    Band, CheckInInput, CheckInInvitation, CheckInInvitationSettings, InvitationFrequency,
    Questionnaire,
};
use ipt_core::domain::course::{CourseFormat, CourseInput, SessionRecord};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{checkins, course};
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
    // The wording needs no unlocked vault.
    assert_eq!(
        checkins::questionnaire(&svc, Questionnaire::Phq9)
            .items
            .len(),
        9
    );
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

fn settings(frequency: InvitationFrequency, one_at_a_time: bool) -> CheckInInvitationSettings {
    CheckInInvitationSettings {
        frequency,
        one_at_a_time,
    }
}

fn record(number: i64, held_on: &str) -> SessionRecord {
    SessionRecord {
        number,
        held_on: held_on.into(),
        talked_about: String::new(),
        agreed: String::new(),
        notes: String::new(),
        mood: None,
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn invited(svc: &VaultService, today: &str) -> Option<(i64, String)> {
    checkins::invitation(svc, &Utc, today.into())
        .await
        .expect("invitation")
        .map(
            |CheckInInvitation {
                 session_number,
                 session_date,
             }| (session_number, session_date),
        )
}

#[tokio::test]
async fn invitation_settings_round_trip_across_a_lock_and_refuse_while_locked() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    assert_eq!(
        checkins::invitation_settings(&svc).await.expect("default"),
        settings(InvitationFrequency::EverySession, false)
    );
    let chosen = settings(InvitationFrequency::EveryOtherSession, true);
    assert_eq!(
        checkins::save_invitation_settings(&svc, chosen)
            .await
            .expect("save"),
        chosen
    );
    svc.lock().await;
    for r in [
        checkins::invitation_settings(&svc).await.err(),
        checkins::save_invitation_settings(&svc, settings(InvitationFrequency::Off, false))
            .await
            .err(),
    ] {
        assert_eq!(r.map(|e| e.code()), Some(ErrorCode::Locked));
    }
    assert_eq!(
        checkins::invitation(&svc, &Utc, "2026-11-23".into())
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    assert_eq!(
        checkins::dismiss_invitation(&svc, 1)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::Locked)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(
        checkins::invitation_settings(&svc).await.expect("kept"),
        chosen,
        "the refused save changed nothing"
    );

    // Settings the app cannot read are reported, not replaced by a guess.
    ipt_core::storage::settings::set(&svc.pool().await.expect("pool"), "checkins.invitation", "{")
        .await
        .expect("set");
    assert_eq!(
        checkins::invitation_settings(&svc)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::Damaged)
    );
}

#[tokio::test]
async fn invitation_follows_the_real_course_and_not_this_time() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    // No course: nothing to invite to.
    assert_eq!(invited(&svc, "2026-11-21").await, None);
    assert_eq!(
        checkins::dismiss_invitation(&svc, 1)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );

    course::save_course(&svc, tuesday_course())
        .await
        .expect("course");
    for s in [(1, "2026-11-03"), (2, "2026-11-10"), (3, "2026-11-17")] {
        course::save_session(&svc, record(s.0, s.1))
            .await
            .expect("session");
    }
    let four = Some((4, "2026-11-24".to_owned()));
    assert_eq!(invited(&svc, "2026-11-20").await, None, "4 days before");
    assert_eq!(invited(&svc, "2026-11-21").await, four, "3 days before");
    assert_eq!(invited(&svc, "2026-11-24").await, four, "the day itself");
    assert_eq!(invited(&svc, "2026-11-25").await, None, "the day after");

    // How often: every other session skips session 4; off skips every one.
    for (frequency, expected) in [
        (InvitationFrequency::EveryOtherSession, None),
        (InvitationFrequency::Off, None),
        (InvitationFrequency::EverySession, four.clone()),
    ] {
        checkins::save_invitation_settings(&svc, settings(frequency, false))
            .await
            .expect("save");
        assert_eq!(invited(&svc, "2026-11-22").await, expected, "{frequency:?}");
    }

    // Not this time, for session 4.
    checkins::dismiss_invitation(&svc, 4)
        .await
        .expect("dismiss");
    assert_eq!(invited(&svc, "2026-11-22").await, None);
    // A session outside the course is refused, and what was stored stays.
    for bad in [0, 13, -1] {
        assert_eq!(
            checkins::dismiss_invitation(&svc, bad)
                .await
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidInput),
            "{bad}"
        );
    }
    assert_eq!(invited(&svc, "2026-11-22").await, None, "still dismissed");
    // Session 4 recorded: session 5 is invited again.
    course::save_session(&svc, record(4, "2026-11-24"))
        .await
        .expect("session");
    assert_eq!(
        invited(&svc, "2026-11-29").await,
        Some((5, "2026-12-01".to_owned()))
    );

    // Bad dates are refused.
    for bad in ["", "2026-13-01", "tomorrow"] {
        assert_eq!(
            checkins::invitation(&svc, &Utc, bad.into())
                .await
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidDate),
            "{bad:?}"
        );
    }

    // A complete course invites no more.
    for n in 5..=12 {
        let on = ymd(NaiveDate::from_ymd_opt(2026, 11, 24).expect("day") + Days::new(7 * (n - 4)));
        course::save_session(&svc, record(n as i64, &on))
            .await
            .expect("session");
    }
    assert_eq!(invited(&svc, "2027-01-19").await, None);
    assert_eq!(invited(&svc, "2027-01-26").await, None);
}

#[tokio::test]
async fn a_check_in_taken_in_the_window_answers_the_invitation() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    // The first session two days from now (check-ins are taken now, so the course is set around
    // today; the zone is UTC on both sides).
    let today = Utc::now().date_naive();
    let first = today + Days::new(2);
    course::save_course(
        &svc,
        CourseInput {
            start_date: ymd(first),
            planned_sessions: 4,
            weekday: i64::from(first.weekday().num_days_from_monday()),
            session_time: "10:00".into(),
            format: CourseFormat::Individual,
            other_care: String::new(),
            therapist_name: String::new(),
            initial_last: None,
            termination_first: None,
        },
    )
    .await
    .expect("course");
    assert_eq!(invited(&svc, &ymd(today)).await, Some((1, ymd(first))));
    checkins::save(&svc, gad7([Some(1); 7]))
        .await
        .expect("check-in");
    assert_eq!(
        invited(&svc, &ymd(today)).await,
        None,
        "a check-in today answers it"
    );
    // Session 1 held early, yesterday: today's check-in counts for session 2.
    course::save_session(&svc, record(1, &ymd(today - Days::new(1))))
        .await
        .expect("session");
    assert_eq!(invited(&svc, &ymd(today)).await, None);
    // Session 1 held today: today's check-in was for it, so session 2 (two days on, on the
    // usual weekday) is invited.
    course::save_session(&svc, record(1, &ymd(today)))
        .await
        .expect("session");
    assert_eq!(invited(&svc, &ymd(today)).await, Some((2, ymd(first))));
}
