-- The declared length limits of the registers (src/entities/*_entity.c) as constraints of the
-- store, so that no path — the forms, the import, the CLI, a bug — can write a longer value. SQLite
-- cannot add a CHECK to an existing table without rebuilding it (and its FTS, indexes and planner
-- statistics), so the limits are triggers; length() of TEXT counts characters, as the declarations
-- do. test_entities compares these limits with the declarations (a value of the limit is accepted,
-- one character more is refused), so a change of a limit needs a new migration like this one.
CREATE TRIGGER assets_limits_insert BEFORE INSERT ON assets
WHEN length(NEW.asset_no) > 64 OR length(NEW.name) > 200 OR length(NEW.description) > 2000
  OR length(NEW.holder) > 200 OR length(NEW.storage_place) > 400 OR length(NEW.medium) > 200
  OR length(NEW.volume) > 200 OR length(NEW.retention) > 100 OR length(NEW.notes) > 2000
  OR length(NEW.classification_reason) > 2000
BEGIN
  SELECT RAISE(ABORT, 'assets: a value is longer than its declared limit');
END;
CREATE TRIGGER assets_limits_update BEFORE UPDATE ON assets
WHEN length(NEW.asset_no) > 64 OR length(NEW.name) > 200 OR length(NEW.description) > 2000
  OR length(NEW.holder) > 200 OR length(NEW.storage_place) > 400 OR length(NEW.medium) > 200
  OR length(NEW.volume) > 200 OR length(NEW.retention) > 100 OR length(NEW.notes) > 2000
  OR length(NEW.classification_reason) > 2000
BEGIN
  SELECT RAISE(ABORT, 'assets: a value is longer than its declared limit');
END;

CREATE TRIGGER systems_limits_insert BEFORE INSERT ON systems
WHEN length(NEW.code) > 32 OR length(NEW.name) > 200 OR length(NEW.purpose) > 2000
  OR length(NEW.vendor) > 200 OR length(NEW.region) > 200 OR length(NEW.notes) > 2000
BEGIN
  SELECT RAISE(ABORT, 'systems: a value is longer than its declared limit');
END;
CREATE TRIGGER systems_limits_update BEFORE UPDATE ON systems
WHEN length(NEW.code) > 32 OR length(NEW.name) > 200 OR length(NEW.purpose) > 2000
  OR length(NEW.vendor) > 200 OR length(NEW.region) > 200 OR length(NEW.notes) > 2000
BEGIN
  SELECT RAISE(ABORT, 'systems: a value is longer than its declared limit');
END;

CREATE TRIGGER system_components_limits_insert BEFORE INSERT ON system_components
WHEN length(NEW.name) > 200 OR length(NEW.product) > 200 OR length(NEW.version) > 100
  OR length(NEW.vendor) > 200 OR length(NEW.notes) > 2000
BEGIN
  SELECT RAISE(ABORT, 'system_components: a value is longer than its declared limit');
END;
CREATE TRIGGER system_components_limits_update BEFORE UPDATE ON system_components
WHEN length(NEW.name) > 200 OR length(NEW.product) > 200 OR length(NEW.version) > 100
  OR length(NEW.vendor) > 200 OR length(NEW.notes) > 2000
BEGIN
  SELECT RAISE(ABORT, 'system_components: a value is longer than its declared limit');
END;

CREATE TRIGGER people_limits_insert BEFORE INSERT ON people
WHEN length(NEW.staff_no) > 20 OR length(NEW.name) > 100 OR length(NEW.kana) > 200
  OR length(NEW.title) > 100 OR length(NEW.email) > 200 OR length(NEW.phone) > 40 OR length(NEW.mobile) > 40
BEGIN
  SELECT RAISE(ABORT, 'people: a value is longer than its declared limit');
END;
CREATE TRIGGER people_limits_update BEFORE UPDATE ON people
WHEN length(NEW.staff_no) > 20 OR length(NEW.name) > 100 OR length(NEW.kana) > 200
  OR length(NEW.title) > 100 OR length(NEW.email) > 200 OR length(NEW.phone) > 40 OR length(NEW.mobile) > 40
BEGIN
  SELECT RAISE(ABORT, 'people: a value is longer than its declared limit');
END;

CREATE TRIGGER org_units_limits_insert BEFORE INSERT ON org_units
WHEN length(NEW.code) > 32 OR length(NEW.name) > 100 OR length(NEW.kana) > 200 OR length(NEW.phone) > 40
BEGIN
  SELECT RAISE(ABORT, 'org_units: a value is longer than its declared limit');
END;
CREATE TRIGGER org_units_limits_update BEFORE UPDATE ON org_units
WHEN length(NEW.code) > 32 OR length(NEW.name) > 100 OR length(NEW.kana) > 200 OR length(NEW.phone) > 40
BEGIN
  SELECT RAISE(ABORT, 'org_units: a value is longer than its declared limit');
END;
