-- Check-ins: PHQ-9 and GAD-7 answers as given. The score, band and item-9 answer are computed
-- from them when read (domain::checkins), so one rule scores every check-in, old or new.
CREATE TABLE checkins (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('phq9', 'gad7')),
    taken_at   TEXT NOT NULL,                     -- UTC, RFC 3339
    answers    TEXT NOT NULL CHECK (json_valid(answers)), -- JSON array; null is unanswered
    -- The PHQ-9's difficulty question (0-3): kept, not scored; the GAD-7 has none.
    difficulty INTEGER CHECK (difficulty IS NULL OR (kind = 'phq9' AND difficulty BETWEEN 0 AND 3))
) STRICT;
CREATE INDEX checkins_by_time ON checkins (taken_at, id);
