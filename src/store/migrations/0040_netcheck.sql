-- netcheck (issue 17, 第24条–第26条・第44条・第67条): the stored runs of the 三層の対策 check. The files
-- (topology YAML, firewall configurations) are kept by SHA-256 in the shared evidence store; a row
-- here says who uploaded which bytes under which name. A run keeps its result JSON (src/netcheck/run.h)
-- with its SHA-256, the files it read in order, the systems of the register it names (who may read it:
-- docs/netcheck.md) and, for a before/after comparison, the セキュリティ設定の変更 request it is
-- attached to (requests_v). Rows are never changed but for that attachment; each insert is trailed.
CREATE TABLE netcheck_files (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  size         INTEGER NOT NULL CHECK (size > 0),
  uploaded_by  INTEGER NOT NULL,               -- people_v.id
  uploaded_at  TEXT NOT NULL
) STRICT;

CREATE TABLE netcheck_runs (
  id             INTEGER PRIMARY KEY,
  mode           TEXT NOT NULL CHECK (mode IN ('check', 'diff')),
  title          TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  model          TEXT NOT NULL DEFAULT '' CHECK (length(model) <= 48),
  result         TEXT NOT NULL,                -- the result JSON (run.h)
  result_sha256  TEXT NOT NULL CHECK (length(result_sha256) = 64),
  violations     INTEGER NOT NULL CHECK (violations >= 0),
  opened         INTEGER NOT NULL CHECK (opened >= 0),
  closed         INTEGER NOT NULL CHECK (closed >= 0),
  findings       INTEGER NOT NULL CHECK (findings >= 0),
  request_id     INTEGER,                      -- requests_v.id (diff only)
  run_by         INTEGER NOT NULL,             -- people_v.id
  run_at         TEXT NOT NULL
) STRICT;
CREATE INDEX netcheck_runs_request ON netcheck_runs(request_id) WHERE request_id IS NOT NULL;

CREATE TABLE netcheck_run_files (
  run_id    INTEGER NOT NULL REFERENCES netcheck_runs(id),
  position  INTEGER NOT NULL CHECK (position >= 0),
  file_id   INTEGER NOT NULL REFERENCES netcheck_files(id),
  role      TEXT NOT NULL CHECK (role IN ('topology', 'config', 'before', 'after')),
  PRIMARY KEY (run_id, position)
) STRICT;

CREATE TABLE netcheck_run_systems (
  run_id     INTEGER NOT NULL REFERENCES netcheck_runs(id),
  system_id  INTEGER NOT NULL,                 -- systems_v.id
  PRIMARY KEY (run_id, system_id)
) STRICT;
