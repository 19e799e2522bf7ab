//! SQL for communication practice: the patient's own scenarios, rehearsal runs and their turns,
//! communication analyses and decision analyses. Plans made from a run are the plans feature's
//! rows, read through its repository.

use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{FromRow, Row, Sqlite, SqliteConnection};

use crate::domain::practice::{
    Approach, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, WhoStarted,
};
use crate::error::{Error, ErrorCode, Result};

fn db(context: &'static str) -> impl Fn(sqlx::Error) -> Error {
    move |e| Error::db(context, e)
}

// ---- The patient's own scenarios --------------------------------------------------------

fn scenario_not_found() -> Error {
    Error::new(ErrorCode::NotFound, "that scenario is not there")
}

fn parse_scenario(json: &str) -> Result<CustomScenarioInput> {
    serde_json::from_str(json).map_err(|_| Error::new(ErrorCode::Damaged, "a scenario is damaged"))
}

#[derive(FromRow)]
struct CustomScenarioRow {
    input: String,
    display_name: Option<String>,
}

/// One of the patient's scenarios as stored: what they wrote, and the name of the person it is
/// with (the person may have been removed since).
pub struct StoredScenario {
    pub input: CustomScenarioInput,
    pub person_name: Option<String>,
}

pub async fn custom_scenario(conn: &mut SqliteConnection, id: i64) -> Result<StoredScenario> {
    let row: CustomScenarioRow = sqlx::query_as(
        "SELECT c.input, p.display_name FROM custom_scenarios c \
         LEFT JOIN people p ON p.id = c.person_id WHERE c.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db("reading a scenario"))?
    .ok_or_else(scenario_not_found)?;
    Ok(StoredScenario {
        input: parse_scenario(&row.input)?,
        person_name: row.display_name,
    })
}

/// The scenario as the patient wrote it, without looking up the person's name.
pub async fn custom_input(conn: &mut SqliteConnection, id: i64) -> Result<CustomScenarioInput> {
    let json: String = sqlx::query_scalar("SELECT input FROM custom_scenarios WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db("reading a scenario"))?
        .ok_or_else(scenario_not_found)?;
    parse_scenario(&json)
}

pub async fn custom_scenario_ids(conn: &mut SqliteConnection) -> Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM custom_scenarios ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .map_err(db("reading the library"))
}

fn scenario_json(input: &CustomScenarioInput) -> Result<String> {
    serde_json::to_string(input)
        .map_err(|_| Error::new(ErrorCode::Internal, "the scenario could not be kept"))
}

/// Adds a scenario; `input` carries the resolved person (by id) and the worksheet it came from.
pub async fn insert_custom_scenario(
    conn: &mut SqliteConnection,
    input: &CustomScenarioInput,
    now: &str,
) -> Result<i64> {
    let json = scenario_json(input)?;
    sqlx::query_scalar(
        "INSERT INTO custom_scenarios (input, person_id, analysis_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&json)
    .bind(input.person_id)
    .bind(input.analysis_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(db("saving the scenario"))
}

pub async fn update_custom_scenario(
    conn: &mut SqliteConnection,
    id: i64,
    input: &CustomScenarioInput,
    now: &str,
) -> Result<()> {
    let json = scenario_json(input)?;
    let n = sqlx::query(
        "UPDATE custom_scenarios SET input = ?, person_id = ?, analysis_id = ?, updated_at = ? \
         WHERE id = ?",
    )
    .bind(&json)
    .bind(input.person_id)
    .bind(input.analysis_id)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(db("saving the scenario"))?
    .rows_affected();
    if n == 0 {
        return Err(scenario_not_found());
    }
    Ok(())
}

// ---- Rehearsal runs ---------------------------------------------------------------------

fn run_not_found() -> Error {
    Error::new(ErrorCode::NotFound, "that practice is not there")
}

/// How often each scenario was practised to the end, by scenario key.
pub async fn finished_runs_per_scenario(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT scenario_key, count(*) FROM roleplay_runs WHERE finished_at IS NOT NULL \
         GROUP BY scenario_key",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading the library"))
}

/// A run as stored. `current_step` is `None` once the run reached an end.
#[derive(FromRow)]
pub struct RunRow {
    pub scenario_key: String,
    pub title: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub current_step: Option<String>,
    pub ending_id: Option<String>,
    pub confidence_before: Option<i64>,
    pub confidence_after: Option<i64>,
    pub felt_hard: String,
}

#[derive(FromRow)]
pub struct TurnRow {
    pub other_line: String,
    pub reply: String,
    /// An [`Approach`] id.
    pub approach: String,
}

/// Where a run stands before its next turn: its step and how many turns it has.
#[derive(FromRow)]
pub struct RunPosition {
    pub scenario_key: String,
    pub current_step: Option<String>,
    #[sqlx(rename = "n")]
    pub turns: i64,
}

/// Starts a run at the scenario's first step.
pub async fn insert_run(
    conn: &mut SqliteConnection,
    scenario_key: &str,
    title: &str,
    started_at: &str,
    start: &str,
    confidence_before: Option<i64>,
) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO roleplay_runs (scenario_key, title, started_at, current_step, confidence_before) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(scenario_key)
    .bind(title)
    .bind(started_at)
    .bind(start)
    .bind(confidence_before)
    .fetch_one(&mut *conn)
    .await
    .map_err(db("starting the practice"))
}

pub async fn run(conn: &mut SqliteConnection, id: i64) -> Result<RunRow> {
    sqlx::query_as(
        "SELECT scenario_key, title, started_at, finished_at, current_step, ending_id, \
         confidence_before, confidence_after, felt_hard FROM roleplay_runs WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db("reading the practice"))?
    .ok_or_else(run_not_found)
}

pub async fn run_position(conn: &mut SqliteConnection, id: i64) -> Result<RunPosition> {
    sqlx::query_as(
        "SELECT scenario_key, current_step, (SELECT count(*) FROM roleplay_turns WHERE run_id = r.id) AS n \
         FROM roleplay_runs r WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db("reading the practice"))?
    .ok_or_else(run_not_found)
}

/// A scenario's runs, newest first.
pub async fn run_ids_for(conn: &mut SqliteConnection, scenario_key: &str) -> Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM roleplay_runs WHERE scenario_key = ? ORDER BY id DESC")
        .bind(scenario_key)
        .fetch_all(&mut *conn)
        .await
        .map_err(db("reading the practice"))
}

/// A run's turns in the order they were taken.
pub async fn turns(conn: &mut SqliteConnection, run_id: i64) -> Result<Vec<TurnRow>> {
    sqlx::query_as(
        "SELECT other_line, reply, approach FROM roleplay_turns WHERE run_id = ? ORDER BY position",
    )
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading the practice"))
}

/// Keeps one turn: the line shown at `step_id` and the patient's reply with its approach.
pub async fn insert_turn(
    conn: &mut SqliteConnection,
    run_id: i64,
    position: i64,
    step_id: &str,
    other_line: &str,
    reply: &str,
    approach: Approach,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO roleplay_turns (run_id, position, step_id, other_line, reply, approach) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(run_id)
    .bind(position)
    .bind(step_id)
    .bind(other_line)
    .bind(reply)
    .bind(approach.id())
    .execute(&mut *conn)
    .await
    .map_err(db("saving the reply"))?;
    Ok(())
}

/// Moves a run to its next step, or (with `step` `None`) to the ending it reached.
pub async fn move_run(
    conn: &mut SqliteConnection,
    run_id: i64,
    step: Option<&str>,
    ending: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE roleplay_runs SET current_step = ?, ending_id = ? WHERE id = ?")
        .bind(step)
        .bind(ending)
        .bind(run_id)
        .execute(&mut *conn)
        .await
        .map_err(db("saving the reply"))?;
    Ok(())
}

/// Closes a run that reached its end (the first finish time is kept). False when no such run
/// has reached its end.
pub async fn finish_run(
    conn: &mut SqliteConnection,
    run_id: i64,
    confidence_after: Option<i64>,
    felt_hard: &str,
    now: &str,
) -> Result<bool> {
    let n = sqlx::query(
        "UPDATE roleplay_runs SET confidence_after = ?, felt_hard = ?, \
         finished_at = coalesce(finished_at, ?) WHERE id = ? AND current_step IS NULL",
    )
    .bind(confidence_after)
    .bind(felt_hard)
    .bind(now)
    .bind(run_id)
    .execute(&mut *conn)
    .await
    .map_err(db("finishing the practice"))?
    .rows_affected();
    Ok(n > 0)
}

// ---- Communication analysis -------------------------------------------------------------

fn analysis_not_found() -> Error {
    Error::new(ErrorCode::NotFound, "that worksheet is not there")
}

/// The worksheet columns, the person's name and the latest scenario made from it; a macro so the
/// queries are built from literals.
macro_rules! select_analysis {
    () => {
        "SELECT a.*, p.display_name, \
         (SELECT 'custom:' || c.id FROM custom_scenarios c WHERE c.analysis_id = a.id \
          ORDER BY c.id DESC LIMIT 1) AS scenario_key \
         FROM communication_analyses a LEFT JOIN people p ON p.id = a.person_id"
    };
}

#[derive(FromRow)]
struct AnalysisRow {
    id: i64,
    occurred_on: String,
    person_id: Option<i64>,
    display_name: Option<String>,
    setting: String,
    who_started: Option<String>,
    what_i_said: String,
    how_i_said_it: String,
    what_they_said: String,
    felt_then: String,
    felt_after: String,
    wanted: String,
    what_happened: String,
    /// JSON array of trap ids.
    traps: String,
    /// JSON array of strings.
    alternatives: String,
    chosen: Option<i64>,
    source_event: Option<String>,
    scenario_key: Option<String>,
    updated_at: String,
}

fn read_analysis(r: &SqliteRow) -> Result<CommunicationAnalysis> {
    let r = AnalysisRow::from_row(r).map_err(db("reading a worksheet"))?;
    let damaged = |_| Error::new(ErrorCode::Damaged, "a worksheet is damaged");
    Ok(CommunicationAnalysis {
        id: r.id,
        worksheet: CommunicationAnalysisInput {
            occurred_on: r.occurred_on,
            person_id: r.person_id,
            person_name: r.display_name,
            setting: r.setting,
            who_started: r.who_started.as_deref().and_then(WhoStarted::from_id),
            what_i_said: r.what_i_said,
            how_i_said_it: r.how_i_said_it,
            what_they_said: r.what_they_said,
            felt_then: r.felt_then,
            felt_after: r.felt_after,
            wanted: r.wanted,
            what_happened: r.what_happened,
            traps: serde_json::from_str(&r.traps).map_err(damaged)?,
            alternatives: serde_json::from_str(&r.alternatives).map_err(damaged)?,
            chosen: r.chosen,
            source_event: r.source_event,
        },
        scenario_key: r.scenario_key,
        updated_at: r.updated_at,
    })
}

/// Every worksheet, the most recent day first.
pub async fn analyses(conn: &mut SqliteConnection) -> Result<Vec<CommunicationAnalysis>> {
    let rows = sqlx::query(concat!(
        select_analysis!(),
        " ORDER BY a.occurred_on DESC, a.id DESC"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading worksheets"))?;
    rows.iter().map(read_analysis).collect()
}

pub async fn analysis(conn: &mut SqliteConnection, id: i64) -> Result<CommunicationAnalysis> {
    let row = sqlx::query(concat!(select_analysis!(), " WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db("reading a worksheet"))?
        .ok_or_else(analysis_not_found)?;
    read_analysis(&row)
}

pub async fn analysis_exists(conn: &mut SqliteConnection, id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM communication_analyses WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .map_err(db("saving the scenario"))?;
    Ok(n > 0)
}

type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments>;

/// The worksheet's lists as stored (JSON).
fn worksheet_lists(v: &CommunicationAnalysisInput) -> Result<(String, String)> {
    let kept = |_| Error::new(ErrorCode::Internal, "the worksheet could not be kept");
    Ok((
        serde_json::to_string(&v.traps).map_err(kept)?,
        serde_json::to_string(&v.alternatives).map_err(kept)?,
    ))
}

/// Binds a worksheet's fields in the column order both queries below share, then `updated_at`.
fn bind_worksheet<'q>(
    q: Query<'q>,
    v: &'q CommunicationAnalysisInput,
    person: Option<i64>,
    (traps, alternatives): (String, String),
    now: &'q str,
) -> Query<'q> {
    q.bind(&v.occurred_on)
        .bind(person)
        .bind(&v.setting)
        .bind(v.who_started.map(WhoStarted::id))
        .bind(&v.what_i_said)
        .bind(&v.how_i_said_it)
        .bind(&v.what_they_said)
        .bind(&v.felt_then)
        .bind(&v.felt_after)
        .bind(&v.wanted)
        .bind(&v.what_happened)
        .bind(traps)
        .bind(alternatives)
        .bind(v.chosen)
        .bind(&v.source_event)
        .bind(now)
}

/// Adds a validated worksheet about `person` (already resolved).
pub async fn insert_analysis(
    conn: &mut SqliteConnection,
    v: &CommunicationAnalysisInput,
    person: Option<i64>,
    now: &str,
) -> Result<i64> {
    let lists = worksheet_lists(v)?;
    bind_worksheet(
        sqlx::query(
            "INSERT INTO communication_analyses (occurred_on, person_id, setting, who_started, \
             what_i_said, how_i_said_it, what_they_said, felt_then, felt_after, wanted, what_happened, \
             traps, alternatives, chosen, source_event, updated_at, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ),
        v,
        person,
        lists,
        now,
    )
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(db("saving the worksheet"))?
    .try_get("id")
    .map_err(db("saving the worksheet"))
}

pub async fn update_analysis(
    conn: &mut SqliteConnection,
    id: i64,
    v: &CommunicationAnalysisInput,
    person: Option<i64>,
    now: &str,
) -> Result<()> {
    let lists = worksheet_lists(v)?;
    let n = bind_worksheet(
        sqlx::query(
            "UPDATE communication_analyses SET occurred_on = ?, person_id = ?, setting = ?, \
             who_started = ?, what_i_said = ?, how_i_said_it = ?, what_they_said = ?, felt_then = ?, \
             felt_after = ?, wanted = ?, what_happened = ?, traps = ?, alternatives = ?, chosen = ?, \
             source_event = ?, updated_at = ? WHERE id = ?",
        ),
        v,
        person,
        lists,
        now,
    )
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(db("saving the worksheet"))?
    .rows_affected();
    if n == 0 {
        return Err(analysis_not_found());
    }
    Ok(())
}

pub async fn delete_analysis(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    let n = sqlx::query("DELETE FROM communication_analyses WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db("removing the worksheet"))?
        .rows_affected();
    if n == 0 {
        return Err(analysis_not_found());
    }
    Ok(())
}

// ---- Decision analysis ------------------------------------------------------------------

fn decision_not_found() -> Error {
    Error::new(ErrorCode::NotFound, "that decision is not there")
}

/// A decision is kept as one JSON document ([`DecisionAnalysisInput`]).
#[derive(FromRow)]
struct DecisionRow {
    id: i64,
    input: String,
    updated_at: String,
}

fn decision_json(v: &DecisionAnalysisInput) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|_| Error::new(ErrorCode::Internal, "the decision could not be kept"))
}

/// Every decision, the most recently changed first.
pub async fn decisions(conn: &mut SqliteConnection) -> Result<Vec<DecisionAnalysis>> {
    let rows: Vec<DecisionRow> = sqlx::query_as(
        "SELECT id, input, updated_at FROM decision_analyses ORDER BY updated_at DESC, id DESC",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading decisions"))?;
    rows.into_iter()
        .map(|r| {
            Ok(DecisionAnalysis {
                id: r.id,
                input: serde_json::from_str(&r.input)
                    .map_err(|_| Error::new(ErrorCode::Damaged, "a decision is damaged"))?,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

pub async fn insert_decision(
    conn: &mut SqliteConnection,
    v: &DecisionAnalysisInput,
    now: &str,
) -> Result<i64> {
    let json = decision_json(v)?;
    sqlx::query_scalar(
        "INSERT INTO decision_analyses (input, created_at, updated_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(&json)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(db("saving the decision"))
}

pub async fn update_decision(
    conn: &mut SqliteConnection,
    id: i64,
    v: &DecisionAnalysisInput,
    now: &str,
) -> Result<()> {
    let json = decision_json(v)?;
    let n = sqlx::query("UPDATE decision_analyses SET input = ?, updated_at = ? WHERE id = ?")
        .bind(&json)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db("saving the decision"))?
        .rows_affected();
    if n == 0 {
        return Err(decision_not_found());
    }
    Ok(())
}

pub async fn delete_decision(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    let n = sqlx::query("DELETE FROM decision_analyses WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db("removing the decision"))?
        .rows_affected();
    if n == 0 {
        return Err(decision_not_found());
    }
    Ok(())
}
