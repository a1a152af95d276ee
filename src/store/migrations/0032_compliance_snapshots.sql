-- The compliance dashboard's monthly trend (issue 14): when a month closes, the number of failing
-- things of every measure is kept, for the whole organisation (unit_id 0, one row per measure, also
-- when it is 0) and per unit the failing rows belong to (only units with rows), so that a 部局's or
-- 課室's view sums the rows of its units. taken_on is the day the numbers were computed (the first
-- scheduler tick of the next month, or the first read when the server was not running then).
CREATE TABLE compliance_snapshots (
  month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  measure_id  TEXT NOT NULL CHECK (length(measure_id) BETWEEN 1 AND 64),
  unit_id     INTEGER NOT NULL CHECK (unit_id >= 0),                 -- 0: the organisation; else org_units_v.id
  value       INTEGER NOT NULL CHECK (value >= 0),
  taken_on    TEXT NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  PRIMARY KEY (month, measure_id, unit_id)
) STRICT, WITHOUT ROWID;

-- The dashboard's 要判断 measure at 1,000,000 assets (docs/performance.md): with assets_status
-- (classification_status, unit_id) counting "要判断 and not disposed" read every 要判断 row for its
-- disposed_at (50,000 row reads, most of the 2 s). This index, on the assets module's table (its
-- queries are unchanged), makes it one index range counted without reading a row, with the rows in
-- unit order for the first 500 shown.
CREATE INDEX assets_pending_live ON assets(classification_status, disposed_at, unit_id);
