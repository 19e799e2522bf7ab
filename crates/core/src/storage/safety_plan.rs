//! SQL for the safety plan: one row, the plan as one JSON document and when it was saved.

use sqlx::{FromRow, SqliteConnection, SqliteExecutor, SqlitePool};

use super::Tx;
use crate::domain::safety_plan::SafetyPlan;
use crate::error::{Error, ErrorCode, Result};

#[derive(FromRow)]
struct SafetyPlanRow {
    plan: String,
    updated_at: String,
}

fn damaged() -> Error {
    Error::new(ErrorCode::Damaged, "the safety plan is damaged")
}

impl SafetyPlanRow {
    /// A row is read back through the same rules as the form's input, so a stored plan the rules
    /// would refuse is reported, not shown half-read.
    fn into_plan(self) -> Result<SafetyPlan> {
        let stored: SafetyPlan = serde_json::from_str(&self.plan).map_err(|_| damaged())?;
        let mut plan = stored.tidied().map_err(|_| damaged())?;
        plan.updated_at = Some(self.updated_at);
        Ok(plan)
    }
}

/// The saved plan, if one was ever saved.
pub async fn get(pool: &SqlitePool) -> Result<Option<SafetyPlan>> {
    read(pool).await
}

/// Reads the plan on a given connection, such as the transaction that is saving it.
pub async fn get_in(conn: &mut SqliteConnection) -> Result<Option<SafetyPlan>> {
    read(conn).await
}

async fn read<'e>(db: impl SqliteExecutor<'e>) -> Result<Option<SafetyPlan>> {
    sqlx::query_as::<_, SafetyPlanRow>("SELECT plan, updated_at FROM safety_plan WHERE id = 1")
        .fetch_optional(db)
        .await
        .map_err(|e| Error::db("reading the safety plan", e))?
        .map(SafetyPlanRow::into_plan)
        .transpose()
}

/// Replaces the plan with a tidied one saved at `updated_at` (UTC).
pub async fn put(tx: &mut Tx<'_>, plan: &SafetyPlan, updated_at: &str) -> Result<()> {
    let stored = SafetyPlan {
        updated_at: None,
        ..plan.clone()
    };
    let json = serde_json::to_string(&stored)
        .map_err(|_| Error::new(ErrorCode::Internal, "the safety plan could not be kept"))?;
    sqlx::query(
        "INSERT INTO safety_plan (id, plan, updated_at) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, updated_at = excluded.updated_at",
    )
    .bind(json)
    .bind(updated_at)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the safety plan", e))?;
    Ok(())
}

/// Saves `plan` (tidied) only if the vault has none yet; `true` when it was saved.
pub async fn import(tx: &mut Tx<'_>, plan: &SafetyPlan, now: &str) -> Result<bool> {
    if get_in(tx).await?.is_some() {
        return Ok(false);
    }
    put(tx, plan, plan.updated_at.as_deref().unwrap_or(now)).await?;
    Ok(true)
}
