//! Check-ins as FHIR R4: the few parts of the standard the app writes (a `collection` Bundle of
//! completed QuestionnaireResponses), hand-written, and the pure mapping from check-ins to it.
//!
//! Each PHQ-9 or GAD-7 becomes one QuestionnaireResponse naming the LOINC panel as its
//! questionnaire; each answered item is an item whose `linkId` is the item's LOINC code, with the
//! published wording as its text and the LOINC answer as a `valueCoding`; the total is one more
//! item (`valueInteger`). An unanswered item is left out, never sent as 0; a check-in with too
//! few answers for a total has no total item. The bundle names no one: the app has no name for
//! the patient, and no `subject` or Patient resource is written.
//!
//! R4's QuestionnaireResponse item has no `code` element (that lives on the Questionnaire), so
//! the LOINC code travels as the `linkId`, as in the LOINC panels' own FHIR forms.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::checkins::{CheckIn, Questionnaire};
use crate::error::{Error, ErrorCode, Result};

/// The code system of every code written here.
pub const LOINC: &str = "http://loinc.org";

/// The LOINC answers for 0–3 (both instruments share them, as they share the wording).
pub const ANSWERS: [(&str, &str); 4] = [
    ("LA6568-5", "Not at all"),
    ("LA6569-3", "Several days"),
    ("LA6570-1", "More than half the days"),
    ("LA6571-9", "Nearly every day"),
];

const PHQ9_ITEMS: [&str; 9] = [
    "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
    "44260-8",
];
const GAD7_ITEMS: [&str; 7] = [
    "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
];

/// An instrument's LOINC panel (the questionnaire's canonical URL), item codes in the app's
/// order, and total score code.
pub struct Loinc {
    pub questionnaire: &'static str,
    pub items: &'static [&'static str],
    pub total: &'static str,
}

pub fn loinc(kind: Questionnaire) -> Loinc {
    match kind {
        Questionnaire::Phq9 => Loinc {
            questionnaire: "http://loinc.org/q/44249-1",
            items: &PHQ9_ITEMS,
            total: "44261-6",
        },
        Questionnaire::Gad7 => Loinc {
            questionnaire: "http://loinc.org/q/69737-5",
            items: &GAD7_ITEMS,
            total: "70274-6",
        },
    }
}

// ---- The FHIR R4 types (only what is written) ------------------------------------------------

/// `resourceType` is the struct's name (serde's tag on a struct).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resourceType", rename_all = "camelCase")]
pub struct Bundle {
    pub id: String,
    /// Always `collection`: a set of resources kept together, not a transaction for a server.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the bundle was made (FHIR `instant`).
    pub timestamp: String,
    pub entry: Vec<BundleEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleEntry {
    /// `urn:uuid:…`: the resource has no address on a server.
    pub full_url: String,
    pub resource: QuestionnaireResponse,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resourceType", rename_all = "camelCase")]
pub struct QuestionnaireResponse {
    pub id: String,
    /// The LOINC panel's canonical URL.
    pub questionnaire: String,
    /// Always `completed`: a check-in is saved once, finished.
    pub status: String,
    /// When the check-in was taken, with the local offset (FHIR `dateTime`).
    pub authored: String,
    pub item: Vec<ResponseItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem {
    /// The item's LOINC code.
    pub link_id: String,
    pub text: String,
    pub answer: Vec<Answer>,
}

/// `{"valueCoding": {…}}` or `{"valueInteger": n}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    ValueCoding(Coding),
    ValueInteger(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    pub system: String,
    pub code: String,
    pub display: String,
}

/// What saving the bundle did: how many check-ins went in, and the file's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FhirExportSummary {
    pub check_ins: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

// ---- The mapping ------------------------------------------------------------------------------

/// The period asked for: `YYYY-MM-DD` local days, both included; `from` not after `to`.
pub fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let day = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Error::new(ErrorCode::InvalidDate, "a period date could not be read"))
    };
    let (from, to) = (day(from)?, day(to)?);
    if from > to {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            "the period ends before it starts",
        ));
    }
    Ok((from, to))
}

/// When a check-in was taken, in `tz`.
pub fn taken_in<Tz: TimeZone>(check_in: &CheckIn, tz: &Tz) -> Result<DateTime<Tz>> {
    DateTime::parse_from_rfc3339(&check_in.taken_at)
        .map(|t| t.with_timezone(tz))
        .map_err(|_| Error::new(ErrorCode::Damaged, "a check-in's time could not be read"))
}

/// One check-in as a completed QuestionnaireResponse with the resource id `id`; its time is
/// written in `tz` with that zone's offset.
pub fn questionnaire_response<Tz: TimeZone>(
    id: &str,
    check_in: &CheckIn,
    tz: &Tz,
) -> Result<QuestionnaireResponse>
where
    Tz::Offset: std::fmt::Display,
{
    let codes = loinc(check_in.kind);
    let wording = check_in.kind.text().items;
    if check_in.answers.len() != codes.items.len() {
        return Err(Error::new(ErrorCode::Damaged, "a check-in is damaged"));
    }
    let mut item = Vec::with_capacity(codes.items.len() + 1);
    for ((code, text), answer) in codes.items.iter().zip(wording).zip(&check_in.answers) {
        // An unanswered item is left out: it is not the same as "not at all".
        let Some(value) = answer else { continue };
        let (answer_code, display) = ANSWERS
            .get(usize::from(*value))
            .ok_or_else(|| Error::new(ErrorCode::Damaged, "a check-in is damaged"))?;
        item.push(ResponseItem {
            link_id: (*code).to_owned(),
            text,
            answer: vec![Answer::ValueCoding(Coding {
                system: LOINC.to_owned(),
                code: (*answer_code).to_owned(),
                display: (*display).to_owned(),
            })],
        });
    }
    if let Some(score) = check_in.score {
        let answered = check_in.answers.iter().flatten().count();
        let title = check_in.kind.text().title;
        item.push(ResponseItem {
            link_id: codes.total.to_owned(),
            text: if check_in.prorated {
                format!("{title} total score (scaled up from the {answered} answered items)")
            } else {
                format!("{title} total score")
            },
            answer: vec![Answer::ValueInteger(u32::from(score))],
        });
    }
    Ok(QuestionnaireResponse {
        id: id.to_owned(),
        questionnaire: codes.questionnaire.to_owned(),
        status: "completed".to_owned(),
        authored: taken_in(check_in, tz)?.to_rfc3339_opts(SecondsFormat::Secs, false),
        item,
    })
}

/// The check-ins as one `collection` Bundle, in the order given. Each pair is the UUID the
/// resource goes by (its `id`, and `urn:uuid:` + it as the entry's `fullUrl`) and the check-in.
pub fn bundle<Tz: TimeZone>(
    id: &str,
    made_at: DateTime<Utc>,
    check_ins: &[(String, &CheckIn)],
    tz: &Tz,
) -> Result<Bundle>
where
    Tz::Offset: std::fmt::Display,
{
    Ok(Bundle {
        id: id.to_owned(),
        kind: "collection".to_owned(),
        timestamp: made_at
            .with_timezone(tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        entry: check_ins
            .iter()
            .map(|(uuid, c)| {
                Ok(BundleEntry {
                    full_url: format!("urn:uuid:{uuid}"),
                    resource: questionnaire_response(uuid, c, tz)?,
                })
            })
            .collect::<Result<_>>()?,
    })
}

/// A random (version 4) UUID, written the usual way, from 16 random bytes.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkins::CheckInInput;
    use chrono::FixedOffset;

    fn check_in(kind: Questionnaire, answers: Vec<Option<u8>>) -> CheckIn {
        CheckIn::scored(
            1,
            "2026-11-03T16:30:00.000Z".into(),
            CheckInInput {
                kind,
                answers,
                difficulty: None,
            },
        )
    }

    #[test]
    fn the_item_codes_match_the_wording_one_for_one() {
        for kind in Questionnaire::ALL {
            assert_eq!(loinc(kind).items.len(), kind.item_count());
        }
    }

    #[test]
    fn unanswered_items_are_left_out_and_too_few_answers_give_no_total() {
        let tz = FixedOffset::east_opt(3600).expect("offset");
        let c = check_in(
            Questionnaire::Gad7,
            vec![Some(1), None, None, None, Some(2), Some(3), Some(0)],
        );
        let r = questionnaire_response("x", &c, &tz).expect("response");
        let ids: Vec<&str> = r.item.iter().map(|i| i.link_id.as_str()).collect();
        assert_eq!(ids, ["69725-0", "69735-9", "69689-8", "69736-7"]);
        assert_eq!(r.authored, "2026-11-03T17:30:00+01:00");
    }

    #[test]
    fn a_period_is_read_and_checked() {
        assert!(period("2026-01-01", "2026-01-01").is_ok());
        for (from, to) in [
            ("2026-01-02", "2026-01-01"),
            ("2026-13-01", "2026-12-01"),
            ("", ""),
        ] {
            assert_eq!(
                period(from, to).err().map(|e| e.code()),
                Some(ErrorCode::InvalidDate)
            );
        }
    }

    #[test]
    fn uuids_are_version_4() {
        let u = uuid_v4([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}
