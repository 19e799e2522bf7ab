//! Check-ins: the PHQ-9 and GAD-7 as published (readable while locked: static text), saving the
//! answers, and the list over the course, each scored by the domain's one rule. Before a session
//! the app invites the patient to one, as often as they chose; the choice (and "not this time"
//! for a session) is kept in the vault's settings, and the course is read through its repository.
//! For a health record, the check-ins of a period are written as one FHIR R4 bundle to a file the
//! patient chose.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::domain::checkins::{
    CheckIn, CheckInInput, CheckInInvitation, CheckInInvitationSettings, Questionnaire,
    QuestionnaireText, invitation as invitation_for,
};
use crate::domain::course::parse_today;
use crate::domain::fhir::{self, FhirExportSummary};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;
use crate::service::vault::VaultService;
use crate::storage;
use crate::storage::settings;

const SETTING_INVITATION: &str = "checkins.invitation";
const SETTING_DISMISSED: &str = "checkins.invitationDismissed";

/// The instrument's wording in the app's language; needs no unlocked vault (the language is
/// kept beside it).
pub fn questionnaire(vault: &VaultService, kind: Questionnaire) -> QuestionnaireText {
    kind.text_in(crate::service::language::current(vault))
}

/// Saves a check-in taken now and returns it scored, as read back before the commit.
pub async fn save(vault: &VaultService, input: CheckInInput) -> Result<CheckIn> {
    input.validate()?;
    let pool = vault.write_pool().await?;
    let mut tx = storage::begin(&pool).await?;
    let id = storage::checkins::insert(&mut tx, &input, &utc_string(Utc::now())).await?;
    let saved = storage::checkins::get_in(&mut tx, id).await?;
    storage::commit(tx).await?;
    Ok(saved)
}

/// Every check-in, the newest first.
pub async fn list(vault: &VaultService) -> Result<Vec<CheckIn>> {
    storage::checkins::list(&vault.pool().await?).await
}

/// The patient's choices: how often to be invited, and whether the form asks one question at a
/// time. The default until they choose: every session, all questions.
pub async fn invitation_settings(vault: &VaultService) -> Result<CheckInInvitationSettings> {
    let pool = vault.pool().await?;
    match settings::get(&pool, SETTING_INVITATION).await? {
        None => Ok(CheckInInvitationSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|_| Error::new(ErrorCode::Damaged, "the check-in settings are damaged")),
    }
}

pub async fn save_invitation_settings(
    vault: &VaultService,
    choice: CheckInInvitationSettings,
) -> Result<CheckInInvitationSettings> {
    let json = serde_json::to_string(&choice).map_err(|_| {
        Error::new(
            ErrorCode::Internal,
            "the check-in settings could not be kept",
        )
    })?;
    settings::set(&vault.write_pool().await?, SETTING_INVITATION, &json).await?;
    Ok(choice)
}

/// The check-in to offer on the patient's local date `today` (`YYYY-MM-DD`), if any. Check-ins
/// are stored in UTC; `tz` turns them into the patient's days.
pub async fn invitation<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    today: String,
) -> Result<Option<CheckInInvitation>> {
    let today = parse_today(&today)?;
    let pool = vault.pool().await?;
    let Some(course) = storage::course::get(&pool).await? else {
        return Ok(None);
    };
    let records = storage::course::sessions(&pool).await?;
    let chosen = invitation_settings(vault).await?;
    let dismissed = settings::get(&pool, SETTING_DISMISSED)
        .await?
        .and_then(|v| v.parse::<i64>().ok());
    let days: Vec<NaiveDate> = storage::checkins::taken_times(&pool)
        .await?
        .iter()
        .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(tz).date_naive())
        .collect();
    Ok(invitation_for(
        Some(&course),
        &records,
        today,
        &days,
        &chosen,
        dismissed,
    ))
}

/// "Not this time": no invitation before session `session_number` (a later one still comes).
pub async fn dismiss_invitation(vault: &VaultService, session_number: i64) -> Result<()> {
    let pool = vault.write_pool().await?;
    let course = storage::course::get(&pool)
        .await?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "there is no course to check in for"))?;
    if !(1..=course.planned_sessions).contains(&session_number) {
        return Err(Error::invalid("that session is outside the planned course"));
    }
    settings::set(&pool, SETTING_DISMISSED, &session_number.to_string()).await
}

/// Writes the check-ins taken from `from` through `to` (`YYYY-MM-DD`, the patient's local days in
/// `tz`, both included) as one FHIR R4 bundle of QuestionnaireResponses, oldest first, to `path`
/// (chosen in the save dialog): under a temporary name beside it, flushed, then renamed over it,
/// as the export does. Bad dates, a period that ends before it starts, a path that is not a file
/// or a period without check-ins write nothing.
pub async fn export_fhir<Tz: TimeZone>(
    vault: &VaultService,
    tz: &Tz,
    from: String,
    to: String,
    path: String,
) -> Result<FhirExportSummary>
where
    Tz::Offset: std::fmt::Display,
{
    let (from, to) = fhir::period(&from, &to)?;
    let path = fsutil::save_target(&path)?;
    let all = storage::checkins::list(&vault.pool().await?).await?;
    let mut chosen = Vec::new();
    // Newest first from the repository; the bundle runs oldest first.
    for c in all.iter().rev() {
        let day = fhir::taken_in(c, tz)?.date_naive();
        if (from..=to).contains(&day) {
            chosen.push((random_uuid()?, c));
        }
    }
    if chosen.is_empty() {
        return Err(Error::new(
            ErrorCode::NothingToExport,
            "no check-ins in that period",
        ));
    }
    let bundle = fhir::bundle(&random_uuid()?, Utc::now(), &chosen, tz)?;
    let mut bytes = serde_json::to_vec_pretty(&bundle)
        .map_err(|_| Error::new(ErrorCode::Internal, "the bundle could not be written"))?;
    bytes.push(b'\n');
    let len = bytes.len() as u64;
    tokio::task::spawn_blocking(move || fsutil::write_atomic(&path, &bytes))
        .await
        .map_err(|_| Error::new(ErrorCode::Internal, "saving the bundle was interrupted"))??;
    Ok(FhirExportSummary {
        check_ins: u32::try_from(chosen.len()).unwrap_or(u32::MAX),
        bytes: len,
    })
}

fn random_uuid() -> Result<String> {
    let mut b = [0u8; 16];
    crate::keys::os_random(&mut b)?;
    Ok(fhir::uuid_v4(b))
}
