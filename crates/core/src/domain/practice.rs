//! Communication practice: the role-play scenario format and its engine, the approaches a reply
//! can take, and the communication-analysis and decision-analysis worksheets. Pure rules, no
//! storage.
//!
//! A scenario is a small branching script. At each step the other person says a line; the
//! patient writes a reply and says which approach it takes; the approach decides how the other
//! person is likely to respond: a clear, kind approach tends to open things up, blaming or
//! all-or-nothing words make them tense, hinting or going quiet lets the moment pass. Realistic,
//! not always rosy: on some rehearsals the other person is having a harder day ([`TheirDay`]),
//! and at a step that says so (`on_open_hard`) a clear, kind reply still meets a hard answer —
//! an ending marked `hard_answer`, whose reflection says the reply was still a good one and what
//! to do next.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::course::{DisputeStage, ProblemArea};
use crate::domain::language::Language;
use crate::domain::text::check_len;
use crate::domain::texts::texts;
use crate::error::{Error, ErrorCode, Result};

pub const MAX_LINE_CHARS: usize = 1_000;
pub const MAX_FIELD_CHARS: usize = 20_000;
pub const MAX_ITEMS: usize = 20;
/// A run ends by itself at a scenario's end; this bounds a damaged one.
pub const MAX_TURNS: usize = 50;
/// The longest scenario key, step id or ending id kept with a run.
pub const MAX_ID_CHARS: usize = 200;

/// The key of one of the patient's own scenarios (`custom:<id>`, by local id).
pub fn custom_key(id: i64) -> String {
    format!("custom:{id}")
}

/// The local id in a `custom:<id>` key; `None` for a built-in key.
pub fn custom_id(key: &str) -> Option<i64> {
    key.strip_prefix("custom:").and_then(|n| n.parse().ok())
}

/// Whether `key` has the form of a built-in scenario's key (`builtin:<slug>`).
pub fn is_built_in_key(key: &str) -> bool {
    key.strip_prefix("builtin:").is_some_and(|slug| {
        !slug.is_empty()
            && key.len() <= MAX_ID_CHARS
            && slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The way a reply is said. The first five help; the last four are common traps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Approach {
    /// A direct "I" statement about a feeling.
    IStatement,
    /// Asking for one specific change.
    SpecificRequest,
    /// Acknowledging the other person's view.
    Acknowledge,
    /// Checking what they understood.
    CheckUnderstanding,
    /// Stating a limit.
    StateLimit,
    Hinting,
    Blaming,
    Withdrawing,
    AllOrNothing,
}

/// How the other person is likely to take a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Effect {
    Open,
    Tense,
    Distant,
}

impl Approach {
    pub const ALL: [Approach; 9] = [
        Approach::IStatement,
        Approach::SpecificRequest,
        Approach::Acknowledge,
        Approach::CheckUnderstanding,
        Approach::StateLimit,
        Approach::Hinting,
        Approach::Blaming,
        Approach::Withdrawing,
        Approach::AllOrNothing,
    ];

    pub fn effect(self) -> Effect {
        match self {
            Approach::IStatement
            | Approach::SpecificRequest
            | Approach::Acknowledge
            | Approach::CheckUnderstanding
            | Approach::StateLimit => Effect::Open,
            Approach::Blaming | Approach::AllOrNothing => Effect::Tense,
            Approach::Hinting | Approach::Withdrawing => Effect::Distant,
        }
    }

    pub fn helpful(self) -> bool {
        self.effect() == Effect::Open
    }

    pub fn id(self) -> &'static str {
        match self {
            Approach::IStatement => "iStatement",
            Approach::SpecificRequest => "specificRequest",
            Approach::Acknowledge => "acknowledge",
            Approach::CheckUnderstanding => "checkUnderstanding",
            Approach::StateLimit => "stateLimit",
            Approach::Hinting => "hinting",
            Approach::Blaming => "blaming",
            Approach::Withdrawing => "withdrawing",
            Approach::AllOrNothing => "allOrNothing",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Approach::ALL.into_iter().find(|a| a.id() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Audience {
    Adult,
    Teen,
    OlderAdult,
}

/// One turn: the other person's line, a tip, and where each kind of reply leads (a step id or an
/// ending id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioStep {
    pub id: String,
    pub line: String,
    pub tip: String,
    pub on_open: String,
    pub on_tense: String,
    pub on_distant: String,
    /// Where a clear, kind reply leads when the other person is having a hard day (see
    /// [`TheirDay`]); without it, the same place as on any day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub on_open_hard: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioEnding {
    pub id: String,
    /// The other person's last line.
    pub line: String,
    /// A few words to take away, never a verdict.
    pub reflection: String,
    /// The other person answered a clear, kind reply badly anyway: the reflection says the reply
    /// was still a good one, and what to do next.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub hard_answer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// `builtin:<slug>` or `custom:<n>`.
    pub key: String,
    pub title: String,
    pub area: ProblemArea,
    /// For a disagreement, the stage it is written for (still talking, stuck, heading apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub stage: Option<DisputeStage>,
    pub audience: Audience,
    pub setting: String,
    /// Who the other person is: a role ("your partner") or a name the patient chose.
    pub other: String,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub person_id: Option<i64>,
    pub aim: String,
    /// Words the patient chose to try (from a communication analysis), if any.
    #[serde(default)]
    pub suggested_reply: Option<String>,
    pub start: String,
    pub steps: Vec<ScenarioStep>,
    pub endings: Vec<ScenarioEnding>,
}

/// How the other person is on one rehearsal. Most of the time they answer a clear, kind reply
/// as one would hope; on some rehearsals they are having a harder day and answer badly anyway, as
/// real people do. The patient cannot choose it, as in life: it is a property of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TheirDay {
    Usual,
    Hard,
}

impl TheirDay {
    pub const ALL: [TheirDay; 2] = [TheirDay::Usual, TheirDay::Hard];

    /// One rehearsal in three (the third, sixth… kept in the vault) is a hard day.
    pub fn of_run(run_id: i64) -> Self {
        if run_id.rem_euclid(3) == 0 {
            TheirDay::Hard
        } else {
            TheirDay::Usual
        }
    }
}

/// Where a reply leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next<'a> {
    Step(&'a ScenarioStep),
    End(&'a ScenarioEnding),
}

fn text_ok(what: &str, s: &str, max: usize) -> Result<()> {
    if s.trim().is_empty() {
        return Err(Error::invalid(format!("{what} is empty")));
    }
    check_len(what, s, max)
}

impl Scenario {
    pub fn step(&self, id: &str) -> Option<&ScenarioStep> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn ending(&self, id: &str) -> Option<&ScenarioEnding> {
        self.endings.iter().find(|e| e.id == id)
    }

    /// Where a reply with `approach` at step `at` leads on a usual day.
    pub fn next(&self, at: &str, approach: Approach) -> Result<Next<'_>> {
        self.next_on(at, approach, TheirDay::Usual)
    }

    /// Where a reply with `approach` at step `at` leads, given how the other person's day is.
    pub fn next_on(&self, at: &str, approach: Approach, day: TheirDay) -> Result<Next<'_>> {
        let step = self
            .step(at)
            .ok_or_else(|| Error::new(ErrorCode::NotFound, "that step is not in the scenario"))?;
        let target = match (approach.effect(), day, &step.on_open_hard) {
            (Effect::Open, TheirDay::Hard, Some(hard)) => hard,
            (Effect::Open, _, _) => &step.on_open,
            (Effect::Tense, _, _) => &step.on_tense,
            (Effect::Distant, _, _) => &step.on_distant,
        };
        if let Some(s) = self.step(target) {
            Ok(Next::Step(s))
        } else if let Some(e) = self.ending(target) {
            Ok(Next::End(e))
        } else {
            Err(Error::new(ErrorCode::Damaged, "the scenario leads nowhere"))
        }
    }

    /// The format's rules: unique ids; every branch names a step or an ending; every step and
    /// ending can be reached from the start (no dead text); no branch loops back, so every path
    /// reaches an end; no empty or oversized text; a stage only on a disagreement.
    pub fn validate(&self) -> Result<()> {
        if self.stage.is_some() && self.area != ProblemArea::RoleDispute {
            return Err(Error::invalid(
                "only a disagreement with someone close has a stage",
            ));
        }
        text_ok("the title", &self.title, 200)?;
        text_ok("the setting", &self.setting, MAX_LINE_CHARS)?;
        text_ok("the other person", &self.other, 200)?;
        text_ok("the aim", &self.aim, MAX_LINE_CHARS)?;
        if self.steps.is_empty() || self.endings.is_empty() {
            return Err(Error::invalid("a scenario needs steps and an ending"));
        }
        let mut ids = HashSet::new();
        for id in self
            .steps
            .iter()
            .map(|s| &s.id)
            .chain(self.endings.iter().map(|e| &e.id))
        {
            if id.is_empty() || !ids.insert(id.as_str()) {
                return Err(Error::invalid("scenario ids must be present and unique"));
            }
        }
        for s in &self.steps {
            text_ok("a line", &s.line, MAX_LINE_CHARS)?;
            text_ok("a tip", &s.tip, MAX_LINE_CHARS)?;
            for t in s.branches() {
                if !ids.contains(t) {
                    return Err(Error::invalid("a branch leads to nothing"));
                }
            }
        }
        for e in &self.endings {
            text_ok("an ending", &e.line, MAX_LINE_CHARS)?;
            text_ok("a reflection", &e.reflection, MAX_LINE_CHARS)?;
        }
        if self.step(&self.start).is_none() {
            return Err(Error::invalid("the scenario must start with a step"));
        }
        // Depth-first from the start: a step met again on the current path is a loop.
        let edges: HashMap<&str, Vec<&str>> = self
            .steps
            .iter()
            .map(|s| (s.id.as_str(), s.branches().collect()))
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        fn walk<'a>(
            at: &'a str,
            edges: &HashMap<&'a str, Vec<&'a str>>,
            path: &mut Vec<&'a str>,
            seen: &mut HashSet<&'a str>,
        ) -> Result<()> {
            if path.contains(&at) {
                return Err(Error::invalid("the scenario loops back on itself"));
            }
            seen.insert(at);
            if let Some(next) = edges.get(at) {
                path.push(at);
                for n in next {
                    walk(n, edges, path, seen)?;
                }
                path.pop();
            }
            Ok(())
        }
        walk(&self.start, &edges, &mut Vec::new(), &mut seen)?;
        if seen.len() != ids.len() {
            return Err(Error::invalid("part of the scenario can never be reached"));
        }
        Ok(())
    }
}

impl ScenarioStep {
    /// Every place this step can lead to (the hard-day branch too, when there is one).
    pub fn branches(&self) -> impl Iterator<Item = &str> {
        [&self.on_open, &self.on_tense, &self.on_distant]
            .into_iter()
            .chain(self.on_open_hard.as_ref())
            .map(String::as_str)
    }
}

/// The patient's own scenario: the other person's likely lines in their words. The app's
/// template gives it the same shape as the built-in ones: an opening, then one reply for each
/// way the patient's answer may land, then a gentle ending (no hard-day branch: the patient
/// already wrote the replies they expect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomScenarioInput {
    pub title: String,
    pub area: ProblemArea,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub setting: String,
    pub aim: String,
    /// What they are likely to say first.
    pub opening: String,
    /// What they might say if I am clear and kind.
    pub if_open: String,
    /// What they might say if it gets heated.
    pub if_tense: String,
    /// What they might say if I hint or go quiet.
    pub if_distant: String,
    pub suggested_reply: Option<String>,
    #[ts(type = "number | null")]
    pub analysis_id: Option<i64>,
}

impl CustomScenarioInput {
    /// Builds the scenario from the patient's lines (validated like any other), with the app's
    /// tips and endings in `lang`.
    pub fn to_scenario(&self, key: String, other: String, lang: Language) -> Result<Scenario> {
        let w = &texts(lang).practice;
        for (what, s) in [
            ("the opening line", &self.opening),
            ("the reply if you are clear", &self.if_open),
            ("the reply if it gets heated", &self.if_tense),
            ("the reply if you go quiet", &self.if_distant),
        ] {
            text_ok(what, s, MAX_LINE_CHARS)?;
        }
        if let Some(r) = &self.suggested_reply {
            check_len("the words to try", r, MAX_LINE_CHARS)?;
        }
        let step = |id: &str, line: &str, tip: &str, open: &str, tense: &str, distant: &str| {
            ScenarioStep {
                id: id.into(),
                line: line.trim().into(),
                tip: tip.into(),
                on_open: open.into(),
                on_tense: tense.into(),
                on_distant: distant.into(),
                on_open_hard: None,
            }
        };
        let end = |id: &str, line: &str, reflection: &str| ScenarioEnding {
            id: id.into(),
            line: line.into(),
            reflection: reflection.into(),
            hard_answer: false,
        };
        let s = Scenario {
            key,
            title: self.title.trim().into(),
            area: self.area,
            stage: None,
            audience: Audience::Adult,
            setting: self.setting.trim().into(),
            other,
            person_id: self.person_id,
            aim: self.aim.trim().into(),
            suggested_reply: self
                .suggested_reply
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Into::into),
            start: "start".into(),
            steps: vec![
                step(
                    "start",
                    &self.opening,
                    w.tip_start,
                    "open",
                    "tense",
                    "distant",
                ),
                step("open", &self.if_open, w.tip_open, "good", "mixed", "mixed"),
                step(
                    "tense",
                    &self.if_tense,
                    w.tip_tense,
                    "mixed",
                    "stuck",
                    "stuck",
                ),
                step(
                    "distant",
                    &self.if_distant,
                    w.tip_distant,
                    "mixed",
                    "stuck",
                    "stuck",
                ),
            ],
            endings: vec![
                end("good", w.end_open, w.end_open_reflection),
                end("mixed", w.end_mixed, w.end_mixed_reflection),
                end("stuck", w.end_stuck, w.end_stuck_reflection),
            ],
        };
        s.validate()?;
        Ok(s)
    }
}

/// The common traps of the communication-analysis checklist: the seven of the clinical guide, and
/// blaming (the approach of that name), which none of them is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Trap {
    HintingInsteadOfAsking,
    AssumingIWasUnderstood,
    AssumingIUnderstoodThem,
    SayingItIndirectly,
    GoingSilent,
    /// Blaming the other person instead of saying how I feel and what I would like.
    Blaming,
    /// Raising past hurts that are not about this conversation.
    OldGrievances,
    AllOrNothingWords,
}

impl Trap {
    /// The communication-analysis checklist, in the order it is shown.
    pub const ALL: [Trap; 8] = [
        Trap::HintingInsteadOfAsking,
        Trap::AssumingIWasUnderstood,
        Trap::AssumingIUnderstoodThem,
        Trap::SayingItIndirectly,
        Trap::GoingSilent,
        Trap::Blaming,
        Trap::OldGrievances,
        Trap::AllOrNothingWords,
    ];

    /// The traps a role-play approach falls into (for "traps avoided" in a review). Old
    /// grievances are about what a reply says, not the way it is said, so no approach maps there.
    pub fn of_approach(a: Approach) -> &'static [Trap] {
        match a {
            Approach::Hinting => &[Trap::HintingInsteadOfAsking, Trap::SayingItIndirectly],
            Approach::Withdrawing => &[Trap::GoingSilent],
            Approach::Blaming => &[Trap::Blaming],
            Approach::AllOrNothing => &[Trap::AllOrNothingWords],
            _ => &[],
        }
    }

    /// The traps a role play can show: those some approach falls into, in checklist order.
    pub const PRACTISED: [Trap; 5] = [
        Trap::HintingInsteadOfAsking,
        Trap::SayingItIndirectly,
        Trap::GoingSilent,
        Trap::Blaming,
        Trap::AllOrNothingWords,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum WhoStarted {
    Me,
    Them,
    NotSure,
}

impl WhoStarted {
    pub fn id(self) -> &'static str {
        match self {
            WhoStarted::Me => "me",
            WhoStarted::Them => "them",
            WhoStarted::NotSure => "notSure",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        [WhoStarted::Me, WhoStarted::Them, WhoStarted::NotSure]
            .into_iter()
            .find(|w| w.id() == s)
    }
}

/// One recent, emotionally charged conversation, examined in detail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CommunicationAnalysisInput {
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub setting: String,
    pub who_started: Option<WhoStarted>,
    pub what_i_said: String,
    pub how_i_said_it: String,
    pub what_they_said: String,
    pub felt_then: String,
    pub felt_after: String,
    pub wanted: String,
    pub what_happened: String,
    pub traps: Vec<Trap>,
    /// What else I could have said (several).
    pub alternatives: Vec<String>,
    /// Which alternative to practise (index into `alternatives`).
    #[ts(type = "number | null")]
    pub chosen: Option<i64>,
    /// The journal event it started from, `event:<entry>:<position>`.
    pub source_event: Option<String>,
}

/// A saved worksheet: its fields as typed (with the person's name), and what it led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommunicationAnalysis {
    #[ts(type = "number")]
    pub id: i64,
    #[serde(flatten)]
    #[ts(flatten)]
    pub worksheet: CommunicationAnalysisInput,
    /// The scenario made from it to practise, if any.
    pub scenario_key: Option<String>,
    pub updated_at: String,
}

fn bounded(what: &str, s: &str) -> Result<String> {
    check_len(what, s, MAX_FIELD_CHARS)?;
    Ok(s.trim().to_owned())
}

impl CommunicationAnalysisInput {
    pub fn validate(&self) -> Result<CommunicationAnalysisInput> {
        let day = crate::domain::plans::parse_date(&self.occurred_on, "the date")?;
        let mut traps = Vec::new();
        for t in &self.traps {
            if !traps.contains(t) {
                traps.push(*t);
            }
        }
        let alternatives = self
            .alternatives
            .iter()
            .map(|a| bounded("an alternative", a))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>();
        if alternatives.len() > MAX_ITEMS {
            return Err(Error::invalid("too many alternatives"));
        }
        let chosen = match self.chosen {
            None => None,
            Some(i) if usize::try_from(i).is_ok_and(|i| i < alternatives.len()) => Some(i),
            Some(_) => return Err(Error::invalid("the chosen alternative is not in the list")),
        };
        if let Some(src) = &self.source_event {
            let parts: Vec<&str> = src.split(':').collect();
            let ok = parts.len() == 3
                && parts[0] == "event"
                && parts[1].parse::<i64>().is_ok()
                && parts[2].parse::<i64>().is_ok();
            if !ok {
                return Err(Error::invalid("the journal moment is not named right"));
            }
        }
        Ok(CommunicationAnalysisInput {
            occurred_on: day.format("%Y-%m-%d").to_string(),
            person_id: self.person_id,
            person_name: if self.person_id.is_some() {
                None
            } else {
                crate::domain::people::tidy_person_name(self.person_name.as_deref())?
            },
            setting: bounded("where and when", &self.setting)?,
            who_started: self.who_started,
            what_i_said: bounded("what I said", &self.what_i_said)?,
            how_i_said_it: bounded("how I said it", &self.how_i_said_it)?,
            what_they_said: bounded("what they said", &self.what_they_said)?,
            felt_then: bounded("what I felt then", &self.felt_then)?,
            felt_after: bounded("what I felt after", &self.felt_after)?,
            wanted: bounded("what I wanted", &self.wanted)?,
            what_happened: bounded("what happened", &self.what_happened)?,
            traps,
            alternatives,
            chosen,
            source_event: self.source_event.clone(),
        })
    }
}

/// One option of a decision, with its pros and cons (brainstorm first, judge later).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DecisionOption {
    pub text: String,
    pub pros: String,
    pub cons: String,
}

/// The decision-analysis worksheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DecisionAnalysisInput {
    pub situation: String,
    pub options: Vec<DecisionOption>,
    /// The option chosen (index into `options`).
    #[ts(type = "number | null")]
    pub choice: Option<i64>,
    /// When and how.
    pub plan: String,
    /// What I will do if it goes badly.
    pub if_it_goes_badly: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionAnalysis {
    #[ts(type = "number")]
    pub id: i64,
    pub input: DecisionAnalysisInput,
    pub updated_at: String,
}

impl DecisionAnalysisInput {
    pub fn validate(&self) -> Result<DecisionAnalysisInput> {
        let situation = bounded("the situation", &self.situation)?;
        if situation.is_empty() {
            return Err(Error::invalid("describe the situation first"));
        }
        let options = self
            .options
            .iter()
            .map(|o| {
                Ok(DecisionOption {
                    text: bounded("an option", &o.text)?,
                    pros: bounded("the pros", &o.pros)?,
                    cons: bounded("the cons", &o.cons)?,
                })
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|o| !o.text.is_empty())
            .collect::<Vec<_>>();
        if options.len() > MAX_ITEMS {
            return Err(Error::invalid("too many options"));
        }
        let choice = match self.choice {
            None => None,
            Some(i) if usize::try_from(i).is_ok_and(|i| i < options.len()) => Some(i),
            Some(_) => return Err(Error::invalid("the choice is not one of the options")),
        };
        Ok(DecisionAnalysisInput {
            situation,
            options,
            choice,
            plan: bounded("the plan", &self.plan)?,
            if_it_goes_badly: bounded("what if it goes badly", &self.if_it_goes_badly)?,
        })
    }
}

// ---- Export ---------------------------------------------------------------------------------

/// One communication-analysis worksheet as the export carries it: the person by their stable
/// id, the journal moment it started from as `event:<entry uid>:<position>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedAnalysis {
    pub uid: String,
    /// The person's `uid`, or none.
    pub person: Option<String>,
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    pub setting: String,
    pub who_started: Option<WhoStarted>,
    pub what_i_said: String,
    pub how_i_said_it: String,
    pub what_they_said: String,
    pub felt_then: String,
    pub felt_after: String,
    pub wanted: String,
    pub what_happened: String,
    pub traps: Vec<Trap>,
    pub alternatives: Vec<String>,
    pub chosen: Option<i64>,
    /// The journal moment it started from, `event:<entry uid>:<position>`, or none (also when
    /// that entry is gone).
    pub source_event: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One decision-analysis worksheet as the export carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedDecision {
    pub uid: String,
    pub input: DecisionAnalysisInput,
    pub created_at: String,
    pub updated_at: String,
}

/// One of the patient's own scenarios as the export carries it: their lines as they wrote them,
/// the person and the worksheet it was made from by stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedScenario {
    pub uid: String,
    pub title: String,
    pub area: ProblemArea,
    /// The person's `uid`, or none.
    pub person: Option<String>,
    pub setting: String,
    pub aim: String,
    pub opening: String,
    pub if_open: String,
    pub if_tense: String,
    pub if_distant: String,
    pub suggested_reply: Option<String>,
    /// The `uid` of the communication analysis it was made from, or none.
    pub analysis: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One turn of a rehearsal, as it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedTurn {
    /// The step it was taken at.
    pub step_id: String,
    /// What the other person said, as it was shown.
    pub other_line: String,
    pub reply: String,
    pub approach: Approach,
}

/// One rehearsal as the export carries it: its scenario is a built-in one (by its key) or one
/// of the patient's own (by its `uid`), never both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedRun {
    pub uid: String,
    /// `builtin:<slug>` for a scenario that ships with the app.
    pub built_in_scenario: Option<String>,
    /// The `uid` of one of the patient's own scenarios.
    pub custom_scenario: Option<String>,
    /// The scenario's title when the run started.
    pub title: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Where the run stands; none once it reached an end.
    pub current_step: Option<String>,
    pub ending_id: Option<String>,
    pub confidence_before: Option<i64>,
    pub confidence_after: Option<i64>,
    pub felt_hard: String,
    pub turns: Vec<ExportedTurn>,
}

/// Practice's part of an export: the patient's worksheets, own scenarios and rehearsals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PracticeExport {
    pub analyses: Vec<ExportedAnalysis>,
    pub decisions: Vec<ExportedDecision>,
    pub scenarios: Vec<ExportedScenario>,
    pub runs: Vec<ExportedRun>,
}

fn check_dates(dates: &[&String]) -> Result<()> {
    for t in dates {
        check_len("a date", t, 64)?;
    }
    Ok(())
}

fn check_score(v: Option<i64>) -> Result<()> {
    if v.is_some_and(|v| !(0..=10).contains(&v)) {
        return Err(Error::invalid("confidence must be between 0 and 10"));
    }
    Ok(())
}

fn check_id(what: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::invalid(format!("{what} is empty")));
    }
    check_len(what, id, MAX_ID_CHARS)
}

/// Checks a link to an entry's moment in an export: `event:<uid>:<position>`.
pub fn check_exported_event(key: &str) -> Result<()> {
    let (entry, _) = crate::domain::journal::split_event_key(key).ok_or_else(|| {
        Error::new(
            ErrorCode::ImportInvalid,
            "a journal moment is not named as event:<uid>:<position>",
        )
    })?;
    crate::domain::text::check_uid(entry)
}

/// Checks which scenario a run or a plan names: a built-in key of the right form, or a uid, and
/// not both.
pub fn check_scenario_ref(built_in: Option<&str>, custom: Option<&str>) -> Result<()> {
    match (built_in, custom) {
        (Some(_), Some(_)) => Err(Error::new(
            ErrorCode::ImportInvalid,
            "a practice names a built-in scenario and an own one",
        )),
        (Some(k), None) if !is_built_in_key(k) => Err(Error::new(
            ErrorCode::ImportInvalid,
            "a built-in scenario's key is not builtin:<name>",
        )),
        (None, Some(u)) => crate::domain::text::check_uid(u),
        _ => Ok(()),
    }
}

impl ExportedAnalysis {
    /// The worksheet as the form would send it (without its person and journal moment, which
    /// are resolved to this vault's ids on import), checked by the form's rules.
    pub fn to_input(&self) -> CommunicationAnalysisInput {
        CommunicationAnalysisInput {
            occurred_on: self.occurred_on.clone(),
            person_id: None,
            person_name: None,
            setting: self.setting.clone(),
            who_started: self.who_started,
            what_i_said: self.what_i_said.clone(),
            how_i_said_it: self.how_i_said_it.clone(),
            what_they_said: self.what_they_said.clone(),
            felt_then: self.felt_then.clone(),
            felt_after: self.felt_after.clone(),
            wanted: self.wanted.clone(),
            what_happened: self.what_happened.clone(),
            traps: self.traps.clone(),
            alternatives: self.alternatives.clone(),
            chosen: self.chosen,
            source_event: None,
        }
    }

    pub fn validate(&self) -> Result<CommunicationAnalysisInput> {
        crate::domain::text::check_uid(&self.uid)?;
        check_dates(&[&self.created_at, &self.updated_at])?;
        if let Some(e) = &self.source_event {
            check_exported_event(e)?;
        }
        self.to_input().validate()
    }
}

impl ExportedDecision {
    pub fn validate(&self) -> Result<DecisionAnalysisInput> {
        crate::domain::text::check_uid(&self.uid)?;
        check_dates(&[&self.created_at, &self.updated_at])?;
        self.input.validate()
    }
}

impl ExportedScenario {
    /// The scenario as the form would send it (its person and worksheet are resolved to this
    /// vault's ids on import).
    pub fn to_input(&self) -> CustomScenarioInput {
        CustomScenarioInput {
            title: self.title.clone(),
            area: self.area,
            person_id: None,
            person_name: None,
            setting: self.setting.clone(),
            aim: self.aim.clone(),
            opening: self.opening.clone(),
            if_open: self.if_open.clone(),
            if_tense: self.if_tense.clone(),
            if_distant: self.if_distant.clone(),
            suggested_reply: self.suggested_reply.clone(),
            analysis_id: None,
        }
    }

    /// Checks the scenario by the form's rules (the scenario the app builds from it must be
    /// valid) and returns what the form would store. The lines are kept as written, as the form
    /// keeps them.
    pub fn validate(&self) -> Result<CustomScenarioInput> {
        crate::domain::text::check_uid(&self.uid)?;
        for u in [&self.person, &self.analysis].into_iter().flatten() {
            crate::domain::text::check_uid(u)?;
        }
        check_dates(&[&self.created_at, &self.updated_at])?;
        let input = self.to_input();
        input.to_scenario(custom_key(0), "the other person".into(), Language::En)?;
        Ok(input)
    }
}

impl ExportedRun {
    /// Checks the run by the rules the rehearsal keeps: its scenario named once, a reply in every
    /// turn within the reply's limit, no more turns than a run can take, confidence 0–10, and a
    /// finished run at its end.
    pub fn validate(&self) -> Result<ExportedRun> {
        crate::domain::text::check_uid(&self.uid)?;
        check_scenario_ref(
            self.built_in_scenario.as_deref(),
            self.custom_scenario.as_deref(),
        )?;
        if self.built_in_scenario.is_none() && self.custom_scenario.is_none() {
            return Err(Error::new(
                ErrorCode::ImportInvalid,
                "a practice names no scenario",
            ));
        }
        check_id("the title", &self.title)?;
        check_dates(&[&self.started_at])?;
        if let Some(f) = &self.finished_at {
            check_dates(&[f])?;
        }
        for id in [&self.current_step, &self.ending_id].into_iter().flatten() {
            check_id("a step", id)?;
        }
        if self.current_step.is_some() && (self.ending_id.is_some() || self.finished_at.is_some()) {
            return Err(Error::invalid(
                "a practice that has not reached its end cannot be finished",
            ));
        }
        check_score(self.confidence_before)?;
        check_score(self.confidence_after)?;
        check_len("what felt hard", &self.felt_hard, MAX_FIELD_CHARS)?;
        if self.turns.len() > MAX_TURNS {
            return Err(Error::invalid("this practice has too many turns"));
        }
        let turns = self
            .turns
            .iter()
            .map(|t| {
                check_id("a step", &t.step_id)?;
                check_len("a line", &t.other_line, MAX_LINE_CHARS)?;
                let reply = t.reply.trim();
                if reply.is_empty() {
                    return Err(Error::invalid("a reply is empty"));
                }
                check_len("the reply", reply, MAX_FIELD_CHARS)?;
                Ok(ExportedTurn {
                    reply: reply.to_owned(),
                    ..t.clone()
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ExportedRun {
            felt_hard: self.felt_hard.trim().to_owned(),
            turns,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom() -> CustomScenarioInput {
        CustomScenarioInput {
            title: "Asking Sam about the shopping".into(),
            area: ProblemArea::RoleDispute,
            person_id: None,
            person_name: Some("Sam".into()),
            setting: "Kitchen, after dinner".into(),
            aim: "Share the Tuesday shop".into(),
            opening: "What now?".into(),
            if_open: "Okay, I can see that.".into(),
            if_tense: "Here we go again.".into(),
            if_distant: "Right. Anyway.".into(),
            suggested_reply: Some("I feel worn out; could you do the Tuesday shop?".into()),
            analysis_id: None,
        }
    }

    #[test]
    fn every_approach_has_an_effect_and_the_traps_are_the_unhelpful_ones() {
        for a in Approach::ALL {
            assert_eq!(Approach::from_id(a.id()), Some(a));
            assert_eq!(a.helpful(), Trap::of_approach(a).is_empty(), "{a:?}");
        }
        assert_eq!(Approach::Blaming.effect(), Effect::Tense);
        assert_eq!(Approach::Hinting.effect(), Effect::Distant);
        assert_eq!(Approach::StateLimit.effect(), Effect::Open);
    }

    #[test]
    fn blaming_is_its_own_trap_not_old_grievances() {
        assert_eq!(Trap::of_approach(Approach::Blaming), [Trap::Blaming]);
        for a in Approach::ALL {
            assert!(
                !Trap::of_approach(a).contains(&Trap::OldGrievances),
                "{a:?}"
            );
            for t in Trap::of_approach(a) {
                assert!(Trap::PRACTISED.contains(t), "{t:?} is practised");
            }
        }
        for t in Trap::PRACTISED {
            assert!(
                Approach::ALL
                    .iter()
                    .any(|a| Trap::of_approach(*a).contains(&t)),
                "{t:?} comes from some approach"
            );
        }
    }

    /// The custom template with a hard-day branch at "open" to an ending of its own.
    fn with_hard_answer() -> Scenario {
        let mut s = custom()
            .to_scenario("custom:1".into(), "Sam".into(), Language::En)
            .expect("valid");
        s.steps[1].on_open_hard = Some("hard".into());
        s.endings.push(ScenarioEnding {
            id: "hard".into(),
            line: "I can't, not now.".into(),
            reflection: "You were clear and kind. Their answer is theirs.".into(),
            hard_answer: true,
        });
        s
    }

    #[test]
    fn on_a_hard_day_a_clear_kind_reply_can_still_meet_a_hard_answer() {
        let s = with_hard_answer();
        s.validate()
            .expect("a hard-day branch is part of the format");
        assert_eq!(TheirDay::of_run(1), TheirDay::Usual);
        assert_eq!(TheirDay::of_run(2), TheirDay::Usual);
        assert_eq!(TheirDay::of_run(3), TheirDay::Hard);
        assert_eq!(TheirDay::of_run(6), TheirDay::Hard);
        let end = |at: &str, a: Approach, day: TheirDay| match s.next_on(at, a, day) {
            Ok(Next::End(e)) => (e.id.clone(), e.hard_answer),
            other => panic!("an end, not {other:?}"),
        };
        assert_eq!(
            end("open", Approach::IStatement, TheirDay::Usual),
            ("good".into(), false)
        );
        assert_eq!(
            end("open", Approach::IStatement, TheirDay::Hard),
            ("hard".into(), true)
        );
        assert_eq!(
            end("open", Approach::StateLimit, TheirDay::Hard),
            ("hard".into(), true)
        );
        // Only clear, kind replies take the hard-day branch; a step without one is the same on any
        // day.
        assert_eq!(
            end("open", Approach::Blaming, TheirDay::Hard),
            ("mixed".into(), false)
        );
        assert_eq!(
            s.next_on("start", Approach::IStatement, TheirDay::Hard)
                .expect("next"),
            s.next("start", Approach::IStatement).expect("next")
        );
    }

    #[test]
    fn the_validator_checks_hard_day_branches_and_stages() {
        let code = |s: Scenario| s.validate().err().map(|e| e.code());
        let mut nowhere = with_hard_answer();
        nowhere.steps[1].on_open_hard = Some("missing".into());
        assert_eq!(code(nowhere), Some(ErrorCode::InvalidInput));
        let mut looped = with_hard_answer();
        looped.steps[1].on_open_hard = Some("start".into());
        assert_eq!(code(looped), Some(ErrorCode::InvalidInput));
        let mut unreached = with_hard_answer();
        unreached.steps[1].on_open_hard = None;
        assert_eq!(code(unreached), Some(ErrorCode::InvalidInput));
        let mut staged = with_hard_answer();
        staged.stage = Some(DisputeStage::Impasse);
        assert_eq!(code(staged.clone()), None);
        staged.area = ProblemArea::Grief;
        assert_eq!(code(staged), Some(ErrorCode::InvalidInput));
    }

    #[test]
    fn the_new_fields_are_optional_in_the_format() {
        let s = custom()
            .to_scenario("custom:1".into(), "Sam".into(), Language::En)
            .expect("valid");
        let json = serde_json::to_value(&s).expect("json");
        assert!(json.get("stage").is_none());
        assert!(json["steps"][0].get("onOpenHard").is_none());
        assert!(json["endings"][0].get("hardAnswer").is_none());
        let back: Scenario = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, s);
        let hard = serde_json::to_value(with_hard_answer()).expect("json");
        assert_eq!(hard["steps"][1]["onOpenHard"], "hard");
        assert_eq!(hard["endings"][3]["hardAnswer"], true);
    }

    #[test]
    fn a_custom_scenario_branches_by_approach_to_an_end() {
        let s = custom()
            .to_scenario("custom:1".into(), "Sam".into(), Language::En)
            .expect("valid");
        let Next::Step(open) = s.next("start", Approach::IStatement).expect("next") else {
            panic!("a step")
        };
        assert_eq!(open.line, "Okay, I can see that.");
        let Next::Step(tense) = s.next("start", Approach::Blaming).expect("next") else {
            panic!("a step")
        };
        assert_eq!(tense.line, "Here we go again.");
        let Next::End(end) = s.next("open", Approach::SpecificRequest).expect("next") else {
            panic!("an end")
        };
        assert_eq!(end.id, "good");
        let Next::End(end) = s.next("tense", Approach::Withdrawing).expect("next") else {
            panic!("an end")
        };
        assert_eq!(end.id, "stuck");
        assert_eq!(
            s.next("nowhere", Approach::Hinting).err().map(|e| e.code()),
            Some(ErrorCode::NotFound)
        );
        let long = CustomScenarioInput {
            suggested_reply: Some("x".repeat(MAX_LINE_CHARS + 1)),
            ..custom()
        };
        assert_eq!(
            long.to_scenario("custom:1".into(), "Sam".into(), Language::En)
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::TooLong)
        );
        let empty = CustomScenarioInput {
            if_tense: "  ".into(),
            ..custom()
        };
        assert_eq!(
            empty
                .to_scenario("custom:1".into(), "Sam".into(), Language::En)
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidInput)
        );
    }

    #[test]
    fn the_validator_finds_loops_dead_ends_and_unreachable_text() {
        let good = custom()
            .to_scenario("custom:1".into(), "Sam".into(), Language::En)
            .expect("valid");
        let code = |s: Scenario| s.validate().err().map(|e| e.code());
        let mut looped = good.clone();
        looped.steps[1].on_tense = "start".into();
        assert_eq!(code(looped), Some(ErrorCode::InvalidInput));
        let mut nowhere = good.clone();
        nowhere.steps[2].on_open = "missing".into();
        assert_eq!(code(nowhere), Some(ErrorCode::InvalidInput));
        let mut orphan = good.clone();
        orphan.endings.push(ScenarioEnding {
            id: "never".into(),
            line: "x".into(),
            reflection: "y".into(),
            hard_answer: false,
        });
        assert_eq!(code(orphan), Some(ErrorCode::InvalidInput));
        let mut twice = good.clone();
        twice.steps[3].id = "open".into();
        assert_eq!(code(twice), Some(ErrorCode::InvalidInput));
        let mut long = good;
        long.steps[0].line = "x".repeat(MAX_LINE_CHARS + 1);
        assert_eq!(code(long), Some(ErrorCode::TooLong));
    }

    #[test]
    fn an_analysis_is_checked_and_tidied() {
        let a = CommunicationAnalysisInput {
            occurred_on: "2026-11-20".into(),
            traps: vec![Trap::GoingSilent, Trap::GoingSilent, Trap::OldGrievances],
            alternatives: vec![
                "  I felt left out. ".into(),
                "".into(),
                "Could we plan Sundays?".into(),
            ],
            chosen: Some(1),
            source_event: Some("event:12:0".into()),
            ..Default::default()
        }
        .validate()
        .expect("valid");
        assert_eq!(a.traps, [Trap::GoingSilent, Trap::OldGrievances]);
        assert_eq!(
            a.alternatives,
            ["I felt left out.", "Could we plan Sundays?"]
        );
        let code = |i: CommunicationAnalysisInput| i.validate().err().map(|e| e.code());
        let base = CommunicationAnalysisInput {
            occurred_on: "2026-11-20".into(),
            ..Default::default()
        };
        assert_eq!(
            code(CommunicationAnalysisInput {
                occurred_on: "last week".into(),
                ..base.clone()
            }),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(
            code(CommunicationAnalysisInput {
                chosen: Some(0),
                ..base.clone()
            }),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(CommunicationAnalysisInput {
                source_event: Some("entry:1".into()),
                ..base.clone()
            }),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(CommunicationAnalysisInput {
                what_i_said: "x".repeat(MAX_FIELD_CHARS + 1),
                ..base
            }),
            Some(ErrorCode::TooLong)
        );
    }

    #[test]
    fn a_decision_keeps_its_options_and_a_valid_choice() {
        let d = DecisionAnalysisInput {
            situation: " Whether to move in with my sister ".into(),
            options: vec![
                DecisionOption {
                    text: "Move in".into(),
                    pros: "Company".into(),
                    cons: "Less space".into(),
                },
                DecisionOption::default(),
                DecisionOption {
                    text: "Stay".into(),
                    ..DecisionOption::default()
                },
            ],
            choice: Some(1),
            plan: "Talk to her on Sunday".into(),
            if_it_goes_badly: "Ask for a trial month".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(d.situation, "Whether to move in with my sister");
        assert_eq!(d.options.len(), 2, "empty options are dropped");
        assert_eq!(d.choice, Some(1));
        let code = |i: DecisionAnalysisInput| i.validate().err().map(|e| e.code());
        assert_eq!(
            code(DecisionAnalysisInput::default()),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(DecisionAnalysisInput {
                situation: "x".into(),
                choice: Some(0),
                ..DecisionAnalysisInput::default()
            }),
            Some(ErrorCode::InvalidInput)
        );
    }

    #[test]
    fn an_exported_run_names_one_scenario_and_keeps_the_rehearsals_rules() {
        let run = ExportedRun {
            uid: "r1".into(),
            built_in_scenario: Some("builtin:brother-about-mum".into()),
            custom_scenario: None,
            title: "Talking to my brother".into(),
            started_at: "2026-11-20T10:00:00.000Z".into(),
            finished_at: None,
            current_step: Some("start".into()),
            ending_id: None,
            confidence_before: Some(3),
            confidence_after: None,
            felt_hard: " ".into(),
            turns: vec![ExportedTurn {
                step_id: "start".into(),
                other_line: "What?".into(),
                reply: " I miss Mum. ".into(),
                approach: Approach::IStatement,
            }],
        };
        let ok = run.validate().expect("valid");
        assert_eq!(ok.turns[0].reply, "I miss Mum.");
        assert_eq!(ok.felt_hard, "");
        let code = |r: ExportedRun| r.validate().err().map(|e| e.code());
        assert_eq!(
            code(ExportedRun {
                custom_scenario: Some("abc".into()),
                ..run.clone()
            }),
            Some(ErrorCode::ImportInvalid),
            "both"
        );
        assert_eq!(
            code(ExportedRun {
                built_in_scenario: None,
                ..run.clone()
            }),
            Some(ErrorCode::ImportInvalid),
            "neither"
        );
        assert_eq!(
            code(ExportedRun {
                built_in_scenario: Some("custom:3".into()),
                ..run.clone()
            }),
            Some(ErrorCode::ImportInvalid),
            "a local key"
        );
        assert_eq!(
            code(ExportedRun {
                finished_at: Some("2026-11-20T10:10:00.000Z".into()),
                ..run.clone()
            }),
            Some(ErrorCode::InvalidInput),
            "finished before its end"
        );
        assert_eq!(
            code(ExportedRun {
                confidence_before: Some(11),
                ..run.clone()
            }),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(ExportedRun {
                turns: vec![run.turns[0].clone(); MAX_TURNS + 1],
                ..run.clone()
            }),
            Some(ErrorCode::InvalidInput)
        );
        assert!(is_built_in_key("builtin:a-b_c") && !is_built_in_key("builtin:"));
        assert_eq!(custom_id(&custom_key(7)), Some(7));
        assert_eq!(custom_id("builtin:x"), None);
    }
}
