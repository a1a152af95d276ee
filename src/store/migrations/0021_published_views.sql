-- Published views (issue 10, docs/architecture.md "Table ownership"): each module owns its tables,
-- and another module that reads its data in SQL names only the owner's view below — the owner's
-- public read interface, like its public header. The owner may change its tables freely as long
-- as its views keep these columns and their meaning. Read-only: SQLite views cannot be written.
-- Columns: what other modules rely on today, and never a secret.

-- Owned by org (src/domain/org): the organisation tree.
CREATE VIEW org_units_v AS
  SELECT id, parent_id, code, name, kana, kind, phone, sort_order, active, created_at, updated_at
  FROM org_units;

-- Owned by org: 職員等. unit_id is the person's 課室; active_until NULL = still employed.
CREATE VIEW people_v AS
  SELECT id, staff_no, name, kana, employment, unit_id, title, email, phone, mobile, mynumber_zone,
         active_from, active_until, created_at, updated_at
  FROM people;

-- Owned by org: pack roles held over a scope (organisation, a unit, or a system) for a period.
CREATE VIEW role_assignments_v AS
  SELECT id, person_id, role, scope_kind, scope_id, valid_from, valid_until, contact_order, created_at
  FROM role_assignments;

-- Owned by identity (src/domain/identity): who has an account. Never the password or recovery
-- hashes, the TOTP secrets or the lockout state: those are read through identity's functions.
CREATE VIEW accounts_v AS
  SELECT id, person_id, login_id, last_login_at, disabled_at, created_at
  FROM accounts;

-- Owned by systems (src/domain/systems): 情報システム台帳.
CREATE VIEW systems_v AS
  SELECT id, code, name, purpose, zone, owner_unit_id, vendor, location, region, redundancy,
         failover_procedure, maintenance, backup, doc_configuration, doc_standards, doc_incident,
         doc_recovery, mfa, usb_write_block, product_registration, notes, active, created_at, updated_at
  FROM systems;

-- Owned by systems: the components of a system (第105条(7)(8)); support_end is YYYY-MM-DD.
CREATE VIEW system_components_v AS
  SELECT id, system_id, kind, name, product, version, vendor, support_end, quantity, registration,
         notes, created_at, updated_at
  FROM system_components;

-- Owned by assets (src/domain/assets): 情報資産台帳. Classification NULL = unknown (要判断);
-- disposed_at NULL = in use. The derived 取扱制限 are not stored: ask assets for them.
CREATE VIEW assets_v AS
  SELECT id, asset_no, name, kind, description, unit_id, holder, storage_place, medium, format, volume,
         system_id, retention, personal_info, specific_personal_info, notes, confidentiality, integrity,
         availability, confidentiality_rank, classification_reason, classification_status,
         source_asset_id, source_kind, disposed_at, created_at, updated_at
  FROM assets;
