-- Failed sign-ins counted per account AND source address (docs/security.md, "Sign-in"): a source
-- that fails lockout_threshold times in a row is stopped for that account for a time that doubles at
-- each new lock (progressive), while the holder, from a source where they signed in before, still
-- can. last_success_at makes a source known; failed_total counts the failures of the last day, so
-- that many unknown sources guessing one account together are stopped as well.
CREATE TABLE login_sources (
  account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_addr     TEXT NOT NULL,
  failed_count    INTEGER NOT NULL DEFAULT 0,  -- failures in a row since the last success or lock
  failed_total    INTEGER NOT NULL DEFAULT 0,  -- failures since last_failed_at's day began counting
  locks           INTEGER NOT NULL DEFAULT 0,  -- locks in a row: the next lasts lockout_minutes × 2^locks
  locked_until    TEXT,
  last_failed_at  TEXT,
  last_success_at TEXT,
  PRIMARY KEY (account_id, client_addr)
) STRICT;
CREATE INDEX login_sources_failed ON login_sources(last_failed_at);
