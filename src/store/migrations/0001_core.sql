-- Installation facts, the organisation tree, people and their role assignments (第12条–第21条).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- 部局 → 課室 → 係 ...; kind is one of department/section/team/other (pack vocabulary).
CREATE TABLE org_units (
  id         INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES org_units(id),
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  kana       TEXT NOT NULL DEFAULT '',
  kind       TEXT NOT NULL CHECK (kind IN ('organisation','department','section','team')),
  phone      TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX org_units_parent ON org_units(parent_id);

-- 職員等. employment: regular 正規職員 / fiscal_year 会計年度任用職員 / part_time 非常勤 /
-- contractor 委託事業者要員.
CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  staff_no      TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  kana          TEXT NOT NULL,
  employment    TEXT NOT NULL CHECK (employment IN ('regular','fiscal_year','part_time','contractor')),
  unit_id       INTEGER NOT NULL REFERENCES org_units(id),
  title         TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  mobile        TEXT NOT NULL DEFAULT '',
  mynumber_zone INTEGER NOT NULL DEFAULT 0 CHECK (mynumber_zone IN (0,1)),
  active_from   TEXT NOT NULL,
  active_until  TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_kana ON people(kana);

-- A person holds a pack role over a scope. scope_kind: organisation (scope_id NULL), unit
-- (scope_id = org_units.id), system (scope_id = an information system, filled by the registers).
CREATE TABLE role_assignments (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  role        TEXT NOT NULL,
  scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('organisation','unit','system')),
  scope_id    INTEGER,
  valid_from  TEXT NOT NULL,
  valid_until TEXT,
  contact_order INTEGER NOT NULL DEFAULT 0,
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  CHECK ((scope_kind = 'organisation') = (scope_id IS NULL))
) STRICT;
CREATE INDEX role_assignments_person ON role_assignments(person_id);
CREATE INDEX role_assignments_role ON role_assignments(role, scope_kind, scope_id);
