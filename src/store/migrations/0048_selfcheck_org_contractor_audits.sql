-- 自己点検 of the organisation (第162条) and audits of contractors picked from the register (第157条).
--
-- Items of scope organisation (selfcheck.yaml: CISO appointed, CSIRT, 特権ID, 監査の改善計画, 見直し)
-- are answered once per campaign by the 統括 (evaluation.manage). They have no 課室 or system, so
-- neither selfcheck_answers (keyed by a 課室's target) nor selfcheck_system_answers can hold them; an
-- organisation answer is keyed by the campaign itself. Same shape otherwise.
CREATE TABLE selfcheck_org_answers (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES selfcheck_campaigns(id),
  item_id      TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 64),
  answer       TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no', 'na')),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  auto_answer  TEXT CHECK (auto_answer IN ('yes', 'partly', 'no')),  -- lgsec's answer from the data then
  answered_by  INTEGER NOT NULL REFERENCES people(id),
  answered_at  TEXT NOT NULL,
  UNIQUE (campaign_id, item_id)
) STRICT;

-- An audit of a 委託事業者 names the vendor and the contract from the vendors register (ids; the
-- names are kept in contractor / contract_ref as they were when the audit was planned, for the
-- 監査報告書). Both or neither: checked by the domain, and here.
ALTER TABLE audits ADD COLUMN vendor_id INTEGER;
ALTER TABLE audits ADD COLUMN contract_id INTEGER;

-- Published views of vendors (src/domain/vendors; docs/architecture.md "Table ownership"): evaluation
-- is linked before vendors in the layers table, so an audit reads the 委託事業者 and contracts from
-- here. Names and terms only.
CREATE VIEW vendor_companies_v AS
  SELECT id, name, corporate_number FROM vendor_companies;
CREATE VIEW vendor_contracts_v AS
  SELECT id, vendor_id, title, starts_on, ends_on FROM vendor_contracts;
