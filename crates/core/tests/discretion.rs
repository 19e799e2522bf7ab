//! The neutral-name choice lives beside the vault (known before unlocking), holds nothing
//! private, and an unreadable file is read as the default without being rewritten.

mod common;

use common::*;
use ipt_core::domain::discretion::{APP_NAME, DiscretionSettings, NEUTRAL_NAME};
use ipt_core::service::discretion;

#[tokio::test]
async fn the_choice_is_kept_outside_the_vault_and_read_while_locked() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    assert_eq!(discretion::get(&svc).display_name(), APP_NAME);

    // Before any vault exists, and while locked.
    discretion::set(&svc, DiscretionSettings { neutral_name: true }).expect("saved");
    assert_eq!(discretion::get(&svc).display_name(), NEUTRAL_NAME);
    svc.create(create_req(false)).await.expect("create");
    svc.lock().await;
    assert!(discretion::get(&svc).neutral_name);

    let file = std::fs::read_to_string(&svc.paths().preferences).expect("file");
    assert_eq!(file.trim(), "{\n  \"neutralName\": true\n}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&svc.paths().preferences)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn an_unreadable_preferences_file_means_the_default_and_is_left_alone() {
    let dir = tempfile::tempdir().expect("tmp");
    let (svc, _) = memory_service(dir.path());
    std::fs::write(&svc.paths().preferences, b"{ garbage").expect("write");
    assert_eq!(discretion::get(&svc), DiscretionSettings::default());
    assert_eq!(
        read(&svc.paths().preferences),
        b"{ garbage",
        "not rewritten just because it could not be read"
    );
}
