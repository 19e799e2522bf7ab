//! Migrations run only after a verified encrypted backup, and a failing one changes nothing.

use std::path::Path;

use ipt_core::ErrorCode;
use ipt_core::keys::DataKey;
use ipt_core::keys::kdf::KdfParams;
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::storage::{Vault, VaultPaths};
use sqlx::migrate::Migrator;

const FAST: KdfParams = KdfParams {
    memory_kib: 1024,
    passes: 1,
    lanes: 1,
};

/// A migration folder holding the shipped migrations plus `extra` (name, sql).
async fn migrator_with(dir: &Path, extra: &[(&str, &str)]) -> Migrator {
    std::fs::create_dir_all(dir).expect("dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for e in std::fs::read_dir(shipped).expect("migrations") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy");
    }
    for (name, sql) in extra {
        std::fs::write(dir.join(name), sql).expect("write");
    }
    Migrator::new(dir).await.expect("migrator")
}

/// The slot file lets a test get the same key back more than once (keys are not Clone).
struct Keys(KeySlotFile);
impl Keys {
    fn new() -> (Self, DataKey) {
        let key = DataKey::generate().expect("key");
        let mut f = KeySlotFile::new().expect("slots");
        f.set_passphrase(&key, "k", FAST).expect("slot");
        (Self(f), key)
    }
    fn key(&self) -> DataKey {
        self.0.unlock_passphrase("k").expect("key")
    }
}

#[tokio::test]
async fn pending_migration_runs_after_a_verified_encrypted_backup() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = VaultPaths::new(dir.path().join("data"));
    let v1 = migrator_with(&dir.path().join("m1"), &[]).await;
    let v2 = migrator_with(
        &dir.path().join("m2"),
        &[("0999_test.sql", "CREATE TABLE later (x TEXT);")],
    )
    .await;
    let (keys, key) = Keys::new();

    let vault = Vault::create(&paths.db, key, &v1).await.expect("create");
    ipt_core::storage::settings::set(vault.pool(), "marker", "before-migration")
        .await
        .expect("set");
    vault.close().await;
    assert!(!paths.backups.exists());

    // Reopening with the same migrations makes no backup.
    Vault::open(&paths.db, keys.key(), &v1, &paths.backups)
        .await
        .expect("reopen")
        .close()
        .await;
    assert!(!paths.backups.exists(), "no pending migration, no backup");

    let vault = Vault::open(&paths.db, keys.key(), &v2, &paths.backups)
        .await
        .expect("migrates");
    sqlx::query("INSERT INTO later (x) VALUES ('y')")
        .execute(vault.pool())
        .await
        .expect("new table");
    vault.close().await;

    let backups: Vec<_> = std::fs::read_dir(&paths.backups)
        .expect("backups")
        .map(|e| e.expect("e").path())
        .collect();
    assert_eq!(backups.len(), 1, "one backup: {backups:?}");
    let b = std::fs::read(&backups[0]).expect("read backup");
    assert!(
        !b.starts_with(b"SQLite format 3"),
        "the backup is encrypted"
    );
    // The backup opens with the vault's key and holds the state before the migration.
    let old = Vault::open(&backups[0], keys.key(), &v1, &paths.backups)
        .await
        .expect("backup opens");
    assert_eq!(
        ipt_core::storage::settings::get(old.pool(), "marker")
            .await
            .expect("get")
            .as_deref(),
        Some("before-migration")
    );
    let later: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'later'")
        .fetch_one(old.pool())
        .await
        .expect("q");
    assert_eq!(later, 0);
    old.close().await;
    // ...and a wrong key does not open it.
    let wrong = Vault::open(
        &backups[0],
        DataKey::generate().expect("k"),
        &v1,
        &paths.backups,
    )
    .await;
    assert_eq!(wrong.err().map(|e| e.code()), Some(ErrorCode::WrongKey));
}

#[tokio::test]
async fn a_failing_migration_leaves_the_vault_usable_as_before() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = VaultPaths::new(dir.path().join("data"));
    let v1 = migrator_with(&dir.path().join("m1"), &[]).await;
    let bad = migrator_with(
        &dir.path().join("bad"),
        &[(
            "0999_bad.sql",
            "CREATE TABLE half (x TEXT); INSERT INTO nowhere VALUES (1);",
        )],
    )
    .await;
    let (keys, key) = Keys::new();
    let vault = Vault::create(&paths.db, key, &v1).await.expect("create");
    ipt_core::storage::settings::set(vault.pool(), "marker", "kept")
        .await
        .expect("set");
    vault.close().await;

    let r = Vault::open(&paths.db, keys.key(), &bad, &paths.backups).await;
    assert_eq!(r.err().map(|e| e.code()), Some(ErrorCode::MigrationFailed));

    let vault = Vault::open(&paths.db, keys.key(), &v1, &paths.backups)
        .await
        .expect("still opens");
    assert_eq!(
        ipt_core::storage::settings::get(vault.pool(), "marker")
            .await
            .expect("get")
            .as_deref(),
        Some("kept")
    );
    let half: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half'")
        .fetch_one(vault.pool())
        .await
        .expect("q");
    assert_eq!(
        half, 0,
        "the failed migration's transaction was rolled back"
    );
    vault.close().await;
}

/// The vault at `paths` opened by this build: every shipped migration, each after a verified backup.
async fn open_shipped(paths: &VaultPaths, keys: &Keys) -> Vault {
    Vault::open(
        &paths.db,
        keys.key(),
        &ipt_core::storage::MIGRATOR,
        &paths.backups,
    )
    .await
    .expect("migrates")
}

async fn table_count(pool: &sqlx::SqlitePool, name: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("q")
}

/// A vault made by the shipped migrations that came before `first_new` (e.g. "0009"), closed,
/// then opened with every shipped migration: the vault as a patient updating the app has it.
/// Checks the table `table` appears only with the update, after exactly one verified backup.
async fn update_from_before(
    first_new: &str,
    table: &str,
) -> (tempfile::TempDir, VaultPaths, Vault) {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = VaultPaths::new(dir.path().join("data"));
    let before = dir.path().join("before");
    std::fs::create_dir_all(&before).expect("dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for e in std::fs::read_dir(shipped).expect("migrations") {
        let e = e.expect("entry");
        if e.file_name().to_string_lossy().as_ref() < first_new {
            std::fs::copy(e.path(), before.join(e.file_name())).expect("copy");
        }
    }
    let old = Migrator::new(before.as_path()).await.expect("migrator");
    let (keys, key) = Keys::new();
    let vault = Vault::create(&paths.db, key, &old).await.expect("create");
    assert_eq!(table_count(vault.pool(), table).await, 0, "no {table} yet");
    vault.close().await;

    let vault = open_shipped(&paths, &keys).await;
    assert_eq!(table_count(vault.pool(), table).await, 1);
    assert_eq!(
        std::fs::read_dir(&paths.backups).expect("backups").count(),
        1,
        "one verified backup before the migration"
    );
    (dir, paths, vault)
}

#[tokio::test]
async fn a_vault_from_before_check_ins_gains_them_after_a_backup() {
    let (_dir, _paths, vault) = update_from_before("0009", "checkins").await;
    sqlx::query("INSERT INTO checkins (kind, taken_at, answers) VALUES ('gad7', 'now', '[0]')")
        .execute(vault.pool())
        .await
        .expect("the new table takes a row");
    // The table refuses what the app never writes: a difficulty answer on a GAD-7.
    assert!(
        sqlx::query(
            "INSERT INTO checkins (kind, taken_at, answers, difficulty) VALUES ('gad7', 'now', '[]', 1)"
        )
        .execute(vault.pool())
        .await
        .is_err()
    );
    vault.close().await;
}

#[tokio::test]
async fn a_vault_from_before_the_safety_plan_gains_it_after_a_backup() {
    let (_dir, _paths, vault) = update_from_before("0010", "safety_plan").await;
    sqlx::query("INSERT INTO safety_plan (id, plan, updated_at) VALUES (1, '{}', 'now')")
        .execute(vault.pool())
        .await
        .expect("the new table takes a row");
    // One row only, and only JSON.
    assert_refused(
        vault.pool(),
        &[
            "INSERT INTO safety_plan (id, plan, updated_at) VALUES (2, '{}', 'now')",
            "UPDATE safety_plan SET plan = 'not json' WHERE id = 1",
        ],
    )
    .await;
    vault.close().await;
}

#[tokio::test]
async fn a_vault_from_before_ending_well_gains_it_after_a_backup() {
    let (_dir, _paths, vault) = update_from_before("0011", "ending_plan").await;
    assert_eq!(table_count(vault.pool(), "follow_ups").await, 1);
    sqlx::query("INSERT INTO ending_plan (id, plan, updated_at) VALUES (1, '{}', 'now')")
        .execute(vault.pool())
        .await
        .expect("the new table takes a row");
    sqlx::query("INSERT INTO checkins (kind, taken_at, answers) VALUES ('phq9', 'now', '[0]')")
        .execute(vault.pool())
        .await
        .expect("a check-in");
    sqlx::query(
        "INSERT INTO follow_ups (check_in_id, taken_on, signs_noticed) VALUES (1, '2027-02-26', '[]')",
    )
    .execute(vault.pool())
    .await
    .expect("a follow-up of that check-in");
    // One plan row, JSON only; a follow-up needs its check-in (once), a date and a JSON list.
    assert_refused(vault.pool(), &[
        "INSERT INTO ending_plan (id, plan, updated_at) VALUES (2, '{}', 'now')",
        "UPDATE ending_plan SET plan = 'not json' WHERE id = 1",
        "INSERT INTO follow_ups (check_in_id, taken_on, signs_noticed) VALUES (1, '2027-03-26', '[]')",
        "INSERT INTO follow_ups (check_in_id, taken_on, signs_noticed) VALUES (99, '2027-03-26', '[]')",
        "UPDATE follow_ups SET taken_on = 'March' WHERE id = 1",
        "UPDATE follow_ups SET signs_noticed = '{}' WHERE id = 1",
    ])
    .await;
    vault.close().await;
}

#[tokio::test]
async fn stable_ids_are_given_to_every_existing_row_and_change_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = VaultPaths::new(dir.path().join("data"));
    let before = dir.path().join("before");
    std::fs::create_dir_all(&before).expect("dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for e in std::fs::read_dir(shipped).expect("migrations") {
        let e = e.expect("entry");
        if e.file_name().to_string_lossy().as_ref() < "0012" {
            std::fs::copy(e.path(), before.join(e.file_name())).expect("copy");
        }
    }
    let old = Migrator::new(before.as_path()).await.expect("migrator");
    let (keys, key) = Keys::new();
    let vault = Vault::create(&paths.db, key, &old).await.expect("create");
    for sql in [
        "INSERT INTO people (display_name, created_at) VALUES ('Sam', 't'), ('Alex', 't')",
        "INSERT INTO journal_entries (occurred_at, occurred_utc, occurred_day, mood, created_at, updated_at) \
         VALUES ('a', 'a', 'd', 5, 't', 't'), ('b', 'b', 'd', 6, 't', 't'), ('c', 'c', 'd', 7, 't', 't')",
        "INSERT INTO plans (what, due_on, created_at, updated_at) VALUES ('x', 'd', 't', 't')",
        "INSERT INTO checkins (kind, taken_at, answers) VALUES ('gad7', 'now', '[0]')",
    ] {
        sqlx::query(sql).execute(vault.pool()).await.expect(sql);
    }
    vault.close().await;

    let vault = open_shipped(&paths, &keys).await;
    for (table, n) in [
        ("people", 2),
        ("journal_entries", 3),
        ("plans", 1),
        ("checkins", 1),
    ] {
        let (count, distinct, hex): (i64, i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT count(*), count(DISTINCT uid), \
             sum(length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*') FROM {table}"
        )))
        .fetch_one(vault.pool())
        .await
        .expect("uids");
        assert_eq!((count, distinct, hex), (n, n, n), "{table}");
    }
    // Nothing else changed.
    let moods: Vec<i64> = sqlx::query_scalar("SELECT mood FROM journal_entries ORDER BY id")
        .fetch_all(vault.pool())
        .await
        .expect("moods");
    assert_eq!(moods, vec![5, 6, 7]);
    let names: Vec<String> = sqlx::query_scalar("SELECT display_name FROM people ORDER BY id")
        .fetch_all(vault.pool())
        .await
        .expect("names");
    assert_eq!(names, vec!["Sam", "Alex"]);
    // New rows get one too (the trigger), and two rows never share one.
    sqlx::query("INSERT INTO people (display_name, created_at) VALUES ('New', 't')")
        .execute(vault.pool())
        .await
        .expect("insert");
    let uid: Option<String> =
        sqlx::query_scalar("SELECT uid FROM people WHERE display_name = 'New'")
            .fetch_one(vault.pool())
            .await
            .expect("uid");
    assert_eq!(uid.map(|u| u.len()), Some(32));
    assert!(
        sqlx::query("UPDATE people SET uid = (SELECT uid FROM people WHERE display_name = 'Sam') WHERE display_name = 'Alex'")
            .execute(vault.pool())
            .await
            .is_err(),
        "uids are unique"
    );
    vault.close().await;
}

#[tokio::test]
async fn a_vault_from_before_the_circle_gains_it_after_a_backup() {
    // Whatever came before 0014 (the inventory's 0013 or not), the circle arrives with the update.
    let (_dir, _paths, vault) = update_from_before("0014", "circle_snapshots").await;
    assert_eq!(table_count(vault.pool(), "circle_placements").await, 1);
    let pool = vault.pool();
    sqlx::query("INSERT INTO people (display_name, created_at) VALUES ('Sam', 'now')")
        .execute(pool)
        .await
        .expect("a person");
    sqlx::query("INSERT INTO circle_snapshots (taken_at) VALUES ('2026-11-20T10:00:00Z')")
        .execute(pool)
        .await
        .expect("a snapshot");
    let uid: Option<String> = sqlx::query_scalar("SELECT uid FROM circle_snapshots")
        .fetch_one(pool)
        .await
        .expect("uid");
    assert_eq!(uid.map(|u| u.len()), Some(32), "a new snapshot gets a uid");
    sqlx::query(
        "INSERT INTO circle_placements (snapshot_id, person_id, ring) VALUES (1, 1, 'close')",
    )
    .execute(pool)
    .await
    .expect("a placement");
    // A ring that is not one of the three, a person twice, a person or snapshot not there.
    for bad in [
        "INSERT INTO circle_placements (snapshot_id, person_id, ring) VALUES (1, 1, 'closest')",
        "UPDATE circle_placements SET ring = 'outer'",
        "INSERT INTO circle_placements (snapshot_id, person_id, ring) VALUES (1, 99, 'close')",
        "INSERT INTO circle_placements (snapshot_id, person_id, ring) VALUES (9, 1, 'close')",
    ] {
        assert!(sqlx::query(bad).execute(pool).await.is_err(), "{bad}");
    }
    // A person deleted from the list leaves the circle with them; the snapshot stays.
    sqlx::query("DELETE FROM people WHERE id = 1")
        .execute(pool)
        .await
        .expect("delete");
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM circle_placements")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
    let snapshots: i64 = sqlx::query_scalar("SELECT count(*) FROM circle_snapshots")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(snapshots, 1);
    vault.close().await;
}

#[tokio::test]
async fn the_inventory_migration_keeps_people_and_allows_repeated_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = VaultPaths::new(dir.path().join("data"));
    let before = migrator_with_up_to(&dir.path().join("m"), 12).await;
    let (keys, key) = Keys::new();
    let vault = Vault::create(&paths.db, key, &before)
        .await
        .expect("create");
    sqlx::query("INSERT INTO people (display_name, created_at) VALUES ('Sam', 't')")
        .execute(vault.pool())
        .await
        .expect("insert");
    assert!(
        sqlx::query("INSERT INTO people (display_name, created_at) VALUES ('sam', 't')")
            .execute(vault.pool())
            .await
            .is_err(),
        "names were unique before"
    );
    vault.close().await;

    let vault = open_shipped(&paths, &keys).await;
    let (name, good, relationship, archived): (String, String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT display_name, good, relationship, archived_at FROM people")
            .fetch_one(vault.pool())
            .await
            .expect("row");
    assert_eq!(
        (name.as_str(), good.as_str(), relationship, archived),
        ("Sam", "", None, None)
    );
    sqlx::query("INSERT INTO people (display_name, created_at) VALUES ('sam', 't')")
        .execute(vault.pool())
        .await
        .expect("a repeated name is allowed now");
    assert!(
        sqlx::query("UPDATE people SET relationship = 'cousin'")
            .execute(vault.pool())
            .await
            .is_err(),
        "relationship is from the list"
    );
    assert!(
        sqlx::query("UPDATE people SET expectations_fit = 'maybe'")
            .execute(vault.pool())
            .await
            .is_err(),
        "fit is from the list"
    );
    vault.close().await;
}

/// The shipped migrations up to and including number `last`.
async fn migrator_with_up_to(dir: &Path, last: u32) -> Migrator {
    std::fs::create_dir_all(dir).expect("dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for e in std::fs::read_dir(shipped).expect("migrations") {
        let e = e.expect("entry");
        let n: u32 = e.file_name().to_string_lossy()[..4]
            .parse()
            .expect("number");
        if n <= last {
            std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy");
        }
    }
    Migrator::new(dir).await.expect("migrator")
}

/// Each statement is refused by the schema (a constraint, a check, a foreign key).
async fn assert_refused(pool: &sqlx::SqlitePool, statements: &[&str]) {
    for bad in statements {
        assert!(
            sqlx::query(sqlx::AssertSqlSafe(*bad))
                .execute(pool)
                .await
                .is_err(),
            "{bad}"
        );
    }
}

/// The document an app before 0015 wrote into its search index for entry `id`.
const OLD_REINDEX: &str = "INSERT INTO journal_fts (rowid, body) \
     SELECT e.id, concat_ws(char(10), (SELECT text FROM journal_entry_texts WHERE entry_id = e.id), \
       (SELECT group_concat(tag, ' ') FROM journal_entry_tags WHERE entry_id = e.id), \
       (SELECT group_concat(emotion, ' ') FROM journal_entry_emotions WHERE entry_id = e.id), \
       (SELECT group_concat(concat_ws(char(10), p.display_name, ev.what_happened, ev.what_i_felt, \
               ev.what_i_did, ev.how_it_ended), char(10)) \
          FROM interpersonal_events ev LEFT JOIN people p ON p.id = ev.person_id WHERE ev.entry_id = e.id)) \
     FROM journal_entries e WHERE e.id = ? AND e.deleted_at IS NULL";

async fn matching(pool: &sqlx::SqlitePool, word: &str) -> Vec<i64> {
    sqlx::query_scalar("SELECT rowid FROM journal_fts WHERE journal_fts MATCH ? ORDER BY rowid")
        .bind(word)
        .fetch_all(pool)
        .await
        .expect("match")
}

#[tokio::test]
async fn the_search_index_without_copies_finds_what_the_old_one_found() {
    use ipt_core::service::journal::{JournalQuery, list_entries_in};
    let dir = tempfile::tempdir().expect("tmp");
    let paths = VaultPaths::new(dir.path().join("data"));
    let old = migrator_with_up_to(&dir.path().join("before"), 14).await;
    let (keys, key) = Keys::new();
    let vault = Vault::create(&paths.db, key, &old).await.expect("create");
    let pool = vault.pool();
    for sql in [
        "INSERT INTO people (display_name, created_at) VALUES ('Sam', 't')",
        "INSERT INTO journal_entries (occurred_at, occurred_utc, occurred_day, mood, created_at, updated_at, deleted_at) VALUES \
         ('2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z', '2026-11-01', 4, 't', 't', NULL), \
         ('2026-11-02T09:00:00Z', '2026-11-02T09:00:00Z', '2026-11-02', 6, 't', 't', NULL), \
         ('2026-11-03T09:00:00Z', '2026-11-03T09:00:00Z', '2026-11-03', 5, 't', 't', 't')",
        "INSERT INTO journal_entry_texts (entry_id, text) VALUES \
         (1, 'Walked by the harbour and felt heavy'), (2, 'A quiet evening with a book'), (3, 'harbour again, then binned')",
        "INSERT INTO journal_entry_tags (entry_id, tag) VALUES (1, 'family'), (2, 'rest')",
        "INSERT INTO journal_entry_emotions (entry_id, emotion, is_custom) VALUES (1, 'sad', 0), (2, 'wistful', 1)",
        "INSERT INTO interpersonal_events (entry_id, position, person_id, what_happened, what_i_felt, what_i_did, how_it_ended) \
         VALUES (1, 0, 1, 'We argued about the rent money', 'cornered', 'walked out', 'unsettled')",
    ] {
        sqlx::query(sql).execute(pool).await.expect(sql);
    }
    for id in 1..=3 {
        sqlx::query(OLD_REINDEX)
            .bind(id)
            .execute(pool)
            .await
            .expect("index");
    }
    let words = [
        "harbour",
        "book",
        "family",
        "rest",
        "sad",
        "wistful",
        "Sam",
        "rent",
        "cornered",
        "binned",
        "unsettled",
        "harb*",
    ];
    let mut before = Vec::new();
    for w in words {
        before.push(matching(pool, w).await);
    }
    assert_eq!(before[0], vec![1], "the trashed entry was never indexed");
    assert_eq!(table_count(pool, "journal_fts_content").await, 1);
    vault.close().await;

    let vault = open_shipped(&paths, &keys).await;
    let pool = vault.pool();
    assert_eq!(
        table_count(pool, "journal_fts_content").await,
        0,
        "the index keeps no second copy of the texts"
    );
    for (w, found) in words.iter().zip(&before) {
        assert_eq!(&matching(pool, w).await, found, "{w}");
    }
    // Through the journal's own search: the passages are still cut from the texts.
    let page = list_entries_in(
        pool,
        &JournalQuery {
            text: Some("rent".into()),
            ..Default::default()
        },
    )
    .await
    .expect("search");
    let found: Vec<(i64, Option<String>)> =
        page.items.into_iter().map(|s| (s.id, s.snippet)).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 1);
    let passage = found[0].1.as_deref().expect("a passage");
    assert!(passage.contains("\u{2}rent\u{3}"), "{passage:?}");
    assert!(passage.contains("Sam"), "{passage:?}");
    // The passages' temporary index lives in memory, never in a file beside the vault.
    let memory: (i64, i64) = sqlx::query_as(
        "SELECT sqlite_compileoption_used('TEMP_STORE=2'), (SELECT temp_store FROM pragma_temp_store)",
    )
    .fetch_one(pool)
    .await
    .expect("temp store");
    assert_eq!(
        memory,
        (1, 0),
        "temporary tables in memory (the build's default, not changed)"
    );
    sqlx::query("INSERT INTO journal_fts (journal_fts) VALUES ('integrity-check')")
        .execute(pool)
        .await
        .expect("the index is whole");
    vault.close().await;
}
