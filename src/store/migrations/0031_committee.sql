-- 情報セキュリティ委員会 (第19条): meetings with date, place, attendees (members of the pack's
-- committee roles, and guests), agenda items and decisions. An agenda item links a report that
-- exists elsewhere (self-check campaign, audit, 年度 figures …) by reference: kind + ref_id or
-- ref_year, never a copy. When a meeting is held its record (attendees, agenda, minutes) is frozen
-- and its SHA-256 (record_hash) goes into the trail entry of committee_meeting.hold. Decisions are
-- recorded against a held meeting and link what they decide; an instruction is a task with an owner
-- and a due date until it is done.
CREATE TABLE committee_meetings (
  id           INTEGER PRIMARY KEY,
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  meets_on     TEXT NOT NULL CHECK (meets_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  starts_at    TEXT NOT NULL DEFAULT '' CHECK (starts_at = '' OR starts_at GLOB '[0-2][0-9]:[0-5][0-9]'),
  place        TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
  state        TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'held')),
  minutes      TEXT NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
  held_at      TEXT,
  held_by      INTEGER,
  record_hash  TEXT CHECK (record_hash IS NULL OR length(record_hash) = 64),
  created_by   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX committee_meetings_date ON committee_meetings(meets_on DESC, id DESC);

-- person_id: a member (people_v.id); a guest has guest_name (and affiliation) and no person_id.
CREATE TABLE committee_attendees (
  id           INTEGER PRIMARY KEY,
  meeting_id   INTEGER NOT NULL REFERENCES committee_meetings(id),
  person_id    INTEGER,
  guest_name   TEXT NOT NULL DEFAULT '' CHECK (length(guest_name) <= 100),
  guest_affiliation TEXT NOT NULL DEFAULT '' CHECK (length(guest_affiliation) <= 200),
  CHECK ((person_id IS NULL) <> (guest_name = ''))
) STRICT;
CREATE UNIQUE INDEX committee_attendees_person ON committee_attendees(meeting_id, person_id) WHERE person_id IS NOT NULL;

CREATE TABLE committee_agenda (
  id           INTEGER PRIMARY KEY,
  meeting_id   INTEGER NOT NULL REFERENCES committee_meetings(id),
  position     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('selfcheck', 'audit', 'incident_stats', 'training_report', 'readiness',
                                             'exceptions', 'policy_review', 'other')),
  ref_id       INTEGER,
  ref_year     INTEGER,
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 4000)
) STRICT;
CREATE INDEX committee_agenda_meeting ON committee_agenda(meeting_id, position);

CREATE TABLE committee_decisions (
  id           INTEGER PRIMARY KEY,
  meeting_id   INTEGER NOT NULL REFERENCES committee_meetings(id),
  agenda_id    INTEGER REFERENCES committee_agenda(id),
  kind         TEXT NOT NULL CHECK (kind IN ('policy_version', 'audit_plan', 'exception', 'instruction', 'other')),
  ref_id       INTEGER,
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  owner_person_id INTEGER,
  due_on       TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  state        TEXT NOT NULL DEFAULT 'recorded' CHECK (state IN ('recorded', 'open', 'done')),
  result       TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 4000),
  done_on      TEXT,
  created_by   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  CHECK ((kind = 'instruction') = (owner_person_id IS NOT NULL AND due_on IS NOT NULL))
) STRICT;
CREATE INDEX committee_decisions_meeting ON committee_decisions(meeting_id, id);
CREATE INDEX committee_decisions_owner ON committee_decisions(owner_person_id, state) WHERE owner_person_id IS NOT NULL;
