// The 監査実施計画 and the fieldwork of one audit (第156条–第159条): the lead chooses the plan's items
// from the pack's 監査項目 and files the plan for the 情報セキュリティ委員会's approval (a request
// the CISO decides); on an approved plan the auditors ask the audited 課室 for material and its
// 管理者 answers with files, kept by SHA-256; the lead prints the 監査報告書 (PDF).
import { useState } from "preact/hooks";
import { api, withQuery } from "../api";
import { ErrorSummary, LoadError } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge } from "../components/Page";
import { formatDate } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";

export interface PlanItem { id: string; item: string; area: string; category: string; articles: string[] }
export interface EvidenceFile { id: number; name: string; size: number; sha256: string; uploaded_by_name: string; uploaded_at: string }
export interface EvidenceRequest { id: number; item_id: string; what: string; due_on: string; state: "open" | "answered"; overdue: boolean; files: EvidenceFile[] }
export interface PlanAudit { id: number; approval: string; approval_request_id: number | null; items: PlanItem[];
  evidence_requests: EvidenceRequest[]; may_lead: boolean; may_find: boolean; may_answer: boolean }

const approvalKind: Record<string, "ok" | "info" | "warn"> = { approved: "ok", submitted: "info" };

export function PlanPanel(p: { a: PlanAudit; onDone: (m: string) => void }) {
  const a = p.a;
  const editable = a.may_lead && !["submitted", "approved"].includes(a.approval);
  const submit = useAction(p.onDone);
  return (
    <section class="panel" aria-labelledby="au-plan">
      <h2 id="au-plan">{t("au.plan_title")}</h2>
      <p data-testid="au-approval"><Badge kind={approvalKind[a.approval] ?? "warn"}>{t(`au.approval.${a.approval}` as Key)}</Badge>{" "}
        {a.approval_request_id ? <Link href={`/requests/${a.approval_request_id}`}>{t("au.approval_request")}</Link> : null}</p>
      {a.items.length ? (
        <ul data-testid="au-plan-items">{a.items.map((i) => <li key={i.id}>{i.id} {i.item}（{i.category}）</li>)}</ul>
      ) : <p class="sub">{t("au.plan_none")}</p>}
      {editable ? <ChooseItems a={a} onDone={p.onDone} /> : null}
      {editable && a.items.length ? (
        <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void submit.run(async () => {
          await api.post(`/api/v1/audits/${a.id}/submit`, {}); return t("au.submitted"); }); }}>
          <ErrorSummary error={submit.error} fields={submit.fields} />
          <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={submit.pending}>{t("au.submit")}</button></div>
        </form>
      ) : null}
      {a.may_lead ? <p><a href={`/api/v1/audits/${a.id}/report`} download="監査報告書.pdf">{t("au.report")}</a></p> : null}
    </section>
  );
}

function ChooseItems(p: { a: PlanAudit; onDone: (m: string) => void }) {
  const lib = useResource<{ areas: { area: string; category: string; items: PlanItem[] }[] }>("/api/v1/audit-items");
  const [chosen, setChosen] = useState<string[]>(p.a.items.map((i) => i.id));
  const act = useAction(p.onDone);
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  return (
    <form class="form" noValidate aria-labelledby="au-choose" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/audits/${p.a.id}/items`, { items: chosen }); return t("au.items_saved"); }); }}>
      <h3 id="au-choose">{t("au.choose_items")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      {lib.error ? <LoadError error={lib.error} retry={lib.reload} /> : null}
      {lib.data?.areas.map((g) => (
        <fieldset key={g.area}>
          <legend>{g.area}（{g.category}）</legend>
          {g.items.map((i) => (
            <label key={i.id} class="check"><input type="checkbox" checked={chosen.includes(i.id)} onChange={() => toggle(i.id)} /> {i.id} {i.item}</label>
          ))}
        </fieldset>
      ))}
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("au.save_items")}</button></div>
    </form>
  );
}

export function EvidencePanel(p: { a: PlanAudit; onDone: (m: string) => void }) {
  const a = p.a;
  return (
    <section class="panel" aria-labelledby="au-evidence">
      <h2 id="au-evidence">{t("au.evidence")}</h2>
      <p class="sub">{t("au.evidence_intro")}</p>
      {a.evidence_requests.length ? (
        <ul class="stack plain" data-testid="au-evidence">
          {a.evidence_requests.map((q) => (
            <li key={q.id} class="card">
              <p><Badge kind={q.state === "answered" ? "ok" : q.overdue ? "warn" : "info"}>{t(`au.ev_state.${q.state}` as Key)}</Badge>{" "}
                {t("au.item")} {q.item_id}: {q.what}（{t("au.ev_due")}: {formatDate(q.due_on)}）</p>
              {q.files.length ? (
                <ul>{q.files.map((f) => (
                  <li key={f.id}><a href={`/api/v1/audit-evidence/${f.id}`} download={f.name}>{f.name}</a>{" "}
                    <span class="sub">SHA-256 {f.sha256.slice(0, 16)}…・{f.uploaded_by_name}・{formatDate(f.uploaded_at)}</span></li>
                ))}</ul>
              ) : null}
              {a.may_answer ? <Upload q={q} onDone={p.onDone} /> : null}
            </li>
          ))}
        </ul>
      ) : <p class="sub">{t("au.evidence_none")}</p>}
      {a.may_find && a.items.length ? <AskEvidence a={a} onDone={p.onDone} /> : null}
    </section>
  );
}

function AskEvidence(p: { a: PlanAudit; onDone: (m: string) => void }) {
  const empty = { item_id: "", what: "", due_on: "" };
  const [f, setF] = useState(empty);
  const act = useAction((m) => { setF(empty); p.onDone(m); });
  return (
    <form class="form" noValidate aria-labelledby="au-ask" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/audits/${p.a.id}/evidence-requests`, f); return t("au.asked"); }); }}>
      <h3 id="au-ask">{t("au.ask")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("au.ev_item")} name="ev_item" value={f.item_id} onChange={(v) => setF({ ...f, item_id: v })} required error={act.fields.item_id}
        placeholder={t("common.select")} options={p.a.items.map((i) => ({ value: i.id, label: `${i.id} ${i.item}` }))} />
      <TextAreaField label={t("au.ev_what")} name="ev_what" value={f.what} onInput={(v) => setF({ ...f, what: v })} required error={act.fields.what} rows={2} />
      <TextField label={t("au.ev_due")} name="ev_due" type="date" value={f.due_on} onInput={(v) => setF({ ...f, due_on: v })} required error={act.fields.due_on} />
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("au.ask")}</button></div>
    </form>
  );
}

function Upload(p: { q: EvidenceRequest; onDone: (m: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const act = useAction(p.onDone);
  const id = `au-file-${p.q.id}`;
  return (
    <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      if (!file) throw new Error(t("au.ev_file_missing"));
      await api.upload(withQuery(`/api/v1/audit-evidence-requests/${p.q.id}/files`, { name: file.name }), file, "application/octet-stream");
      return t("au.uploaded"); }); }}>
      <ErrorSummary error={act.error} fields={act.fields} />
      <label for={id}>{t("au.ev_file")}</label>
      <input id={id} type="file" onChange={(ev) => setFile((ev.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending || !file}>{t("au.upload")}</button></div>
    </form>
  );
}
