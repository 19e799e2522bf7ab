//! Backups: what one is (its kind and when it was made), which ones to keep, when the next
//! automatic one is due. Pure rules, no files.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a backup was made. Rotation treats daily and manual ones alike; the ones made before a
/// change to the vault's layout or before a restore are kept for [`KEEP_SAFETY_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    /// Made on its own, at most once a day, after changes.
    Automatic,
    /// "Back up now".
    Manual,
    /// Before a migration changed the vault's layout.
    PreMigration,
    /// The vault as it was just before a restore replaced it.
    BeforeRestore,
}

impl BackupKind {
    pub fn id(self) -> &'static str {
        match self {
            BackupKind::Automatic => "automatic",
            BackupKind::Manual => "manual",
            BackupKind::PreMigration => "pre-migration",
            BackupKind::BeforeRestore => "before-restore",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        [
            BackupKind::Automatic,
            BackupKind::Manual,
            BackupKind::PreMigration,
            BackupKind::BeforeRestore,
        ]
        .into_iter()
        .find(|k| k.id() == s)
    }

    fn is_safety(self) -> bool {
        matches!(self, BackupKind::PreMigration | BackupKind::BeforeRestore)
    }
}

/// The newest backup of each of this many days is kept…
pub const KEEP_DAILY: usize = 7;
/// …and the newest of each of this many weeks before those.
pub const KEEP_WEEKLY: usize = 4;
/// Backups made before a migration or a restore are kept this long.
pub const KEEP_SAFETY_DAYS: i64 = 90;
/// An automatic backup is made at most this often.
pub const AUTOMATIC_EVERY_HOURS: i64 = 24;
/// Settings warns (calmly) when the last good backup is older than this.
pub const WARN_AFTER_DAYS: i64 = 7;

/// One backup, as rotation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated<T> {
    pub id: T,
    pub kind: BackupKind,
    pub created_at: DateTime<Utc>,
}

/// The backups to delete, on `today` (the patient's local date; `local` gives a backup's local
/// date): of the daily and manual ones, the newest of each of the last [`KEEP_DAILY`] days that
/// have one stays, then the newest of each of the [`KEEP_WEEKLY`] ISO weeks before those; the
/// rest go. Safety backups go once older than [`KEEP_SAFETY_DAYS`]. Never deletes the newest
/// backup of all.
pub fn to_delete<T: Clone>(
    backups: &[Dated<T>],
    today: NaiveDate,
    local: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<T> {
    let mut regular: Vec<&Dated<T>> = backups.iter().filter(|b| !b.kind.is_safety()).collect();
    regular.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    let newest = backups.iter().map(|b| b.created_at).max();
    let mut keep_days: Vec<NaiveDate> = Vec::new();
    let mut keep_weeks: Vec<(i32, u32)> = Vec::new();
    let mut out = Vec::new();
    for b in regular {
        let day = local(b.created_at);
        let week = (day.iso_week().year(), day.iso_week().week());
        let kept = if keep_days.contains(&day) {
            false
        } else if keep_days.len() < KEEP_DAILY {
            keep_days.push(day);
            true
        } else if keep_days
            .iter()
            .any(|d| (d.iso_week().year(), d.iso_week().week()) == week)
            || keep_weeks.contains(&week)
        {
            false
        } else if keep_weeks.len() < KEEP_WEEKLY {
            keep_weeks.push(week);
            true
        } else {
            false
        };
        if !kept && Some(b.created_at) != newest {
            out.push(b.id.clone());
        }
    }
    for b in backups.iter().filter(|b| b.kind.is_safety()) {
        if (today - local(b.created_at)).num_days() > KEEP_SAFETY_DAYS
            && Some(b.created_at) != newest
        {
            out.push(b.id.clone());
        }
    }
    out
}

/// Whether an automatic backup is due at `now`: the vault changed after the last good backup
/// (or there is none), and that backup is at least [`AUTOMATIC_EVERY_HOURS`] old.
pub fn automatic_due(
    now: DateTime<Utc>,
    last_good: Option<DateTime<Utc>>,
    changed_at: Option<DateTime<Utc>>,
) -> bool {
    match last_good {
        None => true,
        Some(last) => {
            changed_at.is_some_and(|c| c > last)
                && now - last >= Duration::hours(AUTOMATIC_EVERY_HOURS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("time")
    }

    fn utc_day(t: DateTime<Utc>) -> NaiveDate {
        t.date_naive()
    }

    fn b(id: u32, kind: BackupKind, t: DateTime<Utc>) -> Dated<u32> {
        Dated {
            id,
            kind,
            created_at: t,
        }
    }

    fn kept(all: &[Dated<u32>], today: NaiveDate) -> Vec<u32> {
        let gone = to_delete(all, today, utc_day);
        let mut k: Vec<u32> = all
            .iter()
            .map(|b| b.id)
            .filter(|i| !gone.contains(i))
            .collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn the_newest_of_each_of_seven_days_then_of_four_weeks() {
        // One automatic backup a day for 60 days, ending Sunday 2026-11-29.
        let end = at(2026, 11, 29, 20);
        let all: Vec<_> = (0..60)
            .map(|i| b(i, BackupKind::Automatic, end - Duration::days(i64::from(i))))
            .collect();
        let k = kept(&all, end.date_naive());
        // Days 0–6 (Nov 29 back to Nov 23, the ISO week of Mon Nov 23), then the newest of each
        // of the four weeks before: Sun Nov 22, Sun Nov 15, Sun Nov 8, Sun Nov 1.
        assert_eq!(k, vec![0, 1, 2, 3, 4, 5, 6, 7, 14, 21, 28]);
    }

    #[test]
    fn several_in_one_day_keep_only_the_newest_and_manual_counts_as_daily() {
        let day = at(2026, 11, 27, 8);
        let all = vec![
            b(1, BackupKind::Automatic, day),
            b(2, BackupKind::Manual, day + Duration::hours(3)),
            b(3, BackupKind::Manual, day + Duration::hours(5)),
        ];
        assert_eq!(kept(&all, day.date_naive()), vec![3]);
    }

    #[test]
    fn safety_backups_stay_ninety_days_and_do_not_take_a_daily_place() {
        let now = at(2026, 11, 27, 12);
        let all = vec![
            b(1, BackupKind::PreMigration, now - Duration::days(90)),
            b(2, BackupKind::PreMigration, now - Duration::days(91)),
            b(3, BackupKind::BeforeRestore, now - Duration::days(200)),
            b(4, BackupKind::Automatic, now),
        ];
        assert_eq!(kept(&all, now.date_naive()), vec![1, 4]);
    }

    #[test]
    fn the_newest_backup_is_never_deleted() {
        let now = at(2026, 11, 27, 12);
        let old = vec![b(1, BackupKind::PreMigration, now - Duration::days(400))];
        assert_eq!(kept(&old, now.date_naive()), vec![1]);
    }

    #[test]
    fn gaps_of_days_without_backups_do_not_use_up_the_daily_places() {
        // Backups only every third day: the seven newest days that have one are kept.
        let end = at(2026, 11, 27, 9);
        let all: Vec<_> = (0..7)
            .map(|i| {
                b(
                    i,
                    BackupKind::Automatic,
                    end - Duration::days(3 * i64::from(i)),
                )
            })
            .collect();
        assert_eq!(kept(&all, end.date_naive()), vec![0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn an_automatic_backup_is_due_after_changes_at_most_daily() {
        let last = at(2026, 11, 26, 10);
        assert!(automatic_due(last, None, None), "never backed up");
        let changed = Some(last + Duration::hours(1));
        assert!(!automatic_due(
            last + Duration::hours(23),
            Some(last),
            changed
        ));
        assert!(automatic_due(
            last + Duration::hours(24),
            Some(last),
            changed
        ));
        assert!(
            !automatic_due(last + Duration::days(3), Some(last), Some(last)),
            "nothing changed since"
        );
        assert!(!automatic_due(last + Duration::days(3), Some(last), None));
    }

    #[test]
    fn kinds_round_trip_through_their_ids() {
        for k in [
            BackupKind::Automatic,
            BackupKind::Manual,
            BackupKind::PreMigration,
            BackupKind::BeforeRestore,
        ] {
            assert_eq!(BackupKind::from_id(k.id()), Some(k));
        }
        assert_eq!(BackupKind::from_id("weekly"), None);
    }
}
