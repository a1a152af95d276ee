-- The trail (証跡, 第63条, 第65条): an append-only Merkle log of every change, and the signed
-- checkpoints over it. See src/trail/trail.h and docs/trail.md.
--
-- entry is the canonical JSON of one event (the exact bytes hashed into the tree: leaf_hash =
-- SHA-256(0x00 ‖ entry)); seq is its 0-based index in the log. time, actor, action, object_type
-- and object_id repeat members of entry for filtering; `lgsec trail verify` checks that they match
-- the hashed bytes, and the UI and API show entry, never these columns.
-- (They are not generated columns: json_extract is refused in the schema with trusted_schema=OFF.)
CREATE TABLE trail_entries (
  seq         INTEGER PRIMARY KEY CHECK (seq >= 0),
  entry       TEXT NOT NULL,
  leaf_hash   BLOB NOT NULL CHECK (length(leaf_hash) = 32),
  time        TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL
) STRICT;
CREATE INDEX trail_entries_actor ON trail_entries(actor, seq);
CREATE INDEX trail_entries_object ON trail_entries(object_type, object_id, seq);

-- Append-only for the application: these triggers stop accidental edits. They do not stop someone
-- with the database file (they can drop them); `lgsec trail verify` catches that.
CREATE TRIGGER trail_entries_no_update BEFORE UPDATE ON trail_entries
BEGIN SELECT RAISE(ABORT, 'trail entries are append-only'); END;
CREATE TRIGGER trail_entries_no_delete BEFORE DELETE ON trail_entries
BEGIN SELECT RAISE(ABORT, 'trail entries are append-only'); END;

-- Signed tree heads. note is the whole C2SP signed note (tlog-checkpoint body + signature line);
-- tree_size repeats its size for lookups. frontier is the compact range at tree_size (the roots of
-- its perfect subtrees, largest first, 32 bytes each) so the next checkpoint only hashes the
-- entries appended since; it is checked against the signed root before use.
CREATE TABLE trail_checkpoints (
  id         INTEGER PRIMARY KEY,
  tree_size  INTEGER NOT NULL UNIQUE CHECK (tree_size >= 0),
  created_at TEXT NOT NULL,
  note       TEXT NOT NULL,
  frontier   BLOB NOT NULL
) STRICT;
CREATE TRIGGER trail_checkpoints_no_update BEFORE UPDATE ON trail_checkpoints
BEGIN SELECT RAISE(ABORT, 'trail checkpoints are append-only'); END;
CREATE TRIGGER trail_checkpoints_no_delete BEFORE DELETE ON trail_checkpoints
BEGIN SELECT RAISE(ABORT, 'trail checkpoints are append-only'); END;
