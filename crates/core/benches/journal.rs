//! `make bench`: the journal on the SQLCipher vault against plain SQLite with the same schema and
//! settings, measured in the same run. 100 000 synthetic entries of realistic size; then
//! single-entry save latency (one transaction each, WAL + synchronous=FULL), newest-50 list,
//! a filtered list and FTS search, each with the vault ÷ plain ratio.

use std::path::Path;
use std::time::{Duration, Instant};

use ipt_core::domain::journal::{Emotion, ValidEntry};
use ipt_core::keys::DataKey;
use ipt_core::service::journal::{JournalQuery, list_entries_in};
use ipt_core::storage::journal as repo;
use ipt_core::storage::{MIGRATOR, Vault, cipher_integrity, create_plain_baseline};
use sqlx::SqlitePool;

mod synthetic;
use synthetic::{Rng, Vocabulary, fill, synthetic, vocabulary};

const ENTRIES: u32 = 100_000;
const SAVES: u32 = 300;
const LIST_RUNS: u32 = 100;

async fn load(pool: &SqlitePool, vocab: &Vocabulary) -> Duration {
    let start = Instant::now();
    fill(pool, vocab, ENTRIES).await;
    sqlx::query("PRAGMA optimize")
        .execute(pool)
        .await
        .expect("optimize");
    start.elapsed()
}

fn pct(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx]
}

async fn saves(pool: &SqlitePool, vocab: &Vocabulary) -> Vec<Duration> {
    let mut rng = Rng(0xfeed_beef_0000_0001);
    let mut out = Vec::new();
    for i in 0..SAVES {
        let v = synthetic(&mut rng, vocab, i).validate().expect("valid");
        let t = Instant::now();
        let mut tx = ipt_core::storage::begin(pool).await.expect("tx");
        repo::insert_entry(&mut tx, &v, "2026-11-25T12:00:00.000Z")
            .await
            .expect("insert");
        ipt_core::storage::commit(tx).await.expect("commit");
        out.push(t.elapsed());
    }
    out
}

/// The frames of the write-ahead log's current generation: their page numbers, in order, and the
/// generation's salts. SQLite starts the log again from the beginning after a checkpoint has
/// copied everything back (the file keeps its length; the old frames after the new ones carry the
/// old salts), so a frame belongs to the current generation when its salts match the header's.
/// Nothing here checkpoints: with checkpoints issued through the pool between saves, the FTS5
/// index failed `quick_check` ("malformed inverted index") within 100 saves, even from an empty
/// file (with one connection, or with SQLite's own automatic checkpoint after a commit, it did
/// not; see issue #18's note).
fn log_frames(wal: &Path) -> ([u8; 8], Vec<u32>) {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(file) = std::fs::File::open(wal) else {
        return ([0; 8], Vec::new());
    };
    let mut f = std::io::BufReader::new(file);
    let mut header = [0u8; 32];
    if f.read_exact(&mut header).is_err() {
        return ([0; 8], Vec::new());
    }
    // The page size at bytes 8..12 (big-endian) and the salts at 16..24; each frame then has a
    // 24-byte header (page number at 0..4, the salts again at 8..16) and one page.
    let page = i64::from(u32::from_be_bytes(
        header[8..12].try_into().expect("header"),
    ));
    let salts: [u8; 8] = header[16..24].try_into().expect("salts");
    let mut frames = Vec::new();
    let mut frame = [0u8; 24];
    while f.read_exact(&mut frame).is_ok() && frame[8..16] == salts {
        frames.push(u32::from_be_bytes(frame[0..4].try_into().expect("frame")));
        if f.seek(SeekFrom::Current(page)).is_err() {
            break;
        }
    }
    (salts, frames)
}

/// One save, in one transaction: the page numbers of the frames it wrote to the log.
async fn save_frames(pool: &SqlitePool, wal: &Path, v: &ValidEntry) -> Vec<u32> {
    let (salts, before) = log_frames(wal);
    let mut tx = ipt_core::storage::begin(pool).await.expect("tx");
    repo::insert_entry(&mut tx, v, "2026-11-25T12:00:00.000Z")
        .await
        .expect("insert");
    ipt_core::storage::commit(tx).await.expect("commit");
    let (salts_after, after) = log_frames(wal);
    if salts_after == salts {
        after[before.len()..].to_vec()
    } else {
        // The log was started again by this save: its frames are the whole new generation.
        after
    }
}

/// Pages one save writes: the frames each of `n` saves wrote to the log (one page each).
async fn pages_per_save(pool: &SqlitePool, db: &Path, vocab: &Vocabulary, n: u32) -> f64 {
    let wal = db.with_extension("db-wal");
    let mut rng = Rng(0x5ca1_ab1e_0000_0002);
    let mut frames = 0usize;
    for i in 0..n {
        let v = synthetic(&mut rng, vocab, i).validate().expect("valid");
        frames += save_frames(pool, &wal, &v).await.len();
    }
    frames as f64 / f64::from(n)
}

/// Which tables and indexes one save writes: the page numbers of the frames it appended, named
/// through SQLite's `dbstat` table.
async fn pages_by_table(pool: &SqlitePool, db: &Path, vocab: &Vocabulary) -> Vec<(String, u32)> {
    let wal = db.with_extension("db-wal");
    let v = synthetic(&mut Rng(0x0ddb_a11d), vocab, 7)
        .validate()
        .expect("valid");
    let pages = save_frames(pool, &wal, &v).await;
    let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
    for pgno in pages {
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM dbstat WHERE pageno = ? LIMIT 1")
                .bind(pgno)
                .fetch_optional(pool)
                .await
                .expect("dbstat");
        *counts
            .entry(name.unwrap_or_else(|| "(file header, free list)".into()))
            .or_default() += 1;
    }
    let mut out: Vec<(String, u32)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

async fn timed_lists(pool: &SqlitePool, q: &JournalQuery, runs: u32) -> Vec<Duration> {
    let mut out = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let page = list_entries_in(pool, q).await.expect("list");
        out.push(t.elapsed());
        assert!(!page.items.is_empty() || q.text.is_some());
    }
    out
}

const QUERIES: [&str; 20] = [
    "harbour",
    "sister",
    "argument",
    "manager",
    "birthday",
    "apologised",
    "rain",
    "therapy session",
    "walk park",
    "dinner",
    "lonel",
    "coff",
    "Priya",
    "tired slept",
    "quiet evening",
    "doctor appointment",
    "music",
    "train",
    "rent money",
    "garden",
];

async fn searches(pool: &SqlitePool) -> Vec<Duration> {
    let mut out = Vec::new();
    for round in 0..3 {
        for q in QUERIES {
            let query = JournalQuery {
                text: Some(q.into()),
                ..Default::default()
            };
            let t = Instant::now();
            list_entries_in(pool, &query).await.expect("search");
            if round == 2 && std::env::var_os("IPT_BENCH_VERBOSE").is_some() {
                eprintln!("  search {q:?}: {:.2} ms", ms(t.elapsed()));
            }
            if round > 0 {
                out.push(t.elapsed()); // first round warms the cache for both databases alike
            }
        }
    }
    out
}

struct Figures {
    load: Duration,
    save_p50: Duration,
    save_p99: Duration,
    list_p50: Duration,
    list_p95: Duration,
    filtered_p50: Duration,
    filtered_p95: Duration,
    search_p50: Duration,
    search_p95: Duration,
    pages_per_save: f64,
    pages_by_table: Vec<(String, u32)>,
    file_mb: f64,
}

async fn measure(pool: &SqlitePool, db: &Path) -> Figures {
    let vocab = vocabulary();
    let load = load(pool, &vocab).await;
    let mut s = saves(pool, &vocab).await;
    let newest = JournalQuery::default();
    let filtered = JournalQuery {
        tag: Some("family".into()),
        mood_min: Some(3),
        mood_max: Some(7),
        emotion: Some(Emotion::ALL[0]),
        ..Default::default()
    };
    timed_lists(pool, &newest, 5).await;
    let mut l = timed_lists(pool, &newest, LIST_RUNS).await;
    timed_lists(pool, &filtered, 5).await;
    let mut f = timed_lists(pool, &filtered, LIST_RUNS).await;
    let mut q = searches(pool).await;
    let pages_per_save = pages_per_save(pool, db, &vocab, 100).await;
    let pages_by_table = pages_by_table(pool, db, &vocab).await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .expect("checkpoint");
    let file_mb = std::fs::metadata(db)
        .map(|m| m.len() as f64 / 1_048_576.0)
        .unwrap_or(0.0);
    Figures {
        load,
        save_p50: pct(&mut s, 0.50),
        save_p99: pct(&mut s, 0.99),
        list_p50: pct(&mut l, 0.50),
        list_p95: pct(&mut l, 0.95),
        filtered_p50: pct(&mut f, 0.50),
        filtered_p95: pct(&mut f, 0.95),
        search_p50: pct(&mut q, 0.50),
        search_p95: pct(&mut q, 0.95),
        pages_per_save,
        pages_by_table,
        file_mb,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// A benchmark reports on stdout.
#[allow(clippy::print_stdout)]
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("tmp");
    let key = DataKey::generate().expect("key");
    let vault = Vault::create(&dir.path().join("vault.db"), key, &MIGRATOR)
        .await
        .expect("vault");
    let plain = create_plain_baseline(&dir.path().join("plain.db"), &MIGRATOR)
        .await
        .expect("plain");
    println!(
        "journal benchmark: {ENTRIES} entries, SQLite {} / SQLCipher {}; 2 cores",
        vault.sqlite_version(),
        vault.cipher_version()
    );

    // Plain first, then the vault: both start from a cold, empty file.
    let p = measure(&plain, &dir.path().join("plain.db")).await;
    let v = measure(vault.pool(), &dir.path().join("vault.db")).await;

    println!(
        "{:<36} {:>11} {:>11} {:>8}  target",
        "measure", "vault", "plain", "ratio"
    );
    let row = |name: &str, a: f64, b: f64, unit: &str, target: &str| {
        println!(
            "{name:<36} {a:>9.2}{unit} {b:>9.2}{unit} {:>8.2}  {target}",
            a / b
        );
    };
    row(
        "load 100k entries (s)",
        v.load.as_secs_f64(),
        p.load.as_secs_f64(),
        " s",
        "",
    );
    row(
        "save, one transaction, p50",
        ms(v.save_p50),
        ms(p.save_p50),
        "ms",
        "",
    );
    row(
        "save, one transaction, p99",
        ms(v.save_p99),
        ms(p.save_p99),
        "ms",
        "≤ 5 ms, ratio ≤ 1.15",
    );
    row("newest 50, p50", ms(v.list_p50), ms(p.list_p50), "ms", "");
    row(
        "newest 50, p95",
        ms(v.list_p95),
        ms(p.list_p95),
        "ms",
        "≤ 5 ms, ratio ≤ 1.15",
    );
    row(
        "filtered (tag+mood+feeling), p50",
        ms(v.filtered_p50),
        ms(p.filtered_p50),
        "ms",
        "",
    );
    row(
        "filtered (tag+mood+feeling), p95",
        ms(v.filtered_p95),
        ms(p.filtered_p95),
        "ms",
        "≤ 5 ms, ratio ≤ 1.15",
    );
    row(
        "FTS search, 20 queries, p50",
        ms(v.search_p50),
        ms(p.search_p50),
        "ms",
        "",
    );
    row(
        "FTS search, 20 queries, p95",
        ms(v.search_p95),
        ms(p.search_p95),
        "ms",
        "≤ 20 ms, ratio ≤ 1.15",
    );
    row(
        "pages written per save (mean of 100)",
        v.pages_per_save,
        p.pages_per_save,
        "  ",
        "",
    );
    row("file size", v.file_mb, p.file_mb, "MB", "");
    println!(
        "pages one save wrote, by table or index (the vault): {}",
        v.pages_by_table
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // The whole-file check after each unlock (it runs in the background): SQLCipher's HMAC check
    // of every page against plain SQLite reading every page (quick_check).
    let mut vi = Vec::new();
    let mut pi = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let mut conn = vault
            .integrity_connection()
            .await
            .expect("check connection");
        let problems = cipher_integrity(&mut conn).await.expect("check");
        assert!(problems.is_empty(), "the benchmark vault is intact");
        vi.push(t.elapsed());
        let t = Instant::now();
        let ok: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&plain)
            .await
            .expect("quick_check");
        assert_eq!(ok, "ok");
        pi.push(t.elapsed());
    }
    row(
        "whole-file check at unlock, median of 3",
        ms(pct(&mut vi, 0.5)),
        ms(pct(&mut pi, 0.5)),
        "ms",
        "in the background",
    );
    vault.close().await;
}
