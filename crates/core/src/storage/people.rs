//! SQL for people: find by name or add, check, list. Every feature that links a person (journal
//! events, plans, role plays, worksheets) asks here.

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection, SqlitePool};

use super::Tx;
use crate::domain::people::{
    ExpectationsFit, ExportedPerson, Inventory, Person, PersonSummary, Relationship,
};
use crate::error::{Error, ErrorCode, Result};

/// Finds a person in the pickers by name (case-insensitive; the first added when names repeat)
/// or adds them. Archived people are not in the pickers: the name makes someone new.
pub async fn person_id_for_name(tx: &mut Tx<'_>, name: &str, now: &str) -> Result<i64> {
    if let Some(id) = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM people WHERE display_name = ? COLLATE NOCASE AND archived_at IS NULL \
         ORDER BY id LIMIT 1",
    )
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

fn relationship(
    r: &sqlx::sqlite::SqliteRow,
) -> std::result::Result<Option<Relationship>, sqlx::Error> {
    Ok(r.try_get::<Option<String>, _>("relationship")?
        .as_deref()
        .and_then(Relationship::parse))
}

/// The pickers' list: everyone not archived, A–Z (then in the order added).
pub async fn list(pool: &SqlitePool) -> Result<Vec<Person>> {
    sqlx::query(
        "SELECT id, display_name, relationship, relationship_word FROM people \
         WHERE archived_at IS NULL ORDER BY display_name COLLATE NOCASE, id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading people", e))?
    .iter()
    .map(|r| {
        Ok(Person {
            id: r.try_get("id")?,
            display_name: r.try_get("display_name")?,
            relationship: relationship(r)?,
            relationship_word: Some(r.try_get::<String, _>("relationship_word")?)
                .filter(|w| !w.is_empty()),
        })
    })
    .collect::<std::result::Result<_, sqlx::Error>>()
    .map_err(|e| Error::db("reading people", e))
}

/// The People page's list: everyone, those not archived first, each part A–Z.
pub async fn list_all(pool: &SqlitePool) -> Result<Vec<PersonSummary>> {
    sqlx::query(
        "SELECT id, display_name, relationship, relationship_word, archived_at IS NOT NULL AS archived \
         FROM people ORDER BY archived_at IS NOT NULL, display_name COLLATE NOCASE, id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading people", e))?
    .iter()
    .map(|r| {
        Ok(PersonSummary {
            id: r.try_get("id")?,
            display_name: r.try_get("display_name")?,
            relationship: relationship(r)?,
            relationship_word: r.try_get("relationship_word")?,
            archived: r.try_get("archived")?,
        })
    })
    .collect::<std::result::Result<_, sqlx::Error>>()
    .map_err(|e| Error::db("reading people", e))
}

pub fn person_not_found() -> Error {
    Error::new(ErrorCode::NotFound, "that person is not in your list")
}

/// The inventory answers in a row of `people`.
fn inventory_of(r: &sqlx::sqlite::SqliteRow) -> std::result::Result<Inventory, sqlx::Error> {
    Ok(Inventory {
        display_name: r.try_get("display_name")?,
        relationship: relationship(r)?,
        relationship_word: r.try_get("relationship_word")?,
        contact_often: r.try_get("contact_often")?,
        together: r.try_get("together")?,
        good: r.try_get("good")?,
        hard: r.try_get("hard")?,
        i_expect: r.try_get("i_expect")?,
        they_expect: r.try_get("they_expect")?,
        expectations_fit: r
            .try_get::<Option<String>, _>("expectations_fit")?
            .as_deref()
            .and_then(ExpectationsFit::parse),
        would_change: r.try_get("would_change")?,
        since_low: r.try_get("since_low")?,
    })
}

/// Everyone not archived with their answers, A–Z (the printable inventory).
pub async fn active_inventories(pool: &SqlitePool) -> Result<Vec<(i64, Inventory)>> {
    sqlx::query(
        "SELECT * FROM people WHERE archived_at IS NULL ORDER BY display_name COLLATE NOCASE, id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading people", e))?
    .iter()
    .map(|r| Ok((r.try_get("id")?, inventory_of(r)?)))
    .collect::<std::result::Result<_, sqlx::Error>>()
    .map_err(|e| Error::db("reading people", e))
}

/// How many people are on the list and not archived.
pub async fn count_active(pool: &SqlitePool) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM people WHERE archived_at IS NULL")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("counting people", e))
}

/// A person's answers, archived date and date added.
pub async fn inventory(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<(Inventory, Option<String>, String)> {
    let r = sqlx::query("SELECT * FROM people WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| Error::db("reading a person", e))?
        .ok_or_else(person_not_found)?;
    let get = |e| Error::db("reading a person", e);
    let inv = inventory_of(&r).map_err(get)?;
    Ok((
        inv,
        r.try_get("archived_at").map_err(get)?,
        r.try_get("created_at").map_err(get)?,
    ))
}

/// Adds a person with their (validated) answers.
pub async fn insert(tx: &mut Tx<'_>, v: &Inventory, now: &str) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (display_name, created_at) VALUES (?, ?) RETURNING id",
    )
    .bind(&v.display_name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| Error::db("adding a person", e))?;
    update(tx, id, v).await?;
    Ok(id)
}

/// Saves a person's (validated) name and answers; `NotFound` when there is no such person.
pub async fn update(tx: &mut Tx<'_>, id: i64, v: &Inventory) -> Result<()> {
    let n = sqlx::query(
        "UPDATE people SET display_name = ?, relationship = ?, relationship_word = ?, \
         contact_often = ?, together = ?, good = ?, hard = ?, i_expect = ?, they_expect = ?, \
         expectations_fit = ?, would_change = ?, since_low = ? WHERE id = ?",
    )
    .bind(&v.display_name)
    .bind(v.relationship.map(Relationship::as_str))
    .bind(&v.relationship_word)
    .bind(&v.contact_often)
    .bind(&v.together)
    .bind(&v.good)
    .bind(&v.hard)
    .bind(&v.i_expect)
    .bind(&v.they_expect)
    .bind(v.expectations_fit.map(ExpectationsFit::as_str))
    .bind(&v.would_change)
    .bind(&v.since_low)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(|e| Error::db("saving a person", e))?
    .rows_affected();
    if n == 0 {
        return Err(person_not_found());
    }
    Ok(())
}

/// Archives (with the time) or brings back (`None`) a person.
pub async fn set_archived(tx: &mut Tx<'_>, id: i64, at: Option<&str>) -> Result<()> {
    let n = sqlx::query("UPDATE people SET archived_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("archiving a person", e))?
        .rows_affected();
    if n == 0 {
        return Err(person_not_found());
    }
    Ok(())
}

/// Every (table, column) whose foreign key points at `people` and keeps its row when the person
/// goes, read from the schema itself so a table added later is never missed. (Rows that are
/// only a picture of the list, like a circle's placements, cascade and are not counted.)
async fn linking_columns(tx: &mut Tx<'_>) -> Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
         WHERE m.type = 'table' AND f.\"table\" = 'people' AND f.on_delete <> 'CASCADE'",
    )
    .fetch_all(&mut **tx)
    .await
    .map_err(|e| Error::db("reading the schema", e))
}

/// Refuses (and so rolls back) when anything still names `id` after every owning feature has
/// moved or unlinked its items: a person is never removed from under something that names them.
pub async fn ensure_unlinked(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    for (table, column) in linking_columns(tx).await? {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM \"{}\" WHERE \"{}\" = ?",
            table.replace('"', "\"\""),
            column.replace('"', "\"\"")
        )))
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| Error::db("checking what names a person", e))?;
        if n > 0 {
            return Err(Error::new(
                ErrorCode::Internal,
                "something still names this person; nothing was changed",
            ));
        }
    }
    Ok(())
}

/// Removes a person row (after everything naming them was moved or unlinked).
pub async fn remove(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    ensure_unlinked(tx, id).await?;
    let n = sqlx::query("DELETE FROM people WHERE id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| Error::db("removing a person", e))?
        .rows_affected();
    if n == 0 {
        return Err(person_not_found());
    }
    Ok(())
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
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| Error::db("reading people", e))?;
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, uid FROM people ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| Error::db("reading people", e))?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, uid) in rows {
        let (inv, archived_at, created_at) = inventory(&mut conn, id).await?;
        out.push(ExportedPerson::new(uid, &inv, created_at, archived_at));
    }
    Ok(out)
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

/// Adds the people who are not here yet (validated), with their answers and archived state. A
/// person is here already when their uid is (names may repeat, so a name alone never merges two
/// people: the patient can merge them on the People page). Returns every uid of the file and
/// the vault → local id, and how many were added.
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
        added += 1;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (display_name, created_at, uid, archived_at) VALUES (?, ?, ?, ?) \
             RETURNING id",
        )
        .bind(&p.display_name)
        .bind(&p.created_at)
        .bind(&p.uid)
        .bind(&p.archived_at)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| Error::db("adding a person", e))?;
        update(tx, id, &p.inventory()).await?;
        ids.insert(p.uid.clone(), id);
    }
    Ok((ids, added))
}
