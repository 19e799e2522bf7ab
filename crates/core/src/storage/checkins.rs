//! SQL for check-ins. Only the answers are stored; each is scored by the domain as it is read.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::Tx;
use crate::domain::checkins::{CheckIn, CheckInInput, ExportedCheckIn, Questionnaire};
use crate::error::{Error, ErrorCode, Result};

#[derive(FromRow)]
struct CheckInRow {
    id: i64,
    kind: String,
    taken_at: String,
    answers: String,
    difficulty: Option<i64>,
}

fn damaged() -> Error {
    Error::new(ErrorCode::Damaged, "a check-in is damaged")
}

impl CheckInRow {
    /// A row is read back through the same validation as the form's input, so a stored check-in
    /// the rules cannot score is reported, not scored wrongly.
    fn into_check_in(self) -> Result<CheckIn> {
        let input = CheckInInput {
            kind: Questionnaire::from_id(&self.kind).ok_or_else(damaged)?,
            answers: serde_json::from_str(&self.answers).map_err(|_| damaged())?,
            difficulty: self
                .difficulty
                .map(u8::try_from)
                .transpose()
                .map_err(|_| damaged())?,
        };
        input.validate().map_err(|_| damaged())?;
        Ok(CheckIn::scored(self.id, self.taken_at, input))
    }
}

/// The check-in columns; a macro so queries are built from literals.
macro_rules! select_checkin {
    () => {
        "SELECT id, kind, taken_at, answers, difficulty FROM checkins"
    };
}

/// Reads one check-in on a given connection, such as the transaction that is saving it.
pub async fn get_in(conn: &mut SqliteConnection, id: i64) -> Result<CheckIn> {
    sqlx::query_as::<_, CheckInRow>(concat!(select_checkin!(), " WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| Error::db("reading a check-in", e))?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "that check-in is not there"))?
        .into_check_in()
}

/// Every check-in, the newest first.
pub async fn list(pool: &SqlitePool) -> Result<Vec<CheckIn>> {
    sqlx::query_as::<_, CheckInRow>(concat!(
        select_checkin!(),
        " ORDER BY taken_at DESC, id DESC"
    ))
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading check-ins", e))?
    .into_iter()
    .map(CheckInRow::into_check_in)
    .collect()
}

/// Adds a validated check-in taken at `taken_at` (UTC); returns its id.
pub async fn insert(tx: &mut Tx<'_>, input: &CheckInInput, taken_at: &str) -> Result<i64> {
    let answers = serde_json::to_string(&input.answers)
        .map_err(|_| Error::new(ErrorCode::Internal, "the answers could not be kept"))?;
    sqlx::query_scalar(
        "INSERT INTO checkins (kind, taken_at, answers, difficulty) VALUES (?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(input.kind.id())
    .bind(taken_at)
    .bind(answers)
    .bind(input.difficulty.map(i64::from))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| Error::db("saving the check-in", e))
}

/// When each check-in was taken (UTC, RFC 3339), the newest first: all the invitation needs.
pub async fn taken_times(pool: &SqlitePool) -> Result<Vec<String>> {
    sqlx::query_scalar("SELECT taken_at FROM checkins ORDER BY taken_at DESC")
        .fetch_all(pool)
        .await
        .map_err(|e| Error::db("reading check-ins", e))
}

/// How many check-ins there are (for a backup's summary).
pub async fn count(pool: &SqlitePool) -> Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM checkins")
        .fetch_one(pool)
        .await
        .map_err(|e| Error::db("counting check-ins", e))
}

// ---- Export and import ----------------------------------------------------------------------

/// Every check-in, oldest first, as the export carries it (the answers only).
pub async fn export(pool: &SqlitePool) -> Result<Vec<ExportedCheckIn>> {
    #[derive(FromRow)]
    struct Row {
        uid: String,
        kind: String,
        taken_at: String,
        answers: String,
        difficulty: Option<i64>,
    }
    sqlx::query_as::<_, Row>(
        "SELECT uid, kind, taken_at, answers, difficulty FROM checkins ORDER BY taken_at, id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| Error::db("reading check-ins", e))?
    .into_iter()
    .map(|r| {
        Ok(ExportedCheckIn {
            uid: r.uid,
            kind: Questionnaire::from_id(&r.kind).ok_or_else(damaged)?,
            taken_at: r.taken_at,
            answers: serde_json::from_str(&r.answers).map_err(|_| damaged())?,
            difficulty: r
                .difficulty
                .map(u8::try_from)
                .transpose()
                .map_err(|_| damaged())?,
        })
    })
    .collect()
}

/// Every check-in's stable id and local id.
pub async fn uid_ids(
    conn: &mut SqliteConnection,
) -> Result<std::collections::HashMap<String, i64>> {
    Ok(
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM checkins")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| Error::db("reading check-ins", e))?
            .into_iter()
            .collect(),
    )
}

/// Adds the check-ins (validated) whose uid is not here yet; returns every uid → local id and
/// how many were added.
pub async fn import(
    tx: &mut Tx<'_>,
    check_ins: &[(&ExportedCheckIn, CheckInInput)],
) -> Result<(std::collections::HashMap<String, i64>, usize)> {
    let mut ids = uid_ids(tx).await?;
    let mut added = 0;
    for (x, input) in check_ins {
        if ids.contains_key(&x.uid) {
            continue;
        }
        let id = insert(tx, input, &x.taken_at).await?;
        sqlx::query("UPDATE checkins SET uid = ? WHERE id = ?")
            .bind(&x.uid)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(|e| Error::db("saving the check-in", e))?;
        ids.insert(x.uid.clone(), id);
        added += 1;
    }
    Ok((ids, added))
}
