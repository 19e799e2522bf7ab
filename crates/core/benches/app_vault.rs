//! `make bench-app`, its fixture: a passphrase vault in a data folder, exactly as the app makes
//! one (the KDF calibrated on this machine, no keyring slot), filled with synthetic journal
//! entries (the journal benchmark's), then locked. Prints one JSON line (entries written, the
//! key derivation's time then). With `--time-kdf`, prints the key derivation's own time for that
//! vault now (median of 5, in ms), which the unlock time is held to.
//!
//! `cargo bench -p ipt-core --bench app_vault -- <data folder> <entries> <passphrase>`
//! `cargo bench -p ipt-core --bench app_vault -- --time-kdf <data folder> <passphrase>`

use std::sync::Arc;
use std::time::{Duration, Instant};

use ipt_core::keys::keyring_store::MemoryStore;
use ipt_core::keys::slots::KeySlotFile;
use ipt_core::service::vault::{CreateVaultRequest, KdfPolicy, VaultService};

mod synthetic;
use synthetic::{fill, vocabulary};

// A benchmark reports on stdout.
#[allow(clippy::print_stdout)]
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` adds `--bench`; the rest are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, dir, passphrase] = args.as_slice()
        && flag == "--time-kdf"
    {
        let keys = ipt_core::storage::VaultPaths::new(dir).keys;
        println!("{:.1}", kdf_ms(&keys, passphrase));
        return;
    }
    let [dir, entries, passphrase] = args.as_slice() else {
        eprintln!("usage: app_vault <data folder> <entries> <passphrase>");
        std::process::exit(2);
    };
    let entries: u32 = entries.parse().expect("entries: a number");
    let svc = VaultService::new(dir, Arc::new(MemoryStore::new()), KdfPolicy::Calibrate)
        .expect("data folder");
    svc.create(CreateVaultRequest {
        passphrase: passphrase.clone(),
        use_keyring: false,
    })
    .await
    .expect("create the vault");
    svc.confirm_recovery_saved().await.expect("recovery saved");

    // As the app leaves it: no `PRAGMA optimize`/`ANALYZE` (the app runs neither).
    let pool = svc.write_pool().await.expect("unlocked");
    fill(&pool, &vocabulary(), entries).await;
    drop(pool);
    svc.lock().await;

    println!(
        "{{\"entries\":{entries},\"kdfMs\":{:.1}}}",
        kdf_ms(&svc.paths().keys, passphrase)
    );
}

/// The key derivation alone, as unlocking runs it on the passphrase slot of this key file: the
/// median of 5, in milliseconds.
fn kdf_ms(keys: &std::path::Path, passphrase: &str) -> f64 {
    let slots = KeySlotFile::load(keys).expect("key file");
    let mut took: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let key = slots
                .unlock_passphrase(passphrase)
                .expect("the passphrase opens it");
            let took = t.elapsed();
            drop(key);
            took
        })
        .collect();
    took.sort();
    took[2].as_secs_f64() * 1000.0
}
