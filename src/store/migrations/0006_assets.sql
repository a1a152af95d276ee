-- 情報資産台帳 (第5条, 第22条, 第23条): information assets, their classification, added 取扱制限,
-- the contents of media, and lifecycle records. Derived 取扱制限 are computed from the pack on read
-- and never stored, so they cannot be dropped.
--
-- kind (第5条): equipment = (1) ネットワーク・情報システム・設備・電磁的記録媒体; medium = an
-- 電磁的記録媒体 that holds other assets (media_contents); information = (2) 情報, electronic or
-- printed; document = (3) システム関連文書 (仕様書, ネットワーク図).
-- Classification: level ids of the pack's scales; NULL = unknown (要判断, handled as the strictest
-- level until the 情報セキュリティ管理者 decides, 第23条6(3)). classification_status is 'pending'
-- until all three dimensions are decided. confidentiality_rank is the pack rank of the
-- confidentiality level (1001 = unknown, above every rank), kept by the domain for sorting.
CREATE TABLE assets (
  id                     INTEGER PRIMARY KEY,
  asset_no               TEXT NOT NULL,                        -- 管理番号 (unique: assets_asset_no)
  name                   TEXT NOT NULL,
  kind                   TEXT NOT NULL CHECK (kind IN ('equipment','medium','information','document')),
  description            TEXT NOT NULL DEFAULT '',
  unit_id                INTEGER NOT NULL REFERENCES org_units(id),  -- 所管課室 (第23条1)
  holder                 TEXT NOT NULL DEFAULT '',             -- 保管者
  storage_place          TEXT NOT NULL DEFAULT '',             -- 保管場所
  medium                 TEXT NOT NULL DEFAULT '',             -- 媒体
  format                 TEXT NOT NULL CHECK (format IN ('paper','electronic','both')),
  volume                 TEXT NOT NULL DEFAULT '',             -- 数量・容量
  system_id              INTEGER REFERENCES systems(id),       -- 関連する情報システム
  retention              TEXT NOT NULL DEFAULT '',             -- 保存期間
  personal_info          INTEGER NOT NULL DEFAULT 0 CHECK (personal_info IN (0,1)),
  specific_personal_info INTEGER NOT NULL DEFAULT 0 CHECK (specific_personal_info IN (0,1)),
  notes                  TEXT NOT NULL DEFAULT '',
  confidentiality        TEXT,
  integrity              TEXT,
  availability           TEXT,
  confidentiality_rank   INTEGER NOT NULL,
  classification_reason  TEXT NOT NULL DEFAULT '',
  classification_status  TEXT NOT NULL CHECK (classification_status IN ('decided','pending')),
  source_asset_id        INTEGER REFERENCES assets(id),        -- 複製元・入手元 (第23条3, 6(1))
  source_kind            TEXT CHECK (source_kind IN ('copy','transmitted_copy','derived')),
  disposed_at            TEXT,                                 -- NULL while in use
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  CHECK ((source_asset_id IS NULL) = (source_kind IS NULL)),
  CHECK (classification_status = 'pending' OR
         (confidentiality IS NOT NULL AND integrity IS NOT NULL AND availability IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX assets_asset_no ON assets(asset_no);
-- One index per sort key, then id (the tie-breaker, so a cursor seeks exactly even when a bulk
-- import gave 100,000 rows one updated_at), then the unselective filter columns, so a page walks
-- the index in order and rejects rows without reading them: a filter that matches few or no rows
-- costs an index scan, not a table scan.
CREATE INDEX assets_sort_no ON assets(asset_no, id, kind, confidentiality, integrity, availability,
                                      classification_status, personal_info, disposed_at);
CREATE INDEX assets_sort_name ON assets(name, id, kind, confidentiality, integrity, availability,
                                        classification_status, personal_info, disposed_at);
CREATE INDEX assets_sort_updated ON assets(updated_at, id, kind, confidentiality, integrity, availability,
                                           classification_status, personal_info, disposed_at);
CREATE INDEX assets_sort_conf ON assets(confidentiality_rank, id, kind, confidentiality, integrity, availability,
                                        classification_status, personal_info, disposed_at);
-- The unit filter (a 課室's own register) pages in order without sorting: one index per sort key.
CREATE INDEX assets_unit ON assets(unit_id, asset_no);
CREATE INDEX assets_unit_name ON assets(unit_id, name);
CREATE INDEX assets_unit_updated ON assets(unit_id, updated_at);
CREATE INDEX assets_unit_conf_rank ON assets(unit_id, confidentiality_rank);
CREATE INDEX assets_system ON assets(system_id);
CREATE INDEX assets_status ON assets(classification_status, unit_id);
CREATE INDEX assets_source ON assets(source_asset_id);

-- 取扱制限 a manager added beyond those derived from the classification (第22条).
CREATE TABLE asset_restrictions (
  asset_id       INTEGER NOT NULL REFERENCES assets(id),
  restriction_id TEXT NOT NULL,                               -- pack restriction id
  origin         TEXT NOT NULL DEFAULT 'added' CHECK (origin IN ('added')),
  reason         TEXT NOT NULL DEFAULT '',
  added_by       TEXT NOT NULL,                               -- the actor's login id
  created_at     TEXT NOT NULL,
  PRIMARY KEY (asset_id, restriction_id)
) STRICT;

-- What an 電磁的記録媒体 holds (第23条7(3)): the medium is handled at the highest classification.
CREATE TABLE media_contents (
  medium_asset_id  INTEGER NOT NULL REFERENCES assets(id),
  content_asset_id INTEGER NOT NULL REFERENCES assets(id),
  created_at       TEXT NOT NULL,
  PRIMARY KEY (medium_asset_id, content_asset_id),
  CHECK (medium_asset_id <> content_asset_id)
) STRICT;
CREATE INDEX media_contents_content ON media_contents(content_asset_id);

-- Lifecycle records (第23条5–12): 作成, 入手, 複製, 送信, 運搬, 提供・公表, 保管先変更, 廃棄・リース返却,
-- with 日時, 担当者 and 処理内容 (第23条12(2)). Where the policy requires the 情報セキュリティ管理者's
-- permission (運搬 and 提供 of 機密性2以上: 第23条10(2), 11(2); 廃棄: 第23条12(3)) the event is stored
-- with approval_status 'pending' (許可待ち) and approval_ref names the approval request once the
-- approval workflow exists.
CREATE TABLE asset_events (
  id              INTEGER PRIMARY KEY,
  asset_id        INTEGER NOT NULL REFERENCES assets(id),
  kind            TEXT NOT NULL CHECK (kind IN ('create','obtain','copy','transmit','transport','provide',
                                                'move','dispose')),
  occurred_at     TEXT NOT NULL,
  person_id       INTEGER REFERENCES people(id),               -- 担当者
  details         TEXT NOT NULL DEFAULT '',                    -- 処理内容
  encrypted       INTEGER CHECK (encrypted IN (0,1)),          -- transmit / transport only
  approval_status TEXT NOT NULL CHECK (approval_status IN ('not_required','pending','approved','rejected')),
  approval_ref    TEXT,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX asset_events_asset ON asset_events(asset_id, occurred_at);
CREATE INDEX asset_events_pending ON asset_events(approval_status) WHERE approval_status = 'pending';

-- Full-text search over NFKC-normalised text (ＬＧＷＡＮ = LGWAN), kept in step by the domain in the
-- same transaction as the asset; rowid = assets.id. The trigram tokenizer matches substrings of 3 or
-- more characters. Each value is stored with two trailing spaces so that every character starts a
-- trigram: a 1–2 character word is then answered from the index too, as the OR of the indexed
-- trigrams that begin with it (looked up in assets_fts_terms), with LIKE only as a fallback.
CREATE VIRTUAL TABLE assets_fts USING fts5(name, asset_no, description, holder, storage_place, notes,
                                           tokenize = 'trigram');
CREATE VIRTUAL TABLE assets_fts_terms USING fts5vocab(assets_fts, 'row');

-- Planner statistics for a register of about 1,000,000 assets, so that SQLite knows from the
-- start that kind, the classification dimensions and the status are unselective (walk a sort
-- index and filter in it) while unit and system are selective (use their index). Without them SQLite
-- assumes every equality is selective and sorts hundreds of thousands of rows. A later ANALYZE
-- replaces them with measured figures.
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES
  ('assets', 'assets_asset_no', '1000000 1'),
  ('assets', 'assets_sort_no', '1000000 1 1 1 1 1 1 1 1 1'),
  ('assets', 'assets_sort_name', '1000000 2 1 1 1 1 1 1 1 1'),
  ('assets', 'assets_sort_updated', '1000000 2 1 1 1 1 1 1 1 1'),
  ('assets', 'assets_sort_conf', '1000000 200000 1 1 1 1 1 1 1 1'),
  ('assets', 'assets_unit', '1000000 5000 1'),
  ('assets', 'assets_unit_name', '1000000 5000 2'),
  ('assets', 'assets_unit_updated', '1000000 5000 2'),
  ('assets', 'assets_unit_conf_rank', '1000000 5000 1000'),
  ('assets', 'assets_system', '1000000 100'),
  ('assets', 'assets_status', '1000000 500000 5000'),
  ('assets', 'assets_source', '1000000 2');
ANALYZE sqlite_schema;
