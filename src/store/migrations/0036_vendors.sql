-- 委託 (第135条–第142条): the register of 委託事業者 with their certificates (ISMS, プライバシーマーク)
-- and contacts; contracts with the systems and assets they touch, the 第137条 clauses checked per
-- contract (the clauses themselves are pack data, vendors.yaml), 再委託, 委託事業者要員 with their
-- pledges, the periodic checks of performance (第138条) and the end of a contract with the return and
-- erasure of information and its certificate (第139条, the file kept by SHA-256 like incident evidence).
-- A contract's approval is a request of the pack's contract type (requests_v): approved is read from
-- it, never stored here.
CREATE TABLE vendor_companies (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  corporate_number   TEXT UNIQUE CHECK (corporate_number IS NULL OR (length(corporate_number) = 13
                       AND corporate_number GLOB '[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')),
  address            TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 400),
  isms_number        TEXT NOT NULL DEFAULT '' CHECK (length(isms_number) <= 100),
  isms_expires_on    TEXT CHECK (isms_expires_on IS NULL OR isms_expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  pmark_number       TEXT NOT NULL DEFAULT '' CHECK (length(pmark_number) <= 100),
  pmark_expires_on   TEXT CHECK (pmark_expires_on IS NULL OR pmark_expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  contact_name       TEXT NOT NULL DEFAULT '' CHECK (length(contact_name) <= 100),
  contact_email      TEXT NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
  contact_phone      TEXT NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 40),
  created_by         INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;

CREATE TABLE vendor_contracts (
  id                 INTEGER PRIMARY KEY,
  vendor_id          INTEGER NOT NULL REFERENCES vendor_companies(id),
  title              TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  scope              TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 2000),
  starts_on          TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ends_on            TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND ends_on >= starts_on),
  manager_person_id  INTEGER NOT NULL,          -- people_v.id: the 情報セキュリティ管理者 responsible
  request_id         INTEGER,                   -- requests_v.id: the approval request (the last one filed)
  ended_at           TEXT,                      -- the end was recorded (第139条)
  created_by         INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX vendor_contracts_vendor ON vendor_contracts(vendor_id);
CREATE INDEX vendor_contracts_manager ON vendor_contracts(manager_person_id);

-- What a contract touches: systems_v / assets_v ids (kind 'system' | 'asset').
CREATE TABLE vendor_contract_objects (
  contract_id        INTEGER NOT NULL REFERENCES vendor_contracts(id),
  kind               TEXT NOT NULL CHECK (kind IN ('system', 'asset')),
  object_id          INTEGER NOT NULL,
  PRIMARY KEY (contract_id, kind, object_id)
) STRICT;

-- A clause of vendors.yaml recorded for a contract: written in the contract ('included', where) or
-- not, covered by an approved 例外措置 (exception_request_id).
CREATE TABLE vendor_contract_clauses (
  contract_id        INTEGER NOT NULL REFERENCES vendor_contracts(id),
  clause_id          TEXT NOT NULL CHECK (length(clause_id) BETWEEN 1 AND 64),
  included           INTEGER NOT NULL CHECK (included IN (0, 1)),
  location           TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 200),   -- 契約書の条項番号
  exception_request_id INTEGER,
  recorded_by        INTEGER NOT NULL DEFAULT 0,
  recorded_at        TEXT NOT NULL,
  PRIMARY KEY (contract_id, clause_id)
) STRICT;

-- 再委託 (第137条(9)): who, what, and the approval (by whom, when).
CREATE TABLE vendor_subcontracts (
  id                 INTEGER PRIMARY KEY,
  contract_id        INTEGER NOT NULL REFERENCES vendor_contracts(id),
  subcontractor      TEXT NOT NULL CHECK (length(subcontractor) BETWEEN 1 AND 200),
  corporate_number   TEXT CHECK (corporate_number IS NULL OR length(corporate_number) = 13),
  scope              TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 2000),
  approved_on        TEXT NOT NULL CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  approved_by        INTEGER NOT NULL,          -- the person who recorded the approval
  created_at         TEXT NOT NULL
) STRICT;

-- 委託事業者要員 (第137条(3)(6)): who works on the contract, when they pledged, their person record if any.
CREATE TABLE vendor_staff (
  id                 INTEGER PRIMARY KEY,
  contract_id        INTEGER NOT NULL REFERENCES vendor_contracts(id),
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role               TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 100),
  person_id          INTEGER,                   -- people_v.id when they are registered (employment contractor)
  pledged_on         TEXT CHECK (pledged_on IS NULL OR pledged_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_at         TEXT NOT NULL
) STRICT;
CREATE INDEX vendor_staff_contract ON vendor_staff(contract_id);

-- 第138条: a periodic check of performance, what was checked and found.
CREATE TABLE vendor_checks (
  id                 INTEGER PRIMARY KEY,
  contract_id        INTEGER NOT NULL REFERENCES vendor_contracts(id),
  checked_on         TEXT NOT NULL CHECK (checked_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  checked_items      TEXT NOT NULL CHECK (length(checked_items) BETWEEN 1 AND 4000),
  result             TEXT NOT NULL CHECK (result IN ('good', 'action_needed')),
  actions            TEXT NOT NULL DEFAULT '' CHECK (length(actions) <= 4000),
  checked_by         INTEGER NOT NULL,
  created_at         TEXT NOT NULL
) STRICT;
CREATE INDEX vendor_checks_contract ON vendor_checks(contract_id, checked_on);

-- 第139条: the end of a contract — acceptance, return/erasure of information, the certificate file.
CREATE TABLE vendor_contract_endings (
  contract_id        INTEGER PRIMARY KEY REFERENCES vendor_contracts(id),
  ended_on           TEXT NOT NULL CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  acceptance         TEXT NOT NULL CHECK (length(acceptance) BETWEEN 1 AND 2000),
  disposition        TEXT NOT NULL CHECK (disposition IN ('returned', 'erased', 'returned_and_erased')),
  certificate_sha256 TEXT NOT NULL CHECK (length(certificate_sha256) = 64),
  certificate_name   TEXT NOT NULL CHECK (length(certificate_name) BETWEEN 1 AND 200),
  certificate_size   INTEGER NOT NULL,
  recorded_by        INTEGER NOT NULL,
  recorded_at        TEXT NOT NULL
) STRICT;
