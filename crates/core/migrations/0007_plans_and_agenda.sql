-- Between-session plans (homework) and the agenda for the next session.

-- What was agreed in session, due by the next one by default, and how it went. A missed plan is
-- 'notThisWeek', never a failure.
CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    what        TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 2000),
    area        TEXT CHECK (area IN ('grief', 'roleDispute', 'roleTransition', 'interpersonalDeficits')),
    person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    due_on      TEXT NOT NULL,             -- YYYY-MM-DD
    status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'tried', 'done', 'notThisWeek')),
    reflection  TEXT NOT NULL DEFAULT '',
    mood_before INTEGER CHECK (mood_before BETWEEN 0 AND 10),
    mood_after  INTEGER CHECK (mood_after BETWEEN 0 AND 10),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX plans_by_due ON plans (due_on, id);

-- Questions and topics the patient adds during the week; archived_in is the session they were
-- brought to.
CREATE TABLE agenda_questions (
    id          INTEGER PRIMARY KEY,
    text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    created_at  TEXT NOT NULL,
    archived_in INTEGER
) STRICT;

-- The patient's order for the open agenda, by item key (entry:12, event:12:0, plan:3, question:7).
CREATE TABLE agenda_order (
    item_key TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL
) STRICT;

-- Each agenda as it stood when its session was recorded: a snapshot of every item, so editing an
-- entry later does not rewrite what was brought. An item once archived does not come back on a
-- later agenda.
CREATE TABLE agenda_archive (
    session_number INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    item_key       TEXT NOT NULL,
    item           TEXT NOT NULL,          -- the AgendaItem as JSON
    PRIMARY KEY (session_number, position)
) STRICT;
CREATE INDEX agenda_archive_by_key ON agenda_archive (item_key);

-- The agenda looks for pinned entries and important events on every visit; partial indexes keep
-- that from reading every entry of a long journal (each page read is a page decrypted).
CREATE INDEX journal_entries_pinned ON journal_entries (occurred_utc, id) WHERE pinned = 1 AND deleted_at IS NULL;
CREATE INDEX interpersonal_events_important ON interpersonal_events (entry_id, position) WHERE important = 1;
