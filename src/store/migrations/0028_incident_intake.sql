-- The mail intake of the 統一的な窓口 (第21条3, 第55条; docs/incidents.md "メールでの受付"): one row per
-- message filed by `lgsec incident intake`, so that a message delivered again (the same Message-ID,
-- or without one the same bytes) is filed once. message_key: the Message-ID as the 無害化 engine kept
-- it ("<…>") or "sha256:" and the original's hash; sha256: the original kept as the report's evidence;
-- sender: the From address after sanitisation ('' when none); outcome: the engine's verdict
-- (clean, disarmed, or blocked:<code>) and how the text was obtained. Written only by
-- src/domain/incidents.
CREATE TABLE incident_intake_messages (
  id           INTEGER PRIMARY KEY,
  message_key  TEXT NOT NULL UNIQUE CHECK (length(message_key) BETWEEN 1 AND 1000),
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  incident_id  INTEGER NOT NULL REFERENCES incidents(id),
  sender       TEXT NOT NULL DEFAULT '' CHECK (length(sender) <= 320),
  outcome      TEXT NOT NULL CHECK (length(outcome) BETWEEN 1 AND 100),
  received_at  TEXT NOT NULL
) STRICT;
CREATE INDEX incident_intake_messages_incident ON incident_intake_messages(incident_id);
