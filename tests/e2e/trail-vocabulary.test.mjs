// The trail speaks Japanese (issue 11): every action lgsec appends to the trail has a name in
// src/trail/vocabulary.c, and every name there is for an action something appends. The sources are
// scanned for action literals ("asset.update", "request.%s" with its decisions, "sanitize.%s" with its
// kinds); a server then shows the names, the actor's name and the object's name on the trail page's API.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate, jstDateTime } from "./lib/clock.mjs";

const SRC = new URL("../../src/", import.meta.url).pathname;
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
  d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".c") ? [join(dir, d.name)] : []);

const vocabulary = readFileSync(join(SRC, "trail/vocabulary.c"), "utf8");
const declared = new Set([...vocabulary.matchAll(/^\s*\{"([a-z_.]+)", "[^"]+", "[^"]+"\},$/gm)].map((m) => m[1]));
const prefixes = new Set([...declared].map((a) => a.split(".")[0]));
// Actions built at run time, with every value they are built from.
const DYNAMIC = { "request.%s": ["approve", "return", "reject"], "sanitize.%s": ["mail", "file"] };

function appendedActions() {
  const found = new Set();
  for (const f of files(SRC)) {
    if (f.endsWith("trail/vocabulary.c")) continue;
    for (const m of readFileSync(f, "utf8").matchAll(/"([a-z_]+(?:\.[a-z_%]+)+)"/g)) {
      const literal = m[1];
      if (DYNAMIC[literal]) DYNAMIC[literal].forEach((v) => found.add(literal.replace("%s", v)));
      else if (prefixes.has(literal.split(".")[0]) && !/\.(manage|read|yaml|json|txt|csv|xlsx|pdf|docx|html|xml|db|dat)$/.test(literal)) found.add(literal);
    }
  }
  return found;
}

test("every appended action has a name, and every name is for an appended action", () => {
  const appended = appendedActions();
  assert.ok(declared.size > 50, `the vocabulary lists ${declared.size} actions`);
  assert.deepEqual([...appended].filter((a) => !declared.has(a)), [], "actions without a name in vocabulary.c");
  assert.deepEqual([...declared].filter((a) => !appended.has(a)), [], "names in vocabulary.c that nothing appends");
});

let srv, ciso;
before(async () => {
  srv = await startServer({ demo: true });
  ciso = (await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password)).client;
});
after(async () => srv?.stop());

test("the trail shows action names, people's names and objects' names with their page", async () => {
  const r = await ciso.get("/api/v1/trail?limit=200");
  assert.equal(r.status, 200, r.text);
  for (const e of r.json.items) {
    assert.ok(e.action_label && /[\u3040-\u30ff\u4e00-\u9fff]/.test(e.action_label), `${e.action} has a Japanese name`);
    assert.ok(e.object_label, `${e.object_type} has a name`);
    assert.ok(e.actor_name, `${e.actor} has a name`);
  }
  const login = r.json.items.find((e) => e.action === "account.login");
  assert.equal(login.action_label, "ログイン");
  assert.notEqual(login.actor_name, login.actor, "the person's name, not the login ID");
  const assets = await ciso.get("/api/v1/trail?object_type=asset&limit=1");
  const a = assets.json.items[0];
  assert.equal(a.object_label, "情報資産");
  assert.match(a.object_path, /^\/assets\/\d+$/);
  assert.match(a.object_name, /\S+ \S+/); /* 管理番号 and name */
  assert.equal(a.actor_name, "初期設定 (lgsec init)");
  assert.equal(a.field_labels.name, "名称", "a declared entity's fields are compared by their labels");
  assert.equal(a.field_labels.confidentiality, "機密性");
  // Every declared entity with its own trail object type is labelled the same way (entity.h trail_object).
  const rep = await ciso.post("/api/v1/incidents", { title: "ラベルの確認", description: "確認中",
    noticed_at: jstDateTime(-1, "09:00"), place: "本庁舎", personal_data: "unknown" });
  assert.equal(rep.status, 201, rep.text);
  const inc = (await ciso.get("/api/v1/trail?object_type=incident&limit=1")).json.items[0];
  assert.equal(inc.field_labels.title, "件名");
  assert.equal(inc.field_labels_en.noticed_at, "Noticed at");
  const roles = await ciso.get("/api/v1/trail?object_type=role_assignment&limit=1");
  assert.match(roles.json.items[0].object_name, /（.+）$/, "a role assignment names the person and the role");
});

// Each module names its own objects (domain/kernel/state.h NameQuery): the records, the policy
// documents, whose tables the trail viewer no longer reads itself.
test("objects of every module are named: records and policy documents", async () => {
  const expect = { failure_record: /\S/, work_record: /\S/, server_room_entry: / — /, software_license: /\S/,
    equipment_move: /\S/, policy_document: /\S/, policy_doc_version: /第\d+版$/ };
  for (const [type, re] of Object.entries(expect)) {
    const r = await ciso.get(`/api/v1/trail?object_type=${type}&limit=1`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 1, `the demo has a ${type} in the trail`);
    assert.match(r.json.items[0].object_name ?? "", re, `${type} is named`);
  }
});

test("objects of every module are named: a vendor and its contract", async () => {
  const v = await ciso.post("/api/v1/vendors", { name: "株式会社名前確認", corporate_number: "7010001008844" });
  assert.equal(v.status, 201, v.text);
  const manager = spawnSync("sqlite3", [srv.db, `SELECT person_id FROM role_assignments WHERE role = 'section_security_manager'
    AND valid_until IS NULL ORDER BY id LIMIT 1`], { encoding: "utf8" }).stdout.trim();
  const c = await ciso.post("/api/v1/vendor-contracts", { vendor_id: v.json.id, title: "名前確認業務", scope: "確認",
    starts_on: jstDate(-10), ends_on: jstDate(100), manager_person_id: Number(manager) });
  assert.equal(c.status, 201, c.text);
  const named = async (type) => (await ciso.get(`/api/v1/trail?object_type=${type}&limit=1`)).json.items[0];
  const vendor = await named("vendor");
  assert.equal(vendor.object_name, "株式会社名前確認");
  assert.equal(vendor.object_path, `/vendors/${v.json.id}`);
  const contract = await named("vendor_contract");
  assert.equal(contract.object_name, "名前確認業務（株式会社名前確認）", "a contract names its vendor");
  assert.equal(contract.object_path, `/vendors/contracts/${c.json.id}`);
});

test("the filters offer the names as choices", async () => {
  const r = await ciso.get("/api/v1/trail/vocabulary");
  assert.equal(r.status, 200);
  assert.ok(r.json.actions.some((a) => a.id === "asset.update" && a.label === "情報資産の変更"));
  assert.ok(r.json.object_types.some((t) => t.id === "asset" && t.label === "情報資産"));
});
