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
}
