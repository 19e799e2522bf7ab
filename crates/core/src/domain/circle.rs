//! The closeness circle: "me" in the centre and three rings around (closest, close, further out).
//! Each save is a dated snapshot of where the patient placed the people in their list; someone
//! with no placement was unplaced then. `compare` says, without judging, who moved in towards the
//! centre, who moved out, who appeared in the circle and who left it.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::text::{check_len, check_uid};
use crate::error::{Error, ErrorCode, Result};

/// The most people one snapshot may place: far more than anyone's circle.
pub const MAX_CIRCLE_PLACEMENTS: usize = 1000;

/// The three rings, from the centre out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Ring {
    Closest,
    Close,
    FurtherOut,
}

impl Ring {
    pub const ALL: [Ring; 3] = [Ring::Closest, Ring::Close, Ring::FurtherOut];

    /// 0 for the ring nearest "me", 2 for the outermost.
    pub fn depth(self) -> u8 {
        match self {
            Ring::Closest => 0,
            Ring::Close => 1,
            Ring::FurtherOut => 2,
        }
    }

    /// The stored (and exported) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Ring::Closest => "closest",
            Ring::Close => "close",
            Ring::FurtherOut => "furtherOut",
        }
    }

    pub fn parse(s: &str) -> Option<Ring> {
        Ring::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One person in one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Placement {
    #[ts(type = "number")]
    pub person_id: i64,
    pub ring: Ring,
}

/// A saved circle: when it was saved (UTC, RFC 3339) and who was where, by person id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    #[ts(type = "number")]
    pub id: i64,
    pub taken_at: String,
    pub placements: Vec<Placement>,
}

/// A circle to save: everyone placed (the rest are unplaced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CircleInput {
    pub placements: Vec<Placement>,
}

/// Someone who was in one ring and is now in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    #[ts(type = "number")]
    pub person_id: i64,
    pub from: Ring,
    pub to: Ring,
}

/// What changed between two circles. Each list is in person-id order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CircleChanges {
    /// Now in a ring nearer the centre.
    pub moved_in: Vec<Move>,
    /// Now in a ring further from the centre.
    pub moved_out: Vec<Move>,
    /// Placed now, not placed in the first.
    pub appeared: Vec<Placement>,
    /// Placed in the first, not placed now (their ring then).
    pub left: Vec<Placement>,
}

/// The first circle and the latest, side by side, with what changed between them. With no
/// snapshot both are empty; with one, first and latest are the same and nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CircleComparison {
    pub first: Option<Snapshot>,
    pub latest: Option<Snapshot>,
    pub changes: CircleChanges,
}

/// Checks a circle to save: at most `MAX_CIRCLE_PLACEMENTS` people, each once, each one the
/// patient has in their list (`known`). Returns the placements in person-id order.
pub fn validate(placements: &[Placement], known: impl Fn(i64) -> bool) -> Result<Vec<Placement>> {
    if placements.len() > MAX_CIRCLE_PLACEMENTS {
        return Err(Error::new(
            ErrorCode::TooMany,
            format!("a circle can place up to {MAX_CIRCLE_PLACEMENTS} people"),
        )
        .with_limit(None, MAX_CIRCLE_PLACEMENTS));
    }
    let mut seen = HashSet::with_capacity(placements.len());
    for p in placements {
        if !seen.insert(p.person_id) {
            return Err(Error::invalid(
                "the same person is placed twice in one circle",
            ));
        }
        if !known(p.person_id) {
            return Err(Error::new(
                ErrorCode::NotFound,
                "a person in the circle is not in your list",
            ));
        }
    }
    let mut out = placements.to_vec();
    out.sort_by_key(|p| p.person_id);
    Ok(out)
}

/// Who moved in (towards the centre), who moved out, who appeared and who left, from `first` to
/// `latest`. Pure; each person is expected once per circle (the last placement wins otherwise).
pub fn compare(first: &[Placement], latest: &[Placement]) -> CircleChanges {
    let then: HashMap<i64, Ring> = first.iter().map(|p| (p.person_id, p.ring)).collect();
    let now: HashMap<i64, Ring> = latest.iter().map(|p| (p.person_id, p.ring)).collect();
    let mut changes = CircleChanges::default();
    for (&person_id, &to) in &now {
        match then.get(&person_id) {
            None => changes.appeared.push(Placement {
                person_id,
                ring: to,
            }),
            Some(&from) if to.depth() < from.depth() => changes.moved_in.push(Move {
                person_id,
                from,
                to,
            }),
            Some(&from) if to.depth() > from.depth() => changes.moved_out.push(Move {
                person_id,
                from,
                to,
            }),
            Some(_) => {}
        }
    }
    for (&person_id, &ring) in &then {
        if !now.contains_key(&person_id) {
            changes.left.push(Placement { person_id, ring });
        }
    }
    changes.moved_in.sort_by_key(|m| m.person_id);
    changes.moved_out.sort_by_key(|m| m.person_id);
    changes.appeared.sort_by_key(|p| p.person_id);
    changes.left.sort_by_key(|p| p.person_id);
    changes
}

// ---- Export ---------------------------------------------------------------------------------

/// One placement as the export carries it: the person by their stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedPlacement {
    pub person: String,
    pub ring: Ring,
}

/// One snapshot as the export carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedSnapshot {
    pub uid: String,
    pub taken_at: String,
    pub placements: Vec<ExportedPlacement>,
}

/// The circle's part of the export: every snapshot, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CircleExport {
    pub snapshots: Vec<ExportedSnapshot>,
}

impl ExportedSnapshot {
    /// The same rules as a save, with people named by uid: each once, within the limit.
    pub fn validate(&self) -> Result<()> {
        check_uid(&self.uid)?;
        check_len("a date", &self.taken_at, 64)?;
        if chrono::DateTime::parse_from_rfc3339(&self.taken_at).is_err() {
            return Err(Error::new(
                ErrorCode::ImportInvalid,
                "a circle's date could not be read",
            ));
        }
        if self.placements.len() > MAX_CIRCLE_PLACEMENTS {
            return Err(Error::new(
                ErrorCode::TooMany,
                format!("a circle can place up to {MAX_CIRCLE_PLACEMENTS} people"),
            )
            .with_limit(None, MAX_CIRCLE_PLACEMENTS));
        }
        let mut seen = HashSet::with_capacity(self.placements.len());
        for p in &self.placements {
            check_uid(&p.person)?;
            if !seen.insert(p.person.as_str()) {
                return Err(Error::new(
                    ErrorCode::ImportDuplicate,
                    "a circle: the same person is placed twice",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(person_id: i64, ring: Ring) -> Placement {
        Placement { person_id, ring }
    }

    #[test]
    fn rings_round_trip_by_name_and_order_from_the_centre() {
        for r in Ring::ALL {
            assert_eq!(Ring::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).expect("json"),
                format!("\"{}\"", r.as_str())
            );
        }
        assert!(Ring::Closest.depth() < Ring::Close.depth());
        assert!(Ring::Close.depth() < Ring::FurtherOut.depth());
        assert_eq!(Ring::parse("outer"), None);
    }

    #[test]
    fn compare_names_who_moved_in_out_appeared_and_left() {
        let first = [
            p(1, Ring::FurtherOut),
            p(2, Ring::Closest),
            p(3, Ring::Close),
            p(4, Ring::Close),
        ];
        let latest = [
            p(1, Ring::Close),
            p(2, Ring::FurtherOut),
            p(3, Ring::Close),
            p(5, Ring::Closest),
        ];
        let c = compare(&first, &latest);
        assert_eq!(
            c.moved_in,
            vec![Move {
                person_id: 1,
                from: Ring::FurtherOut,
                to: Ring::Close
            }]
        );
        assert_eq!(
            c.moved_out,
            vec![Move {
                person_id: 2,
                from: Ring::Closest,
                to: Ring::FurtherOut
            }]
        );
        assert_eq!(c.appeared, vec![p(5, Ring::Closest)]);
        assert_eq!(c.left, vec![p(4, Ring::Close)]);
    }

    #[test]
    fn compare_of_a_circle_with_itself_or_empty_ones_finds_nothing() {
        let one = [p(1, Ring::Close), p(2, Ring::Closest)];
        assert_eq!(compare(&one, &one), CircleChanges::default());
        assert_eq!(compare(&[], &[]), CircleChanges::default());
        let c = compare(&[], &one);
        assert_eq!(c.appeared.len(), 2);
        assert!(c.left.is_empty() && c.moved_in.is_empty() && c.moved_out.is_empty());
        let c = compare(&one, &[]);
        assert_eq!(c.left, vec![p(1, Ring::Close), p(2, Ring::Closest)]);
    }

    #[test]
    fn validate_refuses_unknown_and_twice_placed_people_and_too_many() {
        let known = |id: i64| id < 10;
        let ok = validate(&[p(3, Ring::Close), p(1, Ring::Closest)], known).expect("ok");
        assert_eq!(ok, vec![p(1, Ring::Closest), p(3, Ring::Close)]);
        assert!(validate(&[], known).expect("empty is fine").is_empty());

        let e = validate(&[p(1, Ring::Close), p(11, Ring::Close)], known).expect_err("refused");
        assert_eq!(e.code(), ErrorCode::NotFound);
        let e = validate(&[p(1, Ring::Close), p(1, Ring::Closest)], known).expect_err("refused");
        assert_eq!(e.code(), ErrorCode::InvalidInput);

        let many: Vec<Placement> = (0..=MAX_CIRCLE_PLACEMENTS as i64)
            .map(|i| p(i, Ring::Close))
            .collect();
        let e = validate(&many, |_| true).expect_err("refused");
        assert_eq!(e.code(), ErrorCode::TooMany);
        assert_eq!(e.limit(), Some(MAX_CIRCLE_PLACEMENTS as u32));
    }

    #[test]
    fn an_exported_snapshot_is_checked_like_a_save() {
        let good = ExportedSnapshot {
            uid: "abc123".into(),
            taken_at: "2026-03-01T10:00:00Z".into(),
            placements: vec![ExportedPlacement {
                person: "p1".into(),
                ring: Ring::Close,
            }],
        };
        good.validate().expect("valid");
        let mut twice = good.clone();
        twice.placements.push(ExportedPlacement {
            person: "p1".into(),
            ring: Ring::Closest,
        });
        assert_eq!(
            twice.validate().expect_err("refused").code(),
            ErrorCode::ImportDuplicate
        );
        let bad_date = ExportedSnapshot {
            taken_at: "last week".into(),
            ..good.clone()
        };
        assert_eq!(
            bad_date.validate().expect_err("refused").code(),
            ErrorCode::ImportInvalid
        );
        let bad_uid = ExportedSnapshot {
            uid: "no spaces".into(),
            ..good
        };
        assert_eq!(
            bad_uid.validate().expect_err("refused").code(),
            ErrorCode::ImportInvalid
        );
    }
}
