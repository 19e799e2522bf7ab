#![allow(dead_code)]
use std::path::Path;
use std::sync::Arc;

use ipt_core::domain::course::{CourseFormat, CourseInput};
use ipt_core::keys::kdf::KdfParams;
use ipt_core::keys::keyring_store::{MemoryStore, SecretStore};
use ipt_core::service::vault::{CreateVaultRequest, KdfPolicy, VaultService};

pub const PASS: &str = "tea at the harbour";

/// Real Argon2id at the 64 MiB / 3-pass floor, without the calibration pass.
pub const TEST_KDF: KdfPolicy = KdfPolicy::Fixed(KdfParams::PASSPHRASE_FLOOR);

pub fn service(dir: &Path, store: Arc<dyn SecretStore>) -> VaultService {
    VaultService::new(dir, store, TEST_KDF).expect("service")
}

pub fn memory_service(dir: &Path) -> (VaultService, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    (service(dir, store.clone()), store)
}

pub fn create_req(use_keyring: bool) -> CreateVaultRequest {
    CreateVaultRequest {
        passphrase: PASS.to_owned(),
        use_keyring,
    }
}

pub fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_default()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A 12-session individual course on Tuesdays at 17:30 from 2026-11-03 (session 4 is planned for
/// 2026-11-24, session 5 for 2026-12-01).
pub fn tuesday_course() -> CourseInput {
    CourseInput {
        start_date: "2026-11-03".into(),
        planned_sessions: 12,
        weekday: 1,
        session_time: "17:30".into(),
        format: CourseFormat::Individual,
        other_care: String::new(),
        therapist_name: String::new(),
        initial_last: None,
        termination_first: None,
    }
}

/// Every row of every ordinary table (the virtual tables' shadow tables included; the virtual
/// tables themselves are views of those), as text, table by table: two vaults with the same dump
/// hold the same data.
pub async fn dump(svc: &VaultService) -> Vec<(String, Vec<String>)> {
    let pool = svc.pool().await.expect("unlocked");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&t)
            .fetch_all(&pool)
            .await
            .expect("columns");
        let expr = cols
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {expr} FROM \"{t}\" ORDER BY 1"
        )))
        .fetch_all(&pool)
        .await
        .expect("rows");
        out.push((t, rows));
    }
    out
}

/// Whether this is the long run of `make proof` (`IPT_PROOF=long`) rather than the fast part
/// that runs in CI.
pub fn proof_long() -> bool {
    std::env::var("IPT_PROOF").is_ok_and(|v| v == "long")
}

/// How many cases or steps a proof test runs: `fast` in CI, `long` under `make proof`.
pub fn proof_size(fast: usize, long: usize) -> usize {
    if proof_long() { long } else { fast }
}

/// One row of `make proof`'s table (test | cases or steps | faults injected | lost | leaked |
/// result), printed for `scripts/proof-table.sh` to collect. Call it once the test's own
/// assertions have passed; a failed test prints no row and the table says it is missing.
pub fn proof_row(test: &str, cases: usize, faults: usize, lost: usize, leaked: usize) {
    let result = if lost == 0 && leaked == 0 { "ok" } else { "FAILED" };
    eprintln!("PROOF\t{test}\t{cases}\t{faults}\t{lost}\t{leaked}\t{result}");
}
