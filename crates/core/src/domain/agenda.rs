//! The agenda for the next session: what the patient wants to bring, gathered from the journal
//! (pinned entries, events marked important), the between-session plans and their outcomes, and
//! questions added during the week. Pure rules, no storage.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::plans::PlanStatus;
use crate::domain::text::check_len;
use crate::error::{Error, Result};

pub const MAX_QUESTION_CHARS: usize = 2_000;
pub const MAX_AGENDA_ITEMS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AgendaKind {
    /// A journal entry pinned "bring this to my next session".
    Entry,
    /// An interpersonal event marked important.
    Event,
    /// A between-session plan, with how it went.
    Plan,
    /// A question or topic the patient added.
    Question,
}

/// One thing to bring. `key` names its source (`entry:12`, `event:12:0`, `plan:3`,
/// `question:7`) and is what the patient's order and the archive refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub key: String,
    pub kind: AgendaKind,
    /// The entry's opening words, what happened, the plan, or the question.
    pub text: String,
    /// How it felt (an event), or the reflection on a plan.
    pub detail: String,
    /// The entry's local day, or the plan's due date.
    pub day: Option<String>,
    pub person: Option<String>,
    #[ts(type = "number | null")]
    pub mood: Option<i64>,
    pub plan_status: Option<PlanStatus>,
}

impl AgendaItem {
    /// One of the patient's own questions, keyed `question:<id>`.
    pub fn question(id: i64, text: String) -> Self {
        AgendaItem {
            key: format!("question:{id}"),
            kind: AgendaKind::Question,
            text,
            detail: String::new(),
            day: None,
            person: None,
            mood: None,
            plan_status: None,
        }
    }
}

/// The open agenda, for the next session (if the course is set up and not complete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Agenda {
    #[ts(type = "number | null")]
    pub session_number: Option<i64>,
    pub session_date: Option<String>,
    pub items: Vec<AgendaItem>,
}

/// An agenda kept with the session it was for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedAgenda {
    #[ts(type = "number")]
    pub session_number: i64,
    pub items: Vec<AgendaItem>,
}

/// Puts items in the patient's order: keys they placed come first, in their order; items that
/// arrived since (a newly pinned entry, a new question) follow in the order they were gathered.
pub fn order_items(items: Vec<AgendaItem>, saved: &[(String, i64)]) -> Vec<AgendaItem> {
    let position = |key: &str| saved.iter().find(|(k, _)| k == key).map(|(_, p)| *p);
    let mut indexed: Vec<(Option<i64>, usize, AgendaItem)> = items
        .into_iter()
        .enumerate()
        .map(|(i, it)| (position(&it.key), i, it))
        .collect();
    // Placed items (Some) before new ones (None); then by position; then as gathered.
    indexed.sort_by_key(|(p, i, _)| (p.is_none(), *p, *i));
    indexed.into_iter().map(|(_, _, it)| it).collect()
}

/// Checks a new order sent by the UI: each key once, and no more than the agenda can hold.
pub fn validate_order(keys: &[String]) -> Result<()> {
    if keys.len() > MAX_AGENDA_ITEMS {
        return Err(Error::invalid("too many agenda items"));
    }
    for (i, k) in keys.iter().enumerate() {
        if k.is_empty() || k.len() > 64 || keys[..i].contains(k) {
            return Err(Error::invalid(
                "the agenda order names an item twice or badly",
            ));
        }
    }
    Ok(())
}

/// A question as typed: trimmed, not empty, bounded.
pub fn validate_question(text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid("the question is empty"));
    }
    check_len("a question", t, MAX_QUESTION_CHARS)?;
    Ok(t.to_owned())
}

// ---- Export ---------------------------------------------------------------------------------

/// One question for a session, as the export carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedQuestion {
    pub uid: String,
    pub text: String,
    pub created_at: String,
    /// The session it was brought to, if it was.
    pub archived_in: Option<i64>,
}

/// One item of an agenda kept with its session, as the export carries it: the snapshot as it
/// was brought, and what it came from by stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedAgendaItem {
    /// `entry:<uid>`, `event:<entry uid>:<position>`, `plan:<uid>` or `question:<uid>`; none
    /// when what it came from is gone.
    pub source: Option<String>,
    pub kind: AgendaKind,
    pub text: String,
    pub detail: String,
    pub day: Option<String>,
    pub person: Option<String>,
    pub mood: Option<i64>,
    pub plan_status: Option<PlanStatus>,
}

/// An agenda as it stood when its session was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedArchivedAgenda {
    pub session_number: i64,
    pub items: Vec<ExportedAgendaItem>,
}

/// The agenda's part of an export: the patient's own questions, the agendas kept with their
/// sessions, and the patient's order for the open agenda (the open agenda itself is gathered
/// from the journal and plans when asked for).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgendaExport {
    pub questions: Vec<ExportedQuestion>,
    pub archived: Vec<ExportedArchivedAgenda>,
    /// The open agenda's items the patient placed, first to last, by stable key (as `source`).
    pub order: Vec<String>,
}

/// The longest text of an archived item (an event's words or a plan's reflection).
pub const MAX_ITEM_TEXT_CHARS: usize = 20_000;

/// The kind an item key names (`entry:<id>`, `event:<entry>:<position>`, `plan:<id>`,
/// `question:<id>`), its row as written (an event's row is its entry) and an event's position.
/// `None` for a key of any other form.
pub fn split_key(key: &str) -> Option<(AgendaKind, &str, Option<u32>)> {
    if let Some((entry, position)) = crate::domain::journal::split_event_key(key) {
        return Some((AgendaKind::Event, entry, Some(position)));
    }
    let (kind, id) = key.split_once(':')?;
    let kind = match kind {
        "entry" => AgendaKind::Entry,
        "plan" => AgendaKind::Plan,
        "question" => AgendaKind::Question,
        _ => return None,
    };
    (!id.is_empty() && !id.contains(':')).then_some((kind, id, None))
}

/// Rewrites the row an item key names through `row`, which gets the kind and the row as written
/// and answers the other id: local ids to uids for an export, uids to local ids for an import.
/// `None` when the key has no such form or `row` does not know the row.
pub fn rekey(key: &str, row: impl FnOnce(AgendaKind, &str) -> Option<String>) -> Option<String> {
    let (kind, id, position) = split_key(key)?;
    let other = row(kind, id)?;
    Some(match position {
        Some(p) => crate::domain::journal::event_key(other, p),
        None => format!("{}:{other}", kind_id(kind)),
    })
}

fn kind_id(kind: AgendaKind) -> &'static str {
    match kind {
        AgendaKind::Entry => "entry",
        AgendaKind::Event => "event",
        AgendaKind::Plan => "plan",
        AgendaKind::Question => "question",
    }
}

/// Checks a stable key in an export (a known kind and a well-formed uid); returns its kind and
/// the uid of its row.
pub fn check_stable_key(key: &str) -> Result<(AgendaKind, &str)> {
    let (kind, uid, _) = split_key(key).ok_or_else(|| {
        Error::new(
            crate::error::ErrorCode::ImportInvalid,
            "an agenda item names what it came from badly",
        )
    })?;
    crate::domain::text::check_uid(uid)?;
    Ok((kind, uid))
}

impl ExportedQuestion {
    pub fn validate(&self) -> Result<ExportedQuestion> {
        crate::domain::text::check_uid(&self.uid)?;
        check_len("a date", &self.created_at, 64)?;
        if self.archived_in.is_some_and(|n| !(1..=30).contains(&n)) {
            return Err(Error::invalid("a question names a session outside 1–30"));
        }
        Ok(ExportedQuestion {
            text: validate_question(&self.text)?,
            ..self.clone()
        })
    }
}

impl ExportedArchivedAgenda {
    /// Checks a kept agenda: a session of a course (1–30), at least one item and no more than an
    /// agenda holds, each item's source well formed and of its own kind, its text within bounds.
    pub fn validate(&self) -> Result<()> {
        if !(1..=30).contains(&self.session_number) {
            return Err(Error::invalid("an agenda names a session outside 1–30"));
        }
        if self.items.is_empty() {
            // The app keeps an agenda only when something was brought.
            return Err(Error::invalid("a kept agenda has no items"));
        }
        if self.items.len() > MAX_AGENDA_ITEMS {
            return Err(Error::invalid("too many agenda items"));
        }
        for it in &self.items {
            if let Some(src) = &it.source
                && check_stable_key(src)?.0 != it.kind
            {
                return Err(Error::new(
                    crate::error::ErrorCode::ImportInvalid,
                    "an agenda item's source is of another kind",
                ));
            }
            check_len("an agenda item", &it.text, MAX_ITEM_TEXT_CHARS)?;
            check_len("an agenda item", &it.detail, MAX_ITEM_TEXT_CHARS)?;
            if let Some(d) = &it.day {
                check_len("a date", d, 64)?;
            }
            if let Some(p) = &it.person {
                check_len("a name", p, crate::domain::people::MAX_PERSON_NAME_CHARS)?;
            }
            if it.mood.is_some_and(|m| !(0..=10).contains(&m)) {
                return Err(Error::new(
                    crate::error::ErrorCode::InvalidMood,
                    "mood must be between 0 and 10",
                ));
            }
        }
        Ok(())
    }

    /// The items as the agenda keeps them, each with its key in this vault.
    pub fn to_items(&self, local_keys: &[String]) -> Vec<AgendaItem> {
        self.items
            .iter()
            .zip(local_keys)
            .map(|(it, key)| AgendaItem {
                key: key.clone(),
                kind: it.kind,
                text: it.text.clone(),
                detail: it.detail.clone(),
                day: it.day.clone(),
                person: it.person.clone(),
                mood: it.mood,
                plan_status: it.plan_status,
            })
            .collect()
    }
}

/// Checks the order for the open agenda in an export, as the order the UI sends is checked, and
/// each key as a stable key.
pub fn validate_exported_order(keys: &[String]) -> Result<()> {
    validate_order(keys)?;
    for k in keys {
        check_stable_key(k)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn item(key: &str) -> AgendaItem {
        AgendaItem {
            key: key.into(),
            kind: AgendaKind::Question,
            text: key.into(),
            detail: String::new(),
            day: None,
            person: None,
            mood: None,
            plan_status: None,
        }
    }

    fn keys(items: &[AgendaItem]) -> Vec<&str> {
        items.iter().map(|i| i.key.as_str()).collect()
    }

    #[test]
    fn the_patients_order_comes_first_then_new_items_as_gathered() {
        let gathered = vec![
            item("entry:1"),
            item("plan:2"),
            item("question:3"),
            item("entry:4"),
        ];
        let saved = vec![
            ("question:3".to_owned(), 0),
            ("entry:1".to_owned(), 1),
            ("gone:9".to_owned(), 2),
        ];
        assert_eq!(
            keys(&order_items(gathered, &saved)),
            ["question:3", "entry:1", "plan:2", "entry:4"]
        );
        assert_eq!(
            keys(&order_items(vec![item("a"), item("b")], &[])),
            ["a", "b"]
        );
    }

    #[test]
    fn orders_and_questions_are_checked() {
        assert!(validate_order(&["a".into(), "b".into()]).is_ok());
        assert!(validate_order(&["a".into(), "a".into()]).is_err());
        assert!(validate_order(&["".into()]).is_err());
        assert_eq!(
            validate_question("  Why do I go quiet?  ").expect("ok"),
            "Why do I go quiet?"
        );
        assert_eq!(
            validate_question(" ").err().map(|e| e.code()),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            validate_question(&"?".repeat(MAX_QUESTION_CHARS + 1))
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::TooLong)
        );
    }

    #[test]
    fn item_keys_are_rewritten_both_ways_and_checked() {
        let to_uid = |_: AgendaKind, id: &str| (id == "12").then(|| "abc".to_owned());
        assert_eq!(rekey("entry:12", to_uid).as_deref(), Some("entry:abc"));
        assert_eq!(rekey("event:12:3", to_uid).as_deref(), Some("event:abc:3"));
        assert_eq!(rekey("plan:12", to_uid).as_deref(), Some("plan:abc"));
        assert_eq!(
            rekey("question:12", to_uid).as_deref(),
            Some("question:abc")
        );
        assert_eq!(rekey("plan:13", to_uid), None, "a row that is gone");
        for bad in [
            "gone:1:0",
            "entry:",
            "event:12",
            "event:12:x",
            "entry:1:2",
            "x",
        ] {
            assert_eq!(rekey(bad, to_uid), None, "{bad}");
        }
        assert_eq!(
            check_stable_key("event:abc:0").expect("ok"),
            (AgendaKind::Event, "abc")
        );
        assert_eq!(
            check_stable_key("entry:<b>").err().map(|e| e.code()),
            Some(ErrorCode::ImportInvalid)
        );
        assert_eq!(
            check_stable_key("note:abc").err().map(|e| e.code()),
            Some(ErrorCode::ImportInvalid)
        );
    }
}
