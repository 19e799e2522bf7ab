//! "For my therapist": the weekly summary. [`draft`] gathers everything of a period that could go
//! on the page — each feature's items through its own repository — for the patient to see;
//! [`save_pdf`] puts only what they chose on the page and writes it where they chose. This module
//! owns the use case; it reads journal, check-ins, plans, practice, course and agenda, and no one
//! reads it.
//!
//! The page's words are written here (English; the Spanish issue adds the second language).

use chrono::{DateTime, NaiveDate, TimeZone};

use crate::domain::agenda::{AgendaItem, AgendaKind};
use crate::domain::checkins::{Band, Questionnaire};
use crate::domain::course::parse_today;
use crate::domain::plans::PlanStatus;
use crate::domain::summary::{
    SummaryCheckIn, SummaryChoice, SummaryDraft, SummaryMoodDay, SummaryPeriod, SummaryPlan,
    SummaryPractice, SummaryScore, chosen, default_period,
};
use crate::error::{Error, Result};
use crate::pdf::{self, Block, Chart, PrintDoc, Series};
use crate::service::vault::VaultService;
use crate::service::{agenda, journal};
use crate::storage;

/// "Since the last session" as of the patient's local date `today`.
pub async fn default_period_for(vault: &VaultService, today: String) -> Result<SummaryPeriod> {
    let today = parse_today(&today)?;
    let pool = vault.pool().await?;
    let course = storage::course::get(&pool).await?;
    let records = storage::course::sessions(&pool).await?;
    Ok(default_period(course.as_ref(), &records, today))
}

fn local_day<Tz: TimeZone>(tz: &Tz, utc: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(tz).date_naive())
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Everything of `period` that could go on the page, for the patient to see and choose. `tz`
/// turns stored UTC times into the patient's days; `today` (local) finds the coming session.
pub async fn draft<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    today: String,
    period: SummaryPeriod,
) -> Result<SummaryDraft> {
    let (from, to) = period.days()?;
    let pool = vault.pool().await?;
    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| (from..=to).contains(&d));

    let all = storage::checkins::list(&pool).await?;
    let course_start = storage::course::get(&pool)
        .await?
        .and_then(|c| NaiveDate::parse_from_str(&c.start_date, "%Y-%m-%d").ok());
    let mut check_ins = Vec::new();
    let mut trend = Vec::new();
    for c in &all {
        let Some(day) = local_day(tz, &c.taken_at) else {
            continue;
        };
        if in_period(Some(day)) {
            check_ins.push(SummaryCheckIn {
                id: c.id,
                kind: c.kind,
                day: ymd(day),
                score: c.score,
                band: c.band,
                item9_above_zero: c.item9.is_some_and(|a| a > 0),
            });
        }
        // The chart's context: the course so far (or every check-in before it) up to the end.
        if day <= to
            && course_start.is_none_or(|s| day >= s || from < s)
            && let Some(score) = c.score
        {
            trend.push(SummaryScore {
                kind: c.kind,
                day: ymd(day),
                score,
            });
        }
    }
    check_ins.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    trend.sort_by(|a, b| a.day.cmp(&b.day));

    let mood = journal::mood_by_day(vault, ymd(from), ymd(to))
        .await?
        .into_iter()
        .map(|m| SummaryMoodDay {
            day: m.day,
            average: m.average,
            entries: m.entries,
        })
        .collect();

    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("gathering the summary", e))?;
    let events = storage::journal::events_between(&mut conn, &ymd(from), &ymd(to)).await?;
    let practice = storage::practice::finished_runs(&mut conn)
        .await?
        .into_iter()
        .filter_map(|r| {
            let day = local_day(tz, &r.finished_at)?;
            in_period(Some(day)).then(|| SummaryPractice {
                run_id: r.id,
                title: r.title,
                day: ymd(day),
                confidence_before: r.confidence_before,
                confidence_after: r.confidence_after,
            })
        })
        .collect();
    drop(conn);

    // Plans due in the period, or whose outcome was noted in it; by due date.
    let mut plans: Vec<SummaryPlan> = storage::plans::list(&pool)
        .await?
        .into_iter()
        .filter(|p| {
            in_period(NaiveDate::parse_from_str(&p.due_on, "%Y-%m-%d").ok())
                || (p.status != PlanStatus::Planned && in_period(local_day(tz, &p.updated_at)))
        })
        .map(|p| SummaryPlan {
            id: p.id,
            what: p.what,
            due_on: p.due_on,
            status: p.status,
            reflection: p.reflection,
            mood_before: p.mood_before,
            mood_after: p.mood_after,
        })
        .collect();
    plans.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.id.cmp(&b.id)));

    let coming = agenda::open_agenda(vault, today).await?;
    Ok(SummaryDraft {
        period,
        check_ins,
        trend,
        mood,
        events,
        plans,
        practice,
        next_session: coming.session_number,
        next_session_date: coming.session_date,
        agenda: coming.items,
    })
}

/// Puts what the patient chose from `period` on the page and writes the PDF to `path` (from the
/// save dialog). Returns the bytes written. A choice naming anything not in the period, or an
/// empty choice, writes nothing.
pub async fn save_pdf<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    today: String,
    period: SummaryPeriod,
    choice: SummaryChoice,
    path: String,
) -> Result<u64> {
    let full = draft(vault, tz, today, period).await?;
    let page = chosen(&full, &choice)?;
    let doc = compose(&page, choice.neutral_title);
    if doc.blocks.is_empty() {
        return Err(Error::invalid(
            "choose at least one thing to put on the page",
        ));
    }
    pdf::save(&doc, &path)
}

// ---- The page ---------------------------------------------------------------------------------

fn long_day(s: &str) -> String {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%a, %b %-d, %Y").to_string())
        .unwrap_or_else(|_| s.to_owned())
}

fn kind_name(k: Questionnaire) -> &'static str {
    match k {
        Questionnaire::Phq9 => "PHQ-9 (mood)",
        Questionnaire::Gad7 => "GAD-7 (anxiety)",
    }
}

fn band_words(b: Band) -> &'static str {
    match b {
        Band::Minimal => "minimal range",
        Band::Mild => "mild range",
        Band::Moderate => "moderate range",
        Band::ModeratelySevere => "moderately severe range",
        Band::Severe => "severe range",
    }
}

fn status_words(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Planned => "Not noted yet",
        PlanStatus::Tried => "I tried it",
        PlanStatus::Done => "I did it",
        PlanStatus::NotThisWeek => "Not this week",
    }
}

fn scale(n: Option<i64>) -> String {
    n.map_or_else(|| "–".to_owned(), |n| format!("{n}/10"))
}

/// The page for the chosen items, in a fixed order: check-ins (and any item-9 answer), the
/// chart, mood, moments with people, plans, practice, the coming session's agenda. Empty
/// sections are left out; with nothing chosen there are no blocks.
pub fn compose(s: &SummaryDraft, neutral_title: bool) -> PrintDoc {
    let mut blocks = Vec::new();

    if !s.check_ins.is_empty() {
        blocks.push(Block::Heading("Check-ins".into()));
        blocks.push(Block::Table {
            header: vec![
                "Day".into(),
                "Questionnaire".into(),
                "Score".into(),
                "What scores like this usually mean".into(),
            ],
            rows: s
                .check_ins
                .iter()
                .map(|c| {
                    let max = match c.kind {
                        Questionnaire::Phq9 => 27,
                        Questionnaire::Gad7 => 21,
                    };
                    vec![
                        long_day(&c.day),
                        kind_name(c.kind).into(),
                        c.score
                            .map_or_else(|| "too few answers".into(), |n| format!("{n} of {max}")),
                        c.band.map_or_else(String::new, |b| band_words(b).into()),
                    ]
                })
                .collect(),
        });
        for c in s.check_ins.iter().filter(|c| c.item9_above_zero) {
            blocks.push(Block::Paragraph(format!(
                "On {}, my answer to PHQ-9 question 9 (thoughts that I would be better off dead, \
                 or of hurting myself) was above “Not at all”. I would like us to talk about it.",
                long_day(&c.day)
            )));
        }
        blocks.push(Block::Muted(
            "A score is not a diagnosis; it is something to talk over together.".into(),
        ));
    }

    if !s.trend.is_empty() {
        blocks.push(Block::Heading("Scores over time".into()));
        blocks.push(Block::Chart(chart(s)));
    }

    if !s.mood.is_empty() {
        blocks.push(Block::Heading("My mood each day (0–10)".into()));
        blocks.push(Block::Table {
            header: vec!["Day".into(), "Average mood".into(), "Entries".into()],
            rows: s
                .mood
                .iter()
                .map(|m| {
                    vec![
                        long_day(&m.day),
                        format!("{:.1}", m.average),
                        m.entries.to_string(),
                    ]
                })
                .collect(),
        });
    }

    if !s.events.is_empty() {
        blocks.push(Block::Heading("What happened with people".into()));
        for (i, e) in s.events.iter().enumerate() {
            if i > 0 {
                blocks.push(Block::Rule);
            }
            let mut fields = vec![("Day".to_owned(), long_day(&e.day))];
            let mut add = |label: &str, v: &str| {
                if !v.trim().is_empty() {
                    fields.push((label.to_owned(), v.to_owned()));
                }
            };
            add("With", e.person.as_deref().unwrap_or(""));
            add("What happened", &e.what_happened);
            add("What I felt", &e.what_i_felt);
            add("What I said or did", &e.what_i_did);
            add("How it ended", &e.how_it_ended);
            blocks.push(Block::Fields(fields));
        }
    }

    if !s.plans.is_empty() {
        blocks.push(Block::Heading("Plans and how they went".into()));
        blocks.push(Block::Table {
            header: vec![
                "Plan".into(),
                "By".into(),
                "How it went".into(),
                "Mood before → after".into(),
            ],
            rows: s
                .plans
                .iter()
                .map(|p| {
                    let how = if p.reflection.trim().is_empty() {
                        status_words(p.status).to_owned()
                    } else {
                        format!("{}: {}", status_words(p.status), p.reflection)
                    };
                    let mood = if p.mood_before.is_none() && p.mood_after.is_none() {
                        String::new()
                    } else {
                        format!("{} → {}", scale(p.mood_before), scale(p.mood_after))
                    };
                    vec![p.what.clone(), long_day(&p.due_on), how, mood]
                })
                .collect(),
        });
    }

    if !s.practice.is_empty() {
        blocks.push(Block::Heading("Role-play practice".into()));
        blocks.push(Block::Table {
            header: vec![
                "Conversation practised".into(),
                "Day".into(),
                "Confidence before → after".into(),
            ],
            rows: s
                .practice
                .iter()
                .map(|r| {
                    vec![
                        r.title.clone(),
                        long_day(&r.day),
                        format!(
                            "{} → {}",
                            scale(r.confidence_before),
                            scale(r.confidence_after)
                        ),
                    ]
                })
                .collect(),
        });
    }

    if !s.agenda.is_empty() {
        blocks.push(Block::Heading(
            match (&s.next_session, &s.next_session_date) {
                (Some(n), Some(d)) => {
                    format!("What I'd like to bring to session {n} ({})", long_day(d))
                }
                _ => "What I'd like to bring to the next session".into(),
            },
        ));
        blocks.push(Block::Bullets(s.agenda.iter().map(agenda_line).collect()));
    }

    let title = if neutral_title {
        "Notes"
    } else {
        "For my therapist"
    };
    PrintDoc {
        title: title.into(),
        metadata_title: title.into(),
        subtitle: format!("{} – {}", long_day(&s.period.from), long_day(&s.period.to)),
        blocks,
    }
}

fn agenda_line(a: &AgendaItem) -> String {
    let mut line = a.text.clone();
    if let Some(p) = &a.person {
        line = format!("{line} (with {p})");
    }
    if a.kind == AgendaKind::Plan
        && let Some(s) = a.plan_status
    {
        line = format!("{line} — {}", status_words(s));
    }
    if !a.detail.trim().is_empty() {
        line = format!("{line}: {}", a.detail);
    }
    line
}

/// The trend: each questionnaire on its own scale, and the mood line when chosen, over the days
/// from the first point (or the period's start) to the period's end.
fn chart(s: &SummaryDraft) -> Chart {
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let first = s
        .trend
        .iter()
        .filter_map(|p| day(&p.day))
        .chain(day(&s.period.from))
        .min();
    let last = day(&s.period.to);
    let (Some(first), Some(last)) = (first, last) else {
        return Chart {
            caption: String::new(),
            x_labels: vec![],
            series: vec![],
        };
    };
    let span = ((last - first).num_days().max(1)) as f64;
    let x = |d: &str| day(d).map(|d| (d - first).num_days() as f64 / span);
    let mut series = Vec::new();
    for (kind, max, name) in [
        (Questionnaire::Phq9, 27.0, "PHQ-9 (0–27)"),
        (Questionnaire::Gad7, 21.0, "GAD-7 (0–21)"),
    ] {
        let points: Vec<(f64, f64)> = s
            .trend
            .iter()
            .filter(|p| p.kind == kind)
            .filter_map(|p| Some((x(&p.day)?, f64::from(p.score))))
            .collect();
        if !points.is_empty() {
            series.push(Series {
                name: name.into(),
                max,
                points,
                dashed: false,
                markers: true,
            });
        }
    }
    if !s.mood.is_empty() {
        series.push(Series {
            name: "My mood (0–10)".into(),
            max: 10.0,
            points: s
                .mood
                .iter()
                .filter_map(|m| Some((x(&m.day)?, m.average)))
                .collect(),
            dashed: true,
            markers: false,
        });
    }
    Chart {
        caption: format!(
            "Scores from {} to {}; each line on its own scale, higher means more difficulty for the \
             questionnaires and a better day for mood.",
            long_day(&ymd(first)),
            long_day(&ymd(last))
        ),
        x_labels: vec![
            (0.0, first.format("%b %-d").to_string()),
            (1.0, last.format("%b %-d").to_string()),
        ],
        series,
    }
}
