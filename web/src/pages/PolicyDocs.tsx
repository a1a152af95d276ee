// ポリシー文書の管理: the register of the municipality's 基本方針・対策基準・実施手順, one document's
// versions with the upload of a new one, and the acknowledgement report per 課室 (第47条(2)).
// policy.manage edits; procedures.read only reads (the server filters what each person may see).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { navigate } from "../router";

export interface PdCurrent { id: number; seq: number; effective_date: string | null; published_at: string; acknowledged_at: string | null }
export interface PdDoc {
  id: number; kind: string; kind_ja: string; title: string; area: string;
  system_id: number | null; system_name: string | null; current: PdCurrent | null; drafts?: number;
}
export interface PdVersionRow {
  id: number; seq: number; state: string; filename: string; source_format: string; doc_title: string; articles: number;
  effective_date: string | null; revision_note: string; decision: string; decision_date: string | null;
  pack_version: string; uploaded_by: string; uploaded_at: string; published_by: string | null; published_at: string | null;
}

export const kindLabel = (k: string) => t(`pd.kind.${k}` as Key);

export function PdStateBadge(p: { state: string }) {
  const kind = p.state === "published" ? "ok" : p.state === "draft" ? "info" : "neutral";
  return <Badge kind={kind}>{t(`pd.state.${p.state}` as Key)}</Badge>;
}

export function PolicyDocsTabs(p: { current: "register" | "reviews" | null; manage: boolean }) {
  return (
    <nav class="tabs" aria-label={t("pd.menu")}>
      <Link href="/policy-docs" aria-current={p.current === "register" ? "page" : undefined}>{t("pd.tab.register")}</Link>
      {p.manage ? <Link href="/policy-docs/reviews" aria-current={p.current === "reviews" ? "page" : undefined}>{t("pd.tab.reviews")}</Link> : null}
    </nav>
  );
}

export function PolicyDocsPage() {
  const res = useResource<{ items: PdDoc[]; can_manage: boolean }>("/api/v1/policy-docs");
  const manage = !!res.data?.can_manage;
  return (
    <>
      <PageHeading sub={t("pd.intro")}>{t("pd.title")}</PageHeading>
      <PolicyDocsTabs current="register" manage={manage} />
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data ? (
        <div class="stack">
          {res.data.items.length ? (
            <div class="table-wrap">
              <table class="table table-striped" data-testid="policy-docs">
                <thead><tr>
                  <th scope="col">{t("pd.kind")}</th><th scope="col">{t("pd.doc_title")}</th><th scope="col">{t("pd.current")}</th>
                  <th scope="col">{t("pd.effective_date")}</th>{manage ? <th scope="col">{t("pd.drafts")}</th> : null}
                </tr></thead>
                <tbody>
                  {res.data.items.map((d) => (
                    <tr key={d.id} data-kind={d.kind}>
                      <td>{kindLabel(d.kind)}</td>
                      <td><Link href={`/policy-docs/${d.id}`}>{d.title}</Link>{d.area || d.system_name ? <div class="sub">{d.system_name ?? d.area}</div> : null}</td>
                      <td>{d.current ? <Link href={`/policy-docs/versions/${d.current.id}`}>{t("pd.seq", { n: d.current.seq })}</Link> : <span class="sub">{t("pd.none")}</span>}</td>
                      <td>{formatDate(d.current?.effective_date)}</td>
                      {manage ? <td>{d.drafts ? <Badge kind="info">{d.drafts}</Badge> : "—"}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p class="sub">{t("pd.empty")}</p>}
          {manage ? <NewDocForm onDone={(id) => navigate(`/policy-docs/${id}`)} /> : null}
        </div>
      ) : null}
    </>
  );
}

function NewDocForm(p: { onDone: (id: number) => void }) {
  const [kind, setKind] = useState("procedure");
  const [title, setTitle] = useState("");
  const [area, setArea] = useState("");
  let created = 0;
  const act = useAction(() => p.onDone(created));
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const r = await api.post<{ id: number }>("/api/v1/policy-docs", { kind, title, area });
      created = r.id;
      return t("pd.created");
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="pd-new">
      <h2 id="pd-new">{t("pd.new_doc")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("pd.kind")} name="kind" value={kind} onChange={setKind} required error={act.fields.kind}
        options={["basic", "standard", "procedure"].map((k) => ({ value: k, label: kindLabel(k) }))} />
      <TextField label={t("pd.doc_title")} name="title" value={title} onInput={setTitle} required error={act.fields.title} size="l" />
      <TextField label={t("pd.area")} name="area" value={area} onInput={setArea} hint={t("pd.area_hint")} error={act.fields.area} size="l" />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("pd.create")}</button></div>
    </form>
  );
}

export function PolicyDocPage(p: { id: string }) {
  const res = useResource<PdDoc & { versions: PdVersionRow[]; can_manage: boolean }>(`/api/v1/policy-docs/${encodeURIComponent(p.id)}`);
  const d = res.data;
  return (
    <>
      <PageHeading sub={d ? `${kindLabel(d.kind)}${d.area ? `　${d.area}` : ""}` : undefined}>{d?.title ?? t("pd.title")}</PageHeading>
      <PolicyDocsTabs current={null} manage={!!d?.can_manage} />
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <div class="stack">
          <section class="panel" aria-labelledby="pd-versions">
            <h2 id="pd-versions">{t("pd.versions")}</h2>
            <table class="table" data-testid="policy-versions">
              <thead><tr>
                <th scope="col">{t("pd.versions")}</th><th scope="col">{t("pd.state")}</th><th scope="col">{t("pd.effective_date")}</th>
                <th scope="col">{t("pd.revision_note")}</th><th scope="col">{t("pd.uploaded")}</th>
              </tr></thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.id} data-state={v.state}>
                    <td><Link href={`/policy-docs/versions/${v.id}`}>{t("pd.seq", { n: v.seq })}</Link><div class="sub">{v.filename}</div></td>
                    <td><PdStateBadge state={v.state} /></td>
                    <td>{formatDate(v.effective_date)}</td>
                    <td class="prewrap">{v.revision_note || "—"}</td>
                    <td class="nowrap">{formatDateTime(v.uploaded_at)}<div class="sub">{v.uploaded_by}</div></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {d.can_manage && d.current && d.kind !== "procedure" ? (
              <p><Link href={`/policy-docs/${d.id}/acknowledgements`}>{t("pd.ack_report")}</Link></p>
            ) : null}
          </section>
          {d.can_manage ? <UploadForm docId={d.id} /> : null}
        </div>
      ) : null}
    </>
  );
}

function UploadForm(p: { docId: number }) {
  const [file, setFile] = useState<File | null>(null);
  const act = useAction(() => undefined);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return act.fail({ file: t("pd.choose_file") });
    void act.run(async () => {
      const r = await api.upload<{ id: number }>(`/api/v1/policy-docs/${p.docId}/versions?filename=${encodeURIComponent(file.name)}`, file, "application/octet-stream");
      navigate(`/policy-docs/versions/${r.id}`);
      return "";
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="pd-upload">
      <h2 id="pd-upload">{t("pd.upload")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <div class={`field ${act.fields.file ? "has-error" : ""}`}>
        <div class="field-label-row"><label for="pd-file" class="field-label">{t("pd.upload_file")}</label></div>
        {act.fields.file ? <div id="pd-file-error" class="field-error">{act.fields.file}</div> : null}
        <input id="pd-file" name="file" type="file" class="input input-l file-input" accept=".txt,.md,.docx,.pdf,text/plain,text/markdown,application/pdf"
          aria-invalid={act.fields.file ? "true" : undefined} aria-describedby="pd-file-hint"
          onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        <div id="pd-file-hint" class="field-hint">{t("pd.upload_hint")}</div>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={act.pending} aria-busy={act.pending}>{act.pending ? t("pd.uploading") : t("pd.upload_do")}</button>
      </div>
    </form>
  );
}

interface AckUnit { unit_id: number; code: string; name: string; parent_name: string; people: number; acknowledged: number; missing: { person_id: number; staff_no: string; name: string }[] }
interface AckReport { document_id: number; version: { id: number; seq: number; state: string }; people: number; acknowledged: number; units: AckUnit[] }

export function PolicyAckReportPage(p: { id: string }) {
  const res = useResource<AckReport>(`/api/v1/policy-docs/${encodeURIComponent(p.id)}/acknowledgements`);
  const doc = useResource<PdDoc>(`/api/v1/policy-docs/${encodeURIComponent(p.id)}`);
  const r = res.data;
  // one decimal, rounded down: 1 of 297 is 0.3 %, never 0 %; only all of them is 100 %
  const pct = (a: number, n: number) => (n ? (Math.floor((a * 1000) / n) / 10).toFixed(a === n || a === 0 ? 0 : 1) : "0");
  return (
    <>
      <PageHeading sub={doc.data ? `${doc.data.title}　${r ? t("pd.seq", { n: r.version.seq }) : ""}` : undefined}>{t("pd.report_title")}</PageHeading>
      <PolicyDocsTabs current={null} manage />
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !r ? <Loading /> : null}
      {r ? (
        <div class="stack">
          <Notice kind="info"><p data-testid="ack-total">{t("pd.report_total", { people: r.people, ack: r.acknowledged, pct: pct(r.acknowledged, r.people) })}</p></Notice>
          <div class="table-wrap">
            <table class="table table-striped" data-testid="ack-report">
              <thead><tr><th scope="col">{t("pd.unit")}</th><th scope="col">{t("pd.people")}</th><th scope="col">{t("pd.acknowledged")}</th><th scope="col">{t("pd.not_yet")}</th></tr></thead>
              <tbody>
                {r.units.map((u) => (
                  <tr key={u.unit_id} data-unit={u.code}>
                    <th scope="row">{u.name}{u.parent_name ? <div class="sub">{u.parent_name}</div> : null}</th>
                    <td>{u.people}</td>
                    <td data-testid="ack-count">{u.acknowledged}（{pct(u.acknowledged, u.people)}%）</td>
                    <td>{u.missing.length ? (
                      <details><summary>{u.missing.length}</summary><ul class="plain">{u.missing.map((m) => <li key={m.person_id}>{m.name} <span class="sub mono">{m.staff_no}</span></li>)}</ul></details>
                    ) : <Badge kind="ok">{t("pd.all_done")}</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}
