//! Between-session plans ("homework"): what was agreed in session, due by the next one, and how
//! it went. Pure rules, no storage.
//!
//! A missed plan is "not this week": never a failure, never counted against the patient.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::course::ProblemArea;
use crate::domain::people::tidy_person_name;
use crate::domain::text::check_len;
use crate::error::{Error, ErrorCode, Result};

pub const MAX_PLAN_CHARS: usize = 2_000;
pub const MAX_REFLECTION_CHARS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PlanStatus {
    Planned,
    Tried,
    Done,
    NotThisWeek,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 4] = [
        PlanStatus::Planned,
        PlanStatus::Tried,
        PlanStatus::Done,
        PlanStatus::NotThisWeek,
    ];

    pub fn id(self) -> &'static str {
        match self {
            PlanStatus::Planned => "planned",
            PlanStatus::Tried => "tried",
            PlanStatus::Done => "done",
            PlanStatus::NotThisWeek => "notThisWeek",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        PlanStatus::ALL.into_iter().find(|p| p.id() == s)
    }

    /// Still to be tried: shown on Home and counted as open.
    pub fn is_open(self) -> bool {
        self == PlanStatus::Planned
    }

    /// Something happened: mood before and after belong to an attempt.
    fn is_attempt(self) -> bool {
        matches!(self, PlanStatus::Tried | PlanStatus::Done)
    }
}

/// What the plan form sends, for a new plan or an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    /// What was agreed, in the patient's words.
    pub what: String,
    pub area: Option<ProblemArea>,
    /// An existing person…
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// …or a new name (alias or initials are fine).
    pub person_name: Option<String>,
    /// `YYYY-MM-DD`; empty means "by the next session".
    pub due_on: Option<String>,
}

/// A validated plan, ready for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPlan {
    pub what: String,
    pub area: Option<ProblemArea>,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub due_on: Option<String>,
}

/// How it went: the new status, a reflection ("what happened when I tried it"), mood before and
/// after (for an attempt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanOutcome {
    pub status: PlanStatus,
    pub reflection: String,
    #[ts(type = "number | null")]
    pub mood_before: Option<i64>,
    #[ts(type = "number | null")]
    pub mood_after: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    #[ts(type = "number")]
    pub id: i64,
    pub what: String,
    pub area: Option<ProblemArea>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub status: PlanStatus,
    pub reflection: String,
    #[ts(type = "number | null")]
    pub mood_before: Option<i64>,
    #[ts(type = "number | null")]
    pub mood_after: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    /// The role play this plan tries for real, if any (`builtin:…` or `custom:…`).
    pub scenario_key: Option<String>,
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
}

pub(crate) fn parse_date(s: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::new(ErrorCode::InvalidDate, format!("{what} could not be read")))
}

fn check_mood(m: Option<i64>) -> Result<()> {
    if m.is_some_and(|m| !(0..=10).contains(&m)) {
        return Err(Error::new(
            ErrorCode::InvalidMood,
            "mood must be between 0 and 10",
        ));
    }
    Ok(())
}

impl PlanInput {
    pub fn validate(&self) -> Result<ValidPlan> {
        let what = self.what.trim();
        if what.is_empty() {
            return Err(Error::invalid("a plan needs a few words about what to do"));
        }
        check_len("the plan", what, MAX_PLAN_CHARS)?;
        let due_on = match self.due_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(
                parse_date(s, "the due date")?
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
        };
        Ok(ValidPlan {
            what: what.to_owned(),
            area: self.area,
            person_id: self.person_id,
            person_name: if self.person_id.is_some() {
                None
            } else {
                tidy_person_name(self.person_name.as_deref())?
            },
            due_on,
        })
    }
}

/// The stored fields an outcome changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    pub status: PlanStatus,
    pub reflection: String,
    pub mood_before: Option<i64>,
    pub mood_after: Option<i64>,
    pub due_on: String,
}

impl PlanOutcome {
    /// Applies an outcome to a plan in `current` status due on `due_on`. Going back to
    /// "planned" ("I'll try again") moves a date that has passed to `next_due` (the next
    /// session); mood before/after are kept only for an attempt (tried or done).
    pub fn apply(&self, due_on: &str, today: NaiveDate, next_due: NaiveDate) -> Result<PlanChange> {
        check_len("the reflection", &self.reflection, MAX_REFLECTION_CHARS)?;
        check_mood(self.mood_before)?;
        check_mood(self.mood_after)?;
        let attempt = self.status.is_attempt();
        let due = parse_date(due_on, "the due date")?;
        let due_on = if self.status == PlanStatus::Planned && due < today {
            next_due
        } else {
            due
        };
        Ok(PlanChange {
            status: self.status,
            reflection: self.reflection.trim().to_owned(),
            mood_before: self.mood_before.filter(|_| attempt),
            mood_after: self.mood_after.filter(|_| attempt),
            due_on: due_on.format("%Y-%m-%d").to_string(),
        })
    }
}

// ---- Export ---------------------------------------------------------------------------------

/// One plan as the export carries it: the person and the role play it carries into real life
/// by their stable ids; its scenario as practice names it (a built-in key or an own scenario's
/// uid; checked by practice's rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedPlan {
    pub uid: String,
    pub what: String,
    pub area: Option<ProblemArea>,
    /// The person's `uid`, or none.
    pub person: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub status: PlanStatus,
    pub reflection: String,
    pub mood_before: Option<i64>,
    pub mood_after: Option<i64>,
    /// The `uid` of the role-play run this plan is the real try of, or none.
    pub role_play: Option<String>,
    /// The scenario of that run: `builtin:<slug>` for a built-in one…
    pub built_in_scenario: Option<String>,
    /// …or the `uid` of one of the patient's own.
    pub custom_scenario: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl ExportedPlan {
    /// Checks the plan by the same rules as the plan form and the outcome form.
    pub fn validate(&self) -> Result<ExportedPlan> {
        crate::domain::text::check_uid(&self.uid)?;
        let v = PlanInput {
            what: self.what.clone(),
            area: self.area,
            person_id: None,
            person_name: None,
            due_on: Some(self.due_on.clone()),
        }
        .validate()?;
        check_len("the reflection", &self.reflection, MAX_REFLECTION_CHARS)?;
        check_mood(self.mood_before)?;
        check_mood(self.mood_after)?;
        for t in [&self.created_at, &self.updated_at] {
            check_len("a date", t, 64)?;
        }
        for u in [&self.role_play, &self.custom_scenario]
            .into_iter()
            .flatten()
        {
            crate::domain::text::check_uid(u)?;
        }
        if let Some(k) = &self.built_in_scenario {
            check_len("a scenario", k, 200)?;
        }
        Ok(ExportedPlan {
            what: v.what,
            due_on: v.due_on.unwrap_or_default(),
            reflection: self.reflection.trim().to_owned(),
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn outcome(status: PlanStatus) -> PlanOutcome {
        PlanOutcome {
            status,
            reflection: "  She listened more than I expected. ".into(),
            mood_before: Some(3),
            mood_after: Some(6),
        }
    }

    #[test]
    fn status_ids_round_trip() {
        for s in PlanStatus::ALL {
            assert_eq!(PlanStatus::from_id(s.id()), Some(s));
        }
        assert_eq!(PlanStatus::from_id("failed"), None);
    }

    #[test]
    fn an_attempt_keeps_moods_and_the_date() {
        for status in [PlanStatus::Tried, PlanStatus::Done] {
            let c = outcome(status)
                .apply("2026-12-01", d("2026-11-28"), d("2026-12-01"))
                .expect("ok");
            assert_eq!(c.status, status);
            assert_eq!(c.reflection, "She listened more than I expected.");
            assert_eq!((c.mood_before, c.mood_after), (Some(3), Some(6)));
            assert_eq!(c.due_on, "2026-12-01");
        }
    }

    #[test]
    fn not_this_week_keeps_words_but_no_moods() {
        let c = outcome(PlanStatus::NotThisWeek)
            .apply("2026-12-01", d("2026-12-02"), d("2026-12-08"))
            .expect("ok");
        assert_eq!(c.status, PlanStatus::NotThisWeek);
        assert_eq!((c.mood_before, c.mood_after), (None, None));
        assert_eq!(c.due_on, "2026-12-01", "the date it was for stays");
        assert_eq!(c.reflection, "She listened more than I expected.");
    }

    #[test]
    fn trying_again_moves_a_passed_date_to_the_next_session() {
        let again = outcome(PlanStatus::Planned)
            .apply("2026-12-01", d("2026-12-03"), d("2026-12-08"))
            .expect("ok");
        assert_eq!(again.due_on, "2026-12-08");
        assert_eq!((again.mood_before, again.mood_after), (None, None));
        // A date still ahead is left alone.
        let still = outcome(PlanStatus::Planned)
            .apply("2026-12-08", d("2026-12-03"), d("2026-12-08"))
            .expect("ok");
        assert_eq!(still.due_on, "2026-12-08");
        // Due today is not passed.
        let today = outcome(PlanStatus::Planned)
            .apply("2026-12-03", d("2026-12-03"), d("2026-12-08"))
            .expect("ok");
        assert_eq!(today.due_on, "2026-12-03");
    }

    #[test]
    fn bad_outcomes_are_refused() {
        let code = |o: PlanOutcome| {
            o.apply("2026-12-01", d("2026-12-01"), d("2026-12-08"))
                .err()
                .map(|e| e.code())
        };
        assert_eq!(
            code(PlanOutcome {
                mood_after: Some(11),
                ..outcome(PlanStatus::Done)
            }),
            Some(ErrorCode::InvalidMood)
        );
        assert_eq!(
            code(PlanOutcome {
                mood_before: Some(-1),
                ..outcome(PlanStatus::Tried)
            }),
            Some(ErrorCode::InvalidMood)
        );
        assert_eq!(
            code(PlanOutcome {
                reflection: "x".repeat(MAX_REFLECTION_CHARS + 1),
                ..outcome(PlanStatus::Tried)
            }),
            Some(ErrorCode::TooLong)
        );
    }

    #[test]
    fn plan_input_is_checked_and_tidied() {
        let base = PlanInput {
            what: "  Ask Sam to do the Tuesday shop ".into(),
            area: Some(ProblemArea::RoleDispute),
            person_id: None,
            person_name: Some("  Sam   B ".into()),
            due_on: Some("".into()),
        };
        let v = base.validate().expect("valid");
        assert_eq!(v.what, "Ask Sam to do the Tuesday shop");
        assert_eq!(v.person_name.as_deref(), Some("Sam B"));
        assert_eq!(v.due_on, None);
        let code = |i: PlanInput| i.validate().err().map(|e| e.code());
        assert_eq!(
            code(PlanInput {
                what: "   ".into(),
                ..base.clone()
            }),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(PlanInput {
                what: "x".repeat(MAX_PLAN_CHARS + 1),
                ..base.clone()
            }),
            Some(ErrorCode::TooLong)
        );
        assert_eq!(
            code(PlanInput {
                due_on: Some("next tuesday".into()),
                ..base.clone()
            }),
            Some(ErrorCode::InvalidDate)
        );
        let by_id = PlanInput {
            person_id: Some(4),
            ..base
        }
        .validate()
        .expect("valid");
        assert_eq!(by_id.person_name, None, "an id wins over a typed name");
    }
}
