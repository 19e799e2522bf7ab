//! The agenda for the next session, gathered when asked for: pinned journal entries, events
//! marked important, between-session plans and their outcomes, and the patient's own questions,
//! in the patient's order. When the session is recorded the agenda is archived with it (see
//! `course::save_session`) and a fresh one starts.

use chrono::Utc;

use crate::domain::agenda::{
    Agenda, AgendaItem, AgendaKind, ArchivedAgenda, validate_order, validate_question,
};
use crate::domain::course::parse_today;
use crate::domain::language::Language;
use crate::domain::plans::PlanStatus;
use crate::domain::texts::{DateStyle, Texts, fill, texts};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::pdf::{self, Block, PrintDoc};
use crate::service::vault::VaultService;
use crate::service::{discretion, language};
use crate::storage;

/// The open agenda for the next session, as of the patient's local date `today`.
pub async fn open_agenda(vault: &VaultService, today: String) -> Result<Agenda> {
    let today = parse_today(&today)?;
    let pool = vault.pool().await?;
    let next = storage::course::next_session(&pool, today).await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("gathering the agenda", e))?;
    let items = storage::agenda::gather(&mut conn, next.map(|(_, d)| d)).await?;
    Ok(Agenda {
        session_number: next.map(|(n, _)| n),
        session_date: next.map(|(_, d)| d.format("%Y-%m-%d").to_string()),
        items,
    })
}

/// Adds a question or topic to bring; it goes at the end of the agenda.
pub async fn add_question(vault: &VaultService, text: String) -> Result<AgendaItem> {
    let text = validate_question(&text)?;
    let pool = vault.write_pool().await?;
    let id = storage::agenda::add_question(&pool, &text, &utc_string(Utc::now())).await?;
    Ok(AgendaItem::question(id, text))
}

/// Removes a question that has not been brought to a session yet.
pub async fn remove_question(vault: &VaultService, id: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    if !storage::agenda::remove_question(&mut tx, id).await? {
        return Err(Error::new(
            ErrorCode::NotFound,
            "that question is not on the agenda",
        ));
    }
    storage::agenda::forget_position(&mut tx, &format!("question:{id}"), "removing the question")
        .await?;
    storage::commit(tx).await
}

/// Keeps the patient's order for the open agenda (the item keys, first to last).
pub async fn reorder(vault: &VaultService, keys: Vec<String>) -> Result<()> {
    validate_order(&keys)?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    storage::agenda::set_order(&mut tx, &keys).await?;
    storage::commit(tx).await
}

/// The agenda kept with session `number` (empty when nothing was brought).
pub async fn archived_agenda(vault: &VaultService, number: i64) -> Result<ArchivedAgenda> {
    let pool = vault.pool().await?;
    Ok(ArchivedAgenda {
        session_number: number,
        items: storage::agenda::archived(&pool, number).await?,
    })
}

// ---- The printable page -----------------------------------------------------------------------

/// The agenda as a page to take along: the session it is for, then each item in the patient's
/// order (what kind it is, its day, person, mood or outcome, its words and how it felt). The
/// words are `lang`'s, from [`crate::domain::texts`]; the patient's text is passed as data. With
/// the neutral window title on, the page and its metadata are titled "Notes".
pub fn agenda_doc(agenda: &Agenda, neutral_title: bool, lang: Language) -> PrintDoc {
    let t = texts(lang);
    let w = &t.agenda;
    let title = if neutral_title {
        t.common.neutral_title
    } else {
        w.title
    };
    let subtitle = match (agenda.session_number, &agenda.session_date) {
        (Some(n), Some(d)) => fill(
            w.session,
            &[
                ("n", &n.to_string()),
                ("day", &t.day(d, DateStyle::WeekdayLong)),
            ],
        ),
        _ => w.no_session.to_owned(),
    };
    let mut blocks = Vec::new();
    if agenda.items.is_empty() {
        blocks.push(Block::Muted(w.empty.into()));
    }
    for (i, item) in agenda.items.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Rule);
        }
        blocks.push(Block::Muted(item_meta(t, item)));
        blocks.push(Block::Paragraph(format!("{}. {}", i + 1, item.text)));
        if !item.detail.trim().is_empty() {
            blocks.push(Block::Paragraph(if item.kind == AgendaKind::Event {
                fill(w.i_felt, &[("detail", &item.detail)])
            } else {
                item.detail.clone()
            }));
        }
    }
    PrintDoc {
        title: title.into(),
        metadata_title: title.into(),
        subtitle,
        blocks,
    }
}

/// "Plan · By Tue, Nov 24 · With Sam · I did it", as the screen shows it above the item.
fn item_meta(t: &Texts, item: &AgendaItem) -> String {
    let w = &t.agenda;
    let mut parts = vec![
        match item.kind {
            AgendaKind::Entry => w.kind_entry,
            AgendaKind::Event => w.kind_event,
            AgendaKind::Plan => w.kind_plan,
            AgendaKind::Question => w.kind_question,
        }
        .to_owned(),
    ];
    if let Some(day) = &item.day {
        let day = t.day(day, DateStyle::WeekdayDayMonth);
        parts.push(if item.kind == AgendaKind::Plan {
            fill(w.by, &[("day", &day)])
        } else {
            day
        });
    }
    if let Some(p) = &item.person {
        parts.push(fill(w.with, &[("person", p)]));
    }
    if item.kind == AgendaKind::Entry
        && let Some(m) = item.mood
    {
        parts.push(fill(w.mood, &[("mood", &m.to_string())]));
    }
    match item.plan_status {
        Some(PlanStatus::Tried) => parts.push(t.common.plan_tried.into()),
        Some(PlanStatus::Done) => parts.push(t.common.plan_done.into()),
        Some(PlanStatus::NotThisWeek) => parts.push(t.common.plan_not_this_week.into()),
        Some(PlanStatus::Planned) | None => {}
    }
    parts.join(" · ")
}

/// Writes the open agenda (as of the patient's local date `today`) as a PDF to `path`, chosen in
/// the save dialog; returns the bytes written. Only while unlocked.
pub async fn save_pdf(vault: &VaultService, today: String, path: String) -> Result<u64> {
    let agenda = open_agenda(vault, today).await?;
    let neutral = discretion::get(vault).neutral_name;
    let lang = language::current(vault);
    pdf::save(&agenda_doc(&agenda, neutral, lang), &path)
}
