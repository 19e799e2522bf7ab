-- The interpersonal inventory (issue 14): each person's answers, all optional, and whether they
-- are archived (no longer in the patient's life: hidden from pickers, kept wherever they appear).
-- Names may repeat now (two friends called Sam); the list tells them apart by relationship.

ALTER TABLE people ADD COLUMN relationship TEXT
    CHECK (relationship IN ('partner', 'parent', 'child', 'sibling', 'friend', 'colleague', 'other'));
-- The patient's own word for the relationship when none of the list fits (relationship 'other').
ALTER TABLE people ADD COLUMN relationship_word TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN contact_often TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN together TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN good TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN hard TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN i_expect TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN they_expect TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN expectations_fit TEXT
    CHECK (expectations_fit IN ('yes', 'partly', 'no', 'notSure'));
ALTER TABLE people ADD COLUMN would_change TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN since_low TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN archived_at TEXT;

DROP INDEX people_name;
CREATE INDEX people_name ON people (display_name COLLATE NOCASE);
