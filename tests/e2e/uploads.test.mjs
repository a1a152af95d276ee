// Register import uploads are not kept forever (issue 12 §3): cancelled imports are deleted with
// their file, one person's unfinished files fit in the pack's quota, every import goes after the pack's
// retention, and one person keeps a bounded number of imports. The pack is the baseline with
// uploads.quota_mib: 1 and uploads.retention_hours: 1 so that the limits are reached quickly.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cli, initDemo, startServer } from "./lib/server.mjs";
import { Client, NEW_PASSWORD, signInFirstTime } from "./lib/client.mjs";

let setup, srv, staff, ciso, packDir;
const sql = (q) => spawnSync("sqlite3", [setup.db, q], { encoding: "utf8" }).stdout.trim();

const csv = (bytes) => {
  const row = "A-0001,市民課の名簿,市民課\n";
  return "管理番号,名称,所管課\n" + row.repeat(Math.max(1, Math.ceil(bytes / Buffer.byteLength(row))));
};
const upload = (c, body) =>
  c.req("POST", "/api/v1/imports?target=assets&filename=daicho.csv", undefined, { raw: body, headers: { "content-type": "text/csv" } });

before(async () => {
  setup = initDemo();
  packDir = mkdtempSync(join(tmpdir(), "lgsec-pack-"));
  cpSync(new URL("../../packs/mic", import.meta.url).pathname, packDir, { recursive: true });
  const yaml = readFileSync(join(packDir, "pack.yaml"), "utf8")
    .replace(/retention_hours: \d+/, "retention_hours: 1")
    .replace(/quota_mib: \d+/, "quota_mib: 1");
  writeFileSync(join(packDir, "pack.yaml"), yaml);
  const a = cli(["pack", "activate", "--db", setup.db, packDir]);
  assert.equal(a.status, 0, a.stderr);
  srv = await startServer({ db: setup.db });
  ciso = (await signInFirstTime(srv.url, setup.ciso.login_id, setup.ciso.password)).client;
  const people = await ciso.get("/api/v1/people?limit=200");
  const p = people.json.items.find((x) => x.title === "主事" && x.roles.length === 0 && !x.mynumber_zone && !x.has_account);
  const out = cli(["user", "add", "--db", setup.db, "--person", p.staff_no, "--login", "staff.upload"]);
  assert.equal(out.status, 0, out.stderr);
  const temp = /temporary password\S*:?\s*(\S+)/.exec(out.stdout)[1];
  staff = (await signInFirstTime(srv.url, "staff.upload", temp)).client;
});

after(async () => {
  await srv?.stop();
  rmSync(setup.dir, { recursive: true, force: true });
  rmSync(packDir, { recursive: true, force: true });
});

describe("import uploads", () => {
  test("a cancelled import is deleted with its file; only the uploader can cancel it", async () => {
    const r = await upload(staff, csv(1000));
    assert.equal(r.status, 201, r.text);
    assert.equal((await new Client(srv.url).post(`/api/v1/imports/${r.json.id}/cancel`, {})).status, 401);
    assert.equal((await ciso.post(`/api/v1/imports/${r.json.id}/cancel`, {})).status, 404, "another person's import");
    const c = await staff.post(`/api/v1/imports/${r.json.id}/cancel`, {});
    assert.equal(c.status, 204, c.text);
    assert.equal((await staff.get(`/api/v1/imports/${r.json.id}`)).status, 404);
    assert.equal(sql(`SELECT count(*) FROM imports WHERE id = ${r.json.id}`), "0");
    assert.equal((await staff.post(`/api/v1/imports/${r.json.id}/cancel`, {})).status, 404);
  });

  test("one person's unfinished uploads fit in the pack's quota (413 beyond it)", async () => {
    const first = await upload(staff, csv(600 * 1024));
    assert.equal(first.status, 201, first.text);
    const second = await upload(staff, csv(600 * 1024));
    assert.equal(second.status, 413, second.text);
    assert.equal(second.json.code, "upload_quota_exceeded");
    assert.match(second.json.detail, /1 MiB/);
    assert.equal((await staff.post(`/api/v1/imports/${first.json.id}/cancel`, {})).status, 204);
    const third = await upload(staff, csv(600 * 1024));
    assert.equal(third.status, 201, "room again once cancelled");
    assert.equal((await staff.post(`/api/v1/imports/${third.json.id}/cancel`, {})).status, 204);
  });

  test("one person keeps a bounded number of imports", async () => {
    for (let i = 0; i < 55; i++) assert.equal((await upload(staff, csv(100))).status, 201);
    const kept = Number(sql("SELECT count(*) FROM imports WHERE account_id = (SELECT id FROM accounts WHERE login_id = 'staff.upload')"));
    assert.ok(kept <= 50, `kept ${kept}`);
  });

  test("every import is deleted after the pack's retention", async () => {
    assert.ok(Number(sql("SELECT count(*) FROM imports")) > 0);
    await srv.stop();
    const before = process.env.LGSEC_TEST_CLOCK_OFFSET;
    process.env.LGSEC_TEST_CLOCK_OFFSET = String(Number(before ?? 0) + 2 * 3600);
    try {
      srv = await startServer({ db: setup.db });
      const c = new Client(srv.url);
      assert.equal((await c.post("/api/v1/auth/login", { login_id: "staff.upload", password: NEW_PASSWORD })).status, 200);
      const r = await upload(c, csv(100)); // an upload clears what the retention no longer keeps
      assert.equal(r.status, 201, r.text);
      assert.equal(sql("SELECT count(*) FROM imports"), "1");
      assert.equal(sql("SELECT count(*) FROM imports WHERE data IS NOT NULL"), "1");
    } finally {
      if (before === undefined) delete process.env.LGSEC_TEST_CLOCK_OFFSET;
      else process.env.LGSEC_TEST_CLOCK_OFFSET = before;
    }
  });
});
