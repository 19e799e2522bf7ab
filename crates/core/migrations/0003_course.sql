-- My therapy course: one row, set up with the therapist's plan and editable later.
CREATE TABLE course (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    start_date        TEXT NOT NULL,           -- YYYY-MM-DD, the first session
    planned_sessions  INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 30),
    weekday           INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Monday
    session_time      TEXT NOT NULL,           -- HH:MM, local
    format            TEXT NOT NULL CHECK (format IN ('individual', 'group')),
    other_care        TEXT NOT NULL DEFAULT '',
    therapist_name    TEXT NOT NULL DEFAULT '',
    -- Phase boundaries, as session numbers; the therapist may move them.
    initial_last      INTEGER NOT NULL,
    termination_first INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
