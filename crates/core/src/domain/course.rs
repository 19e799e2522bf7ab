//! My therapy course: the plan agreed with the therapist (how many weekly sessions, when) and the
//! phase each session falls in. Pure rules, no storage.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::text::check_len;
use crate::error::{Error, ErrorCode, Result};

pub const MAX_SESSIONS: i64 = 30;
const MAX_TEXT: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CourseFormat {
    Individual,
    Group,
}

impl CourseFormat {
    pub fn id(self) -> &'static str {
        match self {
            CourseFormat::Individual => "individual",
            CourseFormat::Group => "group",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        match s {
            "individual" => Some(CourseFormat::Individual),
            "group" => Some(CourseFormat::Group),
            _ => None,
        }
    }
}

/// Where a session sits in IPT's three phases (or before the first / after the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    NotStarted,
    Initial,
    Middle,
    Termination,
    Completed,
}

/// The course as set up (and edited) by the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CourseInput {
    /// `YYYY-MM-DD` of the first session.
    pub start_date: String,
    #[ts(type = "number")]
    pub planned_sessions: i64,
    /// 0 = Monday … 6 = Sunday: the usual day after the first session.
    #[ts(type = "number")]
    pub weekday: i64,
    /// `HH:MM`, local.
    pub session_time: String,
    pub format: CourseFormat,
    /// Other care alongside (medication, CBT…), in the patient's words.
    pub other_care: String,
    pub therapist_name: String,
    /// Last session of the initial phase; default about 3 (fewer for short courses).
    #[ts(type = "number | null")]
    pub initial_last: Option<i64>,
    /// First session of the termination phase; default about the last 3.
    #[ts(type = "number | null")]
    pub termination_first: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    pub start_date: String,
    #[ts(type = "number")]
    pub planned_sessions: i64,
    #[ts(type = "number")]
    pub weekday: i64,
    pub session_time: String,
    pub format: CourseFormat,
    pub other_care: String,
    pub therapist_name: String,
    #[ts(type = "number")]
    pub initial_last: i64,
    #[ts(type = "number")]
    pub termination_first: i64,
}

/// What Home shows: "session n of N", the phase, and when the next session is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CourseOverview {
    /// The next session to happen (today's counts as next), if any is left.
    #[ts(type = "number | null")]
    pub session_number: Option<i64>,
    #[ts(type = "number")]
    pub planned_sessions: i64,
    pub phase: Phase,
    /// `YYYY-MM-DD` of that session.
    pub next_session_date: Option<String>,
    pub session_time: String,
}

/// IPT's four problem areas (the UI uses plain words: someone I lost, a disagreement with
/// someone close, a big life change, feeling alone / hard to connect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProblemArea {
    Grief,
    RoleDispute,
    RoleTransition,
    InterpersonalDeficits,
}

impl ProblemArea {
    pub const ALL: [ProblemArea; 4] = [
        ProblemArea::Grief,
        ProblemArea::RoleDispute,
        ProblemArea::RoleTransition,
        ProblemArea::InterpersonalDeficits,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ProblemArea::Grief => "grief",
            ProblemArea::RoleDispute => "roleDispute",
            ProblemArea::RoleTransition => "roleTransition",
            ProblemArea::InterpersonalDeficits => "interpersonalDeficits",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        ProblemArea::ALL.into_iter().find(|a| a.id() == s)
    }
}

/// Where a disagreement stands, as agreed with the therapist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DisputeStage {
    Renegotiation,
    Impasse,
    Dissolution,
}

impl DisputeStage {
    pub fn id(self) -> &'static str {
        match self {
            DisputeStage::Renegotiation => "renegotiation",
            DisputeStage::Impasse => "impasse",
            DisputeStage::Dissolution => "dissolution",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        [
            DisputeStage::Renegotiation,
            DisputeStage::Impasse,
            DisputeStage::Dissolution,
        ]
        .into_iter()
        .find(|d| d.id() == s)
    }
}

/// One agreed focus: the area, goals in the patient's words, and (for a disagreement) its stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CourseFocus {
    pub area: ProblemArea,
    pub goals: String,
    pub dispute_stage: Option<DisputeStage>,
}

/// Checks a whole set of foci: each area at most once, a stage only on a disagreement.
pub fn validate_focus(items: &[CourseFocus]) -> Result<Vec<CourseFocus>> {
    let mut out: Vec<CourseFocus> = Vec::new();
    for f in items {
        if out.iter().any(|o| o.area == f.area) {
            return Err(Error::invalid("each problem area can be chosen once"));
        }
        check_text("the goals", &f.goals)?;
        let dispute_stage = if f.area == ProblemArea::RoleDispute {
            f.dispute_stage
        } else {
            None
        };
        out.push(CourseFocus {
            area: f.area,
            goals: f.goals.trim().to_owned(),
            dispute_stage,
        });
    }
    Ok(out)
}

/// The patient's local date `today` (`YYYY-MM-DD`), as every course, plan and agenda use case
/// receives it.
pub fn parse_today(today: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(today.trim(), "%Y-%m-%d")
        .map_err(|_| Error::new(ErrorCode::InvalidDate, "today's date could not be read"))
}

/// A session that took place, as the patient recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    #[ts(type = "number")]
    pub number: i64,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub talked_about: String,
    pub agreed: String,
    pub notes: String,
    #[ts(type = "number | null")]
    pub mood: Option<i64>,
}

impl SessionRecord {
    pub fn validate(&self, course: &Course) -> Result<SessionRecord> {
        if !(1..=course.planned_sessions).contains(&self.number) {
            return Err(Error::invalid("that session is outside the planned course"));
        }
        let held = NaiveDate::parse_from_str(self.held_on.trim(), "%Y-%m-%d").map_err(|_| {
            Error::new(ErrorCode::InvalidDate, "the session date could not be read")
        })?;
        if self.mood.is_some_and(|m| !(0..=10).contains(&m)) {
            return Err(Error::new(
                ErrorCode::InvalidMood,
                "mood must be between 0 and 10",
            ));
        }
        for (what, text) in [
            ("what we talked about", &self.talked_about),
            ("what we agreed", &self.agreed),
            ("my notes", &self.notes),
        ] {
            check_text(what, text)?;
        }
        Ok(SessionRecord {
            number: self.number,
            held_on: held.format("%Y-%m-%d").to_string(),
            talked_about: self.talked_about.trim().to_owned(),
            agreed: self.agreed.trim().to_owned(),
            notes: self.notes.trim().to_owned(),
            mood: self.mood,
        })
    }
}

/// One line of the course timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineSession {
    #[ts(type = "number")]
    pub number: i64,
    pub phase: Phase,
    /// `done` (recorded), `past` (behind by the plan, not recorded), `next` or `later`.
    pub state: String,
    /// When it took place, or (for the next and later ones) when it is expected.
    pub date: Option<String>,
}

/// The sick-role and formulation cards, in the patient's words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CourseCards {
    /// What I am letting go of for now.
    pub letting_go: String,
    /// What I keep working on.
    pub working_on: String,
    /// `YYYY-MM-DD`: until when the sick-role card applies, if set.
    pub sick_role_until: Option<String>,
    /// How what I feel links to what is happening with people, as agreed with my therapist.
    pub formulation: String,
}

impl CourseCards {
    pub fn validate(&self) -> Result<CourseCards> {
        for (what, text) in [
            ("what I am letting go of", &self.letting_go),
            ("what I keep working on", &self.working_on),
            ("the formulation", &self.formulation),
        ] {
            check_text(what, text)?;
        }
        let until = match self
            .sick_role_until
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => Some(
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| {
                        Error::new(ErrorCode::InvalidDate, "the end date could not be read")
                    })?
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
        };
        Ok(CourseCards {
            letting_go: self.letting_go.trim().to_owned(),
            working_on: self.working_on.trim().to_owned(),
            sick_role_until: until,
            formulation: self.formulation.trim().to_owned(),
        })
    }
}

/// Default phase boundaries: about three sessions at each end of a 12–16 session course, fewer
/// for short ones (group IPT's 8 gets two at each end).
pub fn default_boundaries(n: i64) -> (i64, i64) {
    let k = if n >= 12 {
        3
    } else if n >= 6 {
        2
    } else {
        1
    };
    let initial_last = k.min(n);
    let termination_first = (n - k + 1).max(initial_last + 1);
    (initial_last, termination_first)
}

fn check_text(what: &str, s: &str) -> Result<()> {
    check_len(what, s, MAX_TEXT)
}

impl CourseInput {
    pub fn validate(&self) -> Result<Course> {
        let start = NaiveDate::parse_from_str(self.start_date.trim(), "%Y-%m-%d")
            .map_err(|_| Error::new(ErrorCode::InvalidDate, "the start date could not be read"))?;
        if !(1900..=2200).contains(&start.year()) {
            return Err(Error::new(
                ErrorCode::InvalidDate,
                "the start date is outside 1900–2200",
            ));
        }
        let time = NaiveTime::parse_from_str(self.session_time.trim(), "%H:%M").map_err(|_| {
            Error::new(ErrorCode::InvalidDate, "the session time could not be read")
        })?;
        let n = self.planned_sessions;
        if !(1..=MAX_SESSIONS).contains(&n) {
            return Err(Error::invalid(format!(
                "planned sessions must be between 1 and {MAX_SESSIONS}"
            )));
        }
        if !(0..=6).contains(&self.weekday) {
            return Err(Error::invalid("weekday must be 0 (Monday) to 6 (Sunday)"));
        }
        check_text("other care", &self.other_care)?;
        check_text("the therapist's name", &self.therapist_name)?;
        let (d_initial, d_term) = default_boundaries(n);
        let initial_last = self.initial_last.unwrap_or(d_initial);
        let termination_first = self.termination_first.unwrap_or(d_term);
        // A termination phase that starts after the last session means "none".
        if !(1..=n).contains(&initial_last)
            || !(initial_last + 1..=n + 1).contains(&termination_first)
        {
            return Err(Error::invalid(
                "the phases must follow each other within the planned sessions",
            ));
        }
        Ok(Course {
            start_date: start.format("%Y-%m-%d").to_string(),
            planned_sessions: n,
            weekday: self.weekday,
            session_time: time.format("%H:%M").to_string(),
            format: self.format,
            other_care: self.other_care.trim().to_owned(),
            therapist_name: self.therapist_name.trim().to_owned(),
            initial_last,
            termination_first,
        })
    }
}

impl Course {
    fn start(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.start_date, "%Y-%m-%d").unwrap_or_default()
    }

    fn weekday(&self) -> Weekday {
        Weekday::try_from(u8::try_from(self.weekday).unwrap_or(0)).unwrap_or(Weekday::Mon)
    }

    /// The phase of session `n` (1-based).
    pub fn phase_of(&self, n: i64) -> Phase {
        if n < 1 {
            Phase::NotStarted
        } else if n > self.planned_sessions {
            Phase::Completed
        } else if n <= self.initial_last {
            Phase::Initial
        } else if n >= self.termination_first {
            Phase::Termination
        } else {
            Phase::Middle
        }
    }

    /// The planned date of session `n`: the first on the start date, then weekly on the usual day.
    pub fn planned_date(&self, n: i64) -> Option<NaiveDate> {
        if !(1..=self.planned_sessions).contains(&n) {
            return None;
        }
        let start = self.start();
        if n == 1 {
            return Some(start);
        }
        let ahead = (7 + self.weekday().num_days_from_monday() as i64
            - start.weekday().num_days_from_monday() as i64)
            % 7;
        let second = start + Duration::days(if ahead == 0 { 7 } else { ahead });
        Some(second + Duration::weeks(n - 2))
    }

    /// The first day on the usual weekday strictly after `after`.
    fn next_usual_day_after(&self, after: NaiveDate) -> NaiveDate {
        let ahead = (7 + self.weekday().num_days_from_monday() as i64
            - after.weekday().num_days_from_monday() as i64)
            % 7;
        after + Duration::days(if ahead == 0 { 7 } else { ahead })
    }

    /// Where the course stands, taking the recorded sessions into account: after the last
    /// recorded session, the next one is expected on the usual day after it (or, if that day has
    /// passed unrecorded — a skipped or moved week — the next usual day from today). Without
    /// records the weekly plan is followed.
    pub fn overview_with(&self, today: NaiveDate, records: &[SessionRecord]) -> CourseOverview {
        let Some(last) = records.iter().max_by_key(|r| r.number) else {
            return self.overview(today);
        };
        let next = last.number + 1;
        if next > self.planned_sessions {
            return CourseOverview {
                session_number: None,
                planned_sessions: self.planned_sessions,
                phase: Phase::Completed,
                next_session_date: None,
                session_time: self.session_time.clone(),
            };
        }
        let held = NaiveDate::parse_from_str(&last.held_on, "%Y-%m-%d").unwrap_or(today);
        let mut date = self.next_usual_day_after(held);
        if date < today {
            date = if self.weekday() == today.weekday() {
                today
            } else {
                self.next_usual_day_after(today)
            };
        }
        CourseOverview {
            session_number: Some(next),
            planned_sessions: self.planned_sessions,
            phase: self.phase_of(next),
            next_session_date: Some(date.format("%Y-%m-%d").to_string()),
            session_time: self.session_time.clone(),
        }
    }

    /// The next session to happen on or after `today` (its number and expected date), unless
    /// the course is complete.
    pub fn next_session(
        &self,
        today: NaiveDate,
        records: &[SessionRecord],
    ) -> Option<(i64, NaiveDate)> {
        let o = self.overview_with(today, records);
        o.session_number.zip(
            o.next_session_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        )
    }

    /// The expected dates of the sessions still to come: the next one, then weekly on the usual
    /// day for the rest of the course.
    pub fn upcoming_dates(&self, today: NaiveDate, records: &[SessionRecord]) -> Vec<NaiveDate> {
        let o = self.overview_with(today, records);
        let (Some(n), Some(first)) = (
            o.session_number,
            o.next_session_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        ) else {
            return Vec::new();
        };
        let mut dates = vec![first];
        for _ in n..self.planned_sessions {
            let last = dates[dates.len() - 1];
            dates.push(self.next_usual_day_after(last));
        }
        dates
    }

    /// Every planned session: done (with the date it took place), the next one, and the rest.
    pub fn timeline(&self, today: NaiveDate, records: &[SessionRecord]) -> Vec<TimelineSession> {
        let overview = self.overview_with(today, records);
        let next = overview.session_number;
        (1..=self.planned_sessions)
            .map(|n| {
                let done = records.iter().find(|r| r.number == n);
                let (state, date) = match (done, next) {
                    (Some(r), _) => ("done", Some(r.held_on.clone())),
                    (None, Some(k)) if k == n => ("next", overview.next_session_date.clone()),
                    (None, Some(k)) if records.is_empty() && n < k => (
                        "past",
                        self.planned_date(n)
                            .map(|d| d.format("%Y-%m-%d").to_string()),
                    ),
                    _ => ("later", None),
                };
                TimelineSession {
                    number: n,
                    phase: self.phase_of(n),
                    state: state.into(),
                    date,
                }
            })
            .collect()
    }

    /// Where the course stands on `today` (the patient's local date).
    pub fn overview(&self, today: NaiveDate) -> CourseOverview {
        let next =
            (1..=self.planned_sessions).find(|&k| self.planned_date(k).is_some_and(|d| d >= today));
        let phase = match next {
            Some(1) if self.start() > today => Phase::NotStarted,
            Some(k) => self.phase_of(k),
            None => Phase::Completed,
        };
        CourseOverview {
            session_number: next,
            planned_sessions: self.planned_sessions,
            phase,
            next_session_date: next
                .and_then(|k| self.planned_date(k))
                .map(|d| d.format("%Y-%m-%d").to_string()),
            session_time: self.session_time.clone(),
        }
    }
}

// ---- Export ---------------------------------------------------------------------------------

/// The course's part of an export: the course as set up, its cards, the agreed focus and the
/// sessions recorded. Each is keyed by what it is (one course, one set of cards, an area, a
/// session number), so none needs a stable id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseExport {
    pub course: Option<CourseInput>,
    pub cards: Option<CourseCards>,
    pub focus: Vec<CourseFocus>,
    pub sessions: Vec<SessionRecord>,
}

/// The course's part, checked.
#[derive(Debug, Clone)]
pub struct ValidCourseExport {
    pub course: Option<Course>,
    pub cards: Option<CourseCards>,
    pub focus: Vec<CourseFocus>,
    pub sessions: Vec<SessionRecord>,
}

impl Course {
    /// What the course form would send to set this course up again.
    pub fn to_input(&self) -> CourseInput {
        CourseInput {
            start_date: self.start_date.clone(),
            planned_sessions: self.planned_sessions,
            weekday: self.weekday,
            session_time: self.session_time.clone(),
            format: self.format,
            other_care: self.other_care.clone(),
            therapist_name: self.therapist_name.clone(),
            initial_last: Some(self.initial_last),
            termination_first: Some(self.termination_first),
        }
    }
}

impl CourseExport {
    /// Checks every part by the forms' rules. Sessions are checked against the course in the
    /// file, else `vault_course` (the one already in the vault), else the longest course.
    pub fn validate(&self, vault_course: Option<&Course>) -> Result<ValidCourseExport> {
        let course = self
            .course
            .as_ref()
            .map(CourseInput::validate)
            .transpose()?;
        let longest = CourseInput {
            start_date: "2000-01-03".into(),
            planned_sessions: MAX_SESSIONS,
            weekday: 0,
            session_time: "12:00".into(),
            format: CourseFormat::Individual,
            other_care: String::new(),
            therapist_name: String::new(),
            initial_last: None,
            termination_first: None,
        }
        .validate()?;
        let against = course.as_ref().or(vault_course).unwrap_or(&longest);
        let mut sessions: Vec<SessionRecord> = Vec::with_capacity(self.sessions.len());
        for s in &self.sessions {
            let v = s.validate(against)?;
            if sessions.iter().any(|o| o.number == v.number) {
                return Err(Error::new(
                    ErrorCode::ImportDuplicate,
                    "a session number is there twice",
                ));
            }
            sessions.push(v);
        }
        Ok(ValidCourseExport {
            course,
            cards: self.cards.as_ref().map(CourseCards::validate).transpose()?,
            focus: validate_focus(&self.focus)?,
            sessions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course(n: i64) -> Course {
        CourseInput {
            start_date: "2026-11-03".into(), // a Tuesday
            planned_sessions: n,
            weekday: 1,
            session_time: "17:30".into(),
            format: CourseFormat::Individual,
            other_care: "sertraline".into(),
            therapist_name: "".into(),
            initial_last: None,
            termination_first: None,
        }
        .validate()
        .expect("valid")
    }

    fn phases(c: &Course) -> Vec<Phase> {
        (1..=c.planned_sessions).map(|n| c.phase_of(n)).collect()
    }

    #[test]
    fn default_phases_for_typical_lengths() {
        use Phase::*;
        let count = |c: &Course, p: Phase| phases(c).iter().filter(|x| **x == p).count();
        for (n, initial, middle, termination) in
            [(8, 2, 4, 2), (12, 3, 6, 3), (16, 3, 10, 3), (30, 3, 24, 3)]
        {
            let c = course(n);
            assert_eq!(count(&c, Initial), initial, "{n}");
            assert_eq!(count(&c, Middle), middle, "{n}");
            assert_eq!(count(&c, Termination), termination, "{n}");
            assert_eq!(c.phase_of(1), Initial);
            assert_eq!(c.phase_of(n), Termination);
        }
        assert_eq!(
            phases(&course(1)),
            vec![Initial],
            "one session: no room for more phases"
        );
        assert_eq!(phases(&course(2)), vec![Initial, Termination]);
    }

    #[test]
    fn boundaries_can_be_moved_but_must_stay_in_order() {
        let moved = CourseInput {
            initial_last: Some(4),
            termination_first: Some(11),
            ..input(12)
        }
        .validate()
        .expect("moved");
        assert_eq!(moved.phase_of(4), Phase::Initial);
        assert_eq!(moved.phase_of(5), Phase::Middle);
        assert_eq!(moved.phase_of(11), Phase::Termination);
        let none = CourseInput {
            termination_first: Some(13),
            ..input(12)
        }
        .validate()
        .expect("no termination phase");
        assert_eq!(none.phase_of(12), Phase::Middle);
        for (i, t) in [(0, 10), (5, 5), (4, 14), (13, 13)] {
            let bad = CourseInput {
                initial_last: Some(i),
                termination_first: Some(t),
                ..input(12)
            }
            .validate();
            assert_eq!(
                bad.err().map(|e| e.code()),
                Some(ErrorCode::InvalidInput),
                "{i}/{t}"
            );
        }
    }

    fn input(n: i64) -> CourseInput {
        CourseInput {
            start_date: "2026-11-03".into(),
            planned_sessions: n,
            weekday: 1,
            session_time: "17:30".into(),
            format: CourseFormat::Group,
            other_care: String::new(),
            therapist_name: String::new(),
            initial_last: None,
            termination_first: None,
        }
    }

    #[test]
    fn refuses_bad_input_with_codes() {
        let code = |i: CourseInput| i.validate().err().map(|e| e.code());
        assert_eq!(
            code(CourseInput {
                start_date: "3/11/2026".into(),
                ..input(12)
            }),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(
            code(CourseInput {
                session_time: "25:00".into(),
                ..input(12)
            }),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(code(input(0)), Some(ErrorCode::InvalidInput));
        assert_eq!(code(input(31)), Some(ErrorCode::InvalidInput));
        assert_eq!(
            code(CourseInput {
                weekday: 7,
                ..input(12)
            }),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(CourseInput {
                other_care: "x".repeat(2_001),
                ..input(12)
            }),
            Some(ErrorCode::TooLong)
        );
    }

    #[test]
    fn weekly_dates_and_where_the_course_stands() {
        let c = course(12);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(c.planned_date(1), Some(d("2026-11-03")));
        assert_eq!(c.planned_date(2), Some(d("2026-11-10")));
        assert_eq!(
            c.planned_date(12),
            Some(d("2027-01-19")),
            "across the new year"
        );
        assert_eq!(c.planned_date(13), None);

        let before = c.overview(d("2026-10-30"));
        assert_eq!(
            (before.session_number, before.phase),
            (Some(1), Phase::NotStarted)
        );
        let first_day = c.overview(d("2026-11-03"));
        assert_eq!(
            (first_day.session_number, first_day.phase),
            (Some(1), Phase::Initial)
        );
        let week6 = c.overview(d("2026-12-05"));
        assert_eq!(week6.session_number, Some(6));
        assert_eq!(week6.phase, Phase::Middle);
        assert_eq!(week6.next_session_date.as_deref(), Some("2026-12-08"));
        assert_eq!(c.overview(d("2027-01-13")).phase, Phase::Termination);
        let after = c.overview(d("2027-01-20"));
        assert_eq!(
            (after.session_number, after.phase),
            (None, Phase::Completed)
        );

        // Records move the course on: session 3 was a week late, so session 4 follows it.
        let rec = |n: i64, d: &str| SessionRecord {
            number: n,
            held_on: d.into(),
            talked_about: String::new(),
            agreed: String::new(),
            notes: String::new(),
            mood: None,
        };
        let records = [
            rec(1, "2026-11-03"),
            rec(2, "2026-11-10"),
            rec(3, "2026-11-24"),
        ];
        let o = c.overview_with(d("2026-11-25"), &records);
        assert_eq!(o.session_number, Some(4));
        assert_eq!(o.next_session_date.as_deref(), Some("2026-12-01"));
        // A week passes with nothing recorded (skipped): the next usual day from today.
        let o = c.overview_with(d("2026-12-03"), &records);
        assert_eq!(
            (o.session_number, o.next_session_date.as_deref()),
            (Some(4), Some("2026-12-08"))
        );
        // On the usual day itself, today is the day.
        let o = c.overview_with(d("2026-12-08"), &records);
        assert_eq!(o.next_session_date.as_deref(), Some("2026-12-08"));
        let all: Vec<_> = (1..=12).map(|n| rec(n, "2027-01-19")).collect();
        assert_eq!(
            c.overview_with(d("2027-01-20"), &all).phase,
            Phase::Completed
        );
        let tl = c.timeline(d("2026-11-25"), &records);
        assert_eq!(
            tl.iter()
                .map(|s| s.state.as_str())
                .take(5)
                .collect::<Vec<_>>(),
            ["done", "done", "done", "next", "later"]
        );
        assert_eq!(tl[2].date.as_deref(), Some("2026-11-24"));
        let upcoming = c.upcoming_dates(d("2026-11-25"), &records);
        assert_eq!(upcoming.len(), 9, "sessions 4 to 12");
        assert_eq!(upcoming[0], d("2026-12-01"));
        assert_eq!(upcoming[8], d("2027-01-26"));
        assert!(c.upcoming_dates(d("2027-01-20"), &all).is_empty());
        assert_eq!(tl[3].phase, Phase::Middle);

        // First session on a Friday, then Tuesdays.
        let moved = CourseInput {
            start_date: "2026-11-06".into(),
            ..input(8)
        }
        .validate()
        .expect("valid");
        assert_eq!(moved.planned_date(2), Some(d("2026-11-10")));
    }
}
