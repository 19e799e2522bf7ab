//! The vault against a reference model: a plain-Rust model of what the patient has written
//! (journal entries with their people, the trash, drafts, people, plans, session records,
//! check-ins, own role-play scenarios and their runs) and the real vault in a temporary folder go through the same random sequences of
//! writes, locks, passphrase changes, backups with restores, and export into a fresh vault. After
//! every step the vault answers every read as the model does.
//!
//! The model knows nothing of the vault's ids: it numbers things itself, and the test maps its
//! numbers to the vault's as the vault answers. A failing sequence is shrunk to its shortest form
//! and kept in `tests/proptest-regressions/model.txt`, which is replayed first on every run.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use ipt_core::domain::backup::BackupKind;
use ipt_core::domain::checkins::{CheckInInput, Questionnaire};
use ipt_core::domain::course::SessionRecord;
use ipt_core::domain::journal::{Emotion, InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::people::Inventory;
use ipt_core::domain::plans::{PlanInput, PlanOutcome, PlanStatus};
use ipt_core::domain::practice::{Approach, CustomScenarioInput, Effect};
use ipt_core::service::backup::BackupSecret;
use ipt_core::service::export::ExportFormat;
use ipt_core::service::journal::{EntrySummary, JournalQuery, MAX_PAGE};
use ipt_core::service::vault::{ChangePassphraseRequest, VaultService};
use ipt_core::service::{backup, checkins, course, export, journal, people, plans, practice};
use ipt_core::{Error, ErrorCode};
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::{Config, FileFailurePersistence};
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};

/// Steps applied to the vault in this run (shrinking included).
static STEPS: AtomicUsize = AtomicUsize::new(0);

// ---- The words the sequences are made of ------------------------------------------------------

/// Words written into entries. None is a prefix of another word the vault indexes (tags, names,
/// feelings, event text), so a search for one finds exactly the entries whose text holds it.
const WORDS: [&str; 6] = ["lantern", "walnut", "meadow", "copper", "thistle", "quartz"];
/// Tags as typed: the last repeats the first in another case (one tag per entry).
const TAGS: [&str; 4] = ["work", "family", "#sleep", "Work"];
/// Names typed into events, plans and the people page: two differ only in case (the same person
/// while the first is in the pickers).
const NAMES: [&str; 5] = ["Ana", "ana", "Ben", "Cleo", "Dev"];
/// When entries happened: the first two are the same instant in two offsets (a tie the timeline
/// breaks by id).
const WHEN: [&str; 6] = [
    "2026-11-20T10:00:00+01:00",
    "2026-11-20T09:00:00Z",
    "2026-11-21T23:30:00-05:00",
    "2026-11-19T08:15:00+02:00",
    "2026-11-22T12:00:00+00:00",
    "2025-01-01T00:00:00+09:00",
];
const DRAFTS: [&str; 3] = [r#"{"text":"half a thought"}"#, "{}", r#"{"text":"later"}"#];
const PLAN_WHAT: [&str; 3] = ["call about the weekend", "say no once", "ask for help"];
/// Due dates, all after [`TODAY`]: "try again" never moves one.
const DUE: [&str; 4] = ["2026-02-03", "2026-03-10", "2026-03-10", "2026-12-24"];
const TODAY: &str = "2026-01-01";
const REFLECTIONS: [&str; 3] = ["", "it went better than I feared", "  too tired  "];
const SESSION_DAYS: [&str; 3] = ["2026-11-03", "2026-11-10", "2026-11-17"];
const TALKED: [&str; 3] = ["", "my sister", "work and sleep"];
/// Passphrases the vault is given in turn (the first is the one it was made with).
const PASSES: [&str; 3] = [common::PASS, "walk by the river", "a quiet green door"];
const GOOD: [&str; 2] = ["", "we laugh"];
const SCENARIO_TITLES: [&str; 2] = ["Asking for a quiet evening", "  Saying no to Sunday lunch "];
const REPLIES: [&str; 2] = ["I would like us to talk", "  fine, whatever  "];
const FELT_HARD: [&str; 2] = ["", " staying calm "];

// ---- Operations ------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Who {
    Nobody,
    /// A person the model knows, by the model's number.
    Known(u32),
    /// Typed as a name: found in the pickers (case-insensitively) or added.
    Named(usize),
}

#[derive(Clone, Debug)]
struct EntryIn {
    when: usize,
    mood: i64,
    words: Vec<usize>,
    tags: Vec<usize>,
    emotions: Vec<usize>,
    events: Vec<Who>,
    pinned: bool,
    /// Saved from its draft (which goes in the same transaction).
    from_draft: bool,
}

#[derive(Clone, Debug)]
enum Op {
    Create(EntryIn),
    Edit(u32, EntryIn),
    Trash(u32),
    Restore(u32),
    EmptyTrash,
    /// `None` is the new-entry form's draft.
    SaveDraft(Option<u32>, usize),
    DiscardDraft(Option<u32>),
    AddPerson {
        name: usize,
        good: usize,
    },
    Rename(u32, usize),
    Archive(u32, bool),
    Merge {
        from: u32,
        into: u32,
    },
    CreatePlan {
        what: usize,
        who: Who,
        due: usize,
    },
    Outcome {
        plan: u32,
        status: usize,
        reflection: usize,
        mood_before: Option<i64>,
        mood_after: Option<i64>,
    },
    DeletePlan(u32),
    Session {
        number: i64,
        day: usize,
        talked: usize,
        mood: Option<i64>,
    },
    CheckIn {
        phq9: bool,
        answers: Vec<Option<u8>>,
        difficulty: Option<u8>,
    },
    LockUnlock {
        recovery: bool,
    },
    ChangePassphrase(usize),
    Backup,
    /// Restores the n-th backup made in this sequence.
    RestoreBackup(usize),
    ExportImport,
    /// An own role-play scenario, about someone or nobody.
    SaveScenario {
        title: usize,
        who: Who,
    },
    StartRun {
        scenario: u32,
        confidence: Option<i64>,
    },
    Turn {
        run: u32,
        approach: usize,
        reply: usize,
    },
    FinishRun {
        run: u32,
        confidence: Option<i64>,
        felt_hard: usize,
    },
}

// ---- The reference model ---------------------------------------------------------------------

#[derive(Clone, Debug)]
struct MEntry {
    when: usize,
    mood: i64,
    text: String,
    tags: Vec<String>,
    emotions: Vec<Emotion>,
    /// The person each event names.
    events: Vec<Option<u32>>,
    pinned: bool,
    trashed: bool,
}

#[derive(Clone, Debug)]
struct MPerson {
    name: String,
    good: String,
    archived: bool,
}

#[derive(Clone, Debug)]
struct MPlan {
    what: String,
    person: Option<u32>,
    due: String,
    status: PlanStatus,
    reflection: String,
    mood_before: Option<i64>,
    mood_after: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct MCheckIn {
    kind: Questionnaire,
    answers: Vec<Option<u8>>,
    difficulty: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct MSession {
    held_on: String,
    talked: String,
    mood: Option<i64>,
}

#[derive(Clone, Debug)]
struct MScenario {
    title: String,
    person: Option<u32>,
}

#[derive(Clone, Debug)]
struct MRun {
    scenario: u32,
    confidence_before: Option<i64>,
    /// Each reply (trimmed) and its approach.
    turns: Vec<(String, Approach)>,
    /// The step the other person is at (`start`, `open`, `tense`, `distant`), or the ending.
    at: &'static str,
    ended: bool,
    /// Closed: confidence afterwards and what felt hard.
    finished: Option<(Option<i64>, String)>,
}

/// Where an own scenario leads from `at` on a reply with `effect` (the app's fixed shape for
/// scenarios the patient writes: one line, one reply of theirs, an ending).
fn next_step(at: &str, effect: Effect) -> (&'static str, bool) {
    match (at, effect) {
        ("start", Effect::Open) => ("open", false),
        ("start", Effect::Tense) => ("tense", false),
        ("start", Effect::Distant) => ("distant", false),
        ("open", Effect::Open) => ("good", true),
        ("open", _) | ("tense" | "distant", Effect::Open) => ("mixed", true),
        _ => ("stuck", true),
    }
}

/// What the vault holds (what a backup carries and a restore brings back).
#[derive(Clone, Debug, Default)]
struct Data {
    entries: BTreeMap<u32, MEntry>,
    drafts: BTreeMap<Option<u32>, String>,
    people: BTreeMap<u32, MPerson>,
    plans: BTreeMap<u32, MPlan>,
    /// In the order taken.
    checkins: Vec<MCheckIn>,
    sessions: BTreeMap<i64, MSession>,
    scenarios: BTreeMap<u32, MScenario>,
    runs: BTreeMap<u32, MRun>,
}

#[derive(Clone, Debug, Default)]
struct Model {
    data: Data,
    next: u32,
    /// Index into [`PASSES`].
    pass: usize,
    /// Each backup's data and the passphrase it opens with.
    backups: Vec<(Data, usize)>,
}

fn tidy_tags(tags: &[usize]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for &t in tags {
        let tag = TAGS[t].trim_start_matches('#').to_owned();
        if seen.insert(tag.to_lowercase()) {
            out.push(tag);
        }
    }
    out
}

fn text_of(words: &[usize]) -> String {
    words
        .iter()
        .map(|&w| WORDS[w])
        .collect::<Vec<_>>()
        .join(" ")
}

impl Model {
    fn fresh_id(&mut self) -> u32 {
        self.next += 1;
        self.next
    }

    /// The person an event or plan names, as the vault resolves it: a name finds the first-added
    /// person in the pickers with that name (any case), or adds one.
    fn resolve(&mut self, who: &Who) -> Option<u32> {
        match who {
            Who::Nobody => None,
            Who::Known(p) => Some(*p),
            Who::Named(n) => {
                let name = NAMES[*n];
                let found = self
                    .data
                    .people
                    .iter()
                    .find(|(_, p)| !p.archived && p.name.eq_ignore_ascii_case(name))
                    .map(|(id, _)| *id);
                Some(found.unwrap_or_else(|| {
                    let id = self.fresh_id();
                    self.data.people.insert(
                        id,
                        MPerson {
                            name: name.to_owned(),
                            good: String::new(),
                            archived: false,
                        },
                    );
                    id
                }))
            }
        }
    }

    fn entry(&mut self, e: &EntryIn, trashed: bool) -> MEntry {
        let mut emotions: Vec<Emotion> = Vec::new();
        for &i in &e.emotions {
            if !emotions.contains(&Emotion::ALL[i]) {
                emotions.push(Emotion::ALL[i]);
            }
        }
        MEntry {
            when: e.when,
            mood: e.mood,
            text: text_of(&e.words),
            tags: tidy_tags(&e.tags),
            emotions,
            events: e.events.iter().map(|w| self.resolve(w)).collect(),
            pinned: e.pinned,
            trashed,
        }
    }

    fn known(&self, who: &Who) -> bool {
        match who {
            Who::Known(p) => self.data.people.contains_key(p),
            _ => true,
        }
    }

    fn live(&self, id: u32) -> bool {
        self.data.entries.get(&id).is_some_and(|e| !e.trashed)
    }

    /// The timeline, newest first (ties: the later-added first, as the vault's ids are).
    fn timeline(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .data
            .entries
            .iter()
            .filter(|(_, e)| !e.trashed)
            .map(|(id, _)| *id)
            .collect();
        ids.sort_by_key(|id| {
            let e = &self.data.entries[id];
            std::cmp::Reverse((utc_of(WHEN[e.when]), *id))
        });
        ids
    }
}

fn utc_of(when: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(when)
        .expect("fixed time")
        .with_timezone(&Utc)
}

// ---- Generating sequences --------------------------------------------------------------------

fn entry_in(people: Vec<u32>) -> BoxedStrategy<EntryIn> {
    let who = if people.is_empty() {
        prop_oneof![Just(Who::Nobody), (0..NAMES.len()).prop_map(Who::Named)].boxed()
    } else {
        prop_oneof![
            1 => Just(Who::Nobody),
            2 => (0..NAMES.len()).prop_map(Who::Named),
            2 => proptest::sample::select(people).prop_map(Who::Known),
        ]
        .boxed()
    };
    (
        0..WHEN.len(),
        0i64..=10,
        proptest::collection::vec(0..WORDS.len(), 0..4),
        proptest::collection::vec(0..TAGS.len(), 0..3),
        proptest::collection::vec(0..Emotion::ALL.len(), 0..3),
        proptest::collection::vec(who, 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(when, mood, words, tags, emotions, events, pinned, from_draft)| EntryIn {
                when,
                mood,
                words,
                tags,
                emotions,
                events,
                pinned,
                from_draft,
            },
        )
        .boxed()
}

fn answers(n: usize) -> BoxedStrategy<Vec<Option<u8>>> {
    proptest::collection::vec(
        prop_oneof![1 => Just(None), 6 => (0u8..=3).prop_map(Some)],
        n,
    )
    .boxed()
}

fn mood() -> BoxedStrategy<Option<i64>> {
    proptest::option::of(0i64..=10).boxed()
}

struct VaultModel;

impl ReferenceStateMachine for VaultModel {
    type State = Model;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model::default()).boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Op> {
        let d = &state.data;
        let all_entries: Vec<u32> = d.entries.keys().copied().collect();
        let live: Vec<u32> = d
            .entries
            .iter()
            .filter(|(_, e)| !e.trashed)
            .map(|(id, _)| *id)
            .collect();
        let trashed: Vec<u32> = d
            .entries
            .iter()
            .filter(|(_, e)| e.trashed)
            .map(|(id, _)| *id)
            .collect();
        let people: Vec<u32> = d.people.keys().copied().collect();
        let plan_ids: Vec<u32> = d.plans.keys().copied().collect();

        let mut ops: Vec<(u32, BoxedStrategy<Op>)> = vec![
            (12, entry_in(people.clone()).prop_map(Op::Create).boxed()),
            (1, Just(Op::EmptyTrash).boxed()),
            (
                3,
                (0..DRAFTS.len())
                    .prop_map(|p| Op::SaveDraft(None, p))
                    .boxed(),
            ),
            (1, Just(Op::DiscardDraft(None)).boxed()),
            (
                3,
                (0..NAMES.len(), 0..GOOD.len())
                    .prop_map(|(name, good)| Op::AddPerson { name, good })
                    .boxed(),
            ),
            (
                4,
                (0..PLAN_WHAT.len(), 0..NAMES.len(), 0..DUE.len())
                    .prop_map(|(what, n, due)| Op::CreatePlan {
                        what,
                        who: if n == 0 { Who::Nobody } else { Who::Named(n) },
                        due,
                    })
                    .boxed(),
            ),
            (
                2,
                (1i64..=12, 0..SESSION_DAYS.len(), 0..TALKED.len(), mood())
                    .prop_map(|(number, day, talked, mood)| Op::Session {
                        number,
                        day,
                        talked,
                        mood,
                    })
                    .boxed(),
            ),
            (
                3,
                prop_oneof![
                    (answers(9), proptest::option::of(0u8..=3)).prop_map(
                        |(answers, difficulty)| Op::CheckIn {
                            phq9: true,
                            answers,
                            difficulty
                        }
                    ),
                    answers(7).prop_map(|answers| Op::CheckIn {
                        phq9: false,
                        answers,
                        difficulty: None
                    }),
                ]
                .boxed(),
            ),
            (
                1,
                any::<bool>()
                    .prop_map(|recovery| Op::LockUnlock { recovery })
                    .boxed(),
            ),
            (1, (0..PASSES.len()).prop_map(Op::ChangePassphrase).boxed()),
            (1, Just(Op::Backup).boxed()),
        ];
        if !live.is_empty() {
            ops.push((
                5,
                (
                    proptest::sample::select(live.clone()),
                    entry_in(people.clone()),
                )
                    .prop_map(|(id, e)| Op::Edit(id, e))
                    .boxed(),
            ));
            ops.push((
                4,
                proptest::sample::select(live).prop_map(Op::Trash).boxed(),
            ));
        }
        if !trashed.is_empty() {
            ops.push((
                2,
                proptest::sample::select(trashed)
                    .prop_map(Op::Restore)
                    .boxed(),
            ));
        }
        if !all_entries.is_empty() {
            ops.push((
                2,
                (
                    proptest::sample::select(all_entries.clone()),
                    0..DRAFTS.len(),
                )
                    .prop_map(|(id, p)| Op::SaveDraft(Some(id), p))
                    .boxed(),
            ));
            ops.push((
                1,
                proptest::sample::select(all_entries)
                    .prop_map(|id| Op::DiscardDraft(Some(id)))
                    .boxed(),
            ));
        }
        if !people.is_empty() {
            ops.push((
                2,
                (proptest::sample::select(people.clone()), any::<bool>())
                    .prop_map(|(id, a)| Op::Archive(id, a))
                    .boxed(),
            ));
            ops.push((
                1,
                (proptest::sample::select(people.clone()), 0..NAMES.len())
                    .prop_map(|(id, n)| Op::Rename(id, n))
                    .boxed(),
            ));
            ops.push((
                2,
                (
                    0..PLAN_WHAT.len(),
                    proptest::sample::select(people.clone()),
                    0..DUE.len(),
                )
                    .prop_map(|(what, p, due)| Op::CreatePlan {
                        what,
                        who: Who::Known(p),
                        due,
                    })
                    .boxed(),
            ));
        }
        if people.len() >= 2 {
            ops.push((
                2,
                (
                    proptest::sample::select(people.clone()),
                    proptest::sample::select(people),
                )
                    .prop_filter("two people", |(a, b)| a != b)
                    .prop_map(|(from, into)| Op::Merge { from, into })
                    .boxed(),
            ));
        }
        if !plan_ids.is_empty() {
            ops.push((
                3,
                (
                    proptest::sample::select(plan_ids.clone()),
                    0..PlanStatus::ALL.len(),
                    0..REFLECTIONS.len(),
                    mood(),
                    mood(),
                )
                    .prop_map(
                        |(plan, status, reflection, mood_before, mood_after)| Op::Outcome {
                            plan,
                            status,
                            reflection,
                            mood_before,
                            mood_after,
                        },
                    )
                    .boxed(),
            ));
            ops.push((
                1,
                proptest::sample::select(plan_ids)
                    .prop_map(Op::DeletePlan)
                    .boxed(),
            ));
        }
        if !state.backups.is_empty() {
            ops.push((
                1,
                (0..state.backups.len()).prop_map(Op::RestoreBackup).boxed(),
            ));
        }
        ops.push((
            2,
            (0..SCENARIO_TITLES.len(), 0..NAMES.len() + 1)
                .prop_map(|(title, n)| Op::SaveScenario {
                    title,
                    who: if n == NAMES.len() {
                        Who::Nobody
                    } else {
                        Who::Named(n)
                    },
                })
                .boxed(),
        ));
        if !d.scenarios.is_empty() {
            let keys: Vec<u32> = d.scenarios.keys().copied().collect();
            ops.push((
                2,
                (proptest::sample::select(keys), mood())
                    .prop_map(|(scenario, confidence)| Op::StartRun {
                        scenario,
                        confidence,
                    })
                    .boxed(),
            ));
        }
        let open: Vec<u32> = d
            .runs
            .iter()
            .filter(|(_, r)| !r.ended)
            .map(|(id, _)| *id)
            .collect();
        if !open.is_empty() {
            ops.push((
                3,
                (
                    proptest::sample::select(open),
                    0..Approach::ALL.len(),
                    0..REPLIES.len(),
                )
                    .prop_map(|(run, approach, reply)| Op::Turn {
                        run,
                        approach,
                        reply,
                    })
                    .boxed(),
            ));
        }
        let ended: Vec<u32> = d
            .runs
            .iter()
            .filter(|(_, r)| r.ended)
            .map(|(id, _)| *id)
            .collect();
        if !ended.is_empty() {
            ops.push((
                2,
                (proptest::sample::select(ended), mood(), 0..FELT_HARD.len())
                    .prop_map(|(run, confidence, felt_hard)| Op::FinishRun {
                        run,
                        confidence,
                        felt_hard,
                    })
                    .boxed(),
            ));
        }
        if d.entries.len() + d.people.len() > 3 {
            ops.push((1, Just(Op::ExportImport).boxed()));
        }
        Union::new_weighted(ops).boxed()
    }

    fn preconditions(state: &Model, op: &Op) -> bool {
        let d = &state.data;
        let entry_ok = |e: &EntryIn| e.events.iter().all(|w| state.known(w));
        match op {
            Op::Create(e) => entry_ok(e),
            Op::Edit(id, e) => state.live(*id) && entry_ok(e),
            Op::Trash(id) => state.live(*id),
            Op::Restore(id) => d.entries.get(id).is_some_and(|e| e.trashed),
            Op::SaveDraft(Some(id), _) | Op::DiscardDraft(Some(id)) => d.entries.contains_key(id),
            Op::Rename(id, _) | Op::Archive(id, _) => d.people.contains_key(id),
            Op::Merge { from, into } => {
                from != into && d.people.contains_key(from) && d.people.contains_key(into)
            }
            Op::CreatePlan { who, .. } => state.known(who),
            Op::Outcome { plan, .. } | Op::DeletePlan(plan) => d.plans.contains_key(plan),
            Op::RestoreBackup(i) => *i < state.backups.len(),
            Op::SaveScenario { who, .. } => state.known(who),
            Op::StartRun { scenario, .. } => d.scenarios.contains_key(scenario),
            Op::Turn { run, .. } => d.runs.get(run).is_some_and(|r| !r.ended),
            Op::FinishRun { run, .. } => d.runs.get(run).is_some_and(|r| r.ended),
            _ => true,
        }
    }

    fn apply(mut state: Model, op: &Op) -> Model {
        match op {
            Op::Create(e) => {
                let entry = state.entry(e, false);
                let id = state.fresh_id();
                state.data.entries.insert(id, entry);
                if e.from_draft {
                    state.data.drafts.remove(&None);
                }
            }
            Op::Edit(id, e) => {
                let entry = state.entry(e, false);
                state.data.entries.insert(*id, entry);
                if e.from_draft {
                    state.data.drafts.remove(&Some(*id));
                }
            }
            Op::Trash(id) => {
                if let Some(e) = state.data.entries.get_mut(id) {
                    e.trashed = true;
                }
            }
            Op::Restore(id) => {
                if let Some(e) = state.data.entries.get_mut(id) {
                    e.trashed = false;
                }
            }
            Op::EmptyTrash => {
                state.data.entries.retain(|_, e| !e.trashed);
                // Gone for good, with the words of any edit that was never saved.
                let entries = &state.data.entries;
                state
                    .data
                    .drafts
                    .retain(|k, _| k.is_none_or(|id| entries.contains_key(&id)));
            }
            Op::SaveDraft(key, p) => {
                state.data.drafts.insert(*key, DRAFTS[*p].to_owned());
            }
            Op::DiscardDraft(key) => {
                state.data.drafts.remove(key);
            }
            Op::AddPerson { name, good } => {
                let id = state.fresh_id();
                state.data.people.insert(
                    id,
                    MPerson {
                        name: NAMES[*name].to_owned(),
                        good: GOOD[*good].to_owned(),
                        archived: false,
                    },
                );
            }
            Op::Rename(id, n) => {
                if let Some(p) = state.data.people.get_mut(id) {
                    p.name = NAMES[*n].to_owned();
                }
            }
            Op::Archive(id, archived) => {
                if let Some(p) = state.data.people.get_mut(id) {
                    p.archived = *archived;
                }
            }
            Op::Merge { from, into } => {
                let gone = state.data.people.remove(from).expect("precondition");
                let kept = state.data.people.get_mut(into).expect("precondition");
                if kept.good.is_empty() {
                    kept.good = gone.good;
                }
                for e in state.data.entries.values_mut() {
                    for p in e.events.iter_mut() {
                        if *p == Some(*from) {
                            *p = Some(*into);
                        }
                    }
                }
                for plan in state.data.plans.values_mut() {
                    if plan.person == Some(*from) {
                        plan.person = Some(*into);
                    }
                }
                for sc in state.data.scenarios.values_mut() {
                    if sc.person == Some(*from) {
                        sc.person = Some(*into);
                    }
                }
            }
            Op::CreatePlan { what, who, due } => {
                let person = state.resolve(who);
                let id = state.fresh_id();
                state.data.plans.insert(
                    id,
                    MPlan {
                        what: PLAN_WHAT[*what].to_owned(),
                        person,
                        due: DUE[*due].to_owned(),
                        status: PlanStatus::Planned,
                        reflection: String::new(),
                        mood_before: None,
                        mood_after: None,
                    },
                );
            }
            Op::Outcome {
                plan,
                status,
                reflection,
                mood_before,
                mood_after,
            } => {
                let p = state.data.plans.get_mut(plan).expect("precondition");
                let status = PlanStatus::ALL[*status];
                let attempt = matches!(status, PlanStatus::Tried | PlanStatus::Done);
                p.status = status;
                p.reflection = REFLECTIONS[*reflection].trim().to_owned();
                p.mood_before = mood_before.filter(|_| attempt);
                p.mood_after = mood_after.filter(|_| attempt);
            }
            Op::DeletePlan(id) => {
                state.data.plans.remove(id);
            }
            Op::Session {
                number,
                day,
                talked,
                mood,
            } => {
                state.data.sessions.insert(
                    *number,
                    MSession {
                        held_on: SESSION_DAYS[*day].to_owned(),
                        talked: TALKED[*talked].to_owned(),
                        mood: *mood,
                    },
                );
            }
            Op::CheckIn {
                phq9,
                answers,
                difficulty,
            } => state.data.checkins.push(MCheckIn {
                kind: if *phq9 {
                    Questionnaire::Phq9
                } else {
                    Questionnaire::Gad7
                },
                answers: answers.clone(),
                difficulty: *difficulty,
            }),
            Op::LockUnlock { .. } | Op::ExportImport => {}
            Op::ChangePassphrase(p) => state.pass = *p,
            Op::Backup => {
                let snapshot = (state.data.clone(), state.pass);
                state.backups.push(snapshot);
            }
            Op::RestoreBackup(i) => {
                let (data, pass) = state.backups[*i].clone();
                state.data = data;
                state.pass = pass;
            }
            Op::SaveScenario { title, who } => {
                let person = state.resolve(who);
                let id = state.fresh_id();
                state.data.scenarios.insert(
                    id,
                    MScenario {
                        title: SCENARIO_TITLES[*title].trim().to_owned(),
                        person,
                    },
                );
            }
            Op::StartRun {
                scenario,
                confidence,
            } => {
                let id = state.fresh_id();
                state.data.runs.insert(
                    id,
                    MRun {
                        scenario: *scenario,
                        confidence_before: *confidence,
                        turns: Vec::new(),
                        at: "start",
                        ended: false,
                        finished: None,
                    },
                );
            }
            Op::Turn {
                run,
                approach,
                reply,
            } => {
                let r = state.data.runs.get_mut(run).expect("precondition");
                let approach = Approach::ALL[*approach];
                r.turns.push((REPLIES[*reply].trim().to_owned(), approach));
                let (at, ended) = next_step(r.at, approach.effect());
                r.at = at;
                r.ended = ended;
            }
            Op::FinishRun {
                run,
                confidence,
                felt_hard,
            } => {
                let r = state.data.runs.get_mut(run).expect("precondition");
                r.finished = Some((*confidence, FELT_HARD[*felt_hard].trim().to_owned()));
            }
        }
        state
    }
}

// ---- What the vault and the model answer -----------------------------------------------------

/// One line of the timeline or the trash, as both sides can say it. `id` is the model's number
/// (none when comparing a fresh vault, whose ids the model never learnt).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    id: Option<u32>,
    occurred_at: String,
    mood: i64,
    excerpt: String,
    emotions: Vec<String>,
    tags: Vec<String>,
    people: Vec<String>,
    event_count: i64,
    pinned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PlanLine {
    id: Option<u32>,
    what: String,
    person: Option<u32>,
    person_name: Option<String>,
    due: String,
    status: &'static str,
    reflection: String,
    mood_before: Option<i64>,
    mood_after: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonLine {
    id: Option<u32>,
    name: String,
    archived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonDetailLine {
    id: u32,
    good: String,
    archived: bool,
    events: i64,
    plans: i64,
}

/// Everything compared after a step.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answers {
    /// Every page of the timeline walked 7 at a time, then the first page as the UI asks for it.
    timeline: Vec<Line>,
    first_page: Vec<Option<u32>>,
    first_page_more: bool,
    /// For each person: the entries naming them (filter by person).
    by_person: Vec<(u32, Vec<Option<u32>>)>,
    /// One person's page (in turn, step by step): answers, archived, what names them.
    details: Vec<PersonDetailLine>,
    /// Two words and a name (in turn): the entries a search finds, in order.
    searches: Vec<(String, Vec<Option<u32>>)>,
    /// The trash (as a set: two entries trashed within the same millisecond have no order).
    trash: Vec<Line>,
    /// Every draft in the vault, by key (`entry#<model number>`, or the vault's own key when it
    /// names no entry the model knows).
    drafts: Vec<(String, String)>,
    /// The new-entry form's draft and one entry's (in turn), as the form asks for them.
    form_drafts: Vec<(Option<u32>, Option<String>)>,
    active_people: Vec<PersonLine>,
    all_people: Vec<PersonLine>,
    plans: Vec<PlanLine>,
    checkins: Vec<MCheckIn>,
    sessions: Vec<(i64, MSession)>,
    /// The library's own scenarios, in the order made, each with its runs (newest first).
    scenarios: Vec<(ScenarioLine, Vec<RunLine>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ScenarioLine {
    id: Option<u32>,
    title: String,
    /// Who the other person is: the person's name, or the app's words for nobody in particular.
    other: String,
    /// Finished runs.
    runs: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RunLine {
    id: Option<u32>,
    replies: Vec<(String, String)>,
    /// The step the other person is at, or the ending reached.
    at: String,
    ended: bool,
    confidence_before: Option<i64>,
    finished: Option<(Option<i64>, String)>,
}

fn model_draft_key(key: Option<u32>) -> String {
    key.map_or_else(|| "new".to_owned(), |id| format!("entry#{id}"))
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn tag_order(tags: Vec<String>) -> Vec<String> {
    let mut tags = tags;
    tags.sort_by_key(|t| (t.to_lowercase(), t.clone()));
    tags
}

fn emotion_ids(e: &[Emotion]) -> Vec<String> {
    sorted(e.iter().map(|e| e.id().to_owned()).collect())
}

fn normalised(when: &str) -> String {
    DateTime::parse_from_rfc3339(when)
        .expect("fixed time")
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn person_sort_key(name: &str, id: u32) -> (String, u32) {
    (name.to_ascii_lowercase(), id)
}

impl Model {
    fn line(&self, id: u32) -> Line {
        let e = &self.data.entries[&id];
        let names: BTreeSet<String> = e
            .events
            .iter()
            .flatten()
            .map(|p| self.data.people[p].name.clone())
            .collect();
        Line {
            id: Some(id),
            occurred_at: normalised(WHEN[e.when]),
            mood: e.mood,
            excerpt: e.text.clone(),
            emotions: emotion_ids(&e.emotions),
            tags: tag_order(e.tags.clone()),
            people: names.into_iter().collect(),
            event_count: e.events.len() as i64,
            pinned: e.pinned,
        }
    }

    fn search_terms(&self) -> Vec<(String, Vec<u32>)> {
        let timeline = self.timeline();
        let mut out = Vec::new();
        for w in WORDS {
            let hits = timeline
                .iter()
                .copied()
                .filter(|id| {
                    self.data.entries[id]
                        .text
                        .split(' ')
                        .any(|t| t.starts_with(w))
                })
                .collect();
            out.push((w.to_owned(), hits));
        }
        for n in ["ana", "ben", "cleo", "dev"] {
            let hits = timeline
                .iter()
                .copied()
                .filter(|id| {
                    self.data.entries[id]
                        .events
                        .iter()
                        .flatten()
                        .any(|p| self.data.people[p].name.to_lowercase().starts_with(n))
                })
                .collect();
            out.push((n.to_owned(), hits));
        }
        out
    }

    /// The search terms and the person and entry whose page and draft are read at step `turn`.
    fn turn(&self, turn: usize) -> (Vec<usize>, Option<u32>, Option<u32>) {
        let terms = WORDS.len() + 4;
        let picked = vec![turn % terms, (turn + 3) % terms, WORDS.len() + turn % 4];
        let person = self
            .data
            .people
            .keys()
            .nth(turn % self.data.people.len().max(1));
        let entry = self
            .data
            .entries
            .keys()
            .nth(turn % self.data.entries.len().max(1));
        (picked, person.copied(), entry.copied())
    }

    /// What the vault must answer at step `turn`; with `everything`, the runs of every scenario
    /// rather than one scenario's in turn.
    fn answers(&self, turn: usize, everything: bool) -> Answers {
        let d = &self.data;
        let (terms, person, entry) = self.turn(turn);
        let timeline_ids = self.timeline();
        let timeline: Vec<Line> = timeline_ids.iter().map(|id| self.line(*id)).collect();
        let by_person = d
            .people
            .keys()
            .map(|p| {
                let ids = timeline_ids
                    .iter()
                    .copied()
                    .filter(|id| d.entries[id].events.contains(&Some(*p)))
                    .map(Some)
                    .collect();
                (*p, ids)
            })
            .collect();
        let details = d
            .people
            .iter()
            .filter(|(id, _)| Some(**id) == person)
            .map(|(id, p)| PersonDetailLine {
                id: *id,
                good: p.good.clone(),
                archived: p.archived,
                events: d
                    .entries
                    .values()
                    .flat_map(|e| e.events.iter())
                    .filter(|e| **e == Some(*id))
                    .count() as i64,
                plans: d.plans.values().filter(|x| x.person == Some(*id)).count() as i64,
            })
            .collect();
        let all_terms = self.search_terms();
        let searches = terms
            .iter()
            .map(|&t| {
                let (w, ids) = all_terms[t].clone();
                (w, ids.into_iter().map(Some).collect())
            })
            .collect();
        let trash = sorted(
            d.entries
                .iter()
                .filter(|(_, e)| e.trashed)
                .map(|(id, _)| self.line(*id))
                .collect(),
        );
        let drafts = sorted(
            d.drafts
                .iter()
                .map(|(k, v)| (model_draft_key(*k), v.clone()))
                .collect(),
        );
        let mut form_drafts = vec![(None, d.drafts.get(&None).cloned())];
        if let Some(id) = entry {
            form_drafts.push((Some(id), d.drafts.get(&Some(id)).cloned()));
        }
        let mut people: Vec<(&u32, &MPerson)> = d.people.iter().collect();
        people.sort_by_key(|(id, p)| person_sort_key(&p.name, **id));
        let line = |(id, p): &(&u32, &MPerson)| PersonLine {
            id: Some(**id),
            name: p.name.clone(),
            archived: p.archived,
        };
        let active_people = people
            .iter()
            .filter(|(_, p)| !p.archived)
            .map(line)
            .collect();
        let all_people = people
            .iter()
            .filter(|(_, p)| !p.archived)
            .chain(people.iter().filter(|(_, p)| p.archived))
            .map(line)
            .collect();
        let mut plan_ids: Vec<u32> = d.plans.keys().copied().collect();
        plan_ids.sort_by_key(|id| std::cmp::Reverse((d.plans[id].due.clone(), *id)));
        let plans = plan_ids
            .into_iter()
            .map(|id| {
                let p = &d.plans[&id];
                PlanLine {
                    id: Some(id),
                    what: p.what.clone(),
                    person: p.person,
                    person_name: p.person.map(|x| d.people[&x].name.clone()),
                    due: p.due.clone(),
                    status: p.status.id(),
                    reflection: p.reflection.clone(),
                    mood_before: p.mood_before,
                    mood_after: p.mood_after,
                }
            })
            .collect();
        Answers {
            first_page: timeline_ids.iter().take(50).map(|id| Some(*id)).collect(),
            first_page_more: timeline_ids.len() > 50,
            timeline,
            by_person,
            details,
            searches,
            trash,
            drafts,
            form_drafts,
            active_people,
            all_people,
            plans,
            checkins: d.checkins.iter().rev().cloned().collect(),
            scenarios: d
                .scenarios
                .iter()
                .enumerate()
                .map(|(k, (id, sc))| {
                    let runs: Vec<RunLine> = d
                        .runs
                        .iter()
                        .rev()
                        .filter(|(_, r)| r.scenario == *id)
                        .map(|(rid, r)| RunLine {
                            id: Some(*rid),
                            replies: r
                                .turns
                                .iter()
                                .map(|(t, a)| (t.clone(), format!("{a:?}")))
                                .collect(),
                            at: r.at.to_owned(),
                            ended: r.ended,
                            confidence_before: r.confidence_before,
                            finished: r.finished.clone(),
                        })
                        .collect();
                    let line = ScenarioLine {
                        id: Some(*id),
                        title: sc.title.clone(),
                        other: sc.person.map_or_else(
                            || "the other person".to_owned(),
                            |p| d.people[&p].name.clone(),
                        ),
                        runs: runs.iter().filter(|r| r.finished.is_some()).count() as i64,
                    };
                    let shown = everything || k == turn % d.scenarios.len();
                    (line, if shown { runs } else { Vec::new() })
                })
                .collect(),
            sessions: d.sessions.iter().map(|(n, s)| (*n, s.clone())).collect(),
        }
    }
}

// ---- The real vault --------------------------------------------------------------------------

/// The model's numbers for the vault's ids, in both directions.
#[derive(Clone, Debug, Default)]
struct Ids {
    entries: HashMap<u32, i64>,
    people: HashMap<u32, i64>,
    plans: HashMap<u32, i64>,
    scenarios: HashMap<u32, i64>,
    runs: HashMap<u32, i64>,
}

impl Ids {
    fn entry(&self, id: u32) -> i64 {
        self.entries[&id]
    }
    fn person(&self, id: u32) -> i64 {
        self.people[&id]
    }
    fn model_of(map: &HashMap<u32, i64>, vault_id: i64) -> u32 {
        map.iter()
            .find(|(_, v)| **v == vault_id)
            .map(|(k, _)| *k)
            .unwrap_or_else(|| {
                panic!("the vault answered id {vault_id}, which the model never saw")
            })
    }
    /// Learns the vault's id for a thing the model numbered, or checks it is the one already
    /// known.
    fn learn(map: &mut HashMap<u32, i64>, model: u32, vault: i64) {
        let known = *map.entry(model).or_insert(vault);
        assert_eq!(
            known, vault,
            "model #{model} is vault id {known}, but the vault answered {vault}"
        );
    }
}

struct Backup {
    path: PathBuf,
    ids: Ids,
    recovery: String,
}

struct Sut {
    rt: tokio::runtime::Runtime,
    /// Holds the vault's folder (`vault/`), the kept backups, exports and fresh vaults.
    root: tempfile::TempDir,
    svc: VaultService,
    ids: Ids,
    recovery: String,
    /// Index into [`PASSES`]: the passphrase the vault opens with now.
    pass: usize,
    backups: Vec<Backup>,
    clock: DateTime<Utc>,
    imports: usize,
}

fn ok<T>(r: ipt_core::error::Result<T>, what: &str) -> T {
    r.unwrap_or_else(|e: Error| panic!("{what}: {:?}: {}", e.code(), e.message()))
}

fn draft_key(ids: &Ids, key: Option<u32>) -> String {
    match key {
        None => "new".to_owned(),
        Some(id) => format!("entry:{}", ids.entry(id)),
    }
}

impl Sut {
    fn entry_input(&self, e: &EntryIn, draft: Option<String>) -> JournalEntryInput {
        JournalEntryInput {
            occurred_at: WHEN[e.when].to_owned(),
            mood: e.mood,
            emotions: e.emotions.iter().map(|&i| Emotion::ALL[i]).collect(),
            custom_emotions: Vec::new(),
            text: text_of(&e.words),
            tags: e.tags.iter().map(|&t| TAGS[t].to_owned()).collect(),
            events: e
                .events
                .iter()
                .map(|w| InterpersonalEventInput {
                    person_id: match w {
                        Who::Known(p) => Some(self.ids.person(*p)),
                        _ => None,
                    },
                    person_name: match w {
                        Who::Named(n) => Some(NAMES[*n].to_owned()),
                        _ => None,
                    },
                    what_happened: "we talked".to_owned(),
                    ..Default::default()
                })
                .collect(),
            pinned: e.pinned,
            draft_key: draft.filter(|_| e.from_draft),
        }
    }

    /// Learns the ids of the people an entry's events resolved to.
    fn learn_event_people(
        &mut self,
        model: &Model,
        id: u32,
        saved: &ipt_core::domain::journal::JournalEntry,
    ) {
        let expected = &model.data.entries[&id].events;
        assert_eq!(expected.len(), saved.events.len(), "events of entry #{id}");
        for (m, v) in expected.iter().zip(&saved.events) {
            match (m, v.person_id) {
                (Some(m), Some(v)) => Ids::learn(&mut self.ids.people, *m, v),
                (None, None) => {}
                (m, v) => panic!("entry #{id}: the model names {m:?}, the vault {v:?}"),
            }
        }
    }

    fn unlock(&self, pass: usize) {
        ok(
            self.rt
                .block_on(self.svc.unlock_with_passphrase(PASSES[pass].to_owned())),
            "unlocking",
        );
    }

    fn apply_op(&mut self, model: &Model, op: Op) {
        let rt = &self.rt;
        let svc = &self.svc;
        match op {
            Op::Create(e) => {
                let input = self.entry_input(&e, Some("new".to_owned()));
                let saved = ok(rt.block_on(journal::create_entry(svc, input)), "creating");
                let id = model.next_of_kind(|d| &d.entries);
                Ids::learn(&mut self.ids.entries, id, saved.id);
                self.learn_event_people(model, id, &saved);
            }
            Op::Edit(id, e) => {
                let key = draft_key(&self.ids, Some(id));
                let input = self.entry_input(&e, Some(key));
                let vid = self.ids.entry(id);
                let saved = ok(
                    rt.block_on(journal::update_entry(svc, vid, input)),
                    "editing",
                );
                assert_eq!(saved.id, vid);
                self.learn_event_people(model, id, &saved);
            }
            Op::Trash(id) => ok(
                rt.block_on(journal::trash_entry(svc, self.ids.entry(id))),
                "trashing",
            ),
            Op::Restore(id) => ok(
                rt.block_on(journal::restore_entry(svc, self.ids.entry(id))),
                "restoring",
            ),
            Op::EmptyTrash => {
                ok(rt.block_on(journal::empty_trash(svc)), "emptying the trash");
                self.ids
                    .entries
                    .retain(|id, _| model.data.entries.contains_key(id));
            }
            Op::SaveDraft(key, p) => {
                let key = draft_key(&self.ids, key);
                ok(
                    rt.block_on(journal::save_draft(svc, key, DRAFTS[p].to_owned())),
                    "saving a draft",
                );
            }
            Op::DiscardDraft(key) => {
                let key = draft_key(&self.ids, key);
                ok(
                    rt.block_on(journal::discard_draft(svc, key)),
                    "discarding a draft",
                );
            }
            Op::AddPerson { name, good } => {
                let inv = Inventory {
                    display_name: NAMES[name].to_owned(),
                    good: GOOD[good].to_owned(),
                    ..Default::default()
                };
                let saved = ok(
                    rt.block_on(people::save_inventory(svc, None, inv)),
                    "adding a person",
                );
                let id = model.next_of_kind(|d| &d.people);
                Ids::learn(&mut self.ids.people, id, saved.id);
            }
            Op::Rename(id, n) => {
                let inv = Inventory {
                    display_name: NAMES[n].to_owned(),
                    good: model.data.people[&id].good.clone(),
                    ..Default::default()
                };
                ok(
                    rt.block_on(people::save_inventory(svc, Some(self.ids.person(id)), inv)),
                    "renaming a person",
                );
            }
            Op::Archive(id, archived) => {
                ok(
                    rt.block_on(people::set_archived(svc, self.ids.person(id), archived)),
                    "archiving",
                );
            }
            Op::Merge { from, into } => {
                let (f, i) = (self.ids.person(from), self.ids.person(into));
                let kept = ok(rt.block_on(people::merge(svc, f, i)), "merging");
                assert_eq!(kept.id, i);
                self.ids.people.remove(&from);
            }
            Op::CreatePlan { what, who, due } => {
                let input = PlanInput {
                    what: PLAN_WHAT[what].to_owned(),
                    area: None,
                    person_id: match who {
                        Who::Known(p) => Some(self.ids.person(p)),
                        _ => None,
                    },
                    person_name: match who {
                        Who::Named(n) => Some(NAMES[n].to_owned()),
                        _ => None,
                    },
                    due_on: Some(DUE[due].to_owned()),
                };
                let saved = ok(
                    rt.block_on(plans::create_plan(svc, input, TODAY.to_owned())),
                    "adding a plan",
                );
                let id = model.next_of_kind(|d| &d.plans);
                Ids::learn(&mut self.ids.plans, id, saved.id);
                match (model.data.plans[&id].person, saved.person_id) {
                    (Some(m), Some(v)) => Ids::learn(&mut self.ids.people, m, v),
                    (None, None) => {}
                    (m, v) => panic!("plan #{id}: the model names {m:?}, the vault {v:?}"),
                }
            }
            Op::Outcome {
                plan,
                status,
                reflection,
                mood_before,
                mood_after,
            } => {
                let outcome = PlanOutcome {
                    status: PlanStatus::ALL[status],
                    reflection: REFLECTIONS[reflection].to_owned(),
                    mood_before,
                    mood_after,
                };
                ok(
                    rt.block_on(plans::record_outcome(
                        svc,
                        self.ids.plans[&plan],
                        outcome,
                        TODAY.to_owned(),
                    )),
                    "recording how a plan went",
                );
            }
            Op::DeletePlan(plan) => {
                ok(
                    rt.block_on(plans::delete_plan(svc, self.ids.plans[&plan])),
                    "removing a plan",
                );
                self.ids.plans.remove(&plan);
            }
            Op::Session {
                number,
                day,
                talked,
                mood,
            } => {
                let record = SessionRecord {
                    number,
                    held_on: SESSION_DAYS[day].to_owned(),
                    talked_about: TALKED[talked].to_owned(),
                    agreed: String::new(),
                    notes: String::new(),
                    mood,
                };
                ok(
                    rt.block_on(course::save_session(svc, record)),
                    "recording a session",
                );
            }
            Op::CheckIn {
                phq9,
                answers,
                difficulty,
            } => {
                let input = CheckInInput {
                    kind: if phq9 {
                        Questionnaire::Phq9
                    } else {
                        Questionnaire::Gad7
                    },
                    answers,
                    difficulty,
                };
                ok(rt.block_on(checkins::save(svc, input)), "taking a check-in");
            }
            Op::LockUnlock { recovery } => {
                rt.block_on(svc.lock());
                let refused = rt.block_on(journal::list_entries(svc, JournalQuery::default()));
                assert_eq!(
                    refused.err().map(|e| e.code()),
                    Some(ErrorCode::Locked),
                    "a read while locked"
                );
                if recovery {
                    ok(
                        rt.block_on(svc.unlock_with_recovery_code(self.recovery.clone())),
                        "unlocking with the recovery code",
                    );
                } else {
                    self.unlock(self.pass);
                }
            }
            Op::ChangePassphrase(new) => {
                let current = self.pass;
                ok(
                    rt.block_on(svc.change_passphrase(ChangePassphraseRequest {
                        current: PASSES[current].to_owned(),
                        new_passphrase: PASSES[new].to_owned(),
                    })),
                    "changing the passphrase",
                );
                rt.block_on(svc.lock());
                if current != new {
                    let old = rt.block_on(svc.unlock_with_passphrase(PASSES[current].to_owned()));
                    assert!(old.is_err(), "the old passphrase still opens the vault");
                }
                self.pass = new;
                self.unlock(new);
            }
            Op::Backup => {
                // Distinct times: a backup's file name is its time to the millisecond.
                self.clock = Utc::now().max(self.clock + Duration::milliseconds(1));
                let now = self.clock;
                let info = ok(
                    rt.block_on(backup::back_up(&self.svc, BackupKind::Manual, now)),
                    "backing up",
                );
                // The patient keeps a copy elsewhere: rotation in the backup folder never
                // touches it.
                let kept = self
                    .root
                    .path()
                    .join("kept")
                    .join(format!("{}.backup", self.backups.len()));
                std::fs::create_dir_all(kept.parent().expect("parent")).expect("kept folder");
                std::fs::copy(&info.path, &kept).expect("copying the backup");
                self.backups.push(Backup {
                    path: kept,
                    ids: self.ids.clone(),
                    recovery: self.recovery.clone(),
                });
            }
            Op::RestoreBackup(i) => {
                let b = &self.backups[i];
                let pass = model.pass;
                ok(
                    rt.block_on(backup::restore(
                        svc,
                        b.path.display().to_string(),
                        BackupSecret::Passphrase(PASSES[pass].to_owned()),
                    )),
                    "restoring a backup",
                );
                self.ids = b.ids.clone();
                self.recovery = b.recovery.clone();
                self.pass = pass;
                self.unlock(pass);
            }
            Op::ExportImport => self.export_import(model),
            Op::SaveScenario { title, who } => {
                let input = CustomScenarioInput {
                    title: SCENARIO_TITLES[title].to_owned(),
                    area: ipt_core::domain::course::ProblemArea::RoleDispute,
                    person_id: match who {
                        Who::Known(p) => Some(self.ids.person(p)),
                        _ => None,
                    },
                    person_name: match who {
                        Who::Named(n) => Some(NAMES[n].to_owned()),
                        _ => None,
                    },
                    setting: "at home".to_owned(),
                    aim: "say what I need".to_owned(),
                    opening: "What is it now?".to_owned(),
                    if_open: "Alright, tell me.".to_owned(),
                    if_tense: "Not this again.".to_owned(),
                    if_distant: "Fine then.".to_owned(),
                    suggested_reply: None,
                    analysis_id: None,
                };
                let saved = ok(
                    rt.block_on(practice::save_custom_scenario(svc, None, input)),
                    "saving a scenario",
                );
                let id = model.next_of_kind(|d| &d.scenarios);
                let vid = saved
                    .key
                    .strip_prefix("custom:")
                    .and_then(|n| n.parse().ok())
                    .expect("an own scenario's key");
                Ids::learn(&mut self.ids.scenarios, id, vid);
                match (model.data.scenarios[&id].person, saved.person_id) {
                    (Some(m), Some(v)) => Ids::learn(&mut self.ids.people, m, v),
                    (None, None) => {}
                    (m, v) => panic!("scenario #{id}: the model names {m:?}, the vault {v:?}"),
                }
            }
            Op::StartRun {
                scenario,
                confidence,
            } => {
                let key = format!("custom:{}", self.ids.scenarios[&scenario]);
                let run = ok(
                    rt.block_on(practice::start_run(svc, key, confidence)),
                    "starting a role play",
                );
                let id = model.next_of_kind(|d| &d.runs);
                Ids::learn(&mut self.ids.runs, id, run.id);
            }
            Op::Turn {
                run,
                approach,
                reply,
            } => {
                ok(
                    rt.block_on(practice::take_turn(
                        svc,
                        self.ids.runs[&run],
                        REPLIES[reply].to_owned(),
                        Approach::ALL[approach],
                    )),
                    "replying in a role play",
                );
            }
            Op::FinishRun {
                run,
                confidence,
                felt_hard,
            } => {
                ok(
                    rt.block_on(practice::finish_run(
                        svc,
                        self.ids.runs[&run],
                        confidence,
                        FELT_HARD[felt_hard].to_owned(),
                    )),
                    "finishing a role play",
                );
            }
        }
        assert_eq!(self.pass, model.pass, "the passphrase the vault opens with");
    }
}

impl Model {
    /// The number the last thing of a kind was given (the newest key of that map).
    fn next_of_kind<T>(&self, map: impl Fn(&Data) -> &BTreeMap<u32, T>) -> u32 {
        *map(&self.data).keys().next_back().expect("just added")
    }
}

// ---- Reading the vault -----------------------------------------------------------------------

/// Maps the vault's ids to the model's numbers (the main vault) or forgets them (a fresh vault
/// the export was imported into).
struct Mapper<'a>(Option<&'a Ids>);

impl Mapper<'_> {
    fn entry(&self, v: i64) -> Option<u32> {
        self.0.map(|ids| Ids::model_of(&ids.entries, v))
    }
    fn person(&self, v: i64) -> Option<u32> {
        self.0.map(|ids| Ids::model_of(&ids.people, v))
    }
    fn plan(&self, v: i64) -> Option<u32> {
        self.0.map(|ids| Ids::model_of(&ids.plans, v))
    }
    fn scenario(&self, v: i64) -> Option<u32> {
        self.0.map(|ids| Ids::model_of(&ids.scenarios, v))
    }
    fn run(&self, v: i64) -> Option<u32> {
        self.0.map(|ids| Ids::model_of(&ids.runs, v))
    }
}

fn line_of(m: &Mapper<'_>, s: &EntrySummary) -> Line {
    Line {
        id: m.entry(s.id),
        occurred_at: s.occurred_at.clone(),
        mood: s.mood,
        excerpt: s.excerpt.clone(),
        emotions: emotion_ids(&s.emotions),
        tags: tag_order(s.tags.clone()),
        people: sorted(s.people.clone()),
        event_count: s.event_count,
        pinned: s.pinned,
    }
}

async fn page(svc: &VaultService, query: JournalQuery) -> ipt_core::service::journal::JournalPage {
    ok(
        journal::list_entries(svc, query).await,
        "reading the journal",
    )
}

async fn observe(svc: &VaultService, model: &Model, ids: Option<&Ids>, turn: usize) -> Answers {
    let m = Mapper(ids);
    let (terms, person, entry) = model.turn(turn);
    let mut timeline = Vec::new();
    let mut cursor = None;
    loop {
        let p = page(
            svc,
            JournalQuery {
                cursor: cursor.take(),
                limit: Some(20),
                ..Default::default()
            },
        )
        .await;
        timeline.extend(p.items.iter().map(|s| line_of(&m, s)));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let first = page(svc, JournalQuery::default()).await;
    let mut by_person = Vec::new();
    let mut details = Vec::new();
    if let Some(ids) = ids {
        for p in model.data.people.keys() {
            let vid = ids.person(*p);
            let found = page(
                svc,
                JournalQuery {
                    person_id: Some(vid),
                    limit: Some(MAX_PAGE),
                    ..Default::default()
                },
            )
            .await;
            by_person.push((*p, found.items.iter().map(|s| m.entry(s.id)).collect()));
            if Some(*p) != person {
                continue;
            }
            let d = ok(people::get_person(svc, vid).await, "reading a person");
            details.push(PersonDetailLine {
                id: *p,
                good: d.inventory.good,
                archived: d.archived_at.is_some(),
                events: d.links.events,
                plans: d.links.plans,
            });
        }
    }
    let mut searches = Vec::new();
    let all_terms = model.search_terms();
    for term in terms.iter().map(|&t| all_terms[t].0.clone()) {
        let found = page(
            svc,
            JournalQuery {
                text: Some(term.clone()),
                limit: Some(MAX_PAGE),
                ..Default::default()
            },
        )
        .await;
        searches.push((term, found.items.iter().map(|s| m.entry(s.id)).collect()));
    }
    let trash = sorted(
        ok(journal::list_trash(svc).await, "reading the trash")
            .iter()
            .map(|s| line_of(&m, s))
            .collect(),
    );
    let mut keys = vec![None];
    if ids.is_some() && entry.is_some() {
        keys.push(entry);
    }
    let mut form_drafts = Vec::new();
    for key in keys {
        let k = match (key, ids) {
            (Some(id), Some(ids)) => draft_key(ids, Some(id)),
            _ => "new".to_owned(),
        };
        let d = ok(journal::get_draft(svc, k).await, "reading a draft");
        form_drafts.push((key, d.map(|d| d.payload)));
    }
    // Every draft the vault keeps, whatever it belongs to: read from the table itself, since the
    // app only ever asks for one key at a time.
    let pool = ok(svc.pool().await, "the open vault");
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT draft_key, payload FROM journal_drafts")
            .fetch_all(&pool)
            .await
            .expect("reading the drafts table");
    let drafts = sorted(
        rows.into_iter()
            .map(|(k, v)| {
                let key = match k.strip_prefix("entry:").and_then(|x| x.parse::<i64>().ok()) {
                    Some(vid) => ids
                        .and_then(|ids| ids.entries.iter().find(|(_, x)| **x == vid))
                        .map_or(k.clone(), |(id, _)| model_draft_key(Some(*id))),
                    None => k,
                };
                (key, v)
            })
            .collect(),
    );
    let active_people = ok(people::list_people(svc).await, "listing people")
        .into_iter()
        .map(|p| PersonLine {
            id: m.person(p.id),
            name: p.display_name,
            archived: false,
        })
        .collect();
    let all_people = ok(people::list_all_people(svc).await, "listing everyone")
        .into_iter()
        .map(|p| PersonLine {
            id: m.person(p.id),
            name: p.display_name,
            archived: p.archived,
        })
        .collect();
    let plans = ok(plans::list_plans(svc).await, "listing plans")
        .into_iter()
        .map(|p| PlanLine {
            id: m.plan(p.id),
            what: p.what,
            person: p.person_id.and_then(|v| m.person(v)),
            person_name: p.person_name,
            due: p.due_on,
            status: p.status.id(),
            reflection: p.reflection,
            mood_before: p.mood_before,
            mood_after: p.mood_after,
        })
        .collect();
    let checkins = ok(checkins::list(svc).await, "listing check-ins")
        .into_iter()
        .map(|c| MCheckIn {
            kind: c.kind,
            answers: c.answers,
            difficulty: c.difficulty,
        })
        .collect();
    let sessions = ok(course::list_sessions(svc).await, "listing sessions")
        .into_iter()
        .map(|s| {
            (
                s.number,
                MSession {
                    held_on: s.held_on,
                    talked: s.talked_about,
                    mood: s.mood,
                },
            )
        })
        .collect();
    let mut scenarios = Vec::new();
    let own: Vec<_> = ok(practice::library(svc).await, "reading the library")
        .into_iter()
        .filter(|s| !s.built_in)
        .collect();
    let shown = turn % own.len().max(1);
    for (k, sc) in own.into_iter().enumerate() {
        let vid: i64 = sc
            .key
            .strip_prefix("custom:")
            .and_then(|n| n.parse().ok())
            .expect("an own scenario's key");
        let runs = if ids.is_some() && k != shown {
            Vec::new()
        } else {
            ok(
                practice::runs_for(svc, sc.key.clone()).await,
                "reading runs",
            )
        };
        let runs = runs
            .into_iter()
            .map(|r| RunLine {
                id: m.run(r.id),
                replies: r
                    .turns
                    .iter()
                    .map(|t| (t.reply.clone(), format!("{:?}", t.approach)))
                    .collect(),
                at: match (&r.ending, &r.line) {
                    (Some(e), _) => e.id.clone(),
                    (None, Some(_)) => step_of(&r),
                    (None, None) => "nowhere".to_owned(),
                },
                ended: r.ending.is_some(),
                confidence_before: r.confidence_before,
                finished: r
                    .finished_at
                    .as_ref()
                    .map(|_| (r.confidence_after, r.felt_hard.clone())),
            })
            .collect();
        scenarios.push((
            ScenarioLine {
                id: m.scenario(vid),
                title: sc.title,
                other: sc.other,
                runs: sc.runs,
            },
            runs,
        ));
    }
    Answers {
        scenarios,
        timeline,
        first_page: first.items.iter().map(|s| m.entry(s.id)).collect(),
        first_page_more: first.next_cursor.is_some(),
        by_person,
        details,
        searches,
        trash,
        drafts,
        form_drafts,
        active_people,
        all_people,
        plans,
        checkins,
        sessions,
    }
}

/// The step a run is at, told by the other person's line (the run does not name its step).
fn step_of(r: &practice::RolePlayRun) -> String {
    match r.line.as_deref() {
        Some("What is it now?") => "start",
        Some("Alright, tell me.") => "open",
        Some("Not this again.") => "tense",
        Some("Fine then.") => "distant",
        _ => "an unknown line",
    }
    .to_owned()
}

/// The answers without ids, in an order that does not depend on them: what a fresh vault holding
/// the same things must answer.
fn without_ids(a: Answers) -> Answers {
    let lines = |v: Vec<Line>| {
        sorted(
            v.into_iter()
                .map(|l| Line { id: None, ..l })
                .collect::<Vec<_>>(),
        )
    };
    let people = |v: Vec<PersonLine>| {
        let mut v: Vec<PersonLine> = v
            .into_iter()
            .map(|p| PersonLine { id: None, ..p })
            .collect();
        v.sort_by_key(|p| (p.archived, p.name.clone()));
        v
    };
    let mut checkins = a.checkins;
    checkins.sort_by_key(|c| format!("{c:?}"));
    Answers {
        timeline: lines(a.timeline),
        first_page: a.first_page.into_iter().map(|_| None).collect(),
        first_page_more: a.first_page_more,
        by_person: Vec::new(),
        details: Vec::new(),
        searches: a
            .searches
            .into_iter()
            .map(|(w, ids)| (w, ids.into_iter().map(|_| None).collect()))
            .collect(),
        trash: lines(a.trash),
        drafts: Vec::new(),
        form_drafts: vec![(None, None)],
        active_people: people(a.active_people),
        all_people: people(a.all_people),
        plans: sorted(
            a.plans
                .into_iter()
                .map(|p| PlanLine {
                    id: None,
                    person: None,
                    ..p
                })
                .collect(),
        ),
        checkins,
        sessions: a.sessions,
        scenarios: sorted(
            a.scenarios
                .into_iter()
                .map(|(sc, runs)| {
                    let runs = sorted(
                        runs.into_iter()
                            .map(|r| RunLine { id: None, ..r })
                            .collect(),
                    );
                    (ScenarioLine { id: None, ..sc }, runs)
                })
                .collect(),
        ),
    }
}

/// Field by field, so that a failure names the read that differs.
fn compare(got: &Answers, want: &Answers, context: &str) {
    macro_rules! same {
        ($f:ident) => {
            assert_eq!(
                got.$f,
                want.$f,
                "{context}: `{}` differs (left: the vault, right: the model)",
                stringify!($f)
            );
        };
    }
    same!(timeline);
    same!(first_page);
    same!(first_page_more);
    same!(searches);
    same!(by_person);
    same!(details);
    same!(trash);
    same!(drafts);
    same!(form_drafts);
    same!(active_people);
    same!(all_people);
    same!(plans);
    same!(checkins);
    same!(sessions);
    same!(scenarios);
}

impl Sut {
    fn new() -> Sut {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        // In memory where there is a tmpfs: this test is about answers, not disks (the crash
        // tests are), and every commit's fsync would otherwise dominate its time.
        let shm = std::path::Path::new("/dev/shm");
        let root = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let (svc, _) = common::fast_memory_service(&root.path().join("vault"));
        let created = ok(
            rt.block_on(svc.create(common::create_req(false))),
            "creating",
        );
        ok(
            rt.block_on(course::save_course(&svc, common::tuesday_course())),
            "setting up the course",
        );
        Sut {
            rt,
            root,
            svc,
            ids: Ids::default(),
            recovery: created.recovery_code,
            pass: 0,
            backups: Vec::new(),
            clock: Utc::now(),
            imports: 0,
        }
    }

    /// Exports to JSON, imports into a fresh vault, and checks that the fresh vault answers as
    /// the model does (ids aside).
    fn export_import(&mut self, model: &Model) {
        self.imports += 1;
        let path = self
            .root
            .path()
            .join(format!("export-{}.json", self.imports));
        let rt = &self.rt;
        ok(
            rt.block_on(export::write(
                &self.svc,
                path.display().to_string(),
                ExportFormat::Json,
            )),
            "exporting",
        );
        let (fresh, _) =
            common::fast_memory_service(&self.root.path().join(format!("fresh-{}", self.imports)));
        ok(
            rt.block_on(fresh.create(common::create_req(false))),
            "creating a fresh vault",
        );
        ok(
            rt.block_on(export::apply_import(&fresh, path.display().to_string())),
            "importing",
        );
        let turn = STEPS.load(Ordering::Relaxed);
        let got = without_ids(rt.block_on(observe(&fresh, model, None, turn)));
        compare(
            &got,
            &without_ids(model.answers(turn, true)),
            "the fresh vault after an import",
        );
        rt.block_on(fresh.lock());
    }
}

struct VaultTest;

impl StateMachineTest for VaultTest {
    type SystemUnderTest = Sut;
    type Reference = VaultModel;

    fn init_test(_: &Model) -> Sut {
        Sut::new()
    }

    fn apply(mut sut: Sut, model: &Model, op: Op) -> Sut {
        STEPS.fetch_add(1, Ordering::Relaxed);
        sut.apply_op(model, op);
        sut
    }

    fn check_invariants(sut: &Sut, model: &Model) {
        let turn = STEPS.load(Ordering::Relaxed);
        let got = sut
            .rt
            .block_on(observe(&sut.svc, model, Some(&sut.ids), turn));
        compare(&got, &model.answers(turn, false), "the vault");
    }

    fn teardown(sut: Sut, _: Model) {
        sut.rt.block_on(sut.svc.lock());
    }
}

/// Sequences of 250 steps: 40 of them in CI (10 000 steps), 400 under `make proof` (100 000).
const STEPS_PER_SEQUENCE: usize = 250;

fn config() -> Config {
    Config {
        cases: common::proof_size(40, 400) as u32,
        // Next to this file, in the source tree: a shrunk failure is replayed first on every run
        // until it is fixed (commit the file with the fix).
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/proptest-regressions/model.txt"
        )))),
        ..Config::default()
    }
}

#[test]
fn the_vault_answers_as_a_reference_model() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let strategy = VaultModel::sequential_strategy(STEPS_PER_SEQUENCE..=STEPS_PER_SEQUENCE);
    let result = runner.run(&strategy, |(initial, transitions, seen)| {
        VaultTest::test_sequential(config(), initial, transitions, seen);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let steps = STEPS.load(Ordering::Relaxed);
    common::proof_row(
        "model: the vault answers as a reference model",
        steps,
        0,
        0,
        0,
    );
}

/// The shortest sequence the model found that the vault answers differently (kept as a plain
/// test so that it reads without the model): a draft written while editing an entry outlives the
/// entry when the trash is emptied, so the "deleted for good" words stay in the vault, and the
/// next new entry (which gets the same id) opens its edit form with them.
#[tokio::test]
async fn emptying_the_trash_leaves_no_draft_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (svc, _) = common::fast_memory_service(dir.path());
    svc.create(common::create_req(false)).await.expect("create");
    let input = |text: &str| JournalEntryInput {
        occurred_at: WHEN[0].to_owned(),
        mood: 5,
        emotions: Vec::new(),
        custom_emotions: Vec::new(),
        text: text.to_owned(),
        tags: Vec::new(),
        events: Vec::new(),
        pinned: false,
        draft_key: None,
    };
    let old = journal::create_entry(&svc, input("first"))
        .await
        .expect("entry");
    let key = format!("entry:{}", old.id);
    journal::save_draft(
        &svc,
        key.clone(),
        r#"{"text":"words I deleted"}"#.to_owned(),
    )
    .await
    .expect("draft");
    journal::trash_entry(&svc, old.id).await.expect("trash");
    journal::empty_trash(&svc).await.expect("empty");
    assert_eq!(
        journal::get_draft(&svc, key.clone()).await.expect("read"),
        None,
        "the emptied entry's draft is still in the vault"
    );
    let new = journal::create_entry(&svc, input("second"))
        .await
        .expect("entry");
    assert_eq!(new.id, old.id, "the id is reused");
    assert_eq!(
        journal::get_draft(&svc, key).await.expect("read"),
        None,
        "a new entry opens with the words of an emptied one"
    );
}
