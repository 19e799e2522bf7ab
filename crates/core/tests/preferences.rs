//! `preferences.json` holds the choices needed before unlocking (the neutral name, the crisis-line
//! country). Each feature writes only its own keys; a file that cannot be read is moved aside,
//! never overwritten; an unknown country is refused and nothing is written.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::discretion::DiscretionSettings;
use ipt_core::service::{crisis_lines, discretion};

#[tokio::test]
async fn each_choice_keeps_the_other_and_both_read_while_locked() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    assert_eq!(crisis_lines::get(&svc).crisis_country, None);

    discretion::set(&svc, DiscretionSettings { neutral_name: true }).expect("neutral");
    crisis_lines::set(&svc, Some("mx".into())).expect("country");
    assert!(
        discretion::get(&svc).neutral_name,
        "the country kept the name"
    );
    discretion::set(
        &svc,
        DiscretionSettings {
            neutral_name: false,
        },
    )
    .expect("name");
    assert_eq!(
        crisis_lines::get(&svc).crisis_country.as_deref(),
        Some("MX"),
        "the name kept the country"
    );

    svc.create(create_req(false)).await.expect("create");
    svc.lock().await;
    assert_eq!(
        crisis_lines::get(&svc).crisis_country.as_deref(),
        Some("MX")
    );
    crisis_lines::set(&svc, None).expect("back to guessing");
    assert_eq!(crisis_lines::get(&svc).crisis_country, None);
    assert!(!discretion::get(&svc).neutral_name);
}

#[tokio::test]
async fn an_unknown_country_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    crisis_lines::set(&svc, Some("GB".into())).expect("country");
    let before = read(&svc.paths().preferences);
    for bad in ["UK", "XX", "", "<script>"] {
        let e = crisis_lines::set(&svc, Some(bad.into())).expect_err(bad);
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}");
    }
    assert_eq!(read(&svc.paths().preferences), before);
}

#[tokio::test]
async fn a_code_the_app_no_longer_knows_reads_as_no_choice() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    std::fs::write(
        &svc.paths().preferences,
        br#"{"neutralName": true, "crisisCountry": "ZZ"}"#,
    )
    .expect("write");
    assert_eq!(crisis_lines::get(&svc).crisis_country, None);
    assert!(discretion::get(&svc).neutral_name);
}

#[tokio::test]
async fn an_unreadable_file_is_moved_aside_before_a_new_choice_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    std::fs::write(&svc.paths().preferences, b"{ garbage").expect("write");
    crisis_lines::set(&svc, Some("IE".into())).expect("country");
    assert_eq!(
        crisis_lines::get(&svc).crisis_country.as_deref(),
        Some("IE")
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("preferences.json.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(read(&dir.path().join(&aside[0])), b"{ garbage");
}
