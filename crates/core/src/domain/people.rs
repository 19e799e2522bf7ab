//! The people in the patient's life, as the app names them: a display name (an alias or initials
//! are always fine). The People issue grows this into the interpersonal inventory.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::circle::Snapshot;
use crate::domain::course::Phase;

use crate::domain::text::{check_len, tidy_label, without_nul};
use crate::error::{Error, ErrorCode, Result};

pub const MAX_PERSON_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
    /// Who they are to the patient, so pickers can tell two people of the same name apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub relationship: Option<Relationship>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub relationship_word: Option<String>,
}

/// A new person's name as typed (alias or initials are fine), tidied. "Someone new" with no name
/// is refused rather than quietly saved as nobody.
pub fn tidy_person_name(name: Option<&str>) -> Result<Option<String>> {
    let Some(name) = name.map(tidy_label) else {
        return Ok(None);
    };
    if name.is_empty() {
        return Err(Error::new(
            ErrorCode::NameMissing,
            "a new person needs a name, initials or an alias",
        ));
    }
    check_len("a name", &name, MAX_PERSON_NAME_CHARS)?;
    Ok(Some(name))
}

/// Longest answer to one inventory question.
pub const MAX_INVENTORY_ANSWER_CHARS: usize = 2000;
/// Longest "how often we are in touch" and the patient's own word for a relationship.
pub const MAX_INVENTORY_SHORT_CHARS: usize = 200;

/// Who someone is to the patient. `Other` goes with the patient's own word when none fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Relationship {
    Partner,
    Parent,
    Child,
    Sibling,
    Friend,
    Colleague,
    Other,
}

impl Relationship {
    pub const ALL: [Relationship; 7] = [
        Relationship::Partner,
        Relationship::Parent,
        Relationship::Child,
        Relationship::Sibling,
        Relationship::Friend,
        Relationship::Colleague,
        Relationship::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Partner => "partner",
            Relationship::Parent => "parent",
            Relationship::Child => "child",
            Relationship::Sibling => "sibling",
            Relationship::Friend => "friend",
            Relationship::Colleague => "colleague",
            Relationship::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Whether what I expect of them and what they expect of me fit together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExpectationsFit {
    Yes,
    Partly,
    No,
    NotSure,
}

impl ExpectationsFit {
    pub const ALL: [ExpectationsFit; 4] = [
        ExpectationsFit::Yes,
        ExpectationsFit::Partly,
        ExpectationsFit::No,
        ExpectationsFit::NotSure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExpectationsFit::Yes => "yes",
            ExpectationsFit::Partly => "partly",
            ExpectationsFit::No => "no",
            ExpectationsFit::NotSure => "notSure",
        }
    }

    pub fn parse(s: &str) -> Option<ExpectationsFit> {
        ExpectationsFit::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One person in the inventory: the name and the answers, every answer optional ('' or none).
/// The same shape is the form's input, what the person's page reads and what the export carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Inventory {
    pub display_name: String,
    pub relationship: Option<Relationship>,
    /// The patient's own word when none of the list fits (goes with `Other`).
    pub relationship_word: String,
    /// How often we are in touch.
    pub contact_often: String,
    /// What we do together.
    pub together: String,
    pub good: String,
    pub hard: String,
    /// What I expect of them.
    pub i_expect: String,
    /// What they expect of me.
    pub they_expect: String,
    pub expectations_fit: Option<ExpectationsFit>,
    /// What I'd like to change.
    pub would_change: String,
    /// How it has changed since I started feeling low.
    pub since_low: String,
}

impl Inventory {
    /// The answers tidied and checked: a name is required (≤ 200 characters after tidying),
    /// each answer within its limit, the own word only with "other" (an own word alone means
    /// "other").
    pub fn validate(&self) -> Result<Inventory> {
        let name = tidy_person_name(Some(&self.display_name))?.unwrap_or_default();
        let word = tidy_label(&self.relationship_word);
        check_len(
            "the word for who they are to you",
            &word,
            MAX_INVENTORY_SHORT_CHARS,
        )?;
        let relationship = match (self.relationship, word.is_empty()) {
            (Some(Relationship::Other) | None, false) => Some(Relationship::Other),
            (Some(_), false) => {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "an own word for the relationship goes with \"other\"",
                ));
            }
            (r, true) => r,
        };
        let contact_often = without_nul(self.contact_often.trim());
        check_len(
            "how often you are in touch",
            &contact_often,
            MAX_INVENTORY_SHORT_CHARS,
        )?;
        let answer = |what: &str, s: &str| -> Result<String> {
            let s = without_nul(s.trim());
            check_len(what, &s, MAX_INVENTORY_ANSWER_CHARS)?;
            Ok(s)
        };
        Ok(Inventory {
            display_name: name,
            relationship,
            relationship_word: word,
            contact_often,
            together: answer("what you do together", &self.together)?,
            good: answer("what is good", &self.good)?,
            hard: answer("what is hard", &self.hard)?,
            i_expect: answer("what you expect of them", &self.i_expect)?,
            they_expect: answer("what they expect of you", &self.they_expect)?,
            expectations_fit: self.expectations_fit,
            would_change: answer("what you would like to change", &self.would_change)?,
            since_low: answer("how it has changed", &self.since_low)?,
        })
    }

    /// These answers with every empty one filled from `other` (a merge: the kept person's
    /// answers win; the name is never taken from `other`).
    pub fn filled_from(&self, other: &Inventory) -> Inventory {
        let pick = |mine: &String, theirs: &String| {
            if mine.is_empty() {
                theirs.clone()
            } else {
                mine.clone()
            }
        };
        let (relationship, relationship_word) = if self.relationship.is_none() {
            (other.relationship, other.relationship_word.clone())
        } else {
            (self.relationship, self.relationship_word.clone())
        };
        Inventory {
            display_name: self.display_name.clone(),
            relationship,
            relationship_word,
            contact_often: pick(&self.contact_often, &other.contact_often),
            together: pick(&self.together, &other.together),
            good: pick(&self.good, &other.good),
            hard: pick(&self.hard, &other.hard),
            i_expect: pick(&self.i_expect, &other.i_expect),
            they_expect: pick(&self.they_expect, &other.they_expect),
            expectations_fit: self.expectations_fit.or(other.expectations_fit),
            would_change: pick(&self.would_change, &other.would_change),
            since_low: pick(&self.since_low, &other.since_low),
        }
    }
}

/// How many items name a person, by kind (what a merge or delete moves or unlinks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonLinks {
    #[ts(type = "number")]
    pub events: i64,
    #[ts(type = "number")]
    pub plans: i64,
    #[ts(type = "number")]
    pub worksheets: i64,
    #[ts(type = "number")]
    pub scenarios: i64,
}

/// One person as the People page shows them: their answers, whether archived, what names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonDetail {
    #[ts(type = "number")]
    pub id: i64,
    pub inventory: Inventory,
    pub archived_at: Option<String>,
    pub created_at: String,
    pub links: PersonLinks,
}

/// One row of the People page's list: active people first (A–Z), then archived ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
    pub relationship: Option<Relationship>,
    pub relationship_word: String,
    pub archived: bool,
}

/// What happens to the items that name a person who is deleted: they move to another person,
/// or they keep every word and only lose the link. There is no default: the patient chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum LinkedItems {
    MoveTo {
        #[serde(rename = "personId")]
        #[ts(type = "number")]
        person_id: i64,
    },
    KeepUnlinked,
}

/// One person's answers on the printable inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InventorySheetPerson {
    #[ts(type = "number")]
    pub id: i64,
    pub inventory: Inventory,
}

/// The printable inventory: everyone not archived (A–Z) with their answers, and the circle as
/// last saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InventorySheet {
    pub people: Vec<InventorySheetPerson>,
    pub circle: Option<Snapshot>,
}

/// Home invites the inventory review while fewer people than this are on the list.
pub const REVIEW_INVITE_BELOW: i64 = 3;
/// "Not now" on the invitation hides it for this many days.
pub const REVIEW_QUIET_DAYS: i64 = 7;

/// Whether Home invites the guided inventory review: only at the start of the course (before
/// the first session or in its first phase, when the therapist takes the inventory), while
/// fewer than [`REVIEW_INVITE_BELOW`] people are on the list, and not within
/// [`REVIEW_QUIET_DAYS`] of a "not now".
pub fn review_invited(
    phase: Phase,
    active_people: i64,
    today: NaiveDate,
    not_now_on: Option<NaiveDate>,
) -> bool {
    matches!(phase, Phase::NotStarted | Phase::Initial)
        && active_people < REVIEW_INVITE_BELOW
        && not_now_on.is_none_or(|d| (today - d).num_days() >= REVIEW_QUIET_DAYS || today < d)
}

/// One person as the export carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedPerson {
    pub uid: String,
    pub display_name: String,
    pub created_at: String,
    // The inventory answers and archived state (absent in files written before the inventory).
    #[serde(default)]
    pub relationship: Option<Relationship>,
    #[serde(default)]
    pub relationship_word: String,
    #[serde(default)]
    pub contact_often: String,
    #[serde(default)]
    pub together: String,
    #[serde(default)]
    pub good: String,
    #[serde(default)]
    pub hard: String,
    #[serde(default)]
    pub i_expect: String,
    #[serde(default)]
    pub they_expect: String,
    #[serde(default)]
    pub expectations_fit: Option<ExpectationsFit>,
    #[serde(default)]
    pub would_change: String,
    #[serde(default)]
    pub since_low: String,
    #[serde(default)]
    pub archived_at: Option<String>,
}

impl ExportedPerson {
    /// The person with their name tidied by the same rule as the forms; a missing name is refused.
    pub fn validate(&self) -> Result<ExportedPerson> {
        crate::domain::text::check_uid(&self.uid)?;
        check_len("a date", &self.created_at, 64)?;
        if let Some(a) = &self.archived_at {
            check_len("a date", a, 64)?;
        }
        let inv = self.inventory().validate()?;
        Ok(ExportedPerson::new(
            self.uid.clone(),
            &inv,
            self.created_at.clone(),
            self.archived_at.clone(),
        ))
    }

    pub fn inventory(&self) -> Inventory {
        Inventory {
            display_name: self.display_name.clone(),
            relationship: self.relationship,
            relationship_word: self.relationship_word.clone(),
            contact_often: self.contact_often.clone(),
            together: self.together.clone(),
            good: self.good.clone(),
            hard: self.hard.clone(),
            i_expect: self.i_expect.clone(),
            they_expect: self.they_expect.clone(),
            expectations_fit: self.expectations_fit,
            would_change: self.would_change.clone(),
            since_low: self.since_low.clone(),
        }
    }

    pub fn new(
        uid: String,
        i: &Inventory,
        created_at: String,
        archived_at: Option<String>,
    ) -> ExportedPerson {
        ExportedPerson {
            uid,
            display_name: i.display_name.clone(),
            created_at,
            relationship: i.relationship,
            relationship_word: i.relationship_word.clone(),
            contact_often: i.contact_often.clone(),
            together: i.together.clone(),
            good: i.good.clone(),
            hard: i.hard.clone(),
            i_expect: i.i_expect.clone(),
            they_expect: i.they_expect.clone(),
            expectations_fit: i.expectations_fit,
            would_change: i.would_change.clone(),
            since_low: i.since_low.clone(),
            archived_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str) -> Inventory {
        Inventory {
            display_name: n.into(),
            ..Inventory::default()
        }
    }

    #[test]
    fn a_name_is_required_and_tidied() {
        assert_eq!(
            named("  ").validate().expect_err("refused").code(),
            ErrorCode::NameMissing
        );
        assert_eq!(
            named("  Sam   B ")
                .validate()
                .expect("accepted")
                .display_name,
            "Sam B"
        );
        assert_eq!(
            named(&"x".repeat(201))
                .validate()
                .expect_err("refused")
                .code(),
            ErrorCode::TooLong
        );
        // 200 characters after tidying are fine.
        let spaced = format!("  {}  ", "é".repeat(200));
        assert!(named(&spaced).validate().is_ok());
    }

    #[test]
    fn answers_are_within_their_limits() {
        let mut i = named("Sam");
        i.good = "a".repeat(MAX_INVENTORY_ANSWER_CHARS);
        assert!(i.validate().is_ok());
        i.good.push('a');
        assert_eq!(
            i.validate().expect_err("refused").code(),
            ErrorCode::TooLong
        );
        let mut i = named("Sam");
        i.contact_often = "a".repeat(MAX_INVENTORY_SHORT_CHARS + 1);
        assert_eq!(
            i.validate().expect_err("refused").code(),
            ErrorCode::TooLong
        );
    }

    #[test]
    fn an_own_word_means_other() {
        let mut i = named("Sam");
        i.relationship_word = " step  dad ".into();
        let v = i.validate().expect("accepted");
        assert_eq!(v.relationship, Some(Relationship::Other));
        assert_eq!(v.relationship_word, "step dad");
        i.relationship = Some(Relationship::Friend);
        assert_eq!(
            i.validate().expect_err("refused").code(),
            ErrorCode::InvalidInput
        );
        i.relationship_word.clear();
        assert_eq!(
            i.validate().expect("accepted").relationship,
            Some(Relationship::Friend)
        );
    }

    #[test]
    fn a_merge_fills_only_empty_answers() {
        let mut keep = named("Sam");
        keep.good = "walks".into();
        let mut other = named("S.");
        other.good = "talks".into();
        other.hard = "money".into();
        other.relationship = Some(Relationship::Sibling);
        other.expectations_fit = Some(ExpectationsFit::Partly);
        let m = keep.filled_from(&other);
        assert_eq!(m.display_name, "Sam");
        assert_eq!(m.good, "walks");
        assert_eq!(m.hard, "money");
        assert_eq!(m.relationship, Some(Relationship::Sibling));
        assert_eq!(m.expectations_fit, Some(ExpectationsFit::Partly));
    }

    #[test]
    fn relationship_and_fit_names_round_trip() {
        for r in Relationship::ALL {
            assert_eq!(Relationship::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).expect("accepted"), r.as_str());
        }
        for f in ExpectationsFit::ALL {
            assert_eq!(ExpectationsFit::parse(f.as_str()), Some(f));
            assert_eq!(serde_json::to_value(f).expect("accepted"), f.as_str());
        }
    }

    #[test]
    fn the_review_is_invited_only_at_the_start_with_few_people_and_not_right_after_not_now() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a day");
        let today = day("2026-03-10");
        assert!(review_invited(Phase::Initial, 0, today, None));
        assert!(review_invited(Phase::NotStarted, 2, today, None));
        assert!(!review_invited(Phase::Initial, 3, today, None));
        for later in [Phase::Middle, Phase::Termination, Phase::Completed] {
            assert!(!review_invited(later, 0, today, None));
        }
        // "Not now" quiets it for seven days, then it may come back.
        assert!(!review_invited(Phase::Initial, 1, today, Some(today)));
        assert!(!review_invited(
            Phase::Initial,
            1,
            today,
            Some(day("2026-03-04"))
        ));
        assert!(review_invited(
            Phase::Initial,
            1,
            today,
            Some(day("2026-03-03"))
        ));
        // A "not now" dated in the future (a clock set back) does not silence it for good.
        assert!(review_invited(
            Phase::Initial,
            1,
            today,
            Some(day("2026-04-01"))
        ));
    }
}
