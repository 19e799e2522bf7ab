//! SQL for people: find by name or add, check, list. Every feature that links a person (journal
//! events, plans, role plays, worksheets) asks here.

use sqlx::{Row, SqlitePool};

use super::Tx;
use crate::domain::people::Person;
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
