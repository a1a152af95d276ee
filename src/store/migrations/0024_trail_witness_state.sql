-- The witnesses `lgsec serve --witness` (or `lgsec trail witness`) sends checkpoints to, and how the
-- last attempt went, for the 証跡 page and `lgsec doctor` (docs/trail.md, "Witnesses and anchors").
-- Operational state, not a register: rewritten when the configuration or a witness's answer changes
-- (not on every send), never trusted by verification. What a witness cosigned is in
-- trail_cosignatures.
CREATE TABLE trail_witness_state (
  witness       TEXT PRIMARY KEY,     -- the witness's key name
  url           TEXT NOT NULL,
  verifier_key  TEXT NOT NULL,
  configured_at TEXT NOT NULL,        -- since when it is configured (UTC ISO 8601)
  error_code    TEXT,                 -- the last attempt's failure; NULL when it succeeded
  error_ja      TEXT,
  error_en      TEXT,
  failing_since TEXT                  -- the first failed attempt of the current run of failures
) STRICT;
