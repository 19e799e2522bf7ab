//! Communication practice: the scenario library (built in, and the patient's own), rehearsal
//! runs kept turn by turn, the review of a run, planning the real try, and the communication
//! analysis worksheet that can become the patient's own scenario.

use std::sync::OnceLock;

use chrono::Utc;
use serde::Serialize;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::domain::course::ProblemArea;
use crate::domain::plans::{Plan, PlanInput};
use crate::domain::practice::{
    Approach, Audience, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, MAX_FIELD_CHARS, Next, Scenario, ScenarioEnding,
    TheirDay, Trap, WhoStarted,
};
use crate::domain::text::check_len;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::plans;
use crate::service::vault::VaultService;

const LIBRARY_JSON: &str = include_str!("../../scenarios/library.json");
/// A run ends by itself at a scenario's end; this bounds a damaged one.
const MAX_TURNS: i64 = 50;

/// The scenarios that ship with the app, parsed once.
pub fn built_in() -> Result<&'static [Scenario]> {
    static LIBRARY: OnceLock<std::result::Result<Vec<Scenario>, String>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| serde_json::from_str(LIBRARY_JSON).map_err(|e| e.to_string()))
        .as_deref()
        .map_err(|e| Error::new(ErrorCode::Internal, format!("the scenario library: {e}")))
}

/// One line of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioSummary {
    pub key: String,
    pub title: String,
    pub area: ProblemArea,
    pub audience: Audience,
    pub other: String,
    pub built_in: bool,
    #[ts(type = "number")]
    pub runs: i64,
}

/// A turn as it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RolePlayTurn {
    pub other_line: String,
    pub reply: String,
    pub approach: Approach,
}

/// Where a run stands: the other person's current line and a tip, or the ending reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RolePlayRun {
    #[ts(type = "number")]
    pub id: i64,
    pub scenario_key: String,
    pub title: String,
    pub line: Option<String>,
    pub tip: Option<String>,
    pub ending: Option<ScenarioEnding>,
    pub turns: Vec<RolePlayTurn>,
    #[ts(type = "number | null")]
    pub confidence_before: Option<i64>,
    #[ts(type = "number | null")]
    pub confidence_after: Option<i64>,
    pub felt_hard: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Approaches used, in order of first use.
    pub approaches_used: Vec<Approach>,
    /// Traps a reply fell into, and those the run kept clear of.
    pub traps_met: Vec<Trap>,
    pub traps_avoided: Vec<Trap>,
    /// The real-life tries planned from this run.
    pub plans: Vec<Plan>,
}

fn db(context: &'static str) -> impl Fn(sqlx::Error) -> Error {
    move |e| Error::db(context, e)
}

fn check_score(what: &str, v: Option<i64>) -> Result<()> {
    if v.is_some_and(|v| !(0..=10).contains(&v)) {
        return Err(Error::invalid(format!("{what} must be between 0 and 10")));
    }
    Ok(())
}

async fn custom_scenario(conn: &mut SqliteConnection, id: i64) -> Result<Scenario> {
    let row = sqlx::query(
        "SELECT c.input, p.display_name FROM custom_scenarios c \
         LEFT JOIN people p ON p.id = c.person_id WHERE c.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db("reading a scenario"))?
    .ok_or_else(|| Error::new(ErrorCode::NotFound, "that scenario is not there"))?;
    let json: String = row.try_get("input").map_err(db("reading a scenario"))?;
    let name: Option<String> = row
        .try_get("display_name")
        .map_err(db("reading a scenario"))?;
    let input: CustomScenarioInput = serde_json::from_str(&json)
        .map_err(|_| Error::new(ErrorCode::Damaged, "a scenario is damaged"))?;
    let other = name.unwrap_or_else(|| "the other person".to_owned());
    input.to_scenario(format!("custom:{id}"), other)
}

async fn scenario_in(conn: &mut SqliteConnection, key: &str) -> Result<Scenario> {
    if let Some(id) = key.strip_prefix("custom:").and_then(|n| n.parse().ok()) {
        return custom_scenario(conn, id).await;
    }
    built_in()?
        .iter()
        .find(|s| s.key == key)
        .cloned()
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "that scenario is not there"))
}

async fn conn(vault: &VaultService) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
    vault
        .pool()
        .await?
        .acquire()
        .await
        .map_err(db("opening the vault"))
}

/// A connection for a use case that writes (refused once the vault file is known damaged).
async fn write_conn(vault: &VaultService) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
    vault
        .write_pool()
        .await?
        .acquire()
        .await
        .map_err(db("opening the vault"))
}

pub async fn get_scenario(vault: &VaultService, key: String) -> Result<Scenario> {
    scenario_in(&mut *conn(vault).await?, &key).await
}

/// The library: built-in scenarios, then the patient's own, with how often each was practised.
pub async fn library(vault: &VaultService) -> Result<Vec<ScenarioSummary>> {
    let mut c = conn(vault).await?;
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT scenario_key, count(*) FROM roleplay_runs WHERE finished_at IS NOT NULL \
         GROUP BY scenario_key",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(db("reading the library"))?;
    let runs = |key: &str| counts.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n);
    let summary = |s: &Scenario, built_in: bool| ScenarioSummary {
        key: s.key.clone(),
        title: s.title.clone(),
        area: s.area,
        audience: s.audience,
        other: s.other.clone(),
        built_in,
        runs: runs(&s.key),
    };
    let mut out: Vec<ScenarioSummary> = built_in()?.iter().map(|s| summary(s, true)).collect();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM custom_scenarios ORDER BY id")
        .fetch_all(&mut *c)
        .await
        .map_err(db("reading the library"))?;
    for id in ids {
        let s = custom_scenario(&mut c, id).await?;
        out.push(summary(&s, false));
    }
    Ok(out)
}

/// The patient's scenario as they wrote it (for editing).
pub async fn get_custom_input(vault: &VaultService, key: String) -> Result<CustomScenarioInput> {
    let id = custom_id(&key)?;
    let json: String = sqlx::query_scalar("SELECT input FROM custom_scenarios WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn(vault).await?)
        .await
        .map_err(db("reading a scenario"))?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "that scenario is not there"))?;
    serde_json::from_str(&json).map_err(|_| Error::new(ErrorCode::Damaged, "a scenario is damaged"))
}

fn custom_id(key: &str) -> Result<i64> {
    key.strip_prefix("custom:")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error::invalid("only your own scenarios can be changed"))
}

/// Makes (or, with `key`, changes) one of the patient's own scenarios. Made from a communication
/// analysis, it is linked to it.
pub async fn save_custom_scenario(
    vault: &VaultService,
    key: Option<String>,
    input: CustomScenarioInput,
) -> Result<Scenario> {
    let id = key.as_deref().map(custom_id).transpose()?;
    // Checked before anything is written.
    input.to_scenario("custom:0".into(), "x".into())?;
    let pool = vault.write_pool().await?;
    let now = utc_string(Utc::now());
    let mut tx = crate::storage::begin(&pool).await?;
    let person = crate::storage::people::resolve_person(
        &mut tx,
        input.person_id,
        crate::domain::people::tidy_person_name(input.person_name.as_deref())?.as_deref(),
        &now,
    )
    .await?;
    let stored = CustomScenarioInput {
        person_id: person,
        person_name: None,
        ..input
    };
    if let Some(a) = stored.analysis_id {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM communication_analyses WHERE id = ?")
            .bind(a)
            .fetch_one(&mut *tx)
            .await
            .map_err(db("saving the scenario"))?;
        if n == 0 {
            return Err(Error::new(
                ErrorCode::NotFound,
                "that worksheet is not there",
            ));
        }
    }
    let json = serde_json::to_string(&stored)
        .map_err(|_| Error::new(ErrorCode::Internal, "the scenario could not be kept"))?;
    let id = match id {
        Some(id) => {
            let n = sqlx::query(
                "UPDATE custom_scenarios SET input = ?, person_id = ?, analysis_id = ?, updated_at = ? \
                 WHERE id = ?",
            )
            .bind(&json)
            .bind(person)
            .bind(stored.analysis_id)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db("saving the scenario"))?
            .rows_affected();
            if n == 0 {
                return Err(Error::new(
                    ErrorCode::NotFound,
                    "that scenario is not there",
                ));
            }
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO custom_scenarios (input, person_id, analysis_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&json)
        .bind(person)
        .bind(stored.analysis_id)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db("saving the scenario"))?,
    };
    let s = custom_scenario(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(s)
}

/// Starts a rehearsal, with how confident the patient feels before it (0–10).
pub async fn start_run(
    vault: &VaultService,
    key: String,
    confidence_before: Option<i64>,
) -> Result<RolePlayRun> {
    check_score("confidence", confidence_before)?;
    let mut c = write_conn(vault).await?;
    let s = scenario_in(&mut c, &key).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO roleplay_runs (scenario_key, title, started_at, current_step, confidence_before) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&s.key)
    .bind(&s.title)
    .bind(utc_string(Utc::now()))
    .bind(&s.start)
    .bind(confidence_before)
    .fetch_one(&mut *c)
    .await
    .map_err(db("starting the practice"))?;
    read_run(&mut c, id).await
}

/// The patient's reply and its approach: stored, and the run moves to where that approach leads
/// (on this run's kind of day for the other person, see [`TheirDay`]).
pub async fn take_turn(
    vault: &VaultService,
    run_id: i64,
    reply: String,
    approach: Approach,
) -> Result<RolePlayRun> {
    let reply = reply.trim().to_owned();
    if reply.is_empty() {
        return Err(Error::invalid("write what you would say first"));
    }
    check_len("the reply", &reply, MAX_FIELD_CHARS)?;
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    let row = sqlx::query(
        "SELECT scenario_key, current_step, (SELECT count(*) FROM roleplay_turns WHERE run_id = r.id) AS n \
         FROM roleplay_runs r WHERE id = ?",
    )
    .bind(run_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db("reading the practice"))?
    .ok_or_else(|| Error::new(ErrorCode::NotFound, "that practice is not there"))?;
    let key: String = row
        .try_get("scenario_key")
        .map_err(db("reading the practice"))?;
    let at: Option<String> = row
        .try_get("current_step")
        .map_err(db("reading the practice"))?;
    let n: i64 = row.try_get("n").map_err(db("reading the practice"))?;
    let at = at.ok_or_else(|| Error::invalid("this practice has already reached its end"))?;
    if n >= MAX_TURNS {
        return Err(Error::invalid("this practice has too many turns"));
    }
    let s = scenario_in(&mut tx, &key).await?;
    let line = s
        .step(&at)
        .map(|st| st.line.clone())
        .ok_or_else(|| Error::new(ErrorCode::Damaged, "the practice is at an unknown step"))?;
    sqlx::query(
        "INSERT INTO roleplay_turns (run_id, position, step_id, other_line, reply, approach) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(run_id)
    .bind(n)
    .bind(&at)
    .bind(&line)
    .bind(&reply)
    .bind(approach.id())
    .execute(&mut *tx)
    .await
    .map_err(db("saving the reply"))?;
    let (step, ending) = match s.next_on(&at, approach, TheirDay::of_run(run_id))? {
        Next::Step(st) => (Some(st.id.clone()), None),
        Next::End(e) => (None, Some(e.id.clone())),
    };
    sqlx::query("UPDATE roleplay_runs SET current_step = ?, ending_id = ? WHERE id = ?")
        .bind(step)
        .bind(ending)
        .bind(run_id)
        .execute(&mut *tx)
        .await
        .map_err(db("saving the reply"))?;
    let run = read_run(&mut tx, run_id).await?;
    crate::storage::commit(tx).await?;
    Ok(run)
}

/// Closes a run that reached its end: confidence afterwards and what felt hard.
pub async fn finish_run(
    vault: &VaultService,
    run_id: i64,
    confidence_after: Option<i64>,
    felt_hard: String,
) -> Result<RolePlayRun> {
    check_score("confidence", confidence_after)?;
    check_len("what felt hard", &felt_hard, MAX_FIELD_CHARS)?;
    let mut c = write_conn(vault).await?;
    let n = sqlx::query(
        "UPDATE roleplay_runs SET confidence_after = ?, felt_hard = ?, \
         finished_at = coalesce(finished_at, ?) WHERE id = ? AND current_step IS NULL",
    )
    .bind(confidence_after)
    .bind(felt_hard.trim())
    .bind(utc_string(Utc::now()))
    .bind(run_id)
    .execute(&mut *c)
    .await
    .map_err(db("finishing the practice"))?
    .rows_affected();
    if n == 0 {
        read_run(&mut c, run_id).await?;
        return Err(Error::invalid("the practice has not reached its end yet"));
    }
    read_run(&mut c, run_id).await
}

pub async fn get_run(vault: &VaultService, run_id: i64) -> Result<RolePlayRun> {
    read_run(&mut *conn(vault).await?, run_id).await
}

/// Every run of a scenario, newest first, to show progress.
pub async fn runs_for(vault: &VaultService, key: String) -> Result<Vec<RolePlayRun>> {
    let mut c = conn(vault).await?;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM roleplay_runs WHERE scenario_key = ? ORDER BY id DESC")
            .bind(&key)
            .fetch_all(&mut *c)
            .await
            .map_err(db("reading the practice"))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(read_run(&mut c, id).await?);
    }
    Ok(out)
}

/// Plans the real try of a rehearsal: it becomes a between-session plan linked to the run and its
/// scenario, so how it went is recorded there and shown with the run.
pub async fn plan_real_try(
    vault: &VaultService,
    run_id: i64,
    input: PlanInput,
    today: String,
) -> Result<Plan> {
    let run = get_run(vault, run_id).await?;
    plans::create_linked_plan(vault, input, today, Some((run.scenario_key, run.id))).await
}

async fn read_run(conn: &mut SqliteConnection, id: i64) -> Result<RolePlayRun> {
    let err = db("reading the practice");
    let r = sqlx::query(
        "SELECT scenario_key, title, started_at, finished_at, current_step, ending_id, \
         confidence_before, confidence_after, felt_hard FROM roleplay_runs WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(&err)?
    .ok_or_else(|| Error::new(ErrorCode::NotFound, "that practice is not there"))?;
    let key: String = r.try_get("scenario_key").map_err(&err)?;
    let at: Option<String> = r.try_get("current_step").map_err(&err)?;
    let ending_id: Option<String> = r.try_get("ending_id").map_err(&err)?;
    let turns = sqlx::query(
        "SELECT other_line, reply, approach FROM roleplay_turns WHERE run_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .map_err(&err)?
    .iter()
    .map(|t| {
        let approach: String = t.try_get("approach").map_err(&err)?;
        Ok(RolePlayTurn {
            other_line: t.try_get("other_line").map_err(&err)?,
            reply: t.try_get("reply").map_err(&err)?,
            approach: Approach::from_id(&approach)
                .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown approach"))?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    // The scenario may have been edited or removed since: the run keeps its own turns, and the
    // current line and ending are looked up when they can be.
    let scenario = scenario_in(conn, &key).await.ok();
    let step = at
        .as_deref()
        .and_then(|a| scenario.as_ref().and_then(|s| s.step(a)).cloned());
    let ending = ending_id
        .as_deref()
        .and_then(|e| scenario.as_ref().and_then(|s| s.ending(e)).cloned());
    let mut approaches_used: Vec<Approach> = Vec::new();
    for t in &turns {
        if !approaches_used.contains(&t.approach) {
            approaches_used.push(t.approach);
        }
    }
    let traps_met: Vec<Trap> = Trap::PRACTISED
        .into_iter()
        .filter(|trap| {
            approaches_used
                .iter()
                .any(|a| Trap::of_approach(*a).contains(trap))
        })
        .collect();
    let traps_avoided = Trap::PRACTISED
        .into_iter()
        .filter(|t| !traps_met.contains(t))
        .collect();
    let plan_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM plans WHERE run_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(&err)?;
    let mut linked = Vec::with_capacity(plan_ids.len());
    for p in plan_ids {
        linked.push(plans::get_in(conn, p).await?);
    }
    Ok(RolePlayRun {
        id,
        scenario_key: key,
        title: r.try_get("title").map_err(&err)?,
        line: step.as_ref().map(|s| s.line.clone()),
        tip: step.map(|s| s.tip),
        ending,
        turns,
        confidence_before: r.try_get("confidence_before").map_err(&err)?,
        confidence_after: r.try_get("confidence_after").map_err(&err)?,
        felt_hard: r.try_get("felt_hard").map_err(&err)?,
        started_at: r.try_get("started_at").map_err(&err)?,
        finished_at: r.try_get("finished_at").map_err(&err)?,
        approaches_used,
        traps_met,
        traps_avoided,
        plans: linked,
    })
}

// ---- Communication analysis -------------------------------------------------------------

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

fn read_analysis(r: &sqlx::sqlite::SqliteRow) -> Result<CommunicationAnalysis> {
    let err = db("reading a worksheet");
    let text = |col: &str| -> Result<String> { r.try_get(col).map_err(&err) };
    let damaged = |_| Error::new(ErrorCode::Damaged, "a worksheet is damaged");
    let who: Option<String> = r.try_get("who_started").map_err(&err)?;
    Ok(CommunicationAnalysis {
        id: r.try_get("id").map_err(&err)?,
        worksheet: CommunicationAnalysisInput {
            occurred_on: text("occurred_on")?,
            person_id: r.try_get("person_id").map_err(&err)?,
            person_name: r.try_get("display_name").map_err(&err)?,
            setting: text("setting")?,
            who_started: who.as_deref().and_then(WhoStarted::from_id),
            what_i_said: text("what_i_said")?,
            how_i_said_it: text("how_i_said_it")?,
            what_they_said: text("what_they_said")?,
            felt_then: text("felt_then")?,
            felt_after: text("felt_after")?,
            wanted: text("wanted")?,
            what_happened: text("what_happened")?,
            traps: serde_json::from_str(&text("traps")?).map_err(damaged)?,
            alternatives: serde_json::from_str(&text("alternatives")?).map_err(damaged)?,
            chosen: r.try_get("chosen").map_err(&err)?,
            source_event: r.try_get("source_event").map_err(&err)?,
        },
        scenario_key: r.try_get("scenario_key").map_err(&err)?,
        updated_at: text("updated_at")?,
    })
}

pub async fn list_analyses(vault: &VaultService) -> Result<Vec<CommunicationAnalysis>> {
    let rows = sqlx::query(concat!(
        select_analysis!(),
        " ORDER BY a.occurred_on DESC, a.id DESC"
    ))
    .fetch_all(&mut *conn(vault).await?)
    .await
    .map_err(db("reading worksheets"))?;
    rows.iter().map(read_analysis).collect()
}

async fn analysis_in(conn: &mut SqliteConnection, id: i64) -> Result<CommunicationAnalysis> {
    let row = sqlx::query(concat!(select_analysis!(), " WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db("reading a worksheet"))?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "that worksheet is not there"))?;
    read_analysis(&row)
}

pub async fn get_analysis(vault: &VaultService, id: i64) -> Result<CommunicationAnalysis> {
    analysis_in(&mut *conn(vault).await?, id).await
}

/// Binds a worksheet's fields in the column order both queries below share, then `updated_at`.
fn bind_worksheet<'q>(
    q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    v: &'q CommunicationAnalysisInput,
    person: Option<i64>,
    traps: String,
    alternatives: String,
    now: &'q str,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
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

/// Saves a communication analysis (a new one without `id`).
pub async fn save_analysis(
    vault: &VaultService,
    id: Option<i64>,
    input: CommunicationAnalysisInput,
) -> Result<CommunicationAnalysis> {
    let v = input.validate()?;
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
    let kept = |_| Error::new(ErrorCode::Internal, "the worksheet could not be kept");
    let traps = serde_json::to_string(&v.traps).map_err(kept)?;
    let alternatives = serde_json::to_string(&v.alternatives).map_err(kept)?;
    let id = match id {
        None => bind_worksheet(
            sqlx::query(
                "INSERT INTO communication_analyses (occurred_on, person_id, setting, who_started, \
                 what_i_said, how_i_said_it, what_they_said, felt_then, felt_after, wanted, what_happened, \
                 traps, alternatives, chosen, source_event, updated_at, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ),
            &v,
            person,
            traps,
            alternatives,
            &now,
        )
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db("saving the worksheet"))?
        .try_get("id")
        .map_err(db("saving the worksheet"))?,
        Some(id) => {
            let n = bind_worksheet(
                sqlx::query(
                    "UPDATE communication_analyses SET occurred_on = ?, person_id = ?, setting = ?, \
                     who_started = ?, what_i_said = ?, how_i_said_it = ?, what_they_said = ?, felt_then = ?, \
                     felt_after = ?, wanted = ?, what_happened = ?, traps = ?, alternatives = ?, chosen = ?, \
                     source_event = ?, updated_at = ? WHERE id = ?",
                ),
                &v,
                person,
                traps,
                alternatives,
                &now,
            )
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db("saving the worksheet"))?
            .rows_affected();
            if n == 0 {
                return Err(Error::new(ErrorCode::NotFound, "that worksheet is not there"));
            }
            id
        }
    };
    let a = analysis_in(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(a)
}

pub async fn delete_analysis(vault: &VaultService, id: i64) -> Result<()> {
    let n = sqlx::query("DELETE FROM communication_analyses WHERE id = ?")
        .bind(id)
        .execute(&mut *write_conn(vault).await?)
        .await
        .map_err(db("removing the worksheet"))?
        .rows_affected();
    if n == 0 {
        return Err(Error::new(
            ErrorCode::NotFound,
            "that worksheet is not there",
        ));
    }
    Ok(())
}

// ---- Decision analysis ------------------------------------------------------------------

pub async fn list_decisions(vault: &VaultService) -> Result<Vec<DecisionAnalysis>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, input, updated_at FROM decision_analyses ORDER BY updated_at DESC, id DESC",
    )
    .fetch_all(&mut *conn(vault).await?)
    .await
    .map_err(db("reading decisions"))?;
    rows.into_iter()
        .map(|(id, json, updated_at)| {
            Ok(DecisionAnalysis {
                id,
                input: serde_json::from_str(&json)
                    .map_err(|_| Error::new(ErrorCode::Damaged, "a decision is damaged"))?,
                updated_at,
            })
        })
        .collect()
}

/// Saves a decision analysis (a new one without `id`).
pub async fn save_decision(
    vault: &VaultService,
    id: Option<i64>,
    input: DecisionAnalysisInput,
) -> Result<DecisionAnalysis> {
    let v = input.validate()?;
    let json = serde_json::to_string(&v)
        .map_err(|_| Error::new(ErrorCode::Internal, "the decision could not be kept"))?;
    let now = utc_string(Utc::now());
    let mut c = write_conn(vault).await?;
    let id = match id {
        None => sqlx::query_scalar(
            "INSERT INTO decision_analyses (input, created_at, updated_at) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(&json)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *c)
        .await
        .map_err(db("saving the decision"))?,
        Some(id) => {
            let n = sqlx::query("UPDATE decision_analyses SET input = ?, updated_at = ? WHERE id = ?")
                .bind(&json)
                .bind(&now)
                .bind(id)
                .execute(&mut *c)
                .await
                .map_err(db("saving the decision"))?
                .rows_affected();
            if n == 0 {
                return Err(Error::new(ErrorCode::NotFound, "that decision is not there"));
            }
            id
        }
    };
    Ok(DecisionAnalysis {
        id,
        input: v,
        updated_at: now,
    })
}

pub async fn delete_decision(vault: &VaultService, id: i64) -> Result<()> {
    let n = sqlx::query("DELETE FROM decision_analyses WHERE id = ?")
        .bind(id)
        .execute(&mut *write_conn(vault).await?)
        .await
        .map_err(db("removing the decision"))?
        .rows_affected();
    if n == 0 {
        return Err(Error::new(
            ErrorCode::NotFound,
            "that decision is not there",
        ));
    }
    Ok(())
}
