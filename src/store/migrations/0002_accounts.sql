-- lgsec's own accounts (第59条, 第84条, 第87条, 第88条), TOTP recovery codes, sessions and the
-- per-address login attempt log. Times are UTC ISO 8601 TEXT ("2026-04-01T00:00:00Z"), which
-- compare correctly as strings. Secrets: password_hash and recovery code hashes are Argon2id
-- strings; session tokens are stored only as SHA-256; totp_secret is stored in clear (base32)
-- because the server must compute codes from it — protect the database file and its backups.

CREATE TABLE accounts (
  id                        INTEGER PRIMARY KEY,
  person_id                 INTEGER NOT NULL UNIQUE REFERENCES people(id),
  login_id                  TEXT NOT NULL UNIQUE COLLATE NOCASE, -- stored lower-case
  password_hash             TEXT NOT NULL,                       -- Argon2id (crypto_pwhash_str)
  must_change_password      INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0,1)),
  temp_password_expires_at  TEXT,            -- set while the password is a temporary one (第88条)
  failed_count              INTEGER NOT NULL DEFAULT 0, -- consecutive failures towards lockout
  locked_until              TEXT,            -- 第87条 ログイン試行回数の制限
  last_login_at             TEXT,
  last_failed_at            TEXT,
  failed_since_last_login   INTEGER NOT NULL DEFAULT 0, -- shown after the next login (第87条)
  previous_login_at         TEXT,            -- the login before last_login_at, shown while signed in
  failed_before_login       INTEGER NOT NULL DEFAULT 0, -- failures between those two logins
  totp_secret               TEXT,            -- base32; active once totp_enrolled_at is set
  totp_enrolled_at          TEXT,
  totp_last_step            INTEGER NOT NULL DEFAULT 0, -- highest accepted 30 s step (replay)
  totp_pending_secret       TEXT,            -- proposed by account_mfa_begin, until confirmed
  totp_pending_at           TEXT,
  disabled_at               TEXT,
  created_at                TEXT NOT NULL,
  updated_at                TEXT NOT NULL
) STRICT;

-- Single-use TOTP recovery codes, Argon2id-hashed like passwords.
CREATE TABLE recovery_codes (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code_hash   TEXT NOT NULL,
  used_at     TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX recovery_codes_account ON recovery_codes(account_id);

-- Signed-in browsers. The cookie carries the token; only its SHA-256 (hex) is stored.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  stage        TEXT NOT NULL CHECK (stage IN ('password_change','mfa_enrol','mfa','done')),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,  -- absolute limit; the idle limit is checked against last_seen_at
  client_addr  TEXT NOT NULL DEFAULT '',
  user_agent   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id);

-- Login attempts per client address, for the per-minute rate limit (PackAccountPolicy
-- login_rate_per_minute). Rows older than an hour are pruned as new ones are written.
CREATE TABLE login_attempts (
  id           INTEGER PRIMARY KEY,
  client_addr  TEXT NOT NULL,
  attempted_at TEXT NOT NULL
) STRICT;
CREATE INDEX login_attempts_addr ON login_attempts(client_addr, attempted_at);
CREATE INDEX login_attempts_time ON login_attempts(attempted_at);
