-- The requests module's published view (issue 10, docs/architecture.md "Table ownership"): the
-- records (持ち出し, 入退室, ソフトウェアライセンス) read the approved requests they follow up through it.
-- Owned by requests (src/domain/requests); the approval stages and the object's hash stay private.
CREATE VIEW requests_v AS
  SELECT id, type, requester_person_id, unit_id, object_kind, object_id, fields, state, created_at,
         submitted_at, decided_at, completed_at, departed_at, valid_until, updated_at
  FROM requests;
