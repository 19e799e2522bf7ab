//! Communication practice: the scenario library (built in, and the patient's own), rehearsal
//! runs kept turn by turn, the review of a run, planning the real try, and the communication
//! analysis worksheet that can become the patient's own scenario.

use std::sync::OnceLock;

use chrono::Utc;
use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::domain::course::ProblemArea;
use crate::domain::language::Language;
use crate::domain::plans::{Plan, PlanInput};
use crate::domain::practice::{
    Approach, Audience, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, MAX_FIELD_CHARS, MAX_TURNS, Next, Scenario,
    ScenarioEnding, TheirDay, Trap,
};
use crate::domain::text::check_len;
use crate::domain::texts::texts;
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::service::{language, plans};
use crate::storage::practice as repo;

const LIBRARY_JSON: &str = include_str!("../../scenarios/library.json");
/// The same library in Spanish: same keys, step ids, branches and enum values; only the words
/// differ (tests/content_es.rs holds the two side by side).
const LIBRARY_ES_JSON: &str = include_str!("../../scenarios/library.es.json");

/// The built-in library's JSON in a language.
pub fn library_json(lang: Language) -> &'static str {
    match lang {
        Language::En => LIBRARY_JSON,
        Language::Es => LIBRARY_ES_JSON,
    }
}

/// The scenarios that ship with the app, in English, parsed once.
pub fn built_in() -> Result<&'static [Scenario]> {
    built_in_in(Language::En)
}

/// The scenarios that ship with the app, in a language, parsed once per language. Every
/// language has the same keys, steps and endings, so a run goes on in whichever is current.
pub fn built_in_in(lang: Language) -> Result<&'static [Scenario]> {
    type Parsed = OnceLock<std::result::Result<Vec<Scenario>, String>>;
    static EN: Parsed = OnceLock::new();
    static ES: Parsed = OnceLock::new();
    let cell = match lang {
        Language::En => &EN,
        Language::Es => &ES,
    };
    cell.get_or_init(|| serde_json::from_str(library_json(lang)).map_err(|e| e.to_string()))
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

fn check_score(what: &str, v: Option<i64>) -> Result<()> {
    if v.is_some_and(|v| !(0..=10).contains(&v)) {
        return Err(Error::invalid(format!("{what} must be between 0 and 10")));
    }
    Ok(())
}

async fn custom_scenario(conn: &mut SqliteConnection, id: i64, lang: Language) -> Result<Scenario> {
    let stored = repo::custom_scenario(conn, id).await?;
    let other = stored
        .person_name
        .unwrap_or_else(|| texts(lang).practice.other_person.to_owned());
    stored
        .input
        .to_scenario(format!("custom:{id}"), other, lang)
}

async fn scenario_in(conn: &mut SqliteConnection, key: &str, lang: Language) -> Result<Scenario> {
    if let Some(id) = key.strip_prefix("custom:").and_then(|n| n.parse().ok()) {
        return custom_scenario(conn, id, lang).await;
    }
    built_in_in(lang)?
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
        .map_err(|e| Error::db("opening the vault", e))
}

/// A connection for a use case that writes (refused once the vault file is known damaged).
async fn write_conn(vault: &VaultService) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
    vault
        .write_pool()
        .await?
        .acquire()
        .await
        .map_err(|e| Error::db("opening the vault", e))
}

pub async fn get_scenario(vault: &VaultService, key: String) -> Result<Scenario> {
    scenario_in(&mut *conn(vault).await?, &key, language::current(vault)).await
}

/// The library: built-in scenarios, then the patient's own, with how often each was practised.
pub async fn library(vault: &VaultService) -> Result<Vec<ScenarioSummary>> {
    let lang = language::current(vault);
    let mut c = conn(vault).await?;
    let counts = repo::finished_runs_per_scenario(&mut c).await?;
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
    let mut out: Vec<ScenarioSummary> = built_in_in(lang)?
        .iter()
        .map(|s| summary(s, true))
        .collect();
    for id in repo::custom_scenario_ids(&mut c).await? {
        let s = custom_scenario(&mut c, id, lang).await?;
        out.push(summary(&s, false));
    }
    Ok(out)
}

/// The patient's scenario as they wrote it (for editing).
pub async fn get_custom_input(vault: &VaultService, key: String) -> Result<CustomScenarioInput> {
    let id = custom_id(&key)?;
    repo::custom_input(&mut *conn(vault).await?, id).await
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
    let lang = language::current(vault);
    input.to_scenario("custom:0".into(), "x".into(), lang)?;
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
    if let Some(a) = stored.analysis_id
        && !repo::analysis_exists(&mut tx, a).await?
    {
        return Err(Error::new(
            ErrorCode::NotFound,
            "that worksheet is not there",
        ));
    }
    let id = match id {
        Some(id) => {
            repo::update_custom_scenario(&mut tx, id, &stored, &now).await?;
            id
        }
        None => repo::insert_custom_scenario(&mut tx, &stored, &now).await?,
    };
    let s = custom_scenario(&mut tx, id, lang).await?;
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
    let lang = language::current(vault);
    let mut c = write_conn(vault).await?;
    let s = scenario_in(&mut c, &key, lang).await?;
    let started_at = utc_string(Utc::now());
    let id = repo::insert_run(
        &mut c,
        &s.key,
        &s.title,
        &started_at,
        &s.start,
        confidence_before,
    )
    .await?;
    read_run(&mut c, id, lang).await
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
    let lang = language::current(vault);
    let pool = vault.write_pool().await?;
    let mut tx = crate::storage::begin(&pool).await?;
    let pos = repo::run_position(&mut tx, run_id).await?;
    let at = pos
        .current_step
        .ok_or_else(|| Error::invalid("this practice has already reached its end"))?;
    if usize::try_from(pos.turns).unwrap_or(usize::MAX) >= MAX_TURNS {
        return Err(Error::invalid("this practice has too many turns"));
    }
    let s = scenario_in(&mut tx, &pos.scenario_key, lang).await?;
    let line = s
        .step(&at)
        .map(|st| st.line.clone())
        .ok_or_else(|| Error::new(ErrorCode::Damaged, "the practice is at an unknown step"))?;
    repo::insert_turn(&mut tx, run_id, pos.turns, &at, &line, &reply, approach).await?;
    let (step, ending) = match s.next_on(&at, approach, TheirDay::of_run(run_id))? {
        Next::Step(st) => (Some(st.id.as_str()), None),
        Next::End(e) => (None, Some(e.id.as_str())),
    };
    repo::move_run(&mut tx, run_id, step, ending).await?;
    let run = read_run(&mut tx, run_id, lang).await?;
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
    let lang = language::current(vault);
    let mut c = write_conn(vault).await?;
    let now = utc_string(Utc::now());
    if !repo::finish_run(&mut c, run_id, confidence_after, felt_hard.trim(), &now).await? {
        read_run(&mut c, run_id, lang).await?;
        return Err(Error::invalid("the practice has not reached its end yet"));
    }
    read_run(&mut c, run_id, lang).await
}

pub async fn get_run(vault: &VaultService, run_id: i64) -> Result<RolePlayRun> {
    read_run(&mut *conn(vault).await?, run_id, language::current(vault)).await
}

/// Every run of a scenario, newest first, to show progress.
pub async fn runs_for(vault: &VaultService, key: String) -> Result<Vec<RolePlayRun>> {
    let lang = language::current(vault);
    let mut c = conn(vault).await?;
    let ids = repo::run_ids_for(&mut c, &key).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(read_run(&mut c, id, lang).await?);
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

async fn read_run(conn: &mut SqliteConnection, id: i64, lang: Language) -> Result<RolePlayRun> {
    let r = repo::run(conn, id).await?;
    let turns = repo::turns(conn, id)
        .await?
        .into_iter()
        .map(|t| {
            Ok(RolePlayTurn {
                other_line: t.other_line,
                reply: t.reply,
                approach: Approach::from_id(&t.approach)
                    .ok_or_else(|| Error::new(ErrorCode::Damaged, "unknown approach"))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // The scenario may have been edited or removed since: the run keeps its own turns, and the
    // current line and ending are looked up when they can be.
    let scenario = scenario_in(conn, &r.scenario_key, lang).await.ok();
    let step = r
        .current_step
        .as_deref()
        .and_then(|a| scenario.as_ref().and_then(|s| s.step(a)).cloned());
    let ending = r
        .ending_id
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
    // The real tries are the plans feature's rows: asked of its repository.
    let plan_ids = crate::storage::plans::ids_for_run(conn, id).await?;
    let mut linked = Vec::with_capacity(plan_ids.len());
    for p in plan_ids {
        linked.push(crate::storage::plans::get_in(conn, p).await?);
    }
    Ok(RolePlayRun {
        id,
        scenario_key: r.scenario_key,
        title: r.title,
        line: step.as_ref().map(|s| s.line.clone()),
        tip: step.map(|s| s.tip),
        ending,
        turns,
        confidence_before: r.confidence_before,
        confidence_after: r.confidence_after,
        felt_hard: r.felt_hard,
        started_at: r.started_at,
        finished_at: r.finished_at,
        approaches_used,
        traps_met,
        traps_avoided,
        plans: linked,
    })
}

// ---- Communication analysis -------------------------------------------------------------

pub async fn list_analyses(vault: &VaultService) -> Result<Vec<CommunicationAnalysis>> {
    repo::analyses(&mut *conn(vault).await?).await
}

pub async fn get_analysis(vault: &VaultService, id: i64) -> Result<CommunicationAnalysis> {
    repo::analysis(&mut *conn(vault).await?, id).await
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
    let id = match id {
        None => repo::insert_analysis(&mut tx, &v, person, &now).await?,
        Some(id) => {
            repo::update_analysis(&mut tx, id, &v, person, &now).await?;
            id
        }
    };
    let a = repo::analysis(&mut tx, id).await?;
    crate::storage::commit(tx).await?;
    Ok(a)
}

pub async fn delete_analysis(vault: &VaultService, id: i64) -> Result<()> {
    repo::delete_analysis(&mut *write_conn(vault).await?, id).await
}

// ---- Decision analysis ------------------------------------------------------------------

pub async fn list_decisions(vault: &VaultService) -> Result<Vec<DecisionAnalysis>> {
    repo::decisions(&mut *conn(vault).await?).await
}

/// Saves a decision analysis (a new one without `id`).
pub async fn save_decision(
    vault: &VaultService,
    id: Option<i64>,
    input: DecisionAnalysisInput,
) -> Result<DecisionAnalysis> {
    let v = input.validate()?;
    let now = utc_string(Utc::now());
    let mut c = write_conn(vault).await?;
    let id = match id {
        None => repo::insert_decision(&mut c, &v, &now).await?,
        Some(id) => {
            repo::update_decision(&mut c, id, &v, &now).await?;
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
    repo::delete_decision(&mut *write_conn(vault).await?, id).await
}
