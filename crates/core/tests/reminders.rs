//! Reminders on a real vault: choices kept encrypted, due at the patient's local time, still
//! coming while the vault is locked, and missed ones thinned after the app was closed.

mod common;

use chrono::{DateTime, FixedOffset, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::journal::JournalEntryInput;
use ipt_core::domain::plans::PlanInput;
use ipt_core::domain::reminders::{ReminderKind, ReminderSettings};
use ipt_core::service::reminders::{self, ReminderCache};
use ipt_core::service::{course, journal, plans};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

fn kinds(v: &[ipt_core::domain::reminders::DueReminder]) -> Vec<ReminderKind> {
    v.iter().map(|r| r.kind).collect()
}

#[tokio::test]
async fn reminders_follow_the_course_and_plans_and_survive_a_lock_and_a_restart() {
    let dir = tempfile::tempdir().expect("tmp");
    let tz = FixedOffset::west_opt(5 * 3600).expect("tz"); // UTC−5
    let cache = ReminderCache::new();
    {
        let (svc, _) = memory_service(dir.path());
        svc.create(create_req(false)).await.expect("create");
        // Tuesdays at 17:30 from 2026-11-03; session 5 is on 2026-12-01.
        course::save_course(&svc, tuesday_course())
            .await
            .expect("course");
        plans::create_plan(
            &svc,
            PlanInput {
                what: "Ask once, clearly".into(),
                area: None,
                person_id: None,
                person_name: None,
                due_on: None,
            },
            "2026-11-27".into(),
        )
        .await
        .expect("plan");

        assert_eq!(
            reminders::get_settings(&svc).await.expect("get"),
            ReminderSettings::default(),
            "all off until chosen"
        );
        let first = reminders::due_now(&svc, &cache, &tz, utc("2026-11-30T12:00:00Z"))
            .await
            .expect("due");
        assert!(first.is_empty());
        assert_eq!(
            reminders::save_settings(
                &svc,
                &cache,
                ReminderSettings {
                    quiet_from: "9pm".into(),
                    session_day: true,
                    ..ReminderSettings::default()
                }
            )
            .await
            .err()
            .map(|e| e.code()),
            Some(ErrorCode::InvalidDate)
        );
        reminders::save_settings(
            &svc,
            &cache,
            ReminderSettings {
                session_day: true,
                plans_due: true,
                ..ReminderSettings::default()
            },
        )
        .await
        .expect("save");

        // The evening before the session (19:00 local = 00:00 UTC): the plan due tomorrow.
        let due = reminders::due_now(&svc, &cache, &tz, utc("2026-12-01T00:00:30Z"))
            .await
            .expect("due");
        assert_eq!(kinds(&due), [ReminderKind::PlansDue]);
        assert_eq!(due[0].open_plans, 1);
        // Asked again a minute later: nothing new.
        assert!(
            reminders::due_now(&svc, &cache, &tz, utc("2026-12-01T00:01:30Z"))
                .await
                .expect("due")
                .is_empty()
        );

        // Locked overnight, the app still open: the session-day reminder (08:30 local) comes from
        // the schedule kept in memory.
        svc.lock().await;
        let mut t = utc("2026-12-01T00:01:30Z");
        let mut fired = Vec::new();
        while t < utc("2026-12-01T14:00:00Z") {
            t += chrono::Duration::minutes(1);
            fired.extend(reminders::due_now(&svc, &cache, &tz, t).await.expect("due"));
        }
        assert_eq!(kinds(&fired), [ReminderKind::SessionDay]);
        assert_eq!(fired[0].due_at, "2026-12-01T13:30:00Z");
        assert_eq!(fired[0].session_time.as_deref(), Some("17:30"));
        svc.unlock_with_passphrase(PASS.into())
            .await
            .expect("unlock");
        // Checked once more while unlocked: this instant is stored in the vault.
        reminders::due_now(&svc, &cache, &tz, utc("2026-12-01T14:00:00Z"))
            .await
            .expect("due");
        svc.lock().await;
    }

    // The app is closed for a week and opened on the morning of session 6 (2026-12-08): a fresh
    // process (empty memory) finds the last check in the vault and shows one session reminder,
    // not a week's worth.
    let (svc, _) = memory_service(dir.path());
    let cache = ReminderCache::new();
    assert!(
        reminders::due_now(&svc, &cache, &tz, utc("2026-12-08T15:00:00Z"))
            .await
            .expect("locked, nothing known yet")
            .is_empty()
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    let due = reminders::due_now(&svc, &cache, &tz, utc("2026-12-08T15:00:00Z"))
        .await
        .expect("due");
    assert_eq!(kinds(&due), [ReminderKind::SessionDay]);
    assert_eq!(due[0].due_at, "2026-12-08T13:30:00Z");
}

/// Asks a minute before and just after a local 20:30 (the default nudge time) on `day`, in UTC−5,
/// and returns what the second check brings.
async fn at_nudge_time(
    svc: &ipt_core::service::vault::VaultService,
    cache: &ReminderCache,
    day: chrono::NaiveDate,
) -> Vec<ReminderKind> {
    let tz = FixedOffset::west_opt(5 * 3600).expect("tz");
    let nudge = day
        .and_hms_opt(20, 30, 0)
        .expect("time")
        .and_local_timezone(tz)
        .single()
        .expect("instant")
        .with_timezone(&Utc);
    reminders::due_now(svc, cache, &tz, nudge - chrono::Duration::seconds(30))
        .await
        .expect("due");
    kinds(
        &reminders::due_now(svc, cache, &tz, nudge + chrono::Duration::seconds(30))
            .await
            .expect("due"),
    )
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day")
}

#[tokio::test]
async fn no_invitation_to_write_on_a_day_the_patient_already_wrote() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    svc.create(create_req(false)).await.expect("create");
    let cache = ReminderCache::new();
    reminders::save_settings(
        &svc,
        &cache,
        ReminderSettings {
            journal_nudge: true,
            ..ReminderSettings::default()
        },
    )
    .await
    .expect("save");
    // Days long past, so the moment this test runs (when the entry is stamped as written) is
    // never one of them.
    let entry = journal::create_entry(
        &svc,
        JournalEntryInput {
            occurred_at: "2020-06-01T09:15:00-05:00".into(),
            mood: 5,
            emotions: vec![],
            custom_emotions: vec![],
            text: "Walked to the river with J.".into(),
            tags: vec![],
            events: vec![],
            pinned: false,
            draft_key: None,
        },
    )
    .await
    .expect("entry");
    assert_eq!(
        at_nudge_time(&svc, &cache, day("2020-06-01")).await,
        [],
        "the day has an entry: no nudge"
    );
    assert_eq!(
        at_nudge_time(&svc, &cache, day("2020-06-02")).await,
        [ReminderKind::JournalNudge],
        "the next day has none: the nudge comes"
    );
    // An entry about another day still counts as writing on the day it was written.
    let written = DateTime::parse_from_rfc3339(&entry.created_at)
        .expect("stamp")
        .with_timezone(&FixedOffset::west_opt(5 * 3600).expect("tz"))
        .date_naive();
    assert_eq!(at_nudge_time(&svc, &cache, written).await, []);
    // An entry moved to the trash is not one.
    journal::trash_entry(&svc, entry.id).await.expect("trash");
    assert_eq!(
        at_nudge_time(&svc, &cache, day("2020-06-01")).await,
        [ReminderKind::JournalNudge]
    );
}
