-- The first schema: settings the patient chooses inside the vault (auto-lock time, whether the
-- recovery code was confirmed as saved). Feature tables arrive with their issues.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
