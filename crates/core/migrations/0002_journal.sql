-- The journal: entries with mood, emotions, tags and interpersonal events, the people those
-- events are about, autosaved drafts, and a full-text index. All of it lives inside the
-- encrypted file, the FTS index included.

CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    -- A name, alias or initials: whatever the patient chooses.
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    created_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX people_name ON people (display_name COLLATE NOCASE);

CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY,
    -- RFC 3339 with the patient's UTC offset at the time; occurred_day is its local date.
    occurred_at TEXT NOT NULL,
    occurred_utc TEXT NOT NULL,
    occurred_day TEXT NOT NULL,
    mood        INTEGER NOT NULL CHECK (mood BETWEEN 0 AND 10),
    -- "Bring this to my next session".
    pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    -- Set when moved to the trash; purged 30 days later.
    deleted_at  TEXT
) STRICT;
-- Covering indexes: the timeline, its mood and day filters and its paging never read a row.
CREATE INDEX journal_entries_timeline ON journal_entries (deleted_at, occurred_utc DESC, id DESC, mood, occurred_day);
CREATE INDEX journal_entries_day ON journal_entries (deleted_at, occurred_day, mood);

-- The free text lives apart from the entry row, so the rows the timeline walks stay small (and
-- in an encrypted file every page read is a page decrypted).
CREATE TABLE journal_entry_texts (
    entry_id INTEGER PRIMARY KEY REFERENCES journal_entries (id) ON DELETE CASCADE,
    text     TEXT NOT NULL
) STRICT;

CREATE TABLE journal_entry_emotions (
    entry_id  INTEGER NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
    -- A vocabulary id (e.g. 'sad') when is_custom = 0, the patient's own word when 1.
    emotion   TEXT NOT NULL,
    is_custom INTEGER NOT NULL CHECK (is_custom IN (0, 1)),
    PRIMARY KEY (entry_id, is_custom, emotion)
) STRICT, WITHOUT ROWID;
CREATE INDEX journal_entry_emotions_by_emotion ON journal_entry_emotions (emotion, entry_id);

CREATE TABLE journal_entry_tags (
    entry_id INTEGER NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    PRIMARY KEY (entry_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX journal_entry_tags_by_tag ON journal_entry_tags (tag COLLATE NOCASE, entry_id);

CREATE TABLE interpersonal_events (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    person_id    INTEGER REFERENCES people (id) ON DELETE SET NULL,
    what_happened TEXT NOT NULL DEFAULT '',
    what_i_felt  TEXT NOT NULL DEFAULT '',
    what_i_did   TEXT NOT NULL DEFAULT '',
    how_it_ended TEXT NOT NULL DEFAULT '',
    -- Marked important: goes on the agenda for the next session.
    important    INTEGER NOT NULL DEFAULT 0 CHECK (important IN (0, 1))
) STRICT;
CREATE INDEX interpersonal_events_entry ON interpersonal_events (entry_id, position);
CREATE INDEX interpersonal_events_person ON interpersonal_events (person_id, entry_id);

-- Drafts typed but not yet saved, one per form ('new', or 'entry:<id>' while editing).
CREATE TABLE journal_drafts (
    draft_key  TEXT PRIMARY KEY NOT NULL,
    payload    TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- One document per live entry (rowid = entry id): its text, tags, emotions, events and people.
CREATE VIRTUAL TABLE journal_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
