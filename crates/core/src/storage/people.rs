//! SQL for people: find by name or add, check, list. Every feature that links a person (journal
//! events, plans, role plays, worksheets) asks here.

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection, SqlitePool};

use super::Tx;
use crate::domain::people::{ExportedPerson, Person};
use crate::error::{Error, ErrorCode, Result};

/// Finds a person by name (case-insensitive) or adds them.
pub async fn person_id_for_name(tx: &mut Tx<'_>, name: &str, now: &str) -> Result<i64> {
    if let Some(id) =
        sqlx::query_scalar::<_, i64>("SELECT id FROM people WHERE display_name = ? COLLATE NOCASE")
            .bind(name)
            .fetch_optional(&mut **tx)
            .await
            .map_err(|e| Error::db("finding a person", e))?
    {
        return Ok(id);
    }
    sqlx::query_scalar("INSERT INTO people (display_name, created_at) VALUES (?, ?) RETURNING id")
        .bind(name)
        .bind(now)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| Error::db("adding a person", e))
}

async fn person_exists(tx: &mut Tx<'_>, id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM people WHERE id = ?")
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| Error::db("checking a person", e))?;
    Ok(n > 0)
}

/// The person an entry, event or plan is about: an existing one by id, or one found or added by
/// name (alias or initials are fine), or nobody.
pub async fn resolve_person(
    tx: &mut Tx<'_>,
    id: Option<i64>,
    name: Option<&str>,
    now: &str,
) -> Result<Option<i64>> {
    match (id, name) {
        (Some(pid), _) => {
            if !person_exists(tx, pid).await? {
                return Err(Error::new(
                    ErrorCode::NotFound,
                    "that person is not in your list",
                ));
            }
            Ok(Some(pid))
        }
        (None, Some(name)) => Ok(Some(person_id_for_name(tx, name, now).await?)),
        (None, None) => Ok(None),
    }
}

/// Everyone the patient has named, A–Z.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Person>> {
    sqlx::query("SELECT id, display_name FROM people ORDER BY display_name COLLATE NOCASE")
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading people", e))?
        .iter()
        .map(|r| {
            Ok(Person {
                id: r.try_get("id")?,
                display_name: r.try_get("display_name")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()
        .map_err(|e| Error::db("reading people", e))
}

/// How many people there are (for a backup's summary).
pub async fn count(pool: &SqlitePool) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM people")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("counting people", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// Everyone, in the order they were added, as the export carries them.
pub async fn export(pool: &SqlitePool) -> Result<Vec<ExportedPerson>> {
    sqlx::query("SELECT uid, display_name, created_at FROM people ORDER BY id")
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading people", e))?
        .iter()
        .map(|r| {
            Ok(ExportedPerson {
                uid: r.try_get("uid")?,
                display_name: r.try_get("display_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()
        .map_err(|e| Error::db("reading people", e))
}

/// Every person's stable id and local id.
pub async fn uid_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    Ok(
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM people")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading people", e))?
            .into_iter()
            .collect(),
    )
}

/// Adds the people who are not here yet (validated). A person is here already when their uid
/// is, or when someone here has the same name (names are unique, case-insensitively): then the
/// file's uid means that person. Returns every uid of the file and the vault → local id, and how
/// many were added.
pub async fn import(
    tx: &mut Tx<'_>,
    people: &[ExportedPerson],
) -> Result<(HashMap<String, i64>, usize)> {
    let mut ids = uid_ids(tx).await?;
    let mut added = 0;
    for p in people {
        if ids.contains_key(&p.uid) {
            continue;
        }
        let same_name: Option<i64> =
            sqlx::query_scalar("SELECT id FROM people WHERE display_name = ? COLLATE NOCASE")
                .bind(&p.display_name)
                .fetch_optional(&mut **tx)
                .await
                .map_err(|e| Error::db("finding a person", e))?;
        let id = match same_name {
            Some(id) => id,
            None => {
                added += 1;
                sqlx::query_scalar(
                    "INSERT INTO people (display_name, created_at, uid) VALUES (?, ?, ?) RETURNING id",
                )
                .bind(&p.display_name)
                .bind(&p.created_at)
                .bind(&p.uid)
                .fetch_one(&mut **tx)
                .await
                .map_err(|e| Error::db("adding a person", e))?
            }
        };
        ids.insert(p.uid.clone(), id);
    }
    Ok((ids, added))
}
