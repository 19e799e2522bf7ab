//! The safety plan: read it (an empty plan before the first save) and replace it whole; and, only
//! when the patient asks for it, keep a readable copy outside the vault so "Need help now" can
//! show the plan while the app is locked.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::crisis_lines::{CrisisCountry, Offer, countries, known_country};
use crate::domain::language::Language;
use crate::domain::safety_plan::{SafetyContact, SafetyPlan};
use crate::domain::texts::{DateStyle, SafetyPlanWords, fill, texts};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::pdf::{self, Block, PrintDoc};
use crate::service::vault::VaultService;
use crate::service::{discretion, language};
use crate::storage;

/// The saved plan, or an empty one (`updated_at` `None`) when none was saved yet.
pub async fn get(vault: &VaultService) -> Result<SafetyPlan> {
    Ok(storage::safety_plan::get(&vault.pool().await?)
        .await?
        .unwrap_or_default())
}

/// Tidies and checks the plan, replaces the saved one, and returns it as read back before the
/// commit, with the time it was saved. When the patient keeps a readable copy, the copy is
/// rewritten before the commit: if it cannot be written, nothing is saved (the copy never shows
/// an older plan than the one the app said it saved).
pub async fn save(vault: &VaultService, plan: SafetyPlan) -> Result<SafetyPlan> {
    let plan = plan.tidied()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    storage::safety_plan::put(&mut tx, &plan, &utc_string(Utc::now())).await?;
    let saved = storage::safety_plan::get_in(&mut tx)
        .await?
        .ok_or_else(|| Error::new(ErrorCode::Internal, "the saved safety plan is not there"))?;
    if copy_kept(vault) {
        write_copy(vault, &saved)?;
    }
    storage::commit(tx).await?;
    Ok(saved)
}

/// The copy file's layout (versioned, so a later app can read an older copy).
#[derive(Serialize, Deserialize)]
struct CopyFile {
    version: u32,
    plan: SafetyPlan,
}

const COPY_VERSION: u32 = 1;

/// Whether the patient keeps a readable copy (the file exists, readable or not).
pub fn copy_kept(vault: &VaultService) -> bool {
    vault.paths().safety_plan_copy.exists()
}

/// The readable copy, without unlocking: `None` when the patient keeps none, or when the file
/// cannot be read (from a newer app, damaged); never an error, because it is read in a hard
/// moment and the crisis lines must show whatever happens.
pub fn read_copy(vault: &VaultService) -> Option<SafetyPlan> {
    let bytes = std::fs::read(&vault.paths().safety_plan_copy).ok()?;
    let file: CopyFile = serde_json::from_slice(&bytes).ok()?;
    (file.version == COPY_VERSION).then_some(file.plan)
}

fn write_copy(vault: &VaultService, plan: &SafetyPlan) -> Result<()> {
    let json = serde_json::to_vec_pretty(&CopyFile {
        version: COPY_VERSION,
        plan: plan.clone(),
    })
    .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising the copy: {e}")))?;
    fsutil::write_atomic(&vault.paths().safety_plan_copy, &json)
}

/// Removes the readable copy (if any) and flushes the folder, so turning it off is durable.
pub fn remove_copy(vault: &VaultService) -> Result<()> {
    let path = &vault.paths().safety_plan_copy;
    match std::fs::remove_file(path) {
        Ok(()) => fsutil::sync_dir(&vault.paths().dir),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(
            "removing the readable copy of the safety plan",
            e,
        )),
    }
}

/// Starts (`keep`) or stops keeping the readable copy; returns the copy now kept, if any.
/// Starting needs the vault unlocked (the copy is made from the saved plan); stopping works
/// locked or unlocked.
pub async fn set_copy(vault: &VaultService, keep: bool) -> Result<Option<SafetyPlan>> {
    if !keep {
        remove_copy(vault)?;
        return Ok(None);
    }
    let plan = get(vault).await?;
    write_copy(vault, &plan)?;
    Ok(Some(plan))
}

// ---- The printable page -----------------------------------------------------------------------

/// The safety plan as a page to keep at hand: the six steps in order (an empty step says so, so
/// it can be filled in by hand), the crisis line for `country` under step 5 (every country's when
/// `None`), and the reason for living. `saved_on` is the local day it was last saved. The words
/// are `lang`'s, from [`crate::domain::texts`]; the patient's text is passed as data. With the
/// neutral window title on, the page and its metadata are titled "Notes".
pub fn safety_plan_doc(
    plan: &SafetyPlan,
    country: Option<&str>,
    saved_on: Option<NaiveDate>,
    neutral_title: bool,
    lang: Language,
) -> PrintDoc {
    let t = texts(lang);
    let w = &t.safety_plan;
    let title = if neutral_title {
        t.common.neutral_title
    } else {
        w.title
    };
    let empty = || Block::Muted(t.common.nothing_here_yet.into());
    let text_step = |blocks: &mut Vec<Block>, heading: &str, items: &[String]| {
        blocks.push(Block::Heading(heading.into()));
        blocks.push(if items.is_empty() {
            empty()
        } else {
            Block::Bullets(items.to_vec())
        });
    };
    let contacts = |items: &[SafetyContact]| {
        Block::Bullets(
            items
                .iter()
                .map(
                    |c| match (c.name.trim().is_empty(), c.phone.trim().is_empty()) {
                        (false, false) => format!("{}: {}", c.name, c.phone),
                        (true, _) => c.phone.clone(),
                        (false, true) => c.name.clone(),
                    },
                )
                .collect(),
        )
    };

    let mut blocks = vec![Block::Muted(w.intro.into())];
    text_step(&mut blocks, w.warning_signs, &plan.warning_signs);
    text_step(&mut blocks, w.coping, &plan.coping);
    text_step(&mut blocks, w.distractions, &plan.distractions);
    blocks.push(Block::Heading(w.helpers.into()));
    blocks.push(if plan.helpers.is_empty() {
        empty()
    } else {
        contacts(&plan.helpers)
    });
    blocks.push(Block::Heading(w.professionals.into()));
    if !plan.professionals.is_empty() {
        blocks.push(contacts(&plan.professionals));
    }
    let mut lines: Vec<&CrisisCountry> = countries().iter().collect();
    lines.sort_by_key(|c| country_name(w, &c.country));
    let chosen: Vec<&CrisisCountry> = match country {
        Some(code) => lines.into_iter().filter(|c| c.country == code).collect(),
        None => lines,
    };
    blocks.push(Block::Paragraph(
        if chosen.len() == 1 {
            w.one_line
        } else {
            w.by_country
        }
        .into(),
    ));
    blocks.push(Block::Bullets(
        chosen.iter().map(|c| crisis_line(w, c)).collect(),
    ));
    blocks.push(Block::Muted(w.other_countries.into()));
    text_step(&mut blocks, w.safer_surroundings, &plan.safer_surroundings);
    blocks.push(Block::Heading(w.reason_for_living.into()));
    blocks.push(if plan.reason_for_living.trim().is_empty() {
        empty()
    } else {
        Block::Paragraph(plan.reason_for_living.clone())
    });

    PrintDoc {
        title: title.into(),
        metadata_title: title.into(),
        subtitle: saved_on
            .map(|d| {
                fill(
                    t.common.last_saved_on,
                    &[("day", &t.date(d, DateStyle::Long))],
                )
            })
            .unwrap_or_default(),
        blocks,
    }
}

/// The country's name (the reviewed list's codes).
fn country_name(w: &SafetyPlanWords, code: &str) -> String {
    match code {
        "AU" => w.australia,
        "CA" => w.canada,
        "ES" => w.spain,
        "GB" => w.united_kingdom,
        "IE" => w.ireland,
        "MX" => w.mexico,
        "US" => w.united_states,
        other => other,
    }
    .to_owned()
}

/// "United States: 988 Suicide & Crisis Lifeline, 988 (call or text, any time). Emergency: 911".
fn crisis_line(w: &SafetyPlanWords, c: &CrisisCountry) -> String {
    let how = if c.offers.contains(&Offer::Chat) {
        w.reach_chat
    } else if c.offers.contains(&Offer::Text) {
        w.reach_text
    } else if c.free {
        w.reach_free
    } else {
        w.reach_call
    };
    fill(
        w.crisis_line,
        &[
            ("country", &country_name(w, &c.country)),
            ("line", &c.line),
            ("number", &c.number),
            ("how", how),
            ("emergency", &c.emergency.join(w.or)),
        ],
    )
}

/// Writes the safety plan as a PDF to `path`, chosen in the save dialog; `country` is the crisis
/// line the screen shows first (`None`: every country's; an unknown code is refused with
/// `InvalidInput`). `tz` places the last save on the patient's day. Returns the bytes written.
/// The plan is in the vault, so this works only while unlocked.
pub async fn save_pdf<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    country: Option<String>,
    path: String,
) -> Result<u64> {
    let country = country.as_deref().map(known_country).transpose()?;
    let plan = get(vault).await?;
    let saved_on = plan
        .updated_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(tz).date_naive());
    let neutral = discretion::get(vault).neutral_name;
    let lang = language::current(vault);
    pdf::save(
        &safety_plan_doc(&plan, country.as_deref(), saved_on, neutral, lang),
        &path,
    )
}
