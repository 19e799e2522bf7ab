//! Bringing history in from elsewhere: a Daylio CSV export, or a folder of Markdown or plain-text
//! files (one entry per file). Pure parsers: bytes in, validated journal entries and the reason
//! for every row or file that cannot be used out. Reading files and writing the vault is the
//! service's work.
//!
//! Every entry passes through [`JournalEntryInput::validate`], so an imported entry obeys exactly
//! the journal's own rules (tags tidied and limited, text length, dates 1900–2200).

use std::collections::HashMap;

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    SecondsFormat, TimeZone,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::journal::{JournalEntryInput, MAX_TEXT_CHARS, ValidEntry};
use crate::domain::text::tidy_label;
use crate::error::{Error, ErrorCode, LimitField, Result};

/// The largest Daylio export read (years of daily entries with notes are a few MB).
pub const MAX_CSV_BYTES: u64 = 50 * 1024 * 1024;
/// The most rows one Daylio export may hold (over 270 years of one entry a day).
pub const MAX_CSV_ROWS: usize = 100_000;
/// The most `.md` / `.txt` files one folder may hold.
pub const MAX_FOLDER_FILES: usize = 20_000;
/// The most the files of one folder may weigh together.
pub const MAX_FOLDER_BYTES: u64 = 200 * 1024 * 1024;
/// A single file larger than this cannot fit the journal's text limit, whatever its characters
/// (at most 4 bytes each), with room for front matter; it is skipped without being read.
pub const MAX_FILE_BYTES: u64 = (MAX_TEXT_CHARS as u64) * 4 + 64 * 1024;
/// More distinct mood words than this and the file is not a Daylio export (Daylio offers five
/// levels, each of which the patient may rename or split).
pub const MAX_MOOD_WORDS: usize = 100;
/// The preview lists this many unreadable rows or files (and counts them all).
pub const MAX_LISTED_UNREADABLE: usize = 200;
/// The mood a file without one gets unless the patient chooses another: the middle of the scale.
pub const DEFAULT_FOLDER_MOOD: i64 = 5;
/// Longest mood word kept (a longer one is not a Daylio mood).
const MAX_MOOD_WORD_CHARS: usize = 100;
/// Longest mapping the UI may send.
const MAX_MAPPING: usize = 1_000;

/// Daylio's five default moods onto 0–10: the ends of Daylio's scale stay the ends of ours, the
/// middle stays the middle, and the steps between are equal (2.5, rounded away from the middle),
/// so the patient's best and hardest days look as they marked them. The preview shows the mapping
/// and every value can be changed before anything is written.
pub const DAYLIO_DEFAULT_MOODS: [(&str, i64); 5] = [
    ("rad", 10),
    ("good", 8),
    ("meh", 5),
    ("bad", 3),
    ("awful", 0),
];

/// Why a row or a file was not brought in. Stable ids; the UI words them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum UnreadableReason {
    /// The date is missing or could not be read (or is outside 1900–2200).
    BadDate,
    /// A file with no date in its front matter and none at the start of its name.
    NoDate,
    /// The time could not be read.
    BadTime,
    /// The row has no mood word.
    NoMood,
    /// The mood word is not mapped onto 0–10 (the patient can map it in the preview).
    MoodNotMapped,
    /// A file's `mood:` is not a whole number from 0 to 10.
    BadMood,
    /// Nothing to bring in: the file has no text.
    Empty,
    /// Longer than one journal entry can hold.
    TooLong,
    /// More activities or tags than one entry can hold.
    TooManyTags,
    /// An activity or tag longer than a tag can be.
    TagTooLong,
    /// Not UTF-8 text.
    NotUtf8,
    /// The row could not be split into its columns.
    Malformed,
    /// The file could not be read.
    CannotRead,
}

/// A row (Daylio) or a file (folder) that was not brought in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Unreadable {
    /// The row as a spreadsheet numbers it (the header is row 1).
    #[ts(type = "number | null")]
    pub row: Option<u64>,
    /// The file's name (no folder).
    pub file: Option<String>,
    pub reason: UnreadableReason,
}

/// The patient's choice for one mood word: a mood from 0 to 10, or none (rows with the word are
/// then not brought in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodChoice {
    pub word: String,
    #[ts(type = "number | null")]
    pub mood: Option<i64>,
}

/// A mood word found in the file: how often, and the mood it becomes (none until mapped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodWord {
    /// As first spelled in the file (tidied).
    pub word: String,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "number | null")]
    pub mapped_to: Option<i64>,
}

/// Where a candidate entry came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Row(u64),
    File(String),
}

impl Place {
    pub fn unreadable(&self, reason: UnreadableReason) -> Unreadable {
        match self {
            Place::Row(r) => Unreadable {
                row: Some(*r),
                file: None,
                reason,
            },
            Place::File(f) => Unreadable {
                row: None,
                file: Some(f.clone()),
                reason,
            },
        }
    }
}

/// One entry ready to be written, validated by the journal's rules.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub place: Place,
    pub entry: ValidEntry,
    /// A file without a mood of its own, which took the mood chosen for such files.
    pub default_mood: bool,
}

/// What a parser found: the entries it can bring in, in the file's order, and the rest with
/// their reasons.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub candidates: Vec<Candidate>,
    pub unreadable: Vec<Unreadable>,
    /// Daylio only: every mood word, Daylio's own five first, then the rest, most used first.
    pub mood_words: Vec<MoodWord>,
}

/// The key a mood word is matched by: tidied, lower case.
fn mood_key(word: &str) -> String {
    tidy_label(word).to_lowercase()
}

/// Daylio's defaults with the patient's choices over them.
#[derive(Debug, Clone)]
pub struct MoodMap(HashMap<String, Option<i64>>);

impl MoodMap {
    /// The defaults, then each choice (matched case-insensitively; a later one wins). A mood
    /// outside 0–10 is refused with `InvalidMood`, so nothing is previewed or written with it.
    pub fn new(choices: &[MoodChoice]) -> Result<Self> {
        if choices.len() > MAX_MAPPING {
            return Err(Error::invalid("the mood mapping is too long"));
        }
        let mut map: HashMap<String, Option<i64>> = DAYLIO_DEFAULT_MOODS
            .iter()
            .map(|(w, m)| ((*w).to_owned(), Some(*m)))
            .collect();
        for c in choices {
            if c.word.chars().count() > MAX_MOOD_WORD_CHARS {
                return Err(Error::invalid("a mood word in the mapping is too long"));
            }
            if let Some(m) = c.mood
                && !(0..=10).contains(&m)
            {
                return Err(Error::new(
                    ErrorCode::InvalidMood,
                    "a mapped mood must be between 0 and 10",
                ));
            }
            map.insert(mood_key(&c.word), c.mood);
        }
        Ok(Self(map))
    }

    fn get(&self, key: &str) -> Option<i64> {
        self.0.get(key).copied().flatten()
    }
}

/// The instant a local wall-clock time names in `tz`. When the clock goes back (the time happens
/// twice) the first; in a daylight-saving gap the first valid quarter hour after it.
pub fn local_instant<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    let mut t = local;
    for _ in 0..16 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(d) => return Some(d.fixed_offset()),
            LocalResult::Ambiguous(first, _) => return Some(first.fixed_offset()),
            LocalResult::None => t += Duration::minutes(15),
        }
    }
    None
}

fn rfc3339(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Daylio's time column: `10:00 pm`, `9:05 AM`, `9:05 a.m.`, `22:00` or `22:00:15`.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim().to_lowercase().replace('.', "");
    let (clock, half) = if let Some(c) = s.strip_suffix("am") {
        (c.trim(), Some(false))
    } else if let Some(c) = s.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else {
        (s.as_str(), None)
    };
    let mut parts = clock.split(':');
    let h: u32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.trim().parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(p) => p.trim().parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let h = match half {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Text as the journal keeps it: Windows line ends made plain, Daylio's `<br>` (any spelling)
/// turned into a line break. Every other `<…>` stays as typed: the journal shows text as text.
pub fn tidy_note(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(at) = lower[i..].find("<br") {
        let start = i + at;
        let rest = &lower[start + 3..];
        // `<br>`, `<br/>`, `<br />`: only spaces and one slash before the `>`.
        let close = rest
            .char_indices()
            .take_while(|(_, c)| *c == ' ' || *c == '/' || *c == '>')
            .find(|(_, c)| *c == '>')
            .map(|(k, _)| k);
        out.push_str(&s[i..start]);
        match close {
            Some(k) => {
                out.push('\n');
                i = start + 3 + k + 1;
            }
            None => {
                out.push_str(&s[start..start + 3]);
                i = start + 3;
            }
        }
    }
    out.push_str(&s[i..]);
    out
}

/// The bytes without a UTF-8 byte-order mark.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Turns an entry into a validated one, or the reason the journal refuses it.
fn validate(input: &JournalEntryInput) -> std::result::Result<ValidEntry, UnreadableReason> {
    if input.text.chars().count() > MAX_TEXT_CHARS {
        return Err(UnreadableReason::TooLong);
    }
    input.validate().map_err(|e| match e.code() {
        ErrorCode::TooMany => UnreadableReason::TooManyTags,
        // The text was checked above, so a length refused here is a tag's.
        ErrorCode::TooLong => UnreadableReason::TagTooLong,
        ErrorCode::InvalidMood => UnreadableReason::BadMood,
        _ => UnreadableReason::BadDate,
    })
}

fn entry_input(
    occurred_at: String,
    mood: i64,
    text: String,
    tags: Vec<String>,
) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at,
        mood,
        emotions: vec![],
        custom_emotions: vec![],
        text,
        tags,
        events: vec![],
        pinned: false,
        draft_key: None,
    }
}

fn not_daylio(why: &str) -> Error {
    Error::new(ErrorCode::NotADaylioExport, why.to_owned())
}

/// The columns of a Daylio export, found by name: `full_date,date,weekday,time,mood,activities,
/// note_title,note` today, `year,date,weekday,time,mood,activities,note` in older versions.
struct Columns {
    full_date: Option<usize>,
    year: Option<usize>,
    date: Option<usize>,
    time: usize,
    mood: usize,
    activities: Option<usize>,
    note_title: Option<usize>,
    note: Option<usize>,
}

impl Columns {
    fn find(header: &csv::ByteRecord) -> Result<Self> {
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_lowercase())
            .collect();
        let at = |n: &str| names.iter().position(|h| h == n);
        let cols = Columns {
            full_date: at("full_date"),
            year: at("year"),
            date: at("date"),
            time: at("time").ok_or_else(|| not_daylio("no time column"))?,
            mood: at("mood").ok_or_else(|| not_daylio("no mood column"))?,
            activities: at("activities"),
            note_title: at("note_title"),
            note: at("note"),
        };
        if cols.full_date.is_none() && (cols.year.is_none() || cols.date.is_none()) {
            return Err(not_daylio("no date column"));
        }
        Ok(cols)
    }
}

/// A row's day: `full_date` (`2024-05-01`), or in older exports `year` + `date` (`18 May`).
fn row_day(cols: &Columns, field: &dyn Fn(Option<usize>) -> String) -> Option<NaiveDate> {
    let full = field(cols.full_date);
    if !full.trim().is_empty() {
        return NaiveDate::parse_from_str(full.trim(), "%Y-%m-%d").ok();
    }
    let (year, date) = (field(cols.year), field(cols.date));
    let joined = format!("{} {}", date.trim(), year.trim());
    ["%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&joined, f).ok())
}

/// Reads a Daylio CSV export. Rows that cannot be used are listed with their reason; the rest
/// become entries at their local time in `tz` (the patient's zone: Daylio writes wall-clock
/// times without an offset). Refuses, with a code, a file that is too large or has too many
/// rows, and one that is not a Daylio export at all.
pub fn parse_daylio<Tz: TimeZone>(bytes: &[u8], moods: &MoodMap, tz: &Tz) -> Result<Parsed> {
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(file_too_large(MAX_CSV_BYTES));
    }
    let bytes = without_bom(bytes);
    // Some spreadsheet programs save with semicolons; the header line says which.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if !first_line.contains(&b',') && first_line.contains(&b';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|_| not_daylio("the header could not be read"))?
        .clone();
    let cols = Columns::find(&header)?;

    let mut parsed = Parsed::default();
    // key → (first spelling, count), in the order first seen.
    let mut words: Vec<(String, String, u64)> = Vec::new();
    let mut word_at: HashMap<String, usize> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut index: u64 = 0;
    loop {
        let row = index + 2;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                // A broken quote swallows the rest of the file into one field; say so for this
                // row and stop rather than guess.
                parsed
                    .unreadable
                    .push(Place::Row(row).unreadable(UnreadableReason::Malformed));
                break;
            }
        }
        index += 1;
        if index as usize > MAX_CSV_ROWS {
            return Err(Error::new(
                ErrorCode::TooMany,
                format!("at most {MAX_CSV_ROWS} rows in one file"),
            )
            .with_limit(Some(LimitField::ImportRows), MAX_CSV_ROWS));
        }
        let place = Place::Row(row);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let Some(fields) = record
            .iter()
            .map(|f| std::str::from_utf8(f).ok())
            .collect::<Option<Vec<&str>>>()
        else {
            parsed
                .unreadable
                .push(place.unreadable(UnreadableReason::NotUtf8));
            continue;
        };
        let field = |i: Option<usize>| -> String {
            i.and_then(|i| fields.get(i))
                .map(|s| (*s).to_owned())
                .unwrap_or_default()
        };

        // The mood word is counted even when the row has other trouble, so the mapping table
        // shows every word in the file.
        let word = tidy_label(&field(Some(cols.mood)));
        let key = word.to_lowercase();
        if !word.is_empty() && word.chars().count() <= MAX_MOOD_WORD_CHARS {
            match word_at.get(&key) {
                Some(&i) => words[i].2 += 1,
                None => {
                    if words.len() >= MAX_MOOD_WORDS {
                        return Err(not_daylio("too many different mood words"));
                    }
                    word_at.insert(key.clone(), words.len());
                    words.push((key.clone(), word.clone(), 1));
                }
            }
        }

        let result = (|| {
            let day = row_day(&cols, &field).ok_or(UnreadableReason::BadDate)?;
            let time = parse_clock(&field(Some(cols.time))).ok_or(UnreadableReason::BadTime)?;
            let at = local_instant(tz, day.and_time(time)).ok_or(UnreadableReason::BadTime)?;
            if word.is_empty() {
                return Err(UnreadableReason::NoMood);
            }
            let mood = moods.get(&key).ok_or(UnreadableReason::MoodNotMapped)?;
            let tags: Vec<String> = field(cols.activities)
                .split('|')
                .map(tidy_label)
                .filter(|t| !t.is_empty())
                .collect();
            let title = tidy_note(&field(cols.note_title)).trim().to_owned();
            let note = tidy_note(&field(cols.note)).trim().to_owned();
            let text = match (title.is_empty(), note.is_empty()) {
                (true, _) => note,
                (false, true) => title,
                (false, false) => format!("{title}\n{note}"),
            };
            validate(&entry_input(rfc3339(at), mood, text, tags))
        })();
        match result {
            Ok(entry) => parsed.candidates.push(Candidate {
                place,
                entry,
                default_mood: false,
            }),
            Err(reason) => parsed.unreadable.push(place.unreadable(reason)),
        }
    }

    // Daylio's own words first, in its order, then the others, most used first: an order that
    // does not move while the patient changes the mapping.
    let default_rank = |key: &str| {
        DAYLIO_DEFAULT_MOODS
            .iter()
            .position(|(w, _)| *w == key)
            .unwrap_or(DAYLIO_DEFAULT_MOODS.len())
    };
    words.sort_by(|a, b| {
        default_rank(&a.0)
            .cmp(&default_rank(&b.0))
            .then(b.2.cmp(&a.2))
    });
    parsed.mood_words = words
        .into_iter()
        .map(|(key, word, count)| MoodWord {
            mapped_to: moods.get(&key),
            word,
            count,
        })
        .collect();
    Ok(parsed)
}

pub(crate) fn file_too_large(max_bytes: u64) -> Error {
    let mb = usize::try_from(max_bytes / (1024 * 1024)).unwrap_or(usize::MAX);
    Error::new(
        ErrorCode::FileTooLarge,
        format!("larger than {mb} MB, more than is read at once"),
    )
    .with_limit(None, mb)
}

/// Front matter: the `key: value` lines between a first line `---` and the next `---` (or
/// `...`), as written by Obsidian, Jekyll and most journaling tools. Lists (`tags:` followed by
/// `- item` lines, or `[a, b]`) are kept as their items. Returns the fields (keys in lower case)
/// and the text after it; text without front matter comes back whole.
pub fn split_front_matter(text: &str) -> (HashMap<String, Vec<String>>, &str) {
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (fields, text);
    };
    let mut offset = 0;
    let mut body_at = None;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end();
        offset += line.len();
        if bare == "---" || bare == "..." {
            body_at = Some(offset);
            break;
        }
    }
    let Some(body_at) = body_at else {
        // An opening line and no closing one: not front matter, just text.
        return (fields, text);
    };
    let mut last_key: Option<String> = None;
    for line in after_open[..body_at].lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" || trimmed == "..." {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ")
            && let Some(k) = &last_key
        {
            fields
                .entry(k.clone())
                .or_default()
                .push(unquote(item).to_owned());
            continue;
        }
        let Some((k, v)) = trimmed.split_once(':') else {
            continue;
        };
        let key = k.trim().to_lowercase();
        let v = v.trim();
        let values: Vec<String> = match v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            Some(list) => list
                .split(',')
                .map(|x| unquote(x.trim()).to_owned())
                .collect(),
            None if v.is_empty() => vec![],
            None => vec![unquote(v).to_owned()],
        };
        fields.insert(key.clone(), values);
        last_key = Some(key);
    }
    (fields, &after_open[body_at..])
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// When an entry from a file happened. A date alone is placed at noon, local time: the middle
/// of the day keeps it on that day in the timeline whatever the offset.
fn file_instant<Tz: TimeZone>(
    value: &str,
    tz: &Tz,
) -> std::result::Result<DateTime<FixedOffset>, UnreadableReason> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t);
    }
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
    let local = if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        d.and_time(noon)
    } else {
        [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
        .ok_or(UnreadableReason::BadDate)?
    };
    local_instant(tz, local).ok_or(UnreadableReason::BadDate)
}

/// One Markdown or text file as one entry: the date from its front matter (`date:`) or else
/// from a name starting `YYYY-MM-DD`; the mood from `mood:` (0–10) or else `default_mood`;
/// `tags:` as tags; `title:` as the first line; the rest of the text as the entry's text.
/// Returns the entry and whether the file had its own mood.
pub fn parse_text_file<Tz: TimeZone>(
    file_name: &str,
    bytes: &[u8],
    default_mood: i64,
    tz: &Tz,
) -> std::result::Result<(ValidEntry, bool), UnreadableReason> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(UnreadableReason::TooLong);
    }
    let text = std::str::from_utf8(without_bom(bytes)).map_err(|_| UnreadableReason::NotUtf8)?;
    let text = text.replace("\r\n", "\n");
    let (fields, body) = split_front_matter(&text);
    let one = |k: &str| {
        fields
            .get(k)
            .and_then(|v| v.first())
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    };

    let at = match one("date") {
        Some(d) => file_instant(d, tz)?,
        None => {
            let start: String = file_name.chars().take(10).collect();
            let day = NaiveDate::parse_from_str(&start, "%Y-%m-%d")
                .map_err(|_| UnreadableReason::NoDate)?;
            file_instant(&day.format("%Y-%m-%d").to_string(), tz)?
        }
    };
    let (mood, own_mood) = match one("mood") {
        Some(m) => match m.trim().parse::<i64>() {
            Ok(m) if (0..=10).contains(&m) => (m, true),
            _ => return Err(UnreadableReason::BadMood),
        },
        None => (default_mood, false),
    };
    let tags: Vec<String> = fields
        .get("tags")
        .map(|v| {
            v.iter()
                .flat_map(|t| t.split(','))
                .map(|t| t.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let body = body.trim_start_matches(['\n', ' ', '\t']).trim_end();
    let text = match one("title").map(str::trim) {
        Some(title) if !body.is_empty() => format!("{title}\n{body}"),
        Some(title) => title.to_owned(),
        None => body.to_owned(),
    };
    if text.trim().is_empty() {
        return Err(UnreadableReason::Empty);
    }
    let entry = validate(&entry_input(rfc3339(at), mood, text, tags))?;
    Ok((entry, own_mood))
}

/// Whether a file in a folder is one to read: `.md`, `.markdown` or `.txt`, not hidden.
pub fn is_text_file(name: &str) -> bool {
    if name.starts_with('.') {
        return false;
    }
    let lower = name.to_lowercase();
    [".md", ".markdown", ".txt"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Berlin;

    fn defaults() -> MoodMap {
        MoodMap::new(&[]).expect("defaults")
    }

    fn daylio(csv: &str) -> Parsed {
        parse_daylio(csv.as_bytes(), &defaults(), &Berlin).expect("parsed")
    }

    const HEADER: &str = "full_date,date,weekday,time,mood,activities,note_title,note\n";

    #[test]
    fn reads_a_good_export_in_local_time() {
        let p = daylio(&format!(
            "{HEADER}2024-05-02,2 May,Thursday,10:00 pm,rad,\"walk | friends\",\"A title\",\"Saw Sam.\"\n\
             2024-05-01,1 May,Wednesday,07:15,meh,\"\",\"\",\"\"\n"
        ));
        assert!(p.unreadable.is_empty(), "{:?}", p.unreadable);
        assert_eq!(p.candidates.len(), 2);
        let first = &p.candidates[0].entry;
        assert_eq!(first.occurred_at, "2024-05-02T22:00:00+02:00");
        assert_eq!(first.occurred_day, "2024-05-02");
        assert_eq!(first.mood, 10);
        assert_eq!(first.tags, vec!["walk", "friends"]);
        assert_eq!(first.text, "A title\nSaw Sam.");
        assert_eq!(p.candidates[0].place, Place::Row(2));
        let second = &p.candidates[1].entry;
        assert_eq!(second.occurred_at, "2024-05-01T07:15:00+02:00");
        assert_eq!(second.mood, 5);
        assert!(second.text.is_empty() && second.tags.is_empty());
        assert_eq!(
            p.mood_words,
            vec![
                MoodWord {
                    word: "rad".into(),
                    count: 1,
                    mapped_to: Some(10)
                },
                MoodWord {
                    word: "meh".into(),
                    count: 1,
                    mapped_to: Some(5)
                },
            ]
        );
    }

    #[test]
    fn the_same_wall_clock_time_takes_the_zone_given() {
        let csv = format!("{HEADER}2024-01-15,15 January,Monday,9:30 am,good,,,\n");
        let ny = parse_daylio(csv.as_bytes(), &defaults(), &New_York).expect("parsed");
        assert_eq!(
            ny.candidates[0].entry.occurred_at,
            "2024-01-15T09:30:00-05:00"
        );
        let berlin = daylio(&csv);
        assert_eq!(
            berlin.candidates[0].entry.occurred_at,
            "2024-01-15T09:30:00+01:00"
        );
        // A time the clock skips (spring forward in Berlin) lands just after the gap.
        let gap = daylio(&format!(
            "{HEADER}2024-03-31,31 March,Sunday,02:30,good,,,\n"
        ));
        assert_eq!(
            gap.candidates[0].entry.occurred_at,
            "2024-03-31T03:00:00+02:00"
        );
    }

    #[test]
    fn every_kind_of_bad_row_gets_its_reason_and_the_good_ones_still_come() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let many: Vec<String> = (0..31).map(|i| format!("a{i}")).collect();
        let csv = format!(
            "{HEADER}\
             2024-13-01,,,10:00,good,,,\n\
             2024-05-01,,,25:00,good,,,\n\
             2024-05-01,,,noon,good,,,\n\
             2024-05-01,,,10:00,,,,\n\
             2024-05-01,,,10:00,refreshed,,,\n\
             2024-05-01,,,10:00,good,,,\"{long}\"\n\
             2024-05-01,,,10:00,good,\"{}\",,\n\
             2024-05-01,,,10:00,good,\"{}\",,\n\
             1850-05-01,,,10:00,good,,,\n\
             2024-05-02,,,10:00,bad,,,fine\n",
            many.join(" | "),
            "t".repeat(51),
        );
        let p = daylio(&csv);
        let reasons: Vec<(Option<u64>, UnreadableReason)> =
            p.unreadable.iter().map(|u| (u.row, u.reason)).collect();
        use UnreadableReason::*;
        assert_eq!(
            reasons,
            vec![
                (Some(2), BadDate),
                (Some(3), BadTime),
                (Some(4), BadTime),
                (Some(5), NoMood),
                (Some(6), MoodNotMapped),
                (Some(7), TooLong),
                (Some(8), TooManyTags),
                (Some(9), TagTooLong),
                (Some(10), BadDate),
            ]
        );
        assert_eq!(p.candidates.len(), 1);
        assert_eq!(p.candidates[0].entry.text, "fine");
        assert_eq!(p.candidates[0].place, Place::Row(11));
        let refreshed = p
            .mood_words
            .iter()
            .find(|w| w.word == "refreshed")
            .expect("listed");
        assert_eq!(refreshed.mapped_to, None);
        assert_eq!(
            p.mood_words.last().map(|w| w.word.as_str()),
            Some("refreshed")
        );
    }

    #[test]
    fn custom_mood_words_are_listed_and_mapped_case_insensitively() {
        let csv = format!(
            "{HEADER}2021-05-12,,,18:52,OK,work,,\n2021-05-12,,,15:40,ok ,work,,\n\
             2020-08-31,,,08:13,Refreshed,,,\n2020-08-28,,,20:01,good,,,\n"
        );
        let p = daylio(&csv);
        assert_eq!(p.candidates.len(), 1);
        let ok = p.mood_words.iter().find(|w| w.word == "OK").expect("OK");
        assert_eq!((ok.count, ok.mapped_to), (2, None));

        let mapped = MoodMap::new(&[
            MoodChoice {
                word: "ok".into(),
                mood: Some(6),
            },
            MoodChoice {
                word: "REFRESHED".into(),
                mood: Some(9),
            },
            MoodChoice {
                word: "good".into(),
                mood: None,
            },
        ])
        .expect("map");
        let p = parse_daylio(csv.as_bytes(), &mapped, &Berlin).expect("parsed");
        let moods: Vec<i64> = p.candidates.iter().map(|c| c.entry.mood).collect();
        assert_eq!(moods, vec![6, 6, 9]);
        assert_eq!(p.unreadable.len(), 1, "good is unmapped now");
        assert_eq!(p.unreadable[0].reason, UnreadableReason::MoodNotMapped);
        let order: Vec<&str> = p.mood_words.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(
            order,
            vec!["good", "OK", "Refreshed"],
            "Daylio's own first, then by use"
        );

        let bad = MoodMap::new(&[MoodChoice {
            word: "ok".into(),
            mood: Some(11),
        }]);
        assert_eq!(bad.err().map(|e| e.code()), Some(ErrorCode::InvalidMood));
    }

    #[test]
    fn activities_with_odd_separators_become_tidy_tags() {
        let p = daylio(&format!(
            "{HEADER}2024-05-01,,,10:00,good,\"  movies / tv|  bad   sleep |#Work| work || \",,\n"
        ));
        assert_eq!(
            p.candidates[0].entry.tags,
            vec!["movies / tv", "bad sleep", "Work"]
        );
    }

    #[test]
    fn bom_crlf_html_and_br_in_notes() {
        let csv = format!(
            "\u{feff}{}2024-05-01,,,10:00,good,,\"<b>Bold</b> day\",\"Line one<br>Line two<BR />\r\n<script>alert(1)</script> & more\"\r\n",
            HEADER.replace('\n', "\r\n")
        );
        let p = daylio(&csv);
        assert!(p.unreadable.is_empty(), "{:?}", p.unreadable);
        assert_eq!(
            p.candidates[0].entry.text,
            "<b>Bold</b> day\nLine one\nLine two\n\n<script>alert(1)</script> & more"
        );
    }

    #[test]
    fn older_exports_and_semicolons_are_read_by_column_name() {
        let p = daylio(
            "year,date,weekday,time,mood,activities,note\n\
             2018,18 May,Friday,11:54 pm,good,\"clean | cook\",\"Went out\"\n",
        );
        assert_eq!(
            p.candidates[0].entry.occurred_at,
            "2018-05-18T23:54:00+02:00"
        );
        assert_eq!(p.candidates[0].entry.text, "Went out");
        let p = daylio("full_date;time;mood;note\n2024-05-01;10:00;awful;hard\n");
        assert_eq!(p.candidates[0].entry.mood, 0);
    }

    #[test]
    fn not_utf8_rows_and_broken_quotes_are_named() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"2024-05-01,,,10:00,good,,,caf\xe9\n");
        bytes.extend_from_slice(b"2024-05-02,,,10:00,good,,,fine\n");
        let p = parse_daylio(&bytes, &defaults(), &Berlin).expect("parsed");
        assert_eq!(p.unreadable[0].reason, UnreadableReason::NotUtf8);
        assert_eq!(p.candidates.len(), 1);
    }

    #[test]
    fn refuses_what_is_not_a_daylio_export_or_too_big() {
        let code = |b: &[u8]| {
            parse_daylio(b, &defaults(), &Berlin)
                .err()
                .map(|e| e.code())
        };
        assert_eq!(
            code(b"name,age\nSam,3\n"),
            Some(ErrorCode::NotADaylioExport)
        );
        assert_eq!(code(b""), Some(ErrorCode::NotADaylioExport));
        assert_eq!(
            code(b"\x89PNG\r\n\x1a\n"),
            Some(ErrorCode::NotADaylioExport)
        );
        let mut many = HEADER.to_owned();
        for i in 0..=MAX_MOOD_WORDS {
            many.push_str(&format!("2024-05-01,,,10:00,word{i},,,\n"));
        }
        assert_eq!(code(many.as_bytes()), Some(ErrorCode::NotADaylioExport));
        let mut rows = String::from("full_date,time,mood\n");
        for _ in 0..=MAX_CSV_ROWS {
            rows.push_str("2024-05-01,10:00,good\n");
        }
        let err = parse_daylio(rows.as_bytes(), &defaults(), &Berlin).expect_err("too many");
        assert_eq!(err.code(), ErrorCode::TooMany);
        assert_eq!(err.field(), Some(LimitField::ImportRows));
        let huge = vec![b' '; MAX_CSV_BYTES as usize + 1];
        assert_eq!(code(&huge), Some(ErrorCode::FileTooLarge));
    }

    #[test]
    fn clock_formats() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_clock("10:00 pm"), t(22, 0));
        assert_eq!(parse_clock("12:05 AM"), t(0, 5));
        assert_eq!(parse_clock("12:30 p.m."), t(12, 30));
        assert_eq!(parse_clock(" 07:15 "), t(7, 15));
        assert_eq!(parse_clock("13:00 pm"), None);
        assert_eq!(parse_clock("7"), None);
        assert_eq!(parse_clock("24:00"), None);
    }

    fn file(name: &str, text: &str) -> std::result::Result<(ValidEntry, bool), UnreadableReason> {
        parse_text_file(name, text.as_bytes(), DEFAULT_FOLDER_MOOD, &Berlin)
    }

    #[test]
    fn front_matter_variants() {
        let (e, own) = file(
            "anything.md",
            "---\ndate: 2024-05-01\nmood: 7\ntags: [work, \"family time\"]\n---\n\nThe body.\n",
        )
        .expect("read");
        assert!(own);
        assert_eq!(e.occurred_at, "2024-05-01T12:00:00+02:00");
        assert_eq!(e.mood, 7);
        assert_eq!(e.tags, vec!["work", "family time"]);
        assert_eq!(e.text, "The body.");

        let (e, _) = file(
            "x.md",
            "---\r\ntitle: 'A day'\r\ndate: \"2024-05-01 08:30\"\r\ntags:\r\n  - one\r\n  - '#two'\r\n...\r\nText\r\nmore\r\n",
        )
        .expect("read");
        assert_eq!(e.occurred_at, "2024-05-01T08:30:00+02:00");
        assert_eq!(e.tags, vec!["one", "two"]);
        assert_eq!(e.text, "A day\nText\nmore");

        let (e, own) = file("x.md", "---\ndate: 2024-05-01T08:30:00-04:00\n---\nHi").expect("read");
        assert!(!own);
        assert_eq!(e.occurred_at, "2024-05-01T08:30:00-04:00");
        assert_eq!(e.mood, DEFAULT_FOLDER_MOOD);

        // No closing line: no front matter, the file name gives the date, all of it is text.
        let (e, _) = file("2024-05-03 notes.txt", "---\ndate: 2020-01-01\nHi").expect("read");
        assert_eq!(e.occurred_day, "2024-05-03");
        assert!(e.text.starts_with("---"));
    }

    #[test]
    fn file_name_dates_and_bad_files() {
        let (e, _) = file("2024-02-29-leap.md", "\u{feff}Leap day\n").expect("read");
        assert_eq!(e.occurred_at, "2024-02-29T12:00:00+01:00");
        assert_eq!(e.text, "Leap day");
        use UnreadableReason::*;
        let reason = |n: &str, t: &str| file(n, t).err();
        assert_eq!(reason("notes.md", "text"), Some(NoDate));
        assert_eq!(reason("2023-02-29.md", "text"), Some(NoDate));
        assert_eq!(
            reason("x.md", "---\ndate: someday\n---\ntext"),
            Some(BadDate)
        );
        assert_eq!(
            reason("2024-05-01.md", "---\nmood: 11\n---\ntext"),
            Some(BadMood)
        );
        assert_eq!(
            reason("2024-05-01.md", "---\nmood: six\n---\ntext"),
            Some(BadMood)
        );
        assert_eq!(
            reason("2024-05-01.md", "---\nmood: 3\n---\n\n  \n"),
            Some(Empty)
        );
        assert_eq!(reason("2024-05-01.md", ""), Some(Empty));
        assert_eq!(
            reason("2024-05-01.md", &"é".repeat(MAX_TEXT_CHARS + 1)),
            Some(TooLong)
        );
        assert_eq!(
            parse_text_file("2024-05-01.md", b"caf\xe9", 5, &Berlin).err(),
            Some(NotUtf8)
        );
        let huge = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        assert_eq!(
            parse_text_file("2024-05-01.md", &huge, 5, &Berlin).err(),
            Some(TooLong)
        );
    }

    #[test]
    fn which_files_are_read() {
        assert!(is_text_file("2024-05-01.md"));
        assert!(is_text_file("Notes.TXT"));
        assert!(is_text_file("a.markdown"));
        assert!(!is_text_file(".hidden.md"));
        assert!(!is_text_file("photo.jpg"));
        assert!(!is_text_file("md"));
    }

    #[test]
    fn br_spellings() {
        assert_eq!(tidy_note("a<br>b<br/>c<br />d<BR>e"), "a\nb\nc\nd\ne");
        assert_eq!(tidy_note("<brother> <b>x</b>"), "<brother> <b>x</b>");
        assert_eq!(tidy_note("a\r\nb\rc"), "a\nb\nc");
    }
}
