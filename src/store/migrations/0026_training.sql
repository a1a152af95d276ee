-- 研修 (第50条–第53条): courses per 年度 with the pack's audience (training.yaml), their sessions, and
-- who attended (recorded by hand or imported from an e-learning export or a sign-in sheet). Who should
-- attend is computed from the audience when read, never stored, so a person who joins a 課 mid-year
-- is counted at once. Attendance is one row in force per course and person; rows are never deleted (a wrong
-- entry is withdrawn: withdrawn_at, with the trail).
CREATE TABLE training_courses (
  id           INTEGER PRIMARY KEY,
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  audience     TEXT NOT NULL CHECK (length(audience) BETWEEN 1 AND 64),    -- training.yaml audience id
  method       TEXT NOT NULL DEFAULT 'classroom' CHECK (method IN ('classroom', 'elearning', 'other')),
  description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  due_on       TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_by   INTEGER NOT NULL DEFAULT 0,     -- person id of the author (0: the CLI or system)
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX training_courses_year ON training_courses(fiscal_year, id);

CREATE TABLE training_sessions (
  id           INTEGER PRIMARY KEY,
  course_id    INTEGER NOT NULL REFERENCES training_courses(id),
  held_on      TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  place        TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
  instructor   TEXT NOT NULL DEFAULT '' CHECK (length(instructor) <= 100),
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX training_sessions_course ON training_sessions(course_id, held_on);

CREATE TABLE training_attendance (
  id           INTEGER PRIMARY KEY,
  course_id    INTEGER NOT NULL REFERENCES training_courses(id),
  person_id    INTEGER NOT NULL,               -- people_v.id
  session_id   INTEGER REFERENCES training_sessions(id),
  attended_on  TEXT NOT NULL CHECK (attended_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  source       TEXT NOT NULL CHECK (source IN ('manual', 'import')),
  recorded_by  INTEGER NOT NULL DEFAULT 0,
  recorded_at  TEXT NOT NULL,
  withdrawn_at TEXT
) STRICT;
-- one record in force per course and person; a withdrawn one stays beside it
CREATE UNIQUE INDEX training_attendance_once ON training_attendance(course_id, person_id) WHERE withdrawn_at IS NULL;
CREATE INDEX training_attendance_person ON training_attendance(person_id, course_id);

-- 緊急時対応訓練 (第52条): a drill with its scenario and scope (体制・範囲, 第52条2), who took part, and
-- what it found; each finding has an owner and a due date and is a task on the owner's home page until
-- it is closed with its result.
CREATE TABLE drills (
  id           INTEGER PRIMARY KEY,
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  held_on      TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  scenario     TEXT NOT NULL CHECK (length(scenario) BETWEEN 1 AND 2000),
  scope        TEXT NOT NULL DEFAULT '' CHECK (length(scope) <= 2000),
  created_by   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL
) STRICT;
CREATE TABLE drill_participants (
  id           INTEGER PRIMARY KEY,
  drill_id     INTEGER NOT NULL REFERENCES drills(id),
  person_id    INTEGER NOT NULL,                -- people_v.id
  part         TEXT NOT NULL DEFAULT '' CHECK (length(part) <= 100),  -- 役割 in the drill
  UNIQUE (drill_id, person_id)
) STRICT;
CREATE TABLE drill_findings (
  id              INTEGER PRIMARY KEY,
  drill_id        INTEGER NOT NULL REFERENCES drills(id),
  finding         TEXT NOT NULL CHECK (length(finding) BETWEEN 1 AND 2000),
  owner_person_id INTEGER NOT NULL,             -- people_v.id
  due_on          TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  result          TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 2000),
  done_on         TEXT,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX drill_findings_owner ON drill_findings(owner_person_id, state);
