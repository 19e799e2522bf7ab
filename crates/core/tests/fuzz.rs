//! The parsers that read what comes from outside the app, fed random bytes, cut and flipped
//! copies of a valid file, and valid-looking files with wrong values in them (huge and negative
//! numbers, wrong types, deep nesting, unknown enum values, escaped lone surrogates, NUL bytes,
//! 1 MB strings): the key-slot file (`vault.keys`), the JSON import, the backup file's header,
//! the Daylio CSV and Markdown/text history imports, and the search text that becomes an FTS5
//! query. None may panic; each refuses with its own error code (never `Internal`); a refused
//! import leaves every table of the vault as it was; and no search text is an FTS5 syntax error.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use common::*;
use ipt_core::domain::backup::BackupKind;
use ipt_core::domain::checkins::{CheckInInput, Questionnaire};
use ipt_core::domain::import_history::{self as history, MoodMap};
use ipt_core::domain::journal::{Emotion, InterpersonalEventInput, JournalEntryInput};
use ipt_core::domain::plans::PlanInput;
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::service::export;
use ipt_core::service::journal::{self, JournalQuery};
use ipt_core::service::vault::VaultService;
use ipt_core::service::{backup, checkins, plans};
use ipt_core::{Error, ErrorCode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Cases per parser: 2 000 in CI, 50 000 under `make proof`.
fn cases() -> usize {
    proof_size(2_000, 50_000)
}

/// The same, for the checks that go through a vault (a whole import and a table-by-table
/// comparison per case).
fn vault_cases() -> usize {
    proof_size(300, 5_000)
}

fn runner(cases: usize) -> TestRunner {
    TestRunner::new(Config {
        cases: u32::try_from(cases).unwrap_or(u32::MAX),
        failure_persistence: None,
        ..Config::default()
    })
}

// ---- Mutations --------------------------------------------------------------------------------

/// A value that is shaped like JSON but wrong where it stands. Some are written as raw text
/// after serialising (a lone surrogate cannot be held in a Rust string; deep nesting would
/// overflow serde_json's own writer limits only when parsed).
#[derive(Debug, Clone)]
enum Hostile {
    Json(serde_json::Value),
    /// Replaces the placeholder string, quotes included.
    Raw(String),
}

const PLACEHOLDER: &str = "\u{e000}hostile\u{e000}";

fn hostile_values() -> impl Strategy<Value = Hostile> {
    use serde_json::json;
    prop_oneof![
        Just(Hostile::Json(json!(u64::MAX))),
        Just(Hostile::Json(json!(i64::MIN))),
        Just(Hostile::Json(json!(-1))),
        Just(Hostile::Json(json!(1e308))),
        Just(Hostile::Raw("1e999999".into())),
        Just(Hostile::Raw("-0.0000000000000000000001".into())),
        Just(Hostile::Raw("123456789012345678901234567890".into())),
        Just(Hostile::Json(json!(0))),
        Just(Hostile::Json(json!(null))),
        Just(Hostile::Json(json!(true))),
        Just(Hostile::Json(json!([]))),
        Just(Hostile::Json(json!({}))),
        Just(Hostile::Json(json!(""))),
        Just(Hostile::Json(json!("\0"))),
        Just(Hostile::Json(json!("a\0b"))),
        Just(Hostile::Json(json!("unknownEnumValue"))),
        Just(Hostile::Json(json!("2026-02-30T25:61:00+99:00"))),
        Just(Hostile::Json(json!("\u{202e}\u{200b}😀"))),
        Just(Hostile::Raw("\"\\ud800\"".into())),
        Just(Hostile::Raw("\"\\udfff\\ud800x\"".into())),
        Just(Hostile::Raw(format!(
            "{}1{}",
            "[".repeat(200),
            "]".repeat(200)
        ))),
        Just(Hostile::Raw(format!(
            "{}{}",
            "{\"a\":".repeat(150),
            "1".to_owned() + &"}".repeat(150)
        ))),
        Just(Hostile::Json(json!(vec![serde_json::Value::Null; 10_000]))),
        Just(Hostile::Json(json!("x".repeat(1 << 20)))),
        any::<i64>().prop_map(|n| Hostile::Json(json!(n))),
        "\\PC{0,40}".prop_map(|s| Hostile::Json(json!(s))),
    ]
}

/// Every node of `v`, as paths of object keys / array indexes.
fn nodes(v: &serde_json::Value, here: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(here.clone());
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                here.push(PathStep::Key(k.clone()));
                nodes(x, here, out);
                here.pop();
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(PathStep::Index(i));
                nodes(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(v: &'a mut serde_json::Value, path: &[PathStep]) -> &'a mut serde_json::Value {
    path.iter().fold(v, |v, step| match step {
        PathStep::Key(k) => &mut v[k.as_str()],
        PathStep::Index(i) => &mut v[*i],
    })
}

/// What to do to a valid JSON document: replace the node chosen by `pick` with a hostile value,
/// or add an unknown key beside it.
fn mutate_json(sample: &serde_json::Value, pick: usize, add_key: bool, h: &Hostile) -> Vec<u8> {
    let mut all = Vec::new();
    nodes(sample, &mut Vec::new(), &mut all);
    let path = &all[pick % all.len()];
    let mut doc = sample.clone();
    let node = at_mut(&mut doc, path);
    let value = match h {
        Hostile::Json(j) => j.clone(),
        Hostile::Raw(_) => serde_json::Value::String(PLACEHOLDER.into()),
    };
    match node {
        serde_json::Value::Object(m) if add_key => {
            m.insert("unexpectedKey".into(), value);
        }
        _ => *node = value,
    }
    let text = serde_json::to_string(&doc).expect("json");
    match h {
        Hostile::Raw(raw) => text.replacen(&format!("\"{PLACEHOLDER}\""), raw, 1),
        Hostile::Json(_) => text,
    }
    .into_bytes()
}

/// A bad copy of `sample`: random bytes, a cut, flipped bytes, or (when it is JSON) a hostile
/// value somewhere in it.
#[derive(Debug, Clone)]
enum Bad {
    Random(Vec<u8>),
    Cut(usize),
    Flip(Vec<(usize, u8)>),
    Structured(usize, bool, Hostile),
}

fn bad() -> impl Strategy<Value = Bad> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..2_048).prop_map(Bad::Random),
        2 => any::<usize>().prop_map(Bad::Cut),
        3 => proptest::collection::vec((any::<usize>(), 1..=255u8), 1..4).prop_map(Bad::Flip),
        4 => (any::<usize>(), any::<bool>(), hostile_values())
            .prop_map(|(p, k, h)| Bad::Structured(p, k, h)),
    ]
}

/// The bytes of `bad` applied to `sample` (`json`: the sample parsed, for structured changes;
/// `flip_in`: how many leading bytes flips and cuts aim at, all when 0).
fn apply_bad(
    sample: &[u8],
    json: Option<&serde_json::Value>,
    bad: &Bad,
    flip_in: usize,
) -> Vec<u8> {
    let span = if flip_in == 0 {
        sample.len()
    } else {
        flip_in.min(sample.len())
    };
    match bad {
        Bad::Random(b) => b.clone(),
        Bad::Cut(at) => sample[..at % (span + 1)].to_vec(),
        Bad::Flip(flips) => {
            let mut b = sample.to_vec();
            for (i, x) in flips {
                b[i % span] ^= x;
            }
            b
        }
        Bad::Structured(pick, add, h) => match json {
            Some(j) => mutate_json(j, *pick, *add, h),
            None => sample[..pick % (span + 1)].to_vec(),
        },
    }
}

/// Counts codes for the report, and fails on a panic or a code outside `allowed`.
struct Codes(Mutex<BTreeMap<String, usize>>);

impl Codes {
    fn new() -> Self {
        Self(Mutex::new(BTreeMap::new()))
    }
    fn note(&self, what: &str) {
        *self
            .0
            .lock()
            .expect("codes")
            .entry(what.to_owned())
            .or_default() += 1;
    }
    fn check<T>(
        &self,
        r: &Result<T, Error>,
        allowed: &[ErrorCode],
        input: &[u8],
    ) -> Result<(), TestCaseError> {
        match r {
            Ok(_) => self.note("ok"),
            Err(e) => {
                self.note(&format!("{:?}", e.code()));
                if !allowed.contains(&e.code()) {
                    return Err(TestCaseError::fail(format!(
                        "{:?} ({}) for input of {} bytes starting {:?}",
                        e.code(),
                        e.message(),
                        input.len(),
                        String::from_utf8_lossy(&input[..input.len().min(300)])
                    )));
                }
            }
        }
        Ok(())
    }
    fn report(&self, what: &str) {
        eprintln!("{what}: {:?}", self.0.lock().expect("codes"));
    }
}

fn run_cases<S: Strategy>(
    n: usize,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut r = runner(n);
    if let Err(e) = r.run(&strategy, test) {
        panic!("{e}");
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// A vault with a little of everything the export carries.
async fn filled_vault(dir: &Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    for i in 0..5 {
        journal::create_entry(
            &svc,
            JournalEntryInput {
                occurred_at: format!("2026-03-0{}T09:30:00+01:00", i + 1),
                mood: i,
                emotions: vec![Emotion::ALL[0]],
                custom_emotions: vec!["wobbly".into()],
                text: format!("walked to the harbour with Sam, day {i}: tea and rain"),
                tags: vec!["walk".into()],
                events: vec![InterpersonalEventInput {
                    person_name: Some("Sam".into()),
                    what_happened: "talked about work".into(),
                    what_i_felt: "heard".into(),
                    what_i_did: "asked".into(),
                    how_it_ended: "well".into(),
                    important: i == 0,
                    person_id: None,
                }],
                pinned: i == 1,
                draft_key: None,
            },
        )
        .await
        .expect("entry");
    }
    plans::create_plan(
        &svc,
        PlanInput {
            what: "call Sam".into(),
            area: None,
            person_id: None,
            person_name: Some("Sam".into()),
            due_on: Some("2026-03-10".into()),
        },
        "2026-03-01".into(),
    )
    .await
    .expect("plan");
    checkins::save(
        &svc,
        CheckInInput {
            kind: Questionnaire::Phq9,
            answers: vec![Some(1); 9],
            difficulty: Some(1),
        },
    )
    .await
    .expect("check-in");
    svc
}

// ---- The key-slot file ------------------------------------------------------------------------

/// The passphrase slot's Argon2 parameters as the file states them.
fn passphrase_kdf(v: &serde_json::Value) -> Option<serde_json::Value> {
    v.get("slots")?
        .as_array()?
        .iter()
        .find(|s| s.get("kind").and_then(serde_json::Value::as_str) == Some("passphrase"))?
        .get("kdf")
        .cloned()
}

#[test]
fn key_slot_file_refuses_bad_files_with_a_code() {
    let dir = tempfile::tempdir().expect("tmp");
    let rt = rt();
    let store = rt.block_on(async {
        let (svc, store) = memory_service(dir.path());
        svc.create(create_req(true)).await.expect("create");
        svc.lock().await;
        store
    });
    let keys = dir.path().join("vault.keys");
    let sample = std::fs::read(&keys).expect("keys");
    let json: serde_json::Value = serde_json::from_slice(&sample).expect("json");
    let sample_kdf = passphrase_kdf(&json).expect("passphrase slot");
    KeySlotFile::load(&keys).expect("the sample loads");
    let probe = dir.path().join("probe.keys");
    let codes = Codes::new();
    let unlocks = Codes::new();
    // A file that loads is then unlocked: through its keyring slot every time (no key
    // derivation), and with the passphrase, at the cost of one Argon2 run, for a few files
    // whose passphrase slot keeps the parameters the app wrote.
    let passphrase_tries = std::sync::atomic::AtomicUsize::new(proof_size(20, 200));
    let unlock_codes = [
        ErrorCode::WrongKey,
        ErrorCode::KeyFileDamaged,
        ErrorCode::NoKeyringSlot,
        ErrorCode::KeyringEntryMissing,
    ];
    let n = cases();
    run_cases(n, bad(), |b| {
        let bytes = apply_bad(&sample, Some(&json), &b, 0);
        std::fs::write(&probe, &bytes).expect("write");
        let loaded = KeySlotFile::load(&probe);
        codes.check(&loaded, &[ErrorCode::KeyFileDamaged], &bytes)?;
        if let Ok(file) = loaded {
            unlocks.check(&file.unlock_keyring(store.as_ref()), &unlock_codes, &bytes)?;
            let same_kdf = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| passphrase_kdf(&v))
                == Some(sample_kdf.clone());
            if same_kdf
                && passphrase_tries
                    .fetch_update(
                        std::sync::atomic::Ordering::SeqCst,
                        std::sync::atomic::Ordering::SeqCst,
                        |t| t.checked_sub(1),
                    )
                    .is_ok()
            {
                unlocks.check(&file.unlock_passphrase(PASS), &unlock_codes, &bytes)?;
            }
        }
        Ok(())
    });
    codes.report("key-slot file");
    unlocks.report("key-slot file, unlocked");
    proof_row("fuzz: key-slot file (vault.keys)", n, n, 0, 0);
}

// ---- The backup file's header -----------------------------------------------------------------

/// The backup's parts: magic line, header length, header JSON, database.
fn split_backup(b: &[u8]) -> (Vec<u8>, serde_json::Value, Vec<u8>) {
    let magic_len = b.iter().position(|x| *x == b'\n').expect("magic line") + 1;
    let len_at = magic_len;
    let len = u32::from_le_bytes(b[len_at..len_at + 4].try_into().expect("len")) as usize;
    let json = serde_json::from_slice(&b[len_at + 4..len_at + 4 + len]).expect("header json");
    (
        b[..magic_len].to_vec(),
        json,
        b[len_at + 4 + len..].to_vec(),
    )
}

#[test]
fn backup_header_refuses_bad_files_with_a_code() {
    let dir = tempfile::tempdir().expect("tmp");
    let rt = rt();
    let path = rt.block_on(async {
        let svc = filled_vault(dir.path()).await;
        let b = backup::back_up(&svc, BackupKind::Manual, chrono::Utc::now())
            .await
            .expect("backup");
        svc.lock().await;
        b.path
    });
    let sample = std::fs::read(&path).expect("backup");
    let (magic, header, db) = split_backup(&sample);
    ipt_core::storage::backup::read_header(Path::new(&path)).expect("the sample reads");
    let head_len = sample.len() - db.len();
    let probe = dir.path().join("probe.iptbackup");
    let codes = Codes::new();
    let n = cases();
    let allowed = [
        ErrorCode::NotABackup,
        ErrorCode::Damaged,
        ErrorCode::BackupTooNew,
    ];
    run_cases(n, (bad(), any::<Option<u32>>()), |(b, len_field)| {
        let mut bytes = match &b {
            // A hostile header, framed as the app frames one (or with a wrong length).
            Bad::Structured(..) => {
                let json = apply_bad(&sample, Some(&header), &b, 0);
                let len = len_field.unwrap_or(u32::try_from(json.len()).unwrap_or(u32::MAX));
                let mut out = magic.clone();
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(&json);
                out.extend_from_slice(&db);
                out
            }
            // Cuts and flips aimed at the header (a cut anywhere is checked by the length).
            Bad::Flip(_) => apply_bad(&sample, None, &b, head_len),
            _ => apply_bad(&sample, None, &b, 0),
        };
        if bytes.is_empty() && len_field.is_some() {
            bytes = magic.clone();
        }
        std::fs::write(&probe, &bytes).expect("write");
        codes.check(
            &ipt_core::storage::backup::read_header(&probe),
            &allowed,
            &bytes,
        )
    });
    codes.report("backup header");
    proof_row("fuzz: backup file header", n, n, 0, 0);
}

/// Found by the test above: a header whose `dbBytes` is near `u64::MAX` made the length check
/// overflow (a panic in a debug build) instead of answering `Damaged`.
#[test]
fn backup_header_with_a_huge_database_length_is_damaged() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = rt().block_on(async {
        let svc = filled_vault(dir.path()).await;
        let b = backup::back_up(&svc, BackupKind::Manual, chrono::Utc::now())
            .await
            .expect("backup");
        svc.lock().await;
        b.path
    });
    let sample = std::fs::read(&path).expect("backup");
    let (magic, mut header, db) = split_backup(&sample);
    let start = (sample.len() - db.len()) as u64;
    for huge in [u64::MAX, u64::MAX - start + 1, u64::MAX - start] {
        header["dbBytes"] = serde_json::json!(huge);
        let json = serde_json::to_vec(&header).expect("json");
        let mut bytes = magic.clone();
        bytes.extend_from_slice(&u32::try_from(json.len()).expect("len").to_le_bytes());
        bytes.extend_from_slice(&json);
        bytes.extend_from_slice(&db);
        let probe = dir.path().join("huge.iptbackup");
        std::fs::write(&probe, &bytes).expect("write");
        let r = ipt_core::storage::backup::read_header(&probe);
        assert_eq!(
            r.err().map(|e| e.code()),
            Some(ErrorCode::Damaged),
            "{huge}"
        );
    }
}

// ---- The JSON import --------------------------------------------------------------------------

/// Codes an import may refuse a file with: the file's own (not an export, too new, invalid,
/// too large) and those of the rules each part is checked by.
const IMPORT_CODES: &[ErrorCode] = &[
    ErrorCode::NotAnExport,
    ErrorCode::ExportTooNew,
    ErrorCode::ImportInvalid,
    ErrorCode::ImportTooLarge,
    ErrorCode::ImportDuplicate,
    ErrorCode::ImportMissingLink,
    ErrorCode::InvalidInput,
    ErrorCode::InvalidDate,
    ErrorCode::InvalidMood,
    ErrorCode::TooLong,
    ErrorCode::TooMany,
    ErrorCode::NameMissing,
];

#[test]
fn json_import_refuses_bad_files_with_a_code_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let rt = rt();
    let svc = rt.block_on(filled_vault(dir.path()));
    let sample = rt.block_on(async {
        let pool = svc.pool().await.expect("pool");
        export::to_json(&export::document(&pool).await.expect("document")).expect("json")
    });
    let json: serde_json::Value = serde_json::from_slice(&sample).expect("json");
    export::parse(&sample).expect("the sample parses");

    // The parser alone, many cases.
    let codes = Codes::new();
    let n = cases();
    run_cases(n, bad(), |b| {
        let bytes = apply_bad(&sample, Some(&json), &b, 0);
        codes.check(&export::parse(&bytes), IMPORT_CODES, &bytes)
    });
    codes.report("JSON import (parse)");

    // Through the vault: preview and import; a refused file leaves every table as it was.
    let probe = dir.path().join("probe.json");
    let vault_codes = Codes::new();
    let m = vault_cases();
    run_cases(m, (bad(), any::<bool>()), |(b, apply)| {
        let bytes = apply_bad(&sample, Some(&json), &b, 0);
        std::fs::write(&probe, &bytes).expect("write");
        rt.block_on(async {
            let before = dump(&svc).await;
            let path = probe.display().to_string();
            let r = if apply {
                export::apply_import(&svc, path).await
            } else {
                export::preview(&svc, path).await
            };
            vault_codes.check(&r, IMPORT_CODES, &bytes)?;
            if r.is_err() || !apply {
                prop_assert!(
                    dump(&svc).await == before,
                    "a refused import changed the vault"
                );
            }
            Ok(())
        })
    });
    vault_codes.report("JSON import (vault)");
    proof_row("fuzz: JSON import (parse)", n, n, 0, 0);
    proof_row("fuzz: JSON import (preview/apply into a vault)", m, m, 0, 0);
}

// ---- History imports: Daylio CSV and Markdown/text files --------------------------------------

fn daylio_sample() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import_history/daylio_small.csv"),
    )
    .expect("fixture")
}

/// A CSV with one field replaced by a hostile text.
fn csv_field_replaced(sample: &[u8], line: usize, field: usize, with: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(sample);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let l = line % lines.len();
    let mut fields: Vec<String> = lines[l].split(',').map(str::to_owned).collect();
    let f = field % fields.len();
    fields[f] = with.to_owned();
    lines[l] = fields.join(",");
    lines.join("\n").into_bytes()
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\0".to_owned()),
        Just("18446744073709551615".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("9999-99-99".to_owned()),
        Just("\"unterminated".to_owned()),
        Just("\u{202e}\u{200b}😀".to_owned()),
        Just("x".repeat(1 << 20)),
        Just("a | ".repeat(5_000)),
        "\\PC{0,60}",
        any::<String>(),
    ]
}

#[test]
fn history_imports_refuse_bad_files_with_a_code() {
    let sample = daylio_sample();
    let moods = MoodMap::new(&[]).expect("moods");
    let tz = chrono_tz::Europe::London;
    assert!(history::parse_daylio(&sample, &moods, &tz).is_ok());
    let codes = Codes::new();
    let n = cases();
    let allowed = [
        ErrorCode::NotADaylioExport,
        ErrorCode::FileTooLarge,
        ErrorCode::TooMany,
    ];
    run_cases(
        n,
        (bad(), any::<usize>(), any::<usize>(), hostile_text()),
        |(b, line, field, text)| {
            let bytes = match b {
                Bad::Structured(..) => csv_field_replaced(&sample, line, field, &text),
                _ => apply_bad(&sample, None, &b, 0),
            };
            codes.check(
                &history::parse_daylio(&bytes, &moods, &tz),
                &allowed,
                &bytes,
            )
        },
    );
    codes.report("Daylio CSV");
    proof_row("fuzz: Daylio CSV history import", n, n, 0, 0);

    // A Markdown file: never a panic; each refusal is one of the reasons the preview lists.
    let md = b"---\ndate: 2024-05-03 21:15\nmood: 7\ntags: friends, cooking\ntitle: Dinner\n---\nWe cooked together.\n".to_vec();
    assert!(history::parse_text_file("note.md", &md, 5, &tz).is_ok());
    let reasons = Codes::new();
    run_cases(
        n,
        (bad(), any::<usize>(), hostile_text(), "\\PC{0,30}"),
        |(b, line, text, name)| {
            let bytes = match b {
                Bad::Structured(..) => {
                    let s = String::from_utf8_lossy(&md);
                    let mut lines: Vec<String> = s.lines().map(str::to_owned).collect();
                    let l = line % lines.len();
                    let key = lines[l].split(':').next().unwrap_or_default().to_owned();
                    lines[l] = if lines[l].contains(':') {
                        format!("{key}: {text}")
                    } else {
                        text
                    };
                    lines.join("\n").into_bytes()
                }
                _ => apply_bad(&md, None, &b, 0),
            };
            let r = history::parse_text_file(&name, &bytes, 5, &tz);
            reasons.note(&match r {
                Ok(_) => "ok".to_owned(),
                Err(why) => format!("{why:?}"),
            });
            Ok(())
        },
    );
    reasons.report("Markdown/text file");
    proof_row("fuzz: Markdown/text history import", n, n, 0, 0);
}

#[test]
fn refused_history_import_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let rt = rt();
    let svc = rt.block_on(filled_vault(dir.path()));
    let sample = daylio_sample();
    let probe = dir.path().join("probe.csv");
    let tz = chrono_tz::Europe::London;
    let codes = Codes::new();
    let m = vault_cases();
    let allowed = [
        ErrorCode::NotADaylioExport,
        ErrorCode::FileTooLarge,
        ErrorCode::TooMany,
    ];
    run_cases(m, bad(), |b| {
        let bytes = apply_bad(&sample, None, &b, 0);
        std::fs::write(&probe, &bytes).expect("write");
        rt.block_on(async {
            let before = dump(&svc).await;
            let path = probe.display().to_string();
            let r = ipt_core::service::import_history::apply_daylio(&svc, &path, vec![], &tz).await;
            codes.check(&r, &allowed, &bytes)?;
            if r.is_err() {
                prop_assert!(
                    dump(&svc).await == before,
                    "a refused import changed the vault"
                );
            }
            Ok(())
        })
    });
    codes.report("Daylio CSV (vault)");
    proof_row("fuzz: Daylio CSV import into a vault", m, m, 0, 0);
}

// ---- Search text to an FTS5 query -------------------------------------------------------------

fn search_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\"".to_owned()),
        Just("*".to_owned()),
        Just("NEAR".to_owned()),
        Just("NEAR(".to_owned()),
        Just("AND".to_owned()),
        Just("OR".to_owned()),
        Just("NOT".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("^".to_owned()),
        Just(":".to_owned()),
        Just("-".to_owned()),
        Just("+".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("text:".to_owned()),
        Just("\0".to_owned()),
        Just("harbour".to_owned()),
        Just("tea".to_owned()),
        Just("Sam".to_owned()),
        Just("😀".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{0301}".to_owned()),
        Just("ǅ".to_owned()),
        Just("'".to_owned()),
        Just(" ".to_owned()),
        "\\PC{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop_oneof![
        8 => proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat()),
        2 => any::<String>(),
        1 => (0usize..3).prop_map(|i| ["a ".repeat(5_000), "x".repeat(100_000), "\"".repeat(10_000)][i].clone()),
    ]
}

#[test]
fn no_search_text_is_an_fts_syntax_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let rt = rt();
    let svc = rt.block_on(filled_vault(dir.path()));
    let codes = Codes::new();
    let n = cases();
    run_cases(n, search_text(), |text| {
        if let Some(q) = journal::fts_query(&text) {
            prop_assert!(!q.is_empty());
        }
        let r = rt.block_on(journal::list_entries(
            &svc,
            JournalQuery {
                text: Some(text.clone()),
                ..JournalQuery::default()
            },
        ));
        codes.check(&r, &[], text.as_bytes())
    });
    // A word the journal holds is found, whatever surrounds it.
    for text in [
        "\"harbour",
        "harbour*)",
        "(harbour",
        "harbour\"\"",
        "^harb",
        "tea AND",
    ] {
        let page = rt
            .block_on(journal::list_entries(
                &svc,
                JournalQuery {
                    text: Some(text.into()),
                    ..JournalQuery::default()
                },
            ))
            .expect("search");
        assert_eq!(page.items.len(), 5, "{text}");
    }
    codes.report("search");
    proof_row("fuzz: search text to FTS5 query", n, n, 0, 0);
}
