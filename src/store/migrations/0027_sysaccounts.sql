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

-- Access-review campaigns (第83条(3): 不要なアクセス権限が付与されていないかの定期確認, every
-- checks.yaml access_rights_review_days). Opening one copies every system's current IDs (and
-- lgsec's own accounts, system_id 0) with their findings at that moment; each system's 管理者
-- certifies each ID keep / change / remove with a reason. A removal or change is done when the
-- system's next import no longer shows the ID enabled (computed when read) or when someone records
-- it by hand with a note. The campaign and its items are the audit evidence; nothing is deleted.
CREATE TABLE access_reviews (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  opened_on   TEXT NOT NULL,
  due_on      TEXT NOT NULL CHECK (due_on >= opened_on),
  state       TEXT NOT NULL CHECK (state IN ('open','closed')),
  opened_by   INTEGER NOT NULL,          -- accounts_v.id
  closed_at   TEXT
) STRICT;

CREATE TABLE access_review_items (
  id           INTEGER PRIMARY KEY,
  review_id    INTEGER NOT NULL REFERENCES access_reviews(id),
  system_id    INTEGER NOT NULL,         -- systems_v.id; 0 = lgsec's own accounts
  login_id     TEXT NOT NULL,
  holder_name  TEXT NOT NULL DEFAULT '',
  person_id    INTEGER,                  -- people_v.id matched when the campaign opened
  privileged   INTEGER NOT NULL CHECK (privileged IN (0,1)),
  findings     TEXT NOT NULL DEFAULT '[]', -- JSON array of finding codes when the campaign opened
  decision     TEXT CHECK (decision IN ('keep','change','remove')),
  reason       TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 1000),
  decided_by   INTEGER,
  decided_at   TEXT,
  done_note    TEXT CHECK (done_note IS NULL OR length(done_note) BETWEEN 1 AND 1000),
  done_by      INTEGER,
  done_at      TEXT,
  UNIQUE (review_id, system_id, login_id)
) STRICT;
CREATE INDEX access_review_items_system ON access_review_items(system_id, review_id);
