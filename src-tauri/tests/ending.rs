//! The ending-well commands through Tauri's mock runtime with the app's real context and the real
//! core: refused while locked, the plan round trip, the review and the monthly schedule for a
//! course that has ended, a follow-up saved with its PHQ-9, and bad input answered with a code
//! while nothing is stored.

use std::sync::Arc;

use chrono::{Datelike, Duration, Months, Utc};
use ipt_companion_lib::{AppState, context, with_commands};
use ipt_core::keys::kdf::KdfParams;
use ipt_core::keys::keyring_store::MemoryStore;
use ipt_core::service::vault::{KdfPolicy, VaultService};
use serde_json::{Value, json};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

const PASS: &str = "a long enough phrase";

fn app(dir: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let state = AppState::new(VaultService::new(
        dir,
        Arc::new(MemoryStore::new()),
        KdfPolicy::Fixed(KdfParams::PASSPHRASE_FLOOR),
    ));
    let app = with_commands(mock_builder().manage(state))
        .build(context())
        .expect("mock app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("webview");
    (app, webview)
}

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json body"))
}

/// `{code, message}` (and a limit's field and value), with the code expected.
fn assert_error(r: Result<Value, Value>, code: &str) -> Value {
    let err = r.expect_err("expected an error");
    let obj = err.as_object().expect("error is an object");
    assert!(
        obj.keys()
            .all(|k| ["code", "message", "field", "limit"].contains(&k.as_str())),
        "{err}"
    );
    assert_eq!(obj["code"], json!(code), "{err}");
    assert!(obj["message"].is_string(), "{err}");
    err
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[test]
fn ending_commands_keep_the_plan_review_the_course_and_save_follow_ups() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app(dir.path());
    let today = Utc::now().date_naive();
    let t = day(today);
    let plan = json!({
        "changes": ["  I ask for help now ", ""],
        "warningSigns": ["cancelling on friends", "lying awake"],
        "ifTheyComeBack": ["call my sister"],
        "contacts": ["Dr K"],
        "comeBackIf": ["two weeks of bad sleep"],
        "monthlyCheckIn": true,
        "updatedAt": null
    });
    let follow_up = |signs: Value, answers: Value| json!({ "input": { "today": t, "answers": answers, "difficulty": null, "signsNoticed": signs } });
    let calm = json!([0, 0, 1, 1, 0, 0, 0, 0, 0]);

    invoke(
        &w,
        "vault_create",
        json!({ "request": { "passphrase": PASS, "useKeyring": false } }),
    )
    .expect("create");
    invoke(&w, "vault_lock", json!({})).expect("lock");
    for (cmd, body) in [
        ("ending_plan_get", json!({})),
        ("ending_plan_save", json!({ "plan": plan })),
        ("ending_review", json!({ "today": t })),
        ("ending_follow_up_due", json!({ "today": t })),
        ("ending_follow_up_save", follow_up(json!([]), calm.clone())),
        ("ending_follow_ups_list", json!({})),
    ] {
        assert_error(invoke(&w, cmd, body), "Locked");
    }
    invoke(&w, "vault_unlock_passphrase", json!({ "passphrase": PASS })).expect("unlock");

    // The plan: empty (the monthly check-in off), then saved tidied.
    let empty = invoke(&w, "ending_plan_get", json!({})).expect("get");
    assert_eq!(
        empty,
        json!({
            "changes": [], "warningSigns": [], "ifTheyComeBack": [], "contacts": [],
            "comeBackIf": [], "monthlyCheckIn": false, "updatedAt": null
        })
    );
    let saved = invoke(&w, "ending_plan_save", json!({ "plan": plan })).expect("save");
    assert_eq!(saved["changes"], json!(["I ask for help now"]));
    assert_eq!(saved["monthlyCheckIn"], json!(true));
    assert!(saved["updatedAt"].is_string());
    assert_eq!(
        invoke(&w, "ending_plan_get", json!({})).expect("get"),
        saved
    );

    // No course yet: nothing scheduled, a review with nothing in it.
    assert_eq!(
        invoke(&w, "ending_follow_up_due", json!({ "today": t })).expect("due"),
        Value::Null
    );
    let review = invoke(&w, "ending_review", json!({ "today": t })).expect("review");
    assert_eq!(review["phase"], Value::Null);
    assert_eq!(
        review["phq9"],
        json!({ "count": 0, "first": null, "latest": null })
    );

    // A 4-session course that ended (by its plan) ten weeks ago: the check-in is due.
    let start = today - Duration::weeks(13);
    let end = start + Duration::weeks(3);
    invoke(
        &w,
        "course_save",
        json!({ "input": {
            "startDate": day(start), "plannedSessions": 4,
            "weekday": start.weekday().num_days_from_monday(), "sessionTime": "17:30",
            "format": "individual", "otherCare": "", "therapistName": "",
            "initialLast": null, "terminationFirst": null
        } }),
    )
    .expect("course");
    let first_due = end.checked_add_months(Months::new(1)).expect("month");
    assert_eq!(
        invoke(&w, "ending_follow_up_due", json!({ "today": t })).expect("due"),
        json!({ "due": true, "nextDate": day(first_due) })
    );
    let review = invoke(&w, "ending_review", json!({ "today": t })).expect("review");
    assert_eq!(review["phase"], json!("completed"));
    assert_eq!(review["courseEndedOn"], json!(day(end)));
    assert_eq!(review["sessionsPlanned"], json!(4));

    // A follow-up with a sign noticed: saved with its PHQ-9, and the signs are back.
    let f = invoke(
        &w,
        "ending_follow_up_save",
        follow_up(json!(["lying awake"]), calm.clone()),
    )
    .expect("save");
    assert_eq!(f["takenOn"], json!(t));
    assert_eq!(f["signsNoticed"], json!(["lying awake"]));
    assert_eq!(f["signsReturned"], json!(true));
    assert_eq!(f["checkIn"]["kind"], json!("phq9"));
    assert_eq!(f["checkIn"]["score"], json!(2));
    assert_eq!(
        invoke(&w, "ending_follow_ups_list", json!({})).expect("list"),
        json!([f])
    );
    let next = today.checked_add_months(Months::new(1)).expect("month");
    assert_eq!(
        invoke(&w, "ending_follow_up_due", json!({ "today": t })).expect("due"),
        json!({ "due": false, "nextDate": day(next) })
    );

    // Bad input: a code, nothing stored.
    let err = assert_error(
        invoke(
            &w,
            "ending_follow_up_save",
            follow_up(json!(vec!["a sign"; 21]), calm.clone()),
        ),
        "TooMany",
    );
    assert_eq!(err["limit"], json!(20));
    assert_error(
        invoke(
            &w,
            "ending_follow_up_save",
            follow_up(json!([]), json!([0, 0, 0, 0, 0, 0, 0, 0, 4])),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(
            &w,
            "ending_follow_up_save",
            json!({ "input": {
                "today": day(today + Duration::days(5)), "answers": calm,
                "difficulty": null, "signsNoticed": []
            } }),
        ),
        "InvalidDate",
    );
    assert_error(
        invoke(
            &w,
            "ending_follow_up_save",
            json!({ "input": { "today": t } }),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(&w, "ending_review", json!({ "today": "someday" })),
        "InvalidDate",
    );
    let mut long = plan.clone();
    long["contacts"] = json!(["x".repeat(501)]);
    let err = assert_error(
        invoke(&w, "ending_plan_save", json!({ "plan": long })),
        "TooLong",
    );
    assert_eq!(err["limit"], json!(500));
    assert_eq!(
        invoke(&w, "ending_follow_ups_list", json!({})).expect("list"),
        json!([f]),
        "nothing more was stored"
    );
    assert_eq!(
        invoke(&w, "ending_plan_get", json!({})).expect("get"),
        saved
    );
}
