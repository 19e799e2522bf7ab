//! The safety plan (Stanley & Brown): six steps in the patient's own words, and one reason for
//! living. Pure rules, no storage.
//!
//! The plan is one document: each save replaces the whole of it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::text::{check_len, without_nul};
use crate::error::{Error, ErrorCode, LimitField, Result};

/// At most this many items in each step's list.
pub const MAX_SAFETY_PLAN_ITEMS: usize = 20;
/// Longest text of one item (and of a contact's name or phone).
pub const MAX_SAFETY_PLAN_ITEM_CHARS: usize = 500;
/// Longest reason for living.
pub const MAX_REASON_FOR_LIVING_CHARS: usize = 2_000;

/// Someone to reach: a name (an alias is fine) and, if the patient wants, a number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SafetyContact {
    pub name: String,
    /// May be empty.
    pub phone: String,
}

/// The six steps in order, then the reason for living.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SafetyPlan {
    /// 1. My warning signs.
    pub warning_signs: Vec<String>,
    /// 2. Things I can do on my own to cope.
    pub coping: Vec<String>,
    /// 3. People and places that take my mind off things.
    pub distractions: Vec<String>,
    /// 4. People I can ask for help.
    pub helpers: Vec<SafetyContact>,
    /// 5. Professionals and crisis lines.
    pub professionals: Vec<SafetyContact>,
    /// 6. Making my surroundings safer.
    pub safer_surroundings: Vec<String>,
    /// One reason for living, in my words.
    pub reason_for_living: String,
    /// When it was last saved (UTC, RFC 3339); `null` before the first save. Set by the core;
    /// ignored on input.
    pub updated_at: Option<String>,
}

/// The text without NUL characters, trimmed, and no longer than `max`.
fn tidy_text(what: &str, s: &str, max: usize) -> Result<String> {
    let t = without_nul(s).trim().to_owned();
    check_len(what, &t, max)?;
    Ok(t)
}

fn too_many(what: &str, field: LimitField) -> Error {
    Error::new(
        ErrorCode::TooMany,
        format!("{what}: at most {MAX_SAFETY_PLAN_ITEMS} items"),
    )
    .with_limit(Some(field), MAX_SAFETY_PLAN_ITEMS)
}

/// Tidies each item, drops the empty ones (and those `is_empty` calls empty), keeps the order,
/// and stops as soon as the list passes its limit.
fn tidy_list<T>(
    (what, field): Step,
    items: &[T],
    tidy: impl Fn(&T) -> Result<T>,
    is_empty: impl Fn(&T) -> bool,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for item in items {
        let item = tidy(item)?;
        if !is_empty(&item) {
            out.push(item);
            if out.len() > MAX_SAFETY_PLAN_ITEMS {
                return Err(too_many(what, field));
            }
        }
    }
    Ok(out)
}

/// A step's list: how messages name it, and the field the UI names it by.
type Step = (&'static str, LimitField);

/// One item of a step's list, tidied; too long, it names the step.
fn item_text((what, field): Step, s: &str) -> Result<String> {
    tidy_text(what, s, MAX_SAFETY_PLAN_ITEM_CHARS)
        .map_err(|e| e.with_limit(Some(field), MAX_SAFETY_PLAN_ITEM_CHARS))
}

fn texts(step: Step, items: &[String]) -> Result<Vec<String>> {
    tidy_list(step, items, |s| item_text(step, s), String::is_empty)
}

fn contacts(step: Step, items: &[SafetyContact]) -> Result<Vec<SafetyContact>> {
    tidy_list(
        step,
        items,
        |c| {
            Ok(SafetyContact {
                name: item_text(step, &c.name)?,
                phone: item_text(step, &c.phone)?,
            })
        },
        |c| c.name.is_empty() && c.phone.is_empty(),
    )
}

impl SafetyPlan {
    /// The plan as it is stored: every text trimmed and without NUL, empty items (and contacts
    /// with neither a name nor a phone) dropped, order kept; `updated_at` cleared (the core sets
    /// it). Refuses a list longer than [`MAX_SAFETY_PLAN_ITEMS`] (`TooMany`) and a text longer
    /// than its limit (`TooLong`). Messages name the step, never the text.
    pub fn tidied(&self) -> Result<SafetyPlan> {
        Ok(SafetyPlan {
            warning_signs: texts(
                ("a warning sign", LimitField::WarningSigns),
                &self.warning_signs,
            )?,
            coping: texts(("a way to cope", LimitField::Coping), &self.coping)?,
            distractions: texts(
                ("a distraction", LimitField::Distractions),
                &self.distractions,
            )?,
            helpers: contacts(
                ("a person to ask for help", LimitField::Helpers),
                &self.helpers,
            )?,
            professionals: contacts(
                ("a professional or crisis line", LimitField::Professionals),
                &self.professionals,
            )?,
            safer_surroundings: texts(
                (
                    "a step to safer surroundings",
                    LimitField::SaferSurroundings,
                ),
                &self.safer_surroundings,
            )?,
            reason_for_living: tidy_text(
                "the reason for living",
                &self.reason_for_living,
                MAX_REASON_FOR_LIVING_CHARS,
            )?,
            updated_at: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn contact(name: &str, phone: &str) -> SafetyContact {
        SafetyContact {
            name: name.into(),
            phone: phone.into(),
        }
    }

    fn code(plan: &SafetyPlan) -> Option<(ErrorCode, Option<u32>)> {
        plan.tidied().err().map(|e| (e.code(), e.limit()))
    }

    fn field(plan: &SafetyPlan) -> Option<LimitField> {
        plan.tidied().err().and_then(|e| e.field())
    }

    #[test]
    fn texts_are_trimmed_empties_dropped_and_order_kept() {
        let plan = SafetyPlan {
            warning_signs: strings(&["  not sleeping ", "", "   ", "\tstaying in bed\n"]),
            coping: strings(&["walk to the river", " \n "]),
            distractions: strings(&["", "the library"]),
            helpers: vec![contact("  Sam ", " 555 0100 "), contact("", "")],
            professionals: vec![contact(" ", "  "), contact("", "988"), contact("Dr K", "")],
            safer_surroundings: strings(&["give the pills to Jo  "]),
            reason_for_living: "  my niece's laugh \n".into(),
            updated_at: Some("2020-01-01T00:00:00.000Z".into()),
        };
        let t = plan.tidied().expect("valid");
        assert_eq!(t.warning_signs, ["not sleeping", "staying in bed"]);
        assert_eq!(t.coping, ["walk to the river"]);
        assert_eq!(t.distractions, ["the library"]);
        assert_eq!(t.helpers, [contact("Sam", "555 0100")]);
        assert_eq!(
            t.professionals,
            [contact("", "988"), contact("Dr K", "")],
            "a contact with only a name or only a phone is kept; one with neither is dropped"
        );
        assert_eq!(t.safer_surroundings, ["give the pills to Jo"]);
        assert_eq!(t.reason_for_living, "my niece's laugh");
        assert_eq!(t.updated_at, None, "set by the core, never by the input");
        assert_eq!(
            t.tidied().expect("again"),
            t,
            "tidying twice changes nothing"
        );
    }

    #[test]
    fn nul_characters_are_dropped() {
        let plan = SafetyPlan {
            warning_signs: strings(&["pac\0ing", "\0"]),
            helpers: vec![contact("A\0l", "1\u{0}2"), contact("\0", "\0 ")],
            reason_for_living: "\0 the sea\0".into(),
            ..SafetyPlan::default()
        };
        let t = plan.tidied().expect("valid");
        assert_eq!(t.warning_signs, ["pacing"], "an item of NUL only is empty");
        assert_eq!(t.helpers, [contact("Al", "12")]);
        assert_eq!(t.reason_for_living, "the sea");
    }

    #[test]
    fn each_list_takes_at_most_twenty_items() {
        let twenty = vec!["x".to_owned(); MAX_SAFETY_PLAN_ITEMS];
        let mut twenty_one = twenty.clone();
        twenty_one.push("y".into());
        let too_many = Some((ErrorCode::TooMany, Some(20)));
        type List = fn(&mut SafetyPlan) -> &mut Vec<String>;
        let lists: [(List, LimitField); 4] = [
            (|p| &mut p.warning_signs, LimitField::WarningSigns),
            (|p| &mut p.coping, LimitField::Coping),
            (|p| &mut p.distractions, LimitField::Distractions),
            (|p| &mut p.safer_surroundings, LimitField::SaferSurroundings),
        ];
        for (list, step) in lists {
            let mut plan = SafetyPlan::default();
            *list(&mut plan) = twenty.clone();
            assert_eq!(code(&plan), None);
            // Empty items do not count.
            list(&mut plan).extend(["".to_owned(), "  ".to_owned()]);
            assert_eq!(code(&plan), None);
            *list(&mut plan) = twenty_one.clone();
            assert_eq!(code(&plan), too_many);
            assert_eq!(field(&plan), Some(step), "the error names the step");
        }
        type Contacts = fn(&mut SafetyPlan) -> &mut Vec<SafetyContact>;
        let contacts: [(Contacts, LimitField); 2] = [
            (|p| &mut p.helpers, LimitField::Helpers),
            (|p| &mut p.professionals, LimitField::Professionals),
        ];
        for (list, step) in contacts {
            let mut plan = SafetyPlan::default();
            *list(&mut plan) = vec![contact("a", ""); 20];
            list(&mut plan).push(contact("", ""));
            assert_eq!(code(&plan), None);
            list(&mut plan).push(contact("", "1"));
            assert_eq!(code(&plan), too_many);
            assert_eq!(field(&plan), Some(step));
        }
        let err = SafetyPlan {
            warning_signs: twenty_one,
            ..SafetyPlan::default()
        }
        .tidied()
        .expect_err("too many");
        assert_eq!(err.field(), Some(LimitField::WarningSigns));
        assert!(!err.message().contains('x'), "no text in the message");
    }

    #[test]
    fn each_text_takes_at_most_500_characters_and_the_reason_2000() {
        let max = "é".repeat(MAX_SAFETY_PLAN_ITEM_CHARS);
        let over = "é".repeat(MAX_SAFETY_PLAN_ITEM_CHARS + 1);
        let too_long = Some((ErrorCode::TooLong, Some(500)));
        let ok = SafetyPlan {
            coping: vec![max.clone()],
            helpers: vec![contact(&max, &max)],
            ..SafetyPlan::default()
        };
        assert_eq!(code(&ok), None);
        // Spaces around the text are trimmed before it is measured.
        let padded = SafetyPlan {
            distractions: vec![format!("  {max}  ")],
            ..SafetyPlan::default()
        };
        assert_eq!(code(&padded), None);
        for (plan, step) in [
            (
                SafetyPlan {
                    warning_signs: vec![over.clone()],
                    ..SafetyPlan::default()
                },
                LimitField::WarningSigns,
            ),
            (
                SafetyPlan {
                    safer_surroundings: vec!["fine".into(), over.clone()],
                    ..SafetyPlan::default()
                },
                LimitField::SaferSurroundings,
            ),
            (
                SafetyPlan {
                    helpers: vec![contact(&over, "")],
                    ..SafetyPlan::default()
                },
                LimitField::Helpers,
            ),
            (
                SafetyPlan {
                    professionals: vec![contact("Dr K", &over)],
                    ..SafetyPlan::default()
                },
                LimitField::Professionals,
            ),
        ] {
            assert_eq!(code(&plan), too_long);
            assert_eq!(field(&plan), Some(step), "the error names the step");
        }
        let reason = |n| SafetyPlan {
            reason_for_living: "r".repeat(n),
            ..SafetyPlan::default()
        };
        assert_eq!(code(&reason(MAX_REASON_FOR_LIVING_CHARS)), None);
        assert_eq!(
            code(&reason(MAX_REASON_FOR_LIVING_CHARS + 1)),
            Some((ErrorCode::TooLong, Some(2_000)))
        );
    }

    #[test]
    fn json_is_camel_case_with_an_updated_at() {
        let v = serde_json::to_value(SafetyPlan::default()).expect("json");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for k in [
            "warningSigns",
            "coping",
            "distractions",
            "helpers",
            "professionals",
            "saferSurroundings",
            "reasonForLiving",
            "updatedAt",
        ] {
            assert!(keys.contains(&k), "{k} in {keys:?}");
        }
        assert_eq!(v["updatedAt"], serde_json::Value::Null);
    }
}
