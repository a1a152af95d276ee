-- More published views (issue 10, docs/architecture.md "Table ownership"), after 0021.

-- Owned by requests (src/domain/requests): the records (持ち出し, 入退室, ソフトウェアライセンス) read
-- the approved requests they follow up through it. The approval stages and the object's hash at
-- submission stay private.
CREATE VIEW requests_v AS
  SELECT id, type, requester_person_id, unit_id, object_kind, object_id, fields, state, created_at,
         submitted_at, decided_at, completed_at, departed_at, valid_until, updated_at
  FROM requests;

-- Owned by assets (src/domain/assets): what an 電磁的記録媒体 holds (第23条7(3)); the need-to-know
-- rule (src/domain/access) looks into it.
CREATE VIEW media_contents_v AS
  SELECT medium_asset_id, content_asset_id, created_at
  FROM media_contents;
