//! Check-ins as a FHIR R4 bundle for a health record, on a real SQLCipher vault: the check-ins of
//! a period (the patient's local days, both included) become one `collection` Bundle of completed
//! QuestionnaireResponses with the LOINC codes, written to the chosen file the way the export
//! writes its files. Every code is checked against the table below, written from the LOINC panels,
//! not taken from the code under test.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::DateTime;
use chrono_tz::Europe::Berlin;
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::checkins::{CheckInInput, Questionnaire};
use ipt_core::service::checkins;
use ipt_core::service::vault::VaultService;
use ipt_core::storage;
use serde_json::{Value, json};

const LOINC: &str = "http://loinc.org";

/// LOINC 44249-1, PHQ-9 quick depression assessment panel: items in the questionnaire's order.
const PHQ9_PANEL: &str = "http://loinc.org/q/44249-1";
const PHQ9_ITEMS: [&str; 9] = [
    "44250-9", // little interest or pleasure
    "44255-8", // feeling down, depressed, or hopeless
    "44259-0", // trouble falling or staying asleep
    "44254-1", // feeling tired
    "44251-7", // poor appetite or overeating
    "44258-2", // feeling bad about yourself
    "44252-5", // trouble concentrating
    "44253-3", // moving or speaking slowly, or restless
    "44260-8", // thoughts of being better off dead or of self-harm
];
const PHQ9_TOTAL: &str = "44261-6";

/// LOINC 69737-5, Generalized anxiety disorder 7 item (GAD-7).
const GAD7_PANEL: &str = "http://loinc.org/q/69737-5";
const GAD7_ITEMS: [&str; 7] = [
    "69725-0", // nervous, anxious or on edge
    "68509-9", // not able to stop or control worrying
    "69733-4", // worrying too much
    "69734-2", // trouble relaxing
    "69735-9", // so restless it is hard to sit still
    "69689-8", // easily annoyed or irritable
    "69736-7", // afraid something awful might happen
];
const GAD7_TOTAL: &str = "70274-6";

/// LOINC answer list LL358-3, valued 0–3.
const ANSWERS: [(&str, &str); 4] = [
    ("LA6568-5", "Not at all"),
    ("LA6569-3", "Several days"),
    ("LA6570-1", "More than half the days"),
    ("LA6571-9", "Nearly every day"),
];

/// The shape of the published FHIR PHQ-9 QuestionnaireResponse examples (LOINC panel as the
/// questionnaire, completed, authored, items by LOINC code with LOINC answers, the total as an
/// integer), values shortened.
fn published_example() -> Value {
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": "phq9-example",
        "questionnaire": "http://loinc.org/q/44249-1",
        "status": "completed",
        "authored": "2019-06-10T10:00:00+02:00",
        "item": [
            {
                "linkId": "44250-9",
                "text": "Little interest or pleasure in doing things",
                "answer": [{ "valueCoding": {
                    "system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"
                } }]
            },
            {
                "linkId": "44261-6",
                "text": "Patient health questionnaire 9 item total score",
                "answer": [{ "valueInteger": 1 }]
            }
        ]
    })
}

/// A value's structure: the same keys all the way down, leaves by their JSON type, arrays by
/// the shape of each element.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => {
            let shapes: BTreeSet<String> = a.iter().map(|v| shape(v).to_string()).collect();
            Value::Array(
                shapes
                    .iter()
                    .map(|s| serde_json::from_str(s).expect("shape"))
                    .collect(),
            )
        }
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => json!("null"),
    }
}

async fn vault(dir: &Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

/// Saves a check-in as if taken at `taken_at` (UTC, as stored).
async fn taken(svc: &VaultService, taken_at: &str, kind: Questionnaire, answers: &[Option<u8>]) {
    let input = CheckInInput {
        kind,
        answers: answers.to_vec(),
        difficulty: (kind == Questionnaire::Phq9).then_some(2),
    };
    let pool = svc.write_pool().await.expect("unlocked");
    let mut tx = storage::begin(&pool).await.expect("tx");
    storage::checkins::insert(&mut tx, &input, taken_at)
        .await
        .expect("insert");
    storage::commit(tx).await.expect("commit");
}

/// The check-ins of the tests below. Berlin is UTC+1 in November, so the first and the last are
/// on the next local day.
async fn seeded(dir: &Path) -> VaultService {
    let svc = vault(dir).await;
    use Questionnaire::{Gad7, Phq9};
    // Local 2026-11-03 00:30: inside a period starting on the 3rd, though it is the 2nd in UTC.
    let first = [
        Some(1),
        Some(2),
        Some(0),
        Some(3),
        Some(1),
        Some(0),
        Some(2),
        Some(1),
        Some(0),
    ];
    taken(&svc, "2026-11-02T23:30:00.000Z", Phq9, &first).await;
    // Item 3 (sleep) left unanswered: prorated total round(11 × 9 / 8) = 12.
    let skipped = [
        Some(2),
        Some(2),
        None,
        Some(1),
        Some(1),
        Some(2),
        Some(1),
        Some(1),
        Some(1),
    ];
    taken(&svc, "2026-11-10T08:05:00.000Z", Phq9, &skipped).await;
    let gad = [
        Some(3),
        Some(2),
        Some(2),
        Some(1),
        Some(0),
        Some(1),
        Some(2),
    ];
    taken(&svc, "2026-11-17T17:00:00.000Z", Gad7, &gad).await;
    // Local 2026-11-18 00:10: outside a period ending on the 17th.
    taken(&svc, "2026-11-17T23:10:00.000Z", Gad7, &[Some(0); 7]).await;
    svc
}

async fn export(
    svc: &VaultService,
    from: &str,
    to: &str,
    path: &Path,
) -> ipt_core::Result<ipt_core::domain::fhir::FhirExportSummary> {
    checkins::export_fhir(
        svc,
        &Berlin,
        from.into(),
        to.into(),
        path.display().to_string(),
    )
    .await
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("file")).expect("json")
}

fn items(resource: &Value) -> &Vec<Value> {
    resource["item"].as_array().expect("items")
}

fn coding(item: &Value) -> (&str, &str, &str) {
    let answers = item["answer"].as_array().expect("answers");
    assert_eq!(answers.len(), 1, "one answer per item: {item}");
    let c = &answers[0]["valueCoding"];
    (
        c["system"].as_str().expect("system"),
        c["code"].as_str().expect("code"),
        c["display"].as_str().expect("display"),
    )
}

/// Checks every answered item against the table (in order, unanswered ones absent) and the
/// total item.
fn check_response(
    r: &Value,
    panel: &str,
    codes: &[&str],
    total: &str,
    answers: &[Option<u8>],
    expected_total: u64,
) {
    let kind = if panel == PHQ9_PANEL {
        Questionnaire::Phq9
    } else {
        Questionnaire::Gad7
    };
    let wording = kind.text().items;
    assert_eq!(r["resourceType"], json!("QuestionnaireResponse"));
    assert_eq!(r["questionnaire"], json!(panel));
    assert_eq!(r["status"], json!("completed"));
    let answered: Vec<(usize, u8)> = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|a| (i, a)))
        .collect();
    let its = items(r);
    assert_eq!(
        its.len(),
        answered.len() + 1,
        "answered items and the total"
    );
    for (item, (i, value)) in its.iter().zip(&answered) {
        assert_eq!(item["linkId"], json!(codes[*i]), "item {} in order", i + 1);
        assert_eq!(item["text"], json!(wording[*i]), "the published wording");
        let (code, display) = ANSWERS[usize::from(*value)];
        assert_eq!(coding(item), (LOINC, code, display));
    }
    let last = its.last().expect("total");
    assert_eq!(last["linkId"], json!(total));
    assert_eq!(last["answer"], json!([{ "valueInteger": expected_total }]));
}

#[tokio::test]
async fn check_ins_of_a_period_become_one_fhir_bundle_with_loinc_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = seeded(dir.path()).await;
    let path = dir.path().join("for my record.json");
    let done = export(&svc, "2026-11-03", "2026-11-17", &path)
        .await
        .expect("export");
    assert_eq!(done.check_ins, 3);
    assert_eq!(done.bytes, std::fs::metadata(&path).expect("file").len());

    let text = std::fs::read_to_string(&path).expect("file");
    let b: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(b["resourceType"], json!("Bundle"));
    assert_eq!(b["type"], json!("collection"));
    assert!(DateTime::parse_from_rfc3339(b["timestamp"].as_str().expect("timestamp")).is_ok());
    // No one is named: no subject, no Patient.
    for word in ["subject", "Patient", "patient", "difficult"] {
        assert!(!text.contains(word), "{word} in the bundle");
    }
    let entries = b["entry"].as_array().expect("entries");
    assert_eq!(entries.len(), 3);
    let mut ids = BTreeSet::new();
    for e in entries {
        let id = e["resource"]["id"].as_str().expect("id");
        assert_eq!(id.len(), 36, "a UUID: {id}");
        assert_eq!(e["fullUrl"], json!(format!("urn:uuid:{id}")));
        assert!(ids.insert(id.to_owned()), "ids are unique");
        assert_eq!(
            e.as_object()
                .map(|o| o.keys().cloned().collect::<BTreeSet<_>>()),
            Some(["fullUrl".to_owned(), "resource".to_owned()].into())
        );
    }
    let r: Vec<&Value> = entries.iter().map(|e| &e["resource"]).collect();
    // Oldest first, each at its local time with Berlin's offset.
    let authored: Vec<&str> = r
        .iter()
        .map(|r| r["authored"].as_str().expect("authored"))
        .collect();
    assert_eq!(
        authored,
        [
            "2026-11-03T00:30:00+01:00",
            "2026-11-10T09:05:00+01:00",
            "2026-11-17T18:00:00+01:00"
        ]
    );
    check_response(
        r[0],
        PHQ9_PANEL,
        &PHQ9_ITEMS,
        PHQ9_TOTAL,
        &[
            Some(1),
            Some(2),
            Some(0),
            Some(3),
            Some(1),
            Some(0),
            Some(2),
            Some(1),
            Some(0),
        ],
        10,
    );
    assert_eq!(items(r[0]).len(), 10);
    assert_eq!(items(r[0])[9]["text"], json!("PHQ-9 total score"));
    // The skipped item is left out, never sent as "not at all".
    check_response(
        r[1],
        PHQ9_PANEL,
        &PHQ9_ITEMS,
        PHQ9_TOTAL,
        &[
            Some(2),
            Some(2),
            None,
            Some(1),
            Some(1),
            Some(2),
            Some(1),
            Some(1),
            Some(1),
        ],
        12,
    );
    assert!(!items(r[1]).iter().any(|i| i["linkId"] == json!("44259-0")));
    assert!(
        items(r[1])[8]["text"]
            .as_str()
            .is_some_and(|t| t.contains("8 answered")),
        "a scaled-up total says so"
    );
    check_response(
        r[2],
        GAD7_PANEL,
        &GAD7_ITEMS,
        GAD7_TOTAL,
        &[
            Some(3),
            Some(2),
            Some(2),
            Some(1),
            Some(0),
            Some(1),
            Some(2),
        ],
        11,
    );

    // The same structure as the published PHQ-9 example, and nothing R4 does not have.
    let example = published_example();
    let mut mine = r[0].clone();
    let its = items(&mine).clone();
    mine["item"] = json!([its[0], its[9]]);
    assert_eq!(shape(&mine), shape(&example));
}

#[tokio::test]
async fn too_few_answers_give_no_total_item() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let answers = [Some(1), None, None, None, Some(2), Some(0), Some(3)];
    taken(
        &svc,
        "2026-11-05T10:00:00.000Z",
        Questionnaire::Gad7,
        &answers,
    )
    .await;
    let path = dir.path().join("gad.json");
    export(&svc, "2026-11-05", "2026-11-05", &path)
        .await
        .expect("export");
    let b = read_json(&path);
    let links: Vec<&str> = items(&b["entry"][0]["resource"])
        .iter()
        .map(|i| i["linkId"].as_str().expect("linkId"))
        .collect();
    assert_eq!(links, ["69725-0", "69735-9", "69689-8", "69736-7"]);
}

#[tokio::test]
async fn the_period_is_inclusive_local_days() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = seeded(dir.path()).await;
    let path = dir.path().join("out.json");
    for (from, to, count) in [
        ("2026-11-03", "2026-11-03", 1),
        ("2026-11-01", "2026-11-30", 4),
        ("2026-11-04", "2026-11-17", 2),
        ("2026-11-18", "2026-11-18", 1),
        ("2026-11-10", "2026-11-10", 1),
    ] {
        let done = export(&svc, from, to, &path).await.expect("export");
        assert_eq!(done.check_ins, count, "{from}..{to}");
        let b = read_json(&path);
        assert_eq!(b["entry"].as_array().map(Vec::len), Some(count as usize));
    }
    // Nothing on the 2nd in Berlin (the first check-in is the 2nd only in UTC): a clear code,
    // and the file from before is left as it was.
    let before = std::fs::read(&path).expect("file");
    let err = export(&svc, "2026-11-02", "2026-11-02", &path)
        .await
        .expect_err("nothing");
    assert_eq!(err.code(), ErrorCode::NothingToExport);
    assert_eq!(std::fs::read(&path).expect("file"), before);
    let fresh = dir.path().join("fresh.json");
    let err = export(&svc, "2027-01-01", "2027-12-31", &fresh)
        .await
        .expect_err("nothing");
    assert_eq!(err.code(), ErrorCode::NothingToExport);
    assert!(!fresh.exists());
}

#[tokio::test]
async fn bad_dates_and_paths_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = seeded(dir.path()).await;
    let path = dir.path().join("never.json");
    for (from, to) in [
        ("2026-11-17", "2026-11-03"),
        ("2026-11-31", "2026-12-01"),
        ("03/11/2026", "2026-11-17"),
        ("", "2026-11-17"),
        ("2026-11-03", "tomorrow"),
    ] {
        let err = export(&svc, from, to, &path).await.expect_err("bad");
        assert_eq!(err.code(), ErrorCode::InvalidDate, "{from}..{to}");
    }
    assert!(!path.exists());
    for bad in ["relative.json", ""] {
        let err = checkins::export_fhir(
            &svc,
            &Berlin,
            "2026-11-03".into(),
            "2026-11-17".into(),
            bad.into(),
        )
        .await
        .expect_err("relative");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
    }
    let folder = dir.path().join("a folder");
    std::fs::create_dir(&folder).expect("dir");
    let err = export(&svc, "2026-11-03", "2026-11-17", &folder)
        .await
        .expect_err("folder");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(std::fs::read_dir(&folder).expect("dir").count(), 0);
    let missing = dir.path().join("no such folder").join("x.json");
    assert!(
        export(&svc, "2026-11-03", "2026-11-17", &missing)
            .await
            .is_err()
    );
    assert!(!missing.exists());

    // Locked: nothing is read and nothing written.
    svc.lock().await;
    let err = export(&svc, "2026-11-03", "2026-11-17", &path)
        .await
        .expect_err("locked");
    assert_eq!(err.code(), ErrorCode::Locked);
    assert!(!path.exists());
}

#[tokio::test]
async fn an_existing_file_is_replaced_whole_as_the_export_does() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = seeded(dir.path()).await;
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("dir");
    let path = out.join("record.json");
    // Someone else's file, unreadable to its owner: the save dialog asked before replacing it.
    std::fs::write(&path, b"not a bundle, someone else's notes").expect("foreign");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("mode");
    }
    export(&svc, "2026-11-03", "2026-11-17", &path)
        .await
        .expect("export");
    let b = read_json(&path);
    assert_eq!(b["resourceType"], json!("Bundle"));
    assert_eq!(b["entry"].as_array().map(Vec::len), Some(3));
    // Written under a temporary name and renamed: nothing else is left in the folder, and the
    // file is private like every file the app writes.
    let names: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["record.json"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
