-- The safety plan: one row holding the whole plan (the six steps and the reason for living) as
-- one JSON document (domain::safety_plan::SafetyPlan), replaced whole on each save.
CREATE TABLE safety_plan (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    plan       TEXT NOT NULL CHECK (json_valid(plan)),
    updated_at TEXT NOT NULL                     -- UTC, RFC 3339
) STRICT;
