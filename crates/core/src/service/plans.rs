//! Between-session plans: add what was agreed (due by the next session unless another date is
//! given), edit it, record how it went, remove it.

use chrono::{Duration, NaiveDate, Utc};

use crate::domain::course::parse_today;
use crate::domain::plans::{Plan, PlanInput, PlanOutcome};
use crate::domain::time::utc_string;
use crate::error::{Error, Result};
use crate::service::vault::VaultService;
use crate::storage;
use crate::storage::plans::not_found;

/// "By the next session": the next session's date when the course is set up (today's, if today's
/// session is not recorded yet), otherwise a week from today.
pub async fn default_due(vault: &VaultService, today: NaiveDate) -> Result<NaiveDate> {
    Ok(storage::course::next_session(&vault.pool().await?, today)
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

pub async fn get_plan(vault: &VaultService, id: i64) -> Result<Plan> {
    let pool = vault.pool().await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading a plan", e))?;
    storage::plans::get_in(&mut conn, id).await
}

/// Every plan, the most recent due date first.
pub async fn list_plans(vault: &VaultService) -> Result<Vec<Plan>> {
    storage::plans::list(&vault.pool().await?).await
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
    let due = due_or_default(vault, v.due_on.clone(), &today).await?;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = storage::begin(&pool).await?;
    let person =
        storage::people::resolve_person(&mut tx, v.person_id, v.person_name.as_deref(), &now)
            .await?;
    let rehearsal = rehearsal.as_ref().map(|(k, r)| (k.as_str(), *r));
    let id = storage::plans::insert(&mut tx, &v, person, &due, &now, rehearsal).await?;
    let plan = storage::plans::get_in(&mut tx, id).await?;
    storage::commit(tx).await?;
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
    let due = due_or_default(vault, v.due_on.clone(), &today).await?;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = storage::begin(&pool).await?;
    let person =
        storage::people::resolve_person(&mut tx, v.person_id, v.person_name.as_deref(), &now)
            .await?;
    if !storage::plans::update(&mut tx, id, &v, person, &due, &now).await? {
        return Err(not_found());
    }
    let plan = storage::plans::get_in(&mut tx, id).await?;
    storage::commit(tx).await?;
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
    if !storage::plans::set_outcome(&pool, id, &c, &utc_string(Utc::now())).await? {
        return Err(not_found());
    }
    get_plan(vault, id).await
}

/// Removes a plan for good (an agenda already archived keeps its copy).
pub async fn delete_plan(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    if !storage::plans::delete(&mut tx, id).await? {
        return Err(not_found());
    }
    storage::agenda::forget_position(&mut tx, &format!("plan:{id}"), "removing the plan").await?;
    storage::commit(tx).await
}
