-- The problem area(s) agreed with the therapist, each with goals in the patient's words; for a
-- disagreement, the stage it is at. The app records what was agreed; it never chooses.
CREATE TABLE course_focus (
    area          TEXT PRIMARY KEY NOT NULL CHECK (area IN ('grief', 'roleDispute', 'roleTransition', 'interpersonalDeficits')),
    goals         TEXT NOT NULL DEFAULT '',
    dispute_stage TEXT CHECK (dispute_stage IN ('renegotiation', 'impasse', 'dissolution')),
    updated_at    TEXT NOT NULL
) STRICT;
