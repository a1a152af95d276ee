-- 情報システム台帳 (第23条2, 第99条): information systems and their components (第105条(7)(8)).
-- Requirement facts are nullable integers: NULL = not recorded, 0 = no, 1 = yes, so the register can
-- say "not recorded" honestly instead of "no".
CREATE TABLE systems (
  id                   INTEGER PRIMARY KEY,
  code                 TEXT NOT NULL UNIQUE,           -- 管理番号, e.g. "SYS-001"
  name                 TEXT NOT NULL,
  purpose              TEXT NOT NULL DEFAULT '',
  zone                 TEXT NOT NULL CHECK (zone IN ('mynumber','lgwan','internet')),
  owner_unit_id        INTEGER NOT NULL REFERENCES org_units(id),  -- 所管課室
  vendor               TEXT NOT NULL DEFAULT '',       -- 運用・保守事業者
  location             TEXT NOT NULL CHECK (location IN ('onprem','datacenter','cloud')),
  region               TEXT NOT NULL DEFAULT '',       -- data centre / cloud region
  redundancy           INTEGER CHECK (redundancy IN (0,1)),          -- 第28条 冗長化
  failover_procedure   INTEGER CHECK (failover_procedure IN (0,1)),  -- 第28条 切替手順
  maintenance          INTEGER CHECK (maintenance IN (0,1)),         -- 第31条 定期保守
  backup               INTEGER CHECK (backup IN (0,1)),              -- 第61条 バックアップ
  doc_configuration    INTEGER CHECK (doc_configuration IN (0,1)),   -- 第99条(2) 構成情報
  doc_standards        INTEGER CHECK (doc_standards IN (0,1)),       -- 第99条(2) 水準維持手順
  doc_incident         INTEGER CHECK (doc_incident IN (0,1)),        -- 第99条(3) インシデント対処手順
  doc_recovery         INTEGER CHECK (doc_recovery IN (0,1)),        -- 第99条(3) 復旧手順
  mfa                  INTEGER CHECK (mfa IN (0,1)),                 -- 第24条 多要素認証
  usb_write_block      INTEGER CHECK (usb_write_block IN (0,1)),     -- 第24条 書込み制御
  product_registration TEXT NOT NULL DEFAULT '',       -- JC-STAR / ISMAP / DMP (総行サ第42号)
  notes                TEXT NOT NULL DEFAULT '',
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX systems_owner ON systems(owner_unit_id);
CREATE INDEX systems_zone ON systems(zone);

CREATE TABLE system_components (
  id            INTEGER PRIMARY KEY,
  system_id     INTEGER NOT NULL REFERENCES systems(id),
  kind          TEXT NOT NULL CHECK (kind IN ('server','terminal','network','media','cloud','software')),
  name          TEXT NOT NULL,
  product       TEXT NOT NULL DEFAULT '',
  version       TEXT NOT NULL DEFAULT '',
  vendor        TEXT NOT NULL DEFAULT '',
  support_end   TEXT,                                  -- YYYY-MM-DD, the vendor's end of support
  quantity      INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  registration  TEXT NOT NULL DEFAULT '',              -- JC-STAR / ISMAP / DMP of this product
  notes         TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX system_components_system ON system_components(system_id);
CREATE INDEX system_components_support_end ON system_components(support_end);
