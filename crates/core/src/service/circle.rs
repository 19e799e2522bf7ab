//! The closeness circle's use cases: save the circle as a new dated snapshot, list the snapshots
//! (oldest first, the newest last), read one or the current one, and put the first and the latest
//! side by side. The people placed are checked through `storage::people`; a person deleted from
//! the list later leaves every snapshot with them (their placements are removed with them, so no
//! snapshot names someone who is not there).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::circle::{self, CircleComparison, CircleInput, Snapshot};
use crate::domain::time::utc_string;
use crate::error::{Error, ErrorCode, Result};
use crate::service::vault::VaultService;
use crate::storage;

/// Every snapshot, oldest first (the newest last).
pub async fn snapshots(vault: &VaultService) -> Result<Vec<Snapshot>> {
    storage::circle::list(&vault.pool().await?).await
}

/// One snapshot (read-only).
pub async fn snapshot(vault: &VaultService, id: i64) -> Result<Snapshot> {
    storage::circle::get(&vault.pool().await?, id)
        .await?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "that circle is not there"))
}

/// The circle as last saved, if one was.
pub async fn current(vault: &VaultService) -> Result<Option<Snapshot>> {
    let pool = vault.pool().await?;
    match storage::circle::first_and_latest(&pool).await? {
        Some((_, latest)) => storage::circle::get(&pool, latest).await,
        None => Ok(None),
    }
}

/// Saves the circle as a new snapshot taken at `now` and returns it. Every person placed must be
/// in the list, once; otherwise nothing is stored.
pub async fn save(
    vault: &VaultService,
    input: CircleInput,
    now: DateTime<Utc>,
) -> Result<Snapshot> {
    let pool = vault.write_pool().await?;
    let taken_at = utc_string(now);
    let mut tx = storage::begin(&pool).await?;
    // Everyone in the list, archived people too (they stay wherever they appear).
    let people: HashSet<i64> = storage::people::uid_ids(&mut tx)
        .await?
        .into_values()
        .collect();
    let placements = circle::validate(&input.placements, |id| people.contains(&id))?;
    let id = storage::circle::insert(&mut tx, &taken_at, &placements, None).await?;
    storage::commit(tx).await?;
    Ok(Snapshot {
        id,
        taken_at,
        placements,
    })
}

/// "Start of the course vs now": the first snapshot and the latest, and who moved in or out,
/// appeared or left between them.
pub async fn compare(vault: &VaultService) -> Result<CircleComparison> {
    let pool = vault.pool().await?;
    let Some((first, latest)) = storage::circle::first_and_latest(&pool).await? else {
        return Ok(CircleComparison {
            first: None,
            latest: None,
            changes: Default::default(),
        });
    };
    let first = storage::circle::get(&pool, first).await?;
    let latest = storage::circle::get(&pool, latest).await?;
    let changes = match (&first, &latest) {
        (Some(f), Some(l)) => circle::compare(&f.placements, &l.placements),
        _ => Default::default(),
    };
    Ok(CircleComparison {
        first,
        latest,
        changes,
    })
}
