-- Stored interior nodes of the trail's Merkle tree, so that inclusion and consistency proofs read
-- O(log n) rows instead of rehashing the log (docs/trail.md, "Fast proofs"). A node is the root
-- of the perfect subtree over leaves [idx·2^level, (idx+1)·2^level); only the levels that are
-- multiples of 4 are kept (one row per 16 entries in all), any other node is folded from at most
-- 8 stored ones below it (leaf hashes come from trail_entries). Written by the checkpoint that
-- first covers the node, in its transaction; `lgsec trail verify` compares them with the tree it
-- recomputes.
CREATE TABLE trail_nodes (
  level INTEGER NOT NULL CHECK (level >= 4 AND level % 4 = 0),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER trail_nodes_no_update BEFORE UPDATE ON trail_nodes
BEGIN SELECT RAISE(ABORT, 'trail nodes are append-only'); END;
CREATE TRIGGER trail_nodes_no_delete BEFORE DELETE ON trail_nodes
BEGIN SELECT RAISE(ABORT, 'trail nodes are append-only'); END;
