-- The two cards the patient keeps with the course, in their own words.
-- Sick role: what I am letting go of for now / what I keep working on, until an end date.
-- Formulation: the link between how I feel and what is happening with people, as agreed with
-- the therapist.
CREATE TABLE course_cards (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    letting_go   TEXT NOT NULL DEFAULT '',
    working_on   TEXT NOT NULL DEFAULT '',
    sick_role_until TEXT,                    -- YYYY-MM-DD or NULL
    formulation  TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
) STRICT;
