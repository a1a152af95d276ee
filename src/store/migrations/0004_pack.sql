-- Policy pack versions (DESIGN.md "The policy pack"): every activation of a pack is recorded with the
-- exact files it consisted of, so that the rules in force at any time can be shown and re-checked.
-- files is a JSON object {file name: content}; digest is the hex SHA-256 of pack_digest() over them.
-- At most one row is active (the partial unique index).
CREATE TABLE pack_versions (
  id           INTEGER PRIMARY KEY,
  pack_id      TEXT NOT NULL,
  version      TEXT NOT NULL,
  digest       TEXT NOT NULL CHECK (length(digest) = 64),
  files        TEXT NOT NULL,
  activated_at TEXT NOT NULL,
  active       INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1))
) STRICT;
CREATE UNIQUE INDEX pack_versions_one_active ON pack_versions(active) WHERE active = 1;
CREATE INDEX pack_versions_digest ON pack_versions(digest);
