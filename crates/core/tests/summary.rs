//! "For my therapist": the weekly summary of a known week — which items are offered, in which
//! order, and that only the chosen ones reach the PDF (read back with `pdftotext`: the chosen
//! words are there, the unchosen ones are not; `pdfinfo` shows the neutral title); bad choices
//! write nothing.

mod common;

use std::process::Command;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::course::CourseInput;
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::plans::{PlanInput, PlanOutcome, PlanStatus};
use ipt_core::domain::summary::{SummaryChoice, SummaryPeriod};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{agenda, checkins, course, journal, plans, summary};

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn entry(svc: &VaultService, day: NaiveDate, mood: i64, who: &str, what: &str) {
    journal::create_entry(
        svc,
        JournalEntryInput {
            occurred_at: format!("{}T12:00:00+00:00", ymd(day)),
            mood,
            emotions: vec![],
            custom_emotions: vec![],
            text: "day".into(),
            tags: vec![],
            events: vec![InterpersonalEventInput {
                person_id: None,
                person_name: Some(who.into()),
                what_happened: what.into(),
                what_i_felt: "uneasy".into(),
                what_i_did: "asked".into(),
                how_it_ended: String::new(),
                important: false,
            }],
            pinned: false,
            draft_key: None,
        },
    )
    .await
    .expect("entry");
}

/// A week ending today (UTC days): a course whose session was 5 days ago, two moments (one
/// long ago, outside), a PHQ-9 with item 9 above zero, a plan with its outcome, an agenda question.
async fn week(dir: &std::path::Path) -> (VaultService, NaiveDate) {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    let today = Utc::now().date_naive();
    let session = today - Duration::days(5);
    course::save_course(
        &svc,
        CourseInput {
            start_date: ymd(session - Duration::weeks(2)),
            weekday: i64::from(session.weekday().num_days_from_monday()),
            ..tuesday_course()
        },
    )
    .await
    .expect("course");
    entry(
        &svc,
        today - Duration::days(3),
        4,
        "Sam",
        "Argued about the dishes",
    )
    .await;
    entry(&svc, today - Duration::days(1), 7, "Jo", "Zebracorn picnic").await;
    entry(&svc, today - Duration::days(30), 2, "Sam", "Oldtimes walk").await;
    checkins::save(
        &svc,
        serde_json::from_value(serde_json::json!({
            "kind": "phq9", "answers": [2, 2, 1, 1, 2, 1, 1, 1, 1], "difficulty": null
        }))
        .expect("input"),
    )
    .await
    .expect("check-in");
    let plan = plans::create_plan(
        &svc,
        PlanInput {
            what: "Ask Sam for a walk".into(),
            area: None,
            person_id: None,
            person_name: None,
            due_on: Some(ymd(today - Duration::days(2))),
        },
        ymd(session),
    )
    .await
    .expect("plan");
    plans::record_outcome(
        &svc,
        plan.id,
        PlanOutcome {
            status: PlanStatus::Done,
            reflection: "We went to the harbour".into(),
            mood_before: Some(3),
            mood_after: Some(6),
        },
        ymd(today),
    )
    .await
    .expect("outcome");
    agenda::add_question(&svc, "How do I say no kindly?".into())
        .await
        .expect("question");
    (svc, today)
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed for this test (Debian package poppler-utils, installed by scripts/deps.sh): {e}")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_known_week_offers_every_item_and_the_pdf_holds_only_the_chosen_ones() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, today) = week(dir.path()).await;
    let period = summary::default_period_for(&svc, ymd(today))
        .await
        .expect("period");
    assert_eq!(
        period.from,
        ymd(today - Duration::days(5)),
        "since the last session"
    );
    assert_eq!(period.to, ymd(today));

    let draft = summary::draft(&svc, &Utc, ymd(today), period.clone())
        .await
        .expect("draft");
    assert_eq!(draft.check_ins.len(), 1);
    assert!(draft.check_ins[0].item9_above_zero);
    assert_eq!(draft.check_ins[0].score, Some(12));
    assert_eq!(draft.trend.len(), 1);
    let moments: Vec<&str> = draft
        .events
        .iter()
        .map(|e| e.what_happened.as_str())
        .collect();
    assert_eq!(
        moments,
        ["Argued about the dishes", "Zebracorn picnic"],
        "oldest first, the one a month ago left out"
    );
    assert_eq!(draft.mood.len(), 2);
    assert_eq!(draft.plans.len(), 1);
    assert_eq!(draft.plans[0].status, PlanStatus::Done);
    assert_eq!(
        draft
            .agenda
            .iter()
            .filter(|a| a.text == "How do I say no kindly?")
            .count(),
        1
    );
    assert!(draft.next_session.is_some());

    // Choose: the scores and chart, the first moment only, the plan, the question; not the mood.
    let question = draft
        .agenda
        .iter()
        .find(|a| a.text == "How do I say no kindly?")
        .expect("question")
        .key
        .clone();
    let choice = SummaryChoice {
        check_ins: true,
        chart: true,
        mood: false,
        events: vec![draft.events[0].key.clone()],
        plans: vec![draft.plans[0].id],
        practice: vec![],
        agenda: vec![question],
        neutral_title: true,
    };
    let doc = summary::compose(
        &ipt_core::domain::summary::chosen(&draft, &choice).expect("chosen"),
        true,
        ipt_core::domain::language::Language::En,
    );
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            ipt_core::pdf::Block::Heading(h) => Some(h.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(headings.len(), 5, "{headings:?}");
    assert_eq!(headings[0], "Check-ins");
    assert_eq!(headings[1], "Scores over time");
    assert_eq!(headings[2], "What happened with people");
    assert_eq!(headings[3], "Plans and how they went");
    assert!(headings[4].starts_with("What I'd like to bring to session"));

    let pdf = dir.path().join("for-my-therapist.pdf");
    let written = summary::save_pdf(
        &svc,
        &Utc,
        ymd(today),
        period,
        choice,
        pdf.to_string_lossy().into_owned(),
    )
    .await
    .expect("pdf");
    let bytes = std::fs::read(&pdf).expect("read pdf");
    assert_eq!(bytes.len() as u64, written);
    assert!(bytes.starts_with(b"%PDF"));
    let path = pdf.to_string_lossy().into_owned();
    let text = run("pdftotext", &[&path, "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Notes",
        "Argued about the dishes",
        "Ask Sam for a walk",
        "We went to the harbour",
        "How do I say no kindly?",
        "12 of 27",
        "question 9",
        "PHQ-9",
    ] {
        assert!(flat.contains(want), "{want:?} is on the page:\n{text}");
    }
    for unwanted in [
        "Zebracorn",
        "Oldtimes",
        "My mood each day",
        "For my therapist",
    ] {
        assert!(
            !flat.contains(unwanted),
            "{unwanted:?} was not chosen:\n{text}"
        );
    }
    let info = run("pdfinfo", &[&path]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Title:") && l.trim_end().ends_with("Notes")),
        "{info}"
    );
    assert!(!info.lines().any(|l| l.starts_with("Author:")), "{info}");
    let png = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            &path,
            &png.to_string_lossy(),
        ],
    );
}

#[tokio::test]
async fn a_bad_period_or_choice_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, today) = week(dir.path()).await;
    let period = SummaryPeriod {
        from: ymd(today - Duration::days(6)),
        to: ymd(today),
    };
    let pdf = dir.path().join("out.pdf");
    let target = pdf.to_string_lossy().into_owned();
    let draft = summary::draft(&svc, &Utc, ymd(today), period.clone())
        .await
        .expect("draft");
    let cases: Vec<(SummaryPeriod, SummaryChoice, String, ErrorCode)> = vec![
        (
            SummaryPeriod {
                from: period.to.clone(),
                to: period.from.clone(),
            },
            SummaryChoice {
                check_ins: true,
                ..SummaryChoice::default()
            },
            target.clone(),
            ErrorCode::InvalidDate,
        ),
        (
            period.clone(),
            SummaryChoice {
                events: vec!["event:9999:0".into()],
                ..SummaryChoice::default()
            },
            target.clone(),
            ErrorCode::InvalidInput,
        ),
        (
            period.clone(),
            SummaryChoice::default(),
            target.clone(),
            ErrorCode::InvalidInput,
        ),
        (
            period.clone(),
            SummaryChoice {
                events: vec![draft.events[0].key.clone()],
                ..SummaryChoice::default()
            },
            "relative/out.pdf".into(),
            ErrorCode::InvalidInput,
        ),
    ];
    for (p, c, path, code) in cases {
        assert_eq!(
            summary::save_pdf(&svc, &Utc, ymd(today), p, c, path)
                .await
                .err()
                .map(|e| e.code()),
            Some(code)
        );
        assert!(!pdf.exists(), "nothing written");
    }
}

#[tokio::test]
async fn with_spanish_chosen_the_page_is_in_spanish() {
    use ipt_core::domain::language::Language;
    use ipt_core::domain::texts::{DateStyle, texts};
    use ipt_core::service::language;

    let dir = tempfile::tempdir().expect("tmp");
    let (svc, today) = week(dir.path()).await;
    language::set(&svc, Language::Es).expect("Spanish");
    let period = summary::default_period_for(&svc, ymd(today))
        .await
        .expect("period");
    let draft = summary::draft(&svc, &Utc, ymd(today), period.clone())
        .await
        .expect("draft");
    let choice = SummaryChoice {
        check_ins: true,
        chart: true,
        mood: true,
        events: draft.events.iter().map(|e| e.key.clone()).collect(),
        plans: draft.plans.iter().map(|p| p.id).collect(),
        practice: vec![],
        agenda: draft.agenda.iter().map(|a| a.key.clone()).collect(),
        neutral_title: false,
    };
    let pdf = dir.path().join("para-mi-terapeuta.pdf");
    let path = pdf.to_string_lossy().into_owned();
    summary::save_pdf(&svc, &Utc, ymd(today), period.clone(), choice, path.clone())
        .await
        .expect("pdf");
    let flat = run("pdftotext", &["-enc", "UTF-8", &path, "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let es = texts(Language::Es);
    let from = es.day(&period.from, DateStyle::Short);
    let to = es.day(&period.to, DateStyle::Short);
    for want in [
        "Para mi terapeuta",
        &format!("{from} – {to}"),
        "Autoevaluaciones",
        "Cuestionario",
        "PHQ-9 (ánimo)",
        "12 de 27",
        "rango moderado",
        &format!(
            "El {}, mi respuesta a la pregunta 9 del PHQ-9",
            es.date(today, DateStyle::Long)
        ),
        "“Ningún día”",
        "Puntuaciones a lo largo del tiempo",
        "Mi ánimo cada día (0–10)",
        "Ánimo promedio",
        "Momentos con otras personas",
        "Qué pasó",
        "Qué sentí",
        "Planes y cómo fueron",
        "Lo hice: We went to the harbour",
        "Lo que quiero llevar a la sesión",
        "Argued about the dishes",
    ] {
        assert!(flat.contains(want), "{want:?} is on the page:\n{flat}");
    }
    for english in [
        "For my therapist",
        "Check-ins",
        "Questionnaire",
        "of 27",
        "moderate range",
        "Scores over time",
        "My mood",
        "Average mood",
        "What happened with people",
        "What I felt",
        "Plans and how they went",
        "I did it",
        "What I'd like to bring",
        "Scores from",
    ] {
        assert!(
            !flat.contains(english),
            "{english:?} on the Spanish page:\n{flat}"
        );
    }
    let english_dates = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed \
        Thu Fri Sat Sun January February March April May June July August September October \
        November December Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec";
    for w in flat.split(|c: char| !c.is_alphabetic()) {
        assert!(
            !english_dates.split_whitespace().any(|e| e == w),
            "{w:?} on the Spanish page:\n{flat}"
        );
    }

    // The same week in English is as before.
    language::set(&svc, Language::En).expect("English");
    let doc = summary::compose(
        &ipt_core::domain::summary::chosen(
            &draft,
            &SummaryChoice {
                check_ins: true,
                ..SummaryChoice::default()
            },
        )
        .expect("chosen"),
        false,
        Language::En,
    );
    assert_eq!(doc.title, "For my therapist");
}
