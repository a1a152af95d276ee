-- Witnesses (c2sp.org/tlog-witness, docs/trail.md "Witnesses").
-- trail_cosignatures: what this installation's checkpoints received from the witnesses `serve`
-- sends them to. checkpoint is the whole cosigned note: the checkpoint body, this log's signature
-- and the witness's cosignature line(s), so that each row can be checked on its own.
CREATE TABLE trail_cosignatures (
  id         INTEGER PRIMARY KEY,
  witness    TEXT NOT NULL,
  tree_size  INTEGER NOT NULL CHECK (tree_size >= 0),
  checkpoint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (witness, tree_size)
) STRICT;
CREATE TRIGGER trail_cosignatures_no_update BEFORE UPDATE ON trail_cosignatures
BEGIN SELECT RAISE(ABORT, 'trail cosignatures are append-only'); END;
CREATE TRIGGER trail_cosignatures_no_delete BEFORE DELETE ON trail_cosignatures
BEGIN SELECT RAISE(ABORT, 'trail cosignatures are append-only'); END;

-- witness_logs: when this installation witnesses other logs (`lgsec witness serve`), the latest
-- checkpoint it cosigned for each log origin. Checked and replaced in one transaction per request.
CREATE TABLE witness_logs (
  origin     TEXT PRIMARY KEY,
  tree_size  INTEGER NOT NULL CHECK (tree_size >= 0),
  root       BLOB NOT NULL CHECK (length(root) = 32),
  checkpoint TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
