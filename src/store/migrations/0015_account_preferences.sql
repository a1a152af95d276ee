-- Per-person display preferences, kept with the account so they follow the person to any PC:
-- the date style (和暦 or 西暦; formal documents use 和暦 whatever is chosen) and the language.
ALTER TABLE accounts ADD COLUMN date_style TEXT NOT NULL DEFAULT 'wareki'
  CHECK (date_style IN ('wareki', 'seireki'));
ALTER TABLE accounts ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'));
