-- 人事異動 (issue 15): the 人事 roster applied to the people register, and what follows from it.
-- An applied roster import keeps its rows as the file said them and the changes it made (the people,
-- units and roles themselves are org's and change through org's functions, each with its trail
-- entry). The consequences that need someone's hands become tasks: the return checklist of a leaver
-- (第46条: 情報資産, 第57条: ICカード, 記録媒体) and the password change of the privileged IDs a moved or
-- leaving person knew (第84条6). Nothing here is deleted: a task is done, with who and when.
CREATE TABLE roster_imports (
  id           INTEGER PRIMARY KEY,
  filename     TEXT NOT NULL DEFAULT '' CHECK (length(filename) <= 255),
  row_count    INTEGER NOT NULL,
  summary      TEXT NOT NULL,                     -- JSON: the counts and changes shown in the preview
  applied_by   INTEGER NOT NULL,                  -- accounts_v.id (0 for the CLI operator)
  applied_at   TEXT NOT NULL
) STRICT;

CREATE TABLE roster_rows (
  id           INTEGER PRIMARY KEY,
  import_id    INTEGER NOT NULL REFERENCES roster_imports(id),
  row_no       INTEGER NOT NULL,                  -- the file's row (Excel numbering)
  staff_no     TEXT NOT NULL CHECK (length(staff_no) BETWEEN 1 AND 20),
  name         TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
  kana         TEXT NOT NULL DEFAULT '' CHECK (length(kana) <= 200),
  unit_name    TEXT NOT NULL DEFAULT '' CHECK (length(unit_name) <= 200),
  employment   TEXT CHECK (employment IS NULL OR employment IN ('regular','fiscal_year','part_time','contractor')),
  moved_on     TEXT CHECK (moved_on IS NULL OR moved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  leaves_on    TEXT CHECK (leaves_on IS NULL OR leaves_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  person_id    INTEGER NOT NULL,                  -- people_v.id
  change       TEXT NOT NULL CHECK (change IN ('new','moved','leaving','updated','unchanged'))
) STRICT;
CREATE INDEX roster_rows_import ON roster_rows(import_id);

CREATE TABLE roster_tasks (
  id           INTEGER PRIMARY KEY,
  import_id    INTEGER NOT NULL REFERENCES roster_imports(id),
  person_id    INTEGER NOT NULL,                  -- people_v.id: who left or moved
  kind         TEXT NOT NULL CHECK (kind IN ('return_asset','return_medium','return_ic_card','privileged_password')),
  asset_id     INTEGER,                           -- assets_v.id for return_asset / return_medium
  system_id    INTEGER,                           -- systems_v.id for privileged_password
  login_id     TEXT NOT NULL DEFAULT '',          -- the privileged ID (privileged_password)
  unit_id      INTEGER NOT NULL,                  -- org_units_v.id: the 課室 the person left (return tasks)
  due_on       TEXT NOT NULL,
  done_at      TEXT,
  done_by      INTEGER,                           -- people_v.id
  done_note    TEXT CHECK (done_note IS NULL OR length(done_note) BETWEEN 1 AND 1000),
  created_at   TEXT NOT NULL,
  CHECK ((kind = 'privileged_password') = (system_id IS NOT NULL)),
  CHECK ((kind IN ('return_asset','return_medium')) = (asset_id IS NOT NULL))
) STRICT;
CREATE INDEX roster_tasks_open ON roster_tasks(done_at, unit_id);
CREATE INDEX roster_tasks_person ON roster_tasks(person_id);
