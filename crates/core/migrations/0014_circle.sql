-- The closeness circle (issue 14): "me" in the centre and three rings around. Each save is a new
-- dated snapshot; a snapshot's placements say which ring each placed person was in. A person
-- with no placement in a snapshot was unplaced then (in the tray beside the circle).
--
-- A person deleted from the list later leaves every circle with them (ON DELETE CASCADE): the
-- circle is a picture of the people in the list, and no placement ever names someone who is not
-- there. The snapshot itself stays, with everyone else where they were.

CREATE TABLE circle_snapshots (
    id       INTEGER PRIMARY KEY,
    uid      TEXT,
    taken_at TEXT NOT NULL
);
CREATE UNIQUE INDEX circle_snapshots_uid ON circle_snapshots (uid);
CREATE INDEX circle_snapshots_taken ON circle_snapshots (taken_at, id);
CREATE TRIGGER circle_snapshots_uid AFTER INSERT ON circle_snapshots WHEN NEW.uid IS NULL
BEGIN UPDATE circle_snapshots SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

CREATE TABLE circle_placements (
    snapshot_id INTEGER NOT NULL REFERENCES circle_snapshots (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    ring        TEXT NOT NULL CHECK (ring IN ('closest', 'close', 'furtherOut')),
    PRIMARY KEY (snapshot_id, person_id)
) WITHOUT ROWID;
CREATE INDEX circle_placements_person ON circle_placements (person_id);
