//! Synthetic journal entries of realistic size and word distribution, the same for every run:
//! shared by the journal benchmark and the 100 000-entry vault `make bench-app` opens.

use ipt_core::domain::journal::{Emotion, InterpersonalEventInput, JournalEntryInput};
use ipt_core::storage::journal as repo;
use sqlx::SqlitePool;

pub const WORDS: &[&str] = &[
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
pub const PEOPLE: &[&str] = &[
    "Sam", "Jo", "M.", "Dad", "Mum", "Alex", "Priya", "Tom", "R.", "Chen", "Aunt Lou", "Kim",
];

/// Text with a realistic word distribution: a 5 000-word vocabulary drawn by Zipf's law (as in
/// natural language), with the words above spread through it from fairly common (~10 % of
/// entries) to rare (~1 %). A tiny vocabulary would make every search match nearly every entry.
pub struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    pub fn new(rng: &mut Rng) -> Self {
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

    pub fn text(&self, rng: &mut Rng, n: usize) -> String {
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

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        // xorshift64*: deterministic synthetic data, the same for both databases.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub fn synthetic(rng: &mut Rng, vocab: &Vocabulary, i: u32) -> JournalEntryInput {
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

/// The vocabulary every benchmark draws from (the same seed, so the same words).
pub fn vocabulary() -> Vocabulary {
    Vocabulary::new(&mut Rng(0x0bad_cafe_d00d_f00d))
}

/// Writes `n` synthetic entries, 2 000 per transaction, the same ones on every run.
pub async fn fill(pool: &SqlitePool, vocab: &Vocabulary, n: u32) {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let now = "2026-11-25T12:00:00.000Z";
    let mut tx = ipt_core::storage::begin(pool).await.expect("tx");
    for i in 0..n {
        let v = synthetic(&mut rng, vocab, i).validate().expect("valid");
        repo::insert_entry(&mut tx, &v, now).await.expect("insert");
        if i % 2_000 == 1_999 {
            ipt_core::storage::commit(tx).await.expect("commit");
            tx = ipt_core::storage::begin(pool).await.expect("tx");
        }
    }
    ipt_core::storage::commit(tx).await.expect("commit");
}
