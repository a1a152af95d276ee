// The trail against someone who holds the database file (docs/trail.md, "What verification
// detects"): each tampering case made with sqlite3 on a demo database, and `lgsec trail verify`
// finding it (exit 3) and naming where.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";

import { cli, initDemo, startServer } from "./lib/server.mjs";
import { Client, signInFirstTime } from "./lib/client.mjs";

const sql = (db, statement) => {
  const r = spawnSync("sqlite3", [db, statement], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const verify = (db, ...more) => cli(["trail", "verify", "--db", db, ...more]);

test("a register row changed without a trail entry is named by table, id and column", () => {
  const { db } = initDemo();
  assert.equal(verify(db).status, 0);
  const asset = sql(db, "SELECT id FROM assets WHERE confidentiality = '3B' ORDER BY id LIMIT 1");
  sql(db, `UPDATE assets SET confidentiality = '2' WHERE id = ${asset}`);
  const role = sql(db, "SELECT id FROM role_assignments WHERE valid_until IS NULL ORDER BY id LIMIT 1");
  sql(db, `UPDATE role_assignments SET valid_until = '2026-04-02' WHERE id = ${role}`);
  const r = verify(db);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`assets id ${asset} column confidentiality: "3B" in the trail, "2" in the register`));
  assert.match(r.stdout, new RegExp(`role_assignments id ${role} column valid_until: null in the trail, "2026-04-02" in the register`));
  assert.match(r.stdout, /2 register values differ/);
});

test("a row inserted or deleted without a trail entry is named", () => {
  const { db } = initDemo();
  const person = sql(db, "SELECT person_id FROM role_assignments ORDER BY id LIMIT 1");
  sql(db, `INSERT INTO role_assignments(person_id, role, scope_kind, valid_from, created_at)
           VALUES (${person}, 'ciso', 'organisation', '2026-04-01', '2026-04-01T00:00:00Z')`);
  const added = sql(db, "SELECT max(id) FROM role_assignments");
  const removed = sql(db, "SELECT min(id) FROM role_assignments");
  sql(db, `DELETE FROM role_assignments WHERE id = ${removed}`);
  const r = verify(db);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`role_assignments id ${added}: a row no trail entry records \\[reconcile_no_trail\\]`));
  assert.match(r.stdout, new RegExp(`role_assignments id ${removed}: the trail says this row exists, but it does not`));
});

test("reconciliation reports in Japanese by default", () => {
  const { db } = initDemo();
  const asset = sql(db, "SELECT id FROM assets ORDER BY id LIMIT 1");
  sql(db, `UPDATE assets SET name = name || '改' WHERE id = ${asset}`);
  const r = cli(["trail", "verify", "--db", db], { env: { LANG: "ja_JP.UTF-8" } });
  assert.equal(r.status, 3);
  assert.match(r.stdout, new RegExp(`assets id ${asset} 列 name: 証跡では`));
});

test("sign-ins through the server leave accounts matching the trail; an account edited directly is named", async () => {
  const srv = await startServer();
  try {
    const db = srv.db;
    await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password);
    const wrong = await new Client(srv.url).post("/api/v1/auth/login", { login_id: srv.ciso.login_id, password: "not-the-password-1" });
    assert.notEqual(wrong.status, 200);
    // Every request's change was sealed: nothing waits for a checkpoint.
    assert.equal(JSON.parse(cli(["trail", "status", "--db", db]).stdout).pending, 0);
    const ok = verify(db);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const id = sql(db, `SELECT id FROM accounts WHERE login_id = '${srv.ciso.login_id}'`);
    const failed = Number(sql(db, `SELECT failed_count FROM accounts WHERE id = ${id}`));
    sql(db, `UPDATE accounts SET failed_count = ${failed + 5}, totp_secret = NULL, totp_enrolled_at = NULL WHERE id = ${id}`);
    const r = verify(db);
    assert.equal(r.status, 3, r.stdout);
    assert.match(r.stdout, new RegExp(`accounts id ${id} column failed_count: ${failed} in the trail, ${failed + 5} in the register`));
    assert.match(r.stdout, new RegExp(`accounts id ${id} column mfa_enrolled: true in the trail, false in the register`));
  } finally {
    await srv.stop();
  }
});

test("a policy document's version, text or record edited without a trail entry is named", () => {
  const { db } = initDemo();
  assert.equal(verify(db).status, 0);
  const version = sql(db, "SELECT id FROM policy_doc_versions WHERE state = 'published' ORDER BY id LIMIT 1");
  // the 規程's text rewritten in place, and its 施行日 moved
  sql(db, `UPDATE policy_doc_versions SET source_text = source_text || '（追記）',
           effective_date = '2020-04-01' WHERE id = ${version}`);
  const doc = sql(db, "SELECT id FROM policy_documents ORDER BY id LIMIT 1");
  sql(db, `UPDATE policy_documents SET title = title || '（改）' WHERE id = ${doc}`);
  const r = verify(db);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`policy_doc_versions id ${version} column text_sha256: "[0-9a-f]{64}" in the trail, "[0-9a-f]{64}" in the register`));
  assert.match(r.stdout, new RegExp(`policy_doc_versions id ${version} column effective_date: "[0-9-]+" in the trail, "2020-04-01" in the register`));
  assert.match(r.stdout, new RegExp(`policy_documents id ${doc} column title: `));
  // a version put back to draft: its state differs
  sql(db, `UPDATE policy_doc_versions SET state = 'draft' WHERE id = ${version}`);
  assert.match(verify(db).stdout, new RegExp(`policy_doc_versions id ${version} column state: "published" in the trail, "draft" in the register`));
});

test("records (入退室, 搬入出, 障害, ライセンス, サーバー室, 入室許可, 作業) edited without a trail entry are named", () => {
  const { db } = initDemo();
  assert.equal(verify(db).status, 0);
  const first = (table) => sql(db, `SELECT min(id) FROM ${table}`);
  const edits = [
    ["server_room_entries", "time_out", "time_out = NULL"],
    ["equipment_moves", "equipment", "equipment = 'サーバー 1台'"],
    ["failure_records", "state", "state = 'resolved'"],
    ["software_licenses", "license_count", "license_count = license_count + 100"],
    ["server_rooms", "office_end", "office_end = '23:59'"],
    ["server_room_access", "valid_until", "valid_until = '2099-12-31'"],
    ["work_records", "title", "title = title || '（改）'"],
  ];
  const ids = edits.map(([table, , set]) => {
    const id = first(table);
    sql(db, `UPDATE ${table} SET ${set} WHERE id = ${id}`);
    return id;
  });
  const r = verify(db);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  edits.forEach(([table, column], i) =>
    assert.match(r.stdout, new RegExp(`${table} id ${ids[i]} column ${column}: .* in the trail, .* in the register \\[reconcile_differs\\]`)));
  // a 入退室 row added without an entry
  sql(db, `INSERT INTO server_room_entries(room_id, person_id, visitor_name, escort_person_id, time_in, created_at, updated_at, source)
           SELECT room_id, person_id, visitor_name, escort_person_id, time_in, created_at, updated_at, source FROM server_room_entries WHERE id = ${ids[0]}`);
  const added = sql(db, "SELECT max(id) FROM server_room_entries");
  assert.match(verify(db).stdout, new RegExp(`server_room_entries id ${added}: a row no trail entry records`));
});

test("a policy pack version edited without a trail entry is named", () => {
  const { db } = initDemo();
  assert.equal(verify(db).status, 0);
  const id = sql(db, "SELECT id FROM pack_versions WHERE active = 1");
  sql(db, `UPDATE pack_versions SET activated_at = '2020-04-01T00:00:00Z', version = version || 'x' WHERE id = ${id}`);
  const r = verify(db);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`pack_versions id ${id} column version: .* \\[reconcile_differs\\]`));
  assert.match(r.stdout, new RegExp(`pack_versions id ${id} column activated_at: ".*" in the trail, "2020-04-01T00:00:00Z" in the register`));
});
