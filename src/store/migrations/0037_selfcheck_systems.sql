-- 自己点検 over information systems (第162条): the systems a campaign covers, answered by each system's
-- 情報システム管理者. selfcheck_answers cannot take them: its target_id references selfcheck_targets
-- (a 課室 per row, UNIQUE (campaign, unit)); a system target there would need a nullable unit and a
-- second kind of key. So the system side has its own targets and answers, of the same shape.
CREATE TABLE selfcheck_system_targets (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES selfcheck_campaigns(id),
  system_id    INTEGER NOT NULL REFERENCES systems(id),
  UNIQUE (campaign_id, system_id)
) STRICT;
CREATE TABLE selfcheck_system_answers (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES selfcheck_system_targets(id),
  item_id      TEXT NOT NULL CHECK (length(item_id) BETWEEN 1 AND 64),
  answer       TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no', 'na')),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  auto_answer  TEXT CHECK (auto_answer IN ('yes', 'partly', 'no')),  -- lgsec's answer from the data then
  answered_by  INTEGER NOT NULL REFERENCES people(id),
  answered_at  TEXT NOT NULL,
  UNIQUE (target_id, item_id)
) STRICT;
