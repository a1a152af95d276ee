-- インシデント対応 (第54条–第56条, docs/incidents.md): reports and who in the chain was told.
-- Written only by src/domain/incidents.

-- A report. noticed_at: when the reporter (or, for a report from outside, the person who received
-- it) knew — deadlines count from it; occurred_at (optional) is never after it. Where: an asset or
-- a system of the registers, or free text (place). unit_id: the 課室 the chain starts from (the
-- asset's, else the reporter's). personal_data: 'none' | 'unknown' | 'involved', the kinds (pack ids,
-- comma-separated in pack order) and the rough number of people only when involved. source: staff
-- (第54条) or resident / outsider (第55条, with the caller's name and contact).
CREATE TABLE incidents (
  id                   INTEGER PRIMARY KEY,
  title                TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description          TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  noticed_at           TEXT NOT NULL,
  occurred_at          TEXT CHECK (occurred_at IS NULL OR occurred_at <= noticed_at),
  asset_id             INTEGER REFERENCES assets(id),
  system_id            INTEGER REFERENCES systems(id),
  place                TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
  unit_id              INTEGER NOT NULL REFERENCES org_units(id),
  personal_data        TEXT NOT NULL CHECK (personal_data IN ('none','unknown','involved')),
  personal_data_kinds  TEXT NOT NULL DEFAULT '',
  affected_count       INTEGER CHECK (affected_count IS NULL OR affected_count >= 1),
  source               TEXT NOT NULL CHECK (source IN ('staff','resident','outsider')),
  caller_name          TEXT NOT NULL DEFAULT '' CHECK (length(caller_name) <= 100),
  caller_contact       TEXT NOT NULL DEFAULT '' CHECK (length(caller_contact) <= 200),
  reporter_person_id   INTEGER NOT NULL REFERENCES people(id),
  state                TEXT NOT NULL DEFAULT 'reported' CHECK (state IN ('reported','triaged','not_incident','closed')),
  -- 第56条: the CSIRT's assessment (category and severity are pack ids), the person who caused it if
  -- known (never the one who closes), the cause and proposed 再発防止策, the CISO's decision on the
  -- measures (第56条7), and the closure with its lessons and the review or change it feeds.
  category             TEXT,
  severity             TEXT,
  triage_note          TEXT NOT NULL DEFAULT '' CHECK (length(triage_note) <= 4000),
  causer_person_id     INTEGER REFERENCES people(id),
  triaged_by           INTEGER REFERENCES people(id),
  triaged_at           TEXT,
  cause                TEXT NOT NULL DEFAULT '' CHECK (length(cause) <= 4000),
  prevention           TEXT NOT NULL DEFAULT '' CHECK (length(prevention) <= 4000),
  decision             TEXT NOT NULL DEFAULT '' CHECK (length(decision) <= 4000),
  decided_by           INTEGER REFERENCES people(id),
  decided_at           TEXT,
  lessons              TEXT NOT NULL DEFAULT '' CHECK (length(lessons) <= 4000),
  follow_up            TEXT NOT NULL DEFAULT '' CHECK (length(follow_up) <= 400),
  closed_by            INTEGER REFERENCES people(id),
  closed_at            TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  CHECK (asset_id IS NOT NULL OR system_id IS NOT NULL OR place <> ''),
  CHECK ((personal_data = 'involved') = (personal_data_kinds <> '')),
  CHECK (personal_data = 'involved' OR affected_count IS NULL),
  CHECK ((source = 'staff') = (caller_name = '' AND caller_contact = '')),
  CHECK (state <> 'triaged' OR (category IS NOT NULL AND severity IS NOT NULL)),
  CHECK (state <> 'closed' OR (closed_by IS NOT NULL AND decided_at IS NOT NULL AND lessons <> '')),
  CHECK (closed_by IS NULL OR (closed_by <> reporter_person_id AND closed_by IS NOT causer_person_id))
) STRICT;
CREATE INDEX incidents_reporter ON incidents(reporter_person_id, id);
CREATE INDEX incidents_state ON incidents(state, id);

-- The chain (incidents.yaml `chain`): one row per step and person told, with when they were told and
-- when they first opened the report (NULL: not yet). A step whose role nobody holds has one row with
-- person_id NULL (vacant), so the gap shows rather than vanishes.
CREATE TABLE incident_recipients (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents(id),
  step         TEXT NOT NULL,
  role         TEXT NOT NULL,
  person_id    INTEGER REFERENCES people(id),
  notified_at  TEXT NOT NULL,
  seen_at      TEXT,
  UNIQUE (incident_id, step, person_id)
) STRICT;
CREATE INDEX incident_recipients_person ON incident_recipients(person_id, incident_id);

-- The CSIRT's instructions (第56条3, 第56条4, 第56条6): 応急措置 (containment), 復旧 (recovery), 再発防止
-- (prevention), and 確認 (check: "could the same happen in this system?", one per other system's
-- 情報システム管理者, system_id set). Done with a note by the owner or the CSIRT; never deleted.
CREATE TABLE incident_tasks (
  id               INTEGER PRIMARY KEY,
  incident_id      INTEGER NOT NULL REFERENCES incidents(id),
  kind             TEXT NOT NULL CHECK (kind IN ('containment','recovery','prevention','check')),
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner_person_id  INTEGER NOT NULL REFERENCES people(id),
  due_date         TEXT NOT NULL,
  system_id        INTEGER REFERENCES systems(id),
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','done')),
  result           TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 4000),
  done_by          INTEGER REFERENCES people(id),
  done_at          TEXT,
  created_by       INTEGER NOT NULL REFERENCES people(id),
  created_at       TEXT NOT NULL,
  CHECK ((kind = 'check') = (system_id IS NOT NULL)),
  CHECK ((state = 'done') = (done_at IS NOT NULL AND result <> ''))
) STRICT;
CREATE INDEX incident_tasks_incident ON incident_tasks(incident_id, id);
CREATE INDEX incident_tasks_owner ON incident_tasks(owner_person_id, state);

-- Notes on a report (anyone who may read it), never edited: the timeline shows them with who and when.
CREATE TABLE incident_notes (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents(id),
  author_id    INTEGER NOT NULL REFERENCES people(id),
  body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX incident_notes_incident ON incident_notes(incident_id, id);

-- Evidence (chain of custody): the file is stored once by its SHA-256 in a folder beside the database
-- (<db>.evidence/, 0700; files 0600, never overwritten); the row says what it is and who brought it.
-- Every upload and every view is a trail entry; a view re-hashes the file and refuses a changed one.
CREATE TABLE incident_evidence (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents(id),
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  size         INTEGER NOT NULL CHECK (size > 0),
  description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 400),
  uploaded_by  INTEGER NOT NULL REFERENCES people(id),
  uploaded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX incident_evidence_incident ON incident_evidence(incident_id, id);

-- Reports outside as submitted (incidents.yaml external_reports): the fields in the official form's
-- order, frozen as canonical JSON with its SHA-256 (also in the trail entry); one per kind.
CREATE TABLE incident_external_reports (
  id            INTEGER PRIMARY KEY,
  incident_id   INTEGER NOT NULL REFERENCES incidents(id),
  kind          TEXT NOT NULL,
  body          TEXT NOT NULL,
  sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
  due_date      TEXT NOT NULL,
  submitted_by  INTEGER NOT NULL REFERENCES people(id),
  submitted_at  TEXT NOT NULL,
  UNIQUE (incident_id, kind)
) STRICT;
CREATE TRIGGER incident_external_reports_frozen BEFORE UPDATE ON incident_external_reports
BEGIN SELECT RAISE(ABORT, 'a submitted report is frozen'); END;
CREATE TRIGGER incident_external_reports_kept BEFORE DELETE ON incident_external_reports
BEGIN SELECT RAISE(ABORT, 'a submitted report is kept'); END;

-- Indicators the CSIRT records (IP addresses, domains, file hashes, mail addresses, URLs), each once per
-- report, normalised (lower case; an address as inet_ntop writes it).
CREATE TABLE incident_indicators (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents(id),
  kind         TEXT NOT NULL CHECK (kind IN ('ip','domain','hash','email','url')),
  value        TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 400),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 400),
  added_by     INTEGER NOT NULL REFERENCES people(id),
  added_at     TEXT NOT NULL,
  UNIQUE (incident_id, kind, value)
) STRICT;
