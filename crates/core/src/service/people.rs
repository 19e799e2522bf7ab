//! People use cases: the pickers' list and the interpersonal inventory — add or edit a person's
//! answers, archive and bring back, merge two people who are the same, delete with an explicit
//! choice for what names them. Each change is one transaction: bad input changes nothing.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use sqlx::SqliteConnection;

use crate::domain::circle::Ring;
use crate::domain::course::parse_today;
use crate::domain::language::Language;
use crate::domain::people::{
    ExpectationsFit, Inventory, InventorySheet, InventorySheetPerson, LinkedItems, Person,
    PersonDetail, PersonLinks, PersonSummary, Relationship, review_invited,
};
use crate::domain::texts::{DateStyle, PeopleWords, fill, texts};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::pdf::{self, Block, PrintDoc};
use crate::service::vault::VaultService;
use crate::service::{circle, course, discretion, language};
use crate::storage;
use crate::storage::people as repo;

/// The pickers' list: everyone not archived, A–Z.
pub async fn list_people(vault: &VaultService) -> Result<Vec<Person>> {
    repo::list(&vault.pool().await?).await
}

/// The People page's list: active people first, then archived ones (flagged).
pub async fn list_all_people(vault: &VaultService) -> Result<Vec<PersonSummary>> {
    repo::list_all(&vault.pool().await?).await
}

pub async fn get_person(vault: &VaultService, id: i64) -> Result<PersonDetail> {
    let pool = vault.pool().await?;
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading a person", e))?;
    detail(&mut conn, id).await
}

/// How many events, plans, worksheets and own scenarios name the person, each counted by the
/// feature that keeps them.
async fn links(conn: &mut SqliteConnection, id: i64) -> Result<PersonLinks> {
    let events = storage::journal::count_events_for_person(conn, id).await?;
    let plans = storage::plans::count_for_person(conn, id).await?;
    let (worksheets, scenarios) = storage::practice::count_for_person(conn, id).await?;
    Ok(PersonLinks {
        events,
        plans,
        worksheets,
        scenarios,
    })
}

/// A person's answers, whether archived, and what names them.
pub(crate) async fn detail(conn: &mut SqliteConnection, id: i64) -> Result<PersonDetail> {
    let (inventory, archived_at, created_at) = repo::inventory(conn, id).await?;
    Ok(PersonDetail {
        id,
        inventory,
        archived_at,
        created_at,
        links: links(conn, id).await?,
    })
}

/// Adds a person (`id` none) or saves their name and answers.
pub async fn save_inventory(
    vault: &VaultService,
    id: Option<i64>,
    inventory: Inventory,
) -> Result<PersonDetail> {
    let v = inventory.validate()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let id = match id {
        None => repo::insert(&mut tx, &v, &utc_string(Utc::now())).await?,
        Some(id) => {
            repo::update(&mut tx, id, &v).await?;
            // A new name must be findable in the journal's search.
            storage::journal::reindex_person(&mut tx, id).await?;
            id
        }
    };
    let detail = detail(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(detail)
}

/// Archives a person (hidden from pickers, kept wherever they appear) or brings them back.
pub async fn set_archived(vault: &VaultService, id: i64, archived: bool) -> Result<PersonDetail> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let now = utc_string(Utc::now());
    repo::set_archived(&mut tx, id, archived.then_some(now.as_str())).await?;
    let detail = detail(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(detail)
}

/// Moves (or unlinks) everything that names `from`, feature by feature.
async fn reassign_everything(tx: &mut storage::Tx<'_>, from: i64, to: Option<i64>) -> Result<()> {
    storage::journal::reassign_person(tx, from, to).await?;
    storage::plans::reassign_person(tx, from, to).await?;
    storage::practice::reassign_person(tx, from, to).await?;
    // A circle is a picture of the list: placements move with a merge, and leave with a person
    // deleted without a successor (their snapshots stay, with everyone else in place).
    if let Some(to) = to {
        storage::circle::reassign_person(tx, from, to).await?;
    }
    Ok(())
}

async fn check_target(tx: &mut storage::Tx<'_>, from: i64, into: i64) -> Result<()> {
    if from == into {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "a person cannot be merged into themselves",
        ));
    }
    repo::inventory(tx, from).await?;
    repo::inventory(tx, into).await?;
    Ok(())
}

/// `from` is the same person as `into`: everything naming `from` moves to `into`, `into` keeps
/// its answers and gains `from`'s where its own are empty, and `from` is removed.
pub async fn merge(vault: &VaultService, from: i64, into: i64) -> Result<PersonDetail> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    check_target(&mut tx, from, into).await?;
    let (theirs, _, _) = repo::inventory(&mut tx, from).await?;
    let (mine, _, _) = repo::inventory(&mut tx, into).await?;
    repo::update(&mut tx, into, &mine.filled_from(&theirs)).await?;
    reassign_everything(&mut tx, from, Some(into)).await?;
    repo::remove(&mut tx, from).await?;
    let detail = detail(&mut tx, into).await?;
    storage::commit(tx).await?;
    Ok(detail)
}

/// Deletes a person; what names them moves to another person or keeps its words without the
/// link, as the patient chose.
pub async fn delete(vault: &VaultService, id: i64, linked: LinkedItems) -> Result<()> {
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    repo::inventory(&mut tx, id).await?;
    let to = match linked {
        LinkedItems::MoveTo { person_id } => {
            check_target(&mut tx, id, person_id).await?;
            Some(person_id)
        }
        LinkedItems::KeepUnlinked => None,
    };
    reassign_everything(&mut tx, id, to).await?;
    repo::remove(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(())
}

/// The printable inventory: everyone not archived with their answers, and today's circle.
pub async fn inventory_sheet(vault: &VaultService) -> Result<InventorySheet> {
    let people = repo::active_inventories(&vault.pool().await?)
        .await?
        .into_iter()
        .map(|(id, inventory)| InventorySheetPerson { id, inventory })
        .collect();
    Ok(InventorySheet {
        people,
        circle: circle::current(vault).await?,
    })
}

const SETTING_REVIEW_NOT_NOW: &str = "people.reviewNotNowOn";

/// Whether Home invites the guided inventory review on the patient's local date `today`.
pub async fn review_invitation(vault: &VaultService, today: String) -> Result<bool> {
    let day = parse_today(&today)?;
    let Some(overview) = course::course_overview(vault, today).await? else {
        return Ok(false);
    };
    let pool = vault.pool().await?;
    let not_now = storage::settings::get(&pool, SETTING_REVIEW_NOT_NOW)
        .await?
        .and_then(|d| parse_today(&d).ok());
    let active = repo::count_active(&pool).await?;
    Ok(review_invited(overview.phase, active, day, not_now))
}

/// "Not now": the invitation rests for a week from `today`.
pub async fn review_not_now(vault: &VaultService, today: String) -> Result<()> {
    let day = parse_today(&today)?;
    storage::settings::set(
        &vault.write_pool().await?,
        SETTING_REVIEW_NOT_NOW,
        &day.format("%Y-%m-%d").to_string(),
    )
    .await
}

// ---- The printable page -----------------------------------------------------------------------

/// The inventory as a page to take to a session: each person on the sheet (the archived are not
/// on it) with the answers the screen shows, only those filled in, as "question: answer"; then
/// the circle as last saved, ring by ring ("Closest: Ann, Jo"). `today` is the date it is as of,
/// `circle_saved_on` the local day the circle was saved. The words are `lang`'s, from
/// [`crate::domain::texts`]; the patient's text is passed as data. With the neutral window title
/// on, the page and its metadata are titled "Notes".
pub fn inventory_doc(
    sheet: &InventorySheet,
    today: NaiveDate,
    circle_saved_on: Option<NaiveDate>,
    neutral_title: bool,
    lang: Language,
) -> PrintDoc {
    let t = texts(lang);
    let w = &t.people;
    let title = if neutral_title {
        t.common.neutral_title
    } else {
        w.title
    };
    let mut blocks = Vec::new();
    if sheet.people.is_empty() {
        blocks.push(Block::Muted(w.no_one_listed.into()));
    }
    for p in &sheet.people {
        blocks.push(Block::Heading(person_label(w, &p.inventory)));
        let answers = sheet_answers(w, &p.inventory);
        blocks.push(if answers.is_empty() {
            Block::Muted(w.no_answers.into())
        } else {
            Block::Fields(answers)
        });
    }

    blocks.push(Block::Heading(w.circle.into()));
    match &sheet.circle {
        Some(circle) => {
            if let Some(d) = circle_saved_on {
                blocks.push(Block::Muted(fill(
                    w.circle_saved_on,
                    &[("day", &t.date(d, DateStyle::Long))],
                )));
            }
            let name_of = |id: i64| {
                sheet
                    .people
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.inventory.display_name.clone())
            };
            let rings = Ring::ALL
                .iter()
                .map(|&ring| {
                    // Only people on the sheet: someone archived since has no name here.
                    let mut names: Vec<String> = circle
                        .placements
                        .iter()
                        .filter(|pl| pl.ring == ring)
                        .filter_map(|pl| name_of(pl.person_id))
                        .collect();
                    names.sort_by_key(|n| n.to_lowercase());
                    let names = if names.is_empty() {
                        w.no_one.to_owned()
                    } else {
                        names.join(", ")
                    };
                    format!("{}: {names}", ring_heading(w, ring))
                })
                .collect();
            blocks.push(Block::Bullets(rings));
        }
        None => blocks.push(Block::Muted(w.no_circle.into())),
    }

    PrintDoc {
        title: title.into(),
        metadata_title: title.into(),
        subtitle: fill(w.as_of, &[("day", &t.date(today, DateStyle::WeekdayLong))]),
        blocks,
    }
}

fn ring_heading(w: &PeopleWords, ring: Ring) -> &'static str {
    match ring {
        Ring::Closest => w.ring_closest,
        Ring::Close => w.ring_close,
        Ring::FurtherOut => w.ring_further_out,
    }
}

/// "Ann (friend)": the name, with who they are when known (as the screen names them).
fn person_label(w: &PeopleWords, inv: &Inventory) -> String {
    let who = if inv.relationship_word.trim().is_empty() {
        match inv.relationship {
            Some(Relationship::Partner) => w.partner,
            Some(Relationship::Parent) => w.parent,
            Some(Relationship::Child) => w.child,
            Some(Relationship::Sibling) => w.sibling,
            Some(Relationship::Friend) => w.friend,
            Some(Relationship::Colleague) => w.colleague,
            Some(Relationship::Other) => w.other,
            None => "",
        }
        .to_owned()
    } else {
        inv.relationship_word.clone()
    };
    if who.is_empty() {
        inv.display_name.clone()
    } else {
        format!("{} ({who})", inv.display_name)
    }
}

/// The answers the sheet shows, in its order, the empty ones left out.
fn sheet_answers(w: &PeopleWords, inv: &Inventory) -> Vec<(String, String)> {
    let fit = inv.expectations_fit.map(|f| match f {
        ExpectationsFit::Yes => w.fit_yes,
        ExpectationsFit::Partly => w.fit_partly,
        ExpectationsFit::No => w.fit_no,
        ExpectationsFit::NotSure => w.fit_not_sure,
    });
    [
        (w.q_contact_often, inv.contact_often.as_str()),
        (w.q_good, &inv.good),
        (w.q_hard, &inv.hard),
        (w.q_i_expect, &inv.i_expect),
        (w.q_they_expect, &inv.they_expect),
        (w.q_expectations_fit, fit.unwrap_or("")),
        (w.q_would_change, &inv.would_change),
    ]
    .into_iter()
    .filter(|(_, a)| !a.trim().is_empty())
    .map(|(q, a)| (q.to_owned(), a.trim().to_owned()))
    .collect()
}

/// Writes the printable inventory as a PDF to `path`, chosen in the save dialog; `today` is the
/// patient's local date (`YYYY-MM-DD`) and `tz` places the circle's save on their day. Returns
/// the bytes written. Only while unlocked.
pub async fn save_pdf<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    today: String,
    path: String,
) -> Result<u64> {
    let today = parse_today(&today)?;
    let sheet = inventory_sheet(vault).await?;
    let circle_saved_on = sheet
        .circle
        .as_ref()
        .and_then(|c| DateTime::parse_from_rfc3339(&c.taken_at).ok())
        .map(|t| t.with_timezone(tz).date_naive());
    let neutral = discretion::get(vault).neutral_name;
    let lang = language::current(vault);
    pdf::save(
        &inventory_doc(&sheet, today, circle_saved_on, neutral, lang),
        &path,
    )
}
