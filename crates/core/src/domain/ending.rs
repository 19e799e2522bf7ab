//! Ending well: the termination phase of IPT. The patient's ending plan (what changed, their own
//! warning signs, what they will do and whom they will contact if the signs come back, and when
//! to come back for help), the review gathered from the other features, and the monthly
//! check-in after the course. Pure rules, no storage.
//!
//! The plan is one document: each save replaces the whole of it.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::checkins::{Band, CheckIn};
use crate::domain::course::{Course, Phase, SessionRecord};
use crate::domain::plans::PlanStatus;
use crate::domain::text::{check_len, without_nul};
use crate::error::{Error, ErrorCode, Result};

/// At most this many items in each of the plan's lists (and signs noticed in one follow-up).
pub const MAX_ENDING_ITEMS: usize = 20;
/// Longest text of one item.
pub const MAX_ENDING_ITEM_CHARS: usize = 500;
/// The review lists at most this many of the plans that were tried, the most recent first.
pub const MAX_REVIEW_PLANS: usize = 10;

/// The ending plan, in the patient's own words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndingPlan {
    /// What changed over the course, in my words.
    pub changes: Vec<String>,
    /// My own warning signs.
    pub warning_signs: Vec<String>,
    /// What I will do if they come back.
    pub if_they_come_back: Vec<String>,
    /// Who I will contact.
    pub contacts: Vec<String>,
    /// I will come back for help if…
    pub come_back_if: Vec<String>,
    /// A monthly check-in on the warning signs after the course (off until the patient turns it
    /// on).
    pub monthly_check_in: bool,
    /// When it was last saved (UTC, RFC 3339); `null` before the first save. Set by the core;
    /// ignored on input.
    pub updated_at: Option<String>,
}

fn too_many(what: &str) -> Error {
    Error::new(
        ErrorCode::TooMany,
        format!("{what}: at most {MAX_ENDING_ITEMS} items"),
    )
    .with_limit(None, MAX_ENDING_ITEMS)
}

/// Each item trimmed and without NUL, empty ones dropped, order kept; refuses a list longer than
/// [`MAX_ENDING_ITEMS`] (`TooMany`) or an item longer than [`MAX_ENDING_ITEM_CHARS`] (`TooLong`).
/// Messages name the list (`what`), never the text.
pub fn tidy_list(what: &str, items: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for item in items {
        let t = without_nul(item).trim().to_owned();
        check_len(what, &t, MAX_ENDING_ITEM_CHARS)?;
        if !t.is_empty() {
            out.push(t);
            if out.len() > MAX_ENDING_ITEMS {
                return Err(too_many(what));
            }
        }
    }
    Ok(out)
}

impl EndingPlan {
    /// The plan as it is stored: every list tidied (see [`tidy_list`]), `updated_at` cleared
    /// (the core sets it).
    pub fn tidied(&self) -> Result<EndingPlan> {
        Ok(EndingPlan {
            changes: tidy_list("what changed", &self.changes)?,
            warning_signs: tidy_list("a warning sign", &self.warning_signs)?,
            if_they_come_back: tidy_list("what I will do", &self.if_they_come_back)?,
            contacts: tidy_list("who I will contact", &self.contacts)?,
            come_back_if: tidy_list("come back for help if", &self.come_back_if)?,
            monthly_check_in: self.monthly_check_in,
            updated_at: None,
        })
    }
}

// ---- The review ---------------------------------------------------------------------------

/// One check-in as the review shows it: when, the total (or none), its band and whether the
/// PHQ-9's last question was answered above 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorePoint {
    /// UTC, RFC 3339.
    pub taken_at: String,
    pub score: Option<u8>,
    pub band: Option<Band>,
    /// The PHQ-9's ninth answer was above 0 (always false for the GAD-7).
    pub item9_above_zero: bool,
}

impl ScorePoint {
    pub fn of(c: &CheckIn) -> ScorePoint {
        ScorePoint {
            taken_at: c.taken_at.clone(),
            score: c.score,
            band: c.band,
            item9_above_zero: c.item9.is_some_and(|a| a > 0),
        }
    }
}

/// The first and the latest check-in of one questionnaire (the same one when there is one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureReview {
    #[ts(type = "number")]
    pub count: u32,
    pub first: Option<ScorePoint>,
    pub latest: Option<ScorePoint>,
}

impl MeasureReview {
    /// From check-ins of one questionnaire, in any order (oldest by time, then id).
    pub fn of<'a>(checkins: impl IntoIterator<Item = &'a CheckIn>) -> MeasureReview {
        let mut list: Vec<&CheckIn> = checkins.into_iter().collect();
        list.sort_by(|a, b| a.taken_at.cmp(&b.taken_at).then(a.id.cmp(&b.id)));
        MeasureReview {
            count: u32::try_from(list.len()).unwrap_or(u32::MAX),
            first: list.first().map(|c| ScorePoint::of(c)),
            latest: list.last().map(|c| ScorePoint::of(c)),
        }
    }
}

/// A plan that was tried, and what came of it in the patient's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TriedPlan {
    pub what: String,
    pub status: PlanStatus,
    /// What happened when I tried it (may be empty).
    pub reflection: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

/// What changed over the course, gathered from the other features when asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndingReview {
    /// Where the course stands today; `null` before it is set up.
    pub phase: Option<Phase>,
    #[ts(type = "number")]
    pub sessions_held: u32,
    #[ts(type = "number | null")]
    pub sessions_planned: Option<i64>,
    /// `YYYY-MM-DD` the course ended (the last recorded session, or the last planned date when
    /// none was recorded); `null` while it has not.
    pub course_ended_on: Option<String>,
    pub phq9: MeasureReview,
    pub gad7: MeasureReview,
    #[ts(type = "number")]
    pub plans_made: u32,
    /// Plans with something recorded about how they went (tried, done or "not this week").
    #[ts(type = "number")]
    pub plans_with_outcome: u32,
    /// Plans tried or done, the most recent first (at most [`MAX_REVIEW_PLANS`]).
    pub tried_plans: Vec<TriedPlan>,
    /// Role plays practised to the end.
    #[ts(type = "number")]
    pub role_plays_done: u32,
    /// Communication analyses written.
    #[ts(type = "number")]
    pub analyses_done: u32,
    /// Decision analyses written.
    #[ts(type = "number")]
    pub decisions_done: u32,
}

// ---- The course's end and the monthly check-in ----------------------------------------------

/// When the course ends and whether it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseEnd {
    /// The last recorded session's date once the course is complete (the last planned date when
    /// no session was recorded); before that, the expected date of the last session.
    pub date: NaiveDate,
    pub complete: bool,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Where the course ends, on the patient's local date `today`.
pub fn course_end(course: &Course, records: &[SessionRecord], today: NaiveDate) -> CourseEnd {
    let complete = course.overview_with(today, records).phase == Phase::Completed;
    let last_held = records.iter().filter_map(|r| day(&r.held_on)).max();
    let last_planned = course.planned_date(course.planned_sessions);
    let date = if complete {
        last_held.or(last_planned)
    } else {
        course
            .upcoming_dates(today, records)
            .last()
            .copied()
            .or(last_planned)
    };
    CourseEnd {
        date: date.unwrap_or(today),
        complete,
    }
}

/// Whether the monthly check-in is due, and when the next one is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpDue {
    pub due: bool,
    /// `YYYY-MM-DD`.
    pub next_date: String,
}

/// The same day next month; the last day of the month when that one is shorter (Jan 31 →
/// Feb 28 or 29).
pub fn one_month_after(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// The monthly schedule: the first check-in is due one month after the course ended, each later
/// one a month after the latest follow-up taken since (a late one moves the next date on).
/// Nothing is due while the course is not complete.
pub fn follow_up_due(end: CourseEnd, follow_ups: &[NaiveDate], today: NaiveDate) -> FollowUpDue {
    let from = follow_ups
        .iter()
        .copied()
        .filter(|d| *d >= end.date)
        .max()
        .unwrap_or(end.date);
    let next = one_month_after(from);
    FollowUpDue {
        due: end.complete && today >= next,
        next_date: next.format("%Y-%m-%d").to_string(),
    }
}

// ---- The monthly follow-up ----------------------------------------------------------------

/// What the monthly check-in form sends: the patient's local date, the PHQ-9 answers as the
/// check-ins take them, and which of their own warning signs they noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpInput {
    /// `YYYY-MM-DD`.
    pub today: String,
    /// The PHQ-9's nine answers in order; `null` is unanswered.
    pub answers: Vec<Option<u8>>,
    /// The PHQ-9's difficulty question (0–3), if answered.
    pub difficulty: Option<u8>,
    pub signs_noticed: Vec<String>,
}

/// A saved follow-up: its PHQ-9 check-in, the signs noticed, and whether the signs are back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    #[ts(type = "number")]
    pub id: i64,
    /// `YYYY-MM-DD`, the patient's local date.
    pub taken_on: String,
    pub check_in: CheckIn,
    pub signs_noticed: Vec<String>,
    /// A sign was noticed, or the PHQ-9 is in the moderate range or above: the plan is shown.
    pub signs_returned: bool,
}

/// Whether the warning signs are back: any sign noticed, or a PHQ-9 total in the moderate band or
/// above. (Item 9 has its own help, shown whatever this says.)
pub fn signs_returned(signs_noticed: &[String], check_in: &CheckIn) -> bool {
    !signs_noticed.is_empty()
        || matches!(
            check_in.band,
            Some(Band::Moderate | Band::ModeratelySevere | Band::Severe)
        )
}

// ---- Export ---------------------------------------------------------------------------------

/// One monthly check-in after the course, as the export carries it: its check-in by stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedFollowUp {
    /// The check-in's `uid` (in the export's `checkIns` or already in the vault).
    pub check_in: String,
    /// `YYYY-MM-DD`, the patient's local date.
    pub taken_on: String,
    pub signs_noticed: Vec<String>,
}

/// Ending well's part of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndingExport {
    pub plan: Option<EndingPlan>,
    pub follow_ups: Vec<ExportedFollowUp>,
}

impl ExportedFollowUp {
    pub fn validate(&self) -> Result<ExportedFollowUp> {
        crate::domain::text::check_uid(&self.check_in)?;
        let day = NaiveDate::parse_from_str(&self.taken_on, "%Y-%m-%d").map_err(|_| {
            Error::new(
                ErrorCode::InvalidDate,
                "a follow-up's date could not be read",
            )
        })?;
        Ok(ExportedFollowUp {
            check_in: self.check_in.clone(),
            taken_on: day.format("%Y-%m-%d").to_string(),
            signs_noticed: tidy_list("a sign noticed", &self.signs_noticed)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkins::{CheckInInput, Questionnaire};
    use crate::domain::course::{CourseFormat, CourseInput};

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn code(plan: &EndingPlan) -> Option<(ErrorCode, Option<u32>)> {
        plan.tidied().err().map(|e| (e.code(), e.limit()))
    }

    #[test]
    fn lists_are_trimmed_empties_and_nul_dropped_order_kept() {
        let plan = EndingPlan {
            changes: strings(&["  I ask for help now ", "", "\0", "I sleep bet\0ter\n"]),
            warning_signs: strings(&["   ", "cancelling plans"]),
            if_they_come_back: strings(&[" call Sam "]),
            contacts: strings(&["Dr K", " "]),
            come_back_if: strings(&["two weeks of bad sleep  "]),
            monthly_check_in: true,
            updated_at: Some("2020-01-01T00:00:00.000Z".into()),
        };
        let t = plan.tidied().expect("valid");
        assert_eq!(t.changes, ["I ask for help now", "I sleep better"]);
        assert_eq!(t.warning_signs, ["cancelling plans"]);
        assert_eq!(t.if_they_come_back, ["call Sam"]);
        assert_eq!(t.contacts, ["Dr K"]);
        assert_eq!(t.come_back_if, ["two weeks of bad sleep"]);
        assert!(t.monthly_check_in);
        assert_eq!(t.updated_at, None, "set by the core, never by the input");
        assert_eq!(
            t.tidied().expect("again"),
            t,
            "tidying twice changes nothing"
        );
    }

    #[test]
    fn each_list_takes_at_most_twenty_items_and_500_characters_each() {
        let lists: [fn(&mut EndingPlan) -> &mut Vec<String>; 5] = [
            |p| &mut p.changes,
            |p| &mut p.warning_signs,
            |p| &mut p.if_they_come_back,
            |p| &mut p.contacts,
            |p| &mut p.come_back_if,
        ];
        let twenty = vec!["x".to_owned(); MAX_ENDING_ITEMS];
        for list in lists {
            let mut plan = EndingPlan::default();
            *list(&mut plan) = twenty.clone();
            list(&mut plan).extend(["".into(), "  ".into()]);
            assert_eq!(code(&plan), None, "empty items do not count");
            list(&mut plan).push("secret words".into());
            assert_eq!(code(&plan), Some((ErrorCode::TooMany, Some(20))));
            let err = plan.tidied().expect_err("too many");
            assert!(!err.message().contains("secret"), "no text in the message");

            let mut plan = EndingPlan::default();
            *list(&mut plan) = vec![format!("  {}  ", "é".repeat(MAX_ENDING_ITEM_CHARS))];
            assert_eq!(code(&plan), None, "trimmed before it is measured");
            *list(&mut plan) = vec!["fine".into(), "é".repeat(MAX_ENDING_ITEM_CHARS + 1)];
            assert_eq!(code(&plan), Some((ErrorCode::TooLong, Some(500))));
        }
    }

    #[test]
    fn json_is_camel_case() {
        let v = serde_json::to_value(EndingPlan::default()).expect("json");
        for k in [
            "changes",
            "warningSigns",
            "ifTheyComeBack",
            "contacts",
            "comeBackIf",
            "monthlyCheckIn",
            "updatedAt",
        ] {
            assert!(v.get(k).is_some(), "{k} in {v}");
        }
        assert_eq!(
            v["monthlyCheckIn"], false,
            "off until the patient turns it on"
        );
    }

    // ---- the schedule ----

    fn ended(date: &str) -> CourseEnd {
        CourseEnd {
            date: d(date),
            complete: true,
        }
    }

    fn due(end: CourseEnd, follow_ups: &[&str], today: &str) -> (bool, String) {
        let f: Vec<NaiveDate> = follow_ups.iter().map(|s| d(s)).collect();
        let r = follow_up_due(end, &f, d(today));
        (r.due, r.next_date)
    }

    #[test]
    fn the_first_check_in_is_due_one_month_after_the_end() {
        let end = ended("2027-01-26");
        assert_eq!(due(end, &[], "2027-01-26"), (false, "2027-02-26".into()));
        assert_eq!(
            due(end, &[], "2027-02-25"),
            (false, "2027-02-26".into()),
            "the day before"
        );
        assert_eq!(
            due(end, &[], "2027-02-26"),
            (true, "2027-02-26".into()),
            "the day"
        );
        assert_eq!(
            due(end, &[], "2027-05-01"),
            (true, "2027-02-26".into()),
            "still due when missed: it waits, it does not pile up"
        );
    }

    #[test]
    fn month_ends_fall_on_the_last_day_of_a_shorter_month() {
        assert_eq!(one_month_after(d("2027-01-31")), d("2027-02-28"));
        assert_eq!(one_month_after(d("2028-01-31")), d("2028-02-29"));
        assert_eq!(one_month_after(d("2027-03-31")), d("2027-04-30"));
        assert_eq!(one_month_after(d("2027-12-15")), d("2028-01-15"));
        let end = ended("2027-01-31");
        assert_eq!(due(end, &[], "2027-02-27"), (false, "2027-02-28".into()));
        assert_eq!(due(end, &[], "2027-02-28"), (true, "2027-02-28".into()));
        // Taken on Feb 28, the next is Mar 28 (a month after the follow-up, not Mar 31).
        assert_eq!(
            due(end, &["2027-02-28"], "2027-03-27"),
            (false, "2027-03-28".into())
        );
        assert_eq!(
            due(end, &["2027-02-28"], "2027-03-28"),
            (true, "2027-03-28".into())
        );
    }

    #[test]
    fn nothing_is_due_before_the_course_is_complete() {
        let open = CourseEnd {
            date: d("2027-01-26"),
            complete: false,
        };
        assert_eq!(due(open, &[], "2027-01-01"), (false, "2027-02-26".into()));
        // Even when the planned end is long past (the last session was not recorded yet).
        assert_eq!(due(open, &[], "2027-06-01"), (false, "2027-02-26".into()));
    }

    #[test]
    fn a_follow_up_moves_the_next_date_a_month_after_it() {
        let end = ended("2027-01-26");
        // On time.
        assert_eq!(
            due(end, &["2027-02-26"], "2027-03-25"),
            (false, "2027-03-26".into())
        );
        assert_eq!(
            due(end, &["2027-02-26"], "2027-03-26"),
            (true, "2027-03-26".into())
        );
        // Late: taken on Mar 20, the next is Apr 20.
        assert_eq!(
            due(end, &["2027-03-20"], "2027-03-20"),
            (false, "2027-04-20".into())
        );
        assert_eq!(
            due(end, &["2027-03-20"], "2027-04-19"),
            (false, "2027-04-20".into())
        );
        assert_eq!(
            due(end, &["2027-03-20"], "2027-04-20"),
            (true, "2027-04-20".into())
        );
        // The latest counts, in any order.
        assert_eq!(
            due(
                end,
                &["2027-04-22", "2027-02-26", "2027-03-20"],
                "2027-05-21"
            ),
            (false, "2027-05-22".into())
        );
        // Taken early (before it was due): still the latest one.
        assert_eq!(
            due(end, &["2027-02-10"], "2027-03-09"),
            (false, "2027-03-10".into())
        );
    }

    #[test]
    fn follow_ups_from_before_the_end_do_not_count() {
        let end = ended("2027-01-26");
        assert_eq!(
            due(end, &["2026-12-01", "2027-01-20"], "2027-02-26"),
            (true, "2027-02-26".into())
        );
    }

    // ---- the course's end ----

    fn course(n: i64) -> Course {
        CourseInput {
            start_date: "2026-11-03".into(), // a Tuesday
            planned_sessions: n,
            weekday: 1,
            session_time: "17:30".into(),
            format: CourseFormat::Individual,
            other_care: String::new(),
            therapist_name: String::new(),
            initial_last: None,
            termination_first: None,
        }
        .validate()
        .expect("course")
    }

    fn held(number: i64, on: &str) -> SessionRecord {
        SessionRecord {
            number,
            held_on: on.into(),
            talked_about: String::new(),
            agreed: String::new(),
            notes: String::new(),
            mood: None,
        }
    }

    #[test]
    fn without_records_the_course_ends_on_its_last_planned_date() {
        let c = course(4); // Nov 3, 10, 17, 24
        let on_the_day = course_end(&c, &[], d("2026-11-24"));
        assert_eq!(on_the_day.date, d("2026-11-24"));
        assert!(
            !on_the_day.complete,
            "the last session is still to come today"
        );
        let after = course_end(&c, &[], d("2026-11-25"));
        assert_eq!((after.date, after.complete), (d("2026-11-24"), true));
        assert!(follow_up_due(after, &[], d("2026-12-24")).due);
        assert!(!follow_up_due(after, &[], d("2026-12-23")).due);
    }

    #[test]
    fn with_records_the_course_ends_on_the_last_recorded_session() {
        let c = course(4);
        let records = [
            held(1, "2026-11-03"),
            held(2, "2026-11-10"),
            held(3, "2026-11-18"),
        ];
        // The last session is not recorded: not complete, whatever the date.
        let open = course_end(&c, &records, d("2027-03-01"));
        assert!(!open.complete);
        assert!(!follow_up_due(open, &[], d("2027-06-01")).due);
        let mut all = records.to_vec();
        all.push(held(4, "2026-11-27"));
        let end = course_end(&c, &all, d("2026-11-27"));
        assert_eq!((end.date, end.complete), (d("2026-11-27"), true));
        assert_eq!(
            follow_up_due(end, &[], d("2026-12-26")),
            FollowUpDue {
                due: false,
                next_date: "2026-12-27".into()
            }
        );
        assert!(follow_up_due(end, &[], d("2026-12-27")).due);
    }

    // ---- the follow-up's result ----

    fn phq9(total: u8) -> CheckIn {
        let mut left = total;
        let answers = (0..9)
            .map(|_| {
                let a = left.min(3);
                left -= a;
                Some(a)
            })
            .collect();
        CheckIn::scored(
            1,
            "2027-02-26T10:00:00.000Z".into(),
            CheckInInput {
                kind: Questionnaire::Phq9,
                answers,
                difficulty: None,
            },
        )
    }

    #[test]
    fn signs_return_with_a_sign_noticed_or_a_moderate_phq9() {
        assert!(!signs_returned(&[], &phq9(0)));
        assert!(!signs_returned(&[], &phq9(9)), "mild");
        assert!(signs_returned(&[], &phq9(10)), "moderate");
        assert!(signs_returned(&[], &phq9(27)));
        assert!(signs_returned(&strings(&["not sleeping"]), &phq9(0)));
        let mut none = phq9(0);
        none.score = None;
        none.band = None;
        assert!(!signs_returned(&[], &none), "no total, no band");
    }

    #[test]
    fn the_review_takes_the_first_and_latest_of_each_measure() {
        let mut a = phq9(20);
        a.id = 1;
        a.taken_at = "2026-11-03T10:00:00.000Z".into();
        a.item9 = Some(1);
        let mut b = phq9(6);
        b.id = 2;
        b.taken_at = "2026-12-01T10:00:00.000Z".into();
        b.item9 = Some(0);
        let mut c = phq9(8);
        c.id = 3;
        c.taken_at = "2026-11-17T10:00:00.000Z".into();
        let r = MeasureReview::of([&b, &a, &c]);
        assert_eq!(r.count, 3);
        let first = r.first.expect("first");
        assert_eq!(
            (first.score, first.band, first.item9_above_zero),
            (Some(20), Some(Band::Severe), true)
        );
        let latest = r.latest.expect("latest");
        assert_eq!(latest.taken_at, "2026-12-01T10:00:00.000Z");
        assert_eq!((latest.score, latest.item9_above_zero), (Some(6), false));
        assert_eq!(MeasureReview::of([]), MeasureReview::default());
    }
}
