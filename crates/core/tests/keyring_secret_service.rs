//! The keyring slot against a real Secret Service. `make test` runs the Rust tests inside
//! `dbus-run-session` with an unlocked `gnome-keyring-daemon` (scripts/with-keyring.sh); outside
//! such a session this test fails rather than pretending.

mod common;

use std::sync::Arc;

use common::*;
use ipt_core::ErrorCode;
use ipt_core::keys::keyring_store::{OsKeyring, SecretStore};
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::storage::VaultPaths;

#[tokio::test]
async fn keyring_slot_works_with_a_real_secret_service() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "needs a D-Bus session with a Secret Service: run through scripts/with-keyring.sh (make test does)"
    );
    let store = Arc::new(OsKeyring::new());
    let probe = store.probe();
    assert!(
        probe.is_ok(),
        "Secret Service not usable: {:?}",
        probe.err()
    );

    let dir = tempfile::tempdir().expect("tmp");
    let svc = service(dir.path(), store.clone());
    assert!(svc.probe_keyring().await.available);
    let created = svc
        .create(create_req(true))
        .await
        .expect("create with keyring");
    assert!(created.keyring_slot);
    svc.lock().await;

    // The wrapping key really is in the Secret Service, and only there.
    let slots = KeySlotFile::load(&VaultPaths::new(dir.path()).keys).expect("slots");
    let secret = store
        .get(&slots.keyring_account())
        .expect("entry exists in the keyring");
    assert_eq!(secret.len(), 32);
    let keys_file = std::fs::read(VaultPaths::new(dir.path()).keys).expect("keys");
    assert!(
        !contains(&keys_file, &secret),
        "wrapping key never written to disk"
    );

    svc.unlock_with_keyring()
        .await
        .expect("unlock with the real keyring");
    assert!(svc.status().await.expect("status").unlocked);
    svc.lock().await;

    // Entry removed behind the app's back: its own code, and the passphrase still works.
    store.delete(&slots.keyring_account()).expect("delete");
    let r = svc.unlock_with_keyring().await;
    assert_eq!(
        r.err().map(|e| e.code()),
        Some(ErrorCode::KeyringEntryMissing)
    );
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("passphrase");
}

#[tokio::test]
async fn delete_everything_removes_the_real_keyring_entry() {
    use ipt_core::service::erase::{self, ERASE_CONFIRMATION, EraseRequest};
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "needs a D-Bus session with a Secret Service: run through scripts/with-keyring.sh (make test does)"
    );
    let store = Arc::new(OsKeyring::new());
    let dir = tempfile::tempdir().expect("tmp");
    let svc = service(dir.path(), store.clone());
    svc.create(create_req(true))
        .await
        .expect("create with keyring");
    let account = KeySlotFile::load(&VaultPaths::new(dir.path()).keys)
        .expect("slots")
        .keyring_account();
    assert!(store.get(&account).is_ok(), "the entry is in the keyring");
    erase::erase(
        &svc,
        EraseRequest {
            confirmation: ERASE_CONFIRMATION.into(),
            include_backups: true,
        },
    )
    .await
    .expect("erase");
    assert_eq!(
        store.get(&account).err().map(|e| e.code()),
        Some(ErrorCode::KeyringEntryMissing),
        "the real Secret Service no longer holds it"
    );
}
