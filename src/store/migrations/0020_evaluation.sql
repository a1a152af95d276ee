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

-- 自己点検 (第162条–第164条): a campaign per 年度 over chosen 課室; each 課室's answers to the pack's
-- items (selfcheck.yaml), with what lgsec computed from its data when the answer was given; and the
-- improvement actions that follow (第164条), with owner and due date, until closed.
CREATE TABLE selfcheck_campaigns (
  id           INTEGER PRIMARY KEY,
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  opened_by    INTEGER NOT NULL REFERENCES people(id),
  opened_at    TEXT NOT NULL,
  closed_at    TEXT
) STRICT;
CREATE TABLE selfcheck_targets (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES selfcheck_campaigns(id),
  unit_id      INTEGER NOT NULL REFERENCES org_units(id),
  UNIQUE (campaign_id, unit_id)
) STRICT;
CREATE TABLE selfcheck_answers (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES selfcheck_targets(id),
  item_id      TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 64),
  answer       TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no', 'na')),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  auto_answer  TEXT CHECK (auto_answer IN ('yes', 'partly', 'no')),  -- lgsec's answer from the data then
  answered_by  INTEGER NOT NULL REFERENCES people(id),
  answered_at  TEXT NOT NULL,
  UNIQUE (target_id, item_id)
) STRICT;
CREATE TABLE selfcheck_actions (
  id              INTEGER PRIMARY KEY,
  target_id       INTEGER NOT NULL REFERENCES selfcheck_targets(id),
  item_id         TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 64),
  description     TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  owner_person_id INTEGER NOT NULL REFERENCES people(id),
  due_on          TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  result          TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 2000),
  done_on         TEXT,
  created_by      INTEGER NOT NULL REFERENCES people(id),
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX selfcheck_actions_open ON selfcheck_actions(state, due_on);

-- 監査 (第154条–第160条): an audit of a 課室 in a 年度 by the 監査統括責任者; the auditors, each
-- independent of the audited 課室 (第155条, checked by org's separation_check when assigned); the
-- findings (指摘事項 / 改善提案 / 良好事例 with severity), the audited 課室's improvement plan and due
-- date (第160条) and the follow-up until closed.
CREATE TABLE audits (
  id           INTEGER PRIMARY KEY,
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  unit_id      INTEGER NOT NULL REFERENCES org_units(id),
  scope        TEXT NOT NULL DEFAULT '' CHECK (length(scope) <= 2000),
  created_by   INTEGER NOT NULL REFERENCES people(id),
  created_at   TEXT NOT NULL
) STRICT;
CREATE TABLE audit_auditors (
  audit_id     INTEGER NOT NULL REFERENCES audits(id),
  person_id    INTEGER NOT NULL REFERENCES people(id),
  assigned_by  INTEGER NOT NULL REFERENCES people(id),
  assigned_at  TEXT NOT NULL,
  PRIMARY KEY (audit_id, person_id)
) STRICT;
CREATE TABLE audit_findings (
  id           INTEGER PRIMARY KEY,
  audit_id     INTEGER NOT NULL REFERENCES audits(id),
  kind         TEXT NOT NULL CHECK (kind IN ('finding', 'suggestion', 'good_practice')),
  severity     TEXT CHECK (severity IN ('high', 'medium', 'low')),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  detail       TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 4000),
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'planned', 'closed')),
  plan         TEXT NOT NULL DEFAULT '' CHECK (length(plan) <= 4000),
  plan_due     TEXT,
  plan_by      INTEGER REFERENCES people(id),
  closed_note  TEXT NOT NULL DEFAULT '' CHECK (length(closed_note) <= 2000),
  closed_at    TEXT,
  created_by   INTEGER NOT NULL REFERENCES people(id),
  created_at   TEXT NOT NULL,
  CHECK ((kind = 'good_practice') = (severity IS NULL))
) STRICT;
