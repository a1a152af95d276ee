// Every request type the pack ships, through the API: a person allowed to file it fills the fields
// the type defines (values generated from the field definitions), submits, and each stage's resolved
// approver approves until the request is 承認 — never the requester (第20条). Refusals per type: a
// missing required field, and a decision by someone who is not the stage's approver.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";

import { addAccount, startServer } from "./lib/server.mjs";
import { signInFirstTime } from "./lib/client.mjs";
import { jstDate } from "./lib/clock.mjs";

let srv, types, policy, kikakuId, assetId;
const clients = new Map(); // person id → signed-in client

const sql = (q) => spawnSync("sqlite3", [srv.db, q], { encoding: "utf8" }).stdout.trim();
/** YYYY-MM-DD in JST, days from today (on the servers' clock). */
const day = (offset) => jstDate(offset);

async function clientFor(personId) {
  if (!clients.has(personId)) {
    const staffNo = sql(`SELECT staff_no FROM people WHERE id = ${personId}`);
    const login = `person${personId}`;
    clients.set(personId, (await signInFirstTime(srv.url, login, addAccount(srv.db, staffNo, login))).client);
  }
  return clients.get(personId);
}

/** A current holder of role (for a system-scoped role: with the system it is held for). */
function holder(role) {
  const row = sql(`SELECT person_id, scope_kind, coalesce(scope_id, 0) FROM role_assignments WHERE role = '${role}'
    AND (valid_until IS NULL OR valid_until >= date('now')) ORDER BY scope_kind = 'system' DESC, id LIMIT 1`);
  const [person, scopeKind, scopeId] = row.split("|");
  return { person: Number(person), system: scopeKind === "system" ? Number(scopeId) : null };
}

before(async () => {
  srv = await startServer({ demo: true });
  const ciso = await signInFirstTime(srv.url, srv.ciso.login_id, srv.ciso.password);
  clients.set(Number(sql("SELECT person_id FROM accounts WHERE login_id = 'demo.ciso'")), ciso.client);
  types = (await ciso.client.get("/api/v1/request-types")).json.items;
  policy = (await ciso.client.get("/api/v1/policy")).json;
  kikakuId = Number(sql("SELECT id FROM org_units WHERE code = 'kikaku-kikaku'"));
  const a = await ciso.client.post("/api/v1/assets", {
    name: "企画課 申請試験用PC", kind: "equipment", unit_id: kikakuId, format: "electronic", storage_place: "企画課",
    confidentiality: "2", integrity: "2", availability: "2", classification_reason: "庁内資料を保存するため",
  });
  assert.equal(a.status, 201, a.text);
  assetId = a.json.id;
});

after(async () => {
  await srv?.stop();
});

const staffOf = (unit, skip) =>
  Number(sql(`SELECT id FROM people WHERE unit_id = ${unit} AND id NOT IN (${skip.join(",") || 0})
    AND id NOT IN (SELECT person_id FROM role_assignments) ORDER BY id LIMIT 1`));

/** Who files the type, about what, with which field values. */
function plan(type) {
  let requester, system = null;
  if (type.requester_roles.length) ({ person: requester, system } = holder(type.requester_roles[0]));
  else requester = staffOf(kikakuId, []);
  const other = staffOf(kikakuId, [requester]);
  const conf = policy.scales.find((s) => s.id === "confidentiality").levels;
  const [, cond, level] = /^(confidentiality_min|confidentiality_below):(.+)$/.exec(type.condition) ?? [];
  const confidentiality = cond === "confidentiality_below" ? conf.reduce((a, b) => (a.rank <= b.rank ? a : b)).id : level ?? "2";
  const fields = {};
  let datetimes = 0;
  for (const f of type.fields) {
    if (!f.required && f.type !== "bool") continue;
    fields[f.name] = {
      text: "試験のための記載", date: day(2), bool: true, articles: "第76条", confidentiality,
      datetime: `${day(2)}T${datetimes++ ? "12" : "09"}:00`, choice: f.choices[0], person: other,
      system: system ?? Number(sql("SELECT id FROM systems ORDER BY id LIMIT 1")), asset: assetId,
    }[f.type];
  }
  if (type.kind === "delegation") fields.role = type.requester_roles[0];
  if (type.kind === "delegation" && system) fields.system = system;
  let object_id = null;
  if (type.object === "asset") object_id = assetId;
  if (type.object === "system")
    // a system the requester may read (need-to-know, 第23条): one processing nothing above 機密性1
    object_id = system ?? Number(sql(`SELECT scope_id FROM role_assignments r WHERE role = 'system_manager'
      AND scope_kind = 'system' AND person_id <> ${requester} AND NOT EXISTS (SELECT 1 FROM assets a
      WHERE a.system_id = r.scope_id AND a.disposed_at IS NULL AND coalesce(a.confidentiality, '') <> '1') ORDER BY id LIMIT 1`));
  return { requester, other, body: { type: type.id, object_id, fields } };
}

describe("every request type of the pack", () => {
  test("the pack ships the types issue 4 names", () => {
    const ids = types.map((t) => t.id);
    for (const id of ["asset_transport", "asset_provision", "asset_disposal", "take_out", "exception_measure", "byod_use",
      "security_setting_change", "device_modification", "remote_access", "external_network", "offsite_equipment",
      "info_exchange", "external_web_meeting", "privileged_deputy", "outsourced_service", "cloud_service_sensitive",
      "cloud_service_general", "server_room_after_hours", "software_install"])
      assert.ok(ids.includes(id), `missing type ${id}`);
    for (const t of types) assert.match(t.article, /^第\d+条/, t.id);
  });

  for (const id of ["asset_transport", "asset_provision", "asset_disposal", "take_out", "exception_measure", "byod_use",
    "security_setting_change", "device_modification", "remote_access", "external_network", "offsite_equipment",
    "info_exchange", "external_web_meeting", "privileged_deputy", "outsourced_service", "cloud_service_sensitive",
    "cloud_service_general", "server_room_after_hours", "software_install"]) {
    test(`${id}: filed, refused without a required field, approved stage by stage by others`, async () => {
      const type = types.find((t) => t.id === id);
      const p = plan(type);
      const requester = await clientFor(p.requester);
      const required = type.fields.find((f) => f.required);
      const { [required.name]: _dropped, ...partial } = p.body.fields;
      const missing = await requester.post("/api/v1/requests", { ...p.body, fields: partial, submit: true });
      assert.equal(missing.status, 400, missing.text);
      assert.equal(missing.json.field, required.name);

      const c = await requester.post("/api/v1/requests", { ...p.body, submit: true });
      assert.equal(c.status, 201, `${id}: ${c.text}`);
      const outsider = await clientFor(p.other);
      const wrong = await outsider.post(`/api/v1/requests/${c.json.id}/decide`, { decision: "approve" });
      assert.ok([403, 404].includes(wrong.status), `${id}: ${wrong.status} ${wrong.text}`);

      let r = c.json;
      for (let stage = 0; r.state === "submitted" && stage < 6; stage++) {
        const approver = r.approval.waiting.find((x) => x !== p.requester);
        assert.ok(approver, `${id}: stage ${r.approval.stage} has an approver other than the requester`);
        assert.ok(!r.approval.waiting.includes(p.requester), "the requester never waits as an approver");
        const d = await (await clientFor(approver)).post(`/api/v1/requests/${r.id}/decide`, { decision: "approve" });
        assert.equal(d.status, 200, `${id}: ${d.text}`);
        r = d.json;
      }
      assert.equal(r.state, "approved", `${id}: ${JSON.stringify(r.approval ?? {}).slice(0, 300)}`);
      assert.equal(r.approvals.length, type.stages.length);
    });
  }
});
