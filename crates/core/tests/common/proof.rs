//! The proof table (README, `make test`, `make proof`): how big each proof runs and the row it
//! writes.
#![allow(dead_code)]

/// Whether this is the long run of `make proof` (`IPT_PROOF=long`) rather than the fast part
/// that runs in CI.
pub fn proof_long() -> bool {
    std::env::var("IPT_PROOF").is_ok_and(|v| v == "long")
}

/// How many cases or steps a proof test runs: `fast` in CI, `long` under `make proof`.
pub fn proof_size(fast: usize, long: usize) -> usize {
    if proof_long() { long } else { fast }
}

/// One row of the proof table (test | cases or steps | faults injected | lost | leaked |
/// result), printed for `scripts/proof-table.sh` to collect. Call it once the test's own
/// assertions have passed; a failed test prints no row and the table says it is missing.
pub fn proof_row(test: &str, cases: usize, faults: usize, lost: usize, leaked: usize) {
    let result = if lost == 0 && leaked == 0 {
        "ok"
    } else {
        "FAILED"
    };
    let row = format!("PROOF\t{test}\t{cases}\t{faults}\t{lost}\t{leaked}\t{result}");
    eprintln!("{row}");
    // `make test` and `make proof` collect the rows of every suite (core, commands, e2e) in one
    // file and print them as the proof table at the end.
    if let Some(file) = std::env::var_os("IPT_PROOF_ROWS") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .expect("the proof rows file");
        f.write_all(format!("{row}\n").as_bytes())
            .expect("a proof row");
    }
}
