-- trail_checkpoints keyed by tree_size (the rowid) instead of a separate id with a UNIQUE index on
-- tree_size: with a checkpoint sealed in every committed transaction, that index was one more page
-- written to the WAL per commit (docs/performance.md, "Trail"). Same columns and triggers.
CREATE TABLE trail_checkpoints_by_size (
  tree_size  INTEGER PRIMARY KEY CHECK (tree_size >= 0),
  created_at TEXT NOT NULL,
  note       TEXT NOT NULL,
  frontier   BLOB NOT NULL
) STRICT;
INSERT INTO trail_checkpoints_by_size(tree_size, created_at, note, frontier)
  SELECT tree_size, created_at, note, frontier FROM trail_checkpoints ORDER BY tree_size;
DROP TABLE trail_checkpoints;
ALTER TABLE trail_checkpoints_by_size RENAME TO trail_checkpoints;
CREATE TRIGGER trail_checkpoints_no_update BEFORE UPDATE ON trail_checkpoints
BEGIN SELECT RAISE(ABORT, 'trail checkpoints are append-only'); END;
CREATE TRIGGER trail_checkpoints_no_delete BEFORE DELETE ON trail_checkpoints
BEGIN SELECT RAISE(ABORT, 'trail checkpoints are append-only'); END;
