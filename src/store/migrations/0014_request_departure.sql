-- 持ち出し (第41条, 第43条): the moment the item actually left, recorded by the requester after the
-- approval ('depart'), beside the planned 持ち出し日時 of the request's fields. SQLite cannot change a
-- CHECK in place, so request_events is rebuilt with the new event kind (same columns, same ids).
ALTER TABLE requests ADD COLUMN departed_at TEXT;

CREATE TABLE request_events_new (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  kind       TEXT NOT NULL CHECK (kind IN ('create','submit','approve','return','reject','withdraw',
                                          'complete','expire','escalate','depart')),
  person_id  INTEGER REFERENCES people(id),
  stage      INTEGER,
  comment    TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO request_events_new (id, request_id, kind, person_id, stage, comment, created_at)
  SELECT id, request_id, kind, person_id, stage, comment, created_at FROM request_events;
DROP TABLE request_events;
ALTER TABLE request_events_new RENAME TO request_events;
CREATE INDEX request_events_request ON request_events(request_id, id);
