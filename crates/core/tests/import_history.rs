//! "Bring your history" on real SQLCipher vaults: a preview changes nothing; apply writes exactly
//! the previewed entries with the patient's mapping; a second import adds nothing (trash
//! included); unreadable rows never block the readable ones and come in later once fixed or
//! mapped; a file too large, too long, not a Daylio export, missing or given as a relative path is
//! refused with its code and nothing written. The fixtures are small made-up files.

mod common;

use std::path::{Path, PathBuf};

use chrono_tz::Europe::Berlin;
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::import_history::{
    MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_FOLDER_FILES, MoodChoice, UnreadableReason,
};
use ipt_core::error::LimitField;
use ipt_core::service::import_history as import;
use ipt_core::service::journal::{self, JournalQuery};
use ipt_core::service::vault::VaultService;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import_history")
        .join(name)
        .display()
        .to_string()
}

async fn open(dir: &Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

/// Every entry in the journal (live ones), oldest first: (time, mood, text, tags).
async fn entries(svc: &VaultService) -> Vec<(String, i64, String, Vec<String>)> {
    let page = journal::list_entries(
        svc,
        JournalQuery {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await
    .expect("list");
    let mut out = Vec::new();
    for s in page.items.into_iter().rev() {
        let e = journal::get_entry(svc, s.id).await.expect("entry");
        out.push((e.occurred_at, e.mood, e.text, e.tags));
    }
    out
}

async fn count(svc: &VaultService) -> i64 {
    ipt_core::storage::journal::count(&svc.pool().await.expect("pool"))
        .await
        .expect("count")
}

fn choice(word: &str, mood: Option<i64>) -> MoodChoice {
    MoodChoice {
        word: word.into(),
        mood,
    }
}

#[tokio::test]
async fn preview_changes_nothing_and_apply_writes_exactly_the_preview_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let path = fixture("daylio_small.csv");

    let preview = import::preview_daylio(&svc, &path, None, &Berlin)
        .await
        .expect("preview");
    assert_eq!(preview.entries, 3);
    assert_eq!(preview.from.as_deref(), Some("2024-05-01"));
    assert_eq!(preview.to.as_deref(), Some("2024-05-03"));
    assert!(preview.unreadable.is_empty());
    assert_eq!(preview.already_present, 0);
    let words: Vec<(&str, Option<i64>)> = preview
        .mood_words
        .iter()
        .map(|w| (w.word.as_str(), w.mapped_to))
        .collect();
    assert_eq!(
        words,
        vec![("rad", Some(10)), ("meh", Some(5)), ("awful", Some(0))]
    );
    assert_eq!(count(&svc).await, 0, "a preview writes nothing");

    // The patient moves "rad" to 9 and "awful" to 1; the preview follows, still writing nothing.
    let mapping = vec![choice("rad", Some(9)), choice("awful", Some(1))];
    let again = import::preview_daylio(&svc, &path, Some(mapping.clone()), &Berlin)
        .await
        .expect("preview");
    assert_eq!(again.mood_words[0].mapped_to, Some(9));
    assert_eq!(again.entries, 3);
    assert_eq!(count(&svc).await, 0);

    let done = import::apply_daylio(&svc, &path, mapping.clone(), &Berlin)
        .await
        .expect("apply");
    assert_eq!((done.added, done.already_present, done.skipped), (3, 0, 0));
    assert_eq!(
        entries(&svc).await,
        vec![
            (
                "2024-05-01T18:05:00+02:00".to_owned(),
                1,
                "Argument with J. about the holidays.".to_owned(),
                vec![]
            ),
            (
                "2024-05-02T07:40:00+02:00".to_owned(),
                5,
                "Tired but OK.".to_owned(),
                vec!["bad sleep".to_owned(), "work".to_owned()]
            ),
            (
                "2024-05-03T21:15:00+02:00".to_owned(),
                9,
                "Dinner with R.\nWe cooked together.\nIt felt easy.".to_owned(),
                vec!["cooking".to_owned(), "friends".to_owned()]
            ),
        ]
    );
    // The search index has them, as for any entry.
    let found = journal::list_entries(
        &svc,
        JournalQuery {
            text: Some("cooked".into()),
            ..Default::default()
        },
    )
    .await
    .expect("search");
    assert_eq!(found.items.len(), 1);

    // The same file again: nothing new, nothing written.
    let preview = import::preview_daylio(&svc, &path, Some(mapping.clone()), &Berlin)
        .await
        .expect("preview");
    assert_eq!((preview.entries, preview.already_present), (0, 3));
    assert_eq!((preview.from, preview.to), (None, None));
    let twice = import::apply_daylio(&svc, &path, mapping.clone(), &Berlin)
        .await
        .expect("apply");
    assert_eq!((twice.added, twice.already_present), (0, 3));
    assert_eq!(count(&svc).await, 3);

    // An imported entry moved to the trash does not come back with a third import.
    let first = journal::list_entries(&svc, JournalQuery::default())
        .await
        .expect("list")
        .items[0]
        .id;
    journal::trash_entry(&svc, first).await.expect("trash");
    let third = import::apply_daylio(&svc, &path, mapping, &Berlin)
        .await
        .expect("apply");
    assert_eq!(third.added, 0);
    assert_eq!(count(&svc).await, 2);
}

#[tokio::test]
async fn unreadable_rows_are_listed_and_skipped_and_come_in_once_mapped() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let path = fixture("daylio_mixed.csv");

    let preview = import::preview_daylio(&svc, &path, None, &Berlin)
        .await
        .expect("preview");
    let reasons: Vec<(Option<u64>, UnreadableReason)> = preview
        .unreadable
        .iter()
        .map(|u| (u.row, u.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (Some(3), UnreadableReason::MoodNotMapped),
            (Some(4), UnreadableReason::BadTime),
            (Some(5), UnreadableReason::NoMood),
        ]
    );
    assert_eq!(preview.unreadable_count, 3);
    assert_eq!(preview.entries, 2);
    let sleepy = preview
        .mood_words
        .iter()
        .find(|w| w.word == "Sleepy")
        .expect("the custom word is listed");
    assert_eq!(sleepy.mapped_to, None);
    assert_eq!(count(&svc).await, 0);

    // Confirmed as it is: the readable rows come in, the rest are skipped.
    let done = import::apply_daylio(&svc, &path, vec![], &Berlin)
        .await
        .expect("apply");
    assert_eq!((done.added, done.skipped), (2, 3));
    let all = entries(&svc).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].2, "<i>kept</i> as text & more", "HTML stays text");
    assert_eq!(all[1].3, vec!["music".to_owned(), "walk".to_owned()]);

    // Once "Sleepy" is mapped, importing again adds just that row.
    let done = import::apply_daylio(&svc, &path, vec![choice("sleepy", Some(4))], &Berlin)
        .await
        .expect("apply");
    assert_eq!((done.added, done.already_present, done.skipped), (1, 2, 2));
    let sleepy = entries(&svc)
        .await
        .into_iter()
        .find(|e| e.2 == "Quiet day.")
        .expect("added");
    assert_eq!(
        (sleepy.0.as_str(), sleepy.1),
        ("2024-06-09T23:30:00+02:00", 4)
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_a_code_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let files = tempfile::tempdir().expect("files");

    // Larger than 50 MB: refused before it is read (the file is sparse).
    let big = files.path().join("big.csv");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(MAX_CSV_BYTES + 1))
        .expect("big");
    let mut rows = String::from("full_date,time,mood,note\n");
    for i in 0..=MAX_CSV_ROWS {
        rows.push_str(&format!("2024-05-01,10:00,good,{i}\n"));
    }
    let long = files.path().join("long.csv");
    std::fs::write(&long, rows).expect("long");
    let foreign = files.path().join("contacts.csv");
    std::fs::write(&foreign, "name,phone\nSam,555\n").expect("foreign");
    let small = fixture("daylio_small.csv");

    let code = |r: ipt_core::Result<import::ImportResult>| r.err().map(|e| e.code());
    let s = |p: &Path| p.display().to_string();
    assert_eq!(
        code(import::apply_daylio(&svc, &s(&big), vec![], &Berlin).await),
        Some(ErrorCode::FileTooLarge)
    );
    let err = import::apply_daylio(&svc, &s(&long), vec![], &Berlin)
        .await
        .expect_err("too many rows");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::TooMany, Some(LimitField::ImportRows))
    );
    assert_eq!(
        code(import::apply_daylio(&svc, &s(&foreign), vec![], &Berlin).await),
        Some(ErrorCode::NotADaylioExport)
    );
    assert_eq!(
        code(import::apply_daylio(&svc, &s(&files.path().join("gone.csv")), vec![], &Berlin).await),
        Some(ErrorCode::FileUnreadable)
    );
    assert_eq!(
        code(import::apply_daylio(&svc, &s(files.path()), vec![], &Berlin).await),
        Some(ErrorCode::FileUnreadable),
        "a folder where a file was expected"
    );
    assert_eq!(
        code(import::apply_daylio(&svc, "daylio.csv", vec![], &Berlin).await),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(
        code(import::apply_daylio(&svc, &small, vec![choice("rad", Some(11))], &Berlin).await),
        Some(ErrorCode::InvalidMood)
    );
    assert_eq!(
        import::preview_daylio(&svc, &s(&foreign), None, &Berlin)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::NotADaylioExport)
    );
    assert_eq!(
        code(import::apply_folder(&svc, &fixture("notes"), 11, &Berlin).await),
        Some(ErrorCode::InvalidMood)
    );
    assert_eq!(
        code(import::apply_folder(&svc, &small, 5, &Berlin).await),
        Some(ErrorCode::FileUnreadable),
        "a file where a folder was expected"
    );

    // A folder with more files than one import takes.
    let crowded = files.path().join("crowded");
    std::fs::create_dir(&crowded).expect("dir");
    for i in 0..=MAX_FOLDER_FILES {
        std::fs::write(crowded.join(format!("{i}.txt")), "").expect("file");
    }
    let err = import::apply_folder(&svc, &s(&crowded), 5, &Berlin)
        .await
        .expect_err("too many files");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::TooMany, Some(LimitField::ImportFiles))
    );
    assert_eq!(count(&svc).await, 0, "nothing was written");

    // Locked: nothing is read or written.
    svc.lock().await;
    assert_eq!(
        code(import::apply_daylio(&svc, &small, vec![], &Berlin).await),
        Some(ErrorCode::Locked)
    );
}

#[tokio::test]
async fn a_folder_of_notes_one_entry_per_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = open(dir.path()).await;
    let path = fixture("notes");

    let preview = import::preview_folder(&svc, &path, 4, &Berlin)
        .await
        .expect("preview");
    assert_eq!(preview.entries, 2);
    assert_eq!(preview.without_mood, 1);
    assert_eq!(preview.from.as_deref(), Some("2023-11-02"));
    assert_eq!(preview.to.as_deref(), Some("2023-11-05"));
    let reasons: Vec<(Option<&str>, UnreadableReason)> = preview
        .unreadable
        .iter()
        .map(|u| (u.file.as_deref(), u.reason))
        .collect();
    // Name order; the picture and the sub-folder are not read at all.
    assert_eq!(
        reasons,
        vec![
            (Some("mood-too-high.md"), UnreadableReason::BadMood),
            (Some("thoughts.md"), UnreadableReason::NoDate),
        ]
    );
    assert!(preview.mood_words.is_empty());
    assert_eq!(count(&svc).await, 0);

    let done = import::apply_folder(&svc, &path, 4, &Berlin)
        .await
        .expect("apply");
    assert_eq!((done.added, done.skipped), (2, 2));
    assert_eq!(
        entries(&svc).await,
        vec![
            (
                "2023-11-02T19:30:00+01:00".to_owned(),
                6,
                "Phoned my brother. We laughed.".to_owned(),
                vec!["family".to_owned()]
            ),
            (
                "2023-11-05T12:00:00+01:00".to_owned(),
                4,
                "A slow Sunday.\nRead a book.".to_owned(),
                vec![]
            ),
        ]
    );
    let again = import::apply_folder(&svc, &path, 4, &Berlin)
        .await
        .expect("apply");
    assert_eq!((again.added, again.already_present), (0, 2));
    assert_eq!(count(&svc).await, 2);
}
