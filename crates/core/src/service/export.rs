//! "Take your data with you": everything as one readable JSON document (a versioned format,
//! described by `docs/export.schema.json`), the journal as plain Markdown, and importing such a
//! document into this vault, empty or not.
//!
//! This module owns the use case that spans the features: it assembles the document from each
//! feature's part (each repository writes and reads its own), checks a file whole before anything
//! changes (size, format and version, types, every feature's own rules, ids named twice, links to
//! nothing), and imports in one transaction. A row whose stable id (`uid`) is already here is not
//! added again, so importing the same file twice, or merging it back after changes, duplicates
//! nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::domain::agenda::{
    AgendaKind, ExportedArchivedAgenda, ExportedQuestion, check_stable_key, rekey,
    validate_exported_order,
};
use crate::domain::checkins::{CheckInInput, ExportedCheckIn};
use crate::domain::circle::{CircleExport, ExportedSnapshot};
use crate::domain::course::{CourseExport, ValidCourseExport};
use crate::domain::ending::{EndingExport, EndingPlan, ExportedFollowUp};
use crate::domain::journal::{
    ExportedEntry, JournalExport, ValidEntry, event_key, split_event_key,
};
use crate::domain::language::Language;
use crate::domain::people::ExportedPerson;
use crate::domain::plans::ExportedPlan;
use crate::domain::practice::{
    CommunicationAnalysisInput, CustomScenarioInput, DecisionAnalysisInput, ExportedAnalysis,
    ExportedDecision, ExportedRun, ExportedScenario, PracticeExport, check_scenario_ref,
    custom_key,
};
use crate::domain::safety_plan::SafetyPlan;
use crate::domain::texts::{fill, texts};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::service::language;
use crate::service::practice::built_in;
use crate::service::vault::VaultService;
use crate::storage::{
    self, agenda, checkins, circle, course, ending, journal, people, plans, practice, safety_plan,
};

/// What the document's `format` says.
pub const FORMAT: &str = "ipt-companion-export";
/// The version of the document this app writes (and the newest it reads).
pub const VERSION: u32 = 1;
/// Files larger than this are refused before they are read: far more than years of writing.
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

/// The whole export, one key per feature. Each feature's part is its own type, written and read
/// by its repository; a new feature adds its key here and in `docs/export.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportDocument {
    pub format: String,
    pub version: u32,
    /// UTC, RFC 3339.
    pub exported_at: String,
    pub people: Vec<ExportedPerson>,
    pub journal: JournalExport,
    pub course: CourseExport,
    pub plans: Vec<ExportedPlan>,
    pub agenda: crate::domain::agenda::AgendaExport,
    pub check_ins: Vec<ExportedCheckIn>,
    pub practice: PracticeExport,
    pub safety_plan: Option<SafetyPlan>,
    pub ending: EndingExport,
    /// The closeness circle's snapshots (absent in files from before the circle: none).
    #[serde(default)]
    pub circle: CircleExport,
}

/// The two ways to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    /// Everything, as the JSON document an import reads.
    Json,
    /// The journal only, as plain Markdown to read.
    Markdown,
}

/// The parts an import counts, as the preview names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportPart {
    People,
    Entries,
    /// The course, its cards, focus areas and recorded sessions.
    Course,
    Plans,
    Questions,
    CheckIns,
    Worksheets,
    /// The patient's own role-play scenarios.
    Scenarios,
    /// Role-play rehearsals, with their turns.
    RolePlays,
    /// Agendas kept with the sessions they were brought to.
    Agendas,
    SafetyPlan,
    /// The ending plan and the monthly check-ins after the course.
    Ending,
    /// Saved closeness circles.
    Circle,
}

/// How many of one part the file holds, and how many of those are new to this vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCount {
    pub part: ImportPart,
    #[ts(type = "number")]
    pub in_file: u64,
    /// Not here yet (or, for an entry, here only in the trash): what the import adds.
    #[ts(type = "number")]
    pub new: u64,
}

/// What an import would do (preview) or did (apply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// When the file was exported (as it says).
    pub exported_at: String,
    pub counts: Vec<ImportCount>,
}

// ---- Export ---------------------------------------------------------------------------------

/// Local id → uid, from a repository's uid → local id.
fn by_id(uids: HashMap<String, i64>) -> HashMap<i64, String> {
    uids.into_iter().map(|(uid, id)| (id, uid)).collect()
}

/// The whole vault as one document. Links between features go by uid: each repository says its
/// rows' uids, and a feature that names another's rows is given them.
pub async fn document(pool: &SqlitePool) -> Result<ExportDocument> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the vault", e))?;
    let entries = by_id(journal::uid_ids(&mut conn).await?);
    let plan_uids = by_id(plans::uid_ids(&mut conn).await?);
    let questions = by_id(agenda::question_uid_ids(&mut conn).await?);
    let runs = by_id(practice::run_uid_ids(&mut conn).await?);
    let scenarios = by_id(practice::scenario_uid_ids(&mut conn).await?);
    let person_uids = by_id(people::uid_ids(&mut conn).await?);
    let stable_key = |key: &str| {
        rekey(key, |kind, id| {
            let id: i64 = id.parse().ok()?;
            match kind {
                AgendaKind::Entry | AgendaKind::Event => entries.get(&id),
                AgendaKind::Plan => plan_uids.get(&id),
                AgendaKind::Question => questions.get(&id),
            }
            .cloned()
        })
    };
    Ok(ExportDocument {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: utc_string(Utc::now()),
        people: people::export(pool).await?,
        journal: JournalExport {
            entries: journal::export(pool).await?,
        },
        course: course::export(pool).await?,
        plans: plans::export(pool, &runs, &scenarios).await?,
        agenda: agenda::export(pool, &stable_key).await?,
        check_ins: checkins::export(pool).await?,
        practice: practice::export(&mut conn, &entries).await?,
        safety_plan: safety_plan::get(pool).await?,
        ending: ending::export(pool).await?,
        circle: CircleExport {
            snapshots: circle::export(pool, &person_uids).await?,
        },
    })
}

/// The document as pretty-printed JSON (readable in any text editor).
pub fn to_json(doc: &ExportDocument) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(doc)
        .map_err(|_| Error::new(ErrorCode::Internal, "the export could not be written"))?;
    out.push(b'\n');
    Ok(out)
}

/// Writes the export to `path` (chosen by the patient in the save dialog): under a temporary
/// name in the same folder, flushed, then renamed over the target. Returns the bytes written.
pub async fn write(vault: &VaultService, path: String, format: ExportFormat) -> Result<u64> {
    let path = fsutil::save_target(&path)?;
    let pool = vault.pool().await?;
    let doc = document(&pool).await?;
    let bytes = match format {
        ExportFormat::Json => to_json(&doc)?,
        ExportFormat::Markdown => markdown(&doc, language::current(vault)).into_bytes(),
    };
    let len = bytes.len() as u64;
    tokio::task::spawn_blocking(move || fsutil::write_atomic(&path, &bytes))
        .await
        .map_err(|_| Error::new(ErrorCode::Internal, "the export was interrupted"))??;
    Ok(len)
}

// ---- Markdown -------------------------------------------------------------------------------

/// The journal as Markdown, oldest first: one section per entry (what is in the trash is left
/// out). The patient's words are kept as typed, except that what Markdown would read as
/// structure (a heading, a list, a quote, HTML) is escaped. The app's words are `lang`'s.
pub fn markdown(doc: &ExportDocument, lang: Language) -> String {
    let t = texts(lang);
    let w = &t.export;
    let c = &t.common;
    let names: HashMap<&str, &str> = doc
        .people
        .iter()
        .map(|p| (p.uid.as_str(), p.display_name.as_str()))
        .collect();
    let mut out = String::new();
    out.push_str(w.heading);
    out.push_str("\n\n");
    out.push_str(&fill(
        w.intro,
        &[("day", doc.exported_at.get(..10).unwrap_or(&doc.exported_at))],
    ));
    out.push('\n');
    for e in doc
        .journal
        .entries
        .iter()
        .filter(|e| e.deleted_at.is_none())
    {
        out.push_str(&format!("\n---\n\n## {}\n\n", heading_time(&e.occurred_at)));
        out.push_str(&fill(w.mood, &[("mood", &e.mood.to_string())]));
        out.push('\n');
        let feelings: Vec<String> = e
            .emotions
            .iter()
            .map(|f| w.emotions.of(*f).to_owned())
            .chain(e.custom_emotions.iter().map(|c| inline(c)))
            .collect();
        if !feelings.is_empty() {
            out.push_str(&fill(w.feelings, &[("list", &feelings.join(", "))]));
            out.push('\n');
        }
        if !e.tags.is_empty() {
            let tags: Vec<String> = e.tags.iter().map(|t| inline(t)).collect();
            out.push_str(&fill(w.tags, &[("list", &tags.join(", "))]));
            out.push('\n');
        }
        if e.pinned {
            out.push_str(w.pinned);
            out.push('\n');
        }
        if !e.text.trim().is_empty() {
            out.push('\n');
            out.push_str(&block(&e.text));
            out.push('\n');
        }
        for ev in &e.events {
            let who = ev
                .person
                .as_deref()
                .and_then(|u| names.get(u))
                .map(|n| inline(n))
                .unwrap_or_else(|| w.someone.to_owned());
            out.push('\n');
            out.push_str(&fill(w.with, &[("who", &who)]));
            out.push_str("\n\n");
            if ev.important {
                out.push_str(w.worth_bringing);
                out.push_str("\n\n");
            }
            for (label, text) in [
                (c.event_what_happened, &ev.what_happened),
                (c.event_what_i_felt, &ev.what_i_felt),
                (c.event_what_i_did, &ev.what_i_did),
                (c.event_how_it_ended, &ev.how_it_ended),
            ] {
                if !text.trim().is_empty() {
                    out.push_str(&format!("**{label}:**\n\n{}\n\n", block(text)));
                }
            }
        }
    }
    out
}

/// `2026-03-29T19:30:00+01:00` → `2026-03-29 19:30`.
fn heading_time(occurred_at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(occurred_at) {
        Ok(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => inline(occurred_at),
    }
}

/// Escapes the characters that make inline Markdown or HTML of plain text.
fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One-line text (a name, a tag): line breaks become spaces, then escaped.
fn inline(s: &str) -> String {
    escape_inline(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Multi-line text: each line escaped, and a line Markdown would read as a block (a heading,
/// quote, list item, rule, code fence or indented code) gets a backslash before its first
/// character. Blank lines stay blank, so paragraphs stay paragraphs.
fn block(s: &str) -> String {
    s.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.is_empty() {
                return String::new();
            }
            let escaped = escape_inline(trimmed);
            let first = trimmed.chars().next().unwrap_or(' ');
            let numbered = {
                let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
                digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')'))
            };
            if matches!(first, '#' | '-' | '+' | '=' | '>') || numbered {
                format!("\\{escaped}")
            } else {
                escaped
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- Import ---------------------------------------------------------------------------------

/// Imports in progress, by vault folder: one at a time per vault.
static IMPORTING: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// Held while an import runs; a second import into the same vault is refused until it drops.
pub struct ImportGuard(PathBuf);

impl ImportGuard {
    pub fn take(vault_dir: &Path) -> Result<ImportGuard> {
        let mut running = IMPORTING.lock().unwrap_or_else(|p| p.into_inner());
        if !running
            .get_or_insert_with(HashSet::new)
            .insert(vault_dir.to_path_buf())
        {
            return Err(Error::new(
                ErrorCode::ImportInProgress,
                "another import into this vault is running",
            ));
        }
        Ok(ImportGuard(vault_dir.to_path_buf()))
    }
}

impl Drop for ImportGuard {
    fn drop(&mut self) {
        let mut running = IMPORTING.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(set) = running.as_mut() {
            set.remove(&self.0);
        }
    }
}

/// Where a JSON error is, never what it read (that may be the patient's text).
fn where_in_file(e: &serde_json::Error) -> String {
    format!("at line {} column {}", e.line(), e.column())
}

/// Reads a document from JSON text: the format and version first (so a foreign or newer file
/// gets its own code), then the whole, typed, refusing unknown fields. Nesting deeper than
/// serde_json's limit (128) is refused by the parser itself.
pub fn parse(bytes: &[u8]) -> Result<ExportDocument> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            Error::new(
                ErrorCode::ImportInvalid,
                format!("nested too deep {}", where_in_file(&e)),
            )
        } else {
            Error::new(
                ErrorCode::NotAnExport,
                format!("not a JSON object {}", where_in_file(&e)),
            )
        }
    })?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Error::new(
            ErrorCode::NotAnExport,
            "the file is not an IPT Companion export",
        ));
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(Error::new(
                ErrorCode::ExportTooNew,
                format!("export version {v}; this app reads version {VERSION}"),
            ));
        }
        _ => {
            return Err(Error::new(
                ErrorCode::NotAnExport,
                "the export's version could not be read",
            ));
        }
    }
    serde_json::from_slice(bytes).map_err(|e| {
        Error::new(
            ErrorCode::ImportInvalid,
            format!("{:?} {}", e.classify(), where_in_file(&e)),
        )
    })
}

fn too_large() -> Error {
    Error::new(
        ErrorCode::ImportTooLarge,
        format!("larger than {MAX_IMPORT_BYTES} bytes"),
    )
    .with_limit(
        None,
        usize::try_from(MAX_IMPORT_BYTES).unwrap_or(usize::MAX),
    )
}

/// Reads the file, refusing one over the limit before reading it.
async fn read_file(path: &str) -> Result<Vec<u8>> {
    let path = PathBuf::from(path.trim());
    if !path.is_absolute() {
        return Err(Error::invalid("the import needs a full path to a file"));
    }
    let meta = tokio::fs::metadata(&path)
        .await
        .map_err(|e| Error::io("reading the export", e))?;
    if !meta.is_file() {
        return Err(Error::invalid("the import path is not a file"));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    tokio::fs::read(&path)
        .await
        .map_err(|e| Error::io("reading the export", e))
}

fn duplicate(what: &str) -> Error {
    Error::new(
        ErrorCode::ImportDuplicate,
        format!("{what}: the same id is there twice"),
    )
}

fn missing(what: &str) -> Error {
    Error::new(
        ErrorCode::ImportMissingLink,
        format!("{what} links to something neither in the file nor here"),
    )
}

/// Each id once within `uids`.
fn once<'a>(what: &str, uids: impl IntoIterator<Item = &'a str>) -> Result<HashSet<&'a str>> {
    let mut seen = HashSet::new();
    for u in uids {
        if !seen.insert(u) {
            return Err(duplicate(what));
        }
    }
    Ok(seen)
}

/// A document checked whole: every part by its feature's rules, ids once each, links resolved
/// to the file or the vault.
struct Checked<'a> {
    doc: &'a ExportDocument,
    people: Vec<ExportedPerson>,
    entries: Vec<(&'a ExportedEntry, ValidEntry)>,
    course: ValidCourseExport,
    plans: Vec<ExportedPlan>,
    questions: Vec<ExportedQuestion>,
    check_ins: Vec<(&'a ExportedCheckIn, CheckInInput)>,
    analyses: Vec<(&'a ExportedAnalysis, CommunicationAnalysisInput)>,
    decisions: Vec<(&'a ExportedDecision, DecisionAnalysisInput)>,
    scenarios: Vec<(&'a ExportedScenario, CustomScenarioInput)>,
    runs: Vec<ExportedRun>,
    archived: Vec<&'a ExportedArchivedAgenda>,
    order: &'a [String],
    safety_plan: Option<SafetyPlan>,
    ending_plan: Option<EndingPlan>,
    follow_ups: Vec<ExportedFollowUp>,
    circles: &'a [ExportedSnapshot],
}

/// Checks everything before anything is written. Reads the vault (for links to what is already
/// here) but changes nothing.
async fn check<'a>(pool: &SqlitePool, doc: &'a ExportDocument) -> Result<Checked<'a>> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the vault", e))?;
    let vault_people = people::uid_ids(&mut conn).await?;
    let vault_check_ins = checkins::uid_ids(&mut conn).await?;
    let vault_entries = journal::uid_ids(&mut conn).await?;
    let vault_plans = plans::uid_ids(&mut conn).await?;
    let vault_questions = agenda::question_uid_ids(&mut conn).await?;
    let vault_analyses = practice::analysis_uid_ids(&mut conn).await?;
    let vault_scenarios = practice::scenario_uid_ids(&mut conn).await?;
    let vault_runs = practice::run_uid_ids(&mut conn).await?;
    let vault_course = course::get(pool).await?;
    drop(conn);
    let library: HashSet<&str> = built_in()?.iter().map(|s| s.key.as_str()).collect();
    // A link names a row in the file or one already here.
    let known = |uid: &Option<String>,
                 file: &HashSet<&str>,
                 vault: &HashMap<String, i64>,
                 what: &str|
     -> Result<()> {
        match uid {
            Some(u) if !file.contains(u.as_str()) && !vault.contains_key(u) => Err(missing(what)),
            _ => Ok(()),
        }
    };

    let people = doc
        .people
        .iter()
        .map(ExportedPerson::validate)
        .collect::<Result<Vec<_>>>()?;
    let file_people = once("people", people.iter().map(|p| p.uid.as_str()))?;
    let person_known = |uid: &Option<String>, what: &str| -> Result<()> {
        match uid {
            Some(u) if !file_people.contains(u.as_str()) && !vault_people.contains_key(u) => {
                Err(missing(what))
            }
            _ => Ok(()),
        }
    };

    let file_entries = once(
        "journal entries",
        doc.journal.entries.iter().map(|e| e.uid.as_str()),
    )?;
    let mut entries = Vec::with_capacity(doc.journal.entries.len());
    for e in &doc.journal.entries {
        for ev in &e.events {
            person_known(&ev.person, "a moment in the journal")?;
        }
        entries.push((e, e.validate()?));
    }

    let course = doc.course.validate(vault_course.as_ref())?;

    let file_plans = once("plans", doc.plans.iter().map(|p| p.uid.as_str()))?;
    let file_questions = once(
        "questions",
        doc.agenda.questions.iter().map(|q| q.uid.as_str()),
    )?;
    let questions = doc
        .agenda
        .questions
        .iter()
        .map(ExportedQuestion::validate)
        .collect::<Result<Vec<_>>>()?;

    let file_check_ins = once("check-ins", doc.check_ins.iter().map(|c| c.uid.as_str()))?;
    let check_ins = doc
        .check_ins
        .iter()
        .map(|c| Ok((c, c.validate()?)))
        .collect::<Result<Vec<_>>>()?;

    let file_analyses = once(
        "worksheets",
        doc.practice.analyses.iter().map(|a| a.uid.as_str()),
    )?;
    once(
        "decisions",
        doc.practice.decisions.iter().map(|d| d.uid.as_str()),
    )?;
    let mut analyses = Vec::with_capacity(doc.practice.analyses.len());
    for a in &doc.practice.analyses {
        person_known(&a.person, "a worksheet")?;
        let valid = a.validate()?;
        let entry = a
            .source_event
            .as_deref()
            .and_then(split_event_key)
            .map(|(entry, _)| entry.to_owned());
        known(&entry, &file_entries, &vault_entries, "a worksheet")?;
        analyses.push((a, valid));
    }
    let decisions = doc
        .practice
        .decisions
        .iter()
        .map(|d| Ok((d, d.validate()?)))
        .collect::<Result<Vec<_>>>()?;

    let file_scenarios = once(
        "scenarios",
        doc.practice.scenarios.iter().map(|s| s.uid.as_str()),
    )?;
    let mut scenarios = Vec::with_capacity(doc.practice.scenarios.len());
    for sc in &doc.practice.scenarios {
        let valid = sc.validate()?;
        person_known(&sc.person, "a scenario")?;
        known(&sc.analysis, &file_analyses, &vault_analyses, "a scenario")?;
        scenarios.push((sc, valid));
    }
    // A rehearsal or a plan names a built-in scenario this app has, or an own one.
    let scenario_known = |built_in: &Option<String>, custom: &Option<String>, what: &str| {
        check_scenario_ref(built_in.as_deref(), custom.as_deref())?;
        if built_in.as_deref().is_some_and(|k| !library.contains(k)) {
            return Err(missing(what));
        }
        known(custom, &file_scenarios, &vault_scenarios, what)
    };
    let file_runs = once(
        "role plays",
        doc.practice.runs.iter().map(|r| r.uid.as_str()),
    )?;
    let mut runs = Vec::with_capacity(doc.practice.runs.len());
    for r in &doc.practice.runs {
        let valid = r.validate()?;
        scenario_known(&r.built_in_scenario, &r.custom_scenario, "a role play")?;
        runs.push(valid);
    }

    let mut plans = Vec::with_capacity(doc.plans.len());
    for p in &doc.plans {
        person_known(&p.person, "a plan")?;
        let valid = p.validate()?;
        known(&p.role_play, &file_runs, &vault_runs, "a plan")?;
        scenario_known(&p.built_in_scenario, &p.custom_scenario, "a plan")?;
        plans.push(valid);
    }

    // An agenda item or the order names an entry (or its moment), a plan or a question.
    let source_known = |key: &str, what: &str| -> Result<()> {
        let (kind, uid) = check_stable_key(key)?;
        let (file, vault) = match kind {
            AgendaKind::Entry | AgendaKind::Event => (&file_entries, &vault_entries),
            AgendaKind::Plan => (&file_plans, &vault_plans),
            AgendaKind::Question => (&file_questions, &vault_questions),
        };
        known(&Some(uid.to_owned()), file, vault, what)
    };
    let mut sessions = HashSet::new();
    if !doc
        .agenda
        .archived
        .iter()
        .all(|a| sessions.insert(a.session_number))
    {
        return Err(duplicate("agendas"));
    }
    let mut archived = Vec::with_capacity(doc.agenda.archived.len());
    for a in &doc.agenda.archived {
        a.validate()?;
        for src in a.items.iter().filter_map(|it| it.source.as_deref()) {
            source_known(src, "an agenda")?;
        }
        archived.push(a);
    }
    validate_exported_order(&doc.agenda.order)?;
    for k in &doc.agenda.order {
        source_known(k, "the agenda's order")?;
    }

    let safety_plan = doc
        .safety_plan
        .as_ref()
        .map(|p| {
            Ok::<_, Error>(SafetyPlan {
                updated_at: p.updated_at.clone(),
                ..p.tidied()?
            })
        })
        .transpose()?;
    let ending_plan = doc
        .ending
        .plan
        .as_ref()
        .map(|p| {
            Ok::<_, Error>(EndingPlan {
                updated_at: p.updated_at.clone(),
                ..p.tidied()?
            })
        })
        .transpose()?;
    once(
        "monthly check-ins",
        doc.ending.follow_ups.iter().map(|f| f.check_in.as_str()),
    )?;
    let mut follow_ups = Vec::with_capacity(doc.ending.follow_ups.len());
    for f in &doc.ending.follow_ups {
        if !file_check_ins.contains(f.check_in.as_str())
            && !vault_check_ins.contains_key(&f.check_in)
        {
            return Err(missing("a monthly check-in"));
        }
        follow_ups.push(f.validate()?);
    }

    once(
        "circles",
        doc.circle.snapshots.iter().map(|s| s.uid.as_str()),
    )?;
    for s in &doc.circle.snapshots {
        s.validate()?;
        for p in &s.placements {
            person_known(&Some(p.person.clone()), "a circle")?;
        }
    }

    Ok(Checked {
        doc,
        people,
        entries,
        course,
        plans,
        questions,
        check_ins,
        analyses,
        decisions,
        scenarios,
        runs,
        archived,
        order: &doc.agenda.order,
        safety_plan,
        ending_plan,
        follow_ups,
        circles: &doc.circle.snapshots,
    })
}

fn count(part: ImportPart, in_file: usize, new: usize) -> ImportCount {
    ImportCount {
        part,
        in_file: in_file as u64,
        new: new as u64,
    }
}

/// Writes what is new, in the transaction `tx`, and counts it. A part that links to another
/// feature's rows is written after them, with their uids resolved to this vault's ids by their
/// repositories (the rows the file adds and those already here alike).
async fn apply(tx: &mut storage::Tx<'_>, c: &Checked<'_>) -> Result<ImportSummary> {
    let now = utc_string(Utc::now());
    let doc = c.doc;
    let (person_ids, people_added) = people::import(tx, &c.people).await?;
    let person = |uid: &Option<String>| uid.as_ref().and_then(|u| person_ids.get(u)).copied();

    let entries: Vec<journal::ImportEntry<'_>> = c
        .entries
        .iter()
        .map(|(x, v)| {
            let mut valid = v.clone();
            for (ev, exported) in valid.events.iter_mut().zip(&x.events) {
                ev.person_id = person(&exported.person);
            }
            journal::ImportEntry { exported: x, valid }
        })
        .collect();
    let entries_added = journal::import(tx, &entries).await?;
    let entry_ids = journal::uid_ids(tx).await?;

    let course_added = course::import(tx, &c.course, &now).await?;
    let course_in_file = usize::from(c.course.course.is_some())
        + usize::from(c.course.cards.is_some())
        + c.course.focus.len()
        + c.course.sessions.len();

    let analyses = c
        .analyses
        .iter()
        .map(|(x, v)| {
            let source_event = match x.source_event.as_deref().and_then(split_event_key) {
                Some((entry, position)) => Some(event_key(
                    entry_ids.get(entry).ok_or_else(|| missing("a worksheet"))?,
                    position,
                )),
                None => None,
            };
            let v = CommunicationAnalysisInput {
                source_event,
                ..v.clone()
            };
            Ok((*x, v, person(&x.person)))
        })
        .collect::<Result<Vec<_>>>()?;
    let worksheets_added = practice::import(tx, &analyses, &c.decisions).await?;
    let scenarios: Vec<_> = c
        .scenarios
        .iter()
        .map(|(x, v)| (*x, v.clone(), person(&x.person)))
        .collect();
    let scenarios_added = practice::import_scenarios(tx, &scenarios).await?;
    let runs_added = practice::import_runs(tx, &c.runs).await?;
    let run_ids = practice::run_uid_ids(tx).await?;
    let scenario_ids = practice::scenario_uid_ids(tx).await?;

    let plan_rows = c
        .plans
        .iter()
        .map(|p| {
            let scenario_key = match (&p.built_in_scenario, &p.custom_scenario) {
                (Some(k), _) => Some(k.clone()),
                (None, Some(u)) => Some(custom_key(
                    *scenario_ids.get(u).ok_or_else(|| missing("a plan"))?,
                )),
                (None, None) => None,
            };
            let run = match &p.role_play {
                Some(u) => Some(*run_ids.get(u).ok_or_else(|| missing("a plan"))?),
                None => None,
            };
            Ok(plans::ImportPlan {
                plan: p.clone(),
                person: person(&p.person),
                run,
                scenario_key,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let plans_added = plans::import(tx, &plan_rows).await?;
    let plan_ids = plans::uid_ids(tx).await?;

    let questions_added = agenda::import(tx, &c.questions).await?;
    let question_ids = agenda::question_uid_ids(tx).await?;
    let local_key = |key: &str| {
        rekey(key, |kind, uid| {
            match kind {
                AgendaKind::Entry | AgendaKind::Event => entry_ids.get(uid),
                AgendaKind::Plan => plan_ids.get(uid),
                AgendaKind::Question => question_ids.get(uid),
            }
            .map(i64::to_string)
        })
    };
    let archived: Vec<ExportedArchivedAgenda> = c.archived.iter().map(|a| (*a).clone()).collect();
    let agendas_added = agenda::import_archive(tx, &archived, c.order, &local_key).await?;

    let (check_in_ids, check_ins_added) = checkins::import(tx, &c.check_ins).await?;

    let safety_added = match &c.safety_plan {
        Some(p) => usize::from(safety_plan::import(tx, p, &now).await?),
        None => 0,
    };

    let follow_ups: Vec<(ExportedFollowUp, i64)> = c
        .follow_ups
        .iter()
        .filter_map(|f| check_in_ids.get(&f.check_in).map(|&id| (f.clone(), id)))
        .collect();
    if follow_ups.len() != c.follow_ups.len() {
        return Err(missing("a monthly check-in"));
    }
    let ending_added = ending::import(tx, c.ending_plan.as_ref(), &follow_ups, &now).await?;
    let circles_added = circle::import(tx, c.circles, &person_ids).await?;

    Ok(ImportSummary {
        exported_at: doc.exported_at.clone(),
        counts: vec![
            count(ImportPart::People, c.people.len(), people_added),
            count(ImportPart::Entries, c.entries.len(), entries_added),
            count(ImportPart::Course, course_in_file, course_added),
            count(ImportPart::Plans, c.plans.len(), plans_added),
            count(ImportPart::Questions, c.questions.len(), questions_added),
            count(ImportPart::CheckIns, c.check_ins.len(), check_ins_added),
            count(
                ImportPart::Worksheets,
                c.analyses.len() + c.decisions.len(),
                worksheets_added,
            ),
            count(ImportPart::Scenarios, c.scenarios.len(), scenarios_added),
            count(ImportPart::RolePlays, c.runs.len(), runs_added),
            count(ImportPart::Agendas, c.archived.len(), agendas_added),
            count(
                ImportPart::SafetyPlan,
                usize::from(c.safety_plan.is_some()),
                safety_added,
            ),
            count(
                ImportPart::Ending,
                usize::from(c.ending_plan.is_some()) + c.follow_ups.len(),
                ending_added,
            ),
            count(ImportPart::Circle, c.circles.len(), circles_added),
        ],
    })
}

/// Checks `doc` whole, then imports what is new in one transaction; with `commit` false the
/// transaction is rolled back (the preview: the same counts, nothing kept).
pub async fn import_document(
    pool: &SqlitePool,
    doc: &ExportDocument,
    commit: bool,
) -> Result<ImportSummary> {
    let checked = check(pool, doc).await?;
    let mut tx = storage::begin(pool).await?;
    let summary = apply(&mut tx, &checked).await?;
    if commit {
        storage::commit(tx).await?;
    } else {
        tx.rollback()
            .await
            .map_err(|e| Error::db("ending the preview", e))?;
    }
    Ok(summary)
}

async fn import_path(vault: &VaultService, path: String, commit: bool) -> Result<ImportSummary> {
    let _guard = ImportGuard::take(&vault.paths().dir)?;
    let pool = vault.write_pool().await?;
    let bytes = read_file(&path).await?;
    let doc = tokio::task::spawn_blocking(move || parse(&bytes))
        .await
        .map_err(|_| Error::new(ErrorCode::Internal, "reading the export was interrupted"))??;
    import_document(&pool, &doc, commit).await
}

/// Reads and checks the export at `path` and says what importing it would add. Nothing changes.
pub async fn preview(vault: &VaultService, path: String) -> Result<ImportSummary> {
    import_path(vault, path, false).await
}

/// Imports the export at `path`: into an empty vault, everything; into this one, what is not
/// here yet. All or nothing.
pub async fn apply_import(vault: &VaultService, path: String) -> Result<ImportSummary> {
    import_path(vault, path, true).await
}
