-- Register imports in progress: the uploaded file (kept until the import is done or abandoned),
-- its target register, and the outcome. All rows of an import are written in one transaction.
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  target      TEXT NOT NULL CHECK (target IN ('assets','systems')),
  filename    TEXT NOT NULL DEFAULT '',
  format      TEXT NOT NULL CHECK (format IN ('csv','xlsx')),
  data        BLOB,                         -- the file; cleared once the import is done
  rows        INTEGER NOT NULL DEFAULT 0,   -- data rows
  state       TEXT NOT NULL CHECK (state IN ('uploaded','running','done','failed')),
  created     INTEGER NOT NULL DEFAULT 0,   -- rows written by a successful import
  errors      TEXT,                         -- JSON array of row errors when it failed
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX imports_account ON imports(account_id);
