//! Keyring faults against real D-Bus: a vault made with a keyring slot (the real Secret Service
//! of scripts/with-keyring.sh) is then opened by a child process whose session bus is a private
//! `dbus-daemon` where (a) nobody provides the Secret Service, or (b) a stand-in owns
//! `org.freedesktop.secrets` and never answers — like a locked keyring whose prompt nobody sees.
//! Either way the keyring attempt ends within a few seconds with its own code (the screen then
//! asks for the passphrase and says why), the passphrase still opens the vault, and nothing in
//! the vault changed.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use ipt_core::keys::keyring_store::{KEYRING_TIMEOUT, OsKeyring};

const CHILD_DIR: &str = "IPT_KEYRING_FAULT_DIR";

/// A stand-in that owns the Secret Service's bus name and swallows every call unanswered.
const SILENT_SECRETS: &str = r#"
import dbus, dbus.service, dbus.mainloop.glib
from gi.repository import GLib
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName('org.freedesktop.secrets', bus)
bus.add_message_filter(lambda conn, msg: dbus.lowlevel.HANDLER_RESULT_HANDLED)
print('READY', flush=True)
GLib.MainLoop().run()
"#;

/// A private session bus; killed on drop.
struct Bus {
    daemon: Child,
    address: String,
    extra: Option<Child>,
}

impl Bus {
    fn start() -> Bus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian package dbus) is needed for this test");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("bus address");
        Bus {
            daemon,
            address: line.trim().to_owned(),
            extra: None,
        }
    }

    fn with_silent_secret_service(mut self) -> Bus {
        // The system Python: python3-dbus and python3-gi are Debian packages (scripts/deps.sh).
        let mut py = Command::new("/usr/bin/python3")
            .args(["-c", SILENT_SECRETS])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("/usr/bin/python3 with python3-dbus and python3-gi is needed for this test");
        let mut line = String::new();
        BufReader::new(py.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("stand-in ready");
        assert_eq!(line.trim(), "READY", "the silent Secret Service started");
        self.extra = Some(py);
        self
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        if let Some(p) = self.extra.as_mut() {
            let _ = p.kill();
            let _ = p.wait();
        }
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Makes a vault with a keyring slot in the real Secret Service and locks it.
async fn vault_with_keyring_slot(dir: &std::path::Path) -> Vec<(String, Vec<String>)> {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "needs a D-Bus session with a Secret Service: run through scripts/with-keyring.sh (make test does)"
    );
    let svc = service(dir, Arc::new(OsKeyring::new()));
    let created = svc.create(create_req(true)).await.expect("create");
    assert!(created.keyring_slot, "the real keyring took the slot");
    let before = dump(&svc).await;
    svc.lock().await;
    before
}

/// Runs the child on `bus`; returns its report lines.
fn child_on(bus: &Bus, dir: &std::path::Path) -> Vec<String> {
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([
            "keyring_fault_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let started = Instant::now();
    let mut out = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("child output");
    let status = child.wait().expect("child");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the child never hung"
    );
    assert!(status.success(), "child failed: {out}");
    out.lines()
        .filter_map(|l| l.find("REPORT ").map(|at| l[at + 7..].to_owned()))
        .collect()
}

/// The child: opens the vault with the real keyring backend on the bus it was given, tries the
/// keyring, then the passphrase, and reports `REPORT keyring <code> <ms>` and
/// `REPORT passphrase ok`.
#[tokio::test]
#[ignore = "run by the keyring fault tests as a child process"]
#[allow(clippy::print_stdout)] // stdout is the channel to the parent
async fn keyring_fault_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let svc = service(std::path::Path::new(&dir), Arc::new(OsKeyring::new()));
    let t = Instant::now();
    let r = svc.unlock_with_keyring().await;
    let ms = t.elapsed().as_millis();
    let (code, message) = r.err().map_or(("none".to_owned(), String::new()), |e| {
        (format!("{:?}", e.code()), e.message().to_owned())
    });
    println!("REPORT keyring {code} {ms} {message}");
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("the passphrase opens the vault");
    println!("REPORT passphrase ok");
}

fn parse(report: &[String]) -> (String, u128) {
    let keyring = report
        .iter()
        .find(|l| l.starts_with("keyring "))
        .expect("keyring report");
    let parts: Vec<&str> = keyring.split_whitespace().collect();
    assert!(
        report.iter().any(|l| l == "passphrase ok"),
        "the passphrase still opens: {report:?}"
    );
    (parts[1].to_owned(), parts[2].parse().expect("ms"))
}

async fn unchanged(dir: &std::path::Path, before: &[(String, Vec<String>)]) {
    let (svc, _) = memory_service(dir);
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(dump(&svc).await, before, "nothing in the vault changed");
}

#[tokio::test]
async fn a_secret_service_that_never_answers_gives_up_in_seconds_and_the_passphrase_opens() {
    let dir = tempfile::tempdir().expect("tmp");
    let before = vault_with_keyring_slot(dir.path()).await;
    let bus = Bus::start().with_silent_secret_service();
    let report = child_on(&bus, dir.path());
    let (code, ms) = parse(&report);
    // The keyring library's own D-Bus call gives up after about two seconds ("did not receive a
    // reply"); the app's own limit (KEYRING_TIMEOUT) stands behind it for calls that block
    // elsewhere. Either way: its own code, within a few seconds, after really waiting.
    assert!(
        code == "KeyringUnavailable" || code == "KeyringTimeout",
        "{report:?}"
    );
    let limit = KEYRING_TIMEOUT.as_millis();
    assert!(
        (1_000..limit + 2_000).contains(&ms),
        "gave up after {ms} ms (the app's limit is {limit} ms): {report:?}"
    );
    unchanged(dir.path(), &before).await;
    proof_row(
        "keyring: a Secret Service that never answers (gives up in seconds, then passphrase)",
        1,
        1,
        0,
        0,
    );
}

#[tokio::test]
async fn no_secret_service_at_all_says_so_at_once_and_the_passphrase_opens() {
    let dir = tempfile::tempdir().expect("tmp");
    let before = vault_with_keyring_slot(dir.path()).await;
    let bus = Bus::start();
    let (code, ms) = parse(&child_on(&bus, dir.path()));
    assert_eq!(code, "KeyringUnavailable");
    assert!(ms < KEYRING_TIMEOUT.as_millis(), "answered in {ms} ms");
    unchanged(dir.path(), &before).await;
    proof_row(
        "keyring: no Secret Service on the bus (unavailable, then passphrase)",
        1,
        1,
        0,
        0,
    );
}
