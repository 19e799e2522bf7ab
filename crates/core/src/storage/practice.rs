//! SQL for communication practice: the patient's own scenarios, rehearsal runs and their turns,
//! communication analyses and decision analyses. Plans made from a run are the plans feature's
//! rows, read through its repository.

use std::collections::HashMap;

use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{FromRow, Row, Sqlite, SqliteConnection};

use crate::domain::journal::{event_key, split_event_key};
use crate::domain::person_page::{PersonRolePlay, PersonWorksheet};
use crate::domain::practice::{
    Approach, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, ExportedAnalysis, ExportedDecision, ExportedRun,
    ExportedScenario, ExportedTurn, PracticeExport, WhoStarted, custom_id, custom_key,
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

// ---- Export and import ----------------------------------------------------------------------

/// Practice's part of an export: every worksheet, own scenario and rehearsal, oldest first
/// (each person by stable id). `entries` gives a journal entry's uid by its local id (from the
/// journal's repository), for the moment a worksheet started from.
pub async fn export(
    conn: &mut SqliteConnection,
    entries: &HashMap<i64, String>,
) -> Result<PracticeExport> {
    let rows = sqlx::query(
        "SELECT a.*, p.uid AS person FROM communication_analyses a \
         LEFT JOIN people p ON p.id = a.person_id ORDER BY a.id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading worksheets"))?;
    let damaged = |_| Error::new(ErrorCode::Damaged, "a worksheet is damaged");
    let get = db("reading worksheets");
    let mut analyses = Vec::with_capacity(rows.len());
    for r in &rows {
        let traps: String = r.try_get("traps").map_err(&get)?;
        let alternatives: String = r.try_get("alternatives").map_err(&get)?;
        let who: Option<String> = r.try_get("who_started").map_err(&get)?;
        let source: Option<String> = r.try_get("source_event").map_err(&get)?;
        analyses.push(ExportedAnalysis {
            uid: r.try_get("uid").map_err(&get)?,
            person: r.try_get("person").map_err(&get)?,
            occurred_on: r.try_get("occurred_on").map_err(&get)?,
            setting: r.try_get("setting").map_err(&get)?,
            who_started: who.as_deref().and_then(WhoStarted::from_id),
            what_i_said: r.try_get("what_i_said").map_err(&get)?,
            how_i_said_it: r.try_get("how_i_said_it").map_err(&get)?,
            what_they_said: r.try_get("what_they_said").map_err(&get)?,
            felt_then: r.try_get("felt_then").map_err(&get)?,
            felt_after: r.try_get("felt_after").map_err(&get)?,
            wanted: r.try_get("wanted").map_err(&get)?,
            what_happened: r.try_get("what_happened").map_err(&get)?,
            traps: serde_json::from_str(&traps).map_err(damaged)?,
            alternatives: serde_json::from_str(&alternatives).map_err(damaged)?,
            chosen: r.try_get("chosen").map_err(&get)?,
            // A moment whose entry is gone for good is a link to nothing: not carried.
            source_event: source.as_deref().and_then(split_event_key).and_then(
                |(entry, position)| {
                    let uid = entries.get(&entry.parse::<i64>().ok()?)?;
                    Some(event_key(uid, position))
                },
            ),
            created_at: r.try_get("created_at").map_err(&get)?,
            updated_at: r.try_get("updated_at").map_err(&get)?,
        });
    }
    let decisions = sqlx::query_as::<_, (String, String, String, String)>(
        "SELECT uid, input, created_at, updated_at FROM decision_analyses ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading decisions"))?
    .into_iter()
    .map(|(uid, input, created_at, updated_at)| {
        Ok(ExportedDecision {
            uid,
            input: serde_json::from_str(&input)
                .map_err(|_| Error::new(ErrorCode::Damaged, "a decision is damaged"))?,
            created_at,
            updated_at,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(PracticeExport {
        analyses,
        decisions,
        scenarios: export_scenarios(conn).await?,
        runs: export_runs(conn).await?,
    })
}

/// The patient's own scenarios as they wrote them, oldest first: the person and the worksheet
/// it was made from by stable id (as the columns say: one removed since is none).
async fn export_scenarios(conn: &mut SqliteConnection) -> Result<Vec<ExportedScenario>> {
    #[derive(FromRow)]
    struct Row {
        uid: String,
        input: String,
        person: Option<String>,
        analysis: Option<String>,
        created_at: String,
        updated_at: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.uid, c.input, p.uid AS person, a.uid AS analysis, c.created_at, c.updated_at \
         FROM custom_scenarios c LEFT JOIN people p ON p.id = c.person_id \
         LEFT JOIN communication_analyses a ON a.id = c.analysis_id ORDER BY c.id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading the library"))?;
    rows.into_iter()
        .map(|r| {
            let i = parse_scenario(&r.input)?;
            Ok(ExportedScenario {
                uid: r.uid,
                title: i.title,
                area: i.area,
                person: r.person,
                setting: i.setting,
                aim: i.aim,
                opening: i.opening,
                if_open: i.if_open,
                if_tense: i.if_tense,
                if_distant: i.if_distant,
                suggested_reply: i.suggested_reply,
                analysis: r.analysis,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

/// Every rehearsal with its turns, oldest first; a run of an own scenario names it by uid.
async fn export_runs(conn: &mut SqliteConnection) -> Result<Vec<ExportedRun>> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        uid: String,
        #[sqlx(flatten)]
        run: RunRow,
    }
    #[derive(FromRow)]
    struct Turn {
        run_id: i64,
        step_id: String,
        other_line: String,
        reply: String,
        approach: String,
    }
    let scenarios: HashMap<i64, String> = uid_ids(conn, "custom_scenarios")
        .await?
        .into_iter()
        .map(|(uid, id)| (id, uid))
        .collect();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, uid, scenario_key, title, started_at, finished_at, current_step, ending_id, \
         confidence_before, confidence_after, felt_hard FROM roleplay_runs ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading the practice"))?;
    let mut runs = Vec::with_capacity(rows.len());
    let mut at = HashMap::with_capacity(rows.len());
    for Row { id, uid, run: r } in rows {
        let (built_in_scenario, custom_scenario) = match custom_id(&r.scenario_key) {
            Some(c) => (
                None,
                Some(scenarios.get(&c).cloned().ok_or_else(|| {
                    Error::new(
                        ErrorCode::Damaged,
                        "a practice names a scenario that is not there",
                    )
                })?),
            ),
            None => (Some(r.scenario_key), None),
        };
        at.insert(id, runs.len());
        runs.push(ExportedRun {
            uid,
            built_in_scenario,
            custom_scenario,
            title: r.title,
            started_at: r.started_at,
            finished_at: r.finished_at,
            current_step: r.current_step,
            ending_id: r.ending_id,
            confidence_before: r.confidence_before,
            confidence_after: r.confidence_after,
            felt_hard: r.felt_hard,
            turns: Vec::new(),
        });
    }
    let turns: Vec<Turn> = sqlx::query_as(
        "SELECT run_id, step_id, other_line, reply, approach FROM roleplay_turns \
         ORDER BY run_id, position",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading the practice"))?;
    for t in turns {
        if let Some(&i) = at.get(&t.run_id) {
            runs[i].turns.push(ExportedTurn {
                step_id: t.step_id,
                other_line: t.other_line,
                reply: t.reply,
                approach: Approach::from_id(&t.approach)
                    .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown approach"))?,
            });
        }
    }
    Ok(runs)
}

/// Every uid → local id of one of practice's tables.
async fn uid_ids(conn: &mut SqliteConnection, table: &str) -> Result<HashMap<String, i64>> {
    let sql = format!("SELECT uid, id FROM {table}");
    Ok(sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await
        .map_err(db("reading the practice"))?
        .into_iter()
        .collect())
}

/// Every communication analysis's uid → local id.
pub async fn analysis_uid_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    uid_ids(conn, "communication_analyses").await
}

/// Every own scenario's uid → local id.
pub async fn scenario_uid_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    uid_ids(conn, "custom_scenarios").await
}

/// Every rehearsal's uid → local id.
pub async fn run_uid_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    uid_ids(conn, "roleplay_runs").await
}

async fn uid_here(conn: &mut SqliteConnection, table: &str, uid: &str) -> Result<bool> {
    let sql = format!("SELECT count(*) FROM {table} WHERE uid = ?");
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(uid)
        .fetch_one(&mut *conn)
        .await
        .map_err(db("reading worksheets"))?;
    Ok(n > 0)
}

async fn set_uid_and_times(
    conn: &mut SqliteConnection,
    table: &str,
    id: i64,
    (uid, created_at, updated_at): (&str, &str, &str),
) -> Result<()> {
    let sql = format!("UPDATE {table} SET uid = ?, created_at = ?, updated_at = ? WHERE id = ?");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(uid)
        .bind(created_at)
        .bind(updated_at)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db("saving a worksheet"))?;
    Ok(())
}

/// Adds the worksheets whose uid is not here yet: analyses validated, each with its person's
/// local id; decisions validated. Returns how many were added.
pub async fn import(
    conn: &mut SqliteConnection,
    analyses: &[(&ExportedAnalysis, CommunicationAnalysisInput, Option<i64>)],
    decisions: &[(&ExportedDecision, DecisionAnalysisInput)],
) -> Result<usize> {
    let mut added = 0;
    for (x, v, person) in analyses {
        if uid_here(conn, "communication_analyses", &x.uid).await? {
            continue;
        }
        let id = insert_analysis(conn, v, *person, &x.created_at).await?;
        let times = (x.uid.as_str(), x.created_at.as_str(), x.updated_at.as_str());
        set_uid_and_times(conn, "communication_analyses", id, times).await?;
        added += 1;
    }
    for (x, v) in decisions {
        if uid_here(conn, "decision_analyses", &x.uid).await? {
            continue;
        }
        let id = insert_decision(conn, v, &x.created_at).await?;
        let times = (x.uid.as_str(), x.created_at.as_str(), x.updated_at.as_str());
        set_uid_and_times(conn, "decision_analyses", id, times).await?;
        added += 1;
    }
    Ok(added)
}

/// Adds the patient's own scenarios whose uid is not here yet (validated, each with its person's
/// local id), linked to the worksheet they were made from (by uid, already here or imported just
/// before). Returns how many were added.
pub async fn import_scenarios(
    conn: &mut SqliteConnection,
    scenarios: &[(&ExportedScenario, CustomScenarioInput, Option<i64>)],
) -> Result<usize> {
    let analyses = analysis_uid_ids(conn).await?;
    let mut added = 0;
    for (x, v, person) in scenarios {
        if uid_here(conn, "custom_scenarios", &x.uid).await? {
            continue;
        }
        let analysis_id = match &x.analysis {
            Some(u) => Some(*analyses.get(u).ok_or_else(|| {
                Error::new(
                    ErrorCode::ImportMissingLink,
                    "a scenario links to a worksheet that is not there",
                )
            })?),
            None => None,
        };
        let input = CustomScenarioInput {
            person_id: *person,
            person_name: None,
            analysis_id,
            ..v.clone()
        };
        let id = insert_custom_scenario(conn, &input, &x.created_at).await?;
        let times = (x.uid.as_str(), x.created_at.as_str(), x.updated_at.as_str());
        set_uid_and_times(conn, "custom_scenarios", id, times).await?;
        added += 1;
    }
    Ok(added)
}

/// Adds the rehearsals (validated) whose uid is not here yet, with their turns; a run of an own
/// scenario is linked to it by uid (already here or imported just before). Returns how many
/// were added.
pub async fn import_runs(conn: &mut SqliteConnection, runs: &[ExportedRun]) -> Result<usize> {
    let scenarios = scenario_uid_ids(conn).await?;
    let mut added = 0;
    for r in runs {
        if uid_here(conn, "roleplay_runs", &r.uid).await? {
            continue;
        }
        let key = match (&r.built_in_scenario, &r.custom_scenario) {
            (Some(k), None) => k.clone(),
            (None, Some(u)) => custom_key(*scenarios.get(u).ok_or_else(|| {
                Error::new(
                    ErrorCode::ImportMissingLink,
                    "a practice links to a scenario that is not there",
                )
            })?),
            _ => return Err(Error::invalid("a practice names no scenario")),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO roleplay_runs (uid, scenario_key, title, started_at, finished_at, \
             current_step, ending_id, confidence_before, confidence_after, felt_hard) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&r.uid)
        .bind(&key)
        .bind(&r.title)
        .bind(&r.started_at)
        .bind(&r.finished_at)
        .bind(&r.current_step)
        .bind(&r.ending_id)
        .bind(r.confidence_before)
        .bind(r.confidence_after)
        .bind(&r.felt_hard)
        .fetch_one(&mut *conn)
        .await
        .map_err(db("saving the practice"))?;
        for (position, t) in r.turns.iter().enumerate() {
            insert_turn(
                conn,
                id,
                i64::try_from(position).unwrap_or(i64::MAX),
                &t.step_id,
                &t.other_line,
                &t.reply,
                t.approach,
            )
            .await?;
        }
        added += 1;
    }
    Ok(added)
}

/// Moves every worksheet and own scenario naming `from` to `to` (or to nobody, keeping every
/// word); a scenario's stored input carries the person too. Returns (worksheets, scenarios).
pub async fn reassign_person(
    conn: &mut SqliteConnection,
    from: i64,
    to: Option<i64>,
) -> Result<(u64, u64)> {
    let worksheets =
        sqlx::query("UPDATE communication_analyses SET person_id = ? WHERE person_id = ?")
            .bind(to)
            .bind(from)
            .execute(&mut *conn)
            .await
            .map_err(db("moving worksheets"))?
            .rows_affected();
    let scenarios = sqlx::query(
        "UPDATE custom_scenarios SET person_id = ?1, input = json_set(input, '$.personId', ?1) \
         WHERE person_id = ?2",
    )
    .bind(to)
    .bind(from)
    .execute(&mut *conn)
    .await
    .map_err(db("moving scenarios"))?
    .rows_affected();
    Ok((worksheets, scenarios))
}

// ---- For a person's page ----------------------------------------------------------------

/// How many worksheets and own scenarios name `person`: (worksheets, scenarios).
pub async fn count_for_person(conn: &mut SqliteConnection, person: i64) -> Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM communication_analyses WHERE person_id = ?1), \
                (SELECT count(*) FROM custom_scenarios WHERE person_id = ?1)",
    )
    .bind(person)
    .fetch_one(&mut *conn)
    .await
    .map_err(db("reading worksheets"))
}

/// The worksheets about a conversation with `person`, the most recent first.
pub async fn worksheets_for_person(
    conn: &mut SqliteConnection,
    person: i64,
) -> Result<Vec<PersonWorksheet>> {
    let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, occurred_on, setting, wanted, \
           CASE WHEN chosen IS NULL THEN NULL ELSE json_extract(alternatives, '$[' || chosen || ']') END \
         FROM communication_analyses WHERE person_id = ? ORDER BY occurred_on DESC, id DESC",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading worksheets"))?;
    Ok(rows
        .into_iter()
        .map(
            |(id, occurred_on, setting, wanted, chosen)| PersonWorksheet {
                id,
                occurred_on,
                setting,
                wanted,
                chosen,
            },
        )
        .collect())
}

/// The patient's own scenarios built on `person` (newest first), with how each was practised.
pub async fn role_plays_for_person(
    conn: &mut SqliteConnection,
    person: i64,
) -> Result<Vec<PersonRolePlay>> {
    // (scenario id, title, rehearsals finished, last confidence before, after)
    type Row = (i64, Option<String>, i64, Option<i64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, json_extract(c.input, '$.title'), \
           (SELECT count(*) FROM roleplay_runs r \
             WHERE r.scenario_key = 'custom:' || c.id AND r.finished_at IS NOT NULL), \
           (SELECT r.confidence_before FROM roleplay_runs r \
             WHERE r.scenario_key = 'custom:' || c.id AND r.finished_at IS NOT NULL \
             ORDER BY r.finished_at DESC, r.id DESC LIMIT 1), \
           (SELECT r.confidence_after FROM roleplay_runs r \
             WHERE r.scenario_key = 'custom:' || c.id AND r.finished_at IS NOT NULL \
             ORDER BY r.finished_at DESC, r.id DESC LIMIT 1) \
         FROM custom_scenarios c WHERE c.person_id = ? ORDER BY c.id DESC",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading scenarios"))?;
    Ok(rows
        .into_iter()
        .map(|(id, title, finished, before, after)| PersonRolePlay {
            scenario_key: custom_key(id),
            title: title.unwrap_or_default(),
            finished,
            last_confidence_before: before,
            last_confidence_after: after,
        })
        .collect())
}

/// A rehearsal played to its end.
#[derive(FromRow)]
pub struct FinishedRun {
    pub id: i64,
    pub title: String,
    /// UTC, RFC 3339.
    pub finished_at: String,
    pub confidence_before: Option<i64>,
    pub confidence_after: Option<i64>,
}

/// Every rehearsal played to its end, in the order finished (the weekly summary picks its
/// period's by local day).
pub async fn finished_runs(conn: &mut SqliteConnection) -> Result<Vec<FinishedRun>> {
    sqlx::query_as(
        "SELECT id, title, finished_at, confidence_before, confidence_after FROM roleplay_runs \
         WHERE finished_at IS NOT NULL ORDER BY finished_at, id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db("reading the practice"))
}
