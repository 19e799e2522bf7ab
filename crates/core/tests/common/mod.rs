#![allow(dead_code)]
// The proof table's sizes and rows; shared with the command tests (src-tauri/tests) by path.
#[path = "proof.rs"]
mod proof;
#[allow(unused_imports)]
pub use proof::*;
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

/// Argon2id at its smallest (1 MiB, one pass), for tests that unlock or change the passphrase
/// many times: the vault behaves the same, only guessing the passphrase is cheaper.
pub const FAST_KDF: KdfPolicy = KdfPolicy::Fixed(KdfParams {
    memory_kib: 1024,
    passes: 1,
    lanes: 1,
});

/// [`memory_service`] with [`FAST_KDF`].
pub fn fast_memory_service(dir: &Path) -> (VaultService, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let svc = VaultService::new(dir, store.clone(), FAST_KDF).expect("service");
    (svc, store)
}

/// A small tmpfs of `bytes` at a new folder, unmounted when dropped. Needs the right to mount
/// (root on the development and CI machines); without it the test fails, it does not skip.
pub struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    pub fn new(bytes: u64) -> SmallDisk {
        let dir = tempfile::tempdir().expect("tmp");
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
            .arg("tmpfs")
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "mounting a small tmpfs for the full-disk test failed (needs root)"
        );
        SmallDisk { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn fill_leaving(&self, free: u64) {
        let stat = nix_free(self.path());
        let fill = stat.saturating_sub(free);
        std::fs::write(self.path().join("filler"), vec![0u8; fill as usize]).expect("fill");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

/// Free bytes on the file system holding `p` (from `df`, to stay without a libc binding).
pub fn nix_free(p: &Path) -> u64 {
    let out = std::process::Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(p)
        .output()
        .expect("df");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df output")
}

/// One `#[ignore]`d test of this same test binary, run as a child process (the crash tests'
/// writer, which the parent SIGKILLs), with the lines it prints arriving on `lines`.
pub struct ChildTest {
    pub child: std::process::Child,
    pub lines: std::sync::mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<()>,
}

impl ChildTest {
    /// Starts `test` (exactly that test, ignored ones included) with `envs` added.
    pub fn spawn<I, K, V>(test: &str, envs: I) -> ChildTest
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<std::ffi::OsStr>,
        V: AsRef<std::ffi::OsStr>,
    {
        use std::io::BufRead;
        let exe = std::env::current_exe().expect("test binary");
        let mut child = std::process::Command::new(exe)
            .args([
                test,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .envs(envs)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        ChildTest {
            child,
            lines,
            reader,
        }
    }

    /// Waits (up to `within`) for a line ending in `marker`; libtest prints "test name ... "
    /// without a newline before the child's first line, so only the end is compared. Returns
    /// every line read on the way, the marker's included.
    pub fn wait_for(&self, marker: &str, within: std::time::Duration) -> Vec<String> {
        let deadline = std::time::Instant::now() + within;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|e| panic!("the child never said {marker} ({e}): {seen:?}"));
            let hit = line.ends_with(marker);
            seen.push(line);
            if hit {
                return seen;
            }
        }
    }

    /// SIGKILLs the child, reaps it (asserting it died of the signal) and returns every line it
    /// printed that was not read yet.
    pub fn kill(mut self) -> Vec<String> {
        self.child.kill().expect("SIGKILL");
        let status = self.child.wait().expect("reap");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(9),
            "the child ended otherwise: {status}"
        );
        #[cfg(not(unix))]
        assert!(!status.success(), "the child ended otherwise: {status}");
        self.reader.join().expect("reader");
        self.lines.try_iter().collect()
    }
}
