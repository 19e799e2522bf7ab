//! Nothing acknowledged is lost, for every kind of write beyond the journal: a child process
//! unlocks the vault and runs one mixed workload — plans and their outcomes, session records
//! (which archive the agenda), own scenarios with a rehearsal played to its end, people added
//! and merged, circle snapshots, check-ins, safety plan saves, backups, passphrase changes, JSON
//! exports and imports — printing `ACK …` only after each write returned Ok (and `TRY …` before
//! a write whose half-done state matters). The parent kills it with SIGKILL at random moments,
//! again and again, then checks that every acknowledged write is there and identical, that no
//! unacknowledged one is half there (a session without its archived agenda, part of an import,
//! a vault that neither passphrase opens), that `integrity_check` and `cipher_integrity_check`
//! are clean, and that the vault opens.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::backup::BackupKind;
use ipt_core::domain::checkins::{CheckInInput, Questionnaire};
use ipt_core::domain::circle::{CircleInput, Placement, Ring};
use ipt_core::domain::course::{CourseFormat, CourseInput, ProblemArea, SessionRecord};
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::people::Inventory;
use ipt_core::domain::plans::{PlanInput, PlanOutcome, PlanStatus};
use ipt_core::domain::practice::{Approach, CustomScenarioInput};
use ipt_core::domain::safety_plan::SafetyPlan;
use ipt_core::keys::keyring_store::MemoryStore;
use ipt_core::service::backup::{self, BackupSecret};
use ipt_core::service::export::{self, ExportFormat};
use ipt_core::service::vault::{ChangePassphraseRequest, VaultService};
use ipt_core::service::{
    agenda, checkins, circle, course, journal, people, plans, practice, safety_plan,
};

const CHILD_ENV: &str = "IPT_CRASH_ALL_DIR";
const KINDS: u32 = 9;
/// The workload's kinds of write, in the order the child cycles through them.
const KIND_NAMES: [&str; KINDS as usize] = [
    "plan",
    "session",
    "practice",
    "people+circle",
    "check-in",
    "safety plan",
    "backup",
    "passphrase",
    "export+import",
];
const COURSE_START: &str = "2026-01-06";
const PLANNED_SESSIONS: i64 = 30;

/// Acknowledged writes to check: 1 000 in CI, 10 000 under `make proof`.
fn target_acks() -> usize {
    proof_size(1_000, 10_000)
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    ipt_core::keys::os_random(&mut b).expect("random");
    u64::from_le_bytes(b)
}

fn checkin_answers(n: u32) -> Vec<Option<u8>> {
    (0..9u32)
        .map(|i| (i + n) % 5)
        .map(|v| (v < 4).then(|| u8::try_from(v).unwrap_or(0)))
        .map(|v| v.or(Some(0)))
        .collect()
}

fn safety_plan_of(tag: &str) -> SafetyPlan {
    SafetyPlan {
        warning_signs: vec![format!("sign {tag}")],
        coping: vec!["a walk".into()],
        reason_for_living: tag.to_owned(),
        ..SafetyPlan::default()
    }
}

fn scenario_of(tag: &str) -> CustomScenarioInput {
    CustomScenarioInput {
        title: tag.to_owned(),
        area: ProblemArea::RoleDispute,
        person_id: None,
        person_name: None,
        setting: "the kitchen".into(),
        aim: "share the shopping".into(),
        opening: "What is it now?".into(),
        if_open: "Okay. Tuesdays I can do.".into(),
        if_tense: "Here we go again.".into(),
        if_distant: "Right. I'm going to bed.".into(),
        suggested_reply: None,
        analysis_id: None,
    }
}

fn held_on(number: i64) -> String {
    let start = NaiveDate::parse_from_str(COURSE_START, "%Y-%m-%d").expect("start");
    (start + chrono::Duration::days(7 * (number - 1)))
        .format("%Y-%m-%d")
        .to_string()
}

fn passphrase_of(tag: &str) -> String {
    format!("tea at the harbour {tag}")
}

/// Every `uid` in an export, sorted (the template's, which each import replaces).
fn uids_in(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "uid"
                    && let Some(s) = x.as_str()
                {
                    out.insert(s.to_owned());
                }
                uids_in(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| uids_in(x, out)),
        _ => {}
    }
}

/// The uid the `i`-th template uid gets in import `(run, n)`.
fn import_uid(run: u32, n: u32, i: usize) -> String {
    format!("{run:08x}{n:08x}{i:016x}")
}

fn import_text(template: &str, uids: &BTreeSet<String>, run: u32, n: u32) -> String {
    let mut text = template.to_owned();
    for (i, u) in uids.iter().enumerate() {
        text = text.replace(u.as_str(), &import_uid(run, n, i));
    }
    text
}

fn read_template(path: &Path) -> (String, BTreeSet<String>) {
    let text = std::fs::read_to_string(path).expect("template");
    let v: serde_json::Value = serde_json::from_str(&text).expect("template json");
    let mut uids = BTreeSet::new();
    uids_in(&v, &mut uids);
    (text, uids)
}

/// One line to the parent; printed only once the write it names has returned Ok (`ACK`) or is
/// about to start (`TRY`).
#[allow(clippy::print_stdout)] // stdout is the channel to the parent
fn say(line: &str) {
    println!("{line}");
}

/// What the child needs between writes.
struct Child {
    svc: VaultService,
    run: u32,
    passphrase: String,
    template: (String, BTreeSet<String>),
    exports: PathBuf,
    people: Vec<i64>,
}

impl Child {
    async fn step(&mut self, kind: u32, n: u32) {
        let run = self.run;
        let tag = format!("r{run}n{n}");
        let svc = &self.svc;
        say(&format!("DO {kind}"));
        match kind {
            0 => {
                let input = PlanInput {
                    what: format!("plan {tag}"),
                    area: Some(ProblemArea::RoleDispute),
                    person_id: None,
                    person_name: None,
                    due_on: Some(held_on(1 + i64::from(n % 20))),
                };
                let p = plans::create_plan(svc, input, "2026-01-01".into())
                    .await
                    .expect("plan");
                say(&format!("ACK plan {} {tag}", p.id));
                let outcome = PlanOutcome {
                    status: PlanStatus::Done,
                    reflection: format!("went {tag}"),
                    mood_before: Some(3),
                    mood_after: Some(6),
                };
                plans::record_outcome(svc, p.id, outcome, "2026-01-02".into())
                    .await
                    .expect("outcome");
                say(&format!("ACK outcome {} {tag}", p.id));
            }
            1 => {
                let q = agenda::add_question(svc, format!("question {tag}"))
                    .await
                    .expect("question");
                say(&format!("ACK question {} {tag}", q_id(&q.key)));
                let next = course::list_sessions(svc)
                    .await
                    .expect("sessions")
                    .iter()
                    .map(|s| s.number)
                    .max()
                    .unwrap_or(0)
                    + 1;
                // Past the last planned session, corrections (which archive nothing).
                let number = if next > PLANNED_SESSIONS {
                    1 + i64::from(n) % PLANNED_SESSIONS
                } else {
                    next
                };
                let record = SessionRecord {
                    number,
                    held_on: held_on(number),
                    talked_about: if next > PLANNED_SESSIONS {
                        course::list_sessions(svc)
                            .await
                            .expect("sessions")
                            .into_iter()
                            .find(|s| s.number == number)
                            .map(|s| s.talked_about)
                            .unwrap_or_default()
                    } else {
                        format!("talk {tag}")
                    },
                    agreed: String::new(),
                    notes: format!("notes {tag}"),
                    mood: Some(5),
                };
                let new = next <= PLANNED_SESSIONS;
                say(&format!("TRY session {number} {tag} {new}"));
                course::save_session(svc, record).await.expect("session");
                say(&format!("ACK session {number} {tag} {new}"));
            }
            2 => {
                let s = practice::save_custom_scenario(svc, None, scenario_of(&tag))
                    .await
                    .expect("scenario");
                say(&format!("ACK scenario {} {tag}", s.key));
                let mut r = practice::start_run(svc, s.key.clone(), Some(4))
                    .await
                    .expect("start");
                for _ in 0..10 {
                    if r.ending.is_some() {
                        break;
                    }
                    r = practice::take_turn(
                        svc,
                        r.id,
                        format!("I feel tired {tag}"),
                        Approach::IStatement,
                    )
                    .await
                    .expect("turn");
                }
                practice::finish_run(svc, r.id, Some(7), format!("hard {tag}"))
                    .await
                    .expect("finish");
                say(&format!("ACK run {} {} {tag}", r.id, s.key));
            }
            3 => {
                let mut ids = Vec::new();
                for side in ["a", "b"] {
                    let inv = Inventory {
                        display_name: format!("P{tag}{side}"),
                        ..Inventory::default()
                    };
                    let p = people::save_inventory(svc, None, inv)
                        .await
                        .expect("person");
                    say(&format!("ACK person P{tag}{side}"));
                    ids.push(p.id);
                }
                let (a, b) = (ids[0], ids[1]);
                say(&format!("TRY merge P{tag}b P{tag}a"));
                people::merge(svc, b, a).await.expect("merge");
                say(&format!("ACK merge P{tag}b P{tag}a"));
                self.people.push(a);
                let start = self.people.len().saturating_sub(5);
                let rings = [Ring::Closest, Ring::Close, Ring::FurtherOut];
                let placements: Vec<Placement> = self.people[start..]
                    .iter()
                    .enumerate()
                    .map(|(i, id)| Placement {
                        person_id: *id,
                        ring: rings[i % 3],
                    })
                    .collect();
                let snap = circle::save(svc, CircleInput { placements }, Utc::now())
                    .await
                    .expect("circle");
                say(&format!(
                    "ACK circle {} {}",
                    snap.id,
                    placements_text(&snap.placements)
                ));
            }
            4 => {
                let input = CheckInInput {
                    kind: Questionnaire::Phq9,
                    answers: checkin_answers(n),
                    difficulty: Some(u8::try_from(n % 4).unwrap_or(0)),
                };
                let c = checkins::save(svc, input).await.expect("check-in");
                say(&format!("ACK checkin {} {n}", c.id));
            }
            5 => {
                say(&format!("TRY safety {tag}"));
                safety_plan::save(svc, safety_plan_of(&tag))
                    .await
                    .expect("safety plan");
                say(&format!("ACK safety {tag}"));
            }
            6 => {
                let b = backup::back_up(svc, BackupKind::Manual, Utc::now())
                    .await
                    .expect("backup");
                say(&format!("ACK backup {}", b.path));
            }
            7 => {
                let new = passphrase_of(&tag);
                say(&format!("TRY pass {tag}"));
                svc.change_passphrase(ChangePassphraseRequest {
                    current: self.passphrase.clone(),
                    new_passphrase: new.clone(),
                })
                .await
                .expect("change passphrase");
                self.passphrase = new;
                say(&format!("ACK pass {tag}"));
            }
            _ => {
                let out = self.exports.join(format!("export-{tag}.json"));
                export::write(svc, out.display().to_string(), ExportFormat::Json)
                    .await
                    .expect("export");
                say(&format!("ACK export {}", out.display()));
                let file = self.exports.join(format!("import-{tag}.json"));
                std::fs::write(
                    &file,
                    import_text(&self.template.0, &self.template.1, run, n),
                )
                .expect("import file");
                say(&format!("TRY import {run} {n}"));
                export::apply_import(svc, file.display().to_string())
                    .await
                    .expect("import");
                say(&format!("ACK import {run} {n}"));
                let _ = std::fs::remove_file(&file);
            }
        }
    }
}

fn q_id(key: &str) -> i64 {
    key.strip_prefix("question:")
        .and_then(|n| n.parse().ok())
        .expect("question key")
}

fn placements_text(p: &[Placement]) -> String {
    let mut v: Vec<String> = p
        .iter()
        .map(|p| format!("{}:{:?}", p.person_id, p.ring))
        .collect();
    v.sort();
    v.join(",")
}

/// The child: unlocks with the first passphrase that works and writes until killed.
#[tokio::test]
#[ignore = "helper process for every_acknowledged_write_survives_sigkill; run by that test"]
async fn crash_child_mixed_writer() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let run: u32 = std::env::var("IPT_CRASH_RUN")
        .expect("run")
        .parse()
        .expect("run number");
    let candidates: Vec<String> = std::env::var("IPT_CRASH_PASSES")
        .expect("passphrases")
        .split('\n')
        .map(str::to_owned)
        .collect();
    let template = read_template(Path::new(
        &std::env::var("IPT_CRASH_TEMPLATE").expect("template"),
    ));
    let svc = service(Path::new(&dir), Arc::new(MemoryStore::new()));
    let mut unlocked = None;
    for (i, p) in candidates.iter().enumerate() {
        match svc.unlock_with_passphrase(p.clone()).await {
            Ok(()) => {
                unlocked = Some(i);
                break;
            }
            Err(e) if e.code() == ErrorCode::WrongKey => {}
            Err(e) => panic!("child unlock: {e}"),
        }
    }
    let i = unlocked.expect("neither the old nor the new passphrase opens the vault");
    say(&format!("UNLOCKED {i}"));
    let people: Vec<i64> = people::list_all_people(&svc)
        .await
        .expect("people")
        .iter()
        .filter(|p| p.display_name.starts_with('P') && p.display_name.ends_with('a'))
        .map(|p| p.id)
        .collect();
    let mut child = Child {
        svc,
        run,
        passphrase: candidates[i].clone(),
        template,
        exports: Path::new(&dir).join("exports"),
        people,
    };
    let first = u32::try_from(random_u64() % u64::from(KINDS)).unwrap_or(0);
    say("READY");
    for n in 0.. {
        child.step((first + n) % KINDS, n).await;
    }
}

/// One line the child printed, in order.
#[derive(Debug, Clone)]
struct Said {
    acked: bool,
    kind: String,
    args: Vec<String>,
}

/// Builds the import template: a second small vault with two people, two entries (one naming a
/// person), a plan and a check-in, exported as JSON.
async fn make_template(dir: &Path) -> PathBuf {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("template vault");
    let p = people::save_inventory(
        &svc,
        None,
        Inventory {
            display_name: "Template friend".into(),
            ..Inventory::default()
        },
    )
    .await
    .expect("person");
    people::save_inventory(
        &svc,
        None,
        Inventory {
            display_name: "Template neighbour".into(),
            ..Inventory::default()
        },
    )
    .await
    .expect("person");
    for i in 0..2 {
        journal::create_entry(
            &svc,
            JournalEntryInput {
                occurred_at: format!("2026-02-0{}T10:00:00+01:00", i + 1),
                mood: 5,
                emotions: vec![],
                custom_emotions: vec![],
                text: format!("imported entry {i}"),
                tags: vec!["imported".into()],
                events: vec![InterpersonalEventInput {
                    person_name: None,
                    what_happened: "we talked".into(),
                    what_i_felt: String::new(),
                    what_i_did: String::new(),
                    how_it_ended: String::new(),
                    important: false,
                    person_id: Some(p.id),
                }],
                pinned: false,
                draft_key: None,
            },
        )
        .await
        .expect("entry");
    }
    plans::create_plan(
        &svc,
        PlanInput {
            what: "imported plan".into(),
            area: None,
            person_id: Some(p.id),
            person_name: None,
            due_on: Some("2026-02-10".into()),
        },
        "2026-02-01".into(),
    )
    .await
    .expect("plan");
    checkins::save(
        &svc,
        CheckInInput {
            kind: Questionnaire::Gad7,
            answers: vec![Some(1); 7],
            difficulty: None,
        },
    )
    .await
    .expect("check-in");
    let path = dir.join("template.json");
    export::write(&svc, path.display().to_string(), ExportFormat::Json)
        .await
        .expect("template export");
    svc.lock().await;
    path
}

/// How many of `uids` are in the vault (in any table that has them).
async fn present(pool: &sqlx::SqlitePool, uids: &[String]) -> usize {
    let mut found = 0;
    for u in uids {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM people WHERE uid = ?1) \
             + (SELECT count(*) FROM journal_entries WHERE uid = ?1) \
             + (SELECT count(*) FROM plans WHERE uid = ?1) \
             + (SELECT count(*) FROM checkins WHERE uid = ?1)",
        )
        .bind(u)
        .fetch_one(pool)
        .await
        .expect("uid");
        if n > 0 {
            found += 1;
        }
    }
    found
}

/// The final value written under one key must be the last acknowledged write's, or that of a
/// write tried after it (killed before its acknowledgement).
fn last_writer_ok(writes: &[(String, bool)], got: &str) -> bool {
    let last_ack = writes.iter().rposition(|(_, a)| *a);
    match last_ack {
        Some(i) => writes[i..].iter().any(|(t, _)| t == got),
        None => writes.is_empty() || writes.iter().any(|(t, _)| t == got) || got.is_empty(),
    }
}

#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn every_acknowledged_write_survives_sigkill() {
    let dir = tempfile::tempdir().expect("tmp");
    let tdir = tempfile::tempdir().expect("tmp");
    let template_path = make_template(tdir.path()).await;
    let (_, template_uids) = read_template(&template_path);
    {
        let (svc, _) = memory_service(dir.path());
        svc.create(create_req(false)).await.expect("create");
        course::save_course(
            &svc,
            CourseInput {
                start_date: COURSE_START.into(),
                planned_sessions: PLANNED_SESSIONS,
                weekday: 1,
                session_time: "17:30".into(),
                format: CourseFormat::Individual,
                other_care: String::new(),
                therapist_name: String::new(),
                initial_last: None,
                termination_first: None,
            },
        )
        .await
        .expect("course");
        svc.lock().await;
    }
    std::fs::create_dir_all(dir.path().join("exports")).expect("exports");
    let mut said: Vec<Said> = Vec::new();
    let mut acked = 0usize;
    let mut current_pass = PASS.to_owned();
    let mut pending_pass: Option<String> = None;
    let mut passes_seen: Vec<String> = vec![PASS.to_owned()];
    let mut run = 0u32;
    let mut killed_during: BTreeMap<&str, usize> = BTreeMap::new();
    let started = Instant::now();
    let target = target_acks();
    while acked < target {
        assert!(
            started.elapsed() < Duration::from_secs(1_800),
            "too slow: {acked} acks"
        );
        run += 1;
        let aim = run.is_multiple_of(2).then(|| {
            let kind = (run / 2) % KINDS;
            // The slow writes (backup, passphrase, export and import) take hundreds of ms.
            let spread_us = if kind >= 6 { 300_000 } else { 8_000 };
            (kind, random_u64() % spread_us)
        });
        let mut candidates = vec![current_pass.clone()];
        candidates.extend(pending_pass.take());
        let child = ChildTest::spawn(
            "crash_child_mixed_writer",
            [
                (CHILD_ENV, dir.path().display().to_string()),
                ("IPT_CRASH_RUN", run.to_string()),
                ("IPT_CRASH_PASSES", candidates.join("\n")),
                ("IPT_CRASH_TEMPLATE", template_path.display().to_string()),
            ],
        );
        for line in child.wait_for("READY", Duration::from_secs(120)) {
            if let Some(at) = line.find("UNLOCKED ") {
                let i: usize = line[at + 9..].trim().parse().expect("index");
                current_pass.clone_from(&candidates[i]);
            }
        }
        // Odd runs die at a random moment (the slow writes take most of them); even runs are
        // killed during one kind of write in turn, a random moment after it started, so that
        // every kind is cut off in the middle too.
        let mut early: Vec<String> = Vec::new();
        if let Some((kind, after_us)) = aim {
            let marker = format!("DO {kind}");
            let deadline = Instant::now() + Duration::from_secs(120);
            while Instant::now() < deadline {
                match child.lines.recv_timeout(Duration::from_secs(1)) {
                    Ok(line) => {
                        let hit = line.ends_with(&marker);
                        early.push(line);
                        if hit {
                            break;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            std::thread::sleep(Duration::from_micros(after_us));
        } else {
            std::thread::sleep(Duration::from_millis(20 + random_u64() % 400));
        }
        let rest = child.kill();
        let mut doing = None;
        for line in early.into_iter().chain(rest) {
            if let Some(at) = line.find("DO ") {
                doing = line[at + 3..].trim().parse::<usize>().ok();
            }
            let (acked_line, at) = match (line.find("ACK "), line.find("TRY ")) {
                (Some(a), _) => (true, a),
                (None, Some(t)) => (false, t),
                _ => continue,
            };
            let mut parts = line[at + 4..].split_whitespace().map(str::to_owned);
            let kind = parts.next().expect("kind");
            let args: Vec<String> = parts.collect();
            if kind == "pass" {
                let p = passphrase_of(&args[0]);
                passes_seen.push(p.clone());
                if acked_line {
                    current_pass = p;
                    pending_pass = None;
                } else {
                    pending_pass = Some(p);
                }
            }
            if acked_line {
                acked += 1;
            }
            said.push(Said {
                acked: acked_line,
                kind,
                args,
            });
        }
        if let Some(k) = doing {
            *killed_during.entry(KIND_NAMES[k]).or_default() += 1;
        }
    }
    let elapsed = started.elapsed();

    // The vault opens with the passphrase the last run left (or the one it was changing to).
    let (svc, _) = memory_service(dir.path());
    let mut opened = svc.unlock_with_passphrase(current_pass.clone()).await;
    if opened.is_err()
        && let Some(p) = &pending_pass
    {
        opened = svc.unlock_with_passphrase(p.clone()).await;
    }
    opened.expect("unlock after crashes");
    let pool = svc.pool().await.expect("pool");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .expect("check");
    assert_eq!(check, "ok");
    let cipher: Vec<String> = sqlx::query_scalar("PRAGMA cipher_integrity_check")
        .fetch_all(&pool)
        .await
        .expect("cipher check");
    assert!(cipher.is_empty(), "cipher_integrity_check: {cipher:?}");

    let mut lost: Vec<String> = Vec::new();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut merged_away: BTreeSet<String> = BTreeSet::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for p in people::list_all_people(&svc).await.expect("people") {
        *names.entry(p.display_name).or_default() += 1;
    }
    let mut session_writes: HashMap<i64, Vec<(String, bool)>> = HashMap::new();
    let mut safety_writes: Vec<(String, bool)> = Vec::new();
    let mut acked_backups: Vec<String> = Vec::new();
    let mut imports: Vec<(u32, u32, bool)> = Vec::new();
    for s in &said {
        if s.kind == "merge" {
            merged_away.insert(s.args[0].clone());
        }
    }
    for s in &said {
        if s.acked {
            *by_kind.entry(s.kind.as_str()).or_default() += 1;
        }
        let a = &s.args;
        let id = || a[0].parse::<i64>().expect("id");
        match (s.kind.as_str(), s.acked) {
            ("plan", true) => match plans::get_plan(&svc, id()).await {
                Ok(p) if p.what == format!("plan {}", a[1]) => {}
                other => lost.push(format!("plan {a:?}: {other:?}")),
            },
            ("outcome", true) => match plans::get_plan(&svc, id()).await {
                Ok(p)
                    if p.status == PlanStatus::Done && p.reflection == format!("went {}", a[1]) => {
                }
                other => lost.push(format!("outcome {a:?}: {other:?}")),
            },
            ("question", true) => {
                let text: Option<String> =
                    sqlx::query_scalar("SELECT text FROM agenda_questions WHERE id = ?")
                        .bind(id())
                        .fetch_optional(&pool)
                        .await
                        .expect("question");
                if text != Some(format!("question {}", a[1])) {
                    lost.push(format!("question {a:?}: {text:?}"));
                }
            }
            ("session", acked) => {
                let number = id();
                session_writes
                    .entry(number)
                    .or_default()
                    .push((format!("notes {}", a[1]), acked));
                if acked && a[2] == "true" {
                    let got = course::list_sessions(&svc)
                        .await
                        .expect("sessions")
                        .into_iter()
                        .find(|r| r.number == number);
                    if got.as_ref().map(|r| r.talked_about.as_str())
                        != Some(format!("talk {}", a[1]).as_str())
                    {
                        lost.push(format!("session {a:?}: {got:?}"));
                    }
                }
            }
            ("scenario", true) => match practice::get_scenario(&svc, a[0].clone()).await {
                Ok(sc) if sc.title == a[1] => {}
                other => lost.push(format!("scenario {a:?}: {:?}", other.map(|s| s.title))),
            },
            ("run", true) => match practice::get_run(&svc, id()).await {
                Ok(r)
                    if r.finished_at.is_some()
                        && r.ending.is_some()
                        && !r.turns.is_empty()
                        && r.scenario_key == a[1]
                        && r.felt_hard == format!("hard {}", a[2]) => {}
                other => lost.push(format!("run {a:?}: {other:?}")),
            },
            // Ids of removed rows are reused by SQLite: people are known by their unique names.
            ("person", true) => {
                let n = names.get(&a[0]).copied().unwrap_or(0);
                if n != 1 && !(n == 0 && merged_away.contains(&a[0])) {
                    lost.push(format!("person {a:?}: {n} with that name"));
                }
            }
            ("merge", true) => {
                let gone = names.get(&a[0]).copied().unwrap_or(0);
                let kept = names.get(&a[1]).copied().unwrap_or(0);
                if gone != 0 || kept != 1 {
                    lost.push(format!("merge {a:?}: {gone} merged, {kept} kept"));
                }
            }
            ("circle", true) => match circle::snapshot(&svc, id()).await {
                Ok(snap)
                    if placements_text(&snap.placements)
                        == a.get(1).cloned().unwrap_or_default() => {}
                other => lost.push(format!("circle {a:?}: {other:?}")),
            },
            ("checkin", true) => {
                let n: u32 = a[1].parse().expect("n");
                let got = checkins::list(&svc)
                    .await
                    .expect("check-ins")
                    .into_iter()
                    .find(|c| c.id == id());
                match got {
                    Some(c)
                        if c.answers == checkin_answers(n)
                            && c.difficulty == Some(u8::try_from(n % 4).unwrap_or(0)) => {}
                    other => lost.push(format!("check-in {a:?}: {other:?}")),
                }
            }
            ("safety", acked) => safety_writes.push((a[0].clone(), acked)),
            ("backup", true) => acked_backups.push(a[0].clone()),
            ("export", true) => {
                let ok = std::fs::read(&a[0])
                    .ok()
                    .is_some_and(|b| export::parse(&b).is_ok());
                if !ok {
                    lost.push(format!("export {a:?} missing or unreadable"));
                }
            }
            ("import", acked) => {
                imports.push((a[0].parse().expect("r"), a[1].parse().expect("n"), acked));
            }
            _ => {}
        }
    }

    // A session record and its archived agenda: both there or both absent.
    let recorded: BTreeSet<i64> = course::list_sessions(&svc)
        .await
        .expect("sessions")
        .iter()
        .map(|s| s.number)
        .collect();
    let archived: BTreeSet<i64> =
        sqlx::query_scalar::<_, i64>("SELECT DISTINCT session_number FROM agenda_archive")
            .fetch_all(&pool)
            .await
            .expect("archive")
            .into_iter()
            .collect();
    if recorded != archived {
        lost.push(format!(
            "sessions {recorded:?} vs archived agendas {archived:?}"
        ));
    }
    let stray: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT archived_in FROM agenda_questions WHERE archived_in IS NOT NULL",
    )
    .fetch_all(&pool)
    .await
    .expect("questions");
    for s in stray {
        if !recorded.contains(&s) {
            lost.push(format!(
                "questions archived into session {s}, which is not there"
            ));
        }
    }
    for (number, writes) in &session_writes {
        let notes = course::list_sessions(&svc)
            .await
            .expect("sessions")
            .into_iter()
            .find(|r| r.number == *number)
            .map(|r| r.notes)
            .unwrap_or_default();
        if !last_writer_ok(writes, &notes) {
            lost.push(format!(
                "session {number}: notes {notes:?} after {writes:?}"
            ));
        }
    }
    let plan = safety_plan::get(&svc).await.expect("safety plan");
    if !last_writer_ok(&safety_writes, &plan.reason_for_living) {
        lost.push(format!(
            "safety plan {:?} after {:?}",
            plan.reason_for_living,
            safety_writes.iter().rev().take(3).collect::<Vec<_>>()
        ));
    }

    // Backups: every file in the folder opens and passes its check with a passphrase it was made
    // under; an acknowledged backup is there, or a newer one replaced it in the rotation.
    let folder = backup::folder(&svc).await.expect("folder");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "iptbackup"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for f in &files {
        let mut ok = false;
        for p in passes_seen.iter().rev() {
            if backup::preview(
                &svc,
                f.display().to_string(),
                BackupSecret::Passphrase(p.clone()),
            )
            .await
            .is_ok()
            {
                ok = true;
                break;
            }
        }
        if !ok {
            lost.push(format!("backup {} does not verify", f.display()));
        }
    }
    for b in &acked_backups {
        let name = Path::new(b).file_name().expect("name").to_owned();
        if !files
            .iter()
            .any(|f| f.file_name().is_some_and(|n| n >= name.as_os_str()))
        {
            lost.push(format!("acknowledged backup {b} gone with no newer one"));
        }
    }

    // Imports: an acknowledged one whole; any other all or nothing.
    let n_uids = template_uids.len();
    for (r, n, was_acked) in &imports {
        let uids: Vec<String> = (0..n_uids).map(|i| import_uid(*r, *n, i)).collect();
        let found = present(&pool, &uids).await;
        let whole = found == n_uids;
        if !whole && (*was_acked || found != 0) {
            lost.push(format!(
                "import {r}/{n} (acked {was_acked}): {found} of {n_uids} items"
            ));
        }
    }

    eprintln!(
        "{acked} acknowledged writes ({by_kind:?}) over {run} SIGKILLed runs in {elapsed:?}; \
         killed while doing {killed_during:?}; {} backup files; checks took {:?}",
        files.len(),
        started.elapsed() - elapsed
    );
    assert!(lost.is_empty(), "lost or half-done writes: {lost:#?}");
    for kind in [
        "plan", "outcome", "question", "session", "scenario", "run", "person", "merge", "circle",
        "checkin", "safety", "backup", "pass", "export", "import",
    ] {
        assert!(
            by_kind.get(kind).is_some_and(|n| *n > 0),
            "no acknowledged {kind} write: {by_kind:?}"
        );
    }
    proof_row(
        "crash: SIGKILL during every kind of write (acknowledged writes checked)",
        acked,
        run as usize,
        lost.len(),
        0,
    );
}
