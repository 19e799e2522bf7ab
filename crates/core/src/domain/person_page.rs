//! A person's page: their inventory answers and everything the patient noted that names them —
//! journal events, plans, worksheets, role plays — and mood on days with and without a noted
//! contact. The page spans features, so it has its own module (one owner, no import circles).
//!
//! The contact-day figures describe, never explain: they are averages of the patient's own mood
//! on two kinds of day, with the number of days behind each, and no average at all when a side
//! has too few days to mean anything.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::people::PersonDetail;
use crate::domain::plans::PlanStatus;

/// Fewer days than this on a side: no average for that side (a handful of days says little).
pub const MIN_CONTACT_DAYS: i64 = 5;

/// One interpersonal event from the journal that names the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonEvent {
    #[ts(type = "number")]
    pub entry_id: i64,
    /// The entry's local day, `YYYY-MM-DD`.
    pub day: String,
    pub occurred_at: String,
    pub what_happened: String,
    pub what_i_felt: String,
    pub what_i_did: String,
    pub how_it_ended: String,
    pub important: bool,
}

/// A plan that names the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonPlan {
    #[ts(type = "number")]
    pub id: i64,
    pub what: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub status: PlanStatus,
}

/// A communication-analysis worksheet about a conversation with the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonWorksheet {
    #[ts(type = "number")]
    pub id: i64,
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    pub setting: String,
    pub wanted: String,
    /// The alternative the patient chose to try, if any.
    pub chosen: Option<String>,
}

/// One of the patient's own role-play scenarios built on the person, and how it was practised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonRolePlay {
    /// `custom:<id>`, as the practice screen opens it.
    pub scenario_key: String,
    pub title: String,
    /// Rehearsals played to the end.
    #[ts(type = "number")]
    pub finished: i64,
    /// Confidence before → after in the most recent finished rehearsal (0–10), when noted.
    #[ts(type = "number | null")]
    pub last_confidence_before: Option<i64>,
    #[ts(type = "number | null")]
    pub last_confidence_after: Option<i64>,
}

/// The patient's mood on one kind of day: how many days, and their average (each day counts
/// once, as the average of that day's entries) — or none with fewer than [`MIN_CONTACT_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodOnDays {
    #[ts(type = "number")]
    pub days: i64,
    pub average: Option<f64>,
}

/// Mood on days with a noted contact with the person vs the other journal days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactMood {
    pub with_contact: MoodOnDays,
    pub without_contact: MoodOnDays,
    #[ts(type = "number")]
    pub min_days: i64,
}

/// One journal day: the average of its entries' moods, and whether any of its entries noted an
/// event with the person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JournalDay {
    pub mood: f64,
    pub contact: bool,
}

fn side(moods: impl Iterator<Item = f64>) -> MoodOnDays {
    let (n, sum) = moods.fold((0_i64, 0.0), |(n, s), m| (n + 1, s + m));
    MoodOnDays {
        days: n,
        // One decimal is all a 0–10 scale can honestly carry.
        average: (n >= MIN_CONTACT_DAYS).then(|| (sum / n as f64 * 10.0).round() / 10.0),
    }
}

/// Splits the journal's days into those with and without a noted contact.
pub fn contact_mood(days: &[JournalDay]) -> ContactMood {
    ContactMood {
        with_contact: side(days.iter().filter(|d| d.contact).map(|d| d.mood)),
        without_contact: side(days.iter().filter(|d| !d.contact).map(|d| d.mood)),
        min_days: MIN_CONTACT_DAYS,
    }
}

/// Everything the person's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonPage {
    pub person: PersonDetail,
    /// Newest first; entries in the trash are left out.
    pub events: Vec<PersonEvent>,
    /// The most recent due date first.
    pub plans: Vec<PersonPlan>,
    /// The most recent conversation first.
    pub worksheets: Vec<PersonWorksheet>,
    pub role_plays: Vec<PersonRolePlay>,
    pub contact_mood: ContactMood,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(with: &[f64], without: &[f64]) -> Vec<JournalDay> {
        let mut v: Vec<JournalDay> = with
            .iter()
            .map(|&mood| JournalDay {
                mood,
                contact: true,
            })
            .collect();
        v.extend(without.iter().map(|&mood| JournalDay {
            mood,
            contact: false,
        }));
        v
    }

    #[test]
    fn each_side_averages_its_own_days() {
        let m = contact_mood(&days(
            &[6.0, 7.0, 8.0, 5.0, 9.0],
            &[2.0, 3.0, 4.0, 3.0, 3.0, 3.5],
        ));
        assert_eq!(m.with_contact.days, 5);
        assert_eq!(m.with_contact.average, Some(7.0));
        assert_eq!(m.without_contact.days, 6);
        assert_eq!(m.without_contact.average, Some(3.1));
        assert_eq!(m.min_days, 5);
    }

    #[test]
    fn fewer_than_five_days_on_a_side_gives_no_average_but_still_the_count() {
        let m = contact_mood(&days(&[9.0, 9.0, 9.0, 9.0], &[1.0; 5]));
        assert_eq!(
            m.with_contact,
            MoodOnDays {
                days: 4,
                average: None
            }
        );
        assert_eq!(
            m.without_contact,
            MoodOnDays {
                days: 5,
                average: Some(1.0)
            }
        );
        let m = contact_mood(&days(&[4.0; 5], &[1.0; 4]));
        assert_eq!(m.with_contact.average, Some(4.0));
        assert_eq!(
            m.without_contact,
            MoodOnDays {
                days: 4,
                average: None
            }
        );
        let m = contact_mood(&[]);
        assert_eq!(
            m.with_contact,
            MoodOnDays {
                days: 0,
                average: None
            }
        );
        assert_eq!(
            m.without_contact,
            MoodOnDays {
                days: 0,
                average: None
            }
        );
    }

    #[test]
    fn averages_are_rounded_to_one_decimal() {
        let m = contact_mood(&days(&[1.0, 2.0, 2.0, 2.0, 2.0, 2.0], &[]));
        // 11 / 6 = 1.8333…
        assert_eq!(m.with_contact.average, Some(1.8));
    }
}
