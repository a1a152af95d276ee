-- Closing an incident names where its lessons go (第56条5・6, 第165条; docs/incidents.md "完了"): the 年度
-- whose 情報セキュリティポリシーの見直し takes them in, or a change request (申請) filed for the 再発防止策.
-- Checked when the incident is closed (src/domain/incidents/incident_follow_up.c): the 年度 is not before
-- the incident's and its review is not yet held; the request exists and is still alive. follow_up stays
-- the free-text note beside the link.
ALTER TABLE incidents ADD COLUMN review_fiscal_year INTEGER
  CHECK (review_fiscal_year IS NULL OR review_fiscal_year BETWEEN 2000 AND 2100);
ALTER TABLE incidents ADD COLUMN change_request_id INTEGER REFERENCES requests(id);

-- Owned by policydocs (src/domain/policydocs): which 年度 have their review recorded and when it was
-- held; an incident's closure is checked against it. The review's text stays private.
CREATE VIEW policy_reviews_v AS
  SELECT id, fiscal_year, reviewed_on FROM policy_reviews;

-- Improvement actions (第164条) on a system's self-check sheet as on a 課室's: selfcheck_actions gets a
-- system target beside the 課室 one, exactly one of the two. SQLite cannot relax NOT NULL in place, so
-- the table is rebuilt with its rows and ids (nothing references it).
CREATE TABLE selfcheck_actions_rebuilt (
  id               INTEGER PRIMARY KEY,
  target_id        INTEGER REFERENCES selfcheck_targets(id),
  system_target_id INTEGER REFERENCES selfcheck_system_targets(id),
  item_id          TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 64),
  description      TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  owner_person_id  INTEGER NOT NULL REFERENCES people(id),
  due_on           TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  result           TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 2000),
  done_on          TEXT,
  created_by       INTEGER NOT NULL REFERENCES people(id),
  created_at       TEXT NOT NULL,
  CHECK ((target_id IS NULL) <> (system_target_id IS NULL))
) STRICT;
INSERT INTO selfcheck_actions_rebuilt (id, target_id, item_id, description, owner_person_id, due_on, state, result,
                                       done_on, created_by, created_at)
  SELECT id, target_id, item_id, description, owner_person_id, due_on, state, result, done_on, created_by, created_at
  FROM selfcheck_actions;
DROP TABLE selfcheck_actions;
ALTER TABLE selfcheck_actions_rebuilt RENAME TO selfcheck_actions;
CREATE INDEX selfcheck_actions_open ON selfcheck_actions(state, due_on);
CREATE INDEX selfcheck_actions_system ON selfcheck_actions(system_target_id) WHERE system_target_id IS NOT NULL;

-- The 情報セキュリティ委員会 approves the 年度's 研修計画 (第51条): a decision of kind training_plan whose
-- ref_id is the 年度 (the plan is that 年度's courses, src/domain/training). The kind's CHECK is relaxed
-- by rebuilding the table with its rows and ids (nothing references it).
CREATE TABLE committee_decisions_rebuilt (
  id           INTEGER PRIMARY KEY,
  meeting_id   INTEGER NOT NULL REFERENCES committee_meetings(id),
  agenda_id    INTEGER REFERENCES committee_agenda(id),
  kind         TEXT NOT NULL CHECK (kind IN ('policy_version', 'audit_plan', 'exception', 'training_plan', 'instruction',
                                             'other')),
  ref_id       INTEGER,
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  owner_person_id INTEGER,
  due_on       TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  state        TEXT NOT NULL DEFAULT 'recorded' CHECK (state IN ('recorded', 'open', 'done')),
  result       TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 4000),
  done_on      TEXT,
  created_by   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  CHECK ((kind = 'instruction') = (owner_person_id IS NOT NULL AND due_on IS NOT NULL)),
  CHECK (kind <> 'training_plan' OR ref_id BETWEEN 2000 AND 2100)
) STRICT;
INSERT INTO committee_decisions_rebuilt
  SELECT id, meeting_id, agenda_id, kind, ref_id, text, owner_person_id, due_on, state, result, done_on, created_by,
         created_at
  FROM committee_decisions;
DROP TABLE committee_decisions;
ALTER TABLE committee_decisions_rebuilt RENAME TO committee_decisions;
CREATE INDEX committee_decisions_meeting ON committee_decisions(meeting_id, id);
CREATE INDEX committee_decisions_owner ON committee_decisions(owner_person_id, state) WHERE owner_person_id IS NOT NULL;
CREATE INDEX committee_decisions_training_plan ON committee_decisions(ref_id) WHERE kind = 'training_plan';
