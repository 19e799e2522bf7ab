-- Communication practice: communication analyses, the patient's own role-play scenarios,
-- rehearsal runs turn by turn, and plans that carry a rehearsal into real life.

CREATE TABLE communication_analyses (
    id             INTEGER PRIMARY KEY,
    occurred_on    TEXT NOT NULL,              -- YYYY-MM-DD
    person_id      INTEGER REFERENCES people (id) ON DELETE SET NULL,
    setting        TEXT NOT NULL DEFAULT '',
    who_started    TEXT CHECK (who_started IN ('me', 'them', 'notSure')),
    what_i_said    TEXT NOT NULL DEFAULT '',
    how_i_said_it  TEXT NOT NULL DEFAULT '',
    what_they_said TEXT NOT NULL DEFAULT '',
    felt_then      TEXT NOT NULL DEFAULT '',
    felt_after     TEXT NOT NULL DEFAULT '',
    wanted         TEXT NOT NULL DEFAULT '',
    what_happened  TEXT NOT NULL DEFAULT '',
    traps          TEXT NOT NULL DEFAULT '[]', -- JSON array of trap ids
    alternatives   TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    chosen         INTEGER,
    source_event   TEXT,                       -- event:<entry>:<position>
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

-- The patient's own scenarios (built-in ones ship with the app). `definition` is the scenario
-- as JSON, built from the patient's lines and validated like the built-in ones.
CREATE TABLE custom_scenarios (
    id          INTEGER PRIMARY KEY,
    input       TEXT NOT NULL,                 -- CustomScenarioInput as JSON, for editing
    person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    analysis_id INTEGER REFERENCES communication_analyses (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- One rehearsal of a scenario. current_step is where it stands; NULL once it reached an end.
CREATE TABLE roleplay_runs (
    id                INTEGER PRIMARY KEY,
    scenario_key      TEXT NOT NULL,
    title             TEXT NOT NULL,
    started_at        TEXT NOT NULL,
    finished_at       TEXT,
    current_step      TEXT,
    ending_id         TEXT,
    confidence_before INTEGER CHECK (confidence_before BETWEEN 0 AND 10),
    confidence_after  INTEGER CHECK (confidence_after BETWEEN 0 AND 10),
    felt_hard         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX roleplay_runs_by_scenario ON roleplay_runs (scenario_key, id);

CREATE TABLE roleplay_turns (
    run_id     INTEGER NOT NULL REFERENCES roleplay_runs (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    step_id    TEXT NOT NULL,
    other_line TEXT NOT NULL,                  -- what they said, as it was shown
    reply      TEXT NOT NULL,
    approach   TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
) STRICT;

-- A plan can be the real-life try of a rehearsal.
ALTER TABLE plans ADD COLUMN scenario_key TEXT;
ALTER TABLE plans ADD COLUMN run_id INTEGER REFERENCES roleplay_runs (id) ON DELETE SET NULL;

-- Decision analysis: the situation, options brainstormed first, pros and cons of each, the
-- choice and the plan. Kept as one JSON document (DecisionAnalysisInput), validated in the core.
CREATE TABLE decision_analyses (
    id         INTEGER PRIMARY KEY,
    input      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
