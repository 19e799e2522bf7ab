//! `make bench` (second part): People on the SQLCipher vault against plain SQLite with the same
//! schema and settings, measured in the same run. 500 people with full inventory answers, a
//! journal of 20 000 entries whose events name them (about 40 moments each), and 200 saved
//! circles of all 500; then the People list, a person's page (events, plans, worksheets, role
//! plays and the contact-day moods), the printable inventory and the circle's snapshots and
//! comparison, each with the vault ÷ plain ratio.

use std::time::{Duration, Instant};

use ipt_core::domain::circle::{Placement, Ring, compare};
use ipt_core::domain::journal::{InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::people::Inventory;
use ipt_core::keys::DataKey;
use ipt_core::service::person_page::page_in;
use ipt_core::storage::{self, MIGRATOR, Vault, create_plain_baseline};
use sqlx::SqlitePool;

const PEOPLE: usize = 500;
const ENTRIES: usize = 20_000;
const SNAPSHOTS: usize = 200;
const RUNS: usize = 50;

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

fn words(rng: &mut Rng, n: usize) -> String {
    const W: &[&str] = &[
        "walk", "talk", "dinner", "phone", "late", "kind", "tired", "laughed", "money", "work",
        "sunday", "quiet", "argued", "listened", "helped", "plans",
    ];
    (0..n)
        .map(|_| W[rng.below(W.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fills a database the same way for both: people, journal, circles. Returns the people's ids.
async fn fill(pool: &SqlitePool) -> (Vec<i64>, Duration) {
    let mut rng = Rng(0x5eed_0000_1111_2222);
    let start = Instant::now();
    let now = "2026-11-25T12:00:00.000Z";
    let mut tx = storage::begin(pool).await.expect("tx");
    let mut ids = Vec::with_capacity(PEOPLE);
    for i in 0..PEOPLE {
        let inv = Inventory {
            display_name: format!("Person {i:03}"),
            contact_often: "most weeks".into(),
            together: words(&mut rng, 12),
            good: words(&mut rng, 30),
            hard: words(&mut rng, 30),
            i_expect: words(&mut rng, 20),
            they_expect: words(&mut rng, 20),
            would_change: words(&mut rng, 20),
            since_low: words(&mut rng, 20),
            ..Inventory::default()
        }
        .validate()
        .expect("valid");
        ids.push(
            storage::people::insert(&mut tx, &inv, now)
                .await
                .expect("person"),
        );
    }
    for i in 0..ENTRIES {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
            - chrono::Duration::days((i / 4) as i64);
        let entry = JournalEntryInput {
            occurred_at: format!("{}T{:02}:00:00+01:00", date.format("%Y-%m-%d"), 8 + i % 12),
            mood: rng.below(11) as i64,
            emotions: vec![],
            custom_emotions: vec![],
            text: words(&mut rng, 80),
            tags: vec![],
            events: vec![InterpersonalEventInput {
                person_id: Some(ids[rng.below(PEOPLE)]),
                person_name: None,
                what_happened: words(&mut rng, 15),
                what_i_felt: words(&mut rng, 4),
                what_i_did: words(&mut rng, 8),
                how_it_ended: words(&mut rng, 5),
                important: false,
            }],
            pinned: false,
            draft_key: None,
        }
        .validate()
        .expect("valid");
        storage::journal::insert_entry(&mut tx, &entry, now)
            .await
            .expect("entry");
    }
    for s in 0..SNAPSHOTS {
        let placements: Vec<Placement> = ids
            .iter()
            .enumerate()
            .map(|(i, &person_id)| Placement {
                person_id,
                ring: Ring::ALL[(i + s) % 3],
            })
            .collect();
        let at = format!("2026-{:02}-{:02}T10:00:00.000Z", 1 + s / 28, 1 + s % 28);
        storage::circle::insert(&mut tx, &at, &placements, None)
            .await
            .expect("snapshot");
    }
    storage::commit(tx).await.expect("commit");
    sqlx::query("PRAGMA optimize")
        .execute(pool)
        .await
        .expect("optimize");
    (ids, start.elapsed())
}

fn pct(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

async fn timed<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    f(0).await; // warm
    let mut out: Vec<Duration> = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        f(i).await;
        out.push(t.elapsed());
    }
    pct(&mut out, 0.95)
}

struct Figures {
    load: Duration,
    list: Duration,
    page: Duration,
    sheet: Duration,
    snapshots: Duration,
    compare: Duration,
}

async fn measure(pool: &SqlitePool) -> Figures {
    let (ids, load) = fill(pool).await;
    let list = timed(RUNS, |_| async {
        assert_eq!(
            storage::people::list_all(pool).await.expect("list").len(),
            PEOPLE
        );
    })
    .await;
    let page = timed(RUNS * 2, |i| {
        let id = ids[(i * 7919) % PEOPLE];
        async move {
            let p = page_in(pool, id).await.expect("page");
            assert!(!p.events.is_empty());
        }
    })
    .await;
    let sheet = timed(RUNS, |_| async {
        let people = storage::people::active_inventories(pool)
            .await
            .expect("inventories");
        let (_, latest) = storage::circle::first_and_latest(pool)
            .await
            .expect("circles")
            .expect("some");
        let circle = storage::circle::get(pool, latest).await.expect("circle");
        assert_eq!(people.len(), PEOPLE);
        assert!(circle.is_some());
    })
    .await;
    let snapshots = timed(10, |_| async {
        assert_eq!(
            storage::circle::list(pool).await.expect("list").len(),
            SNAPSHOTS
        );
    })
    .await;
    let compare = timed(RUNS, |_| async {
        let (first, latest) = storage::circle::first_and_latest(pool)
            .await
            .expect("circles")
            .expect("some");
        let a = storage::circle::get(pool, first)
            .await
            .expect("a")
            .expect("a");
        let b = storage::circle::get(pool, latest)
            .await
            .expect("b")
            .expect("b");
        compare(&a.placements, &b.placements);
    })
    .await;
    Figures {
        load,
        list,
        page,
        sheet,
        snapshots,
        compare,
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
        "\npeople benchmark: {PEOPLE} people with full answers, {ENTRIES} journal entries naming them, {SNAPSHOTS} circles of all {PEOPLE}"
    );
    let p = measure(&plain).await;
    let v = measure(vault.pool()).await;
    println!(
        "{:<36} {:>11} {:>11} {:>8}",
        "measure (p95)", "vault", "plain", "ratio"
    );
    let row = |name: &str, a: Duration, b: Duration| {
        println!(
            "{name:<36} {:>9.2}ms {:>9.2}ms {:>8.2}",
            ms(a),
            ms(b),
            ms(a) / ms(b)
        );
    };
    row("fill (once)", v.load, p.load);
    row("People list, 500", v.list, p.list);
    row("a person's page (~40 moments)", v.page, p.page);
    row("printable inventory + circle", v.sheet, p.sheet);
    row("all 200 circles", v.snapshots, p.snapshots);
    row("first vs latest circle", v.compare, p.compare);
}
