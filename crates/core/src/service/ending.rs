//! Ending well: the ending plan, the review of what changed (gathered from the course, check-ins,
//! plans and practice through their repositories), and the monthly follow-up after the course,
//! whose PHQ-9 is stored by the check-ins' repository in the same transaction as the follow-up.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::domain::checkins::{CheckInInput, Questionnaire};
use crate::domain::course::parse_today;
use crate::domain::ending::{
    CourseEnd, EndingPlan, EndingReview, FollowUp, FollowUpDue, FollowUpInput, MAX_REVIEW_PLANS,
    MeasureReview, TriedPlan, course_end, follow_up_due as schedule, signs_returned, tidy_list,
};
use crate::domain::language::Language;
use crate::domain::plans::PlanStatus;
use crate::domain::texts::{DateStyle, fill, texts};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::pdf::{self, Block, PrintDoc};
use crate::service::vault::VaultService;
use crate::service::{discretion, language};
use crate::storage;
use crate::storage::ending::FollowUpRow;

/// The saved plan, or an empty one (`updated_at` `None`, the monthly check-in off) when none was
/// saved yet.
pub async fn get_plan(vault: &VaultService) -> Result<EndingPlan> {
    Ok(storage::ending::get(&vault.pool().await?)
        .await?
        .unwrap_or_default())
}

/// Tidies and checks the plan, replaces the saved one, and returns it as read back before the
/// commit, with the time it was saved.
pub async fn save_plan(vault: &VaultService, plan: EndingPlan) -> Result<EndingPlan> {
    let plan = plan.tidied()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    storage::ending::put(&mut tx, &plan, &utc_string(Utc::now())).await?;
    let saved = storage::ending::get_in(&mut tx)
        .await?
        .ok_or_else(|| Error::new(ErrorCode::Internal, "the saved ending plan is not there"))?;
    storage::commit(tx).await?;
    Ok(saved)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the course ends on `today`, or `None` before it is set up.
async fn end_of_course(pool: &sqlx::SqlitePool, today: NaiveDate) -> Result<Option<CourseEnd>> {
    let Some(course) = storage::course::get(pool).await? else {
        return Ok(None);
    };
    let records = storage::course::sessions(pool).await?;
    Ok(Some(course_end(&course, &records, today)))
}

/// What changed over the course, on the patient's local date `today` (`YYYY-MM-DD`): sessions,
/// the first and latest PHQ-9 and GAD-7, plans and how they went, practice done.
pub async fn review(vault: &VaultService, today: String) -> Result<EndingReview> {
    let today = parse_today(&today)?;
    let pool = vault.pool().await?;
    let mut review = EndingReview::default();

    if let Some(course) = storage::course::get(&pool).await? {
        let records = storage::course::sessions(&pool).await?;
        review.phase = Some(course.overview_with(today, &records).phase);
        review.sessions_held = count(records.len());
        review.sessions_planned = Some(course.planned_sessions);
        let end = course_end(&course, &records, today);
        review.course_ended_on = end
            .complete
            .then(|| end.date.format("%Y-%m-%d").to_string());
    }

    let checkins = storage::checkins::list(&pool).await?;
    review.phq9 = MeasureReview::of(checkins.iter().filter(|c| c.kind == Questionnaire::Phq9));
    review.gad7 = MeasureReview::of(checkins.iter().filter(|c| c.kind == Questionnaire::Gad7));

    let mut plans = storage::plans::list(&pool).await?;
    review.plans_made = count(plans.len());
    review.plans_with_outcome = count(
        plans
            .iter()
            .filter(|p| p.status != PlanStatus::Planned)
            .count(),
    );
    plans.sort_by(|a, b| {
        b.due_on
            .cmp(&a.due_on)
            .then(b.updated_at.cmp(&a.updated_at))
    });
    review.tried_plans = plans
        .into_iter()
        .filter(|p| matches!(p.status, PlanStatus::Tried | PlanStatus::Done))
        .take(MAX_REVIEW_PLANS)
        .map(|p| TriedPlan {
            what: p.what,
            status: p.status,
            reflection: p.reflection,
            due_on: p.due_on,
        })
        .collect();

    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading practice", e))?;
    let runs = storage::practice::finished_runs_per_scenario(&mut conn).await?;
    review.role_plays_done = u32::try_from(runs.iter().map(|(_, n)| *n).sum::<i64>()).unwrap_or(0);
    review.analyses_done = count(storage::practice::analyses(&mut conn).await?.len());
    review.decisions_done = count(storage::practice::decisions(&mut conn).await?.len());
    Ok(review)
}

/// Whether the monthly check-in is due on `today`, and when the next one is; `None` before the
/// course is set up. Never due while the course is running, or when the patient has not turned
/// the monthly check-in on.
pub async fn follow_up_due(vault: &VaultService, today: String) -> Result<Option<FollowUpDue>> {
    let today = parse_today(&today)?;
    let pool = vault.pool().await?;
    let Some(end) = end_of_course(&pool, today).await? else {
        return Ok(None);
    };
    let on = storage::ending::get(&pool)
        .await?
        .is_some_and(|p| p.monthly_check_in);
    let days: Vec<NaiveDate> = storage::ending::follow_up_days(&pool)
        .await?
        .iter()
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect();
    let mut due = schedule(end, &days, today);
    due.due &= on;
    Ok(Some(due))
}

/// The patient's local date for a follow-up: readable, and not after today anywhere on Earth
/// (local dates run up to 14 hours ahead of UTC).
fn follow_up_day(today: &str, utc_today: NaiveDate) -> Result<NaiveDate> {
    let day = parse_today(today)?;
    if day > utc_today + Duration::days(1) {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            "a monthly check-in cannot be dated in the future",
        ));
    }
    Ok(day)
}

/// Saves a monthly follow-up: the PHQ-9 (through the check-ins' repository) and the signs
/// noticed, in one transaction; returns it as read back before the commit. Bad input stores
/// nothing.
pub async fn save_follow_up(vault: &VaultService, input: FollowUpInput) -> Result<FollowUp> {
    let day = follow_up_day(&input.today, Utc::now().date_naive())?;
    let signs = tidy_list("a sign noticed", &input.signs_noticed)?;
    let check_in = CheckInInput {
        kind: Questionnaire::Phq9,
        answers: input.answers,
        difficulty: input.difficulty,
    };
    check_in.validate()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let check_in_id =
        storage::checkins::insert(&mut tx, &check_in, &utc_string(Utc::now())).await?;
    let id = storage::ending::insert_follow_up(
        &mut tx,
        check_in_id,
        &day.format("%Y-%m-%d").to_string(),
        &signs,
    )
    .await?;
    let row = storage::ending::follow_up_in(&mut tx, id).await?;
    let saved = with_check_in(&mut tx, row).await?;
    storage::commit(tx).await?;
    Ok(saved)
}

async fn with_check_in(conn: &mut sqlx::SqliteConnection, row: FollowUpRow) -> Result<FollowUp> {
    let check_in = storage::checkins::get_in(conn, row.check_in_id).await?;
    Ok(FollowUp {
        id: row.id,
        taken_on: row.taken_on,
        signs_returned: signs_returned(&row.signs_noticed, &check_in),
        signs_noticed: row.signs_noticed,
        check_in,
    })
}

/// Every monthly follow-up, the most recent first.
pub async fn list_follow_ups(vault: &VaultService) -> Result<Vec<FollowUp>> {
    let pool = vault.pool().await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the monthly check-ins", e))?;
    let rows = storage::ending::follow_ups(&mut conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(with_check_in(&mut conn, row).await?);
    }
    Ok(out)
}

// ---- The printable page -----------------------------------------------------------------------

/// The ending plan as a page to keep: the five lists in the order they are written (an empty
/// one says so) and whether the monthly check-in is on. `saved_on` is the local day it was last
/// saved. The words are `lang`'s, from [`crate::domain::texts`]; the patient's text is passed as
/// data. With the neutral window title on, the page and its metadata are titled "Notes".
pub fn ending_plan_doc(
    plan: &EndingPlan,
    saved_on: Option<NaiveDate>,
    neutral_title: bool,
    lang: Language,
) -> PrintDoc {
    let t = texts(lang);
    let w = &t.ending;
    let title = if neutral_title {
        t.common.neutral_title
    } else {
        w.title
    };
    let mut blocks = Vec::new();
    for (heading, items) in [
        (w.changes, &plan.changes),
        (w.warning_signs, &plan.warning_signs),
        (w.if_they_come_back, &plan.if_they_come_back),
        (w.contacts, &plan.contacts),
        (w.come_back_if, &plan.come_back_if),
    ] {
        blocks.push(Block::Heading(heading.into()));
        blocks.push(if items.is_empty() {
            Block::Muted(t.common.nothing_here_yet.into())
        } else {
            Block::Bullets(items.clone())
        });
    }
    blocks.push(Block::Rule);
    blocks.push(Block::Paragraph(
        if plan.monthly_check_in {
            w.monthly_on
        } else {
            w.monthly_off
        }
        .into(),
    ));
    PrintDoc {
        title: title.into(),
        metadata_title: title.into(),
        subtitle: saved_on
            .map(|d| {
                fill(
                    t.common.last_saved_on,
                    &[("day", &t.date(d, DateStyle::Long))],
                )
            })
            .unwrap_or_default(),
        blocks,
    }
}

/// Writes the ending plan as a PDF to `path`, chosen in the save dialog; `tz` places the last
/// save on the patient's day. Returns the bytes written. Only while unlocked.
pub async fn save_pdf<Tz: TimeZone>(vault: &VaultService, tz: &Tz, path: String) -> Result<u64> {
    let plan = get_plan(vault).await?;
    let saved_on = plan
        .updated_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(tz).date_naive());
    let neutral = discretion::get(vault).neutral_name;
    let lang = language::current(vault);
    pdf::save(&ending_plan_doc(&plan, saved_on, neutral, lang), &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follow_up_may_be_dated_today_anywhere_but_not_later() {
        let utc = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        assert!(follow_up_day("2027-02-28", utc).is_ok(), "behind UTC");
        assert!(follow_up_day("2027-03-01", utc).is_ok());
        assert!(follow_up_day("2027-03-02", utc).is_ok(), "ahead of UTC");
        let err = follow_up_day("2027-03-03", utc).expect_err("future");
        assert_eq!(err.code(), ErrorCode::InvalidDate);
        assert_eq!(
            follow_up_day("March 1", utc).map_err(|e| e.code()).err(),
            Some(ErrorCode::InvalidDate)
        );
    }
}
