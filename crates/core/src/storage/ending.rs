//! SQL for ending well: the ending plan (one row, one JSON document) and the monthly follow-ups
//! (each row points at its PHQ-9 in the check-ins, which stores and scores it).

use sqlx::{FromRow, SqliteConnection, SqliteExecutor, SqlitePool};

use super::Tx;
use crate::domain::ending::{EndingExport, EndingPlan, ExportedFollowUp, tidy_list};
use crate::error::{Error, ErrorCode, Result};

#[derive(FromRow)]
struct EndingPlanRow {
    plan: String,
    updated_at: String,
}

fn damaged() -> Error {
    Error::new(ErrorCode::Damaged, "the ending plan is damaged")
}

impl EndingPlanRow {
    /// Read back through the same rules as the form's input, so a stored plan the rules would
    /// refuse is reported, not shown half-read.
    fn into_plan(self) -> Result<EndingPlan> {
        let stored: EndingPlan = serde_json::from_str(&self.plan).map_err(|_| damaged())?;
        let mut plan = stored.tidied().map_err(|_| damaged())?;
        plan.updated_at = Some(self.updated_at);
        Ok(plan)
    }
}

/// The saved plan, if one was ever saved.
pub async fn get(pool: &SqlitePool) -> Result<Option<EndingPlan>> {
    read_plan(pool).await
}

/// Reads the plan on a given connection, such as the transaction that is saving it.
pub async fn get_in(conn: &mut SqliteConnection) -> Result<Option<EndingPlan>> {
    read_plan(conn).await
}

async fn read_plan<'e>(db: impl SqliteExecutor<'e>) -> Result<Option<EndingPlan>> {
    sqlx::query_as::<_, EndingPlanRow>("SELECT plan, updated_at FROM ending_plan WHERE id = 1")
        .fetch_optional(db)
        .await
        .map_err(|e| Error::db("reading the ending plan", e))?
        .map(EndingPlanRow::into_plan)
        .transpose()
}

/// Replaces the plan with a tidied one saved at `updated_at` (UTC).
pub async fn put(tx: &mut Tx<'_>, plan: &EndingPlan, updated_at: &str) -> Result<()> {
    let stored = EndingPlan {
        updated_at: None,
        ..plan.clone()
    };
    let json = serde_json::to_string(&stored)
        .map_err(|_| Error::new(ErrorCode::Internal, "the ending plan could not be kept"))?;
    sqlx::query(
        "INSERT INTO ending_plan (id, plan, updated_at) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, updated_at = excluded.updated_at",
    )
    .bind(json)
    .bind(updated_at)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the ending plan", e))?;
    Ok(())
}

// ---- Follow-ups -----------------------------------------------------------------------------

/// A follow-up as stored; its check-in is read from the check-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub id: i64,
    pub check_in_id: i64,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
    pub signs_noticed: Vec<String>,
}

#[derive(FromRow)]
struct RawFollowUp {
    id: i64,
    check_in_id: i64,
    taken_on: String,
    signs_noticed: String,
}

fn follow_up_damaged() -> Error {
    Error::new(ErrorCode::Damaged, "a monthly check-in is damaged")
}

impl RawFollowUp {
    fn into_row(self) -> Result<FollowUpRow> {
        let signs: Vec<String> =
            serde_json::from_str(&self.signs_noticed).map_err(|_| follow_up_damaged())?;
        Ok(FollowUpRow {
            id: self.id,
            check_in_id: self.check_in_id,
            taken_on: self.taken_on,
            signs_noticed: tidy_list("a sign noticed", &signs).map_err(|_| follow_up_damaged())?,
        })
    }
}

/// Adds a follow-up for the check-in `check_in_id` (saved in the same transaction); returns its
/// id.
pub async fn insert_follow_up(
    tx: &mut Tx<'_>,
    check_in_id: i64,
    taken_on: &str,
    signs_noticed: &[String],
) -> Result<i64> {
    let signs = serde_json::to_string(signs_noticed)
        .map_err(|_| Error::new(ErrorCode::Internal, "the signs could not be kept"))?;
    sqlx::query_scalar(
        "INSERT INTO follow_ups (check_in_id, taken_on, signs_noticed) VALUES (?, ?, ?) \
         RETURNING id",
    )
    .bind(check_in_id)
    .bind(taken_on)
    .bind(signs)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the monthly check-in", e))
}

/// One follow-up, on a given connection (such as the transaction saving it).
pub async fn follow_up_in(conn: &mut SqliteConnection, id: i64) -> Result<FollowUpRow> {
    sqlx::query_as::<_, RawFollowUp>(
        "SELECT id, check_in_id, taken_on, signs_noticed FROM follow_ups WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| Error::db("reading a monthly check-in", e))?
    .ok_or_else(|| Error::new(ErrorCode::NotFound, "that monthly check-in is not there"))?
    .into_row()
}

/// Every follow-up, the most recent first.
pub async fn follow_ups(conn: &mut SqliteConnection) -> Result<Vec<FollowUpRow>> {
    sqlx::query_as::<_, RawFollowUp>(
        "SELECT id, check_in_id, taken_on, signs_noticed FROM follow_ups \
         ORDER BY taken_on DESC, id DESC",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading the monthly check-ins", e))?
    .into_iter()
    .map(RawFollowUp::into_row)
    .collect()
}

/// The days follow-ups were taken on (`YYYY-MM-DD`), for the schedule.
pub async fn follow_up_days(pool: &SqlitePool) -> Result<Vec<String>> {
    sqlx::query_scalar("SELECT taken_on FROM follow_ups")
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading the monthly check-ins", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// Ending well's part of an export: the plan and every follow-up (its check-in by stable id).
pub async fn export(pool: &SqlitePool) -> Result<EndingExport> {
    let follow_ups = sqlx::query_as::<_, (String, String, String)>(
        "SELECT c.uid, f.taken_on, f.signs_noticed FROM follow_ups f \
         JOIN checkins c ON c.id = f.check_in_id ORDER BY f.taken_on, f.id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading the monthly check-ins", e))?
    .into_iter()
    .map(|(check_in, taken_on, signs)| {
        Ok(ExportedFollowUp {
            check_in,
            taken_on,
            signs_noticed: serde_json::from_str(&signs).map_err(|_| follow_up_damaged())?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(EndingExport {
        plan: get(pool).await?,
        follow_ups,
    })
}

/// Saves the plan (tidied) if the vault has none, and the follow-ups (validated, each with its
/// check-in's local id) whose check-in has none here. Returns how many parts were added.
pub async fn import(
    tx: &mut Tx<'_>,
    plan: Option<&EndingPlan>,
    follow_ups: &[(ExportedFollowUp, i64)],
    now: &str,
) -> Result<usize> {
    let mut added = 0;
    if let Some(p) = plan
        && get_in(tx).await?.is_none()
    {
        put(tx, p, p.updated_at.as_deref().unwrap_or(now)).await?;
        added += 1;
    }
    for (f, check_in_id) in follow_ups {
        let signs = serde_json::to_string(&f.signs_noticed)
            .map_err(|_| Error::new(ErrorCode::Internal, "the signs could not be kept"))?;
        let done = sqlx::query(
            "INSERT INTO follow_ups (check_in_id, taken_on, signs_noticed) VALUES (?, ?, ?) \
             ON CONFLICT (check_in_id) DO NOTHING",
        )
        .bind(check_in_id)
        .bind(&f.taken_on)
        .bind(signs)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving the monthly check-in", e))?;
        added += usize::try_from(done.rows_affected()).unwrap_or(0);
    }
    Ok(added)
}
