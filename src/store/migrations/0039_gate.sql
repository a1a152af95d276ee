-- The 無害化 gate seen from lgsec (docs/sanitize.md「隔離と原本取り出し」): the verdicts `lgsec mailgate`
-- wrote to its verdict log, imported line by line (a line once: line_sha256), the attachments each
-- mail verdict lists, with the IDs of the disarmed copy and of the original kept in the quarantine
-- directory, the 原本取り出し releases (one per approved request: the rescan result and the
-- downloads), and how far each verdict log has been read. Owned by domain/gate.
CREATE TABLE gate_verdicts (
  id            INTEGER PRIMARY KEY,
  line_sha256   TEXT NOT NULL UNIQUE CHECK (length(line_sha256) = 64),
  received_at   TEXT NOT NULL,                     -- UTC, the time on the log line
  day           TEXT NOT NULL CHECK (length(day) = 10),  -- its JST calendar day
  kind          TEXT NOT NULL CHECK (kind IN ('mail', 'file')),
  action        TEXT NOT NULL CHECK (action IN ('clean', 'disarmed', 'blocked')),
  block_code    TEXT NOT NULL DEFAULT '' CHECK (length(block_code) <= 64),
  input_sha256  TEXT NOT NULL DEFAULT '' CHECK (length(input_sha256) IN (0, 64)),
  sender        TEXT NOT NULL DEFAULT '' CHECK (length(sender) <= 320),
  recipients    TEXT NOT NULL DEFAULT '[]',  -- lower-cased addresses, a JSON array written by gate_import
  attachments   INTEGER NOT NULL DEFAULT 0 CHECK (attachments >= 0)
) STRICT;
CREATE INDEX gate_verdicts_day ON gate_verdicts(day, block_code);

CREATE TABLE gate_items (
  id               INTEGER PRIMARY KEY,
  verdict_id       INTEGER NOT NULL REFERENCES gate_verdicts(id),
  position         INTEGER NOT NULL CHECK (position >= 1),
  name             TEXT NOT NULL CHECK (length(name) <= 1000),
  type             TEXT NOT NULL DEFAULT '' CHECK (length(type) <= 200),
  bytes            INTEGER NOT NULL CHECK (bytes >= 0),
  original_sha256  TEXT NOT NULL CHECK (length(original_sha256) = 64),
  disarmed_sha256  TEXT CHECK (disarmed_sha256 IS NULL OR length(disarmed_sha256) = 64),
  action           TEXT NOT NULL CHECK (action IN ('clean', 'disarmed', 'blocked')),
  block_code       TEXT NOT NULL DEFAULT '' CHECK (length(block_code) <= 64),
  received_at      TEXT NOT NULL,
  purged_at        TEXT,
  UNIQUE (verdict_id, position)
) STRICT;
CREATE INDEX gate_items_original ON gate_items(original_sha256);
CREATE INDEX gate_items_received ON gate_items(received_at);

CREATE TABLE gate_releases (
  id               INTEGER PRIMARY KEY,
  request_id       INTEGER NOT NULL UNIQUE REFERENCES requests(id),
  original_sha256  TEXT NOT NULL CHECK (length(original_sha256) = 64),
  rescanned_at     TEXT NOT NULL,
  result           TEXT NOT NULL CHECK (result IN ('released', 'refused')),
  block_code       TEXT NOT NULL DEFAULT '' CHECK (length(block_code) <= 64),
  reason           TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),  -- the refusal, in Japanese
  downloads        INTEGER NOT NULL DEFAULT 0 CHECK (downloads >= 0),
  last_download_at TEXT
) STRICT;

CREATE TABLE gate_log_positions (
  source      TEXT PRIMARY KEY CHECK (length(source) BETWEEN 1 AND 4096),
  inode       INTEGER NOT NULL,
  read_to     INTEGER NOT NULL CHECK (read_to >= 0),  -- bytes read, up to the last complete line
  updated_at  TEXT NOT NULL
) STRICT;
