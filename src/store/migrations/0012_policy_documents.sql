-- Policy documents (issue 5): the municipality's own 基本方針, 対策基準 and 実施手順 (per system or
-- area), their versions, the publication to staff (第48条), reading acknowledgements (第47条(2)) and
-- the annual review (第165条). Rows are never deleted: a draft that is not adopted is discarded.
--
-- kind: basic (基本方針) | standard (対策基準) | procedure (実施手順, 非公開: only roles with
-- procedures.read or policy.manage see them).
CREATE TABLE policy_documents (
  id                 INTEGER PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('basic','standard','procedure')),
  title              TEXT NOT NULL,
  area               TEXT NOT NULL DEFAULT '',             -- the system or area a 実施手順 covers
  system_id          INTEGER REFERENCES systems(id),       -- when it covers one registered system
  current_version_id INTEGER,                               -- the published version in force
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;

-- state: draft (uploaded, parsed, checked; not yet in force) → published (in force, the document's
-- current_version_id) → superseded (a later version was published) | discarded (a draft dropped).
CREATE TABLE policy_doc_versions (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES policy_documents(id),
  seq            INTEGER NOT NULL,                          -- 第N版, per document
  state          TEXT NOT NULL CHECK (state IN ('draft','published','superseded','discarded')),
  filename       TEXT NOT NULL DEFAULT '',
  source_text    TEXT NOT NULL,                             -- the text as read (UTF-8; .docx/PDF extracted)
  source_sha256  TEXT NOT NULL,                             -- hex SHA-256 of the uploaded bytes
  source_format  TEXT NOT NULL CHECK (source_format IN ('text','docx','pdf')),
  doc_title      TEXT NOT NULL DEFAULT '',
  articles       INTEGER NOT NULL,
  check_report   TEXT,                                      -- JSON report of the guideline check (basic, standard)
  effective_date TEXT,                                      -- 施行日 YYYY-MM-DD
  revision_note  TEXT NOT NULL DEFAULT '',                  -- 改訂履歴
  decision       TEXT NOT NULL DEFAULT '',                  -- the committee decision that adopted it
  decision_date  TEXT,
  pack_version   TEXT NOT NULL DEFAULT '',                  -- the pack (guideline edition) it corresponds to
  uploaded_by    TEXT NOT NULL,                             -- login of the uploader
  uploaded_at    TEXT NOT NULL,
  published_by   TEXT,
  published_at   TEXT,
  UNIQUE (document_id, seq)
) STRICT;
CREATE INDEX policy_doc_versions_state ON policy_doc_versions(state, document_id);

-- One acknowledgement per person per version; the first one counts.
CREATE TABLE policy_acknowledgements (
  version_id      INTEGER NOT NULL REFERENCES policy_doc_versions(id),
  person_id       INTEGER NOT NULL REFERENCES people(id),
  acknowledged_at TEXT NOT NULL,
  PRIMARY KEY (version_id, person_id)
) STRICT;

-- The annual review (第165条), one per 年度 (April start).
CREATE TABLE policy_reviews (
  id                  INTEGER PRIMARY KEY,
  fiscal_year         INTEGER NOT NULL UNIQUE,              -- 2026 = 令和8年度
  risk_evaluation     TEXT NOT NULL,
  inputs              TEXT NOT NULL DEFAULT '',             -- audit and self-check results
  input_links         TEXT NOT NULL DEFAULT '[]',           -- JSON array of {label, url}
  decisions           TEXT NOT NULL,
  revision_version_id INTEGER REFERENCES policy_doc_versions(id),
  reviewed_on         TEXT NOT NULL,                        -- the date of the review (committee meeting)
  recorded_by         TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
) STRICT;
