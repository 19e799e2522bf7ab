//! `preferences.json` holds the choices needed before unlocking (the neutral name, the crisis-line
//! country). Each feature writes only its own keys; a file that cannot be read is moved aside,
//! never overwritten; an unknown country is refused and nothing is written.

mod common;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::appearance::{AppearanceSettings, MotionChoice, Theme};
use ipt_core::domain::discretion::DiscretionSettings;
use ipt_core::service::{appearance, crisis_lines, discretion};

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

#[tokio::test]
async fn appearance_is_kept_beside_the_other_choices_and_a_bad_size_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    assert_eq!(appearance::get(&svc), AppearanceSettings::default());

    discretion::set(&svc, DiscretionSettings { neutral_name: true }).expect("neutral");
    crisis_lines::set(&svc, Some("MX".into())).expect("country");
    let chosen = AppearanceSettings {
        theme: Theme::Dark,
        text_size: 200,
        reduce_motion: MotionChoice::Reduce,
    };
    assert_eq!(appearance::set(&svc, chosen).expect("set"), chosen);
    assert_eq!(
        appearance::get(&svc),
        chosen,
        "read back before a vault exists"
    );
    assert!(discretion::get(&svc).neutral_name, "the name is kept");
    assert_eq!(
        crisis_lines::get(&svc).crisis_country.as_deref(),
        Some("MX"),
        "the country is kept"
    );

    let before = read(&svc.paths().preferences);
    for bad in [0, 99, 110, 201, 300, u16::MAX] {
        let e = appearance::set(
            &svc,
            AppearanceSettings {
                text_size: bad,
                ..chosen
            },
        )
        .expect_err("refused");
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}");
    }
    assert_eq!(read(&svc.paths().preferences), before, "nothing written");

    // Needed before unlocking: readable with a vault that is locked.
    svc.create(create_req(false)).await.expect("create");
    svc.lock().await;
    assert_eq!(appearance::get(&svc), chosen);

    // A size the app no longer offers (a hand-edited or older file) reads as the normal size.
    std::fs::write(
        &svc.paths().preferences,
        br#"{"theme":"light","textSize":130,"neutralName":true}"#,
    )
    .expect("write");
    let got = appearance::get(&svc);
    assert_eq!(got.theme, Theme::Light);
    assert_eq!(got.text_size, 100);
    assert!(discretion::get(&svc).neutral_name);
}
