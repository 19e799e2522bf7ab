//! SQL for the closeness circle: snapshots and their placements. People are named by their local
//! id here; their table belongs to `storage::people`, and a person deleted there takes their
//! placements with them (ON DELETE CASCADE, migration 0014).

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection, SqlitePool};

use super::Tx;
use crate::domain::circle::{ExportedPlacement, ExportedSnapshot, Placement, Ring, Snapshot};
use crate::error::{Error, Result};

fn ring_of(s: &str) -> Result<Ring> {
    Ring::parse(s).ok_or_else(|| {
        Error::new(
            crate::error::ErrorCode::Damaged,
            "a circle placement names an unknown ring",
        )
    })
}

/// Writes a new snapshot taken at `taken_at` with `placements` (already checked); returns its id.
pub async fn insert(
    tx: &mut Tx<'_>,
    taken_at: &str,
    placements: &[Placement],
    uid: Option<&str>,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO circle_snapshots (taken_at, uid) VALUES (?, ?) RETURNING id",
    )
    .bind(taken_at)
    .bind(uid)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the circle", e))?;
    for p in placements {
        sqlx::query(
            "INSERT INTO circle_placements (snapshot_id, person_id, ring) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(p.person_id)
        .bind(p.ring.as_str())
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("saving the circle", e))?;
    }
    Ok(id)
}

/// The placements of the snapshots whose ids are in `ids` (all with `None`), grouped by snapshot.
async fn placements(
    conn: &mut SqliteConnection,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<Placement>>> {
    let rows = sqlx::query(
        "SELECT snapshot_id, person_id, ring FROM circle_placements \
         WHERE ?1 IS NULL OR snapshot_id = ?1 ORDER BY snapshot_id, person_id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading the circle", e))?;
    let mut out: HashMap<i64, Vec<Placement>> = HashMap::new();
    for r in rows {
        let snapshot: i64 = r
            .try_get("snapshot_id")
            .map_err(|e| Error::db("reading the circle", e))?;
        let ring: String = r
            .try_get("ring")
            .map_err(|e| Error::db("reading the circle", e))?;
        out.entry(snapshot).or_default().push(Placement {
            person_id: r
                .try_get("person_id")
                .map_err(|e| Error::db("reading the circle", e))?,
            ring: ring_of(&ring)?,
        });
    }
    Ok(out)
}

async fn snapshot_rows(
    conn: &mut SqliteConnection,
    only: Option<i64>,
) -> Result<Vec<(i64, String)>> {
    sqlx::query_as::<_, (i64, String)>(
        "SELECT id, taken_at FROM circle_snapshots WHERE ?1 IS NULL OR id = ?1 \
         ORDER BY taken_at, id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading the circle", e))
}

async fn read(pool: &SqlitePool, only: Option<i64>) -> Result<Vec<Snapshot>> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the circle", e))?;
    let rows = snapshot_rows(&mut conn, only).await?;
    let mut placed = placements(&mut conn, only).await?;
    Ok(rows
        .into_iter()
        .map(|(id, taken_at)| Snapshot {
            id,
            taken_at,
            placements: placed.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// Every snapshot, oldest first (the newest last), with its placements.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Snapshot>> {
    read(pool, None).await
}

/// One snapshot, if it is there.
pub async fn get(pool: &SqlitePool, id: i64) -> Result<Option<Snapshot>> {
    Ok(read(pool, Some(id)).await?.pop())
}

/// The ids of the oldest and the newest snapshot (the same one when there is one).
pub async fn first_and_latest(pool: &SqlitePool) -> Result<Option<(i64, i64)>> {
    let first: Option<i64> =
        sqlx::query_scalar("SELECT id FROM circle_snapshots ORDER BY taken_at, id LIMIT 1")
            .fetch_optional(pool)
            .await
            .map_err(|e| Error::db("reading the circle", e))?;
    let latest: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM circle_snapshots ORDER BY taken_at DESC, id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await
    .map_err(|e| Error::db("reading the circle", e))?;
    Ok(first.zip(latest))
}

/// How many snapshots there are.
pub async fn count(pool: &SqlitePool) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM circle_snapshots")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("counting circles", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// Every snapshot's stable id and local id.
pub async fn uid_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    Ok(
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM circle_snapshots")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading the circle", e))?
            .into_iter()
            .collect(),
    )
}

/// Every snapshot, oldest first, with people named by uid (`person_uids`: local id → uid).
pub async fn export(
    pool: &SqlitePool,
    person_uids: &HashMap<i64, String>,
) -> Result<Vec<ExportedSnapshot>> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading the circle", e))?;
    let rows = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT id, uid, taken_at FROM circle_snapshots ORDER BY taken_at, id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| Error::db("reading the circle", e))?;
    let mut placed = placements(&mut conn, None).await?;
    Ok(rows
        .into_iter()
        .map(|(id, uid, taken_at)| ExportedSnapshot {
            uid,
            taken_at,
            placements: placed
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| {
                    person_uids.get(&p.person_id).map(|u| ExportedPlacement {
                        person: u.clone(),
                        ring: p.ring,
                    })
                })
                .collect(),
        })
        .collect())
}

/// Adds the snapshots whose uid is not here yet (validated, people resolved to local ids by the
/// caller: `person_ids` uid → local id). Returns how many were added.
pub async fn import(
    tx: &mut Tx<'_>,
    snapshots: &[ExportedSnapshot],
    person_ids: &HashMap<String, i64>,
) -> Result<usize> {
    let here = uid_ids(tx).await?;
    let mut added = 0;
    for s in snapshots {
        if here.contains_key(&s.uid) {
            continue;
        }
        let placements = s
            .placements
            .iter()
            .map(|p| {
                person_ids
                    .get(&p.person)
                    .map(|&person_id| Placement {
                        person_id,
                        ring: p.ring,
                    })
                    .ok_or_else(|| {
                        Error::new(
                            crate::error::ErrorCode::ImportMissingLink,
                            "a circle links to something neither in the file nor here",
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        insert(tx, &s.taken_at, &placements, Some(&s.uid)).await?;
        added += 1;
    }
    Ok(added)
}

/// Moves `from`'s placements to `to` (a merge, or a delete that moves what names someone), in
/// the caller's transaction. In a snapshot that already places `to`, `to`'s own placement is
/// kept and `from`'s goes. Returns how many moved.
pub async fn reassign_person(tx: &mut Tx<'_>, from: i64, to: i64) -> Result<u64> {
    let moved =
        sqlx::query("UPDATE OR IGNORE circle_placements SET person_id = ? WHERE person_id = ?")
            .bind(to)
            .bind(from)
            .execute(&mut **tx)
            .await
            .map_err(|e| Error::db("moving circle placements", e))?
            .rows_affected();
    sqlx::query("DELETE FROM circle_placements WHERE person_id = ?")
        .bind(from)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("moving circle placements", e))?;
    Ok(moved)
}
