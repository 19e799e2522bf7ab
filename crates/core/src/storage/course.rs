//! SQL for the therapy course: the plan of the course, its cards and focus, and the sessions
//! recorded so far.

use chrono::NaiveDate;
use sqlx::{FromRow, Sqlite, SqlitePool};

use super::Tx;
use crate::domain::course::{
    Course, CourseCards, CourseExport, CourseFocus, CourseFormat, DisputeStage, ProblemArea,
    SessionRecord, ValidCourseExport,
};
use crate::error::{Error, ErrorCode, Result};

#[derive(FromRow)]
struct CourseRow {
    start_date: String,
    planned_sessions: i64,
    weekday: i64,
    session_time: String,
    format: String,
    other_care: String,
    therapist_name: String,
    initial_last: i64,
    termination_first: i64,
}

impl CourseRow {
    fn into_course(self) -> Result<Course> {
        Ok(Course {
            start_date: self.start_date,
            planned_sessions: self.planned_sessions,
            weekday: self.weekday,
            session_time: self.session_time,
            format: CourseFormat::from_id(&self.format)
                .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown course format"))?,
            other_care: self.other_care,
            therapist_name: self.therapist_name,
            initial_last: self.initial_last,
            termination_first: self.termination_first,
        })
    }
}

/// The course as set up; `None` before it is.
pub async fn get(pool: &SqlitePool) -> Result<Option<Course>> {
    sqlx::query_as::<_, CourseRow>(
        "SELECT start_date, planned_sessions, weekday, session_time, format, other_care, therapist_name, \
         initial_last, termination_first FROM course WHERE id = 1",
    )
    .fetch_optional(pool)
    .await
    .map_err(|e| Error::db("reading the course", e))?
    .map(CourseRow::into_course)
    .transpose()
}

/// The course's one row, with the columns every write sets; `$tail` says what happens when the
/// row is already there.
macro_rules! write_course_sql {
    ($tail:literal) => {
        concat!(
            "INSERT INTO course (id, start_date, planned_sessions, weekday, session_time, format, other_care, \
             therapist_name, initial_last, termination_first, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ",
            $tail
        )
    };
}

/// Binds the course's columns, in `write_course_sql!`'s order.
fn bind_course<'q>(
    q: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>,
    c: &'q Course,
    now: &'q str,
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments> {
    q.bind(&c.start_date)
        .bind(c.planned_sessions)
        .bind(c.weekday)
        .bind(&c.session_time)
        .bind(c.format.id())
        .bind(&c.other_care)
        .bind(&c.therapist_name)
        .bind(c.initial_last)
        .bind(c.termination_first)
        .bind(now)
}

pub async fn save(pool: &SqlitePool, c: &Course, now: &str) -> Result<()> {
    bind_course(
        sqlx::query(write_course_sql!(
            "ON CONFLICT (id) DO UPDATE SET start_date = excluded.start_date, planned_sessions = excluded.planned_sessions, \
             weekday = excluded.weekday, session_time = excluded.session_time, format = excluded.format, \
             other_care = excluded.other_care, therapist_name = excluded.therapist_name, \
             initial_last = excluded.initial_last, termination_first = excluded.termination_first, \
             updated_at = excluded.updated_at"
        )),
        c,
        now,
    )
    .execute(pool)
    .await
    .map_err(|e| Error::db("saving the course", e))?;
    Ok(())
}

#[derive(FromRow)]
struct SessionRow {
    number: i64,
    held_on: String,
    talked_about: String,
    agreed: String,
    notes: String,
    mood: Option<i64>,
}

impl From<SessionRow> for SessionRecord {
    fn from(r: SessionRow) -> Self {
        SessionRecord {
            number: r.number,
            held_on: r.held_on,
            talked_about: r.talked_about,
            agreed: r.agreed,
            notes: r.notes,
            mood: r.mood,
        }
    }
}

/// The sessions recorded so far, in order.
pub async fn sessions(pool: &SqlitePool) -> Result<Vec<SessionRecord>> {
    Ok(sqlx::query_as::<_, SessionRow>(
        "SELECT number, held_on, talked_about, agreed, notes, mood FROM therapy_sessions ORDER BY number",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading sessions", e))?
    .into_iter()
    .map(SessionRecord::from)
    .collect())
}

/// Records (or corrects) one session, inside the transaction that archives its agenda.
pub async fn save_session(tx: &mut Tx<'_>, r: &SessionRecord, now: &str) -> Result<()> {
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
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the session", e))?;
    Ok(())
}

/// The next session to happen on or after `today`, from the course and the sessions recorded
/// (`None` before the course is set up or once it is complete). Plans and the agenda read it here
/// rather than through the course service, which itself archives the agenda: no import circle.
pub async fn next_session(pool: &SqlitePool, today: NaiveDate) -> Result<Option<(i64, NaiveDate)>> {
    let Some(c) = get(pool).await? else {
        return Ok(None);
    };
    Ok(c.next_session(today, &sessions(pool).await?))
}

#[derive(FromRow)]
struct CardsRow {
    letting_go: String,
    working_on: String,
    sick_role_until: Option<String>,
    formulation: String,
}

/// The cards as written; `None` until the patient writes them.
pub async fn cards(pool: &SqlitePool) -> Result<Option<CourseCards>> {
    Ok(sqlx::query_as::<_, CardsRow>(
        "SELECT letting_go, working_on, sick_role_until, formulation FROM course_cards WHERE id = 1",
    )
    .fetch_optional(pool)
    .await
    .map_err(|e| Error::db("reading the cards", e))?
    .map(|r| CourseCards {
        letting_go: r.letting_go,
        working_on: r.working_on,
        sick_role_until: r.sick_role_until,
        formulation: r.formulation,
    }))
}

pub async fn save_cards(pool: &SqlitePool, c: &CourseCards, now: &str) -> Result<()> {
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
    .bind(now)
    .execute(pool)
    .await
    .map_err(|e| Error::db("saving the cards", e))?;
    Ok(())
}

#[derive(FromRow)]
struct FocusRow {
    area: String,
    goals: String,
    dispute_stage: Option<String>,
}

/// The agreed focus, in the order stored (the service puts it in the areas' order).
pub async fn focus(pool: &SqlitePool) -> Result<Vec<CourseFocus>> {
    sqlx::query_as::<_, FocusRow>("SELECT area, goals, dispute_stage FROM course_focus")
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading the focus", e))?
        .into_iter()
        .map(|r| {
            Ok(CourseFocus {
                area: ProblemArea::from_id(&r.area)
                    .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown problem area"))?,
                goals: r.goals,
                dispute_stage: r.dispute_stage.as_deref().and_then(DisputeStage::from_id),
            })
        })
        .collect()
}

/// Replaces the agreed focus as a whole, inside the caller's transaction.
pub async fn replace_focus(tx: &mut Tx<'_>, items: &[CourseFocus], now: &str) -> Result<()> {
    sqlx::query("DELETE FROM course_focus")
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    for f in items {
        sqlx::query(
            "INSERT INTO course_focus (area, goals, dispute_stage, updated_at) VALUES (?, ?, ?, ?)",
        )
        .bind(f.area.id())
        .bind(&f.goals)
        .bind(f.dispute_stage.map(DisputeStage::id))
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving the focus", e))?;
    }
    Ok(())
}

/// How many sessions are recorded there are (for a backup's summary).
pub async fn count(pool: &SqlitePool) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM therapy_sessions")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("counting sessions", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// The course's part of an export.
pub async fn export(pool: &SqlitePool) -> Result<CourseExport> {
    let mut f = focus(pool).await?;
    f.sort_by_key(|x| x.area.id());
    Ok(CourseExport {
        course: get(pool).await?.map(|c| c.to_input()),
        cards: cards(pool).await?,
        focus: f,
        sessions: sessions(pool).await?,
    })
}

/// Adds what is not here yet: the course and its cards when the vault has none, focus areas not
/// chosen here, sessions whose number is not recorded here (what is here is kept as it is).
/// Returns how many parts were added.
pub async fn import(tx: &mut Tx<'_>, v: &ValidCourseExport, now: &str) -> Result<usize> {
    let fail = |e| Error::db("saving the course", e);
    let mut added = 0;
    if let Some(c) = &v.course {
        let done = bind_course(
            sqlx::query(write_course_sql!("ON CONFLICT (id) DO NOTHING")),
            c,
            now,
        )
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
        added += done.rows_affected();
    }
    if let Some(c) = &v.cards {
        let done = sqlx::query(
            "INSERT INTO course_cards (id, letting_go, working_on, sick_role_until, formulation, updated_at) \
             VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&c.letting_go)
        .bind(&c.working_on)
        .bind(&c.sick_role_until)
        .bind(&c.formulation)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
        added += done.rows_affected();
    }
    for f in &v.focus {
        let done = sqlx::query(
            "INSERT INTO course_focus (area, goals, dispute_stage, updated_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (area) DO NOTHING",
        )
        .bind(f.area.id())
        .bind(&f.goals)
        .bind(f.dispute_stage.map(DisputeStage::id))
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
        added += done.rows_affected();
    }
    for r in &v.sessions {
        let done = sqlx::query(
            "INSERT INTO therapy_sessions (number, held_on, talked_about, agreed, notes, mood, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING",
        )
        .bind(r.number)
        .bind(&r.held_on)
        .bind(&r.talked_about)
        .bind(&r.agreed)
        .bind(&r.notes)
        .bind(r.mood)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(fail)?;
        added += done.rows_affected();
    }
    Ok(usize::try_from(added).unwrap_or(usize::MAX))
}
