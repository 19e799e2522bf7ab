//! Every type that crosses IPC, with the file its TypeScript goes to. The test
//! `generated_types_are_current` fails when a committed file is stale; `make types` rewrites them.

use ts_rs::{Config, TS};

use crate::domain::agenda::{Agenda, AgendaItem, AgendaKind, ArchivedAgenda};
use crate::domain::checkins::{
    AnswerOption, Band, CheckIn, CheckInInput, CheckInInvitation, CheckInInvitationSettings,
    DifficultyQuestion, InvitationFrequency, Questionnaire, QuestionnaireText,
};
use crate::domain::course::{
    Course, CourseCards, CourseFocus, CourseFormat, CourseInput, CourseOverview, DisputeStage,
    Phase, ProblemArea, SessionRecord, TimelineSession,
};
use crate::domain::crisis_lines::{CrisisCountry, Offer};
use crate::domain::ending::{
    EndingPlan, EndingReview, FollowUp, FollowUpDue, FollowUpInput, MeasureReview, ScorePoint,
    TriedPlan,
};
use crate::domain::journal::{
    Emotion, InterpersonalEvent, InterpersonalEventInput, JournalEntry, JournalEntryInput,
};
use crate::domain::plans::{Plan, PlanInput, PlanOutcome, PlanStatus};
use crate::domain::practice::{
    Approach, Audience, CommunicationAnalysis, CommunicationAnalysisInput, CustomScenarioInput,
    DecisionAnalysis, DecisionAnalysisInput, DecisionOption, Effect, Scenario, ScenarioEnding,
    ScenarioStep, Trap, WhoStarted,
};
use crate::domain::reminders::{DueReminder, ReminderKind, ReminderSettings};
use crate::domain::safety_plan::{SafetyContact, SafetyPlan};
use crate::error::{ErrorCode, IpcError, LimitField};
use crate::service::journal::{
    EntrySummary, JournalCursor, JournalDraft, JournalPage, JournalQuery, MoodPoint,
};
use crate::service::practice::{RolePlayRun, RolePlayTurn, ScenarioSummary};
use crate::service::vault::{
    ChangePassphraseRequest, CreateVaultRequest, CreatedVault, Integrity, KeyringProbe,
    NewRecoveryCode, SetAside, VaultFiles, VaultInfo, VaultStatus,
};

/// Limits the UI shows before the core enforces them, and the names the app goes by, written out from the core's own constants
/// so that a changed limit changes the UI too (the drift test keeps the file current).
fn limits() -> String {
    use crate::domain::ending::{MAX_ENDING_ITEM_CHARS, MAX_ENDING_ITEMS};
    use crate::domain::journal::{MAX_CUSTOM_EMOTIONS, MAX_EVENTS, MAX_TAGS, MAX_TEXT_CHARS};
    use crate::domain::safety_plan::{
        MAX_REASON_FOR_LIVING_CHARS, MAX_SAFETY_PLAN_ITEM_CHARS, MAX_SAFETY_PLAN_ITEMS,
    };
    use crate::service::vault::{MAX_PASSPHRASE_CHARS, MIN_PASSPHRASE_CHARS};
    let consts = [
        ("MIN_PASSPHRASE_CHARS", MIN_PASSPHRASE_CHARS),
        ("MAX_PASSPHRASE_CHARS", MAX_PASSPHRASE_CHARS),
        ("MAX_TEXT_CHARS", MAX_TEXT_CHARS),
        ("MAX_TAGS", MAX_TAGS),
        ("MAX_CUSTOM_EMOTIONS", MAX_CUSTOM_EMOTIONS),
        ("MAX_EVENTS", MAX_EVENTS),
        ("MAX_SAFETY_PLAN_ITEMS", MAX_SAFETY_PLAN_ITEMS),
        ("MAX_SAFETY_PLAN_ITEM_CHARS", MAX_SAFETY_PLAN_ITEM_CHARS),
        ("MAX_REASON_FOR_LIVING_CHARS", MAX_REASON_FOR_LIVING_CHARS),
        ("MAX_ENDING_ITEMS", MAX_ENDING_ITEMS),
        ("MAX_ENDING_ITEM_CHARS", MAX_ENDING_ITEM_CHARS),
        (
            "MAX_CIRCLE_PLACEMENTS",
            crate::domain::circle::MAX_CIRCLE_PLACEMENTS,
        ),
        (
            "MAX_PERSON_NAME_CHARS",
            crate::domain::people::MAX_PERSON_NAME_CHARS,
        ),
        (
            "MAX_INVENTORY_ANSWER_CHARS",
            crate::domain::people::MAX_INVENTORY_ANSWER_CHARS,
        ),
        (
            "MAX_INVENTORY_SHORT_CHARS",
            crate::domain::people::MAX_INVENTORY_SHORT_CHARS,
        ),
        (
            "DEFAULT_FOLDER_MOOD",
            crate::domain::import_history::DEFAULT_FOLDER_MOOD as usize,
        ),
    ];
    let mut out = String::from(
        "// Generated from the Rust core (crates/core/src/ts_types.rs); do not edit.\n",
    );
    for (name, value) in consts {
        out.push_str(&format!("export const {name} = {value};\n"));
    }
    // The names the app goes by on screen and on reminders (the window title is set by the shell).
    use crate::domain::discretion::{APP_NAME, NEUTRAL_NAME};
    use crate::service::erase::ERASE_CONFIRMATION;
    for (name, value) in [
        ("APP_NAME", APP_NAME),
        ("NEUTRAL_NAME", NEUTRAL_NAME),
        ("ERASE_CONFIRMATION", ERASE_CONFIRMATION),
    ] {
        out.push_str(&format!("export const {name} = {value:?};\n"));
    }
    out
}

/// The lists both sides use, in the core's order, typed with the generated types: the problem
/// areas and dispute stages, the effect of each role-play approach, the traps checklist.
fn lists() -> String {
    use crate::domain::course::{DisputeStage, ProblemArea};
    use crate::domain::practice::{Approach, Trap};
    let effects: Vec<String> = Approach::ALL
        .iter()
        .map(|a| format!("{}: {}", json(a), json(&a.effect())))
        .collect();
    let stages = [
        DisputeStage::Renegotiation,
        DisputeStage::Impasse,
        DisputeStage::Dissolution,
    ];
    format!(
        "// Generated from the Rust core (crates/core/src/ts_types.rs); do not edit.\n\
         import type {{ Approach }} from './Approach';\n\
         import type {{ DisputeStage }} from './DisputeStage';\n\
         import type {{ Effect }} from './Effect';\n\
         import type {{ ProblemArea }} from './ProblemArea';\n\
         import type {{ Trap }} from './Trap';\n\
         import type {{ Relationship }} from './Relationship';\n\
         import type {{ ExpectationsFit }} from './ExpectationsFit';\n\n\
         export const PROBLEM_AREAS: ProblemArea[] = {};\n\
         export const DISPUTE_STAGES: DisputeStage[] = {};\n\
         export const APPROACHES: Approach[] = {};\n\
         export const APPROACH_EFFECT: Record<Approach, Effect> = {{ {} }};\n\
         export const TRAPS: Trap[] = {};\n\
         export const RELATIONSHIPS: Relationship[] = {};\n\
         export const EXPECTATIONS_FIT: ExpectationsFit[] = {};\n",
        json(&ProblemArea::ALL.to_vec()),
        json(&stages.to_vec()),
        json(&Approach::ALL.to_vec()),
        effects.join(", "),
        json(&Trap::ALL.to_vec()),
        json(&crate::domain::people::Relationship::ALL.to_vec()),
        json(&crate::domain::people::ExpectationsFit::ALL.to_vec()),
    )
}

/// The reviewed crisis lines, for "Need help now" (which must show them without asking the
/// backend): the data file's entries, typed.
fn crisis_lines() -> String {
    format!(
        "// Generated from crates/core/data/crisis_lines.json (crates/core/src/ts_types.rs); do not edit.\n\
         import type {{ CrisisCountry }} from './CrisisCountry';\n\n\
         export const CRISIS_COUNTRIES: CrisisCountry[] = {};\n",
        serde_json::to_string_pretty(crate::domain::crisis_lines::countries()).unwrap_or_default(),
    )
}

/// JSON of a serialisable value, for the generated lists.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// `(file name, TypeScript declaration)` for each exported type.
pub fn declarations() -> Vec<(&'static str, String)> {
    let cfg = Config::default();
    vec![
        ("limits.ts", Ok(limits())),
        ("lists.ts", Ok(lists())),
        ("crisisLines.ts", Ok(crisis_lines())),
        (
            "Ring.ts",
            crate::domain::circle::Ring::export_to_string(&cfg),
        ),
        (
            "Placement.ts",
            crate::domain::circle::Placement::export_to_string(&cfg),
        ),
        (
            "Snapshot.ts",
            crate::domain::circle::Snapshot::export_to_string(&cfg),
        ),
        (
            "CircleInput.ts",
            crate::domain::circle::CircleInput::export_to_string(&cfg),
        ),
        (
            "Move.ts",
            crate::domain::circle::Move::export_to_string(&cfg),
        ),
        (
            "CircleChanges.ts",
            crate::domain::circle::CircleChanges::export_to_string(&cfg),
        ),
        (
            "CircleComparison.ts",
            crate::domain::circle::CircleComparison::export_to_string(&cfg),
        ),
        (
            "BackupKind.ts",
            crate::domain::backup::BackupKind::export_to_string(&cfg),
        ),
        (
            "BackupInfo.ts",
            crate::service::backup::BackupInfo::export_to_string(&cfg),
        ),
        (
            "BackupStatus.ts",
            crate::service::backup::BackupStatus::export_to_string(&cfg),
        ),
        (
            "BackupSecret.ts",
            crate::service::backup::BackupSecret::export_to_string(&cfg),
        ),
        (
            "EraseRequest.ts",
            crate::service::erase::EraseRequest::export_to_string(&cfg),
        ),
        (
            "EraseReport.ts",
            crate::service::erase::EraseReport::export_to_string(&cfg),
        ),
        (
            "RestorePreview.ts",
            crate::service::backup::RestorePreview::export_to_string(&cfg),
        ),
        (
            "FhirExportSummary.ts",
            crate::domain::fhir::FhirExportSummary::export_to_string(&cfg),
        ),
        (
            "ExportFormat.ts",
            crate::service::export::ExportFormat::export_to_string(&cfg),
        ),
        (
            "ImportPart.ts",
            crate::service::export::ImportPart::export_to_string(&cfg),
        ),
        (
            "ImportCount.ts",
            crate::service::export::ImportCount::export_to_string(&cfg),
        ),
        (
            "ImportSummary.ts",
            crate::service::export::ImportSummary::export_to_string(&cfg),
        ),
        (
            "ImportPreview.ts",
            crate::service::import_history::ImportPreview::export_to_string(&cfg),
        ),
        (
            "ImportResult.ts",
            crate::service::import_history::ImportResult::export_to_string(&cfg),
        ),
        (
            "MoodChoice.ts",
            crate::domain::import_history::MoodChoice::export_to_string(&cfg),
        ),
        (
            "MoodWord.ts",
            crate::domain::import_history::MoodWord::export_to_string(&cfg),
        ),
        (
            "Unreadable.ts",
            crate::domain::import_history::Unreadable::export_to_string(&cfg),
        ),
        (
            "UnreadableReason.ts",
            crate::domain::import_history::UnreadableReason::export_to_string(&cfg),
        ),
        ("CrisisCountry.ts", CrisisCountry::export_to_string(&cfg)),
        ("Offer.ts", Offer::export_to_string(&cfg)),
        (
            "CrisisLineSettings.ts",
            crate::service::crisis_lines::CrisisLineSettings::export_to_string(&cfg),
        ),
        ("ErrorCode.ts", ErrorCode::export_to_string(&cfg)),
        ("IpcError.ts", IpcError::export_to_string(&cfg)),
        ("LimitField.ts", LimitField::export_to_string(&cfg)),
        (
            "Language.ts",
            crate::domain::language::Language::export_to_string(&cfg),
        ),
        (
            "LanguageSettings.ts",
            crate::domain::language::LanguageSettings::export_to_string(&cfg),
        ),
        (
            "DiscretionSettings.ts",
            crate::domain::discretion::DiscretionSettings::export_to_string(&cfg),
        ),
        (
            "Theme.ts",
            crate::domain::appearance::Theme::export_to_string(&cfg),
        ),
        (
            "MotionChoice.ts",
            crate::domain::appearance::MotionChoice::export_to_string(&cfg),
        ),
        (
            "AppearanceSettings.ts",
            crate::domain::appearance::AppearanceSettings::export_to_string(&cfg),
        ),
        ("VaultFiles.ts", VaultFiles::export_to_string(&cfg)),
        ("Integrity.ts", Integrity::export_to_string(&cfg)),
        ("SetAside.ts", SetAside::export_to_string(&cfg)),
        ("VaultStatus.ts", VaultStatus::export_to_string(&cfg)),
        ("KeyringProbe.ts", KeyringProbe::export_to_string(&cfg)),
        (
            "CreateVaultRequest.ts",
            CreateVaultRequest::export_to_string(&cfg),
        ),
        ("CreatedVault.ts", CreatedVault::export_to_string(&cfg)),
        (
            "NewRecoveryCode.ts",
            NewRecoveryCode::export_to_string(&cfg),
        ),
        (
            "ChangePassphraseRequest.ts",
            ChangePassphraseRequest::export_to_string(&cfg),
        ),
        ("VaultInfo.ts", VaultInfo::export_to_string(&cfg)),
        ("Emotion.ts", Emotion::export_to_string(&cfg)),
        (
            "InterpersonalEventInput.ts",
            InterpersonalEventInput::export_to_string(&cfg),
        ),
        (
            "InterpersonalEvent.ts",
            InterpersonalEvent::export_to_string(&cfg),
        ),
        (
            "JournalEntryInput.ts",
            JournalEntryInput::export_to_string(&cfg),
        ),
        ("JournalEntry.ts", JournalEntry::export_to_string(&cfg)),
        ("JournalCursor.ts", JournalCursor::export_to_string(&cfg)),
        ("JournalQuery.ts", JournalQuery::export_to_string(&cfg)),
        ("EntrySummary.ts", EntrySummary::export_to_string(&cfg)),
        ("JournalPage.ts", JournalPage::export_to_string(&cfg)),
        ("MoodPoint.ts", MoodPoint::export_to_string(&cfg)),
        (
            "Person.ts",
            crate::domain::people::Person::export_to_string(&cfg),
        ),
        (
            "Relationship.ts",
            crate::domain::people::Relationship::export_to_string(&cfg),
        ),
        (
            "ExpectationsFit.ts",
            crate::domain::people::ExpectationsFit::export_to_string(&cfg),
        ),
        (
            "Inventory.ts",
            crate::domain::people::Inventory::export_to_string(&cfg),
        ),
        (
            "PersonLinks.ts",
            crate::domain::people::PersonLinks::export_to_string(&cfg),
        ),
        (
            "PersonDetail.ts",
            crate::domain::people::PersonDetail::export_to_string(&cfg),
        ),
        (
            "PersonSummary.ts",
            crate::domain::people::PersonSummary::export_to_string(&cfg),
        ),
        (
            "LinkedItems.ts",
            crate::domain::people::LinkedItems::export_to_string(&cfg),
        ),
        (
            "PersonEvent.ts",
            crate::domain::person_page::PersonEvent::export_to_string(&cfg),
        ),
        (
            "PersonPlan.ts",
            crate::domain::person_page::PersonPlan::export_to_string(&cfg),
        ),
        (
            "PersonWorksheet.ts",
            crate::domain::person_page::PersonWorksheet::export_to_string(&cfg),
        ),
        (
            "PersonRolePlay.ts",
            crate::domain::person_page::PersonRolePlay::export_to_string(&cfg),
        ),
        (
            "MoodOnDays.ts",
            crate::domain::person_page::MoodOnDays::export_to_string(&cfg),
        ),
        (
            "ContactMood.ts",
            crate::domain::person_page::ContactMood::export_to_string(&cfg),
        ),
        (
            "PersonPage.ts",
            crate::domain::person_page::PersonPage::export_to_string(&cfg),
        ),
        (
            "SummaryPeriod.ts",
            crate::domain::summary::SummaryPeriod::export_to_string(&cfg),
        ),
        (
            "SummaryCheckIn.ts",
            crate::domain::summary::SummaryCheckIn::export_to_string(&cfg),
        ),
        (
            "SummaryScore.ts",
            crate::domain::summary::SummaryScore::export_to_string(&cfg),
        ),
        (
            "SummaryMoodDay.ts",
            crate::domain::summary::SummaryMoodDay::export_to_string(&cfg),
        ),
        (
            "SummaryEvent.ts",
            crate::domain::summary::SummaryEvent::export_to_string(&cfg),
        ),
        (
            "SummaryPlan.ts",
            crate::domain::summary::SummaryPlan::export_to_string(&cfg),
        ),
        (
            "SummaryPractice.ts",
            crate::domain::summary::SummaryPractice::export_to_string(&cfg),
        ),
        (
            "SummaryDraft.ts",
            crate::domain::summary::SummaryDraft::export_to_string(&cfg),
        ),
        (
            "SummaryChoice.ts",
            crate::domain::summary::SummaryChoice::export_to_string(&cfg),
        ),
        (
            "InventorySheetPerson.ts",
            crate::domain::people::InventorySheetPerson::export_to_string(&cfg),
        ),
        (
            "InventorySheet.ts",
            crate::domain::people::InventorySheet::export_to_string(&cfg),
        ),
        ("JournalDraft.ts", JournalDraft::export_to_string(&cfg)),
        ("CourseFormat.ts", CourseFormat::export_to_string(&cfg)),
        ("Phase.ts", Phase::export_to_string(&cfg)),
        ("CourseInput.ts", CourseInput::export_to_string(&cfg)),
        ("Course.ts", Course::export_to_string(&cfg)),
        ("CourseOverview.ts", CourseOverview::export_to_string(&cfg)),
        ("CourseCards.ts", CourseCards::export_to_string(&cfg)),
        ("ProblemArea.ts", ProblemArea::export_to_string(&cfg)),
        ("DisputeStage.ts", DisputeStage::export_to_string(&cfg)),
        ("CourseFocus.ts", CourseFocus::export_to_string(&cfg)),
        ("SessionRecord.ts", SessionRecord::export_to_string(&cfg)),
        (
            "TimelineSession.ts",
            TimelineSession::export_to_string(&cfg),
        ),
        ("PlanStatus.ts", PlanStatus::export_to_string(&cfg)),
        ("PlanInput.ts", PlanInput::export_to_string(&cfg)),
        ("PlanOutcome.ts", PlanOutcome::export_to_string(&cfg)),
        ("Plan.ts", Plan::export_to_string(&cfg)),
        ("AgendaKind.ts", AgendaKind::export_to_string(&cfg)),
        ("AgendaItem.ts", AgendaItem::export_to_string(&cfg)),
        ("Agenda.ts", Agenda::export_to_string(&cfg)),
        ("ArchivedAgenda.ts", ArchivedAgenda::export_to_string(&cfg)),
        (
            "ReminderSettings.ts",
            ReminderSettings::export_to_string(&cfg),
        ),
        ("ReminderKind.ts", ReminderKind::export_to_string(&cfg)),
        ("DueReminder.ts", DueReminder::export_to_string(&cfg)),
        ("Approach.ts", Approach::export_to_string(&cfg)),
        ("Effect.ts", Effect::export_to_string(&cfg)),
        ("Audience.ts", Audience::export_to_string(&cfg)),
        ("ScenarioStep.ts", ScenarioStep::export_to_string(&cfg)),
        ("ScenarioEnding.ts", ScenarioEnding::export_to_string(&cfg)),
        ("Scenario.ts", Scenario::export_to_string(&cfg)),
        (
            "CustomScenarioInput.ts",
            CustomScenarioInput::export_to_string(&cfg),
        ),
        ("Trap.ts", Trap::export_to_string(&cfg)),
        ("WhoStarted.ts", WhoStarted::export_to_string(&cfg)),
        (
            "CommunicationAnalysisInput.ts",
            CommunicationAnalysisInput::export_to_string(&cfg),
        ),
        (
            "CommunicationAnalysis.ts",
            CommunicationAnalysis::export_to_string(&cfg),
        ),
        ("DecisionOption.ts", DecisionOption::export_to_string(&cfg)),
        (
            "DecisionAnalysisInput.ts",
            DecisionAnalysisInput::export_to_string(&cfg),
        ),
        (
            "DecisionAnalysis.ts",
            DecisionAnalysis::export_to_string(&cfg),
        ),
        (
            "ScenarioSummary.ts",
            ScenarioSummary::export_to_string(&cfg),
        ),
        ("RolePlayTurn.ts", RolePlayTurn::export_to_string(&cfg)),
        ("RolePlayRun.ts", RolePlayRun::export_to_string(&cfg)),
        ("Questionnaire.ts", Questionnaire::export_to_string(&cfg)),
        ("AnswerOption.ts", AnswerOption::export_to_string(&cfg)),
        (
            "DifficultyQuestion.ts",
            DifficultyQuestion::export_to_string(&cfg),
        ),
        (
            "QuestionnaireText.ts",
            QuestionnaireText::export_to_string(&cfg),
        ),
        ("CheckInInput.ts", CheckInInput::export_to_string(&cfg)),
        ("Band.ts", Band::export_to_string(&cfg)),
        ("CheckIn.ts", CheckIn::export_to_string(&cfg)),
        (
            "InvitationFrequency.ts",
            InvitationFrequency::export_to_string(&cfg),
        ),
        (
            "CheckInInvitationSettings.ts",
            CheckInInvitationSettings::export_to_string(&cfg),
        ),
        (
            "CheckInInvitation.ts",
            CheckInInvitation::export_to_string(&cfg),
        ),
        ("SafetyContact.ts", SafetyContact::export_to_string(&cfg)),
        ("SafetyPlan.ts", SafetyPlan::export_to_string(&cfg)),
        ("EndingPlan.ts", EndingPlan::export_to_string(&cfg)),
        ("ScorePoint.ts", ScorePoint::export_to_string(&cfg)),
        ("MeasureReview.ts", MeasureReview::export_to_string(&cfg)),
        ("TriedPlan.ts", TriedPlan::export_to_string(&cfg)),
        ("EndingReview.ts", EndingReview::export_to_string(&cfg)),
        ("FollowUpDue.ts", FollowUpDue::export_to_string(&cfg)),
        ("FollowUpInput.ts", FollowUpInput::export_to_string(&cfg)),
        ("FollowUp.ts", FollowUp::export_to_string(&cfg)),
    ]
    .into_iter()
    .map(|(f, r)| (f, r.unwrap_or_else(|e| format!("// export failed: {e}"))))
    .collect()
}
