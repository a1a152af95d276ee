-- 監査, completed (issue 14; docs/evaluation.md "監査"). Owned by evaluation (src/domain/evaluation).
-- An audit's plan lists items of the pack's audit_items.yaml and is approved by the 情報セキュリティ
-- 委員会 through a request of type audit_plan (第156条): the audit keeps the request's id and is
-- approved while that request is. An audit of a 委託事業者 (第157条) names the contractor and the
-- contract; its 課室 is the one that manages the contract. A finding may name the item it belongs to
-- (the readiness report counts open findings per category through it). Fieldwork asks the audited
-- 課室 for material (evidence requests); the 課室 answers with files kept in the content-addressed
-- evidence store (src/evidence, 第159条), each row with the file's SHA-256.
ALTER TABLE audits ADD COLUMN contractor TEXT NOT NULL DEFAULT '' CHECK (length(contractor) <= 200);
ALTER TABLE audits ADD COLUMN contract_ref TEXT NOT NULL DEFAULT '' CHECK (length(contract_ref) <= 200);
ALTER TABLE audits ADD COLUMN approval_request_id INTEGER REFERENCES requests(id);
ALTER TABLE audit_findings ADD COLUMN item_id TEXT CHECK (item_id IS NULL OR length(item_id) BETWEEN 1 AND 40);

CREATE TABLE audit_plan_items (
  audit_id     INTEGER NOT NULL REFERENCES audits(id),
  item_id      TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 40),
  added_by     INTEGER NOT NULL REFERENCES people(id),
  added_at     TEXT NOT NULL,
  PRIMARY KEY (audit_id, item_id)
) STRICT;

CREATE TABLE audit_evidence_requests (
  id           INTEGER PRIMARY KEY,
  audit_id     INTEGER NOT NULL REFERENCES audits(id),
  item_id      TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 40),
  what         TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 2000),
  due_on       TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered')),
  requested_by INTEGER NOT NULL REFERENCES people(id),
  requested_at TEXT NOT NULL,
  answered_at  TEXT
) STRICT;
CREATE INDEX audit_evidence_requests_audit ON audit_evidence_requests(audit_id, state);

CREATE TABLE audit_evidence (
  id           INTEGER PRIMARY KEY,
  request_id   INTEGER NOT NULL REFERENCES audit_evidence_requests(id),
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  size         INTEGER NOT NULL CHECK (size > 0),
  description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 400),
  uploaded_by  INTEGER NOT NULL REFERENCES people(id),
  uploaded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_evidence_request ON audit_evidence(request_id);
