//! Journal entries as the patient sees them, and the rules for what a valid entry is.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::people::tidy_person_name;
use crate::domain::text::{check_len, tidy_label, without_nul};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, LimitField, Result};

/// Longest entry text accepted. The UI warns well before it.
pub const MAX_TEXT_CHARS: usize = 200_000;
/// Longest text in one field of an interpersonal event.
pub const MAX_EVENT_FIELD_CHARS: usize = 20_000;
pub const MAX_EVENTS: usize = 50;
pub const MAX_TAGS: usize = 30;
pub const MAX_TAG_CHARS: usize = 50;
pub const MAX_CUSTOM_EMOTIONS: usize = 20;
pub const MAX_CUSTOM_EMOTION_CHARS: usize = 60;
/// Entries are kept this long in the trash before they are removed for good.
pub const TRASH_DAYS: i64 = 30;

/// The fixed, translatable emotion vocabulary; patients can add their own words beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Emotion {
    Sad,
    Lonely,
    Hurt,
    Anxious,
    Overwhelmed,
    Angry,
    Frustrated,
    Guilty,
    Ashamed,
    Numb,
    Tired,
    Calm,
    Content,
    Hopeful,
    Grateful,
    Relieved,
    Loved,
    Proud,
}

impl Emotion {
    pub const ALL: [Emotion; 18] = [
        Emotion::Sad,
        Emotion::Lonely,
        Emotion::Hurt,
        Emotion::Anxious,
        Emotion::Overwhelmed,
        Emotion::Angry,
        Emotion::Frustrated,
        Emotion::Guilty,
        Emotion::Ashamed,
        Emotion::Numb,
        Emotion::Tired,
        Emotion::Calm,
        Emotion::Content,
        Emotion::Hopeful,
        Emotion::Grateful,
        Emotion::Relieved,
        Emotion::Loved,
        Emotion::Proud,
    ];

    /// The id stored in the vault (stable; the UI translates it).
    pub fn id(self) -> &'static str {
        match self {
            Emotion::Sad => "sad",
            Emotion::Lonely => "lonely",
            Emotion::Hurt => "hurt",
            Emotion::Anxious => "anxious",
            Emotion::Overwhelmed => "overwhelmed",
            Emotion::Angry => "angry",
            Emotion::Frustrated => "frustrated",
            Emotion::Guilty => "guilty",
            Emotion::Ashamed => "ashamed",
            Emotion::Numb => "numb",
            Emotion::Tired => "tired",
            Emotion::Calm => "calm",
            Emotion::Content => "content",
            Emotion::Hopeful => "hopeful",
            Emotion::Grateful => "grateful",
            Emotion::Relieved => "relieved",
            Emotion::Loved => "loved",
            Emotion::Proud => "proud",
        }
    }

    pub fn from_id(id: &str) -> Option<Emotion> {
        Emotion::ALL.into_iter().find(|e| e.id() == id)
    }
}

/// One interpersonal event as typed: who, what happened, what I felt, what I said or did, how it
/// ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InterpersonalEventInput {
    /// An existing person…
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// …or a new name (alias or initials are fine); found case-insensitively or created.
    pub person_name: Option<String>,
    pub what_happened: String,
    pub what_i_felt: String,
    pub what_i_did: String,
    pub how_it_ended: String,
    /// Worth bringing to the next session.
    pub important: bool,
}

/// What the entry form sends, for a new entry or an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntryInput {
    /// RFC 3339 with the patient's UTC offset, e.g. `2026-11-25T19:30:00+01:00`.
    pub occurred_at: String,
    #[ts(type = "number")]
    pub mood: i64,
    pub emotions: Vec<Emotion>,
    pub custom_emotions: Vec<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub events: Vec<InterpersonalEventInput>,
    pub pinned: bool,
    /// The draft this input came from; it is removed in the same transaction as the save.
    pub draft_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InterpersonalEvent {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub what_happened: String,
    pub what_i_felt: String,
    pub what_i_did: String,
    pub how_it_ended: String,
    pub important: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub occurred_at: String,
    pub day: String,
    #[ts(type = "number")]
    pub mood: i64,
    pub emotions: Vec<Emotion>,
    pub custom_emotions: Vec<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub events: Vec<InterpersonalEvent>,
    pub pinned: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the entry is in the trash.
    pub deleted_at: Option<String>,
}

/// A validated, normalised entry ready for storage.
#[derive(Debug, Clone)]
pub struct ValidEntry {
    pub occurred_at: String,
    pub occurred_utc: String,
    pub occurred_day: String,
    pub mood: i64,
    pub emotions: Vec<Emotion>,
    pub custom_emotions: Vec<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub events: Vec<InterpersonalEventInput>,
    pub pinned: bool,
}

/// A list longer than the app accepts, naming the field and its limit for the UI.
pub(crate) fn too_many(field: LimitField, max: usize) -> Error {
    Error::new(
        ErrorCode::TooMany,
        format!("{field:?}: at most {max} per entry"),
    )
    .with_limit(Some(field), max)
}

/// Tidies a list of labels (tags, own feelings): trims, drops empty ones and case-insensitive
/// repeats, keeps the first spelling. One pass with a set, stopping as soon as the list passes
/// its limit, so a pasted list of thousands costs no more than its length.
fn tidy_labels<'a>(
    field: LimitField,
    what: &str,
    items: impl IntoIterator<Item = &'a str>,
    max_items: usize,
    max_chars: usize,
) -> Result<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for raw in items {
        let label = tidy_label(raw);
        check_len(what, &label, max_chars)?;
        if !label.is_empty() && seen.insert(label.to_lowercase()) {
            out.push(label);
            if out.len() > max_items {
                return Err(too_many(field, max_items));
            }
        }
    }
    Ok(out)
}

/// Parses an RFC 3339 timestamp from the form, refusing the implausible.
pub fn parse_occurred_at(s: &str) -> Result<DateTime<FixedOffset>> {
    let t = DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        Error::new(
            ErrorCode::InvalidDate,
            "the date and time could not be read",
        )
    })?;
    if !(1900..=2200).contains(&t.year()) {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            "the date is outside 1900–2200",
        ));
    }
    Ok(t)
}

/// Parses a `YYYY-MM-DD` filter date.
pub fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::new(ErrorCode::InvalidDate, "a filter date could not be read"))
}

impl JournalEntryInput {
    pub fn validate(&self) -> Result<ValidEntry> {
        let t = parse_occurred_at(&self.occurred_at)?;
        if !(0..=10).contains(&self.mood) {
            return Err(Error::new(
                ErrorCode::InvalidMood,
                "mood must be between 0 and 10",
            ));
        }
        check_len("the entry", &self.text, MAX_TEXT_CHARS)?;

        let mut emotions = Vec::new();
        for e in &self.emotions {
            if !emotions.contains(e) {
                emotions.push(*e);
            }
        }
        let custom_emotions = tidy_labels(
            LimitField::Feelings,
            "a feeling",
            self.custom_emotions.iter().map(String::as_str),
            MAX_CUSTOM_EMOTIONS,
            MAX_CUSTOM_EMOTION_CHARS,
        )?;
        let tags = tidy_labels(
            LimitField::Tags,
            "a tag",
            self.tags.iter().map(|t| t.trim_start_matches('#')),
            MAX_TAGS,
            MAX_TAG_CHARS,
        )?;

        if self.events.len() > MAX_EVENTS {
            return Err(too_many(LimitField::Events, MAX_EVENTS));
        }
        let mut events = Vec::with_capacity(self.events.len());
        for ev in &self.events {
            for (what, field) in [
                ("what happened", &ev.what_happened),
                ("what I felt", &ev.what_i_felt),
                ("what I said or did", &ev.what_i_did),
                ("how it ended", &ev.how_it_ended),
            ] {
                check_len(what, field, MAX_EVENT_FIELD_CHARS)?;
            }
            let person_name = tidy_person_name(ev.person_name.as_deref())?;
            events.push(InterpersonalEventInput {
                person_name,
                what_happened: without_nul(&ev.what_happened),
                what_i_felt: without_nul(&ev.what_i_felt),
                what_i_did: without_nul(&ev.what_i_did),
                how_it_ended: without_nul(&ev.how_it_ended),
                ..ev.clone()
            });
        }

        Ok(ValidEntry {
            occurred_at: t.to_rfc3339_opts(SecondsFormat::Secs, false),
            occurred_utc: utc_string(t.with_timezone(&Utc)),
            occurred_day: t.date_naive().format("%Y-%m-%d").to_string(),
            mood: self.mood,
            emotions,
            custom_emotions,
            text: without_nul(&self.text),
            tags,
            events,
            pinned: self.pinned,
        })
    }
}

// ---- Export ---------------------------------------------------------------------------------

/// One moment with someone, as the export carries it: the person by their stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedEvent {
    /// The person's `uid` (in the export's `people` or already in the vault), or none.
    pub person: Option<String>,
    pub what_happened: String,
    pub what_i_felt: String,
    pub what_i_did: String,
    pub how_it_ended: String,
    pub important: bool,
}

/// One journal entry as the export carries it (trashed ones too, with `deletedAt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedEntry {
    pub uid: String,
    /// RFC 3339 with the offset it was written in.
    pub occurred_at: String,
    pub mood: i64,
    pub emotions: Vec<Emotion>,
    pub custom_emotions: Vec<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub events: Vec<ExportedEvent>,
    pub pinned: bool,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// The journal's part of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalExport {
    pub entries: Vec<ExportedEntry>,
}

impl ExportedEntry {
    /// Checks the entry by the same rules as the entry form (the person ids are resolved by the
    /// import); returns it ready for storage.
    pub fn validate(&self) -> Result<ValidEntry> {
        crate::domain::text::check_uid(&self.uid)?;
        for t in [&self.created_at, &self.updated_at]
            .into_iter()
            .chain(self.deleted_at.as_ref())
        {
            parse_occurred_at(t)?;
        }
        JournalEntryInput {
            occurred_at: self.occurred_at.clone(),
            mood: self.mood,
            emotions: self.emotions.clone(),
            custom_emotions: self.custom_emotions.clone(),
            text: self.text.clone(),
            tags: self.tags.clone(),
            events: self
                .events
                .iter()
                .map(|e| InterpersonalEventInput {
                    person_id: None,
                    person_name: None,
                    what_happened: e.what_happened.clone(),
                    what_i_felt: e.what_i_felt.clone(),
                    what_i_did: e.what_i_did.clone(),
                    how_it_ended: e.how_it_ended.clone(),
                    important: e.important,
                })
                .collect(),
            pinned: self.pinned,
            draft_key: None,
        }
        .validate()
    }
}

/// A moment of an entry, as other features name it: `event:<entry>:<position>`, the entry by its
/// local id in the vault or by its `uid` in an export (the position is its place in the entry,
/// which an edit keeps).
pub fn event_key(entry: impl std::fmt::Display, position: u32) -> String {
    format!("event:{entry}:{position}")
}

/// The entry (local id or uid, as written) and the position of an `event:<entry>:<position>`
/// key; `None` for anything else.
pub fn split_event_key(key: &str) -> Option<(&str, u32)> {
    let (entry, position) = key.strip_prefix("event:")?.rsplit_once(':')?;
    let position: u32 = position.parse().ok()?;
    (!entry.is_empty() && !entry.contains(':')).then_some((entry, position))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> JournalEntryInput {
        JournalEntryInput {
            occurred_at: "2026-03-29T01:30:00+01:00".into(),
            mood: 4,
            emotions: vec![Emotion::Sad, Emotion::Sad, Emotion::Hopeful],
            custom_emotions: vec!["  left   out ".into(), "Left out".into(), "".into()],
            text: "text".into(),
            tags: vec!["#work".into(), "Work".into(), " family  time ".into()],
            events: vec![],
            pinned: false,
            draft_key: None,
        }
    }

    #[test]
    fn normalises_labels_and_local_day() {
        let v = input().validate().expect("valid");
        assert_eq!(v.emotions, vec![Emotion::Sad, Emotion::Hopeful]);
        assert_eq!(v.custom_emotions, vec!["left out"]);
        assert_eq!(v.tags, vec!["work", "family time"]);
        // The local day, not the UTC one (00:30 UTC on the 29th; local 01:30 on the 29th).
        assert_eq!(v.occurred_day, "2026-03-29");
        assert_eq!(v.occurred_utc, "2026-03-29T00:30:00.000Z");
        let late = JournalEntryInput {
            occurred_at: "2026-03-29T23:30:00-05:00".into(),
            ..input()
        };
        assert_eq!(late.validate().expect("valid").occurred_day, "2026-03-29");
    }

    #[test]
    fn refuses_bad_dates_moods_and_lengths_with_codes() {
        let code = |i: JournalEntryInput| i.validate().err().map(|e| e.code());
        assert_eq!(
            code(JournalEntryInput {
                occurred_at: "yesterday".into(),
                ..input()
            }),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(
            code(JournalEntryInput {
                occurred_at: "2026-02-30T10:00:00Z".into(),
                ..input()
            }),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(
            code(JournalEntryInput {
                occurred_at: "1850-01-01T10:00:00Z".into(),
                ..input()
            }),
            Some(ErrorCode::InvalidDate)
        );
        assert_eq!(
            code(JournalEntryInput {
                mood: 11,
                ..input()
            }),
            Some(ErrorCode::InvalidMood)
        );
        assert_eq!(
            code(JournalEntryInput {
                mood: -1,
                ..input()
            }),
            Some(ErrorCode::InvalidMood)
        );
        assert_eq!(
            code(JournalEntryInput {
                text: "é".repeat(MAX_TEXT_CHARS + 1),
                ..input()
            }),
            Some(ErrorCode::TooLong)
        );
        // Exactly at the limit is fine, even in multi-byte characters.
        assert!(
            JournalEntryInput {
                text: "é".repeat(MAX_TEXT_CHARS),
                ..input()
            }
            .validate()
            .is_ok()
        );
        assert_eq!(
            code(JournalEntryInput {
                tags: vec!["x".repeat(51)],
                ..input()
            }),
            Some(ErrorCode::TooLong)
        );
    }

    #[test]
    fn emotion_ids_round_trip() {
        for e in Emotion::ALL {
            assert_eq!(Emotion::from_id(e.id()), Some(e));
            assert_eq!(
                serde_json::to_string(&e).expect("json"),
                format!("\"{}\"", e.id())
            );
        }
        assert_eq!(Emotion::from_id("nope"), None);
    }
}
