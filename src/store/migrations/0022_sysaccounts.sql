-- IDs in every registered information system (第83条・第84条, issue 15). Each import of a system's
-- account list is a snapshot; the system's IDs are those of its latest snapshot. Findings (leavers,
-- unused, privileged without a role, unmatched, shared) are computed when read, from these rows and
-- the people of the org module, never stored. Snapshots are never deleted: they are the trail of
-- what each system held when.
CREATE TABLE sysaccount_snapshots (
  id           INTEGER PRIMARY KEY,
  system_id    INTEGER NOT NULL,                                   -- systems_v.id
  format       TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 64), -- systems.yaml account_formats id
  filename     TEXT NOT NULL DEFAULT '' CHECK (length(filename) <= 255),
  id_count     INTEGER NOT NULL,
  columns      TEXT NOT NULL,                                      -- JSON array of the fields the file had
  imported_by  INTEGER NOT NULL,                                   -- accounts_v.id
  imported_at  TEXT NOT NULL
) STRICT;
CREATE INDEX sysaccount_snapshots_system ON sysaccount_snapshots(system_id, id);

CREATE TABLE sysaccount_ids (
  id           INTEGER PRIMARY KEY,
  snapshot_id  INTEGER NOT NULL REFERENCES sysaccount_snapshots(id),
  system_id    INTEGER NOT NULL,
  row_no       INTEGER NOT NULL,                                   -- the file's row (Excel numbering)
  login_id     TEXT NOT NULL CHECK (length(login_id) BETWEEN 1 AND 128),
  staff_no     TEXT NOT NULL DEFAULT '' CHECK (length(staff_no) <= 64),
  holder_name  TEXT NOT NULL DEFAULT '' CHECK (length(holder_name) <= 200),
  unit_name    TEXT NOT NULL DEFAULT '' CHECK (length(unit_name) <= 200),
  privileges   TEXT NOT NULL DEFAULT '' CHECK (length(privileges) <= 2000),
  last_login   TEXT CHECK (last_login IS NULL OR last_login GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  state        TEXT NOT NULL DEFAULT '' CHECK (length(state) <= 100),
  enabled      INTEGER NOT NULL CHECK (enabled IN (0,1)),          -- the format's reading of state
  privileged   INTEGER NOT NULL CHECK (privileged IN (0,1)),       -- the format's reading of privileges
  UNIQUE (snapshot_id, login_id)
) STRICT;
