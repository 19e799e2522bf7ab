//! My therapy course: set up and edit the plan; where the course stands today.

use chrono::{NaiveDate, Utc};

use crate::domain::course::{
    Course, CourseCards, CourseFocus, CourseInput, CourseOverview, ProblemArea, SessionRecord,
    TimelineSession, parse_today, validate_focus,
};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::storage;

pub async fn get_course(vault: &VaultService) -> Result<Option<Course>> {
    storage::course::get(&vault.pool().await?).await
}

/// Sets up the course, or changes it (the therapist may move the phase boundaries).
pub async fn save_course(vault: &VaultService, input: CourseInput) -> Result<Course> {
    let c = input.validate()?;
    let pool = vault.write_pool().await?;
    storage::course::save(&pool, &c, &utc_string(Utc::now())).await?;
    Ok(c)
}

/// Where the course stands on the patient's local date `today` (`YYYY-MM-DD`), recorded
/// sessions included; `None` before the course is set up.
pub async fn course_overview(
    vault: &VaultService,
    today: String,
) -> Result<Option<CourseOverview>> {
    let today = parse_today(&today)?;
    let Some(c) = get_course(vault).await? else {
        return Ok(None);
    };
    Ok(Some(c.overview_with(today, &list_sessions(vault).await?)))
}

/// Every planned session with its state; empty before the course is set up.
pub async fn course_timeline(vault: &VaultService, today: String) -> Result<Vec<TimelineSession>> {
    let today = parse_today(&today)?;
    let Some(c) = get_course(vault).await? else {
        return Ok(Vec::new());
    };
    Ok(c.timeline(today, &list_sessions(vault).await?))
}

/// The sessions recorded so far, in order.
pub async fn list_sessions(vault: &VaultService) -> Result<Vec<SessionRecord>> {
    storage::course::sessions(&vault.pool().await?).await
}

/// Records (or corrects) one session. The course must be set up first.
pub async fn save_session(vault: &VaultService, record: SessionRecord) -> Result<SessionRecord> {
    let course = get_course(vault).await?.ok_or_else(|| {
        Error::new(
            ErrorCode::NotFound,
            "set up the course before recording sessions",
        )
    })?;
    let r = record.validate(&course)?;
    let records = list_sessions(vault).await?;
    // A new record for a session after every recorded one is the session the open agenda was
    // for: the agenda is archived with it, in the same transaction, and a fresh one starts.
    // Correcting an earlier record archives nothing.
    let archive = records.iter().all(|s| s.number < r.number);
    let held = NaiveDate::parse_from_str(&r.held_on, "%Y-%m-%d")
        .map_err(|_| Error::new(ErrorCode::InvalidDate, "the session date could not be read"))?;
    // Plans due by this session belong on its agenda even when it took place a little early.
    let expected = course
        .overview_with(held, &records)
        .next_session_date
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let cutoff = expected.map_or(held, |e| e.max(held));
    let pool = vault.write_pool().await?;
    let mut tx = pool
        .begin()
        .await
        .map_err(|e| Error::db("saving the session", e))?;
    storage::course::save_session(&mut tx, &r, &utc_string(Utc::now())).await?;
    if archive {
        storage::agenda::archive_into(&mut tx, r.number, Some(cutoff)).await?;
    }
    tx.commit()
        .await
        .map_err(|e| Error::db("saving the session", e))?;
    Ok(r)
}

/// The sick-role and formulation cards (empty until the patient writes them).
pub async fn get_cards(vault: &VaultService) -> Result<CourseCards> {
    Ok(storage::course::cards(&vault.pool().await?)
        .await?
        .unwrap_or_default())
}

pub async fn save_cards(vault: &VaultService, cards: CourseCards) -> Result<CourseCards> {
    let c = cards.validate()?;
    let pool = vault.write_pool().await?;
    storage::course::save_cards(&pool, &c, &utc_string(Utc::now())).await?;
    Ok(c)
}

/// The agreed focus, in the usual order of the areas.
pub async fn get_focus(vault: &VaultService) -> Result<Vec<CourseFocus>> {
    let mut out = storage::course::focus(&vault.pool().await?).await?;
    out.sort_by_key(|f| ProblemArea::ALL.iter().position(|a| *a == f.area));
    Ok(out)
}

/// Replaces the agreed focus as a whole, in one transaction.
pub async fn save_focus(vault: &VaultService, items: Vec<CourseFocus>) -> Result<Vec<CourseFocus>> {
    let items = validate_focus(&items)?;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = pool
        .begin()
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    storage::course::replace_focus(&mut tx, &items, &now).await?;
    tx.commit()
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    get_focus(vault).await
}
