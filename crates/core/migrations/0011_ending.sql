-- Ending well (the termination phase): the ending plan as one JSON document
-- (domain::ending::EndingPlan: what changed, warning signs, what I will do, who I will contact,
-- come back if…, the monthly check-in choice), replaced whole on each save; and the monthly
-- follow-ups after the course, each with its PHQ-9 check-in and the signs the patient noticed.
CREATE TABLE ending_plan (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    plan       TEXT NOT NULL CHECK (json_valid(plan)),
    updated_at TEXT NOT NULL                     -- UTC, RFC 3339
) STRICT;

CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    -- The PHQ-9 taken with it (owned by the check-ins; one follow-up per check-in).
    check_in_id   INTEGER NOT NULL UNIQUE REFERENCES checkins (id) ON DELETE CASCADE,
    taken_on      TEXT NOT NULL                  -- the patient's local date, YYYY-MM-DD
                  CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    signs_noticed TEXT NOT NULL                  -- JSON array of the signs, in the patient's words
                  CHECK (json_valid(signs_noticed) AND json_type(signs_noticed) = 'array')
) STRICT;
CREATE INDEX follow_ups_by_day ON follow_ups (taken_on, id);
