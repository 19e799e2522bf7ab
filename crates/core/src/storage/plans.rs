//! SQL for between-session plans. The agenda and practice read plans here, never the table.

use std::collections::HashMap;

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::Tx;
use crate::domain::course::ProblemArea;
use crate::domain::person_page::PersonPlan;
use crate::domain::plans::{ExportedPlan, Plan, PlanChange, PlanStatus, ValidPlan};
use crate::domain::practice::custom_id;
use crate::error::{Error, ErrorCode, Result};

/// The plan columns with the person's name; a macro so queries are built from literals.
macro_rules! select_plan {
    () => {
        "SELECT p.id, p.what, p.area, p.person_id, pe.display_name AS person_name, p.due_on, \
      p.status, p.reflection, p.mood_before, p.mood_after, p.created_at, p.updated_at, \
     p.scenario_key, p.run_id \
     FROM plans p LEFT JOIN people pe ON pe.id = p.person_id"
    };
}

#[derive(FromRow)]
struct PlanRow {
    id: i64,
    what: String,
    area: Option<String>,
    person_id: Option<i64>,
    person_name: Option<String>,
    due_on: String,
    status: String,
    reflection: String,
    mood_before: Option<i64>,
    mood_after: Option<i64>,
    created_at: String,
    updated_at: String,
    scenario_key: Option<String>,
    run_id: Option<i64>,
}

impl PlanRow {
    fn into_plan(self) -> Result<Plan> {
        Ok(Plan {
            id: self.id,
            what: self.what,
            area: self.area.as_deref().and_then(ProblemArea::from_id),
            person_id: self.person_id,
            person_name: self.person_name,
            due_on: self.due_on,
            status: PlanStatus::from_id(&self.status)
                .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown plan status"))?,
            reflection: self.reflection,
            mood_before: self.mood_before,
            mood_after: self.mood_after,
            created_at: self.created_at,
            updated_at: self.updated_at,
            scenario_key: self.scenario_key,
            run_id: self.run_id,
        })
    }
}

pub(crate) fn not_found() -> Error {
    Error::new(ErrorCode::NotFound, "that plan is not there")
}

/// Reads one plan on a given connection, such as the transaction that is saving it.
pub async fn get_in(conn: &mut SqliteConnection, id: i64) -> Result<Plan> {
    let row = sqlx::query(concat!(select_plan!(), " WHERE p.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| Error::db("reading a plan", e))?
        .ok_or_else(not_found)?;
    PlanRow::from_row(&row)
        .map_err(|e| Error::db("reading plans", e))?
        .into_plan()
}

/// Every plan, the most recent due date first.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Plan>> {
    sqlx::query_as::<_, PlanRow>(concat!(
        select_plan!(),
        " ORDER BY p.due_on DESC, p.id DESC"
    ))
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading plans", e))?
    .into_iter()
    .map(PlanRow::into_plan)
    .collect()
}

/// The plans that carry role-play run `run_id` into real life, oldest first.
pub async fn ids_for_run(conn: &mut SqliteConnection, run_id: i64) -> Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM plans WHERE run_id = ? ORDER BY id")
        .bind(run_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Error::db("reading plans", e))
}

/// Adds a plan (optionally the real-life try of a rehearsal: `(scenario key, run id)`); returns
/// its id.
pub async fn insert(
    tx: &mut Tx<'_>,
    v: &ValidPlan,
    person: Option<i64>,
    due: &str,
    now: &str,
    rehearsal: Option<(&str, i64)>,
) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO plans (what, area, person_id, due_on, created_at, updated_at, scenario_key, run_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&v.what)
    .bind(v.area.map(ProblemArea::id))
    .bind(person)
    .bind(due)
    .bind(now)
    .bind(now)
    .bind(rehearsal.map(|(k, _)| k))
    .bind(rehearsal.map(|(_, r)| r))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the plan", e))
}

/// Changes what the plan is, its area, person and due date; `false` when there is no such plan.
pub async fn update(
    tx: &mut Tx<'_>,
    id: i64,
    v: &ValidPlan,
    person: Option<i64>,
    due: &str,
    now: &str,
) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE plans SET what = ?, area = ?, person_id = ?, due_on = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&v.what)
    .bind(v.area.map(ProblemArea::id))
    .bind(person)
    .bind(due)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the plan", e))?
    .rows_affected();
    Ok(changed > 0)
}

/// Stores how it went; `false` when there is no such plan.
pub async fn set_outcome(pool: &SqlitePool, id: i64, c: &PlanChange, now: &str) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE plans SET status = ?, reflection = ?, mood_before = ?, mood_after = ?, due_on = ?, \
         updated_at = ? WHERE id = ?",
    )
    .bind(c.status.id())
    .bind(&c.reflection)
    .bind(c.mood_before)
    .bind(c.mood_after)
    .bind(&c.due_on)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map_err(|e| Error::db("saving how it went", e))?
    .rows_affected();
    Ok(changed > 0)
}

/// Removes a plan; `false` when there is no such plan.
pub async fn delete(tx: &mut Tx<'_>, id: i64) -> Result<bool> {
    let gone = sqlx::query("DELETE FROM plans WHERE id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("removing the plan", e))?
        .rows_affected();
    Ok(gone > 0)
}

/// A plan as the agenda shows it.
#[derive(FromRow)]
pub struct AgendaPlan {
    pub item_key: String,
    pub what: String,
    pub reflection: String,
    pub due_on: String,
    pub status: String,
    pub mood_after: Option<i64>,
    pub display_name: Option<String>,
}

/// The plans for the open agenda: due by `cutoff` (`YYYY-MM-DD`) or with something to report,
/// every one without a cutoff; `archived` holds the agenda keys already brought to a session,
/// which are left out.
pub async fn for_agenda(
    conn: &mut SqliteConnection,
    cutoff: Option<String>,
    archived: &str,
) -> Result<Vec<AgendaPlan>> {
    sqlx::query_as(
        "SELECT * FROM (SELECT 'plan:' || p.id AS item_key, p.id, p.what, p.reflection, p.due_on, \
           p.status, p.mood_after, pe.display_name \
         FROM plans p LEFT JOIN people pe ON pe.id = p.person_id \
         WHERE ?1 IS NULL OR p.due_on <= ?1 OR p.status <> 'planned') k \
         WHERE k.item_key NOT IN (SELECT value FROM json_each(?2)) \
         ORDER BY due_on, id",
    )
    .bind(cutoff)
    .bind(archived)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("gathering the agenda", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// Every plan, oldest first, as the export carries it (the person by stable id). `runs` and
/// `scenarios` give a role-play run's and an own scenario's uid by local id (from practice's
/// repository), for a plan that is the real try of a rehearsal.
pub async fn export(
    pool: &SqlitePool,
    runs: &HashMap<i64, String>,
    scenarios: &HashMap<i64, String>,
) -> Result<Vec<ExportedPlan>> {
    #[derive(FromRow)]
    struct Row {
        uid: String,
        what: String,
        area: Option<String>,
        person: Option<String>,
        due_on: String,
        status: String,
        reflection: String,
        mood_before: Option<i64>,
        mood_after: Option<i64>,
        scenario_key: Option<String>,
        run_id: Option<i64>,
        created_at: String,
        updated_at: String,
    }
    sqlx::query_as::<_, Row>(
        "SELECT p.uid, p.what, p.area, pe.uid AS person, p.due_on, p.status, p.reflection, \
         p.mood_before, p.mood_after, p.scenario_key, p.run_id, p.created_at, p.updated_at \
         FROM plans p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading plans", e))?
    .into_iter()
    .map(|r| {
        let (built_in_scenario, custom_scenario) = match r.scenario_key {
            Some(k) => match custom_id(&k) {
                Some(id) => (None, scenarios.get(&id).cloned()),
                None => (Some(k), None),
            },
            None => (None, None),
        };
        Ok(ExportedPlan {
            uid: r.uid,
            what: r.what,
            area: r.area.as_deref().and_then(ProblemArea::from_id),
            person: r.person,
            due_on: r.due_on,
            status: PlanStatus::from_id(&r.status)
                .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown plan status"))?,
            reflection: r.reflection,
            mood_before: r.mood_before,
            mood_after: r.mood_after,
            role_play: r.run_id.and_then(|id| runs.get(&id).cloned()),
            built_in_scenario,
            custom_scenario,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    })
    .collect()
}

/// Every plan's uid → local id.
pub async fn uid_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    Ok(
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM plans")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading plans", e))?
            .into_iter()
            .collect(),
    )
}

/// One plan from an export, checked, with its links resolved to this vault's ids.
pub struct ImportPlan {
    pub plan: ExportedPlan,
    pub person: Option<i64>,
    /// The role-play run it is the real try of.
    pub run: Option<i64>,
    /// That run's scenario, as practice keys it here.
    pub scenario_key: Option<String>,
}

/// Adds the plans (validated, links resolved) whose uid is not here yet; returns how many were
/// added.
pub async fn import(tx: &mut Tx<'_>, plans: &[ImportPlan]) -> Result<usize> {
    let mut added = 0;
    for ImportPlan {
        plan: p,
        person,
        run,
        scenario_key,
    } in plans
    {
        let here: i64 = sqlx::query_scalar("SELECT count(*) FROM plans WHERE uid = ?")
            .bind(&p.uid)
            .fetch_one(&mut **tx)
            .await
            .map_err(|e| Error::db("reading plans", e))?;
        if here > 0 {
            continue;
        }
        sqlx::query(
            "INSERT INTO plans (uid, what, area, person_id, due_on, status, reflection, mood_before, \
             mood_after, scenario_key, run_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&p.uid)
        .bind(&p.what)
        .bind(p.area.map(ProblemArea::id))
        .bind(person)
        .bind(&p.due_on)
        .bind(p.status.id())
        .bind(&p.reflection)
        .bind(p.mood_before)
        .bind(p.mood_after)
        .bind(scenario_key)
        .bind(run)
        .bind(&p.created_at)
        .bind(&p.updated_at)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving the plan", e))?;
        added += 1;
    }
    Ok(added)
}

/// Moves every plan naming `from` to `to` (or to nobody, keeping every word). Returns how many.
pub async fn reassign_person(tx: &mut Tx<'_>, from: i64, to: Option<i64>) -> Result<u64> {
    Ok(
        sqlx::query("UPDATE plans SET person_id = ? WHERE person_id = ?")
            .bind(to)
            .bind(from)
            .execute(&mut **tx)
            .await
            .map_err(|e| Error::db("moving plans", e))?
            .rows_affected(),
    )
}

/// How many plans name `person`.
pub async fn count_for_person(conn: &mut SqliteConnection, person: i64) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM plans WHERE person_id = ?")
        .bind(person)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| Error::db("reading plans", e))
}

/// The plans that name `person`, the most recent due date first.
pub async fn for_person(conn: &mut SqliteConnection, person: i64) -> Result<Vec<PersonPlan>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, what, due_on, status FROM plans WHERE person_id = ? ORDER BY due_on DESC, id DESC",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading plans", e))?;
    rows.into_iter()
        .map(|(id, what, due_on, status)| {
            Ok(PersonPlan {
                id,
                what,
                due_on,
                status: PlanStatus::from_id(&status)
                    .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown plan status"))?,
            })
        })
        .collect()
}
