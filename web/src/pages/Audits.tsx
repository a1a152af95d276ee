// 情報セキュリティ監査 (第154条–第160条): the audits the person leads, audits or is audited by; the
// 監査統括責任者 plans one and assigns auditors (refused by the server when not independent of the
// audited 課室, 第155条); auditors record findings; the audited 課室 records its improvement plan; the
// lead closes each finding after the follow-up. The plan, its approval and the fieldwork: AuditPlan.tsx.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatFiscalYear } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { EvidencePanel, PlanPanel, type PlanAudit } from "./AuditPlan";

interface Finding { id: number; kind: string; severity: string | null; title: string; detail: string; state: "open" | "planned" | "closed";
  plan: string; plan_due: string | null; closed_note: string; closed_at: string | null; item_id: string | null }
interface Audit extends PlanAudit { fiscal_year: number; title: string; unit_id: number; unit_name: string; scope: string;
  contractor: string; contract_ref: string;
  vendor?: { id: number; name: string; corporate_number: string | null };
  contract?: { id: number; title: string; starts_on: string; ends_on: string };
  auditors: { id: number; name: string; unit: { name: string } }[]; findings: Finding[]; may_plan: boolean }

interface Contractor { id: number; name: string; corporate_number: string | null;
  contracts: { id: number; title: string; starts_on: string; ends_on: string }[] }

interface AuditItem { id: string; item: string; materials: string; procedure: string; articles: string[] }
interface AuditArea { area: string; category: string; items: AuditItem[] }

const stateKind = { open: "warn", planned: "info", closed: "ok" } as const;

export function AuditsPage() {
  const res = useResource<{ items: Audit[]; may_lead: boolean }>("/api/v1/audits");
  const [done, setDone] = useState("");
  return (
    <>
      <PageHeading sub={t("au.intro")}>{t("au.title")}</PageHeading>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="au-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data && !res.data.items.length ? <p class="sub">{t("au.empty")}</p> : null}
      {res.data && res.data.items.length ? (
        <div class="table-wrap">
          <table class="table" data-testid="audits">
            <thead><tr><th scope="col">{t("au.fiscal_year")}</th><th scope="col">{t("au.name")}</th><th scope="col">{t("au.unit")}</th><th scope="col">{t("au.findings")}</th></tr></thead>
            <tbody>
              {res.data.items.map((a) => (
                <tr key={a.id}>
                  <td>{formatFiscalYear(a.fiscal_year)}</td><td><Link href={`/audits/${a.id}`}>{a.title}</Link></td><td>{a.unit_name}</td>
                  <td>{a.findings.filter((f) => f.state !== "closed").length} / {a.findings.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {res.data?.may_lead ? <NewAudit onDone={(m) => { setDone(m); res.reload(); }} /> : null}
    </>
  );
}

function NewAudit(p: { onDone: (msg: string) => void }) {
  const units = useResource<{ items: { id: number; name: string; kind: string; active: boolean }[] }>("/api/v1/org/units");
  const now = new Date();
  const fy = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
  // 第157条: the 委託事業者 and the contract come from the vendors register
  const vendors = useResource<{ items: Contractor[] }>("/api/v1/audit-contractors");
  const [f, setF] = useState({ fiscal_year: String(fy), title: "", unit_id: "", scope: "", vendor_id: "", contract_id: "" });
  const contracts = (vendors.data?.items ?? []).find((v) => String(v.id) === f.vendor_id)?.contracts ?? [];
  const act = useAction(p.onDone);
  return (
    <form class="form panel" noValidate aria-labelledby="au-new" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post("/api/v1/audits", { fiscal_year: Number(f.fiscal_year), title: f.title, unit_id: f.unit_id || null, scope: f.scope,
        vendor_id: f.vendor_id ? Number(f.vendor_id) : null, contract_id: f.contract_id ? Number(f.contract_id) : null });
      return t("au.created"); }); }}>
      <h2 id="au-new">{t("au.new")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("au.fiscal_year")} name="fiscal_year" value={f.fiscal_year} onChange={(v) => setF({ ...f, fiscal_year: v })} required
        error={act.fields.fiscal_year} options={[fy, fy + 1].map((y) => ({ value: String(y), label: formatFiscalYear(y) }))} />
      <TextField label={t("au.name")} name="title" value={f.title} onInput={(v) => setF({ ...f, title: v })} required error={act.fields.title} size="l" />
      <SelectField label={t("au.unit")} name="unit_id" value={f.unit_id} onChange={(v) => setF({ ...f, unit_id: v })} required error={act.fields.unit_id}
        placeholder={t("common.select")} options={(units.data?.items ?? []).filter((u) => u.kind === "section" && u.active).map((u) => ({ value: String(u.id), label: u.name }))} />
      <TextAreaField label={t("au.scope")} name="scope" value={f.scope} onInput={(v) => setF({ ...f, scope: v })} error={act.fields.scope} rows={2} />
      <SelectField label={t("au.contractor")} name="vendor_id" value={f.vendor_id} onChange={(v) => setF({ ...f, vendor_id: v, contract_id: "" })}
        error={act.fields.vendor_id} placeholder={t("au.no_contractor")}
        options={(vendors.data?.items ?? []).map((v) => ({ value: String(v.id), label: v.corporate_number ? `${v.name} (${v.corporate_number})` : v.name }))} />
      {f.vendor_id ? (
        <SelectField label={t("au.contract_ref")} name="contract_id" value={f.contract_id} onChange={(v) => setF({ ...f, contract_id: v })} required
          error={act.fields.contract_id} placeholder={t("common.select")}
          options={contracts.map((c) => ({ value: String(c.id), label: `${c.title} (${formatDate(c.starts_on)}〜${formatDate(c.ends_on)})` }))} />
      ) : null}
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("au.create")}</button></div>
    </form>
  );
}

export function AuditPage(p: { id: string }) {
  const res = useResource<Audit>(`/api/v1/audits/${encodeURIComponent(p.id)}`);
  const [done, setDone] = useState("");
  const onDone = (m: string) => { setDone(m); res.reload(); };
  const a = res.data;
  return (
    <>
      <p><Link href="/audits">{t("au.back")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !a ? <Loading /> : null}
      {a ? (
        <>
          <PageHeading sub={`${formatFiscalYear(a.fiscal_year)}・${t("au.unit")}: ${a.unit_name}`}>{a.title}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="au-notice">{done}</p></Notice> : null}
          {a.scope ? <p class="prewrap">{t("au.scope")}: {a.scope}</p> : null}
          {a.contractor ? <p data-testid="au-contractor">{t("au.contractor_shown")}: {a.contractor}（{a.contract_ref}）
            {a.contract ? <> {t("au.contract_term")}: {formatDate(a.contract.starts_on)}〜{formatDate(a.contract.ends_on)}</> : null}
            {a.vendor?.corporate_number ? <> {t("au.corporate_number")}: {a.vendor.corporate_number}</> : null}</p> : null}
          <PlanPanel a={a} onDone={onDone} />
          <section class="panel" aria-labelledby="au-auditors">
            <h2 id="au-auditors">{t("au.auditors")}</h2>
            {a.auditors.length ? <ul data-testid="au-auditors">{a.auditors.map((x) => <li key={x.id}>{x.name}（{x.unit?.name}）</li>)}</ul> : <p class="sub">{t("au.auditors_none")}</p>}
            {a.may_lead ? <Assign id={a.id} onDone={onDone} /> : null}
          </section>
          <section class="panel" aria-labelledby="au-findings">
            <h2 id="au-findings">{t("au.findings")}</h2>
            {a.findings.length ? (
              <ul class="stack plain" data-testid="au-findings">
                {a.findings.map((f) => <li key={f.id} class="card" data-finding={f.id}><FindingCard f={f} audit={a} onDone={onDone} /></li>)}
              </ul>
            ) : <p class="sub">{t("au.findings_none")}</p>}
            {a.may_find ? <AddFinding id={a.id} items={a.items} onDone={onDone} /> : null}
          </section>
          <EvidencePanel a={a} onDone={onDone} />
          {a.may_lead || a.may_find ? <ItemLibrary /> : null}
        </>
      ) : null}
    </>
  );
}

function Assign(p: { id: number; onDone: (m: string) => void }) {
  const [person, setPerson] = useState("");
  const act = useAction((m) => { setPerson(""); p.onDone(m); });
  return (
    <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/audits/${p.id}/auditors`, { person_id: person || null }); return t("au.assigned"); }); }}>
      <ErrorSummary error={act.error} fields={act.fields} />
      <PersonPicker label={t("au.auditor")} name="auditor" value={person} onChange={setPerson} required error={act.fields.person_id} />
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("au.assign")}</button></div>
    </form>
  );
}

function AddFinding(p: { id: number; items: PlanAudit["items"]; onDone: (m: string) => void }) {
  const empty = { kind: "finding", severity: "medium", title: "", detail: "", item_id: "" };
  const [f, setF] = useState(empty);
  const act = useAction((m) => { setF(empty); p.onDone(m); });
  const good = f.kind === "good_practice";
  return (
    <form class="form" noValidate aria-labelledby="au-add" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/audits/${p.id}/findings`, { kind: f.kind, severity: good ? null : f.severity, title: f.title, detail: f.detail,
        item_id: f.item_id || null });
      return t("au.finding_added"); }); }}>
      <h3 id="au-add">{t("au.add_finding")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("au.kind")} name="kind" value={f.kind} onChange={(v) => setF({ ...f, kind: v })} required
        options={["finding", "suggestion", "good_practice"].map((k) => ({ value: k, label: t(`au.kind.${k}` as Key) }))} />
      {good ? null : <SelectField label={t("au.severity")} name="severity" value={f.severity} onChange={(v) => setF({ ...f, severity: v })} required error={act.fields.severity}
        options={["high", "medium", "low"].map((k) => ({ value: k, label: t(`au.severity.${k}` as Key) }))} />}
      <SelectField label={t("au.f_item")} name="f_item" value={f.item_id} onChange={(v) => setF({ ...f, item_id: v })} error={act.fields.item_id}
        placeholder={t("common.select")} options={p.items.map((i) => ({ value: i.id, label: `${i.id} ${i.item}` }))} />
      <TextField label={t("au.f_title")} name="f_title" value={f.title} onInput={(v) => setF({ ...f, title: v })} required error={act.fields.title} size="l" />
      <TextAreaField label={t("au.f_detail")} name="f_detail" value={f.detail} onInput={(v) => setF({ ...f, detail: v })} error={act.fields.detail} rows={2} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("au.add_finding")}</button></div>
    </form>
  );
}

function FindingCard(p: { f: Finding; audit: Audit; onDone: (m: string) => void }) {
  const f = p.f;
  const [plan, setPlan] = useState({ plan: "", plan_due: "" });
  const [note, setNote] = useState("");
  const planAct = useAction(p.onDone);
  const closeAct = useAction(p.onDone);
  return (
    <>
      <p><Badge kind={stateKind[f.state]}>{t(`au.state.${f.state}` as Key)}</Badge> <strong>{t(`au.kind.${f.kind}` as Key)}</strong>
        {f.severity ? `（${t("au.severity")}: ${t(`au.severity.${f.severity}` as Key)}）` : ""} {f.title}{f.item_id ? `（${t("au.item")} ${f.item_id}）` : ""}</p>
      {f.detail ? <p class="prewrap">{f.detail}</p> : null}
      {f.plan ? <p>{t("au.plan")}: {f.plan}（{t("au.plan_due")}: {formatDate(f.plan_due)}）</p> : null}
      {f.state === "closed" && f.closed_note ? <p>{t("au.close_note")}: {f.closed_note}</p> : null}
      {p.audit.may_plan && f.state !== "closed" ? (
        <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void planAct.run(async () => {
          await api.post(`/api/v1/audit-findings/${f.id}/plan`, plan); return t("au.planned"); }); }}>
          <ErrorSummary error={planAct.error} fields={planAct.fields} />
          <TextAreaField label={t("au.plan")} name={`plan-${f.id}`} value={plan.plan} onInput={(v) => setPlan({ ...plan, plan: v })} required error={planAct.fields.plan} rows={2} />
          <TextField label={t("au.plan_due")} name={`due-${f.id}`} type="date" value={plan.plan_due} onInput={(v) => setPlan({ ...plan, plan_due: v })} required error={planAct.fields.plan_due} />
          <div class="form-actions"><button type="submit" class="btn" disabled={planAct.pending}>{t("au.plan_do")}</button></div>
        </form>
      ) : null}
      {p.audit.may_lead && f.state === "planned" ? (
        <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void closeAct.run(async () => {
          await api.post(`/api/v1/audit-findings/${f.id}/close`, { note }); return t("au.closed"); }); }}>
          <ErrorSummary error={closeAct.error} fields={closeAct.fields} />
          <TextField label={t("au.close_note")} name={`note-${f.id}`} value={note} onInput={setNote} required error={closeAct.fields.note} size="l" />
          <div class="form-actions"><button type="submit" class="btn" disabled={closeAct.pending}>{t("au.close_do")}</button></div>
        </form>
      ) : null}
    </>
  );
}

/* The pack's 監査項目 (audit_items.yaml) in the columns of the 監査ガイドライン, for the lead and the
 * auditors to plan the fieldwork from. */
function ItemLibrary() {
  const res = useResource<{ areas: AuditArea[] }>("/api/v1/audit-items");
  return (
    <section class="panel" aria-labelledby="au-items">
      <h2 id="au-items">{t("au.items")}</h2>
      <p class="sub">{t("au.items_intro")}</p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.data?.areas.map((g) => (
        <details key={g.area} data-testid="au-item-area">
          <summary>{g.area}（{g.category}・{g.items.length}{t("au.items_count")}）</summary>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">{t("au.item_no")}</th><th scope="col">{t("au.item")}</th><th scope="col">{t("au.item_materials")}</th>
                <th scope="col">{t("au.item_procedure")}</th><th scope="col">{t("au.item_articles")}</th></tr></thead>
              <tbody>
                {g.items.map((i) => (
                  <tr key={i.id}><td>{i.id}</td><td>{i.item}</td><td>{i.materials}</td><td>{i.procedure}</td>
                    <td>{i.articles.map((x) => <span key={x}><ArticleRef article={x} /> </span>)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}
