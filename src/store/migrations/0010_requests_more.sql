-- 申請・承認 (issue 4), continued: 代行 (第84条3-4), 例外措置 (第129条–第131条), in-app
-- notifications and reminders, and the indexes the 「自分の作業」 inbox needs.

-- 代行: the deputy stands in for the principal in one role over the principal's scope for a period.
-- For the roles a delegation-kind request type lists (特権の代行者: 統括情報セキュリティ責任者,
-- 情報システム管理者) the row is created when the CISO approves that request (request_id); for other
-- roles the principal creates it directly. Rows are never deleted; revoking ends them.
CREATE TABLE delegations (
  id                  INTEGER PRIMARY KEY,
  principal_person_id INTEGER NOT NULL REFERENCES people(id),
  deputy_person_id    INTEGER NOT NULL REFERENCES people(id),
  role                TEXT NOT NULL,
  scope_kind          TEXT NOT NULL CHECK (scope_kind IN ('organisation','unit','system')),
  scope_id            INTEGER,
  valid_from          TEXT NOT NULL,                 -- YYYY-MM-DD (JST), inclusive
  valid_until         TEXT NOT NULL,                 -- YYYY-MM-DD (JST), inclusive
  reason              TEXT NOT NULL DEFAULT '',
  request_id          INTEGER REFERENCES requests(id),
  state               TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','revoked')),
  created_at          TEXT NOT NULL,
  revoked_at          TEXT,
  CHECK (principal_person_id <> deputy_person_id),
  CHECK ((scope_kind = 'organisation') = (scope_id IS NULL)),
  CHECK (valid_from <= valid_until)
) STRICT;
CREATE INDEX delegations_principal ON delegations(principal_person_id, role, state);
CREATE INDEX delegations_deputy ON delegations(deputy_person_id, state, valid_until);

-- The deputy's decisions say whom they stood in for.
ALTER TABLE request_approvals ADD COLUMN deputy_for_person_id INTEGER REFERENCES people(id);

-- 例外措置: one row per request of an exception-kind type. emergency = 第130条: the measure was taken
-- at taken_at before any permission and must be reported (the request submitted) by report_due.
-- The CISO's periodic check of the register (第131条) is recorded as last_review_*.
CREATE TABLE exceptions (
  request_id              INTEGER PRIMARY KEY REFERENCES requests(id),
  emergency               INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0,1)),
  taken_at                TEXT,
  report_due              TEXT,
  reported_at             TEXT,
  last_review_at          TEXT,
  last_reviewer_person_id INTEGER REFERENCES people(id),
  last_review_comment     TEXT NOT NULL DEFAULT '',
  CHECK ((emergency = 1) = (taken_at IS NOT NULL AND report_due IS NOT NULL))
) STRICT;

-- In-app notifications (お知らせ). dedup_key makes reminders idempotent: one per item, occasion and
-- person. title and link never carry the contents of a request; mail carries only the kind and the
-- link (no 機密性2以上 information leaves lgsec by mail).
CREATE TABLE notifications (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  kind        TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   INTEGER NOT NULL,
  title       TEXT NOT NULL,
  link        TEXT NOT NULL,
  dedup_key   TEXT UNIQUE,
  created_at  TEXT NOT NULL,
  read_at     TEXT,
  mail_state  TEXT NOT NULL DEFAULT 'pending' CHECK (mail_state IN ('pending','sent','failed','none')),
  mailed_at   TEXT
) STRICT;
CREATE INDEX notifications_person ON notifications(person_id, read_at, id);
CREATE INDEX notifications_mail ON notifications(mail_state, id);

-- The inbox: the referenced object's 課室 and system as they were at submission (an approval is
-- refused when the object changed since then, so these hold for the whole review), and indexes that
-- find the submitted requests of a type and stage in one unit, object unit or system.
ALTER TABLE requests ADD COLUMN object_unit_id INTEGER REFERENCES org_units(id);
ALTER TABLE requests ADD COLUMN object_system_id INTEGER REFERENCES systems(id);
UPDATE requests SET
  object_unit_id = CASE object_kind WHEN 'asset' THEN (SELECT unit_id FROM assets WHERE id = requests.object_id)
                                    WHEN 'system' THEN (SELECT owner_unit_id FROM systems WHERE id = requests.object_id) END,
  object_system_id = CASE object_kind WHEN 'asset' THEN (SELECT system_id FROM assets WHERE id = requests.object_id)
                                      WHEN 'system' THEN object_id END;
CREATE INDEX requests_inbox ON requests(state, type, current_stage, unit_id);
CREATE INDEX requests_inbox_object_unit ON requests(state, type, current_stage, object_unit_id);
CREATE INDEX requests_inbox_system ON requests(state, type, current_stage, object_system_id);
CREATE INDEX requests_mine ON requests(requester_person_id, state, type, current_stage);
CREATE INDEX requests_valid ON requests(state, valid_until);
