-- Records the policy demands (issue 4, "records that fall out of it"). Rows are never deleted;
-- every change is also in the trail.
--   持ち込み記録 (第43条): terminals and media brought in (持ち出し is the take_out requests).
--   サーバー室入退室管理簿 (第35条): rooms, the people allowed in, entries (staff or escorted visitors).
--   機器の搬入出記録 (第36条): with the 職員 who witnessed it.
--   作業記録 (第63条): system changes, confirmed by a second person (第63条3).
--   障害記録 (第66条): report, handling, result.
--   ソフトウェア・ライセンス台帳 (第76条(2)): from approved software_install requests and by hand.

-- 持ち込み: a terminal or medium brought into the office (第43条; 支給以外の端末 need 第42条's
-- permission, which request_id may name).
CREATE TABLE bring_in_records (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES people(id),       -- who brought it in
  unit_id      INTEGER NOT NULL REFERENCES org_units(id),    -- their 課室 (whose manager keeps the record)
  item         TEXT NOT NULL,
  purpose      TEXT NOT NULL,
  in_at        TEXT NOT NULL,                                -- UTC ISO 8601
  out_at       TEXT,                                         -- taken away again
  request_id   INTEGER REFERENCES requests(id),
  recorded_by  INTEGER REFERENCES people(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX bring_in_unit ON bring_in_records(unit_id, in_at);

-- 管理区域: a server room, kept by a 課室 (情報政策担当課 holds the keys, 第35条2). door_code is the
-- card reader's name for its door. Office hours are per room (HH:MM, JST, weekdays).
CREATE TABLE server_rooms (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  location     TEXT NOT NULL DEFAULT '',
  door_code    TEXT UNIQUE,
  unit_id      INTEGER NOT NULL REFERENCES org_units(id),
  office_start TEXT NOT NULL DEFAULT '08:30',
  office_end   TEXT NOT NULL DEFAULT '17:15',
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

-- 入退室を許可された者 (第35条). card_no: the IC card the reader reports (optional; the 職員番号 is
-- also accepted).
CREATE TABLE server_room_access (
  id          INTEGER PRIMARY KEY,
  room_id     INTEGER NOT NULL REFERENCES server_rooms(id),
  person_id   INTEGER NOT NULL REFERENCES people(id),
  card_no     TEXT,
  valid_from  TEXT NOT NULL,                                 -- YYYY-MM-DD
  valid_until TEXT,
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX server_room_access_room ON server_room_access(room_id, person_id);
CREATE UNIQUE INDEX server_room_access_card ON server_room_access(room_id, card_no) WHERE card_no IS NOT NULL;

-- 入退室. A staff entry names person_id; a visitor entry names visitor_name and the escorting 職員
-- (第35条5, required). after_hours is computed from time_in/time_out and the room's office hours.
CREATE TABLE server_room_entries (
  id               INTEGER PRIMARY KEY,
  room_id          INTEGER NOT NULL REFERENCES server_rooms(id),
  person_id        INTEGER REFERENCES people(id),
  visitor_name     TEXT,
  visitor_org      TEXT NOT NULL DEFAULT '',
  escort_person_id INTEGER REFERENCES people(id),
  purpose          TEXT NOT NULL DEFAULT '',
  time_in          TEXT NOT NULL,
  time_out         TEXT,
  after_hours      INTEGER NOT NULL DEFAULT 0 CHECK (after_hours IN (0,1)),
  source           TEXT NOT NULL CHECK (source IN ('manual','card')),
  recorded_by      INTEGER REFERENCES people(id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK ((person_id IS NULL) = (visitor_name IS NOT NULL)),
  CHECK (person_id IS NOT NULL OR escort_person_id IS NOT NULL)
) STRICT;
CREATE INDEX server_room_entries_room ON server_room_entries(room_id, time_in);
CREATE INDEX server_room_entries_open ON server_room_entries(room_id, person_id, time_in) WHERE time_out IS NULL;

-- 搬入出 (第36条): direction in/out, the 職員 who witnessed it, and for 搬入 the check of the
-- impact on the existing systems (第36条(1)).
CREATE TABLE equipment_moves (
  id                INTEGER PRIMARY KEY,
  room_id           INTEGER NOT NULL REFERENCES server_rooms(id),
  direction         TEXT NOT NULL CHECK (direction IN ('in','out')),
  equipment         TEXT NOT NULL,
  carried_by        TEXT NOT NULL,                           -- person or contractor who carried it
  moved_at          TEXT NOT NULL,
  witness_person_id INTEGER NOT NULL REFERENCES people(id),
  impact_check      TEXT NOT NULL DEFAULT '',
  system_id         INTEGER REFERENCES systems(id),
  notes             TEXT NOT NULL DEFAULT '',
  recorded_by       INTEGER REFERENCES people(id),
  created_at        TEXT NOT NULL
) STRICT;
CREATE INDEX equipment_moves_room ON equipment_moves(room_id, moved_at);

-- 作業記録 (第63条). state: recorded (記録済み・確認待ち) → confirmed (確認済み) by a person other than
-- the author (第63条3: 2名以上で作業し、互いにその作業を確認).
CREATE TABLE work_records (
  id                  INTEGER PRIMARY KEY,
  system_id           INTEGER NOT NULL REFERENCES systems(id),
  title               TEXT NOT NULL,
  description         TEXT NOT NULL,
  started_at          TEXT NOT NULL,
  ended_at            TEXT NOT NULL,
  config_changed      INTEGER NOT NULL DEFAULT 0 CHECK (config_changed IN (0,1)),
  security_review     TEXT NOT NULL DEFAULT '',             -- 第63条2: 対策が適切であるかの確認
  author_person_id    INTEGER NOT NULL REFERENCES people(id),
  state               TEXT NOT NULL CHECK (state IN ('recorded','confirmed')),
  confirmer_person_id INTEGER REFERENCES people(id),
  confirm_comment     TEXT NOT NULL DEFAULT '',
  confirmed_at        TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK ((state = 'confirmed') = (confirmer_person_id IS NOT NULL)),
  CHECK (confirmer_person_id IS NULL OR confirmer_person_id <> author_person_id)
) STRICT;
CREATE INDEX work_records_system ON work_records(system_id, started_at);

-- 障害記録 (第66条). state: reported (報告) → handling (対応中) → resolved (解決).
CREATE TABLE failure_records (
  id                   INTEGER PRIMARY KEY,
  system_id            INTEGER REFERENCES systems(id),
  title                TEXT NOT NULL,
  description          TEXT NOT NULL,
  occurred_at          TEXT NOT NULL,
  reporter_person_id   INTEGER NOT NULL REFERENCES people(id),
  state                TEXT NOT NULL CHECK (state IN ('reported','handling','resolved')),
  handling             TEXT NOT NULL DEFAULT '',
  handler_person_id    INTEGER REFERENCES people(id),
  result               TEXT NOT NULL DEFAULT '',
  problems             TEXT NOT NULL DEFAULT '',
  resolved_at          TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX failure_records_state ON failure_records(state, occurred_at);

-- ソフトウェア・ライセンス台帳 (第76条(2)). request_id: the approved software_install request the row
-- came from (one row per request); NULL for rows entered by hand.
CREATE TABLE software_licenses (
  id            INTEGER PRIMARY KEY,
  software      TEXT NOT NULL,
  version       TEXT NOT NULL DEFAULT '',
  license_kind  TEXT NOT NULL,
  license_count INTEGER NOT NULL CHECK (license_count >= 0),
  target        TEXT NOT NULL DEFAULT '',                   -- the device(s) it is installed on
  purpose       TEXT NOT NULL DEFAULT '',
  system_id     INTEGER REFERENCES systems(id),
  unit_id       INTEGER REFERENCES org_units(id),
  request_id    INTEGER UNIQUE REFERENCES requests(id),
  notes         TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;

-- 祝日 and other closed days (年末年始): entries on them count as outside office hours. Filled by
-- the administrator; weekends are always closed.
CREATE TABLE holidays (
  date TEXT PRIMARY KEY,                                     -- YYYY-MM-DD
  name TEXT NOT NULL
) STRICT;
