-- 緊急時対応計画 (第125条–第128条, docs/emergency-plan.md), owned by domain/irplan. A plan is a series
-- of versions: one draft at a time (written by the CSIRT and the 統括), approved by the CISO, after which
-- it is the current plan and never changes again; approving the next one supersedes it (kept, read-only).
-- The contacts (第126条(1)) are not stored: they are read live from the 緊急連絡網 and the role register,
-- so a person who changes role changes the plan. Drills (第52条) stay in training's tables; the link
-- from a drill to the plan version (and the part) it exercised is kept here.
CREATE TABLE irplan_versions (
  id                INTEGER PRIMARY KEY,
  version_no        INTEGER NOT NULL UNIQUE CHECK (version_no >= 1),
  state             TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','approved','superseded')),
  title             TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  purpose           TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 4000),
  report_items      TEXT NOT NULL DEFAULT '' CHECK (length(report_items) <= 4000),      -- 第126条(2)
  external_contacts TEXT NOT NULL DEFAULT '' CHECK (length(external_contacts) <= 4000), -- 警察, 事業者 …
  general_response  TEXT NOT NULL DEFAULT '' CHECK (length(general_response) <= 4000),  -- 第126条(3)
  prevention        TEXT NOT NULL DEFAULT '' CHECK (length(prevention) <= 4000),        -- 第126条(4)
  change_note       TEXT NOT NULL DEFAULT '' CHECK (length(change_note) <= 1000),
  review_on         TEXT NOT NULL CHECK (review_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_by        INTEGER NOT NULL,                                                    -- people_v.id
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  approved_by       INTEGER,                                                             -- people_v.id
  approved_at       TEXT,
  superseded_at     TEXT,
  CHECK ((state = 'draft') = (approved_by IS NULL AND approved_at IS NULL)),
  CHECK ((state = 'superseded') = (superseded_at IS NOT NULL)),
  CHECK (approved_by IS NULL OR approved_by <> created_by)
) STRICT;
CREATE UNIQUE INDEX irplan_one_draft ON irplan_versions(state) WHERE state = 'draft';
CREATE UNIQUE INDEX irplan_one_current ON irplan_versions(state) WHERE state = 'approved';

-- 第126条(3): the response per incident category (the pack's list) of one version.
CREATE TABLE irplan_responses (
  id                INTEGER PRIMARY KEY,
  version_id        INTEGER NOT NULL REFERENCES irplan_versions(id),
  category          TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 64),             -- incidents.yaml id
  first_response    TEXT NOT NULL CHECK (length(first_response) BETWEEN 1 AND 4000),     -- 初動・応急措置・証拠保全
  recovery          TEXT NOT NULL DEFAULT '' CHECK (length(recovery) <= 4000),           -- 復旧
  report_to         TEXT NOT NULL DEFAULT '' CHECK (length(report_to) <= 2000),          -- 報告先 beyond the chain
  prevention        TEXT NOT NULL DEFAULT '' CHECK (length(prevention) <= 4000),         -- 再発防止の観点
  UNIQUE (version_id, category)
) STRICT;

-- An approved or superseded version is read-only: only the step approved → superseded is allowed.
CREATE TRIGGER irplan_versions_frozen BEFORE UPDATE ON irplan_versions
WHEN OLD.state <> 'draft' AND NOT (OLD.state = 'approved' AND NEW.state = 'superseded'
  AND NEW.title IS OLD.title AND NEW.purpose IS OLD.purpose AND NEW.report_items IS OLD.report_items
  AND NEW.external_contacts IS OLD.external_contacts AND NEW.general_response IS OLD.general_response
  AND NEW.prevention IS OLD.prevention AND NEW.review_on IS OLD.review_on AND NEW.approved_by IS OLD.approved_by
  AND NEW.approved_at IS OLD.approved_at AND NEW.version_no IS OLD.version_no)
BEGIN SELECT RAISE(ABORT, 'an approved plan version is read-only'); END;
CREATE TRIGGER irplan_versions_kept BEFORE DELETE ON irplan_versions WHEN OLD.state <> 'draft'
BEGIN SELECT RAISE(ABORT, 'an approved plan version is kept'); END;
CREATE TRIGGER irplan_responses_frozen_ins BEFORE INSERT ON irplan_responses
WHEN (SELECT state FROM irplan_versions WHERE id = NEW.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'an approved plan version is read-only'); END;
CREATE TRIGGER irplan_responses_frozen_upd BEFORE UPDATE ON irplan_responses
WHEN (SELECT state FROM irplan_versions WHERE id = OLD.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'an approved plan version is read-only'); END;
CREATE TRIGGER irplan_responses_frozen_del BEFORE DELETE ON irplan_responses
WHEN (SELECT state FROM irplan_versions WHERE id = OLD.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'an approved plan version is read-only'); END;

-- 第52条: a drill (training's drills) recorded against a plan version and, optionally, one category's
-- part of it. A drill exercises one version.
CREATE TABLE irplan_drills (
  id          INTEGER PRIMARY KEY,
  drill_id    INTEGER NOT NULL UNIQUE,                                                   -- training's drill
  version_id  INTEGER NOT NULL REFERENCES irplan_versions(id),
  category    TEXT CHECK (category IS NULL OR length(category) BETWEEN 1 AND 64),
  linked_by   INTEGER NOT NULL,                                                          -- people_v.id
  linked_at   TEXT NOT NULL
) STRICT;
CREATE INDEX irplan_drills_version ON irplan_drills(version_id, drill_id);

-- Indexes for the incident module's busiest reads at a large city's scale (bench/incident_bench.c,
-- docs/performance.md: 100,000 incidents, 800,000 chain rows, 300,000 tasks). Covering, so that the
-- CSIRT board's per-incident counts (open and overdue tasks, a stalled chain step) read the index
-- alone, and a 課長's list finds the incidents they hold a task in without reading the tasks.
CREATE INDEX incident_tasks_incident_state ON incident_tasks(incident_id, state, due_date);
CREATE INDEX incident_tasks_owner_incident ON incident_tasks(owner_person_id, incident_id);
CREATE INDEX incident_recipients_chain ON incident_recipients(incident_id, step, person_id, seen_at, notified_at);
