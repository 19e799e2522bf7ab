//! A command is named in five places: its definition (`src/commands/<feature>.rs`), the handler
//! list (`src/lib.rs`), the permission list (`build.rs`), the capability file and the UI's typed
//! client (`ui/src/lib/ipc/index.ts`). A command missing from one of them either cannot be called
//! or is called in vain; this test fails, naming it, when the five disagree.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `snake_case` words quoted (or listed) between `start` and the next `end` in `text`.
fn names_between(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no {end:?}"));
    text[from..to]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.contains('_') && w.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .map(str::to_owned)
        .collect()
}

fn defined() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("commands folder") {
        let src = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for part in src.split("#[tauri::command]").skip(1) {
            let name = part
                .split("fn ")
                .nth(1)
                .and_then(|r| r.split(['(', '<']).next())
                .expect("a command's name")
                .trim();
            out.insert(name.to_owned());
        }
    }
    out
}

fn capability() -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&read("capabilities/default.json")).expect("capability json");
    json["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

/// Commands the typed client calls: `call<…>('name'`.
fn ui_client() -> BTreeSet<String> {
    let src = read("../ui/src/lib/ipc/index.ts");
    src.split("call<")
        .skip(1)
        .filter_map(|rest| rest.split('\'').nth(1))
        .filter(|name| !name.contains(':'))
        .map(str::to_owned)
        .collect()
}

fn diff(a_name: &str, a: &BTreeSet<String>, b_name: &str, b: &BTreeSet<String>) -> String {
    let only_a: Vec<_> = a.difference(b).collect();
    let only_b: Vec<_> = b.difference(a).collect();
    format!("only in {a_name}: {only_a:?}; only in {b_name}: {only_b:?}")
}

#[test]
fn the_five_lists_of_commands_agree() {
    let defined = defined();
    assert!(defined.len() > 60, "found {} commands", defined.len());
    let handler = names_between(&read("src/lib.rs"), "generate_handler![", "]");
    let permissions = names_between(&read("build.rs"), "const COMMANDS", "];");
    let capability = capability();
    let client = ui_client();
    for (name, list) in [
        ("the handler list (src/lib.rs)", &handler),
        ("build.rs", &permissions),
        ("the capability file", &capability),
        ("the UI client (ui/src/lib/ipc/index.ts)", &client),
    ] {
        assert_eq!(
            &defined,
            list,
            "{}",
            diff("the command modules", &defined, name, list)
        );
    }
}
