-- One record per session that took place: when, what we talked about, what we agreed, my notes,
-- my mood that day. Sessions not recorded yet follow the weekly plan.
CREATE TABLE therapy_sessions (
    number       INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 30),
    held_on      TEXT NOT NULL,            -- YYYY-MM-DD
    talked_about TEXT NOT NULL DEFAULT '',
    agreed       TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    mood         INTEGER CHECK (mood BETWEEN 0 AND 10),
    updated_at   TEXT NOT NULL
) STRICT;
