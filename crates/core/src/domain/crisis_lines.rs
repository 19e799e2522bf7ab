//! Crisis lines by country: one reviewed data file (`crates/core/data/crisis_lines.json`), built
//! into the app so "Need help now" shows it while locked or when the backend has failed (the UI
//! gets it as a generated file). Each entry carries the date it was last checked; an entry over
//! eleven months old is a warning in `make test`, over a year old stops `make bundle`. Dead
//! numbers are a known failure of mental-health apps.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};

/// How a line can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Offer {
    Call,
    Text,
    Chat,
}

/// One country's line, as reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CrisisCountry {
    /// ISO 3166-1 alpha-2 code, upper case (`GB` for the United Kingdom).
    pub country: String,
    /// The line's own name (a proper name: the same in every language).
    pub line: String,
    /// As it is dialled there, digits and spaces.
    pub number: String,
    /// At least one.
    pub offers: Vec<Offer>,
    /// Free to call, as the service says.
    pub free: bool,
    /// The emergency numbers, in the order to try.
    pub emergency: Vec<String>,
    /// `YYYY-MM-DD`: when this entry was last checked against the service itself.
    pub checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataFile {
    #[allow(dead_code)]
    about: String,
    countries: Vec<CrisisCountry>,
}

/// The reviewed file, as built into this app.
pub const DATA: &str = include_str!("../../data/crisis_lines.json");

static COUNTRIES: LazyLock<Vec<CrisisCountry>> = LazyLock::new(|| {
    // The file is checked by the tests below; a broken file cannot reach a build that passed them.
    serde_json::from_str::<DataFile>(DATA)
        .map(|f| f.countries)
        .unwrap_or_default()
});

/// Every country with a line, in the file's order.
pub fn countries() -> &'static [CrisisCountry] {
    &COUNTRIES
}

/// The code as stored (upper case), or `InvalidInput` when the app has no line for it.
pub fn known_country(code: &str) -> Result<String> {
    let up = code.trim().to_ascii_uppercase();
    if countries().iter().any(|c| c.country == up) {
        Ok(up)
    } else {
        Err(Error::new(
            ErrorCode::InvalidInput,
            "unknown country code: the app has no crisis line for it",
        ))
    }
}

/// How old the oldest check is, against the two thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// Over eleven months: re-check before the next release.
    Warn,
    /// Over a year: no installer until re-checked.
    Stale,
}

/// A warning after 335 days (eleven months), a refusal after 365 (a year).
pub const WARN_AFTER_DAYS: i64 = 335;
pub const STALE_AFTER_DAYS: i64 = 365;

/// The freshness of one date checked, on `today`. An unreadable date is stale.
pub fn freshness(checked: &str, today: NaiveDate) -> Freshness {
    let Ok(date) = NaiveDate::parse_from_str(checked, "%Y-%m-%d") else {
        return Freshness::Stale;
    };
    let age = (today - date).num_days();
    if age > STALE_AFTER_DAYS {
        Freshness::Stale
    } else if age > WARN_AFTER_DAYS {
        Freshness::Warn
    } else {
        Freshness::Fresh
    }
}

/// Every entry that is not fresh on `today`, with its freshness.
pub fn overdue(today: NaiveDate) -> Vec<(&'static CrisisCountry, Freshness)> {
    countries()
        .iter()
        .map(|c| (c, freshness(&c.checked, today)))
        .filter(|(_, f)| *f != Freshness::Fresh)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_file_reads_and_every_entry_is_complete() {
        let file: DataFile = serde_json::from_str(DATA).expect("the data file reads");
        assert!(
            file.countries.len() >= 7,
            "the reviewed list has seven countries"
        );
        let mut seen = std::collections::HashSet::new();
        for c in &file.countries {
            let who = &c.country;
            assert!(
                c.country.len() == 2 && c.country.chars().all(|ch| ch.is_ascii_uppercase()),
                "{who}: a two-letter country code"
            );
            assert!(seen.insert(c.country.clone()), "{who}: listed twice");
            assert!(!c.line.trim().is_empty(), "{who}: the line has a name");
            for n in std::iter::once(&c.number).chain(&c.emergency) {
                assert!(
                    n.chars().any(|ch| ch.is_ascii_digit())
                        && n.chars().all(|ch| ch.is_ascii_digit() || ch == ' '),
                    "{who}: {n:?} is a number to dial"
                );
            }
            assert!(!c.offers.is_empty(), "{who}: says how to reach it");
            assert!(!c.emergency.is_empty(), "{who}: has an emergency number");
            let checked = NaiveDate::parse_from_str(&c.checked, "%Y-%m-%d")
                .unwrap_or_else(|_| panic!("{who}: checked date {:?}", c.checked));
            assert!(
                checked <= chrono::Local::now().date_naive(),
                "{who}: checked in the future"
            );
        }
        assert_eq!(countries(), file.countries.as_slice());
    }

    #[test]
    fn the_reviewed_numbers_are_the_ones_shipped() {
        // shared/CLINICAL.md, "Safety": the list the entries are reviewed against.
        let number = |id: &str| {
            countries()
                .iter()
                .find(|c| c.country == id)
                .map(|c| (c.number.as_str(), c.emergency.clone()))
                .expect(id)
        };
        assert_eq!(number("US"), ("988", vec!["911".to_owned()]));
        assert_eq!(number("CA"), ("988", vec!["911".to_owned()]));
        assert_eq!(number("GB").0, "116 123");
        assert_eq!(number("IE").0, "116 123");
        assert_eq!(number("ES"), ("024", vec!["112".to_owned()]));
        assert_eq!(number("MX"), ("800 911 2000", vec!["911".to_owned()]));
        assert_eq!(number("AU"), ("13 11 14", vec!["000".to_owned()]));
    }

    #[test]
    fn freshness_turns_at_eleven_months_and_at_a_year() {
        let checked = "2026-01-10";
        assert_eq!(freshness(checked, day("2026-01-10")), Freshness::Fresh);
        assert_eq!(freshness(checked, day("2026-12-11")), Freshness::Fresh); // 335 days
        assert_eq!(freshness(checked, day("2026-12-12")), Freshness::Warn); // 336
        assert_eq!(freshness(checked, day("2027-01-10")), Freshness::Warn); // 365
        assert_eq!(freshness(checked, day("2027-01-11")), Freshness::Stale); // 366
        assert_eq!(freshness("soon", day("2026-01-10")), Freshness::Stale);
    }

    #[test]
    fn overdue_lists_only_the_old_entries() {
        let newest = countries()
            .iter()
            .map(|c| day(&c.checked))
            .max()
            .expect("entries");
        assert!(overdue(newest).is_empty());
        let later = newest + chrono::Duration::days(STALE_AFTER_DAYS + 1);
        assert_eq!(overdue(later).len(), countries().len());
        assert!(overdue(later).iter().all(|(_, f)| *f == Freshness::Stale));
    }

    #[test]
    fn a_country_code_is_checked_against_the_list() {
        assert_eq!(known_country("mx").expect("known"), "MX");
        assert_eq!(known_country(" GB ").expect("known"), "GB");
        for bad in ["UK", "", "XX", "USA", "<b>"] {
            let e = known_country(bad).expect_err(bad);
            assert_eq!(e.code(), ErrorCode::InvalidInput);
            assert!(!e.message().contains(bad) || bad.is_empty());
        }
    }
}
