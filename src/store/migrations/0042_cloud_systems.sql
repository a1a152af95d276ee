-- Which registered information systems use a cloud service (第149条2, 第150条2): the 情報システム台帳's
-- systems (systems_v ids) named on the service, each link recorded with who made it and when. A link
-- stays after the end of use (the register keeps what used the service); none are added after it.
CREATE TABLE cloud_service_systems (
  id                    INTEGER PRIMARY KEY,
  service_id            INTEGER NOT NULL REFERENCES cloud_services(id),
  system_id             INTEGER NOT NULL,
  linked_by             INTEGER NOT NULL,            -- people_v.id
  linked_at             TEXT NOT NULL,
  UNIQUE (service_id, system_id)
) STRICT;
CREATE INDEX cloud_service_systems_system ON cloud_service_systems(system_id);
