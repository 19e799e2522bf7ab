//! Command tests through Tauri's mock runtime with the app's real context (so the capability file
//! is enforced), the real commands and the real core service (on a temporary folder, with an
//! in-memory keyring), checking what crosses IPC — especially the `{code, message}` error shape.

mod common;
use common::camel;
use std::sync::Arc;

use ipt_companion_lib::{AppState, context, with_commands};
use ipt_core::keys::kdf::KdfParams;
use ipt_core::keys::keyring_store::MemoryStore;
use ipt_core::service::vault::{KdfPolicy, VaultService};
use ipt_core::{Error, ErrorCode};
use serde_json::{Value, json};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn app_with(state: AppState) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = with_commands(mock_builder().manage(state))
        .build(context())
        .expect("mock app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("webview");
    (app, webview)
}

fn service(dir: &std::path::Path) -> AppState {
    AppState::new(VaultService::new(
        dir,
        Arc::new(MemoryStore::new()),
        KdfPolicy::Fixed(KdfParams::PASSPHRASE_FLOOR),
    ))
}

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    // The app's own origin on Linux; the capability file grants the commands to it.
    invoke_from(webview, "tauri://localhost", cmd, body)
}

fn invoke_from(
    webview: &WebviewWindow<MockRuntime>,
    origin: &str,
    cmd: &str,
    body: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: origin.parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json body"))
}

fn assert_error(r: Result<Value, Value>, code: &str) -> Value {
    let err = r.expect_err("expected an error");
    let obj = err.as_object().expect("error is an object");
    // `{code, message}`, and for a limit its field and value; nothing else.
    assert!(
        obj.keys()
            .all(|k| ["code", "message", "field", "limit"].contains(&k.as_str())),
        "only code, message and a limit's field and value: {err}"
    );
    assert_eq!(obj["code"], json!(code), "{err}");
    assert!(obj["message"].is_string(), "{err}");
    err
}

/// A passphrase-only vault ("a long enough phrase"), created through the command.
fn create_vault(w: &WebviewWindow<MockRuntime>) {
    invoke(
        w,
        "vault_create",
        json!({ "request": { "passphrase": "a long enough phrase", "useKeyring": false } }),
    )
    .expect("create");
}

#[test]
fn vault_commands_round_trip_and_errors_are_code_and_message() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));

    let status = invoke(&w, "vault_status", json!({})).expect("status");
    assert_eq!(status["exists"], json!(false));
    assert_eq!(status["unlocked"], json!(false));

    assert_error(
        invoke(
            &w,
            "vault_unlock_passphrase",
            json!({ "passphrase": "whatever-long" }),
        ),
        "NoVault",
    );
    assert_error(invoke(&w, "vault_info", json!({})), "Locked");
    assert_error(
        invoke(
            &w,
            "vault_create",
            json!({ "request": { "passphrase": "short", "useKeyring": false } }),
        ),
        "PassphraseTooShort",
    );

    let created = invoke(
        &w,
        "vault_create",
        json!({ "request": { "passphrase": "a long enough phrase", "useKeyring": true } }),
    )
    .expect("create");
    let code = created["recoveryCode"].as_str().expect("code").to_owned();
    assert_eq!(code.len(), 39);
    assert_eq!(created["keyringSlot"], json!(true));

    let info = invoke(&w, "vault_info", json!({})).expect("info");
    assert!(
        info["cipherVersion"]
            .as_str()
            .is_some_and(|v| !v.is_empty()),
        "{info}"
    );
    assert_error(
        invoke(&w, "vault_set_auto_lock", json!({ "minutes": 0 })),
        "InvalidInput",
    );
    invoke(&w, "vault_set_auto_lock", json!({ "minutes": 5 })).expect("auto-lock");

    invoke(&w, "vault_lock", json!({})).expect("lock");
    let err = assert_error(
        invoke(
            &w,
            "vault_unlock_passphrase",
            json!({ "passphrase": "not the phrase" }),
        ),
        "WrongKey",
    );
    assert!(
        !err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("not the phrase"),
        "no user text in errors"
    );

    invoke(&w, "vault_unlock_recovery", json!({ "code": code })).expect("recovery unlock");
    let status = invoke(&w, "vault_status", json!({})).expect("status");
    assert_eq!(status["unlocked"], json!(true));
    assert_eq!(status["autoLockMinutes"], json!(5));
    assert_eq!(status["hasKeyringSlot"], json!(true));

    invoke(&w, "vault_lock", json!({})).expect("lock");
    invoke(&w, "vault_unlock_keyring", json!({})).expect("keyring unlock");
}

#[test]
fn a_service_that_could_not_start_reports_its_code_from_every_command() {
    let state = AppState::new(Err(Error::new(
        ErrorCode::VaultInUse,
        "held by another process",
    )));
    let (_app, w) = app_with(state);
    for cmd in [
        "vault_status",
        "vault_lock",
        "vault_probe_keyring",
        "vault_unlock_keyring",
    ] {
        assert_error(invoke(&w, cmd, json!({})), "VaultInUse");
    }
}

#[test]
fn malformed_arguments_are_refused_without_touching_the_vault() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let r = invoke(
        &w,
        "vault_create",
        json!({ "request": { "passphrase": 42 } }),
    );
    assert_error(r, "InvalidInput");
    assert!(!dir.path().join("vault.db").exists());
}

/// Every command that takes arguments, read from the command modules themselves (so a new command
/// is covered without being listed here): `(command, [(camelCase argument name, is a bool)])`.
fn commands_with_arguments() -> Vec<(String, Vec<(String, bool)>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("commands folder") {
        let src = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for part in src.split("#[tauri::command]").skip(1) {
            let sig = &part[..part.find('{').expect("body")];
            let name = sig
                .split("fn ")
                .nth(1)
                .and_then(|r| r.split(['(', '<']).next())
                .expect("name")
                .trim()
                .to_owned();
            let args: Vec<(String, bool)> = sig
                .split(',')
                .flat_map(|p| p.split('('))
                .filter(|p| p.contains(": Arg<"))
                .map(|p| {
                    (
                        camel(p.split(':').next().expect("arg").trim()),
                        p.contains("Arg<bool>"),
                    )
                })
                .collect();
            if !args.is_empty() {
                out.push((name, args));
            }
        }
    }
    out
}

#[test]
fn every_command_answers_a_wrong_typed_argument_with_a_code_and_no_value_echoed() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let commands = commands_with_arguments();
    assert!(commands.len() > 40, "found {} commands", commands.len());
    for (cmd, args) in &commands {
        // A boolean is the wrong type for every argument the app takes (a bool one gets a number
        // instead), and an object is wrong for every one that is not a struct; both must answer
        // with a code.
        for wrong in [
            json!(true),
            json!({ "canary": "PRIVATE-WORDS-7f3a" }),
            json!([["PRIVATE-WORDS-7f3a"]]),
        ] {
            let body: serde_json::Map<String, Value> = args
                .iter()
                .map(|(a, is_bool)| {
                    let w = if *is_bool && wrong.is_boolean() {
                        json!(7)
                    } else {
                        wrong.clone()
                    };
                    (a.clone(), w)
                })
                .collect();
            let r = invoke(&w, cmd, Value::Object(body));
            let Err(err) = r else {
                // An object can be a valid struct with defaults (a search query): fine.
                assert!(wrong.is_object(), "{cmd} accepted {wrong} for {args:?}");
                continue;
            };
            let obj = err
                .as_object()
                .unwrap_or_else(|| panic!("{cmd}: bare error {err}"));
            let code = obj["code"].as_str().unwrap_or_default();
            if wrong.is_boolean() || wrong.is_array() {
                assert_eq!(code, "InvalidInput", "{cmd} with {wrong}: {err}");
            }
            assert!(
                !err.to_string().contains("PRIVATE-WORDS"),
                "{cmd} echoed the value sent: {err}"
            );
        }
        // A missing argument is answered the same way (optional ones may be left out).
        if let Err(err) = invoke(&w, cmd, json!({})) {
            assert!(err.is_object(), "{cmd}: bare error {err}");
        }
    }
    assert!(!dir.path().join("vault.db").exists(), "nothing was created");
}

#[test]
fn commands_are_refused_to_remote_origins() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert!(invoke(&w, "vault_status", json!({})).is_ok());
    let r = invoke_from(&w, "https://example.com", "vault_status", json!({}));
    assert!(r.is_err(), "a remote page must not reach the vault: {r:?}");
    let r = invoke(&w, "plugin:shell|open", json!({ "path": "/" }));
    assert!(r.is_err(), "no shell plugin: {r:?}");
}

#[test]
fn journal_commands_round_trip_and_refuse_bad_input_with_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(invoke(&w, "journal_list", json!({ "query": {} })), "Locked");
    create_vault(&w);

    let html = "<img src=x onerror=alert(1)><script>window.pwned=1</script>";
    let input = json!({
        "occurredAt": "2026-11-25T09:30:00+01:00", "mood": 4, "emotions": ["anxious"], "customEmotions": [],
        "text": html, "tags": ["work"], "pinned": true, "draftKey": "new",
        "events": [{ "personId": null, "personName": "Sam", "whatHappened": "we talked", "whatIFelt": "",
                     "whatIDid": "", "howItEnded": "", "important": true }]
    });
    invoke(
        &w,
        "journal_save_draft",
        json!({ "key": "new", "payload": "{\"text\":\"draft\"}" }),
    )
    .expect("draft");
    let saved = invoke(&w, "journal_create", json!({ "input": input })).expect("create entry");
    assert_eq!(
        saved["text"],
        json!(html),
        "text comes back exactly as typed"
    );
    assert_eq!(saved["events"][0]["personName"], json!("Sam"));
    assert_eq!(
        invoke(&w, "journal_get_draft", json!({ "key": "new" })).expect("draft"),
        Value::Null
    );

    let page =
        invoke(&w, "journal_list", json!({ "query": { "text": "talked" } })).expect("search");
    assert_eq!(page["items"][0]["id"], saved["id"]);
    assert!(
        page["items"][0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains('\u{2}'))
    );
    for hostile in ["\"", "NEAR(", "*", "😀", "((a"] {
        invoke(&w, "journal_list", json!({ "query": { "text": hostile } }))
            .expect("never an error");
    }

    let mut bad = input.clone();
    bad["mood"] = json!(11);
    assert_error(
        invoke(&w, "journal_create", json!({ "input": bad })),
        "InvalidMood",
    );
    let mut bad = input.clone();
    bad["occurredAt"] = json!("31/12/2026");
    assert_error(
        invoke(&w, "journal_create", json!({ "input": bad })),
        "InvalidDate",
    );
    let mut bad = input;
    bad["text"] = json!("x".repeat(200_001));
    assert_error(
        invoke(&w, "journal_create", json!({ "input": bad })),
        "TooLong",
    );

    let id = saved["id"].clone();
    invoke(&w, "journal_trash", json!({ "id": id })).expect("trash");
    assert_error(invoke(&w, "journal_trash", json!({ "id": id })), "NotFound");
    assert_eq!(
        invoke(&w, "journal_list_trash", json!({})).expect("trash")[0]["id"],
        id
    );
    invoke(&w, "journal_restore", json!({ "id": id })).expect("restore");
    let moods = invoke(
        &w,
        "journal_mood_by_day",
        json!({ "from": "2026-11-01", "to": "2026-11-30" }),
    )
    .expect("moods");
    assert_eq!(moods[0]["average"], json!(4.0));
    assert_eq!(
        invoke(&w, "people_list", json!({})).expect("people")[0]["displayName"],
        json!("Sam")
    );
    assert_eq!(
        invoke(&w, "journal_tags", json!({})).expect("tags"),
        json!(["work"])
    );
}

#[test]
fn course_commands_set_up_and_report_where_the_course_stands() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    create_vault(&w);
    assert_eq!(
        invoke(&w, "course_get", json!({})).expect("none yet"),
        Value::Null
    );
    assert_eq!(
        invoke(&w, "course_overview", json!({ "today": "2026-11-25" })).expect("none yet"),
        Value::Null
    );
    let input = json!({
        "startDate": "2026-11-03", "plannedSessions": 12, "weekday": 1, "sessionTime": "17:30",
        "format": "individual", "otherCare": "", "therapistName": "Dr R.", "initialLast": null,
        "terminationFirst": null
    });
    let saved = invoke(&w, "course_save", json!({ "input": input })).expect("save");
    assert_eq!(saved["initialLast"], json!(3));
    assert_eq!(saved["terminationFirst"], json!(10));
    let overview =
        invoke(&w, "course_overview", json!({ "today": "2026-11-25" })).expect("overview");
    assert_eq!(overview["sessionNumber"], json!(5));
    assert_eq!(overview["phase"], json!("middle"));
    assert_eq!(overview["nextSessionDate"], json!("2026-12-01"));
    let mut bad = input;
    bad["plannedSessions"] = json!(31);
    assert_error(
        invoke(&w, "course_save", json!({ "input": bad })),
        "InvalidInput",
    );
    assert_error(
        invoke(&w, "course_overview", json!({ "today": "tomorrow" })),
        "InvalidDate",
    );
}

#[test]
fn plans_and_agenda_commands_gather_archive_and_refuse_bad_input() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(invoke(&w, "plans_list", json!({})), "Locked");
    create_vault(&w);
    invoke(
        &w,
        "course_save",
        json!({ "input": {
            "startDate": "2026-11-03", "plannedSessions": 12, "weekday": 1, "sessionTime": "17:30",
            "format": "individual", "otherCare": "", "therapistName": "", "initialLast": null,
            "terminationFirst": null
        } }),
    )
    .expect("course");
    let plan = invoke(
        &w,
        "plans_create",
        json!({ "input": { "what": "Ask once, clearly", "area": "roleDispute", "personId": null,
                           "personName": "Sam", "dueOn": null },
                "today": "2026-11-27" }),
    )
    .expect("plan");
    assert_eq!(plan["dueOn"], json!("2026-12-01"));
    assert_eq!(plan["status"], json!("planned"));
    assert_eq!(plan["personName"], json!("Sam"));
    let id = plan["id"].clone();
    assert_error(
        invoke(
            &w,
            "plans_record_outcome",
            json!({ "id": id, "outcome": { "status": "tried", "reflection": "", "moodBefore": 11,
                    "moodAfter": null }, "today": "2026-11-28" }),
        ),
        "InvalidMood",
    );
    let tried = invoke(
        &w,
        "plans_record_outcome",
        json!({ "id": id, "outcome": { "status": "tried", "reflection": "went okay",
                "moodBefore": 3, "moodAfter": 6 }, "today": "2026-11-28" }),
    )
    .expect("outcome");
    assert_eq!(tried["status"], json!("tried"));
    invoke(
        &w,
        "journal_create",
        json!({ "input": { "occurredAt": "2026-11-28T10:00:00+00:00", "mood": 4, "emotions": [],
                "customEmotions": [], "text": "Bring this one", "tags": [], "events": [],
                "pinned": true, "draftKey": null } }),
    )
    .expect("entry");
    invoke(&w, "agenda_add_question", json!({ "text": "Why now?" })).expect("question");
    assert_error(
        invoke(&w, "agenda_add_question", json!({ "text": "   " })),
        "InvalidInput",
    );
    let agenda = invoke(&w, "agenda_get", json!({ "today": "2026-11-28" })).expect("agenda");
    assert_eq!(agenda["sessionNumber"], json!(5));
    let kinds: Vec<_> = agenda["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("entry"), json!("plan"), json!("question")]);
    let keys: Vec<Value> = agenda["items"]
        .as_array()
        .expect("items")
        .iter()
        .rev()
        .map(|i| i["key"].clone())
        .collect();
    invoke(&w, "agenda_reorder", json!({ "keys": keys })).expect("reorder");
    invoke(
        &w,
        "course_save_session",
        json!({ "record": { "number": 5, "heldOn": "2026-12-01", "talkedAbout": "", "agreed": "",
                "notes": "", "mood": null } }),
    )
    .expect("session");
    let archived = invoke(&w, "agenda_archived", json!({ "number": 5 })).expect("archived");
    assert_eq!(archived["items"][0]["kind"], json!("question"));
    assert_eq!(archived["items"][2]["text"], json!("Bring this one"));
    let fresh = invoke(&w, "agenda_get", json!({ "today": "2026-12-02" })).expect("agenda");
    assert_eq!(fresh["items"], json!([]));
    invoke(&w, "plans_delete", json!({ "id": id })).expect("delete");
    assert_error(invoke(&w, "plans_delete", json!({ "id": id })), "NotFound");
}

#[test]
fn reminder_commands_keep_the_choice_and_report_what_is_due() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    // Before there is a vault nothing is due, and asking is not an error.
    assert_eq!(
        invoke(&w, "reminders_due", json!({})).expect("due"),
        json!([])
    );
    create_vault(&w);
    let s = invoke(&w, "reminders_get_settings", json!({})).expect("settings");
    assert_eq!(s["sessionDay"], json!(false));
    assert_eq!(s["journalNudge"], json!(false));
    assert_eq!(s["mentionTherapy"], json!(false));
    let mut on = s.clone();
    on["journalNudge"] = json!(true);
    on["journalNudgeAt"] = json!("7:05");
    let saved = invoke(&w, "reminders_save_settings", json!({ "settings": on })).expect("save");
    assert_eq!(saved["journalNudgeAt"], json!("07:05"));
    let mut bad = saved.clone();
    bad["quietFrom"] = json!("late");
    assert_error(
        invoke(&w, "reminders_save_settings", json!({ "settings": bad })),
        "InvalidDate",
    );
    assert_eq!(
        invoke(&w, "reminders_get_settings", json!({})).expect("settings"),
        saved,
        "a refused choice changes nothing"
    );
    // Whatever the clock says, a first check only looks two minutes back: it is a list.
    assert!(
        invoke(&w, "reminders_due", json!({}))
            .expect("due")
            .is_array()
    );
}

#[test]
fn practice_commands_run_a_rehearsal_and_plan_the_real_try() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    create_vault(&w);
    let lib = invoke(&w, "practice_library", json!({})).expect("library");
    assert!(lib.as_array().expect("list").len() >= 16);

    let analysis = invoke(
        &w,
        "practice_save_analysis",
        json!({ "id": null, "input": {
            "occurredOn": "2026-11-22", "personName": "Sam", "setting": "Kitchen",
            "whoStarted": "me", "whatISaid": "You never help", "traps": ["allOrNothingWords"],
            "alternatives": ["Could you do the Tuesday shop?"], "chosen": 0
        } }),
    )
    .expect("analysis");
    assert_eq!(analysis["personName"], json!("Sam"));
    assert_error(
        invoke(
            &w,
            "practice_save_analysis",
            json!({ "id": null, "input": { "occurredOn": "soon" } }),
        ),
        "InvalidDate",
    );
    let scenario = invoke(
        &w,
        "practice_save_scenario",
        json!({ "key": null, "input": {
            "title": "Asking Sam", "area": "roleDispute", "personId": analysis["personId"],
            "personName": null, "setting": "Kitchen", "aim": "Share the shop",
            "opening": "What now?", "ifOpen": "Okay, Tuesdays.", "ifTense": "Here we go.",
            "ifDistant": "Right.", "suggestedReply": "Could you do the Tuesday shop?",
            "analysisId": analysis["id"]
        } }),
    )
    .expect("scenario");
    let key = scenario["key"].clone();
    let run = invoke(
        &w,
        "practice_start",
        json!({ "key": key, "confidenceBefore": 4 }),
    )
    .expect("start");
    assert_eq!(run["line"], json!("What now?"));
    // An approach the app does not know is refused before the core sees it, and stores nothing.
    assert!(
        invoke(
            &w,
            "practice_turn",
            json!({ "runId": run["id"], "reply": "x", "approach": "shouting" }),
        )
        .is_err()
    );
    assert_eq!(
        invoke(&w, "practice_run", json!({ "runId": run["id"] })).expect("run")["turns"],
        json!([])
    );
    let run = invoke(
        &w,
        "practice_turn",
        json!({ "runId": run["id"], "reply": "Could you do the Tuesday shop?", "approach": "specificRequest" }),
    )
    .expect("turn");
    assert_eq!(run["line"], json!("Okay, Tuesdays."));
    let run = invoke(
        &w,
        "practice_turn",
        json!({ "runId": run["id"], "reply": "Thank you", "approach": "acknowledge" }),
    )
    .expect("turn");
    assert_eq!(run["ending"]["id"], json!("good"));
    let run = invoke(
        &w,
        "practice_finish",
        json!({ "runId": run["id"], "confidenceAfter": 7, "feltHard": "Starting" }),
    )
    .expect("finish");
    assert_eq!(
        run["approachesUsed"],
        json!(["specificRequest", "acknowledge"])
    );
    let plan = invoke(
        &w,
        "practice_plan_try",
        json!({ "runId": run["id"], "today": "2026-11-24", "input": {
            "what": "Ask Sam on Sunday", "area": "roleDispute", "personId": null,
            "personName": null, "dueOn": "2026-11-29"
        } }),
    )
    .expect("plan");
    assert_eq!(plan["scenarioKey"], key);
    let plans = invoke(&w, "plans_list", json!({})).expect("plans");
    assert_eq!(plans[0]["runId"], run["id"]);
    let runs = invoke(&w, "practice_runs", json!({ "key": key })).expect("runs");
    assert_eq!(runs[0]["plans"][0]["what"], json!("Ask Sam on Sunday"));

    let d = invoke(
        &w,
        "practice_save_decision",
        json!({ "id": null, "input": { "situation": "Move or stay", "options": [{ "text": "Move" }], "choice": 0 } }),
    )
    .expect("decision");
    assert_eq!(d["input"]["options"][0]["text"], json!("Move"));
    assert_error(
        invoke(
            &w,
            "practice_save_decision",
            json!({ "id": null, "input": { "situation": "" } }),
        ),
        "InvalidInput",
    );
    invoke(&w, "practice_delete_decision", json!({ "id": d["id"] })).expect("delete");
    assert_eq!(
        invoke(&w, "practice_decisions", json!({})).expect("list"),
        json!([])
    );
}

#[test]
fn the_neutral_name_is_kept_before_unlocking_and_titles_the_window() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let got = invoke(&w, "discretion_get", json!({})).expect("get");
    assert_eq!(got, json!({ "neutralName": false }));
    let set = invoke(
        &w,
        "discretion_set",
        json!({ "settings": { "neutralName": true } }),
    )
    .expect("set while no vault exists");
    assert_eq!(set, json!({ "neutralName": true }));
    assert_eq!(
        invoke(&w, "discretion_get", json!({})).expect("get"),
        json!({ "neutralName": true })
    );
    assert!(dir.path().join("preferences.json").exists());
    assert!(!dir.path().join("vault.db").exists());
    assert_error(
        invoke(
            &w,
            "discretion_set",
            json!({ "settings": { "neutralName": "yes" } }),
        ),
        "InvalidInput",
    );
    // A reminder longer than any the app writes is refused before it reaches the desktop.
    assert_error(
        invoke(
            &w,
            "reminders_notify",
            json!({ "title": "A gentle reminder", "body": "x".repeat(301) }),
        ),
        "TooLong",
    );
}

#[test]
fn the_language_is_kept_before_unlocking_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_eq!(
        invoke(&w, "language_get", json!({})).expect("get"),
        json!({ "language": null })
    );
    assert_eq!(
        invoke(&w, "language_set", json!({ "language": "es" })).expect("set"),
        json!({ "language": "es" })
    );
    assert_eq!(
        invoke(&w, "language_get", json!({})).expect("get"),
        json!({ "language": "es" })
    );
    assert!(!dir.path().join("vault.db").exists());
    for bad in [json!("fr"), json!("ES"), json!(null), json!(1)] {
        assert_error(
            invoke(&w, "language_set", json!({ "language": bad })),
            "InvalidInput",
        );
    }
    assert_eq!(
        invoke(&w, "language_get", json!({})).expect("get"),
        json!({ "language": "es" }),
        "nothing written by a refused choice"
    );
}

#[test]
fn appearance_is_kept_before_unlocking_and_a_size_not_offered_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_eq!(
        invoke(&w, "appearance_get", json!({})).expect("get"),
        json!({ "theme": "system", "textSize": 100, "reduceMotion": "system" })
    );
    let chosen = json!({ "theme": "dark", "textSize": 200, "reduceMotion": "reduce" });
    assert_eq!(
        invoke(&w, "appearance_set", json!({ "settings": chosen })).expect("set while no vault"),
        chosen
    );
    assert_eq!(
        invoke(&w, "appearance_get", json!({})).expect("get"),
        chosen
    );
    assert!(!dir.path().join("vault.db").exists());
    let before = std::fs::read(dir.path().join("preferences.json")).expect("saved");
    for settings in [
        json!({ "theme": "dark", "textSize": 130, "reduceMotion": "reduce" }),
        json!({ "theme": "sepia", "textSize": 100, "reduceMotion": "reduce" }),
        json!({ "theme": "dark", "textSize": 100 }),
    ] {
        assert_error(
            invoke(&w, "appearance_set", json!({ "settings": settings })),
            "InvalidInput",
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("preferences.json")).expect("kept"),
        before
    );
}

#[test]
fn checkin_commands_show_the_wording_while_locked_save_list_and_refuse_bad_input() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    // The wording is static text: readable before a vault exists and while it is locked.
    let phq = invoke(&w, "checkins_questionnaire", json!({ "kind": "phq9" })).expect("text");
    assert_eq!(phq["title"], json!("PHQ-9"));
    assert_eq!(phq["items"].as_array().expect("items").len(), 9);
    assert_eq!(
        phq["options"][3],
        json!({ "value": 3, "label": "Nearly every day" })
    );
    assert!(phq["difficulty"]["question"].is_string());
    assert_error(invoke(&w, "checkins_list", json!({})), "Locked");
    create_vault(&w);
    invoke(&w, "vault_lock", json!({})).expect("lock");
    let gad = invoke(&w, "checkins_questionnaire", json!({ "kind": "gad7" })).expect("locked");
    assert_eq!(gad["kind"], json!("gad7"));
    assert_eq!(gad["items"].as_array().expect("items").len(), 7);
    assert_eq!(gad["difficulty"], Value::Null);
    assert_error(
        invoke(
            &w,
            "checkins_save",
            json!({ "input": { "kind": "gad7", "answers": [0, 0, 0, 0, 0, 0, 0], "difficulty": null } }),
        ),
        "Locked",
    );
    assert_error(
        invoke(&w, "checkins_questionnaire", json!({ "kind": "bdi" })),
        "InvalidInput",
    );
    invoke(
        &w,
        "vault_unlock_passphrase",
        json!({ "passphrase": "a long enough phrase" }),
    )
    .expect("unlock");

    let saved = invoke(
        &w,
        "checkins_save",
        json!({ "input": { "kind": "phq9", "answers": [2, 2, 2, 2, 2, 2, 2, 2, null], "difficulty": 1 } }),
    )
    .expect("save");
    assert_eq!(saved["score"], json!(18));
    assert_eq!(saved["prorated"], json!(true));
    assert_eq!(saved["band"], json!("moderatelySevere"));
    assert_eq!(saved["item9"], Value::Null);
    assert_eq!(saved["answers"][8], Value::Null, "unanswered, not 0");
    let gad = invoke(
        &w,
        "checkins_save",
        json!({ "input": { "kind": "gad7", "answers": [3, 3, 3, 3, null, null, null], "difficulty": null } }),
    )
    .expect("save");
    assert_eq!(
        gad["score"],
        Value::Null,
        "more than two unanswered: no total"
    );
    assert_eq!(gad["band"], Value::Null);
    let list = invoke(&w, "checkins_list", json!({})).expect("list");
    assert_eq!(list, json!([gad, saved]), "newest first");

    for bad in [
        json!({ "kind": "phq9", "answers": [0, 0, 0], "difficulty": null }),
        json!({ "kind": "gad7", "answers": [4, 0, 0, 0, 0, 0, 0], "difficulty": null }),
        json!({ "kind": "gad7", "answers": [0, 0, 0, 0, 0, 0, 0], "difficulty": 2 }),
        json!({ "kind": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 0], "difficulty": 4 }),
        json!({ "kind": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, -1], "difficulty": null }),
    ] {
        assert_error(
            invoke(&w, "checkins_save", json!({ "input": bad })),
            "InvalidInput",
        );
    }
    assert_eq!(
        invoke(&w, "checkins_list", json!({})).expect("list"),
        json!([gad, saved]),
        "nothing more was stored"
    );

    // Even a vault service that could not start still shows the wording.
    let (_app, w) = app_with(AppState::new(Err(Error::new(
        ErrorCode::VaultInUse,
        "held by another process",
    ))));
    assert!(invoke(&w, "checkins_questionnaire", json!({ "kind": "gad7" })).is_ok());
    assert_error(invoke(&w, "checkins_list", json!({})), "VaultInUse");
}

#[test]
fn checkin_invitation_commands_keep_the_choice_invite_before_a_session_and_refuse_bad_input() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    for (cmd, args) in [
        ("checkins_invitation", json!({ "today": "2026-11-23" })),
        ("checkins_invitation_settings_get", json!({})),
        (
            "checkins_invitation_settings_save",
            json!({ "settings": { "frequency": "off", "oneAtATime": false } }),
        ),
        ("checkins_invitation_dismiss", json!({ "sessionNumber": 4 })),
    ] {
        assert_error(invoke(&w, cmd, args), "Locked");
    }
    create_vault(&w);

    // The default, then a choice kept.
    assert_eq!(
        invoke(&w, "checkins_invitation_settings_get", json!({})).expect("get"),
        json!({ "frequency": "everySession", "oneAtATime": false })
    );
    let chosen = json!({ "frequency": "everyOtherSession", "oneAtATime": true });
    assert_eq!(
        invoke(
            &w,
            "checkins_invitation_settings_save",
            json!({ "settings": chosen })
        )
        .expect("save"),
        chosen
    );
    for bad in [
        json!({ "frequency": "weekly", "oneAtATime": false }),
        json!({ "frequency": "off", "oneAtATime": "yes" }),
        json!({ "oneAtATime": true }),
    ] {
        let err = assert_error(
            invoke(
                &w,
                "checkins_invitation_settings_save",
                json!({ "settings": bad }),
            ),
            "InvalidInput",
        );
        assert!(
            !err.to_string().contains("weekly"),
            "no value echoed: {err}"
        );
    }
    assert_eq!(
        invoke(&w, "checkins_invitation_settings_get", json!({})).expect("get"),
        chosen,
        "nothing was stored"
    );

    // No course: no invitation, and nothing to dismiss.
    assert_eq!(
        invoke(&w, "checkins_invitation", json!({ "today": "2026-11-23" })).expect("none"),
        Value::Null
    );
    assert_error(
        invoke(
            &w,
            "checkins_invitation_dismiss",
            json!({ "sessionNumber": 4 }),
        ),
        "NotFound",
    );
    // Twelve Tuesdays from 2026-11-03, sessions 1–3 recorded: session 4 on the 24th.
    invoke(
        &w,
        "course_save",
        json!({ "input": {
            "startDate": "2026-11-03", "plannedSessions": 12, "weekday": 1, "sessionTime": "17:30",
            "format": "individual", "otherCare": "", "therapistName": "",
            "initialLast": null, "terminationFirst": null
        } }),
    )
    .expect("course");
    for (n, on) in [(1, "2026-11-03"), (2, "2026-11-10"), (3, "2026-11-17")] {
        invoke(
            &w,
            "course_save_session",
            json!({ "record": { "number": n, "heldOn": on, "talkedAbout": "", "agreed": "", "notes": "", "mood": null } }),
        )
        .expect("session");
    }
    // Every other session skips session 4; every session asks.
    assert_eq!(
        invoke(&w, "checkins_invitation", json!({ "today": "2026-11-22" })).expect("skipped"),
        Value::Null
    );
    invoke(
        &w,
        "checkins_invitation_settings_save",
        json!({ "settings": { "frequency": "everySession", "oneAtATime": true } }),
    )
    .expect("save");
    assert_eq!(
        invoke(&w, "checkins_invitation", json!({ "today": "2026-11-22" })).expect("invited"),
        json!({ "sessionNumber": 4, "sessionDate": "2026-11-24" })
    );
    assert_eq!(
        invoke(&w, "checkins_invitation", json!({ "today": "2026-11-20" })).expect("early"),
        Value::Null
    );
    assert_error(
        invoke(
            &w,
            "checkins_invitation",
            json!({ "today": "next Tuesday" }),
        ),
        "InvalidDate",
    );
    for bad in [json!(0), json!(13), json!("4"), json!(4.5)] {
        assert_error(
            invoke(
                &w,
                "checkins_invitation_dismiss",
                json!({ "sessionNumber": bad }),
            ),
            "InvalidInput",
        );
    }
    assert!(
        invoke(&w, "checkins_invitation", json!({ "today": "2026-11-22" }))
            .expect("still")
            .is_object(),
        "a refused dismissal stores nothing"
    );
    assert_eq!(
        invoke(
            &w,
            "checkins_invitation_dismiss",
            json!({ "sessionNumber": 4 })
        )
        .expect("dismiss"),
        Value::Null
    );
    assert_eq!(
        invoke(&w, "checkins_invitation", json!({ "today": "2026-11-22" })).expect("dismissed"),
        Value::Null
    );
}

#[test]
fn safety_plan_commands_refuse_while_locked_round_trip_and_refuse_too_many() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let plan = json!({
        "warningSigns": ["  not sleeping ", "", "staying in"],
        "coping": ["a walk"],
        "distractions": ["the library"],
        "helpers": [{ "name": "Aunt M", "phone": "555 0142" }, { "name": "", "phone": "" }],
        "professionals": [{ "name": "Crisis line", "phone": "988" }],
        "saferSurroundings": ["pills at Jo's"],
        "reasonForLiving": "my brother",
        "updatedAt": null
    });
    create_vault(&w);
    invoke(&w, "vault_lock", json!({})).expect("lock");
    assert_error(invoke(&w, "safety_plan_get", json!({})), "Locked");
    assert_error(
        invoke(&w, "safety_plan_save", json!({ "plan": plan })),
        "Locked",
    );
    invoke(
        &w,
        "vault_unlock_passphrase",
        json!({ "passphrase": "a long enough phrase" }),
    )
    .expect("unlock");

    let empty = invoke(&w, "safety_plan_get", json!({})).expect("get");
    assert_eq!(
        empty,
        json!({
            "warningSigns": [], "coping": [], "distractions": [], "helpers": [],
            "professionals": [], "saferSurroundings": [], "reasonForLiving": "", "updatedAt": null
        })
    );
    let saved = invoke(&w, "safety_plan_save", json!({ "plan": plan })).expect("save");
    assert_eq!(saved["warningSigns"], json!(["not sleeping", "staying in"]));
    assert_eq!(
        saved["helpers"],
        json!([{ "name": "Aunt M", "phone": "555 0142" }])
    );
    assert_eq!(saved["reasonForLiving"], json!("my brother"));
    assert!(saved["updatedAt"].is_string(), "{saved}");
    assert_eq!(
        invoke(&w, "safety_plan_get", json!({})).expect("get"),
        saved
    );

    let mut bad = plan.clone();
    bad["warningSigns"] = json!(vec!["a sign"; 21]);
    let err = assert_error(
        invoke(&w, "safety_plan_save", json!({ "plan": bad })),
        "TooMany",
    );
    assert_eq!(err["limit"], json!(20));
    assert_eq!(err["field"], json!("warningSigns"), "the step is named");
    assert_error(
        invoke(
            &w,
            "safety_plan_save",
            json!({ "plan": { "coping": ["a walk"] } }),
        ),
        "InvalidInput",
    );
    assert_eq!(
        invoke(&w, "safety_plan_get", json!({})).expect("get"),
        saved,
        "nothing changed"
    );

    // The readable copy: none until asked for; kept, it reads while locked; off, it is gone.
    assert_eq!(
        invoke(&w, "safety_plan_copy_get", json!({})).expect("copy"),
        json!(null)
    );
    assert_eq!(
        invoke(&w, "safety_plan_copy_set", json!({ "keep": true })).expect("keep"),
        saved
    );
    assert!(dir.path().join("safety-plan-copy.json").exists());
    invoke(&w, "vault_lock", json!({})).expect("lock");
    assert_eq!(
        invoke(&w, "safety_plan_copy_get", json!({})).expect("copy while locked"),
        saved
    );
    assert_error(
        invoke(&w, "safety_plan_copy_set", json!({ "keep": "yes" })),
        "InvalidInput",
    );
    assert_error(
        invoke(&w, "safety_plan_copy_set", json!({ "keep": true })),
        "Locked",
    );
    assert_eq!(
        invoke(&w, "safety_plan_copy_set", json!({ "keep": false })).expect("off"),
        json!(null)
    );
    assert!(!dir.path().join("safety-plan-copy.json").exists());
    assert_eq!(
        invoke(&w, "safety_plan_copy_get", json!({})).expect("copy"),
        json!(null)
    );
}

#[test]
fn crisis_line_country_is_chosen_while_locked_and_unknown_codes_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_eq!(
        invoke(&w, "crisis_lines_settings_get", json!({})).expect("get"),
        json!({ "crisisCountry": null })
    );
    assert_eq!(
        invoke(&w, "crisis_lines_settings_set", json!({ "country": "es" })).expect("set"),
        json!({ "crisisCountry": "ES" })
    );
    assert_error(
        invoke(
            &w,
            "crisis_lines_settings_set",
            json!({ "country": "Atlantis" }),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(&w, "crisis_lines_settings_set", json!({ "country": 34 })),
        "InvalidInput",
    );
    assert_eq!(
        invoke(&w, "crisis_lines_settings_get", json!({})).expect("get"),
        json!({ "crisisCountry": "ES" }),
        "nothing changed"
    );
    assert_eq!(
        invoke(&w, "crisis_lines_settings_set", json!({ "country": null })).expect("clear"),
        json!({ "crisisCountry": null })
    );
    assert!(!dir.path().join("vault.db").exists(), "no vault was needed");
}

#[test]
fn backup_commands_make_list_preview_and_restore_and_refuse_bad_input() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(invoke(&w, "backup_now", json!({})), "Locked");
    create_vault(&w);
    let status = invoke(&w, "backup_status", json!({})).expect("status");
    assert_eq!(status["lastGood"], json!(null));
    assert_eq!(status["overdue"], json!(true));

    let made = invoke(&w, "backup_now", json!({})).expect("backup");
    assert_eq!(made["kind"], json!("manual"));
    let path = made["path"].as_str().expect("path").to_owned();
    assert!(std::path::Path::new(&path).is_file());
    assert_eq!(
        invoke(&w, "backup_list", json!({})).expect("list"),
        json!([made.clone()])
    );
    let status = invoke(&w, "backup_status", json!({})).expect("status");
    assert_eq!(status["lastGood"], made);
    assert_eq!(status["overdue"], json!(false));

    let secret = json!({ "kind": "passphrase", "value": "a long enough phrase" });
    let preview = invoke(
        &w,
        "backup_preview",
        json!({ "path": path, "secret": secret }),
    )
    .expect("preview");
    assert_eq!(preview["entries"], json!(0));
    assert_error(
        invoke(
            &w,
            "backup_preview",
            json!({ "path": path, "secret": { "kind": "passphrase", "value": "not it at all" } }),
        ),
        "WrongKey",
    );
    assert_error(
        invoke(
            &w,
            "backup_preview",
            json!({ "path": path, "secret": { "kind": "fingerprint", "value": "x" } }),
        ),
        "InvalidInput",
    );
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "just some notes").expect("write");
    assert_error(
        invoke(
            &w,
            "backup_restore",
            json!({ "path": foreign.display().to_string(), "secret": secret }),
        ),
        "NotABackup",
    );
    assert_error(
        invoke(&w, "backup_set_folder", json!({ "folder": "not/absolute" })),
        "InvalidInput",
    );
    // Nothing above changed the vault: it is still open.
    assert!(invoke(&w, "safety_plan_get", json!({})).is_ok());

    invoke(
        &w,
        "backup_restore",
        json!({ "path": path, "secret": secret }),
    )
    .expect("restore");
    assert_error(invoke(&w, "safety_plan_get", json!({})), "Locked");
    invoke(
        &w,
        "vault_unlock_passphrase",
        json!({ "passphrase": "a long enough phrase" }),
    )
    .expect("unlock the restored vault");
}

#[test]
fn erase_everything_needs_the_exact_confirmation_and_returns_to_first_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    create_vault(&w);
    for wrong in ["delete", "yes", ""] {
        assert_error(
            invoke(
                &w,
                "erase_everything",
                json!({ "request": { "confirmation": wrong, "includeBackups": true } }),
            ),
            "InvalidInput",
        );
    }
    assert_error(
        invoke(
            &w,
            "erase_everything",
            json!({ "request": { "confirmation": "delete everything" } }),
        ),
        "InvalidInput",
    );
    assert!(dir.path().join("vault.db").exists(), "nothing was deleted");
    let report = invoke(
        &w,
        "erase_everything",
        json!({ "request": { "confirmation": "delete everything", "includeBackups": false } }),
    )
    .expect("erase");
    assert!(report["vaultFiles"].as_u64().unwrap_or(0) >= 2, "{report}");
    assert!(!dir.path().join("vault.db").exists());
    assert!(!dir.path().join("vault.keys").exists());
    let status = invoke(&w, "vault_status", json!({})).expect("status");
    assert_eq!(status["files"], json!("none"));
}

#[test]
fn import_history_commands_preview_apply_once_and_refuse_bad_input() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let csv = dir.path().join("daylio_export.csv");
    std::fs::write(
        &csv,
        "full_date,date,weekday,time,mood,activities,note_title,note\n\
         2024-05-02,2 May,Thursday,9:00 pm,Sleepy,\"\",\"\",\"PRIVATE-NOTE-1\"\n\
         2024-05-01,1 May,Wednesday,8:00 am,good,\"walk | work\",\"\",\"A walk.\"\n",
    )
    .expect("csv");
    let path = csv.display().to_string();
    assert_error(
        invoke(
            &w,
            "import_history_preview_daylio",
            json!({ "path": path, "mapping": null }),
        ),
        "Locked",
    );
    create_vault(&w);

    let preview = invoke(
        &w,
        "import_history_preview_daylio",
        json!({ "path": path, "mapping": null }),
    )
    .expect("preview");
    assert_eq!(preview["entries"], json!(1));
    assert_eq!(preview["from"], json!("2024-05-01"));
    assert_eq!(
        preview["unreadable"],
        json!([{ "row": 2, "file": null, "reason": "moodNotMapped" }])
    );
    assert_eq!(
        preview["moodWords"],
        json!([
            { "word": "good", "count": 1, "mappedTo": 8 },
            { "word": "Sleepy", "count": 1, "mappedTo": null },
        ])
    );
    let mapping = json!([{ "word": "Sleepy", "mood": 4 }, { "word": "good", "mood": 8 }]);
    let mapped = invoke(
        &w,
        "import_history_preview_daylio",
        json!({ "path": path, "mapping": mapping }),
    )
    .expect("preview");
    assert_eq!(mapped["entries"], json!(2));
    let page = invoke(&w, "journal_list", json!({ "query": {} })).expect("list");
    assert_eq!(page["items"], json!([]), "a preview writes nothing");

    let done = invoke(
        &w,
        "import_history_apply_daylio",
        json!({ "path": path, "mapping": mapping }),
    )
    .expect("apply");
    assert_eq!(
        done,
        json!({ "added": 2, "alreadyPresent": 0, "skipped": 0 })
    );
    let again = invoke(
        &w,
        "import_history_apply_daylio",
        json!({ "path": path, "mapping": mapping }),
    )
    .expect("apply");
    assert_eq!(again["added"], json!(0));
    let page = invoke(&w, "journal_list", json!({ "query": {} })).expect("list");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));

    // Bad input: a code, the patient's words never echoed, nothing more written.
    let err = assert_error(
        invoke(
            &w,
            "import_history_apply_daylio",
            json!({ "path": path, "mapping": [{ "word": "Sleepy", "mood": 11 }] }),
        ),
        "InvalidMood",
    );
    assert!(!err.to_string().contains("Sleepy"));
    assert_error(
        invoke(
            &w,
            "import_history_preview_daylio",
            json!({ "path": "relative.csv", "mapping": null }),
        ),
        "InvalidInput",
    );
    let notes = dir.path().join("notes.csv");
    std::fs::write(&notes, "PRIVATE-NOTE-2,and more\n").expect("write");
    let err = assert_error(
        invoke(
            &w,
            "import_history_apply_daylio",
            json!({ "path": notes.display().to_string(), "mapping": [] }),
        ),
        "NotADaylioExport",
    );
    assert!(!err.to_string().contains("PRIVATE-NOTE"));
    assert_error(
        invoke(
            &w,
            "import_history_preview_folder",
            json!({ "path": dir.path().join("gone").display().to_string(), "defaultMood": 5 }),
        ),
        "FileUnreadable",
    );
    assert_error(
        invoke(
            &w,
            "import_history_apply_folder",
            json!({ "path": dir.path().display().to_string(), "defaultMood": 11 }),
        ),
        "InvalidMood",
    );

    // A folder of notes: one entry per file.
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).expect("dir");
    std::fs::write(folder.join("2024-04-01.md"), "---\nmood: 6\n---\nSpring.").expect("md");
    std::fs::write(folder.join("2024-04-02.txt"), "Rain.").expect("txt");
    let folder = folder.display().to_string();
    let preview = invoke(
        &w,
        "import_history_preview_folder",
        json!({ "path": folder, "defaultMood": 3 }),
    )
    .expect("preview");
    assert_eq!(
        (&preview["entries"], &preview["withoutMood"]),
        (&json!(2), &json!(1))
    );
    let done = invoke(
        &w,
        "import_history_apply_folder",
        json!({ "path": folder, "defaultMood": 3 }),
    )
    .expect("apply");
    assert_eq!(done["added"], json!(2));
    let page = invoke(&w, "journal_list", json!({ "query": {} })).expect("list");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(4));
}

#[test]
fn export_and_import_commands_write_preview_and_merge_and_refuse_bad_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("dir");
    let json_path = out.join("export.json").display().to_string();
    assert_error(
        invoke(
            &w,
            "export_write",
            json!({ "path": json_path, "format": "json" }),
        ),
        "Locked",
    );
    create_vault(&w);
    let input = json!({
        "occurredAt": "2026-11-25T09:30:00+01:00", "mood": 4, "emotions": [], "customEmotions": [],
        "text": "# Tea with Sam\n<script>x</script>", "tags": [], "pinned": false, "draftKey": null,
        "events": [{ "personId": null, "personName": "Sam", "whatHappened": "we talked",
                     "whatIFelt": "", "whatIDid": "", "howItEnded": "", "important": false }]
    });
    invoke(&w, "journal_create", json!({ "input": input })).expect("entry");

    let bytes = invoke(
        &w,
        "export_write",
        json!({ "path": json_path, "format": "json" }),
    )
    .expect("export json");
    assert!(bytes.as_u64().expect("bytes") > 100);
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("read")).expect("json");
    assert_eq!(doc["format"], json!("ipt-companion-export"));
    assert_eq!(doc["journal"]["entries"][0]["text"], input["text"]);
    let md_path = out.join("journal.md").display().to_string();
    invoke(
        &w,
        "export_write",
        json!({ "path": md_path, "format": "markdown" }),
    )
    .expect("export markdown");
    let md = std::fs::read_to_string(&md_path).expect("md");
    assert!(md.contains("\\# Tea with Sam") && md.contains("not encrypted"));
    assert_error(
        invoke(
            &w,
            "export_write",
            json!({ "path": json_path, "format": "pdf" }),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(
            &w,
            "export_write",
            json!({ "path": "relative.json", "format": "json" }),
        ),
        "InvalidInput",
    );

    // The same vault already holds everything: the preview says nothing is new.
    let preview = invoke(&w, "import_preview", json!({ "path": json_path })).expect("preview");
    let entries = preview["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c["part"] == json!("entries"))
        .expect("entries")
        .clone();
    assert_eq!(entries, json!({ "part": "entries", "inFile": 1, "new": 0 }));
    let done = invoke(&w, "import_apply", json!({ "path": json_path })).expect("apply");
    assert_eq!(done, preview);
    let list = invoke(&w, "journal_list", json!({ "query": {} })).expect("list");
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(1),
        "no duplicate"
    );

    let foreign = out.join("notes.json");
    std::fs::write(&foreign, "{\"hello\": 1}").expect("write");
    assert_error(
        invoke(
            &w,
            "import_preview",
            json!({ "path": foreign.display().to_string() }),
        ),
        "NotAnExport",
    );
    let mut newer = doc.clone();
    newer["version"] = json!(99);
    std::fs::write(&foreign, newer.to_string()).expect("write");
    assert_error(
        invoke(
            &w,
            "import_apply",
            json!({ "path": foreign.display().to_string() }),
        ),
        "ExportTooNew",
    );
}

#[test]
fn circle_commands_save_dated_snapshots_compare_and_refuse_unknown_people() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(invoke(&w, "circle_snapshots", json!({})), "Locked");
    create_vault(&w);
    assert_eq!(
        invoke(&w, "circle_snapshots", json!({})).expect("none yet"),
        json!([])
    );
    for name in ["Sam", "Jo"] {
        let input = json!({
            "occurredAt": "2026-11-25T09:30:00+01:00", "mood": 5, "emotions": [], "customEmotions": [],
            "text": "", "tags": [], "pinned": false, "draftKey": null,
            "events": [{ "personId": null, "personName": name, "whatHappened": "", "whatIFelt": "",
                         "whatIDid": "", "howItEnded": "", "important": false }]
        });
        invoke(&w, "journal_create", json!({ "input": input })).expect("entry");
    }
    let people = invoke(&w, "people_list", json!({})).expect("people");
    let id = |name: &str| {
        people
            .as_array()
            .expect("list")
            .iter()
            .find(|p| p["displayName"] == json!(name))
            .expect("person")["id"]
            .clone()
    };
    let (sam, jo) = (id("Sam"), id("Jo"));

    let first = invoke(
        &w,
        "circle_save",
        json!({ "input": { "placements": [
            { "personId": sam, "ring": "furtherOut" }, { "personId": jo, "ring": "closest" }
        ] } }),
    )
    .expect("save");
    assert!(first["takenAt"].as_str().expect("date").ends_with('Z'));
    invoke(
        &w,
        "circle_save",
        json!({ "input": { "placements": [{ "personId": sam, "ring": "close" }] } }),
    )
    .expect("save again");
    let all = invoke(&w, "circle_snapshots", json!({})).expect("list");
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    assert_eq!(all[0], first, "oldest first, unchanged by the later save");

    let cmp = invoke(&w, "circle_compare", json!({})).expect("compare");
    assert_eq!(cmp["first"]["id"], first["id"]);
    assert_eq!(
        cmp["changes"]["movedIn"],
        json!([{ "personId": sam, "from": "furtherOut", "to": "close" }])
    );
    assert_eq!(
        cmp["changes"]["left"],
        json!([{ "personId": jo, "ring": "closest" }])
    );

    // An unknown person, someone twice, a ring that is not one of the three: refused, nothing kept.
    for (bad, code) in [
        (json!([{ "personId": 4242, "ring": "close" }]), "NotFound"),
        (
            json!([{ "personId": sam, "ring": "close" }, { "personId": sam, "ring": "closest" }]),
            "InvalidInput",
        ),
        (
            json!([{ "personId": sam, "ring": "outer" }]),
            "InvalidInput",
        ),
    ] {
        assert_error(
            invoke(&w, "circle_save", json!({ "input": { "placements": bad } })),
            code,
        );
    }
    assert_eq!(
        invoke(&w, "circle_snapshots", json!({}))
            .expect("list")
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn people_commands_keep_the_inventory_archive_merge_and_delete() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(invoke(&w, "people_list_all", json!({})), "Locked");
    create_vault(&w);
    let blank = json!({ "displayName": "Sam" });
    let sam = invoke(
        &w,
        "people_save_inventory",
        json!({ "id": null, "inventory": { "displayName": "Sam", "relationship": "sibling",
                "good": "<b>walks</b>", "expectationsFit": "notSure" } }),
    )
    .expect("add");
    assert_eq!(sam["inventory"]["good"], json!("<b>walks</b>"));
    assert_eq!(sam["inventory"]["expectationsFit"], json!("notSure"));
    assert_eq!(sam["inventory"]["hard"], json!(""), "unanswered is empty");
    let sam_id = sam["id"].clone();
    let other = invoke(
        &w,
        "people_save_inventory",
        json!({ "id": null, "inventory": blank }),
    )
    .expect("a second Sam");
    let other_id = other["id"].clone();
    assert_eq!(
        invoke(&w, "people_get", json!({ "id": sam_id })).expect("get")["inventory"]["relationship"],
        json!("sibling")
    );
    // Bad input: a clear code, nothing changed.
    assert_error(
        invoke(
            &w,
            "people_save_inventory",
            json!({ "id": sam_id, "inventory": { "displayName": "   " } }),
        ),
        "NameMissing",
    );
    assert_error(
        invoke(
            &w,
            "people_save_inventory",
            json!({ "id": sam_id, "inventory": { "displayName": "Sam", "relationship": "cousin" } }),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(
            &w,
            "people_merge",
            json!({ "from": sam_id, "into": sam_id }),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(
            &w,
            "people_delete",
            json!({ "id": sam_id, "linked": { "kind": "moveTo", "personId": 4242 } }),
        ),
        "NotFound",
    );
    assert_error(
        invoke(&w, "people_delete", json!({ "id": sam_id })),
        "InvalidInput",
    );
    // Archive: gone from the pickers, flagged in the full list.
    invoke(
        &w,
        "people_archive",
        json!({ "id": other_id, "archived": true }),
    )
    .expect("archive");
    assert_eq!(
        invoke(&w, "people_list", json!({})).expect("pickers"),
        json!([{ "id": sam_id, "displayName": "Sam", "relationship": "sibling" }])
    );
    let all = invoke(&w, "people_list_all", json!({})).expect("all");
    assert_eq!(all[1]["archived"], json!(true));
    // Merge the archived Sam into the first; then delete keeping words.
    let merged = invoke(
        &w,
        "people_merge",
        json!({ "from": other_id, "into": sam_id }),
    )
    .expect("merge");
    assert_eq!(merged["id"], sam_id);
    assert_error(
        invoke(&w, "people_get", json!({ "id": other_id })),
        "NotFound",
    );
    invoke(
        &w,
        "people_delete",
        json!({ "id": sam_id, "linked": { "kind": "keepUnlinked" } }),
    )
    .expect("delete");
    assert_eq!(
        invoke(&w, "people_list_all", json!({})).expect("all"),
        json!([])
    );
}

#[test]
fn summary_commands_offer_the_period_and_write_only_a_chosen_page() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(
        invoke(
            &w,
            "summary_default_period",
            json!({ "today": "2026-11-27" }),
        ),
        "Locked",
    );
    create_vault(&w);
    assert_eq!(
        invoke(
            &w,
            "summary_default_period",
            json!({ "today": "2026-11-27" })
        )
        .expect("period"),
        json!({ "from": "2026-11-21", "to": "2026-11-27" }),
        "no course: the last seven days"
    );
    invoke(
        &w,
        "journal_create",
        json!({ "input": { "occurredAt": "2026-11-25T18:45:00+00:00", "mood": 6, "emotions": [],
                "customEmotions": [], "text": "Dinner.", "tags": [],
                "events": [{ "personName": "Sam", "whatHappened": "We <b>cooked</b>", "whatIFelt": "",
                             "whatIDid": "", "howItEnded": "", "important": false }],
                "pinned": false } }),
    )
    .expect("entry");
    let period = json!({ "from": "2026-11-21", "to": "2026-11-27" });
    let draft = invoke(
        &w,
        "summary_draft",
        json!({ "today": "2026-11-27", "period": period }),
    )
    .expect("draft");
    assert_eq!(
        draft["events"][0]["whatHappened"],
        json!("We <b>cooked</b>")
    );
    let key = draft["events"][0]["key"].clone();
    let pdf = dir.path().join("summary.pdf");
    let path = pdf.to_string_lossy().into_owned();
    assert_error(
        invoke(
            &w,
            "summary_save_pdf",
            json!({ "today": "2026-11-27", "period": period, "choice": { "events": ["event:999:0"] }, "path": path }),
        ),
        "InvalidInput",
    );
    assert_error(
        invoke(
            &w,
            "summary_draft",
            json!({ "today": "2026-11-27", "period": { "from": "2026-11-28", "to": "2026-11-27" } }),
        ),
        "InvalidDate",
    );
    assert!(!pdf.exists(), "nothing written for a refused choice");
    let bytes = invoke(
        &w,
        "summary_save_pdf",
        json!({ "today": "2026-11-27", "period": period, "choice": { "events": [key] }, "path": path }),
    )
    .expect("pdf");
    let written = std::fs::read(&pdf).expect("the pdf");
    assert!(written.starts_with(b"%PDF"));
    assert_eq!(bytes, json!(written.len()));
}

#[test]
fn a_persons_page_the_printable_inventory_and_the_review_invitation() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    assert_error(invoke(&w, "people_page", json!({ "id": 1 })), "Locked");
    assert_error(invoke(&w, "people_inventory_sheet", json!({})), "Locked");
    create_vault(&w);
    let sam = invoke(
        &w,
        "people_save_inventory",
        json!({ "id": null, "inventory": { "displayName": "Sam", "hard": "<script>x()</script>" } }),
    )
    .expect("add")["id"]
        .clone();
    invoke(
        &w,
        "journal_create",
        json!({ "input": { "occurredAt": "2026-11-20T18:45:00+01:00", "mood": 6, "emotions": [],
                "customEmotions": [], "text": "Dinner.", "tags": [],
                "events": [{ "personId": sam, "whatHappened": "We cooked", "whatIFelt": "",
                             "whatIDid": "", "howItEnded": "", "important": false }],
                "pinned": false } }),
    )
    .expect("entry");
    let page = invoke(&w, "people_page", json!({ "id": sam })).expect("page");
    assert_eq!(
        page["person"]["inventory"]["hard"],
        json!("<script>x()</script>")
    );
    assert_eq!(page["events"][0]["whatHappened"], json!("We cooked"));
    assert_eq!(
        page["contactMood"],
        json!({ "withContact": { "days": 1, "average": null },
                "withoutContact": { "days": 0, "average": null }, "minDays": 5 })
    );
    assert_error(invoke(&w, "people_page", json!({ "id": 4242 })), "NotFound");
    let sheet = invoke(&w, "people_inventory_sheet", json!({})).expect("sheet");
    assert_eq!(sheet["people"][0]["inventory"]["displayName"], json!("Sam"));
    assert_eq!(sheet["circle"], json!(null));
    // No course set up: no invitation; a course in its first weeks with one person: invited.
    assert_eq!(
        invoke(
            &w,
            "people_review_invitation",
            json!({ "today": "2026-11-10" })
        )
        .expect("invite"),
        json!(false)
    );
    invoke(
        &w,
        "course_save",
        json!({ "input": { "startDate": "2026-11-03", "plannedSessions": 12, "weekday": 1,
                "sessionTime": "17:30", "format": "individual", "otherCare": "", "therapistName": "" } }),
    )
    .expect("course");
    assert_eq!(
        invoke(
            &w,
            "people_review_invitation",
            json!({ "today": "2026-11-10" })
        )
        .expect("invite"),
        json!(true)
    );
    assert_error(
        invoke(&w, "people_review_not_now", json!({ "today": "soon" })),
        "InvalidDate",
    );
    invoke(
        &w,
        "people_review_not_now",
        json!({ "today": "2026-11-10" }),
    )
    .expect("not now");
    assert_eq!(
        invoke(
            &w,
            "people_review_invitation",
            json!({ "today": "2026-11-12" })
        )
        .expect("invite"),
        json!(false)
    );
}

#[test]
fn checkins_export_fhir_saves_the_period_as_a_bundle_and_answers_with_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let path = dir.path().join("record.json");
    let today = chrono::Local::now().date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    // A day either side, so a check-in saved just before midnight is still inside.
    let (from, to) = (
        day(today - chrono::Days::new(1)),
        day(today + chrono::Days::new(1)),
    );
    let args = |from: &str, to: &str, path: &str| json!({ "from": from, "to": to, "path": path });
    let p = path.display().to_string();
    assert_error(
        invoke(&w, "checkins_export_fhir", args(&from, &to, &p)),
        "Locked",
    );
    create_vault(&w);
    assert_error(
        invoke(&w, "checkins_export_fhir", args(&from, &to, &p)),
        "NothingToExport",
    );
    invoke(
        &w,
        "checkins_save",
        json!({ "input": { "kind": "phq9", "answers": [1, 0, null, 2, 0, 0, 1, 0, 0], "difficulty": 1 } }),
    )
    .expect("save");
    invoke(
        &w,
        "checkins_save",
        json!({ "input": { "kind": "gad7", "answers": [1, 1, 1, 1, 1, 1, 1], "difficulty": null } }),
    )
    .expect("save");
    let done = invoke(&w, "checkins_export_fhir", args(&from, &to, &p)).expect("export");
    assert_eq!(done["checkIns"], json!(2));
    assert_eq!(
        done["bytes"].as_u64(),
        std::fs::metadata(&path).ok().map(|m| m.len())
    );
    let bundle: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("file")).expect("json");
    assert_eq!(bundle["resourceType"], json!("Bundle"));
    assert_eq!(bundle["type"], json!("collection"));
    let questionnaires: Vec<&Value> = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"]["questionnaire"])
        .collect();
    assert_eq!(
        questionnaires,
        [
            &json!("http://loinc.org/q/44249-1"),
            &json!("http://loinc.org/q/69737-5")
        ]
    );
    // The unanswered sleep item is not in the response.
    let links: Vec<&Value> = bundle["entry"][0]["resource"]["item"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| &i["linkId"])
        .collect();
    assert!(!links.contains(&&json!("44259-0")), "{links:?}");
    assert_eq!(links.len(), 9, "8 answered and the total");

    std::fs::remove_file(&path).expect("rm");
    for (from, to) in [(to.as_str(), from.as_str()), ("2026-02-30", to.as_str())] {
        assert_error(
            invoke(&w, "checkins_export_fhir", args(from, to, &p)),
            "InvalidDate",
        );
    }
    assert_error(
        invoke(
            &w,
            "checkins_export_fhir",
            args("1999-01-01", "1999-12-31", &p),
        ),
        "NothingToExport",
    );
    assert_error(
        invoke(
            &w,
            "checkins_export_fhir",
            args(&from, &to, "relative.json"),
        ),
        "InvalidInput",
    );
    assert!(!path.exists(), "nothing written");
}

#[test]
fn printable_pages_save_a_pdf_only_while_unlocked_and_only_to_a_full_path() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let (_app, w) = app_with(service(dir.path()));
    let file = |name: &str| out.path().join(name).to_str().expect("utf-8").to_owned();
    // Each page's command with its arguments, writing to `path`.
    let pages = |path: &str| {
        [
            (
                "agenda_save_pdf",
                json!({ "today": "2026-11-20", "path": path }),
            ),
            (
                "safety_plan_save_pdf",
                json!({ "country": "US", "path": path }),
            ),
            ("ending_plan_save_pdf", json!({ "path": path })),
            (
                "people_inventory_save_pdf",
                json!({ "today": "2026-11-20", "path": path }),
            ),
        ]
    };
    create_vault(&w);
    invoke(&w, "vault_lock", json!({})).expect("lock");
    for (cmd, body) in pages(&file("locked.pdf")) {
        assert_error(invoke(&w, cmd, body), "Locked");
    }
    assert!(!out.path().join("locked.pdf").exists());
    invoke(
        &w,
        "vault_unlock_passphrase",
        json!({ "passphrase": "a long enough phrase" }),
    )
    .expect("unlock");
    invoke(
        &w,
        "agenda_add_question",
        json!({ "text": "What do I say to <b>Sam</b>?" }),
    )
    .expect("question");

    for (i, (cmd, _)) in pages("").iter().enumerate() {
        let path = file(&format!("page-{i}.pdf"));
        let (_, body) = pages(&path)[i].clone();
        let size = invoke(&w, cmd, body).unwrap_or_else(|e| panic!("{cmd}: {e}"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{cmd}: {e}"));
        assert!(bytes.starts_with(b"%PDF"), "{cmd} wrote a PDF");
        assert_eq!(size, json!(bytes.len()), "{cmd} answers the size");
        for bad in ["relative.pdf", "", out.path().to_str().expect("utf-8")] {
            let (_, body) = pages(bad)[i].clone();
            assert_error(invoke(&w, cmd, body), "InvalidInput");
        }
    }
    assert!(!std::path::Path::new("relative.pdf").exists());
    assert_error(
        invoke(
            &w,
            "safety_plan_save_pdf",
            json!({ "country": "ZZ", "path": file("zz.pdf") }),
        ),
        "InvalidInput",
    );
    assert!(!out.path().join("zz.pdf").exists());
}
