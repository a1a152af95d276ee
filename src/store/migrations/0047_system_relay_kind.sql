-- 情報システム台帳: the kind of 無害化 relay a system is at a zone boundary (第25条; mail, file, screen,
-- the 自治体情報セキュリティクラウド, an α' allow-listed cloud service), '' for an ordinary system.
-- lgsec netcheck takes a topology system's relay kind from here (docs/netcheck.md).
ALTER TABLE systems ADD COLUMN relay_kind TEXT NOT NULL DEFAULT ''
  CHECK (relay_kind IN ('', 'mail', 'file', 'screen', 'security_cloud', 'cloud_service'));
