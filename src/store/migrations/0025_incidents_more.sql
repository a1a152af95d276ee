-- インシデント対応, more (docs/incidents.md): 違反 (第124条, 第133条–第134条) — reports of a violation
-- of the policy, kept apart from incidents (their own, narrower readers) but linkable to one — and the
-- CSIRT board's assignee. Written only by src/domain/incidents.

-- A report. unit_id: the reporter's 課室 (the chain's section steps look there). The 統括 (the pack's
-- handler_roles) confirms it — naming who violated (violator_person_id) — or finds it unfounded with
-- a reason; once confirmed, the handling is one of the pack's outcomes and its date: no free text
-- about the person. The violator never assesses or handles it (第20条).
CREATE TABLE incident_violations (
  id                   INTEGER PRIMARY KEY,
  description          TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  article              TEXT NOT NULL DEFAULT '' CHECK (length(article) <= 40),
  noticed_at           TEXT NOT NULL,
  unit_id              INTEGER NOT NULL REFERENCES org_units(id),
  reporter_person_id   INTEGER NOT NULL REFERENCES people(id),
  incident_id          INTEGER REFERENCES incidents(id),
  state                TEXT NOT NULL DEFAULT 'reported' CHECK (state IN ('reported','confirmed','unfounded','handled')),
  violator_person_id   INTEGER REFERENCES people(id),
  unfounded_reason     TEXT NOT NULL DEFAULT '' CHECK (length(unfounded_reason) <= 400),
  assessed_by          INTEGER REFERENCES people(id),
  assessed_at          TEXT,
  outcome              TEXT,
  outcome_on           TEXT,
  handled_by           INTEGER REFERENCES people(id),
  handled_at           TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  CHECK (state IN ('reported','unfounded') OR violator_person_id IS NOT NULL),
  CHECK (state <> 'unfounded' OR (unfounded_reason <> '' AND violator_person_id IS NULL)),
  CHECK (state = 'reported' OR assessed_by IS NOT NULL),
  CHECK ((state = 'handled') = (outcome IS NOT NULL AND outcome_on IS NOT NULL AND handled_by IS NOT NULL)),
  CHECK (assessed_by IS NULL OR assessed_by IS NOT violator_person_id),
  CHECK (handled_by IS NULL OR handled_by IS NOT violator_person_id)
) STRICT;
CREATE INDEX incident_violations_reporter ON incident_violations(reporter_person_id, id);
CREATE INDEX incident_violations_state ON incident_violations(state, id);

-- Who was told (the pack's violations.chain at the report; step 'superior' once confirmed, 第134条1),
-- when, and when they first opened it. A step nobody holds has one row without a person.
CREATE TABLE incident_violation_recipients (
  id            INTEGER PRIMARY KEY,
  violation_id  INTEGER NOT NULL REFERENCES incident_violations(id),
  step          TEXT NOT NULL,
  role          TEXT NOT NULL,
  person_id     INTEGER REFERENCES people(id),
  notified_at   TEXT NOT NULL,
  seen_at       TEXT,
  UNIQUE (violation_id, step, person_id)
) STRICT;
CREATE INDEX incident_violation_recipients_person ON incident_violation_recipients(person_id, violation_id);

-- The CSIRT board: the CSIRT member who handles an open incident (assigned by the CSIRT; NULL: nobody
-- yet). Set through domain/incidents only, with its trail entry (incident.assign).
ALTER TABLE incidents ADD COLUMN assignee_person_id INTEGER REFERENCES people(id);
CREATE INDEX incidents_assignee ON incidents(assignee_person_id, state);
