//! Every printable page leaves the app as a PDF made in the core: the agenda, the safety plan,
//! the ending plan and the people inventory. Each is filled with known words, saved to a
//! temporary folder and read back with poppler's `pdftotext` and `pdfinfo` (Debian package
//! poppler-utils, installed by `scripts/deps.sh`; without them these tests fail, they do not
//! skip): the patient's words are there as typed (markup shown literally, accents kept), the
//! archived are not on the inventory, the Title is the page's own (or "Notes" with the neutral
//! window title), and a relative path is refused with nothing written.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use common::*;
use ipt_core::domain::circle::{CircleInput, Placement, Ring};
use ipt_core::domain::discretion::DiscretionSettings;
use ipt_core::domain::ending::EndingPlan;
use ipt_core::domain::people::{ExpectationsFit, Inventory, Relationship};
use ipt_core::domain::plans::PlanInput;
use ipt_core::domain::safety_plan::{SafetyContact, SafetyPlan};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{agenda, circle, course, discretion, ending, people, plans, safety_plan};
use ipt_core::{ErrorCode, Result};

/// Patient text that looks like markup: it must reach the page as these very characters.
const MARKUP: &str = "Talk about <b>Mamá</b> & me";
/// Spanish with accents, written by the patient.
const SPANISH: &str = "Mañana llamo a mi tía Begoña";
const TODAY: &str = "2026-11-20";

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} is needed for this test (Debian package poppler-utils, installed by \
             scripts/deps.sh): {e}"
        )
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text with every run of white space made one space (lines wrap where they will).
fn text_of(file: &Path) -> String {
    let raw = run(
        "pdftotext",
        &["-enc", "UTF-8", file.to_str().expect("utf-8 path"), "-"],
    );
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title_of(file: &Path) -> String {
    run("pdfinfo", &[file.to_str().expect("utf-8 path")])
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

async fn open(dir: &Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

/// Saves through `save` to a fresh file and returns (its text, its Title); checks the size
/// returned and the PDF header.
async fn saved<F, Fut>(dir: &Path, name: &str, save: F) -> (String, String)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<u64>>,
{
    let file = dir.join(name);
    let written = save(file.to_str().expect("utf-8").to_owned())
        .await
        .expect("saved");
    let bytes = std::fs::read(&file).expect("read back");
    assert_eq!(written, bytes.len() as u64, "{name}: size returned");
    assert!(bytes.starts_with(b"%PDF-"), "{name}: a PDF");
    (text_of(&file), title_of(&file))
}

/// A relative path is refused with `InvalidInput`, and nothing is written (neither there nor in
/// the folder of the other files).
async fn refuses_relative<F, Fut>(dir: &Path, name: &str, save: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<u64>>,
{
    let before = std::fs::read_dir(dir).expect("dir").count();
    let e = save(name.to_owned()).await.expect_err("relative path");
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{name}");
    assert!(!Path::new(name).exists(), "{name} was written");
    assert_eq!(std::fs::read_dir(dir).expect("dir").count(), before);
}

fn assert_has(text: &str, words: &[&str]) {
    for w in words {
        assert!(text.contains(w), "{w:?} missing from: {text}");
    }
}

#[tokio::test]
async fn the_agenda_prints_the_patients_items_in_order() {
    let vault_dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(vault_dir.path()).await;
    course::save_course(&svc, tuesday_course())
        .await
        .expect("course");
    plans::create_plan(
        &svc,
        PlanInput {
            what: "Walk with Jo on Sunday".into(),
            area: None,
            person_id: None,
            person_name: Some("Jo".into()),
            due_on: None,
        },
        TODAY.into(),
    )
    .await
    .expect("plan");
    agenda::add_question(&svc, MARKUP.into())
        .await
        .expect("question");
    agenda::add_question(&svc, SPANISH.into())
        .await
        .expect("question");
    let open_agenda = agenda::open_agenda(&svc, TODAY.into())
        .await
        .expect("agenda");
    let n = open_agenda.session_number.expect("a coming session");

    let (text, title) = saved(out.path(), "agenda.pdf", |p| {
        agenda::save_pdf(&svc, TODAY.into(), p)
    })
    .await;
    assert_eq!(title, "For my next session");
    assert_has(
        &text,
        &[
            "For my next session",
            &format!("Session {n},"),
            "Walk with Jo on Sunday",
            "With Jo",
            "My question",
            MARKUP,
            SPANISH,
        ],
    );
    // The patient's order: the plan was gathered before the questions.
    let plan_at = text.find("Walk with Jo").expect("plan");
    let markup_at = text.find(MARKUP).expect("question");
    let spanish_at = text.find(SPANISH).expect("question");
    assert!(plan_at < markup_at && markup_at < spanish_at, "{text}");

    refuses_relative(out.path(), "printables-agenda.pdf", |p| {
        agenda::save_pdf(&svc, TODAY.into(), p)
    })
    .await;
}

fn contact(name: &str, phone: &str) -> SafetyContact {
    SafetyContact {
        name: name.into(),
        phone: phone.into(),
    }
}

#[tokio::test]
async fn the_safety_plan_prints_every_step_and_the_crisis_line() {
    let vault_dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(vault_dir.path()).await;
    safety_plan::save(
        &svc,
        SafetyPlan {
            warning_signs: vec!["lying awake past 3".into(), MARKUP.into()],
            coping: vec!["a hot shower".into()],
            distractions: vec![],
            helpers: vec![contact("Ana", "555 0101")],
            professionals: vec![contact("Dr Ruiz", "555 0199")],
            safer_surroundings: vec!["give the pills to Ana".into()],
            reason_for_living: SPANISH.into(),
            updated_at: None,
        },
    )
    .await
    .expect("plan");

    let (text, title) = saved(out.path(), "plan.pdf", |p| {
        safety_plan::save_pdf(&svc, &Utc, Some("es".into()), p)
    })
    .await;
    assert_eq!(title, "My safety plan");
    assert_has(
        &text,
        &[
            "My safety plan",
            "Last saved on",
            "1. My warning signs",
            "lying awake past 3",
            MARKUP,
            "2. Things I can do on my own",
            "a hot shower",
            "3. People and places that take my mind off things",
            "Nothing here yet.",
            "4. People I can ask for help",
            "Ana: 555 0101",
            "5. Professionals and crisis lines",
            "Dr Ruiz: 555 0199",
            "A crisis line where I am:",
            "Spain: ",
            "024",
            "6. Making my surroundings safer",
            "give the pills to Ana",
            "One reason for living, in my words",
            SPANISH,
        ],
    );
    // Only the chosen country's line.
    assert!(!text.contains("Samaritans"), "{text}");

    // Without a country, every country's line, in name order.
    let (text, _) = saved(out.path(), "plan-all.pdf", |p| {
        safety_plan::save_pdf(&svc, &Utc, None, p)
    })
    .await;
    assert_has(
        &text,
        &["Crisis lines, by country:", "Samaritans", "Lifeline", "988"],
    );
    assert!(text.find("Australia") < text.find("United States"));

    // An unknown country is refused before anything is written.
    let e = safety_plan::save_pdf(
        &svc,
        &Utc,
        Some("ZZ".into()),
        out.path().join("zz.pdf").to_str().expect("utf-8").into(),
    )
    .await
    .expect_err("unknown country");
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(!out.path().join("zz.pdf").exists());

    refuses_relative(out.path(), "printables-safety-plan.pdf", |p| {
        safety_plan::save_pdf(&svc, &Utc, None, p)
    })
    .await;

    // The neutral window title: the page and its metadata say only "Notes".
    discretion::set(&svc, DiscretionSettings { neutral_name: true }).expect("neutral");
    let (text, title) = saved(out.path(), "notes.pdf", |p| {
        safety_plan::save_pdf(&svc, &Utc, None, p)
    })
    .await;
    assert_eq!(title, "Notes");
    assert!(!text.contains("My safety plan"), "{text}");
    assert_has(&text, &["Notes", SPANISH]);
}

#[tokio::test]
async fn the_ending_plan_prints_its_five_lists() {
    let vault_dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(vault_dir.path()).await;
    ending::save_plan(
        &svc,
        EndingPlan {
            changes: vec![SPANISH.into()],
            warning_signs: vec!["cancelling on friends".into()],
            if_they_come_back: vec![MARKUP.into()],
            contacts: vec!["Dr K, 555 0199".into()],
            come_back_if: vec![],
            monthly_check_in: true,
            updated_at: None,
        },
    )
    .await
    .expect("plan");

    let (text, title) = saved(out.path(), "ending.pdf", |p| {
        ending::save_pdf(&svc, &Utc, p)
    })
    .await;
    assert_eq!(title, "My plan for after the course");
    assert_has(
        &text,
        &[
            "My plan for after the course",
            "Last saved on",
            "What changed for me",
            SPANISH,
            "My warning signs",
            "cancelling on friends",
            "What I will do if they come back",
            MARKUP,
            "Who I will contact",
            "Dr K, 555 0199",
            "I will come back for help if…",
            "Nothing here yet.",
            "Monthly check-in: on.",
        ],
    );

    refuses_relative(out.path(), "printables-ending.pdf", |p| {
        ending::save_pdf(&svc, &Utc, p)
    })
    .await;
}

#[tokio::test]
async fn the_inventory_prints_the_people_not_archived_and_the_circle() {
    let vault_dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(vault_dir.path()).await;
    let add = |inv: Inventory| people::save_inventory(&svc, None, inv);
    let ann = add(Inventory {
        display_name: "Ann".into(),
        relationship: Some(Relationship::Sibling),
        contact_often: "every Sunday".into(),
        good: SPANISH.into(),
        hard: MARKUP.into(),
        expectations_fit: Some(ExpectationsFit::Partly),
        ..Inventory::default()
    })
    .await
    .expect("Ann");
    let jo = add(Inventory {
        display_name: "Jo".into(),
        relationship_word: "neighbour".into(),
        ..Inventory::default()
    })
    .await
    .expect("Jo");
    let gone = add(Inventory {
        display_name: "Quentin Oldfriend".into(),
        good: "long walks".into(),
        ..Inventory::default()
    })
    .await
    .expect("Quentin");
    let taken: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-10T09:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    circle::save(
        &svc,
        CircleInput {
            placements: vec![
                Placement {
                    person_id: ann.id,
                    ring: Ring::Closest,
                },
                Placement {
                    person_id: jo.id,
                    ring: Ring::Closest,
                },
                Placement {
                    person_id: gone.id,
                    ring: Ring::FurtherOut,
                },
            ],
        },
        taken,
    )
    .await
    .expect("circle");
    people::set_archived(&svc, gone.id, true)
        .await
        .expect("archived");

    let (text, title) = saved(out.path(), "people.pdf", |p| {
        people::save_pdf(&svc, &Utc, TODAY.into(), p)
    })
    .await;
    assert_eq!(title, "The people in my life");
    assert_has(
        &text,
        &[
            "The people in my life",
            "As of Friday, November 20, 2026",
            "Ann (sibling)",
            "How often we are in touch",
            "every Sunday",
            "What is good about it",
            SPANISH,
            "What is hard about it",
            MARKUP,
            "How well our expectations fit",
            "Partly",
            "Jo (neighbour)",
            "No answers yet.",
            "My circle",
            "As saved on November 10, 2026",
            "Closest: Ann, Jo",
            "Close: No one",
            "Further out: No one",
        ],
    );
    // Someone archived is on neither the list nor the circle.
    assert!(!text.contains("Quentin"), "{text}");
    assert!(!text.contains("long walks"), "{text}");

    let e = people::save_pdf(
        &svc,
        &Utc,
        "not a day".into(),
        out.path().join("bad.pdf").to_str().expect("utf-8").into(),
    )
    .await
    .expect_err("bad day");
    assert_eq!(e.code(), ErrorCode::InvalidDate);
    assert!(!out.path().join("bad.pdf").exists());

    refuses_relative(out.path(), "printables-people.pdf", |p| {
        people::save_pdf(&svc, &Utc, TODAY.into(), p)
    })
    .await;
}

#[tokio::test]
async fn nothing_prints_while_locked() {
    let vault_dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(vault_dir.path()).await;
    svc.lock().await;
    let path = |n: &str| out.path().join(n).to_str().expect("utf-8").to_owned();
    for e in [
        agenda::save_pdf(&svc, TODAY.into(), path("a.pdf")).await,
        safety_plan::save_pdf(&svc, &Utc, None, path("b.pdf")).await,
        ending::save_pdf(&svc, &Utc, path("c.pdf")).await,
        people::save_pdf(&svc, &Utc, TODAY.into(), path("d.pdf")).await,
    ] {
        assert_eq!(e.expect_err("locked").code(), ErrorCode::Locked);
    }
    assert_eq!(std::fs::read_dir(out.path()).expect("dir").count(), 0);
}

/// English day and month names, full and short: none may be on a Spanish page.
const ENGLISH_DATE_WORDS: &str = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday \
    Mon Tue Wed Thu Fri Sat Sun January February March April May June July August September \
    October November December Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec";

fn assert_spanish_page(name: &str, text: &str, spanish: &[&str], english: &[&str]) {
    assert_has(text, spanish);
    for e in english {
        assert!(
            !text.contains(e),
            "{name}: {e:?} on the Spanish page: {text}"
        );
    }
    for w in text.split(|c: char| !c.is_alphabetic()) {
        assert!(
            !ENGLISH_DATE_WORDS.split_whitespace().any(|e| e == w),
            "{name}: the English date word {w:?} on the Spanish page: {text}"
        );
    }
}

#[tokio::test]
async fn every_printable_is_in_spanish_when_the_app_is() {
    use ipt_core::domain::language::Language;
    use ipt_core::domain::texts::{DateStyle, texts};
    use ipt_core::service::language;

    let vault_dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let svc = open(vault_dir.path()).await;
    course::save_course(&svc, tuesday_course())
        .await
        .expect("course");
    plans::create_plan(
        &svc,
        PlanInput {
            what: "Pasear con Jo".into(),
            area: None,
            person_id: None,
            person_name: Some("Jo".into()),
            due_on: None,
        },
        TODAY.into(),
    )
    .await
    .expect("plan");
    agenda::add_question(&svc, SPANISH.into())
        .await
        .expect("question");
    safety_plan::save(
        &svc,
        SafetyPlan {
            warning_signs: vec!["no dormir".into()],
            coping: vec![],
            distractions: vec![],
            helpers: vec![contact("Ana", "555 0101")],
            professionals: vec![],
            safer_surroundings: vec![],
            reason_for_living: SPANISH.into(),
            updated_at: None,
        },
    )
    .await
    .expect("safety plan");
    ending::save_plan(
        &svc,
        EndingPlan {
            changes: vec![SPANISH.into()],
            monthly_check_in: false,
            ..EndingPlan::default()
        },
    )
    .await
    .expect("ending plan");
    let ann = people::save_inventory(
        &svc,
        None,
        Inventory {
            display_name: "Ann".into(),
            relationship: Some(Relationship::Sibling),
            good: SPANISH.into(),
            expectations_fit: Some(ExpectationsFit::NotSure),
            ..Inventory::default()
        },
    )
    .await
    .expect("Ann");
    let taken: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-10T09:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    circle::save(
        &svc,
        CircleInput {
            placements: vec![Placement {
                person_id: ann.id,
                ring: Ring::Close,
            }],
        },
        taken,
    )
    .await
    .expect("circle");
    let coming = agenda::open_agenda(&svc, TODAY.into())
        .await
        .expect("agenda");
    let n = coming.session_number.expect("a coming session");
    let session_day = coming.session_date.expect("a coming session");
    let saved_today = Utc::now().date_naive();

    language::set(&svc, Language::Es).expect("Spanish");
    let es = texts(Language::Es);

    let (text, title) = saved(out.path(), "agenda-es.pdf", |p| {
        agenda::save_pdf(&svc, TODAY.into(), p)
    })
    .await;
    assert_eq!(title, "Para mi próxima sesión");
    let session = es.day(&session_day, DateStyle::WeekdayLong);
    assert!(session.starts_with("martes, "), "{session}");
    assert_spanish_page(
        "agenda",
        &text,
        &[
            "Para mi próxima sesión",
            &format!("Sesión {n}, {session}"),
            "Plan · ",
            "Con Jo",
            "Mi pregunta",
            SPANISH,
        ],
        &["For my next session", "Session", "With Jo", "My question"],
    );

    let (text, title) = saved(out.path(), "plan-es.pdf", |p| {
        safety_plan::save_pdf(&svc, &Utc, Some("MX".into()), p)
    })
    .await;
    assert_eq!(title, "Mi plan de seguridad");
    assert_spanish_page(
        "safety plan",
        &text,
        &[
            "Mi plan de seguridad",
            &format!("Guardado el {}", es.date(saved_today, DateStyle::Long)),
            "1. Mis señales de alerta",
            "Todavía no hay nada aquí.",
            "4. Personas a las que puedo pedir ayuda",
            "5. Profesionales y líneas de crisis",
            "Una línea de crisis donde estoy:",
            "México: ",
            "Emergencias: ",
            "6. Hacer más seguro mi entorno",
            "Una razón para vivir, con mis palabras",
        ],
        &[
            "My safety plan",
            "Last saved on",
            "My warning signs",
            "Nothing here yet",
            "Professionals and crisis lines",
            "Mexico",
            "Emergency:",
            "any time",
        ],
    );

    let (text, title) = saved(out.path(), "ending-es.pdf", |p| {
        ending::save_pdf(&svc, &Utc, p)
    })
    .await;
    assert_eq!(title, "Mi plan para después de la terapia");
    assert_spanish_page(
        "ending plan",
        &text,
        &[
            "Mi plan para después de la terapia",
            &format!("Guardado el {}", es.date(saved_today, DateStyle::Long)),
            "Lo que cambió para mí",
            "Mis señales de alerta",
            "Qué haré si vuelven",
            "Volveré a pedir ayuda si…",
            "Autoevaluación mensual: desactivada.",
        ],
        &[
            "My plan for after the course",
            "What changed for me",
            "Nothing here yet",
            "Monthly check-in",
        ],
    );

    let (text, title) = saved(out.path(), "people-es.pdf", |p| {
        people::save_pdf(&svc, &Utc, TODAY.into(), p)
    })
    .await;
    assert_eq!(title, "Las personas de mi vida");
    assert_spanish_page(
        "inventory",
        &text,
        &[
            "Las personas de mi vida",
            "A fecha de viernes, 20 de noviembre de 2026",
            "Ann (hermana o hermano)",
            "Qué tiene de bueno la relación",
            "Cuánto encajan nuestras expectativas",
            "No lo sé",
            "Mi círculo",
            "Tal como lo guardé el 10 de noviembre de 2026",
            "Muy cerca: Nadie",
            "Cerca: Ann",
        ],
        &[
            "The people in my life",
            "As of",
            "sibling",
            "My circle",
            "Closest",
            "No one",
        ],
    );

    // The neutral title in Spanish.
    discretion::set(&svc, DiscretionSettings { neutral_name: true }).expect("neutral");
    let (_, title) = saved(out.path(), "notas.pdf", |p| ending::save_pdf(&svc, &Utc, p)).await;
    assert_eq!(title, "Notas");

    // Back in English, the pages are as before.
    discretion::set(
        &svc,
        DiscretionSettings {
            neutral_name: false,
        },
    )
    .expect("named");
    language::set(&svc, Language::En).expect("English");
    let (text, title) = saved(out.path(), "people-en.pdf", |p| {
        people::save_pdf(&svc, &Utc, TODAY.into(), p)
    })
    .await;
    assert_eq!(title, "The people in my life");
    assert_has(
        &text,
        &[
            "As of Friday, November 20, 2026",
            "Ann (sibling)",
            "Close: Ann",
        ],
    );
    let (text, _) = saved(out.path(), "agenda-en.pdf", |p| {
        agenda::save_pdf(&svc, TODAY.into(), p)
    })
    .await;
    assert_has(
        &text,
        &[
            "For my next session",
            &format!("Session {n}, Tuesday, "),
            "With Jo",
        ],
    );
}
