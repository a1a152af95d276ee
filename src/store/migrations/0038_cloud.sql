-- クラウド・外部サービス (第143条–第153条): the register of approved services. A service is registered by
-- the 統括 (cloud.manage) from an APPROVED request of one of the pack's approval types (cloud.yaml:
-- cloud_service_sensitive, cloud_service_general, outsourced_service); the request is read through
-- requests_v and its type fixes the approval class — which 機密性 the service may hold (第148条・第153条).
-- Each service has its appointed クラウドサービス管理者 (the pack role of scope `service`, 第148条3):
-- the appointment is kept here because its scope is a row of this table, not a unit or a system.
CREATE TABLE cloud_services (
  id                    INTEGER PRIMARY KEY,
  request_id            INTEGER NOT NULL UNIQUE,     -- requests_v.id: the approved request
  request_type          TEXT NOT NULL CHECK (length(request_type) BETWEEN 1 AND 64),
  name                  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  provider              TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
  purpose               TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 2000),
  manager_person_id     INTEGER NOT NULL,            -- people_v.id: the クラウドサービス管理者
  manager_since         TEXT NOT NULL CHECK (manager_since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ismap_kind            TEXT NOT NULL DEFAULT 'none' CHECK (ismap_kind IN ('none', 'ismap', 'ismap_liu')),
  ismap_number          TEXT NOT NULL DEFAULT '' CHECK (length(ismap_number) <= 100),
  ismap_expires_on      TEXT CHECK (ismap_expires_on IS NULL OR ismap_expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  data_location         TEXT NOT NULL DEFAULT '' CHECK (length(data_location) <= 400),
  region                TEXT NOT NULL DEFAULT 'unknown' CHECK (region IN ('domestic', 'overseas', 'unknown')),
  terms_reviewed_on     TEXT CHECK (terms_reviewed_on IS NULL OR terms_reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  terms_reviewer_person_id INTEGER,                  -- people_v.id
  terms_result          TEXT CHECK (terms_result IS NULL OR terms_result IN ('acceptable', 'acceptable_with_conditions', 'not_acceptable')),
  terms_notes           TEXT NOT NULL DEFAULT '' CHECK (length(terms_notes) <= 4000),
  exit_plan             TEXT NOT NULL DEFAULT '' CHECK (length(exit_plan) <= 4000),
  exit_plan_reviewed_on TEXT CHECK (exit_plan_reviewed_on IS NULL OR exit_plan_reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_by            INTEGER NOT NULL DEFAULT 0,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX cloud_services_manager ON cloud_services(manager_person_id);

-- Which information assets are placed on (held in) a service: assets_v ids. The approval class is
-- checked when an asset is placed (cloud.yaml approvals[].max_confidentiality).
CREATE TABLE cloud_service_assets (
  id                    INTEGER PRIMARY KEY,
  service_id            INTEGER NOT NULL REFERENCES cloud_services(id),
  asset_id              INTEGER NOT NULL,
  placed_by             INTEGER NOT NULL,
  placed_at             TEXT NOT NULL,
  UNIQUE (service_id, asset_id)
) STRICT;
CREATE INDEX cloud_service_assets_asset ON cloud_service_assets(asset_id);

-- 第150条5: the クラウドサービス管理者's periodic check of the service, what was checked and found.
CREATE TABLE cloud_reviews (
  id                    INTEGER PRIMARY KEY,
  service_id            INTEGER NOT NULL REFERENCES cloud_services(id),
  reviewed_on           TEXT NOT NULL CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  checked_items         TEXT NOT NULL CHECK (length(checked_items) BETWEEN 1 AND 4000),
  result                TEXT NOT NULL CHECK (result IN ('good', 'action_needed')),
  actions               TEXT NOT NULL DEFAULT '' CHECK (length(actions) <= 4000),
  reviewed_by           INTEGER NOT NULL,
  created_at            TEXT NOT NULL
) STRICT;
CREATE INDEX cloud_reviews_service ON cloud_reviews(service_id, reviewed_on);

-- 第151条: the end of use — when, what happened to the information (deleted / returned), how that was
-- confirmed, and that the accounts made for the service were removed. At most one per service.
CREATE TABLE cloud_service_endings (
  service_id            INTEGER PRIMARY KEY REFERENCES cloud_services(id),
  ended_on              TEXT NOT NULL CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  disposition           TEXT NOT NULL CHECK (disposition IN ('deleted', 'returned', 'returned_and_deleted')),
  confirmation          TEXT NOT NULL CHECK (length(confirmation) BETWEEN 1 AND 4000),
  accounts_removed      INTEGER NOT NULL CHECK (accounts_removed IN (0, 1)),
  recorded_by           INTEGER NOT NULL,
  recorded_at           TEXT NOT NULL
) STRICT;
