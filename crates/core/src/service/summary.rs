//! "For my therapist": the weekly summary. [`draft`] gathers everything of a period that could go
//! on the page — each feature's items through its own repository — for the patient to see;
//! [`save_pdf`] puts only what they chose on the page and writes it where they chose. This module
//! owns the use case; it reads journal, check-ins, plans, practice, course and agenda, and no one
//! reads it.
//!
//! The page's words are in [`crate::domain::texts`], in the app's language.

use chrono::{DateTime, NaiveDate, TimeZone};

use crate::domain::agenda::{AgendaItem, AgendaKind};
use crate::domain::checkins::{Band, Questionnaire};
use crate::domain::course::parse_today;
use crate::domain::language::Language;
use crate::domain::plans::PlanStatus;
use crate::domain::summary::{
    SummaryCheckIn, SummaryChoice, SummaryDraft, SummaryMoodDay, SummaryPeriod, SummaryPlan,
    SummaryPractice, SummaryScore, chosen, default_period,
};
use crate::domain::texts::{DateStyle, Texts, fill, texts};
use crate::error::{Error, Result};
use crate::pdf::{self, Block, Chart, PrintDoc, Series};
use crate::service::vault::VaultService;
use crate::service::{agenda, journal, language};
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
    let lang = language::current(vault);
    let doc = compose(&page, choice.neutral_title, lang);
    if doc.blocks.is_empty() {
        return Err(Error::invalid(
            "choose at least one thing to put on the page",
        ));
    }
    pdf::save(&doc, &path)
}

// ---- The page ---------------------------------------------------------------------------------

fn kind_name(t: &Texts, k: Questionnaire) -> &'static str {
    match k {
        Questionnaire::Phq9 => t.summary.phq9,
        Questionnaire::Gad7 => t.summary.gad7,
    }
}

fn band_words(t: &Texts, b: Band) -> &'static str {
    let w = &t.summary;
    match b {
        Band::Minimal => w.band_minimal,
        Band::Mild => w.band_mild,
        Band::Moderate => w.band_moderate,
        Band::ModeratelySevere => w.band_moderately_severe,
        Band::Severe => w.band_severe,
    }
}

/// A plan's outcome, as the pages write it.
pub(crate) fn status_words(t: &Texts, s: PlanStatus) -> &'static str {
    let w = &t.common;
    match s {
        PlanStatus::Planned => w.plan_planned,
        PlanStatus::Tried => w.plan_tried,
        PlanStatus::Done => w.plan_done,
        PlanStatus::NotThisWeek => w.plan_not_this_week,
    }
}

fn scale(n: Option<i64>) -> String {
    n.map_or_else(|| "–".to_owned(), |n| format!("{n}/10"))
}

/// The page for the chosen items, in a fixed order: check-ins (and any item-9 answer), the
/// chart, mood, moments with people, plans, practice, the coming session's agenda. Empty
/// sections are left out; with nothing chosen there are no blocks. The words are `lang`'s.
pub fn compose(s: &SummaryDraft, neutral_title: bool, lang: Language) -> PrintDoc {
    let t = texts(lang);
    let w = &t.summary;
    let long_day = |d: &str| t.day(d, DateStyle::Short);
    let mut blocks = Vec::new();

    if !s.check_ins.is_empty() {
        blocks.push(Block::Heading(w.check_ins.into()));
        blocks.push(Block::Table {
            header: vec![
                w.col_day.into(),
                w.col_questionnaire.into(),
                w.col_score.into(),
                w.col_meaning.into(),
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
                        kind_name(t, c.kind).into(),
                        c.score.map_or_else(
                            || w.too_few_answers.into(),
                            |n| {
                                fill(
                                    w.score_of,
                                    &[("score", &n.to_string()), ("max", &max.to_string())],
                                )
                            },
                        ),
                        c.band.map_or_else(String::new, |b| band_words(t, b).into()),
                    ]
                })
                .collect(),
        });
        for c in s.check_ins.iter().filter(|c| c.item9_above_zero) {
            blocks.push(Block::Paragraph(fill(
                w.item9,
                &[("day", &t.day(&c.day, DateStyle::Long))],
            )));
        }
        blocks.push(Block::Muted(w.not_a_diagnosis.into()));
    }

    if !s.trend.is_empty() {
        blocks.push(Block::Heading(w.scores_over_time.into()));
        blocks.push(Block::Chart(chart(s, t)));
    }

    if !s.mood.is_empty() {
        blocks.push(Block::Heading(w.mood_each_day.into()));
        blocks.push(Block::Table {
            header: vec![
                w.col_day.into(),
                w.col_average_mood.into(),
                w.col_entries.into(),
            ],
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
        let c = &t.common;
        blocks.push(Block::Heading(w.events.into()));
        for (i, e) in s.events.iter().enumerate() {
            if i > 0 {
                blocks.push(Block::Rule);
            }
            let mut fields = vec![(w.col_day.to_owned(), long_day(&e.day))];
            let mut add = |label: &str, v: &str| {
                if !v.trim().is_empty() {
                    fields.push((label.to_owned(), v.to_owned()));
                }
            };
            add(c.event_with, e.person.as_deref().unwrap_or(""));
            add(c.event_what_happened, &e.what_happened);
            add(c.event_what_i_felt, &e.what_i_felt);
            add(c.event_what_i_did, &e.what_i_did);
            add(c.event_how_it_ended, &e.how_it_ended);
            blocks.push(Block::Fields(fields));
        }
    }

    if !s.plans.is_empty() {
        blocks.push(Block::Heading(w.plans.into()));
        blocks.push(Block::Table {
            header: vec![
                w.col_plan.into(),
                w.col_by.into(),
                w.col_how_it_went.into(),
                w.col_mood_before_after.into(),
            ],
            rows: s
                .plans
                .iter()
                .map(|p| {
                    let how = if p.reflection.trim().is_empty() {
                        status_words(t, p.status).to_owned()
                    } else {
                        format!("{}: {}", status_words(t, p.status), p.reflection)
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
        blocks.push(Block::Heading(w.practice.into()));
        blocks.push(Block::Table {
            header: vec![
                w.col_conversation.into(),
                w.col_day.into(),
                w.col_confidence.into(),
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
                (Some(n), Some(d)) => fill(
                    w.bring_to_session,
                    &[("n", &n.to_string()), ("day", &long_day(d))],
                ),
                _ => w.bring_to_next_session.into(),
            },
        ));
        blocks.push(Block::Bullets(
            s.agenda.iter().map(|a| agenda_line(t, a)).collect(),
        ));
    }

    let title = if neutral_title {
        t.common.neutral_title
    } else {
        w.title
    };
    PrintDoc {
        title: title.into(),
        metadata_title: title.into(),
        subtitle: format!("{} – {}", long_day(&s.period.from), long_day(&s.period.to)),
        blocks,
    }
}

fn agenda_line(t: &Texts, a: &AgendaItem) -> String {
    let mut line = a.text.clone();
    if let Some(p) = &a.person {
        line = fill(t.summary.agenda_with, &[("line", &line), ("person", p)]);
    }
    if a.kind == AgendaKind::Plan
        && let Some(s) = a.plan_status
    {
        line = format!("{line} — {}", status_words(t, s));
    }
    if !a.detail.trim().is_empty() {
        line = format!("{line}: {}", a.detail);
    }
    line
}

/// The trend: each questionnaire on its own scale, and the mood line when chosen, over the days
/// from the first point (or the period's start) to the period's end.
fn chart(s: &SummaryDraft, t: &Texts) -> Chart {
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
            name: t.summary.chart_mood.into(),
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
        caption: fill(
            t.summary.chart_caption,
            &[
                ("from", &t.date(first, DateStyle::Short)),
                ("to", &t.date(last, DateStyle::Short)),
            ],
        ),
        x_labels: vec![
            (0.0, t.date(first, DateStyle::DayMonth)),
            (1.0, t.date(last, DateStyle::DayMonth)),
        ],
        series,
    }
}
