//! The Spanish built-in content: the role-play library has the English one's exact shape (same
//! keys, ids, branches, enum values and numbers, every text translated) and runs in the same
//! engine; the PHQ-9 and GAD-7 in Spanish have the English ones' counts and no empty text.

use std::collections::HashSet;

use ipt_core::domain::checkins::Questionnaire;
use ipt_core::domain::language::Language;
use ipt_core::domain::practice::{Approach, Next, Scenario, TheirDay};
use ipt_core::service::practice;
use serde_json::Value;

/// The keys whose strings are for people to read, and so are translated.
const TEXT_KEYS: &[&str] = &[
    "title",
    "setting",
    "other",
    "aim",
    "suggestedReply",
    "line",
    "tip",
    "reflection",
];

/// The keys whose strings are ids, links or enum values (read from domain/practice.rs): the same
/// in every language.
const ID_KEYS: &[&str] = &[
    "key",
    "area",
    "stage",
    "audience",
    "start",
    "id",
    "onOpen",
    "onTense",
    "onDistant",
    "onOpenHard",
];

/// Texts allowed to read the same in both languages (a name, an interjection). Empty for now.
const SAME_IN_BOTH: &[&str] = &[];

fn library(lang: Language) -> Value {
    serde_json::from_str(practice::library_json(lang)).expect("the library is JSON")
}

/// Walks `en` and `es` side by side; returns how many texts were compared.
fn same_shape(path: &str, key: Option<&str>, en: &Value, es: &Value, texts: &mut usize) {
    match (en, es) {
        (Value::Object(a), Value::Object(b)) => {
            let ka: Vec<&String> = a.keys().collect();
            let kb: Vec<&String> = b.keys().collect();
            assert_eq!(ka, kb, "{path}: the same keys in the same order");
            for (k, v) in a {
                same_shape(&format!("{path}.{k}"), Some(k), v, &b[k], texts);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: the same length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_shape(&format!("{path}[{i}]"), key, x, y, texts);
            }
        }
        (Value::String(a), Value::String(b)) => {
            let k = key.unwrap_or_default();
            if TEXT_KEYS.contains(&k) {
                assert!(!b.trim().is_empty(), "{path}: empty in Spanish");
                assert_eq!(b.trim(), b, "{path}: stray spaces in Spanish");
                assert!(
                    a != b || SAME_IN_BOTH.contains(&b.as_str()),
                    "{path}: not translated: {b:?}"
                );
                *texts += 1;
            } else {
                assert!(
                    ID_KEYS.contains(&k),
                    "{path}: {k:?} is neither a text nor an id; add it to one list"
                );
                assert_eq!(a, b, "{path}: ids are the same in every language");
            }
        }
        (a, b) => assert_eq!(a, b, "{path}: the same value"),
    }
}

#[test]
fn the_spanish_library_has_the_english_shape_and_every_text_translated() {
    let (en, es) = (library(Language::En), library(Language::Es));
    let mut texts = 0;
    same_shape("library", None, &en, &es, &mut texts);
    let scenarios = en.as_array().expect("a list").len();
    assert_eq!(scenarios, 20);
    // Per scenario: title, setting, other, aim; a line and a tip per step; a line and a
    // reflection per ending.
    assert_eq!(texts, 400, "every text was compared");
}

#[test]
fn the_library_json_is_parsed_once_per_language() {
    assert_ne!(
        practice::library_json(Language::En),
        practice::library_json(Language::Es)
    );
    for lang in Language::ALL {
        let parsed: Vec<Scenario> =
            serde_json::from_str(practice::library_json(lang)).expect("parses");
        let kept = practice::built_in_in(lang).expect("the library");
        assert_eq!(parsed, kept);
        assert!(std::ptr::eq(
            kept,
            practice::built_in_in(lang).expect("again")
        ));
    }
    assert_eq!(
        practice::built_in().expect("English"),
        practice::built_in_in(Language::En).expect("English")
    );
}

#[test]
fn the_spanish_library_speaks_to_the_patient_as_tu() {
    let es: Vec<Scenario> =
        serde_json::from_str(practice::library_json(Language::Es)).expect("parses");
    let words = |s: &Scenario| {
        let mut all = vec![
            s.title.clone(),
            s.setting.clone(),
            s.other.clone(),
            s.aim.clone(),
        ];
        for st in &s.steps {
            all.extend([st.line.clone(), st.tip.clone()]);
        }
        for e in &s.endings {
            all.extend([e.line.clone(), e.reflection.clone()]);
        }
        all
    };
    for s in &es {
        for text in words(s) {
            for w in text.split(|c: char| !c.is_alphabetic()) {
                let w = w.to_lowercase();
                assert!(
                    !["usted", "ustedes", "vosotros", "vosotras"].contains(&w.as_str()),
                    "{}: {w:?} in {text:?}",
                    s.key
                );
            }
        }
    }
}

/// Every step id reached from the start, and every ending reached, on every approach and day.
fn walk(s: &Scenario) -> (HashSet<String>, HashSet<String>) {
    let (mut steps, mut endings) = (HashSet::new(), HashSet::new());
    let mut stack = vec![(s.start.clone(), 0)];
    while let Some((at, depth)) = stack.pop() {
        assert!(depth < 20, "{}: a path does not end", s.key);
        steps.insert(at.clone());
        for a in Approach::ALL {
            for day in TheirDay::ALL {
                match s.next_on(&at, a, day).expect("leads somewhere") {
                    Next::Step(st) => stack.push((st.id.clone(), depth + 1)),
                    Next::End(e) => {
                        endings.insert(e.id.clone());
                    }
                }
            }
        }
    }
    (steps, endings)
}

#[test]
fn every_spanish_scenario_runs_in_the_engine_like_the_english_one() {
    let en = practice::built_in().expect("the English library");
    let es: Vec<Scenario> = serde_json::from_str(practice::library_json(Language::Es))
        .expect("the Spanish library parses");
    assert_eq!(es.len(), en.len());
    for (e, s) in en.iter().zip(&es) {
        s.validate()
            .unwrap_or_else(|err| panic!("{}: {}", s.key, err.message()));
        assert_eq!(
            (&s.key, s.area, s.stage, s.audience),
            (&e.key, e.area, e.stage, e.audience)
        );
        let (steps, endings) = walk(s);
        assert_eq!(
            steps.len(),
            s.steps.len(),
            "{}: every step is reached",
            s.key
        );
        assert_eq!(
            endings.len(),
            s.endings.len(),
            "{}: every ending is reached",
            s.key
        );
        // The same reply leads to the same place in both languages.
        for st in &e.steps {
            for a in Approach::ALL {
                for day in TheirDay::ALL {
                    let id = |n: Next<'_>| match n {
                        Next::Step(x) => x.id.clone(),
                        Next::End(x) => x.id.clone(),
                    };
                    let there = |sc: &Scenario| id(sc.next_on(&st.id, a, day).expect("next"));
                    assert_eq!(there(s), there(e), "{} at {}", s.key, st.id);
                }
            }
        }
        for (x, y) in e.endings.iter().zip(&s.endings) {
            assert_eq!(x.hard_answer, y.hard_answer, "{}: {}", s.key, x.id);
        }
    }
}

#[test]
fn the_spanish_questionnaires_match_the_english_ones() {
    for q in Questionnaire::ALL {
        let en = q.text();
        assert_eq!(en, q.text_in(Language::En), "text() is English");
        let es = q.text_in(Language::Es);
        assert_eq!(es.kind, q);
        assert_eq!(es.title, en.title, "the instrument's name");
        assert_eq!(es.items.len(), en.items.len(), "{q:?} items");
        assert_eq!(es.items.len(), q.item_count());
        assert_eq!(es.options.len(), en.options.len(), "{q:?} options");
        let mut texts: Vec<&str> = vec![&es.instructions];
        texts.extend(es.items.iter().map(String::as_str));
        for (x, y) in en.options.iter().zip(&es.options) {
            assert_eq!(x.value, y.value);
            texts.push(&y.label);
        }
        match (&en.difficulty, &es.difficulty) {
            (None, None) => assert_eq!(q, Questionnaire::Gad7),
            (Some(x), Some(y)) => {
                assert_eq!(x.options.len(), y.options.len());
                texts.push(&y.question);
                texts.extend(y.options.iter().map(String::as_str));
            }
            _ => panic!("{q:?}: the difficulty question in one language only"),
        }
        let english: Vec<&str> = {
            let mut v: Vec<&str> = vec![&en.instructions];
            v.extend(en.items.iter().map(String::as_str));
            v.extend(en.options.iter().map(|o| o.label.as_str()));
            if let Some(d) = &en.difficulty {
                v.push(&d.question);
                v.extend(d.options.iter().map(String::as_str));
            }
            v
        };
        assert_eq!(texts.len(), english.len());
        for (t, e) in texts.iter().zip(&english) {
            assert!(!t.trim().is_empty(), "{q:?}: an empty text");
            assert_ne!(t, e, "{q:?}: not translated");
        }
    }
    let phq = Questionnaire::Phq9.text_in(Language::Es);
    assert_eq!(
        phq.options
            .iter()
            .map(|o| o.label.as_str())
            .collect::<Vec<_>>(),
        [
            "Ningún día",
            "Varios días",
            "Más de la mitad de los días",
            "Casi todos los días"
        ]
    );
}
