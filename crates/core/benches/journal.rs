//! `make bench`: the journal on the SQLCipher vault against plain SQLite with the same schema and
//! settings, measured in the same run. 100 000 synthetic entries of realistic size; then
//! single-entry save latency (one transaction each, WAL + synchronous=FULL), newest-50 list,
//! a filtered list and FTS search, each with the vault ÷ plain ratio.

use std::path::Path;
use std::time::{Duration, Instant};

use ipt_core::domain::journal::{Emotion, InterpersonalEventInput, JournalEntryInput};
use ipt_core::keys::DataKey;
use ipt_core::service::journal::{JournalQuery, list_entries_in};
use ipt_core::storage::journal as repo;
use ipt_core::storage::{MIGRATOR, Vault, cipher_integrity, create_plain_baseline};
use sqlx::SqlitePool;

const ENTRIES: u32 = 100_000;
const SAVES: u32 = 300;
const LIST_RUNS: u32 = 100;

const WORDS: &[&str] = &[
    "morning",
    "evening",
    "work",
    "sister",
    "brother",
    "mother",
    "father",
    "friend",
    "partner",
    "walk",
    "harbour",
    "dinner",
    "phone",
    "call",
    "argument",
    "quiet",
    "tired",
    "slept",
    "badly",
    "better",
    "talked",
    "listened",
    "worried",
    "meeting",
    "manager",
    "colleague",
    "lunch",
    "garden",
    "rain",
    "sunshine",
    "bus",
    "late",
    "early",
    "coffee",
    "tea",
    "laughed",
    "cried",
    "angry",
    "calm",
    "lonely",
    "message",
    "weekend",
    "therapy",
    "session",
    "plan",
    "tried",
    "asked",
    "said",
    "felt",
    "hoped",
    "remembered",
    "birthday",
    "neighbour",
    "school",
    "children",
    "kitchen",
    "shopping",
    "doctor",
    "appointment",
    "music",
    "film",
    "book",
    "park",
    "river",
    "train",
    "holiday",
    "money",
    "rent",
    "apologised",
    "thanked",
    "ignored",
];
const PEOPLE: &[&str] = &[
    "Sam", "Jo", "M.", "Dad", "Mum", "Alex", "Priya", "Tom", "R.", "Chen", "Aunt Lou", "Kim",
];

/// Text with a realistic word distribution: a 5 000-word vocabulary drawn by Zipf's law (as in
/// natural language), with the words above spread through it from fairly common (~10 % of
/// entries) to rare (~1 %). A tiny vocabulary would make every search match nearly every entry.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(rng: &mut Rng) -> Self {
        const SYLLABLES: &[&str] = &[
            "ka", "lo", "mi", "ren", "ta", "so", "vel", "du", "nor", "pi", "sha", "te", "bru",
            "an", "io", "gre",
        ];
        let mut words: Vec<String> = (0..5_000)
            .map(|_| {
                (0..2 + rng.below(2))
                    .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                    .collect()
            })
            .collect();
        for (i, w) in WORDS.iter().enumerate() {
            words[30 + 25 * i] = (*w).to_owned();
        }
        let mut cumulative = Vec::with_capacity(words.len());
        let mut total = 0.0;
        for r in 0..words.len() {
            total += 1.0 / ((r + 1) as f64).powf(1.07);
            cumulative.push(total);
        }
        Self { words, cumulative }
    }

    fn text(&self, rng: &mut Rng, n: usize) -> String {
        let total = *self.cumulative.last().expect("vocabulary");
        (0..n)
            .map(|_| {
                let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let i = self
                    .cumulative
                    .partition_point(|c| *c < u)
                    .min(self.words.len() - 1);
                self.words[i].as_str()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic synthetic data, the same for both databases.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn synthetic(rng: &mut Rng, vocab: &Vocabulary, i: u32) -> JournalEntryInput {
    let day = i / 3; // about three entries a day, going back ~90 years of days: spread for the index
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
        - chrono::Duration::days(i64::from(day % 20_000));
    let text_words = 60 + rng.below(200); // ~400–1700 characters
    let with_event = rng.below(10) < 3;
    JournalEntryInput {
        occurred_at: format!(
            "{}T{:02}:{:02}:00+01:00",
            date.format("%Y-%m-%d"),
            7 + rng.below(15),
            rng.below(60)
        ),
        mood: rng.below(11) as i64,
        emotions: vec![Emotion::ALL[rng.below(Emotion::ALL.len())]],
        custom_emotions: if rng.below(10) == 0 {
            vec!["on edge".into()]
        } else {
            vec![]
        },
        text: vocab.text(rng, text_words),
        tags: vec![["work", "family", "sleep", "friends", "health"][rng.below(5)].into()],
        events: if with_event {
            vec![InterpersonalEventInput {
                person_name: Some(PEOPLE[rng.below(PEOPLE.len())].into()),
                what_happened: vocab.text(rng, 15),
                what_i_felt: vocab.text(rng, 4),
                what_i_did: vocab.text(rng, 8),
                how_it_ended: vocab.text(rng, 5),
                important: rng.below(5) == 0,
                person_id: None,
            }]
        } else {
            vec![]
        },
        pinned: rng.below(50) == 0,
        draft_key: None,
    }
}

async fn load(pool: &SqlitePool, vocab: &Vocabulary) -> Duration {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let start = Instant::now();
    let now = "2026-11-25T12:00:00.000Z";
    let mut tx = ipt_core::storage::begin(pool).await.expect("tx");
    for i in 0..ENTRIES {
        let v = synthetic(&mut rng, vocab, i).validate().expect("valid");
        repo::insert_entry(&mut tx, &v, now).await.expect("insert");
        if i % 2_000 == 1_999 {
            ipt_core::storage::commit(tx).await.expect("commit");
            tx = ipt_core::storage::begin(pool).await.expect("tx");
        }
    }
    ipt_core::storage::commit(tx).await.expect("commit");
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
    file_mb: f64,
}

async fn measure(pool: &SqlitePool, db: &Path) -> Figures {
    let vocab = Vocabulary::new(&mut Rng(0x0bad_cafe_d00d_f00d));
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
    row("file size", v.file_mb, p.file_mb, "MB", "");
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
