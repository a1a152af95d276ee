-- Evaluation (issue 14), part 1: what was done for a periodic duty of the pack's checks.yaml (研修,
-- 訓練, 利用されていないIDの点検, 自己点検, 監査, 見直し …). The duties themselves are pack data;
-- their status (done this 年度, due, overdue) is computed from these rows when read. Rows are never
-- deleted: a wrong entry is corrected by recording again.
CREATE TABLE duty_records (
  id           INTEGER PRIMARY KEY,
  check_id     TEXT NOT NULL CHECK (length(check_id) BETWEEN 1 AND 64),  -- checks.yaml id
  done_on      TEXT NOT NULL CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  fiscal_year  INTEGER NOT NULL,                                          -- the 年度 of done_on
  summary      TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),  -- what was done
  evidence     TEXT NOT NULL DEFAULT '' CHECK (length(evidence) <= 500),  -- where the evidence is kept
  recorded_by  INTEGER NOT NULL REFERENCES people(id),
  recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX duty_records_by_check ON duty_records(check_id, done_on);
