// /vendors/contracts/{id}: one 委託契約 — the 第137条 clause checklist (record / clear), the approval
// request (refused with the list of missing clauses), 再委託 and 要員 with their add forms, the periodic
// checks (第138条) and the end with the erasure certificate (第139条).
import { useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { missing, SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { Cert, ContractState, type Vendor } from "./Vendors";
import type { VendorCheckResult } from "../entities.gen";
import { ContractEdit } from "./VendorContractEdit";

interface Clause { id: string; label: string; label_en: string; article: string; included: boolean; location: string;
  exception_request_id: number | null; covered: boolean; missing: boolean }
interface Missing { id: string; label: string; label_en?: string; article: string }
interface Contract {
  id: number; vendor_id: number; vendor_name: string; title: string; scope: string; starts_on: string; ends_on: string;
  manager_person_id: number; manager_name: string; request_id: number | null; state: string; vendor: Vendor;
  clauses: Clause[]; missing: Missing[]; systems: { id: number; code: string; name: string }[];
  assets: { id: number; asset_no: string; name: string }[];
  subcontracts: { id: number; subcontractor: string; corporate_number: string | null; scope: string; approved_on: string; approved_by_name: string }[];
  staff: StaffRow[];
  staff_training_missing: string[];
  checks: { id: number; checked_on: string; checked_items: string; result: VendorCheckResult; actions: string; checked_by_name: string }[];
  ending: { ended_on: string; acceptance: string; disposition: string; certificate_name: string; certificate_size: number; recorded_at: string } | null;
  next_check_due: string | null;
}

interface StaffRow {
  id: number; name: string; role: string; person_id: number | null; pledged_on: string | null; staff_no: string | null; pledge_missing: boolean;
  training: { state: "attended" | "missing" | "none" | "unregistered"; fiscal_year?: number;
    courses?: { id: number; title: string; attended_on: string | null }[] };
}

/** A 要員's training this 年度: attended (with the date), not attended (flagged), or why it cannot be told. */
function StaffTraining(p: { x: StaffRow }) {
  const tr = p.x.training;
  if (tr.state === "unregistered") return <span class="sub">{t("vd.training_unknown")}</span>;
  if (tr.state === "none") return <span class="sub">{t("vd.training_none")}</span>;
  return (
    <ul class="plain-list">{(tr.courses ?? []).map((c) => (
      <li key={c.id} data-course={c.id}>{c.title}{" "}
        {c.attended_on ? <Badge kind="ok">{t("vd.training_done", { date: formatDate(c.attended_on) })}</Badge>
          : <Badge kind="danger">{t("vd.training_missing")}</Badge>}</li>
    ))}</ul>
  );
}

export function VendorContractPage(p: { id: string }) {
  const r = useResource<Contract>(`/api/v1/vendor-contracts/${p.id}`);
  const [notice, setNotice] = useState("");
  if (r.loading && !r.data) return <main id="main" class="page"><Loading /></main>;
  if (r.error || !r.data) return <main id="main" class="page"><LoadError error={r.error} retry={r.reload} /></main>;
  const c = r.data;
  const done = (msg: string) => { setNotice(msg); r.reload(); };
  const editable = c.state === "draft" || c.state === "returned" || c.state === "rejected";
  const active = c.state !== "ended";
  return (
    <main id="main" class="page">
      <p><Link href={`/vendors/${c.vendor_id}`}>{t("vd.back_vendor", { name: c.vendor_name })}</Link></p>
      <PageHeading>{c.title}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="vd-notice">{notice}</p></Notice> : null}
      <section class="panel">
        <dl class="facts" data-testid="vd-contract">
          <dt>{t("vd.state")}</dt><dd data-testid="vd-state" data-state={c.state}><ContractState state={c.state} /></dd>
          <dt>{t("vd.name")}</dt><dd>{c.vendor_name}</dd>
          <dt>{t("vd.isms")}</dt><dd><Cert number={c.vendor.isms_number} expires={c.vendor.isms_expires_on} state={c.vendor.isms_state} /></dd>
          <dt>{t("vd.pmark")}</dt><dd><Cert number={c.vendor.pmark_number} expires={c.vendor.pmark_expires_on} state={c.vendor.pmark_state} /></dd>
          <dt>{t("vd.scope")}</dt><dd>{c.scope}</dd>
          <dt>{t("vd.term")}</dt><dd>{formatDate(c.starts_on)} – {formatDate(c.ends_on)}</dd>
          <dt>{t("vd.manager")}</dt><dd>{c.manager_name}</dd>
          <dt>{t("vd.systems")}</dt><dd>{c.systems.map((s) => <span key={s.id}><Link href={`/systems/${s.id}`}>{s.name}</Link> </span>)}</dd>
          <dt>{t("vd.assets")}</dt><dd>{c.assets.map((a) => <span key={a.id}><Link href={`/assets/${a.id}`}>{a.asset_no} {a.name}</Link> </span>)}</dd>
          {c.request_id ? <><dt>{t("vd.request")}</dt><dd><Link href={`/requests/${c.request_id}`}>{`#${c.request_id}`}</Link></dd></> : null}
        </dl>
      </section>
      {editable || c.state === "approved" ? <ContractEdit key={JSON.stringify([c.title, c.scope, c.starts_on, c.ends_on, c.manager_person_id, c.systems, c.assets, c.state])} c={c} onDone={done} /> : null}
      <Clauses c={c} editable={editable} onDone={done} />
      {c.state === "approved" || c.state === "ended" ? <Checks c={c} active={active} onDone={done} /> : null}
      <Subcontracts c={c} active={active} onDone={done} />
      <Staff c={c} active={active} onDone={done} />
      {c.state === "approved" || c.state === "ended" ? <End c={c} onDone={done} /> : null}
    </main>
  );
}

function Clauses(p: { c: Contract; editable: boolean; onDone: (m: string) => void }) {
  const c = p.c;
  const [refused, setRefused] = useState<Missing[] | null>(null);
  const submit = useAction((m) => { setRefused(null); p.onDone(m); });
  const send = () => void submit.run(async () => {
    try {
      await api.post(`/api/v1/vendor-contracts/${c.id}/submit`, {});
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.problem.missing)) setRefused(err.problem.missing as Missing[]);
      throw err;
    }
    return t("vd.submitted");
  });
  return (
    <section class="panel" aria-labelledby="vd-clauses">
      <h2 id="vd-clauses">{t("vd.clauses")}</h2>
      <p class="sub">{t("vd.clauses_intro")}</p>
      <div class="table-wrap">
        <table class="table" data-testid="vd-clauses">
          <thead><tr><th scope="col">{t("vd.clause")}</th><th scope="col">{t("vd.state")}</th><th scope="col">{t("vd.location")}</th></tr></thead>
          <tbody>{c.clauses.map((x) => <ClauseRow key={x.id} contract={c.id} clause={x} editable={p.editable} onDone={(m) => { setRefused(null); p.onDone(m); }} />)}</tbody>
        </table>
      </div>
      {p.editable ? (
        <div>
          <ErrorSummary error={submit.error} />
          {refused && refused.length ? (
            <div class="notice notice-warning" data-testid="vd-refused">
              <p>{t("vd.missing_list")}</p>
              <ul>{refused.map((m) => <li key={m.id} data-clause={m.id}>{pick(m.label, m.label_en)} <ArticleRef article={m.article} /></li>)}</ul>
            </div>
          ) : null}
          <div class="form-actions"><button type="button" class="btn btn-primary" disabled={submit.pending} onClick={send}>{t("vd.submit")}</button></div>
        </div>
      ) : null}
    </section>
  );
}

function ClauseRow(p: { contract: number; clause: Clause; editable: boolean; onDone: (m: string) => void }) {
  const x = p.clause;
  const [location, setLocation] = useState(x.location);
  const [exc, setExc] = useState(x.exception_request_id ? String(x.exception_request_id) : "");
  const act = useAction(p.onDone);
  const save = (included: boolean) => void act.run(async () => {
    const body: Record<string, unknown> = { clause_id: x.id, included, location: included ? location : "" };
    if (!included && exc.trim()) body.exception_request_id = Number(exc.trim()) || exc.trim();
    await api.post(`/api/v1/vendor-contracts/${p.contract}/clauses`, body);
    return t("vd.recorded");
  });
  const badge = x.included ? <Badge kind="ok">{t("vd.clause_ok")}</Badge> : x.covered ? <Badge kind="info">{t("vd.clause_covered")}</Badge>
    : <Badge kind="danger">{t("vd.clause_missing")}</Badge>;
  return (
    <tr data-clause={x.id} data-missing={x.missing ? "1" : "0"}>
      <td>{pick(x.label, x.label_en)} <ArticleRef article={x.article} /></td>
      <td>{badge}{x.exception_request_id ? <> <Link href={`/requests/${x.exception_request_id}`}>{`#${x.exception_request_id}`}</Link></> : null}</td>
      <td>
        {p.editable ? (
          <div>
            <ErrorSummary error={act.error} fields={act.fields} />
            <TextField label={t("vd.location")} name={`location-${x.id}`} value={location} onInput={setLocation} hint={t("vd.location_hint")} error={act.fields.location} size="s" />
            <TextField label={t("vd.exception")} name={`exception-${x.id}`} value={exc} onInput={setExc} inputMode="numeric" error={act.fields.exception_request_id} size="s" />
            <button type="button" class="btn" data-action="include" disabled={act.pending} onClick={() => save(true)}>{t("vd.clause_save")}</button>{" "}
            <button type="button" class="btn" data-action="clear" disabled={act.pending} onClick={() => save(false)}>{t("vd.clause_clear")}</button>
          </div>
        ) : x.location}
      </td>
    </tr>
  );
}

function Subcontracts(p: { c: Contract; active: boolean; onDone: (m: string) => void }) {
  const empty = { subcontractor: "", corporate_number: "", scope: "", approved_on: "" };
  const [v, setV] = useState({ ...empty });
  const act = useAction((m) => { setV({ ...empty }); p.onDone(m); });
  const set = (k: keyof typeof empty) => (x: string) => setV({ ...v, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { subcontractor: t("vd.subcontractor"), scope: t("vd.scope"), approved_on: t("vd.approved_on") });
    if (Object.keys(miss).length) return act.fail(miss);
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ""));
    void act.run(async () => { await api.post(`/api/v1/vendor-contracts/${p.c.id}/subcontracts`, body); return t("vd.recorded"); });
  };
  const f = act.fields;
  return (
    <section class="panel" aria-labelledby="vd-subs">
      <h2 id="vd-subs">{t("vd.subcontracts")}</h2>
      {p.c.subcontracts.length ? (
        <table class="table" data-testid="vd-subcontracts">
          <thead><tr><th scope="col">{t("vd.subcontractor")}</th><th scope="col">{t("vd.corporate_number")}</th><th scope="col">{t("vd.scope")}</th><th scope="col">{t("vd.approved_on")}</th></tr></thead>
          <tbody>{p.c.subcontracts.map((x) => <tr key={x.id}><td>{x.subcontractor}</td><td class="mono">{x.corporate_number ?? ""}</td><td>{x.scope}</td><td>{formatDate(x.approved_on)} {x.approved_by_name}</td></tr>)}</tbody>
        </table>
      ) : <p>{t("vd.subcontracts_none")}</p>}
      {p.active ? (
        <form class="form" noValidate onSubmit={submit} data-testid="vd-sub-form">
          <h3>{t("vd.add_subcontract")}</h3>
          <ErrorSummary error={act.error} fields={f} />
          <TextField label={t("vd.subcontractor")} name="subcontractor" value={v.subcontractor} onInput={set("subcontractor")} required error={f.subcontractor} />
          <TextField label={t("vd.corporate_number")} name="sub_corporate_number" value={v.corporate_number} onInput={set("corporate_number")} error={f.corporate_number} hint={t("vd.corporate_number_hint")} size="s" />
          <TextField label={t("vd.scope")} name="sub_scope" value={v.scope} onInput={set("scope")} required error={f.scope} size="l" />
          <TextField label={t("vd.approved_on")} name="approved_on" type="date" value={v.approved_on} onInput={set("approved_on")} required error={f.approved_on} />
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("vd.add_subcontract")}</button></div>
        </form>
      ) : null}
    </section>
  );
}

function Staff(p: { c: Contract; active: boolean; onDone: (m: string) => void }) {
  const empty = { name: "", role: "", pledged_on: "", person_id: "" };
  const [v, setV] = useState({ ...empty });
  const act = useAction((m) => { setV({ ...empty }); p.onDone(m); });
  const set = (k: keyof typeof empty) => (x: string) => setV({ ...v, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { name: t("vd.staff_name"), pledged_on: t("vd.pledged_on") });
    if (Object.keys(miss).length) return act.fail(miss);
    const body: Record<string, unknown> = Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ""));
    if (v.person_id) body.person_id = Number(v.person_id);
    void act.run(async () => { await api.post(`/api/v1/vendor-contracts/${p.c.id}/staff`, body); return t("vd.recorded"); });
  };
  const f = act.fields;
  return (
    <section class="panel" aria-labelledby="vd-staff">
      <h2 id="vd-staff">{t("vd.staff")}</h2>
      {p.c.staff_training_missing.length ? (
        <div class="notice notice-warning" data-testid="vd-training-flag"><p>{t("vd.training_flag", { names: p.c.staff_training_missing.join("、") })}</p></div>
      ) : null}
      {p.c.staff.length ? (
        <table class="table" data-testid="vd-staff">
          <thead><tr><th scope="col">{t("vd.staff_name")}</th><th scope="col">{t("vd.staff_role")}</th><th scope="col">{t("vd.pledged_on")}</th><th scope="col">{t("vd.training")}</th></tr></thead>
          <tbody>{p.c.staff.map((x) => (
            <tr key={x.id} data-staff={x.id} data-training={x.training.state}>
              <td>{x.name} {x.staff_no ? <span class="mono">{x.staff_no}</span> : null}</td><td>{x.role}</td>
              <td>{x.pledged_on ? formatDate(x.pledged_on) : <Badge kind="warn">{t("vd.pledge_missing")}</Badge>}</td>
              <td><StaffTraining x={x} /></td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p>{t("vd.staff_none")}</p>}
      {p.active ? (
        <form class="form" noValidate onSubmit={submit} data-testid="vd-staff-form">
          <h3>{t("vd.add_staff")}</h3>
          <ErrorSummary error={act.error} fields={f} />
          <TextField label={t("vd.staff_name")} name="staff_name" value={v.name} onInput={set("name")} required error={f.name} />
          <TextField label={t("vd.staff_role")} name="staff_role" value={v.role} onInput={set("role")} error={f.role} />
          <TextField label={t("vd.pledged_on")} name="pledged_on" type="date" value={v.pledged_on} onInput={set("pledged_on")} required error={f.pledged_on} />
          <PersonPicker label={t("vd.staff_person")} name="staff_person_id" value={v.person_id} onChange={set("person_id")} error={f.person_id} />
          <p class="field-hint">{t("vd.staff_person_hint")}</p>
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("vd.add_staff")}</button></div>
        </form>
      ) : null}
    </section>
  );
}

function Checks(p: { c: Contract; active: boolean; onDone: (m: string) => void }) {
  const empty = { checked_on: "", checked_items: "", result: "", actions: "" };
  const [v, setV] = useState({ ...empty });
  const act = useAction((m) => { setV({ ...empty }); p.onDone(m); });
  const set = (k: keyof typeof empty) => (x: string) => setV({ ...v, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { checked_on: t("vd.checked_on"), checked_items: t("vd.checked_items"), result: t("vd.result") }, ["result"]);
    if (Object.keys(miss).length) return act.fail(miss);
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ""));
    void act.run(async () => { await api.post(`/api/v1/vendor-contracts/${p.c.id}/checks`, body); return t("vd.recorded"); });
  };
  const f = act.fields;
  return (
    <section class="panel" aria-labelledby="vd-checks">
      <h2 id="vd-checks">{t("vd.checks")}</h2>
      {p.c.next_check_due ? <p data-testid="vd-next-check">{t("vd.next_check", { date: formatDate(p.c.next_check_due) })}</p> : null}
      {p.c.checks.length ? (
        <table class="table" data-testid="vd-checks">
          <thead><tr><th scope="col">{t("vd.checked_on")}</th><th scope="col">{t("vd.checked_items")}</th><th scope="col">{t("vd.result")}</th><th scope="col">{t("vd.checked_by")}</th></tr></thead>
          <tbody>{p.c.checks.map((x) => (
            <tr key={x.id}><td>{formatDate(x.checked_on)}</td><td>{x.checked_items}</td>
              <td><Badge kind={x.result === "good" ? "ok" : "warn"}>{t(`vd.result.${x.result}` as Key)}</Badge> {x.actions}</td><td>{x.checked_by_name}</td></tr>
          ))}</tbody>
        </table>
      ) : <p>{t("vd.checks_none")}</p>}
      {p.active ? (
        <form class="form" noValidate onSubmit={submit} data-testid="vd-check-form">
          <h3>{t("vd.add_check")}</h3>
          <ErrorSummary error={act.error} fields={f} />
          <TextField label={t("vd.checked_on")} name="checked_on" type="date" value={v.checked_on} onInput={set("checked_on")} required error={f.checked_on} />
          <TextAreaField label={t("vd.checked_items")} name="checked_items" value={v.checked_items} onInput={set("checked_items")} required error={f.checked_items} hint={t("vd.checked_items_hint")} rows={2} />
          <SelectField label={t("vd.result")} name="result" value={v.result} onChange={set("result")} required error={f.result} placeholder={t("common.select")}
            options={[{ value: "good", label: t("vd.result.good") }, { value: "action_needed", label: t("vd.result.action_needed") }]} />
          {v.result === "action_needed" ? <TextAreaField label={t("vd.actions")} name="actions" value={v.actions} onInput={set("actions")} required error={f.actions} rows={2} /> : null}
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("vd.add_check")}</button></div>
        </form>
      ) : null}
    </section>
  );
}

function End(p: { c: Contract; onDone: (m: string) => void }) {
  const e0 = p.c.ending;
  const [v, setV] = useState({ ended_on: "", acceptance: "", disposition: "" });
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const act = useAction(p.onDone);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  if (e0) {
    return (
      <section class="panel" aria-labelledby="vd-end">
        <h2 id="vd-end">{t("vd.end")}</h2>
        <dl class="facts" data-testid="vd-ending">
          <dt>{t("vd.ended_on")}</dt><dd>{formatDate(e0.ended_on)}</dd>
          <dt>{t("vd.acceptance")}</dt><dd>{e0.acceptance}</dd>
          <dt>{t("vd.disposition")}</dt><dd>{t(`vd.disp.${e0.disposition}` as Key)}</dd>
          <dt>{t("vd.certificate")}</dt>
          <dd><a href={`/api/v1/vendor-contracts/${p.c.id}/certificate`} download={e0.certificate_name}>{e0.certificate_name}</a> ({e0.certificate_size} B, {formatDateTime(e0.recorded_at)})</dd>
        </dl>
      </section>
    );
  }
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { ended_on: t("vd.ended_on"), acceptance: t("vd.acceptance"), disposition: t("vd.disposition") }, ["disposition"]);
    if (!file) miss.file = t("vd.certificate_missing");
    if (Object.keys(miss).length || !file) return act.fail(miss);
    const q = new URLSearchParams({ ...v, name: file.name }).toString();
    void act.run(async () => {
      // the server takes the certificate as raw bytes whatever its kind (PDF, image …)
      await api.upload(`/api/v1/vendor-contracts/${p.c.id}/end?${q}`, file, "application/octet-stream");
      return t("vd.ended");
    });
  };
  const f = act.fields;
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="vd-end" data-testid="vd-end-form">
      <h2 id="vd-end">{t("vd.end")}</h2>
      <ErrorSummary error={act.error} fields={f} />
      <TextField label={t("vd.ended_on")} name="ended_on" type="date" value={v.ended_on} onInput={set("ended_on")} required error={f.ended_on} />
      <TextAreaField label={t("vd.acceptance")} name="acceptance" value={v.acceptance} onInput={set("acceptance")} required error={f.acceptance} hint={t("vd.acceptance_hint")} rows={2} />
      <SelectField label={t("vd.disposition")} name="disposition" value={v.disposition} onChange={set("disposition")} required error={f.disposition} placeholder={t("common.select")}
        options={["returned", "erased", "returned_and_erased"].map((d) => ({ value: d, label: t(`vd.disp.${d}` as Key) }))} />
      <div class={`field ${f.file ? "has-error" : ""}`}>
        <div class="field-label-row"><label for="vd-cert" class="field-label">{t("vd.certificate")}</label><span class="req" aria-hidden="true">{t("common.required")}</span></div>
        {f.file ? <div id="vd-cert-error" class="field-error">{f.file}</div> : null}
        <input id="vd-cert" ref={input} name="certificate" type="file" class="input input-l file-input" aria-required="true"
          aria-invalid={f.file ? "true" : undefined} onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      </div>
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vd.end_submit")}</button></div>
    </form>
  );
}
