//! Reminders: when each one the patient chose is due, in their local time, with quiet hours, and
//! what happens to reminders missed while the app was closed. Pure rules, no storage, no clock:
//! the time zone and "now" are passed in, so daylight-saving changes can be tested.
//!
//! A reminder carries no content: its kind, the session time, how many plans are open. The UI
//! turns that into words that never quote the journal, and mention therapy only when allowed.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};

/// A gap longer than this since the last check means the app was closed (or the computer
/// asleep): missed reminders are not all fired at once.
pub const CATCH_UP_AFTER: Duration = Duration::minutes(10);
/// With no earlier check, reminders this recent still fire.
const FIRST_LOOK_BACK: Duration = Duration::minutes(2);
/// Only the newest missed reminder of a kind matters; older days are not looked at.
const LONGEST_LOOK_BACK: Duration = Duration::days(3);

/// What the patient chose. Everything is off until they turn it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReminderSettings {
    /// On a session day, at `session_day_at`.
    pub session_day: bool,
    pub session_day_at: String,
    /// The day before plans are due, at `plans_due_at`.
    pub plans_due: bool,
    pub plans_due_at: String,
    /// A daily invitation to write, at `journal_nudge_at`.
    pub journal_nudge: bool,
    pub journal_nudge_at: String,
    /// No reminder shows between `quiet_from` and `quiet_until` (may span midnight): session and
    /// plan reminders wait until quiet hours end; a journal nudge is simply skipped.
    pub quiet_hours: bool,
    pub quiet_from: String,
    pub quiet_until: String,
    /// The words may say "therapy" and "session". Off: neutral words only.
    pub mention_therapy: bool,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            session_day: false,
            session_day_at: "08:30".into(),
            plans_due: false,
            plans_due_at: "19:00".into(),
            journal_nudge: false,
            journal_nudge_at: "20:30".into(),
            quiet_hours: true,
            quiet_from: "22:00".into(),
            quiet_until: "08:00".into(),
            mention_therapy: false,
        }
    }
}

fn parse_time(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| Error::new(ErrorCode::InvalidDate, "a reminder time could not be read"))
}

impl ReminderSettings {
    /// Checks every time and writes them as `HH:MM`.
    pub fn validate(&self) -> Result<ReminderSettings> {
        let norm = |s: &str| parse_time(s).map(|t| t.format("%H:%M").to_string());
        Ok(ReminderSettings {
            session_day_at: norm(&self.session_day_at)?,
            plans_due_at: norm(&self.plans_due_at)?,
            journal_nudge_at: norm(&self.journal_nudge_at)?,
            quiet_from: norm(&self.quiet_from)?,
            quiet_until: norm(&self.quiet_until)?,
            ..self.clone()
        })
    }

    pub fn any_on(&self) -> bool {
        self.session_day || self.plans_due || self.journal_nudge
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReminderKind {
    SessionDay,
    PlansDue,
    JournalNudge,
}

/// A reminder to show now. No content: the UI chooses the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueReminder {
    pub kind: ReminderKind,
    /// When it was due (UTC, RFC 3339).
    pub due_at: String,
    /// `HH:MM` of the session, for a session-day reminder.
    pub session_time: Option<String>,
    /// How many open plans are due, for a plans reminder.
    #[ts(type = "number")]
    pub open_plans: u32,
    /// The patient allowed the words "therapy" and "session" (it is known while locked, too).
    pub mention_therapy: bool,
}

/// What the schedule is built from: the dates of sessions still to come, their usual time, the
/// due dates of plans still open, and the days the patient already wrote in the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleFacts {
    pub session_dates: Vec<NaiveDate>,
    pub session_time: Option<String>,
    pub open_plan_due_dates: Vec<NaiveDate>,
    /// Local days with a journal entry: the invitation to write is not sent on those.
    pub journal_days: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Occurrence {
    kind: ReminderKind,
    at: DateTime<Utc>,
    /// The day it is about (the session's day, the plans' due day, the nudge's day).
    about: NaiveDate,
    open_plans: u32,
}

/// The instant a local wall-clock time names. In a daylight-saving gap (the clock jumps
/// forward) the first valid minute after it; when a time happens twice (the clock goes back),
/// the first one, so a reminder never fires twice.
pub fn resolve_local<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let mut t = local;
    // Gaps are at most a few hours anywhere; step past one a quarter hour at a time.
    for _ in 0..16 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(d) => return Some(d.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, _) => return Some(first.with_timezone(&Utc)),
            LocalResult::None => t += Duration::minutes(15),
        }
    }
    None
}

/// Where a local time lands once quiet hours are respected: `None` to skip it.
fn after_quiet(
    s: &ReminderSettings,
    t: NaiveDateTime,
    skip: bool,
) -> Result<Option<NaiveDateTime>> {
    if !s.quiet_hours {
        return Ok(Some(t));
    }
    let (from, until) = (parse_time(&s.quiet_from)?, parse_time(&s.quiet_until)?);
    let time = t.time();
    let end = if from == until {
        None
    } else if from < until {
        // e.g. 13:00–15:00, same day.
        (time >= from && time < until).then(|| t.date().and_time(until))
    } else if time >= from {
        // e.g. 22:00–08:00, evening part: ends tomorrow morning.
        Some((t.date() + Duration::days(1)).and_time(until))
    } else {
        (time < until).then(|| t.date().and_time(until))
    };
    Ok(match end {
        None => Some(t),
        Some(_) if skip => None,
        Some(e) => Some(e),
    })
}

fn occurrences<Tz: TimeZone>(
    tz: &Tz,
    s: &ReminderSettings,
    facts: &ScheduleFacts,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Occurrence>> {
    let mut out = Vec::new();
    let first = from.with_timezone(tz).date_naive() - Duration::days(2);
    let last = to.with_timezone(tz).date_naive() + Duration::days(1);
    let mut push = |kind: ReminderKind,
                    about: NaiveDate,
                    day: NaiveDate,
                    at: &str,
                    open_plans: u32|
     -> Result<()> {
        let local = day.and_time(parse_time(at)?);
        let skip = kind == ReminderKind::JournalNudge;
        if let Some(local) = after_quiet(s, local, skip)?
            && let Some(at) = resolve_local(tz, local)
            && at > from
            && at <= to
        {
            out.push(Occurrence {
                kind,
                at,
                about,
                open_plans,
            });
        }
        Ok(())
    };
    let mut day = first;
    while day <= last {
        if s.session_day && facts.session_dates.contains(&day) {
            push(ReminderKind::SessionDay, day, day, &s.session_day_at, 0)?;
        }
        if s.plans_due {
            let due = day + Duration::days(1);
            let n = facts
                .open_plan_due_dates
                .iter()
                .filter(|d| **d == due)
                .count();
            if n > 0 {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                push(ReminderKind::PlansDue, due, day, &s.plans_due_at, n)?;
            }
        }
        if s.journal_nudge && !facts.journal_days.contains(&day) {
            push(ReminderKind::JournalNudge, day, day, &s.journal_nudge_at, 0)?;
        }
        day += Duration::days(1);
    }
    out.sort_by_key(|o| o.at);
    Ok(out)
}

/// The reminders to show at `now`, given when the schedule was last looked at.
///
/// Normally that is a minute ago and whatever fell due since is shown. After a longer gap (the app
/// was closed, the computer asleep) only the newest missed reminder of each kind is shown, and
/// only while it still matters today: a session-day reminder on the session's day, a plans
/// reminder before the plans are due, a nudge on its own day.
pub fn due_reminders<Tz: TimeZone>(
    tz: &Tz,
    s: &ReminderSettings,
    facts: &ScheduleFacts,
    last_checked: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Vec<DueReminder>> {
    if !s.any_on() {
        return Ok(Vec::new());
    }
    let from = match last_checked {
        // A clock that went backwards: start again from now.
        Some(l) if l > now => return Ok(Vec::new()),
        Some(l) => l.max(now - LONGEST_LOOK_BACK),
        None => now - FIRST_LOOK_BACK,
    };
    let mut found = occurrences(tz, s, facts, from, now)?;
    if now - from > CATCH_UP_AFTER {
        let today = now.with_timezone(tz).date_naive();
        found.retain(|o| match o.kind {
            ReminderKind::SessionDay | ReminderKind::JournalNudge => o.about == today,
            ReminderKind::PlansDue => o.about >= today,
        });
        // Newest of each kind only.
        let mut newest: Vec<Occurrence> = Vec::new();
        for o in found.into_iter().rev() {
            if !newest.iter().any(|n| n.kind == o.kind) {
                newest.push(o);
            }
        }
        newest.reverse();
        found = newest;
    }
    Ok(found
        .into_iter()
        .map(|o| DueReminder {
            kind: o.kind,
            due_at: o.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            session_time: (o.kind == ReminderKind::SessionDay)
                .then(|| facts.session_time.clone())
                .flatten(),
            open_plans: o.open_plans,
            mention_therapy: s.mention_therapy,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono_tz::America::New_York;
    use chrono_tz::Asia::Tokyo;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("instant")
            .with_timezone(&Utc)
    }

    fn all_on() -> ReminderSettings {
        ReminderSettings {
            session_day: true,
            plans_due: true,
            journal_nudge: true,
            ..ReminderSettings::default()
        }
    }

    fn facts() -> ScheduleFacts {
        ScheduleFacts {
            session_dates: vec![d("2026-12-01"), d("2026-12-08")],
            session_time: Some("17:30".into()),
            open_plan_due_dates: vec![d("2026-12-01"), d("2026-12-01")],
            journal_days: Vec::new(),
        }
    }

    /// Polls minute by minute from `start` to `end`, as the app does, and collects what fires.
    fn poll<Tz: TimeZone>(
        tz: &Tz,
        s: &ReminderSettings,
        f: &ScheduleFacts,
        start: &str,
        end: &str,
    ) -> Vec<(ReminderKind, String)> {
        let mut fired = Vec::new();
        let mut t = utc(start);
        while t < utc(end) {
            let next = t + Duration::minutes(1);
            for r in due_reminders(tz, s, f, Some(t), next).expect("due") {
                fired.push((r.kind, r.due_at));
            }
            t = next;
        }
        fired
    }

    fn kinds_at(v: &[(ReminderKind, &str)]) -> Vec<(ReminderKind, String)> {
        v.iter().map(|(k, s)| (*k, (*s).to_owned())).collect()
    }

    #[test]
    fn nothing_is_due_until_the_patient_turns_it_on() {
        let s = ReminderSettings::default();
        assert!(!s.any_on());
        let tz = FixedOffset::east_opt(0).expect("tz");
        assert!(
            poll(
                &tz,
                &s,
                &facts(),
                "2026-11-30T00:00:00Z",
                "2026-12-02T00:00:00Z"
            )
            .is_empty()
        );
    }

    #[test]
    fn each_kind_fires_once_at_its_local_time() {
        use ReminderKind::*;
        let tz = FixedOffset::east_opt(3600).expect("tz"); // UTC+1
        let fired = poll(
            &tz,
            &all_on(),
            &facts(),
            "2026-11-29T23:00:00Z",
            "2026-12-01T23:00:00Z",
        );
        assert_eq!(
            fired,
            kinds_at(&[
                (PlansDue, "2026-11-30T18:00:00Z"),
                (JournalNudge, "2026-11-30T19:30:00Z"),
                (SessionDay, "2026-12-01T07:30:00Z"),
                (JournalNudge, "2026-12-01T19:30:00Z"),
            ])
        );
        let r = due_reminders(
            &tz,
            &all_on(),
            &facts(),
            Some(utc("2026-12-01T07:29:00Z")),
            utc("2026-12-01T07:30:00Z"),
        )
        .expect("due");
        assert_eq!(r[0].session_time.as_deref(), Some("17:30"));
        let p = due_reminders(
            &tz,
            &all_on(),
            &facts(),
            Some(utc("2026-11-30T17:59:00Z")),
            utc("2026-11-30T18:00:00Z"),
        )
        .expect("due");
        assert_eq!((p[0].kind, p[0].open_plans), (PlansDue, 2));
    }

    #[test]
    fn the_same_wall_clock_is_a_different_instant_in_each_time_zone() {
        let s = ReminderSettings {
            session_day: true,
            ..ReminderSettings::default()
        };
        let tokyo = poll(
            &Tokyo,
            &s,
            &facts(),
            "2026-11-30T00:00:00Z",
            "2026-12-02T00:00:00Z",
        );
        let ny = poll(
            &New_York,
            &s,
            &facts(),
            "2026-11-30T00:00:00Z",
            "2026-12-02T00:00:00Z",
        );
        assert_eq!(
            tokyo,
            kinds_at(&[(ReminderKind::SessionDay, "2026-11-30T23:30:00Z")])
        );
        assert_eq!(
            ny,
            kinds_at(&[(ReminderKind::SessionDay, "2026-12-01T13:30:00Z")])
        );
    }

    #[test]
    fn daylight_saving_gaps_and_repeats_fire_once() {
        // New York, 2027-03-14: 02:00 jumps to 03:00. A nudge set for 02:30 comes at 03:00 local.
        let s = ReminderSettings {
            journal_nudge: true,
            journal_nudge_at: "02:30".into(),
            quiet_hours: false,
            ..ReminderSettings::default()
        };
        let f = ScheduleFacts::default();
        let spring = poll(
            &New_York,
            &s,
            &f,
            "2027-03-13T12:00:00Z",
            "2027-03-15T12:00:00Z",
        );
        assert_eq!(
            spring,
            kinds_at(&[
                (ReminderKind::JournalNudge, "2027-03-14T07:00:00Z"),
                (ReminderKind::JournalNudge, "2027-03-15T06:30:00Z"),
            ])
        );
        // 2026-11-01: 01:30 happens twice; the reminder fires at the first one only.
        let s = ReminderSettings {
            journal_nudge_at: "01:30".into(),
            ..s
        };
        let fall = poll(
            &New_York,
            &s,
            &f,
            "2026-11-01T00:00:00Z",
            "2026-11-02T00:00:00Z",
        );
        assert_eq!(
            fall,
            kinds_at(&[(ReminderKind::JournalNudge, "2026-11-01T05:30:00Z")])
        );
        // The session on a day the clocks change is still reminded at its local time.
        let s = ReminderSettings {
            session_day: true,
            journal_nudge: false,
            ..ReminderSettings::default()
        };
        let f = ScheduleFacts {
            session_dates: vec![d("2027-03-14")],
            ..ScheduleFacts::default()
        };
        let on_change = poll(
            &New_York,
            &s,
            &f,
            "2027-03-14T00:00:00Z",
            "2027-03-15T00:00:00Z",
        );
        assert_eq!(
            on_change,
            kinds_at(&[(ReminderKind::SessionDay, "2027-03-14T12:30:00Z")])
        );
    }

    #[test]
    fn quiet_hours_hold_reminders_back_and_skip_nudges() {
        use ReminderKind::*;
        let tz = FixedOffset::east_opt(0).expect("tz");
        let s = ReminderSettings {
            plans_due_at: "23:15".into(),
            journal_nudge_at: "22:45".into(),
            session_day_at: "06:00".into(),
            ..all_on()
        };
        let fired = poll(
            &tz,
            &s,
            &facts(),
            "2026-11-30T12:00:00Z",
            "2026-12-01T12:00:00Z",
        );
        // Plans (23:15) and the session morning (06:00) wait for 08:00; the 22:45 nudge is
        // skipped. Both held reminders come at the end of quiet hours, once each.
        assert_eq!(
            fired,
            kinds_at(&[
                (PlansDue, "2026-12-01T08:00:00Z"),
                (SessionDay, "2026-12-01T08:00:00Z")
            ])
        );
        // Quiet hours within one day, and quiet hours turned off.
        let day = ReminderSettings {
            quiet_from: "13:00".into(),
            quiet_until: "15:00".into(),
            journal_nudge_at: "14:00".into(),
            ..all_on()
        };
        assert!(
            poll(
                &tz,
                &day,
                &ScheduleFacts::default(),
                "2026-12-01T00:00:00Z",
                "2026-12-02T00:00:00Z"
            )
            .is_empty()
        );
        let loud = ReminderSettings {
            quiet_hours: false,
            ..day
        };
        assert_eq!(
            poll(
                &tz,
                &loud,
                &ScheduleFacts::default(),
                "2026-12-01T00:00:00Z",
                "2026-12-02T00:00:00Z"
            ),
            kinds_at(&[(JournalNudge, "2026-12-01T14:00:00Z")])
        );
    }

    #[test]
    fn reminders_missed_while_closed_are_not_all_fired_at_once() {
        use ReminderKind::*;
        let tz = FixedOffset::east_opt(0).expect("tz");
        let s = all_on();
        let f = facts();
        // Closed for three days, opened on the session day at noon: the session reminder of the
        // morning still matters; of the nudges only... none (today's is still to come); the plans
        // reminder of last evening is for plans due today, so it still matters. One each.
        let due = due_reminders(
            &tz,
            &s,
            &f,
            Some(utc("2026-11-27T12:00:00Z")),
            utc("2026-12-01T12:00:00Z"),
        )
        .expect("due");
        let got: Vec<_> = due.iter().map(|r| r.kind).collect();
        assert_eq!(got, [PlansDue, SessionDay]);
        // Opened late the next evening: yesterday's session and plans are past; only tonight's
        // nudge, once, though several were missed.
        let due = due_reminders(
            &tz,
            &s,
            &f,
            Some(utc("2026-11-28T09:00:00Z")),
            utc("2026-12-02T21:00:00Z"),
        )
        .expect("due");
        assert_eq!(
            due.iter()
                .map(|r| (r.kind, r.due_at.as_str()))
                .collect::<Vec<_>>(),
            [(JournalNudge, "2026-12-02T20:30:00Z")]
        );
        // First start ever: nothing from the past.
        assert!(
            due_reminders(&tz, &s, &f, None, utc("2026-12-01T12:00:00Z"))
                .expect("due")
                .is_empty()
        );
        // A clock that went backwards fires nothing.
        assert!(
            due_reminders(
                &tz,
                &s,
                &f,
                Some(utc("2026-12-05T00:00:00Z")),
                utc("2026-12-01T12:00:00Z")
            )
            .expect("due")
            .is_empty()
        );
    }

    #[test]
    fn no_invitation_to_write_on_a_day_the_patient_already_wrote() {
        let tz = FixedOffset::east_opt(3600).expect("tz"); // UTC+1
        let s = ReminderSettings {
            journal_nudge: true,
            ..ReminderSettings::default()
        };
        let wrote_monday = ScheduleFacts {
            journal_days: vec![d("2026-11-30")],
            ..ScheduleFacts::default()
        };
        // Monday has an entry: only Tuesday's nudge comes.
        assert_eq!(
            poll(
                &tz,
                &s,
                &wrote_monday,
                "2026-11-29T23:00:00Z",
                "2026-12-01T23:00:00Z"
            ),
            kinds_at(&[(ReminderKind::JournalNudge, "2026-12-01T19:30:00Z")])
        );
        // After the app was closed, today's missed nudge is not shown either once today has an
        // entry; other kinds still are.
        let wrote_today = ScheduleFacts {
            journal_days: vec![d("2026-12-01")],
            ..facts()
        };
        let due = due_reminders(
            &tz,
            &all_on(),
            &wrote_today,
            Some(utc("2026-11-28T09:00:00Z")),
            utc("2026-12-01T21:00:00Z"),
        )
        .expect("due");
        assert_eq!(
            due.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [ReminderKind::PlansDue, ReminderKind::SessionDay]
        );
    }

    #[test]
    fn settings_times_are_checked() {
        let ok = ReminderSettings {
            session_day_at: " 7:05".into(),
            ..ReminderSettings::default()
        }
        .validate()
        .expect("valid");
        assert_eq!(ok.session_day_at, "07:05");
        let bad = ReminderSettings {
            quiet_from: "25:00".into(),
            ..ReminderSettings::default()
        }
        .validate();
        assert_eq!(bad.err().map(|e| e.code()), Some(ErrorCode::InvalidDate));
    }
}
