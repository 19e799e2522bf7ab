-- Stable ids (issue 13): every row of user data that an export carries gets a `uid`, a random
-- 128-bit id in lowercase hex that never changes and is the same in every copy of the vault. An
-- import merges by it (a row whose uid is already here is not added again) and links rows by it
-- (an event's person, a plan's person, a follow-up's check-in) instead of by the local integer
-- ids, which differ between vaults.
--
-- Rows that exist get one now. New rows get one from the trigger beside each table, so no insert
-- anywhere in the app can forget it; an import sets its own uid right after inserting.
-- Tables keyed by something already stable need none: the course, its cards and the plans for
-- safety and ending (one row each), the focus (by problem area), sessions (by number), a
-- follow-up (by its check-in), an entry's events and a role play's turns (parts of their row).

ALTER TABLE people ADD COLUMN uid TEXT;
UPDATE people SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX people_uid ON people (uid);
CREATE TRIGGER people_uid AFTER INSERT ON people WHEN NEW.uid IS NULL
BEGIN UPDATE people SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE journal_entries ADD COLUMN uid TEXT;
UPDATE journal_entries SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX journal_entries_uid ON journal_entries (uid);
CREATE TRIGGER journal_entries_uid AFTER INSERT ON journal_entries WHEN NEW.uid IS NULL
BEGIN UPDATE journal_entries SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE plans ADD COLUMN uid TEXT;
UPDATE plans SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX plans_uid ON plans (uid);
CREATE TRIGGER plans_uid AFTER INSERT ON plans WHEN NEW.uid IS NULL
BEGIN UPDATE plans SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE agenda_questions ADD COLUMN uid TEXT;
UPDATE agenda_questions SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX agenda_questions_uid ON agenda_questions (uid);
CREATE TRIGGER agenda_questions_uid AFTER INSERT ON agenda_questions WHEN NEW.uid IS NULL
BEGIN UPDATE agenda_questions SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE checkins ADD COLUMN uid TEXT;
UPDATE checkins SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX checkins_uid ON checkins (uid);
CREATE TRIGGER checkins_uid AFTER INSERT ON checkins WHEN NEW.uid IS NULL
BEGIN UPDATE checkins SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE communication_analyses ADD COLUMN uid TEXT;
UPDATE communication_analyses SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX communication_analyses_uid ON communication_analyses (uid);
CREATE TRIGGER communication_analyses_uid AFTER INSERT ON communication_analyses WHEN NEW.uid IS NULL
BEGIN UPDATE communication_analyses SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE custom_scenarios ADD COLUMN uid TEXT;
UPDATE custom_scenarios SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX custom_scenarios_uid ON custom_scenarios (uid);
CREATE TRIGGER custom_scenarios_uid AFTER INSERT ON custom_scenarios WHEN NEW.uid IS NULL
BEGIN UPDATE custom_scenarios SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE roleplay_runs ADD COLUMN uid TEXT;
UPDATE roleplay_runs SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX roleplay_runs_uid ON roleplay_runs (uid);
CREATE TRIGGER roleplay_runs_uid AFTER INSERT ON roleplay_runs WHEN NEW.uid IS NULL
BEGIN UPDATE roleplay_runs SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

ALTER TABLE decision_analyses ADD COLUMN uid TEXT;
UPDATE decision_analyses SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX decision_analyses_uid ON decision_analyses (uid);
CREATE TRIGGER decision_analyses_uid AFTER INSERT ON decision_analyses WHEN NEW.uid IS NULL
BEGIN UPDATE decision_analyses SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
