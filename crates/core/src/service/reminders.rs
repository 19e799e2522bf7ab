//! Reminders: the patient's choices (kept in the vault), and what is due now.
//!
//! The window asks every minute. While the vault is unlocked the schedule is rebuilt from the
//! course, the sessions, the open plans and the days the patient already wrote in the journal
//! (asked of the journal's storage), and kept in memory, so reminders still come while the vault
//! is locked (the app stays open) without anything being written outside the vault.
//! When the last check was stored is kept in the vault too, so reminders missed while the app
//! was closed are found, and thinned, on the next start.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use tokio::sync::Mutex;

use crate::domain::plans::PlanStatus;
use crate::domain::reminders::{
    DueReminder, ReminderSettings, ScheduleFacts, due_reminders, resolve_local,
};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::service::{course, plans};
use crate::storage::{journal as journal_repo, settings};

const SETTING_REMINDERS: &str = "reminders";
const SETTING_LAST_CHECKED: &str = "reminders.lastChecked";

/// What the schedule needs, kept in memory between checks (and while locked).
#[derive(Default)]
pub struct ReminderCache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    schedule: Option<(ReminderSettings, ScheduleFacts)>,
    last_checked: Option<DateTime<Utc>>,
}

impl ReminderCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets the schedule (e.g. when everything is deleted).
    pub async fn clear(&self) {
        *self.inner.lock().await = CacheInner::default();
    }
}

pub async fn get_settings(vault: &VaultService) -> Result<ReminderSettings> {
    let pool = vault.pool().await?;
    match settings::get(&pool, SETTING_REMINDERS).await? {
        None => Ok(ReminderSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|_| Error::new(ErrorCode::Damaged, "the reminder settings are damaged")),
    }
}

pub async fn save_settings(
    vault: &VaultService,
    cache: &ReminderCache,
    choice: ReminderSettings,
) -> Result<ReminderSettings> {
    let s = choice.validate()?;
    let json = serde_json::to_string(&s).map_err(|_| {
        Error::new(
            ErrorCode::Internal,
            "the reminder settings could not be kept",
        )
    })?;
    settings::set(&vault.write_pool().await?, SETTING_REMINDERS, &json).await?;
    // The next check uses the new choice straight away.
    cache.inner.lock().await.schedule = None;
    Ok(s)
}

/// The facts the schedule is built from, as of the patient's local date.
async fn load_facts<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<(ReminderSettings, ScheduleFacts)> {
    let s = get_settings(vault).await?;
    let today = now.with_timezone(tz).date_naive();
    let mut facts = ScheduleFacts::default();
    if let Some(c) = course::get_course(vault).await? {
        let records = course::list_sessions(vault).await?;
        facts.session_dates = c.upcoming_dates(today, &records);
        facts.session_time = Some(c.session_time);
    }
    facts.open_plan_due_dates = plans::list_plans(vault)
        .await?
        .into_iter()
        .filter(|p| p.status == PlanStatus::Planned)
        .filter_map(|p| chrono::NaiveDate::parse_from_str(&p.due_on, "%Y-%m-%d").ok())
        .filter(|d| *d >= today)
        .collect();
    if s.journal_nudge {
        facts.journal_days = journal_days(vault, tz, today).await?;
    }
    Ok((s, facts))
}

/// Of yesterday, today and tomorrow (local), the days the patient already wrote on: the nudges a
/// check can meet, also while locked overnight on the schedule kept in memory.
async fn journal_days<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    today: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    let pool = vault.pool().await?;
    let midnight = |d: NaiveDate| resolve_local(tz, d.and_time(NaiveTime::MIN)).map(utc_string);
    let mut out = Vec::new();
    for day in [today - Days::new(1), today, today + Days::new(1)] {
        let (Some(from), Some(until)) = (midnight(day), midnight(day + Days::new(1))) else {
            continue;
        };
        let id = day.format("%Y-%m-%d").to_string();
        if journal_repo::wrote_on_day(&pool, &id, &from, &until).await? {
            out.push(day);
        }
    }
    Ok(out)
}

/// The reminders due at `now` in time zone `tz` (the computer's, in the app). Locked: from the
/// schedule kept in memory, if any.
pub async fn due_now<Tz: TimeZone>(
    vault: &VaultService,
    cache: &ReminderCache,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<Vec<DueReminder>> {
    let mut inner = cache.inner.lock().await;
    let unlocked = match vault.pool().await {
        Ok(pool) => Some(pool),
        Err(e) if e.code() == ErrorCode::Locked => None,
        Err(e) => return Err(e),
    };
    if let Some(pool) = &unlocked {
        inner.schedule = Some(load_facts(vault, tz, now).await?);
        if inner.last_checked.is_none() {
            inner.last_checked = settings::get(pool, SETTING_LAST_CHECKED)
                .await?
                .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
                .map(|d| d.with_timezone(&Utc));
        }
    }
    let Some((s, facts)) = &inner.schedule else {
        return Ok(Vec::new());
    };
    let due = due_reminders(tz, s, facts, inner.last_checked, now)?;
    inner.last_checked = Some(now);
    if unlocked.is_some() {
        // A damaged vault file is not written to: the time of this check stays in memory.
        match vault.write_pool().await {
            Ok(pool) => {
                settings::set(
                    &pool,
                    SETTING_LAST_CHECKED,
                    &now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                )
                .await?
            }
            Err(e) if e.code() == ErrorCode::Damaged => {}
            Err(e) => return Err(e),
        }
    }
    Ok(due)
}

/// Longest reminder title or line the window may ask to show (the app's own words are far
/// shorter): a reminder is a nudge, never a place for content.
pub const MAX_NOTIFICATION_CHARS: usize = 300;

/// The words of a reminder the window asks to show, checked before they reach the desktop, and
/// the name to show them under (the app's, or the neutral one the patient chose).
pub fn notification(vault: &VaultService, title: &str, body: &str) -> Result<&'static str> {
    crate::domain::text::check_len("a reminder's title", title, MAX_NOTIFICATION_CHARS)?;
    crate::domain::text::check_len("a reminder", body, MAX_NOTIFICATION_CHARS)?;
    Ok(crate::service::discretion::get(vault).display_name())
}
