-- 申請・承認 (issue 4): requests of the pack's request types (requests.yaml) and the decisions on
-- them. Rows are never deleted. A decision keeps a snapshot of what was decided on (the request and
-- the referenced object's row at that moment) with its SHA-256, which also goes into the trail, so a
-- later change to the asset cannot alter what was approved (第23条10–12, 第41条, 第129条).
--
-- state: draft (下書き) → submitted (申請中, at current_stage) → approved (承認) | returned (差戻し,
-- may be submitted again) | rejected (却下) | withdrawn (取下げ) → completed (完了: 持ち出しの返却)
-- | expired (期限切れ: valid_until passed).
CREATE TABLE requests (
  id                  INTEGER PRIMARY KEY,
  type                TEXT NOT NULL,                                  -- pack request type id
  requester_person_id INTEGER NOT NULL REFERENCES people(id),
  unit_id             INTEGER NOT NULL REFERENCES org_units(id),      -- the requester's 課室 at creation
  object_kind         TEXT NOT NULL CHECK (object_kind IN ('none','asset','system')),
  object_id           INTEGER,
  fields              TEXT NOT NULL,                                  -- JSON object, checked against the type
  state               TEXT NOT NULL CHECK (state IN ('draft','submitted','approved','returned','rejected',
                                                     'withdrawn','completed','expired')),
  current_stage       INTEGER NOT NULL DEFAULT 0,                     -- 0-based index into the type's stages
  round               INTEGER NOT NULL DEFAULT 0,                     -- submissions so far (a returned request is submitted again)
  object_hash         TEXT,                                           -- SHA-256 of the object's row at submission
  created_at          TEXT NOT NULL,
  submitted_at        TEXT,
  decided_at          TEXT,
  completed_at        TEXT,
  valid_until         TEXT,                                           -- YYYY-MM-DD when the type has validity_days
  updated_at          TEXT NOT NULL,
  CHECK ((object_kind = 'none') = (object_id IS NULL))
) STRICT;
CREATE INDEX requests_requester ON requests(requester_person_id, state);
CREATE INDEX requests_state ON requests(state, type);
CREATE INDEX requests_object ON requests(object_kind, object_id);

-- One row per decision of one approver at one stage.
CREATE TABLE request_approvals (
  id                 INTEGER PRIMARY KEY,
  request_id         INTEGER NOT NULL REFERENCES requests(id),
  round              INTEGER NOT NULL,                                -- the submission it belongs to
  stage              INTEGER NOT NULL,
  approver_person_id INTEGER NOT NULL REFERENCES people(id),
  approver_role      TEXT NOT NULL,                                   -- the role they approved as (escalated or not)
  escalated          INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0,1)),
  decision           TEXT NOT NULL CHECK (decision IN ('approve','return','reject')),
  comment            TEXT NOT NULL DEFAULT '',
  snapshot           TEXT NOT NULL,                                   -- JSON: {request, object}
  snapshot_hash      TEXT NOT NULL,                                   -- hex SHA-256 of snapshot
  decided_at         TEXT NOT NULL
) STRICT;
-- One decision per person per stage of a submission.
CREATE UNIQUE INDEX request_approvals_request ON request_approvals(request_id, round, stage, approver_person_id);

-- The request's history: create, submit, each decision, withdraw, complete, expire, with comments.
CREATE TABLE request_events (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  kind       TEXT NOT NULL CHECK (kind IN ('create','submit','approve','return','reject','withdraw',
                                          'complete','expire','escalate')),
  person_id  INTEGER REFERENCES people(id),
  stage      INTEGER,
  comment    TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX request_events_request ON request_events(request_id, id);
