//! The language choice: one list of languages for both sides (the Rust enum and the window's
//! message catalogs agree), kept in preferences.json beside the vault with the other choices.

mod common;

use common::*;
use ipt_core::domain::language::Language;
use ipt_core::service::{crisis_lines, language};

fn ui(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui")
        .join(path)
}

#[test]
fn the_window_has_a_message_catalog_for_every_language_and_no_other() {
    let settings: serde_json::Value = serde_json::from_slice(
        &std::fs::read(ui("project.inlang/settings.json")).expect("inlang settings"),
    )
    .expect("json");
    let locales: Vec<&str> = settings["locales"]
        .as_array()
        .expect("locales")
        .iter()
        .map(|v| v.as_str().expect("code"))
        .collect();
    let ours: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(locales, ours);
    assert_eq!(settings["baseLocale"], Language::default().code());
    for code in ours {
        let catalog: serde_json::Value = serde_json::from_slice(
            &std::fs::read(ui(&format!("messages/{code}.json"))).expect("catalog"),
        )
        .expect("json");
        assert!(
            catalog.as_object().is_some_and(|o| o.len() > 1_000),
            "{code}"
        );
    }
}

#[tokio::test]
async fn the_choice_is_kept_beside_the_vault_with_the_others_and_works_while_locked() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    assert_eq!(language::get(&svc).language, None, "none until chosen");
    assert_eq!(language::current(&svc), Language::En);

    crisis_lines::set(&svc, Some("MX".into())).expect("country");
    language::set(&svc, Language::Es).expect("set");
    assert_eq!(language::get(&svc).language, Some(Language::Es));
    assert_eq!(language::current(&svc), Language::Es);
    let file: serde_json::Value =
        serde_json::from_slice(&read(&dir.path().join("preferences.json"))).expect("json");
    assert_eq!(file["language"], "es");
    assert_eq!(file["crisisCountry"], "MX", "the other choice is kept");

    // An unreadable file reads as no choice and is moved aside, never overwritten.
    std::fs::write(dir.path().join("preferences.json"), b"{ not json").expect("damage");
    assert_eq!(language::get(&svc).language, None);
    language::set(&svc, Language::En).expect("set");
    let aside = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("preferences.json.unreadable-")
        })
        .count();
    assert_eq!(aside, 1);
}
