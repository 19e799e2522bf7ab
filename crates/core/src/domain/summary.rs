//! "For my therapist": one clear page about the time since the last session. The patient sees
//! every item that could go in ([`SummaryDraft`]) and picks what does ([`SummaryChoice`]); only
//! picked items reach the page, and a choice naming an item that is not in the period is refused.
//!
//! The default period is "since the last session": from the day of the last session held (a
//! recorded one, or else the last planned date that has passed) through today; before a course
//! has started, the last seven days.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::agenda::AgendaItem;
use crate::domain::checkins::{Band, Questionnaire};
use crate::domain::course::{Course, SessionRecord};
use crate::domain::plans::PlanStatus;
use crate::error::{Error, ErrorCode, Result};

/// The longest period a summary covers (a course is rarely longer; a page cannot hold more).
pub const MAX_SUMMARY_DAYS: i64 = 400;

/// A period of local days, both ends included (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPeriod {
    pub from: String,
    pub to: String,
}

impl SummaryPeriod {
    /// The two days, checked: readable, in order, at most [`MAX_SUMMARY_DAYS`] apart.
    pub fn days(&self) -> Result<(NaiveDate, NaiveDate)> {
        let read = |s: &str, what: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Error::new(ErrorCode::InvalidDate, format!("{what} could not be read"))
            })
        };
        let (from, to) = (
            read(&self.from, "the first day")?,
            read(&self.to, "the last day")?,
        );
        if from > to {
            return Err(Error::new(
                ErrorCode::InvalidDate,
                "the first day is after the last day",
            ));
        }
        if (to - from).num_days() >= MAX_SUMMARY_DAYS {
            return Err(Error::new(
                ErrorCode::InvalidDate,
                format!("a summary covers at most {MAX_SUMMARY_DAYS} days"),
            ));
        }
        Ok((from, to))
    }
}

/// "Since the last session", as of `today`: from the last session held on or before today (the
/// latest recorded one; without records, the latest planned date that has come) through today.
/// With no course, or before its first session, the last seven days.
pub fn default_period(
    course: Option<&Course>,
    records: &[SessionRecord],
    today: NaiveDate,
) -> SummaryPeriod {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let recorded = records
        .iter()
        .filter_map(|r| day(&r.held_on))
        .filter(|d| *d <= today)
        .max();
    let planned = course.and_then(|c| {
        (1..=c.planned_sessions)
            .filter_map(|n| c.planned_date(n))
            .filter(|d| *d <= today)
            .max()
    });
    let from = recorded.or(planned).unwrap_or(today - Duration::days(6));
    SummaryPeriod {
        from: from.format("%Y-%m-%d").to_string(),
        to: today.format("%Y-%m-%d").to_string(),
    }
}

/// A check-in in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryCheckIn {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: Questionnaire,
    /// The local day it was taken.
    pub day: String,
    pub score: Option<u8>,
    pub band: Option<Band>,
    /// PHQ-9 item 9 answered above "not at all".
    pub item9_above_zero: bool,
}

/// A point of the trend chart: a check-in's score on its local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryScore {
    pub kind: Questionnaire,
    pub day: String,
    pub score: u8,
}

/// The journal's average mood on one day of the period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryMoodDay {
    pub day: String,
    pub average: f64,
    #[ts(type = "number")]
    pub entries: i64,
}

/// An interpersonal event from the journal in the period; `key` is `event:<entry>:<position>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryEvent {
    pub key: String,
    pub day: String,
    pub person: Option<String>,
    pub what_happened: String,
    pub what_i_felt: String,
    pub what_i_did: String,
    pub how_it_ended: String,
    pub important: bool,
}

/// A plan due in the period, or whose outcome was noted in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPlan {
    #[ts(type = "number")]
    pub id: i64,
    pub what: String,
    pub due_on: String,
    pub status: PlanStatus,
    pub reflection: String,
    #[ts(type = "number | null")]
    pub mood_before: Option<i64>,
    #[ts(type = "number | null")]
    pub mood_after: Option<i64>,
}

/// A role play practised to the end in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPractice {
    #[ts(type = "number")]
    pub run_id: i64,
    pub title: String,
    /// The local day it was finished.
    pub day: String,
    #[ts(type = "number | null")]
    pub confidence_before: Option<i64>,
    #[ts(type = "number | null")]
    pub confidence_after: Option<i64>,
}

/// Everything that could go into the summary for a period, for the patient to see and choose.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummaryDraft {
    pub period: SummaryPeriod,
    /// Oldest first.
    pub check_ins: Vec<SummaryCheckIn>,
    /// Every scored check-in from the start of the course (or the first) through the period's
    /// end, oldest first: the trend chart's points.
    pub trend: Vec<SummaryScore>,
    /// Oldest first.
    pub mood: Vec<SummaryMoodDay>,
    /// Oldest first.
    pub events: Vec<SummaryEvent>,
    pub plans: Vec<SummaryPlan>,
    pub practice: Vec<SummaryPractice>,
    /// The coming session's number and date, if any.
    #[ts(type = "number | null")]
    pub next_session: Option<i64>,
    pub next_session_date: Option<String>,
    /// The agenda for the coming session, in the patient's order.
    pub agenda: Vec<AgendaItem>,
}

/// What the patient chose to put on the page. Nothing is in unless chosen here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SummaryChoice {
    /// The scores of the period's check-ins (with any item-9 note).
    pub check_ins: bool,
    /// The trend chart of scores (and the mood line when `mood` is chosen too).
    pub chart: bool,
    /// The mood line: each day's average.
    pub mood: bool,
    /// Event keys (`event:<entry>:<position>`).
    pub events: Vec<String>,
    #[ts(type = "number[]")]
    pub plans: Vec<i64>,
    /// Role-play run ids.
    #[ts(type = "number[]")]
    pub practice: Vec<i64>,
    /// Agenda item keys.
    pub agenda: Vec<String>,
    /// The file's title says "Notes" instead of "For my therapist".
    pub neutral_title: bool,
}

/// The draft cut down to what was chosen, in the draft's order. A key or id that is not in the
/// draft (another period, an item since deleted) is refused: the page shows only what the
/// patient saw.
pub fn chosen(draft: &SummaryDraft, choice: &SummaryChoice) -> Result<SummaryDraft> {
    fn pick<T: Clone, K: Eq + std::hash::Hash + Clone>(
        items: &[T],
        wanted: &[K],
        key: impl Fn(&T) -> K,
        what: &str,
    ) -> Result<Vec<T>> {
        let wanted: HashSet<K> = wanted.iter().cloned().collect();
        let known: HashSet<K> = items.iter().map(&key).collect();
        if !wanted.is_subset(&known) {
            return Err(Error::invalid(format!(
                "a chosen {what} is not in this period any more"
            )));
        }
        Ok(items
            .iter()
            .filter(|i| wanted.contains(&key(i)))
            .cloned()
            .collect())
    }
    Ok(SummaryDraft {
        period: draft.period.clone(),
        check_ins: if choice.check_ins {
            draft.check_ins.clone()
        } else {
            vec![]
        },
        trend: if choice.chart {
            draft.trend.clone()
        } else {
            vec![]
        },
        mood: if choice.mood {
            draft.mood.clone()
        } else {
            vec![]
        },
        events: pick(&draft.events, &choice.events, |e| e.key.clone(), "moment")?,
        plans: pick(&draft.plans, &choice.plans, |p| p.id, "plan")?,
        practice: pick(&draft.practice, &choice.practice, |p| p.run_id, "practice")?,
        next_session: draft.next_session,
        next_session_date: draft.next_session_date.clone(),
        agenda: pick(
            &draft.agenda,
            &choice.agenda,
            |a| a.key.clone(),
            "agenda item",
        )?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::course::CourseFormat;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day")
    }

    fn course() -> Course {
        Course {
            start_date: "2026-11-03".into(),
            planned_sessions: 12,
            weekday: 1,
            session_time: "17:30".into(),
            format: CourseFormat::Individual,
            other_care: String::new(),
            therapist_name: String::new(),
            initial_last: 3,
            termination_first: 10,
        }
    }

    fn record(n: i64, held_on: &str) -> SessionRecord {
        SessionRecord {
            number: n,
            held_on: held_on.into(),
            talked_about: String::new(),
            agreed: String::new(),
            notes: String::new(),
            mood: None,
        }
    }

    fn period(from: &str, to: &str) -> SummaryPeriod {
        SummaryPeriod {
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn the_default_period_runs_from_the_last_session_held() {
        let c = course();
        // Tuesdays from 2026-11-03: on Thursday the 19th, the last planned session was the 17th.
        assert_eq!(
            default_period(Some(&c), &[], day("2026-11-19")),
            period("2026-11-17", "2026-11-19")
        );
        // On a session day, that session starts the period.
        assert_eq!(
            default_period(Some(&c), &[], day("2026-11-24")),
            period("2026-11-24", "2026-11-24")
        );
        // A recorded session (moved to the Wednesday) wins over the plan.
        assert_eq!(
            default_period(Some(&c), &[record(3, "2026-11-18")], day("2026-11-23")),
            period("2026-11-18", "2026-11-23")
        );
        // A record dated in the future is not "the last session held".
        assert_eq!(
            default_period(
                Some(&c),
                &[record(2, "2026-11-10"), record(3, "2026-12-30")],
                day("2026-11-12")
            ),
            period("2026-11-10", "2026-11-12")
        );
        // Before the first session, or without a course: the last seven days.
        assert_eq!(
            default_period(Some(&c), &[], day("2026-11-01")),
            period("2026-10-26", "2026-11-01")
        );
        assert_eq!(
            default_period(None, &[], day("2026-11-01")),
            period("2026-10-26", "2026-11-01")
        );
    }

    #[test]
    fn a_period_must_be_readable_in_order_and_not_too_long() {
        assert!(period("2026-11-01", "2026-11-01").days().is_ok());
        for (f, t) in [
            ("2026-11-02", "2026-11-01"),
            ("someday", "2026-11-01"),
            ("2026-11-01", ""),
            ("2025-01-01", "2026-11-01"),
        ] {
            assert_eq!(
                period(f, t).days().expect_err("refused").code(),
                ErrorCode::InvalidDate,
                "{f}..{t}"
            );
        }
    }

    fn draft() -> SummaryDraft {
        let event = |k: &str| SummaryEvent {
            key: k.into(),
            day: "2026-11-20".into(),
            person: Some("Sam".into()),
            what_happened: k.into(),
            what_i_felt: String::new(),
            what_i_did: String::new(),
            how_it_ended: String::new(),
            important: false,
        };
        SummaryDraft {
            period: period("2026-11-17", "2026-11-23"),
            check_ins: vec![SummaryCheckIn {
                id: 1,
                kind: Questionnaire::Phq9,
                day: "2026-11-18".into(),
                score: Some(12),
                band: Some(Band::Moderate),
                item9_above_zero: false,
            }],
            trend: vec![],
            mood: vec![SummaryMoodDay {
                day: "2026-11-18".into(),
                average: 4.5,
                entries: 2,
            }],
            events: vec![event("event:1:0"), event("event:2:0"), event("event:2:1")],
            plans: vec![],
            practice: vec![],
            next_session: Some(4),
            next_session_date: Some("2026-11-24".into()),
            agenda: vec![AgendaItem::question(7, "Ask about sleep".into())],
        }
    }

    #[test]
    fn only_what_was_chosen_goes_in_and_in_the_drafts_order() {
        let d = draft();
        let none = chosen(&d, &SummaryChoice::default()).expect("chosen");
        assert!(none.check_ins.is_empty() && none.mood.is_empty() && none.events.is_empty());
        assert!(none.agenda.is_empty());
        let some = chosen(
            &d,
            &SummaryChoice {
                check_ins: true,
                events: vec!["event:2:1".into(), "event:1:0".into()],
                agenda: vec!["question:7".into()],
                ..SummaryChoice::default()
            },
        )
        .expect("chosen");
        assert_eq!(some.check_ins.len(), 1);
        assert!(some.mood.is_empty(), "the mood line was not chosen");
        let keys: Vec<&str> = some.events.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["event:1:0", "event:2:1"]);
        assert_eq!(some.agenda.len(), 1);
    }

    #[test]
    fn a_choice_naming_something_not_in_the_period_is_refused() {
        let d = draft();
        for c in [
            SummaryChoice {
                events: vec!["event:9:0".into()],
                ..SummaryChoice::default()
            },
            SummaryChoice {
                plans: vec![3],
                ..SummaryChoice::default()
            },
            SummaryChoice {
                agenda: vec!["question:8".into()],
                ..SummaryChoice::default()
            },
        ] {
            assert_eq!(
                chosen(&d, &c).expect_err("refused").code(),
                ErrorCode::InvalidInput
            );
        }
    }
}
