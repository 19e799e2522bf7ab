//! My therapy course: set up and edit the plan; where the course stands today.

use chrono::{NaiveDate, Utc};
use sqlx::Row;

use crate::domain::course::{
    Course, CourseCards, CourseFocus, CourseFormat, CourseInput, CourseOverview, DisputeStage,
    ProblemArea, SessionRecord, TimelineSession, validate_focus,
};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::agenda;
use crate::service::vault::VaultService;

pub async fn get_course(vault: &VaultService) -> Result<Option<Course>> {
    let pool = vault.pool().await?;
    let row = sqlx::query(
        "SELECT start_date, planned_sessions, weekday, session_time, format, other_care, therapist_name, \
         initial_last, termination_first FROM course WHERE id = 1",
    )
    .fetch_optional(&pool)
    .await
    .map_err(|e| Error::db("reading the course", e))?;
    row.map(|r| {
        let get = |e: sqlx::Error| Error::db("reading the course", e);
        let format: String = r.try_get("format").map_err(get)?;
        Ok(Course {
            start_date: r.try_get("start_date").map_err(get)?,
            planned_sessions: r.try_get("planned_sessions").map_err(get)?,
            weekday: r.try_get("weekday").map_err(get)?,
            session_time: r.try_get("session_time").map_err(get)?,
            format: CourseFormat::from_id(&format)
                .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown course format"))?,
            other_care: r.try_get("other_care").map_err(get)?,
            therapist_name: r.try_get("therapist_name").map_err(get)?,
            initial_last: r.try_get("initial_last").map_err(get)?,
            termination_first: r.try_get("termination_first").map_err(get)?,
        })
    })
    .transpose()
}

/// Sets up the course, or changes it (the therapist may move the phase boundaries).
pub async fn save_course(vault: &VaultService, input: CourseInput) -> Result<Course> {
    let c = input.validate()?;
    let pool = vault.write_pool().await?;
    sqlx::query(
        "INSERT INTO course (id, start_date, planned_sessions, weekday, session_time, format, other_care, \
         therapist_name, initial_last, termination_first, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET start_date = excluded.start_date, planned_sessions = excluded.planned_sessions, \
         weekday = excluded.weekday, session_time = excluded.session_time, format = excluded.format, \
         other_care = excluded.other_care, therapist_name = excluded.therapist_name, \
         initial_last = excluded.initial_last, termination_first = excluded.termination_first, \
         updated_at = excluded.updated_at",
    )
    .bind(&c.start_date)
    .bind(c.planned_sessions)
    .bind(c.weekday)
    .bind(&c.session_time)
    .bind(c.format.id())
    .bind(&c.other_care)
    .bind(&c.therapist_name)
    .bind(c.initial_last)
    .bind(c.termination_first)
    .bind(utc_string(Utc::now()))
    .execute(&pool)
    .await
    .map_err(|e| Error::db("saving the course", e))?;
    Ok(c)
}

fn parse_today(today: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(today.trim(), "%Y-%m-%d")
        .map_err(|_| Error::new(ErrorCode::InvalidDate, "today's date could not be read"))
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

/// The next session to happen on or after `today` (its number and expected date), if the course
/// is set up and not complete.
pub async fn next_session(
    vault: &VaultService,
    today: NaiveDate,
) -> Result<Option<(i64, NaiveDate)>> {
    let Some(c) = get_course(vault).await? else {
        return Ok(None);
    };
    let o = c.overview_with(today, &list_sessions(vault).await?);
    Ok(o.session_number.zip(
        o.next_session_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    ))
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
    let pool = vault.pool().await?;
    let rows = sqlx::query("SELECT number, held_on, talked_about, agreed, notes, mood FROM therapy_sessions ORDER BY number")
        .fetch_all(&pool)
        .await
        .map_err(|e| Error::db("reading sessions", e))?;
    rows.iter()
        .map(|r| {
            Ok(SessionRecord {
                number: r.try_get("number")?,
                held_on: r.try_get("held_on")?,
                talked_about: r.try_get("talked_about")?,
                agreed: r.try_get("agreed")?,
                notes: r.try_get("notes")?,
                mood: r.try_get("mood")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()
        .map_err(|e| Error::db("reading sessions", e))
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
    sqlx::query(
        "INSERT INTO therapy_sessions (number, held_on, talked_about, agreed, notes, mood, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET held_on = excluded.held_on, \
         talked_about = excluded.talked_about, agreed = excluded.agreed, notes = excluded.notes, \
         mood = excluded.mood, updated_at = excluded.updated_at",
    )
    .bind(r.number)
    .bind(&r.held_on)
    .bind(&r.talked_about)
    .bind(&r.agreed)
    .bind(&r.notes)
    .bind(r.mood)
    .bind(utc_string(Utc::now()))
    .execute(&mut *tx)
    .await
    .map_err(|e| Error::db("saving the session", e))?;
    if archive {
        agenda::archive_into(&mut tx, r.number, Some(cutoff)).await?;
    }
    tx.commit()
        .await
        .map_err(|e| Error::db("saving the session", e))?;
    Ok(r)
}

/// The sick-role and formulation cards (empty until the patient writes them).
pub async fn get_cards(vault: &VaultService) -> Result<CourseCards> {
    let pool = vault.pool().await?;
    let row = sqlx::query("SELECT letting_go, working_on, sick_role_until, formulation FROM course_cards WHERE id = 1")
        .fetch_optional(&pool)
        .await
        .map_err(|e| Error::db("reading the cards", e))?;
    let Some(r) = row else {
        return Ok(CourseCards::default());
    };
    let get = |e: sqlx::Error| Error::db("reading the cards", e);
    Ok(CourseCards {
        letting_go: r.try_get("letting_go").map_err(get)?,
        working_on: r.try_get("working_on").map_err(get)?,
        sick_role_until: r.try_get("sick_role_until").map_err(get)?,
        formulation: r.try_get("formulation").map_err(get)?,
    })
}

pub async fn save_cards(vault: &VaultService, cards: CourseCards) -> Result<CourseCards> {
    let c = cards.validate()?;
    let pool = vault.write_pool().await?;
    sqlx::query(
        "INSERT INTO course_cards (id, letting_go, working_on, sick_role_until, formulation, updated_at) \
         VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET letting_go = excluded.letting_go, \
         working_on = excluded.working_on, sick_role_until = excluded.sick_role_until, \
         formulation = excluded.formulation, updated_at = excluded.updated_at",
    )
    .bind(&c.letting_go)
    .bind(&c.working_on)
    .bind(&c.sick_role_until)
    .bind(&c.formulation)
    .bind(utc_string(Utc::now()))
    .execute(&pool)
    .await
    .map_err(|e| Error::db("saving the cards", e))?;
    Ok(c)
}

/// The agreed focus, in the usual order of the areas.
pub async fn get_focus(vault: &VaultService) -> Result<Vec<CourseFocus>> {
    let pool = vault.pool().await?;
    let rows = sqlx::query("SELECT area, goals, dispute_stage FROM course_focus")
        .fetch_all(&pool)
        .await
        .map_err(|e| Error::db("reading the focus", e))?;
    let get = |e: sqlx::Error| Error::db("reading the focus", e);
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let area: String = r.try_get("area").map_err(get)?;
        let stage: Option<String> = r.try_get("dispute_stage").map_err(get)?;
        out.push(CourseFocus {
            area: ProblemArea::from_id(&area)
                .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown problem area"))?,
            goals: r.try_get("goals").map_err(get)?,
            dispute_stage: stage.as_deref().and_then(DisputeStage::from_id),
        });
    }
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
    sqlx::query("DELETE FROM course_focus")
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    for f in &items {
        sqlx::query(
            "INSERT INTO course_focus (area, goals, dispute_stage, updated_at) VALUES (?, ?, ?, ?)",
        )
        .bind(f.area.id())
        .bind(&f.goals)
        .bind(f.dispute_stage.map(DisputeStage::id))
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    }
    tx.commit()
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    get_focus(vault).await
}
