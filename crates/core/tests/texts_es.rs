//! The core's own words follow the app's language. Every table in `domain::texts` is fully
//! translated (an explicit few words are the same in both), has the English template's
//! placeholders, and speaks to the patient as "tú"; and, with Spanish chosen, the services write
//! Spanish: the role plays (built in and the patient's own) run through the practice service in
//! Spanish, even when the language changes mid-run; the questionnaires; the Markdown journal.

mod common;

use std::collections::BTreeSet;

use common::*;
use ipt_core::domain::checkins::Questionnaire;
use ipt_core::domain::course::ProblemArea;
use ipt_core::domain::journal::{Emotion, InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::language::Language;
use ipt_core::domain::practice::{Approach, CustomScenarioInput, Scenario};
use ipt_core::domain::texts::{placeholders, texts};
use ipt_core::service::export::{self, ExportFormat};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{checkins, journal, language, practice};
use serde_json::Value;

/// Texts that read the same in both languages, by their place in the tables.
const SAME_IN_BOTH: &[&str] = &[
    "summary.col_plan",      // "Plan"
    "agenda.kind_plan",      // "Plan"
    "people.fit_no",         // "No"
    "safety_plan.australia", // a country's name
];

/// Words that would speak to the patient as "usted" (or to many as "vosotros").
const NOT_TU: &[&str] = &["usted", "ustedes", "vosotros", "vosotras"];

fn walk(path: &str, en: &Value, es: &Value, seen: &mut Vec<String>) {
    match (en, es) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(
                a.keys().collect::<Vec<_>>(),
                b.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (k, v) in a {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(&p, v, &b[k], seen);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(&format!("{path}[{i}]"), x, y, seen);
            }
        }
        (Value::String(a), Value::String(b)) => {
            assert!(!b.trim().is_empty(), "{path}: empty in Spanish");
            assert!(!a.trim().is_empty(), "{path}: empty in English");
            if SAME_IN_BOTH.contains(&path) {
                assert_eq!(
                    a, b,
                    "{path} is on the allow-list but differs: drop it from there"
                );
            } else {
                assert_ne!(a, b, "{path}: not translated");
            }
            fn set(s: &str) -> BTreeSet<&str> {
                placeholders(s).into_iter().collect()
            }
            assert_eq!(set(a), set(b), "{path}: the same placeholders");
            for w in b.split(|c: char| !c.is_alphabetic()) {
                let w = w.to_lowercase();
                assert!(!NOT_TU.contains(&w.as_str()), "{path}: {w:?} in {b:?}");
            }
            seen.push(path.to_owned());
        }
        (a, b) => panic!("{path}: {a:?} / {b:?}"),
    }
}

#[test]
fn every_table_is_translated_and_speaks_as_tu() {
    let en = serde_json::to_value(texts(Language::En)).expect("English tables");
    let es = serde_json::to_value(texts(Language::Es)).expect("Spanish tables");
    let mut seen = Vec::new();
    walk("", &en, &es, &mut seen);
    for same in SAME_IN_BOTH {
        assert!(seen.iter().any(|p| p == same), "{same} is not a text");
    }
    // Every feature's table is there, and none is empty.
    for table in [
        "dates",
        "common",
        "summary",
        "agenda",
        "ending",
        "people",
        "safety_plan",
        "practice",
        "export",
    ] {
        assert!(
            seen.iter().any(|p| p.starts_with(&format!("{table}."))),
            "{table}"
        );
    }
    // 43 date words and 5 date orders; the rest are the pages' words.
    assert!(seen.len() > 180, "{}", seen.len());
}

async fn open(dir: &std::path::Path, lang: Language) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    language::set(&svc, lang).expect("language");
    svc
}

fn spanish_library() -> &'static [Scenario] {
    practice::built_in_in(Language::Es).expect("the Spanish library")
}

#[tokio::test]
async fn the_practice_service_runs_every_spanish_scenario_to_an_end() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path(), Language::Es).await;
    let es = spanish_library();
    let en = practice::built_in().expect("the English library");

    let library = practice::library(&svc).await.expect("library");
    assert_eq!(library.len(), es.len());
    for (line, s) in library.iter().zip(es) {
        assert_eq!((&line.key, &line.title), (&s.key, &s.title));
    }
    assert!(en.iter().zip(es).all(|(e, s)| e.title != s.title));

    for s in es {
        assert_eq!(
            &practice::get_scenario(&svc, s.key.clone())
                .await
                .expect("scenario"),
            s
        );
        let lines: Vec<&str> = s.steps.iter().map(|st| st.line.as_str()).collect();
        let tips: Vec<&str> = s.steps.iter().map(|st| st.tip.as_str()).collect();
        // One run per approach, always answering with it: every run reaches a Spanish ending.
        let mut endings = BTreeSet::new();
        for a in Approach::ALL {
            let mut run = practice::start_run(&svc, s.key.clone(), Some(4))
                .await
                .expect("start");
            assert_eq!(run.title, s.title);
            let mut turns = 0;
            while run.ending.is_none() {
                let line = run.line.as_deref().expect("a line");
                assert!(lines.contains(&line), "{}: {line:?} is Spanish", s.key);
                assert!(tips.contains(&run.tip.as_deref().expect("a tip")));
                run = practice::take_turn(&svc, run.id, "Lo intento.".into(), a)
                    .await
                    .expect("turn");
                turns += 1;
                assert!(turns < 20, "{}: a run does not end", s.key);
            }
            let ending = run.ending.as_ref().expect("an ending");
            assert!(s.endings.contains(ending), "{}: the Spanish ending", s.key);
            endings.insert(ending.id.clone());
            let done = practice::finish_run(&svc, run.id, Some(6), String::new())
                .await
                .expect("finish");
            assert_eq!(done.ending.as_ref(), Some(ending));
        }
        assert!(!endings.is_empty());
    }
}

#[tokio::test]
async fn a_run_goes_on_in_the_new_language() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path(), Language::En).await;
    let (en, es) = (
        practice::built_in().expect("en")[0].clone(),
        &spanish_library()[0],
    );
    let run = practice::start_run(&svc, en.key.clone(), None)
        .await
        .expect("start");
    assert_eq!(run.line.as_deref(), Some(en.steps[0].line.as_str()));
    let run = practice::take_turn(&svc, run.id, "I feel hurt.".into(), Approach::IStatement)
        .await
        .expect("turn");
    let at = en
        .steps
        .iter()
        .position(|st| Some(st.line.as_str()) == run.line.as_deref());

    language::set(&svc, Language::Es).expect("Spanish");
    let run = practice::get_run(&svc, run.id).await.expect("run");
    match at {
        Some(i) => assert_eq!(run.line.as_deref(), Some(es.steps[i].line.as_str())),
        None => assert!(es.endings.contains(run.ending.as_ref().expect("ended"))),
    }
    // The turn already taken keeps the words it was taken in.
    assert_eq!(run.turns[0].other_line, en.steps[0].line);
    let mut run = run;
    while run.ending.is_none() {
        run = practice::take_turn(&svc, run.id, "Lo siento.".into(), Approach::Acknowledge)
            .await
            .expect("turn in Spanish");
    }
    assert!(es.endings.contains(run.ending.as_ref().expect("ending")));
}

#[tokio::test]
async fn the_patients_own_scenario_gets_the_apps_words_in_spanish() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path(), Language::Es).await;
    let s = practice::save_custom_scenario(
        &svc,
        None,
        CustomScenarioInput {
            title: "Hablar con mi hermano".into(),
            area: ProblemArea::RoleDispute,
            person_id: None,
            person_name: None,
            setting: "En la cocina".into(),
            aim: "Repartir las compras".into(),
            opening: "¿Qué pasa ahora?".into(),
            if_open: "Vale, los martes puedo.".into(),
            if_tense: "Ya empezamos.".into(),
            if_distant: "Bueno, me voy a dormir.".into(),
            suggested_reply: None,
            analysis_id: None,
        },
    )
    .await
    .expect("scenario");
    let w = &texts(Language::Es).practice;
    assert_eq!(s.other, w.other_person);
    assert_eq!(s.steps[0].tip, w.tip_start);
    assert_eq!(s.endings[0].line, w.end_open);

    // The same scenario, read in English once the language changes.
    language::set(&svc, Language::En).expect("English");
    let again = practice::get_scenario(&svc, s.key.clone())
        .await
        .expect("scenario");
    assert_eq!(again.other, "the other person");
    assert_eq!(again.steps[0].tip, texts(Language::En).practice.tip_start);
    assert_eq!(
        again.steps[0].line, "¿Qué pasa ahora?",
        "the patient's words"
    );
}

#[tokio::test]
async fn the_questionnaires_come_in_the_apps_language() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path(), Language::En).await;
    for q in Questionnaire::ALL {
        assert_eq!(checkins::questionnaire(&svc, q), q.text());
    }
    language::set(&svc, Language::Es).expect("Spanish");
    svc.lock().await;
    for q in Questionnaire::ALL {
        assert_eq!(
            checkins::questionnaire(&svc, q),
            q.text_in(Language::Es),
            "while locked too"
        );
    }
}

#[tokio::test]
async fn the_markdown_journal_is_written_in_spanish() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path(), Language::Es).await;
    journal::create_entry(
        &svc,
        JournalEntryInput {
            occurred_at: "2026-11-24T19:30:00+01:00".into(),
            mood: 6,
            emotions: vec![Emotion::Sad, Emotion::Hopeful],
            custom_emotions: vec![],
            text: "Un día largo.".into(),
            tags: vec!["familia".into()],
            events: vec![InterpersonalEventInput {
                person_id: None,
                person_name: Some("Sam".into()),
                what_happened: "Hablamos de la casa".into(),
                what_i_felt: "nervios".into(),
                what_i_did: "le pedí ayuda".into(),
                how_it_ended: "bien".into(),
                important: true,
            }],
            pinned: true,
            draft_key: None,
        },
    )
    .await
    .expect("entry");
    let path = out.path().join("diario.md");
    export::write(
        &svc,
        path.to_str().expect("utf-8").into(),
        ExportFormat::Markdown,
    )
    .await
    .expect("export");
    let md = std::fs::read_to_string(&path).expect("read");
    for want in [
        "# Mi diario",
        "**Este archivo no está cifrado**",
        "- Ánimo: 6 de 10",
        "- Emociones: tristeza, esperanza",
        "- Etiquetas: familia",
        "- Para llevar a mi próxima sesión",
        "### Con Sam",
        "*Vale la pena llevarlo a mi próxima sesión.*",
        "**Qué pasó:**",
        "**Qué sentí:**",
        "**Qué dije o hice:**",
        "**Cómo terminó:**",
    ] {
        assert!(md.contains(want), "{want:?} in:\n{md}");
    }
    for english in [
        "My journal",
        "Mood:",
        "Feelings",
        "sad",
        "Tags",
        "Pinned",
        "With Sam",
        "What happened",
    ] {
        assert!(!md.contains(english), "{english:?} in:\n{md}");
    }
}
