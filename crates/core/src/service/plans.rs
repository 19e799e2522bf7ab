//! Between-session plans: add what was agreed (due by the next session unless another date is
//! given), edit it, record how it went, remove it.

use chrono::{Duration, NaiveDate, Utc};
use sqlx::{Row, SqliteConnection};

use crate::domain::course::ProblemArea;
use crate::domain::plans::{Plan, PlanInput, PlanOutcome, PlanStatus, parse_date};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::course;
use crate::service::vault::VaultService;

/// The plan columns with the person's name; a macro so queries are built from literals.
macro_rules! select_plan {
    () => {
        "SELECT p.id, p.what, p.area, p.person_id, pe.display_name AS person_name, p.due_on, \
      p.status, p.reflection, p.mood_before, p.mood_after, p.created_at, p.updated_at, \
     p.scenario_key, p.run_id \
     FROM plans p LEFT JOIN people pe ON pe.id = p.person_id"
    };
}

fn read_plan(r: &sqlx::sqlite::SqliteRow) -> Result<Plan> {
    let get = |e: sqlx::Error| Error::db("reading plans", e);
    let area: Option<String> = r.try_get("area").map_err(get)?;
    let status: String = r.try_get("status").map_err(get)?;
    Ok(Plan {
        id: r.try_get("id").map_err(get)?,
        what: r.try_get("what").map_err(get)?,
        area: area.as_deref().and_then(ProblemArea::from_id),
        person_id: r.try_get("person_id").map_err(get)?,
        person_name: r.try_get("person_name").map_err(get)?,
        due_on: r.try_get("due_on").map_err(get)?,
        status: PlanStatus::from_id(&status)
            .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown plan status"))?,
        reflection: r.try_get("reflection").map_err(get)?,
        mood_before: r.try_get("mood_before").map_err(get)?,
        mood_after: r.try_get("mood_after").map_err(get)?,
        created_at: r.try_get("created_at").map_err(get)?,
        updated_at: r.try_get("updated_at").map_err(get)?,
        scenario_key: r.try_get("scenario_key").map_err(get)?,
        run_id: r.try_get("run_id").map_err(get)?,
    })
}

pub(crate) fn parse_today(today: &str) -> Result<NaiveDate> {
    parse_date(today, "today's date")
}

/// "By the next session": the next session's date when the course is set up (today's, if today's
/// session is not recorded yet), otherwise a week from today.
pub async fn default_due(vault: &VaultService, today: NaiveDate) -> Result<NaiveDate> {
    Ok(course::next_session(vault, today)
        .await?
        .map(|(_, date)| date)
        .unwrap_or(today + Duration::days(7)))
}

async fn due_or_default(vault: &VaultService, due: Option<String>, today: &str) -> Result<String> {
    match due {
        Some(d) => Ok(d),
        None => Ok(default_due(vault, parse_today(today)?)
            .await?
            .format("%Y-%m-%d")
            .to_string()),
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: i64) -> Result<Plan> {
    let row = sqlx::query(concat!(select_plan!(), " WHERE p.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| Error::db("reading a plan", e))?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "that plan is not there"))?;
    read_plan(&row)
}

pub async fn get_plan(vault: &VaultService, id: i64) -> Result<Plan> {
    let pool = vault.pool().await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading a plan", e))?;
    get_in(&mut conn, id).await
}

/// Every plan, the most recent due date first.
pub async fn list_plans(vault: &VaultService) -> Result<Vec<Plan>> {
    let pool = vault.pool().await?;
    let rows = sqlx::query(concat!(
        select_plan!(),
        " ORDER BY p.due_on DESC, p.id DESC"
    ))
    .fetch_all(&pool)
    .await
    .map_err(|e| Error::db("reading plans", e))?;
    rows.iter().map(read_plan).collect()
}

/// Adds a plan agreed in session; `today` is the patient's local date (`YYYY-MM-DD`).
pub async fn create_plan(vault: &VaultService, input: PlanInput, today: String) -> Result<Plan> {
    create_linked_plan(vault, input, today, None).await
}

/// Adds a plan, optionally as the real-life try of a rehearsal (`(scenario key, run id)`).
pub(crate) async fn create_linked_plan(
    vault: &VaultService,
    input: PlanInput,
    today: String,
    rehearsal: Option<(String, i64)>,
) -> Result<Plan> {
    let v = input.validate()?;
    let due = due_or_default(vault, v.due_on, &today).await?;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = crate::storage::begin(&pool).await?;
    let person = crate::storage::people::resolve_person(
        &mut tx,
        v.person_id,
        v.person_name.as_deref(),
        &now,
    )
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plans (what, area, person_id, due_on, created_at, updated_at, scenario_key, run_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&v.what)
    .bind(v.area.map(ProblemArea::id))
    .bind(person)
    .bind(&due)
    .bind(&now)
    .bind(&now)
    .bind(rehearsal.as_ref().map(|(k, _)| k.as_str()))
    .bind(rehearsal.as_ref().map(|(_, r)| *r))
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| Error::db("saving the plan", e))?;
    let plan = get_in(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(plan)
}

/// Changes what the plan is, its area, person or due date (its outcome is kept).
pub async fn update_plan(
    vault: &VaultService,
    id: i64,
    input: PlanInput,
    today: String,
) -> Result<Plan> {
    let v = input.validate()?;
    let due = due_or_default(vault, v.due_on, &today).await?;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = crate::storage::begin(&pool).await?;
    let person = crate::storage::people::resolve_person(
        &mut tx,
        v.person_id,
        v.person_name.as_deref(),
        &now,
    )
    .await?;
    let changed = sqlx::query(
        "UPDATE plans SET what = ?, area = ?, person_id = ?, due_on = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&v.what)
    .bind(v.area.map(ProblemArea::id))
    .bind(person)
    .bind(&due)
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| Error::db("saving the plan", e))?
    .rows_affected();
    if changed == 0 {
        return Err(Error::new(ErrorCode::NotFound, "that plan is not there"));
    }
    let plan = get_in(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(plan)
}

/// Records how it went: tried, done, not this week, or planned again ("I'll try again": a date
/// that has passed moves to the next session).
pub async fn record_outcome(
    vault: &VaultService,
    id: i64,
    outcome: PlanOutcome,
    today: String,
) -> Result<Plan> {
    let today = parse_today(&today)?;
    let current = get_plan(vault, id).await?;
    let next_due = default_due(vault, today).await?;
    let c = outcome.apply(&current.due_on, today, next_due)?;
    let pool = vault.write_pool().await?;
    let changed = sqlx::query(
        "UPDATE plans SET status = ?, reflection = ?, mood_before = ?, mood_after = ?, due_on = ?, \
         updated_at = ? WHERE id = ?",
    )
    .bind(c.status.id())
    .bind(&c.reflection)
    .bind(c.mood_before)
    .bind(c.mood_after)
    .bind(&c.due_on)
    .bind(utc_string(Utc::now()))
    .bind(id)
    .execute(&pool)
    .await
    .map_err(|e| Error::db("saving how it went", e))?
    .rows_affected();
    if changed == 0 {
        return Err(Error::new(ErrorCode::NotFound, "that plan is not there"));
    }
    get_plan(vault, id).await
}

/// Removes a plan for good (an agenda already archived keeps its copy).
pub async fn delete_plan(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    let gone = sqlx::query("DELETE FROM plans WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::db("removing the plan", e))?
        .rows_affected();
    if gone == 0 {
        return Err(Error::new(ErrorCode::NotFound, "that plan is not there"));
    }
    sqlx::query("DELETE FROM agenda_order WHERE item_key = ?")
        .bind(format!("plan:{id}"))
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::db("removing the plan", e))?;
    crate::storage::commit(tx).await
}
