//! How old the crisis-line checks are. `make test` runs it to print a warning for any entry over
//! eleven months old; `make bundle` runs it with `--refuse`, which fails when any entry is over a
//! year old (no installer ships numbers nobody has checked for a year). `--today YYYY-MM-DD`
//! pretends another day, to try it.

// A command-line check: printing is its whole job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use chrono::NaiveDate;
use ipt_core::domain::crisis_lines::{Freshness, countries, overdue};

fn main() {
    let mut refuse = false;
    let mut today = chrono::Local::now().date_naive();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--refuse" => refuse = true,
            "--today" => {
                today = args
                    .next()
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                    .unwrap_or_else(|| {
                        eprintln!("--today takes a date, YYYY-MM-DD");
                        std::process::exit(2)
                    })
            }
            other => {
                eprintln!(
                    "unknown argument {other}; usage: crisis_lines_check [--refuse] [--today YYYY-MM-DD]"
                );
                std::process::exit(2)
            }
        }
    }
    let late = overdue(today);
    if late.is_empty() {
        println!(
            "crisis lines: all {} entries checked within eleven months",
            countries().len()
        );
        return;
    }
    let mut stale = false;
    for (c, f) in &late {
        let how = if *f == Freshness::Stale {
            stale = true;
            "over a year ago"
        } else {
            "over eleven months ago"
        };
        eprintln!(
            "WARNING: the crisis line for {} ({}) was last checked on {}, {how}: re-check it and \
             update crates/core/data/crisis_lines.json",
            c.country, c.line, c.checked
        );
    }
    if refuse && stale {
        eprintln!("refusing to build an installer with crisis lines unchecked for over a year");
        std::process::exit(1);
    }
}
