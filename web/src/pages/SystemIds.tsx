// 情報システムのID (第83条・第84条, docs/access-reviews.md): the findings across systems, one system's
// IDs with the account-list import (format, dry run with errors by row and column, then the import),
// and the access-review campaigns (第83条(3)): list, opening, certifying each ID, closing, the record.
// Who sees which system is the server's (its 管理者, the 統括 and CISO, the audit lead).
import { useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { can, useSession } from "../session";

const KINDS = ["left", "moved", "unused", "privileged_no_role", "unmatched", "shared"] as const;
type Counts = Record<(typeof KINDS)[number], number>;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const COLUMNS = ["login_id", "staff_no", "holder_name", "unit_name", "privileges", "last_login", "state"] as const;

interface SystemRow { id: number; code: string; name: string; snapshot_at: string | null; id_count: number; counts: Counts }
interface IdItem {
  id: number; login_id: string; staff_no: string; holder_name: string; unit_name: string; privileges: string;
  last_login: string | null; state: string; enabled: boolean; privileged: boolean;
  person: { id: number; name: string; unit_name: string; left: boolean } | null; findings: string[];
}
interface SystemIds {
  system: { id: number; code: string; name: string }; snapshot: { id: number; imported_at: string; filename: string; id_count: number; format: string } | null;
  unused_days: number; counts: Counts; items: IdItem[]; snapshots: { id: number; imported_at: string; id_count: number; format: string; filename: string }[];
}
interface ImportAnswer {
  rows: number; valid_rows: number; error_count: number; truncated: boolean; snapshot_id?: number;
  errors: { row: number; column: string; field: string; label: string; value: string; code: string; ja: string; en: string }[];
  preview: Record<string, string>[];
  mapping: { header_row: number; columns: { column: string; header: string; field: string | null }[] };
}

const findingLabel = (k: string) => t(`sid.f.${k}` as Key);
const danger = new Set(["left", "privileged_no_role"]);

function Findings(p: { codes: string[] }) {
  if (!p.codes.length) return <span class="sub">—</span>;
  return <>{p.codes.map((c) => <Badge key={c} kind={danger.has(c) ? "danger" : "warn"}>{findingLabel(c)}</Badge>)}</>;
}

function CountCells(p: { counts: Counts }) {
  return <>{KINDS.map((k) => <td key={k} class="num" data-kind={k}>{p.counts[k] || ""}</td>)}</>;
}

export function SystemIdsTabs(p: { current: "ids" | "reviews" }) {
  const tabs = [
    { id: "ids", href: "/system-ids", label: t("sid.title") },
    { id: "reviews", href: "/access-reviews", label: t("ar.title") },
  ];
  return (
    <nav class="tabs" aria-label={t("sid.menu")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}>
            <Link href={x.href} class={x.id === p.current ? "current" : undefined} aria-current={x.id === p.current ? "page" : undefined}>{x.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function SystemIdsPage() {
  const res = useResource<{ unused_days: number; totals: Counts; systems: SystemRow[]; items: { system_id: number; login_id: string; holder_name: string; person_name: string; kind: string }[] }>("/api/v1/system-ids");
  const d = res.data;
  return (
    <>
      <PageHeading sub={t("sid.intro")}>{t("sid.title")}</PageHeading>
      <SystemIdsTabs current="ids" />
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <div class="table-wrap">
          <table class="table" data-testid="system-ids">
            <caption class="visually-hidden">{t("sid.title")}</caption>
            <thead><tr><th scope="col">{t("sid.system")}</th><th scope="col">{t("sid.imported_at")}</th><th scope="col" class="num">{t("sid.id_count")}</th>
              {KINDS.map((k) => <th key={k} scope="col" class="num">{findingLabel(k)}</th>)}</tr></thead>
            <tbody>
              {d.systems.map((s) => (
                <tr key={s.id} data-system={s.code}>
                  <td><Link href={`/system-ids/${s.id === 0 ? "lgsec" : s.id}`}>{s.code} {s.name}</Link></td>
                  <td>{s.id === 0 ? t("sid.live") : s.snapshot_at ? formatDateTime(s.snapshot_at) : t("sid.never")}</td>
                  <td class="num">{s.id_count}</td>
                  <CountCells counts={s.counts} />
                </tr>
              ))}
            </tbody>
          </table>
          <p class="sub">{t("sid.unused_note", { n: d.unused_days })} <ArticleRef article="第83条" /></p>
        </div>
      ) : null}
    </>
  );
}

export function SystemIdsSystemPage(p: { id: string }) {
  const path = p.id === "lgsec" ? "/api/v1/system-ids/lgsec" : `/api/v1/systems/${encodeURIComponent(p.id)}/ids`;
  const res = useResource<SystemIds>(path);
  const [filter, setFilter] = useState("");
  const d = res.data;
  const items = d ? d.items.filter((x) => !filter || x.findings.includes(filter)) : [];
  return (
    <>
      <p><Link href="/system-ids">{t("sid.back")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <PageHeading sub={d.snapshot ? t("sid.snapshot", { at: formatDateTime(d.snapshot.imported_at), n: d.snapshot.id_count }) : d.system.id === 0 ? t("sid.lgsec_intro") : t("sid.never")}>
            {t("sid.system_title", { name: `${d.system.code} ${d.system.name}` })}
          </PageHeading>
          {d.system.id !== 0 ? <ImportForm systemId={d.system.id} onDone={res.reload} /> : null}
          <section class="panel" aria-labelledby="sid-items">
            <h2 id="sid-items">{t("sid.items")}</h2>
            <p class="filters">
              <button type="button" class={`btn btn-small ${filter ? "" : "btn-primary"}`} onClick={() => setFilter("")}>{t("sid.all")} ({d.items.length})</button>
              {KINDS.map((k) => (
                <button key={k} type="button" class={`btn btn-small ${filter === k ? "btn-primary" : ""}`} aria-pressed={filter === k} onClick={() => setFilter(k)}>
                  {findingLabel(k)} ({d.counts[k]})
                </button>
              ))}
            </p>
            <div class="table-wrap">
              <table class="table" data-testid="sid-items">
                <thead><tr><th scope="col">ID</th><th scope="col">{t("sid.holder")}</th><th scope="col">{t("sid.person")}</th><th scope="col">{t("sid.privileges")}</th>
                  <th scope="col">{t("sid.last_login")}</th><th scope="col">{t("sid.state")}</th><th scope="col">{t("sid.findings")}</th></tr></thead>
                <tbody>
                  {items.map((x) => (
                    <tr key={x.id} data-login={x.login_id}>
                      <td class="mono">{x.login_id}</td>
                      <td>{x.holder_name || "—"}{x.staff_no ? <span class="sub"> {x.staff_no}</span> : null}{x.unit_name ? <><br /><span class="sub">{x.unit_name}</span></> : null}</td>
                      <td>{x.person ? <>{x.person.name}<br /><span class="sub">{x.person.unit_name}{x.person.left ? ` ${t("sid.left")}` : ""}</span></> : "—"}</td>
                      <td>{x.privileged ? <Badge kind="info">{t("sid.privileged")}</Badge> : null} {x.privileges}</td>
                      <td>{x.last_login ? formatDate(x.last_login) : "—"}</td>
                      <td>{x.enabled ? t("sid.enabled") : t("sid.disabled")}</td>
                      <td><Findings codes={x.findings} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {d.snapshots.length ? (
            <section class="panel" aria-labelledby="sid-history">
              <h2 id="sid-history">{t("sid.history")}</h2>
              <ul>{d.snapshots.map((s) => <li key={s.id}>{formatDateTime(s.imported_at)} — {s.filename || "—"} ({s.format}, {s.id_count})</li>)}</ul>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function ImportForm(p: { systemId: number; onDone: () => void }) {
  const formats = useResource<{ items: { id: string; label: string; description: string }[] }>("/api/v1/system-ids/formats");
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("");
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [done, setDone] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  // the header mapping: suggested by the server from the format, changed by the person per column
  const [columns, setColumns] = useState<{ column: string; header: string }[]>([]);
  const [chosen, setChosen] = useState<{ header_row: number; columns: Record<string, string | null> } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const learn = (m: ImportAnswer["mapping"] | undefined) => {
    if (!m || chosen) return;
    setColumns(m.columns.map((c) => ({ column: c.column, header: c.header })));
    setChosen({ header_row: m.header_row, columns: Object.fromEntries(m.columns.map((c) => [c.column, c.field])) });
  };
  const reset = () => { setAnswer(null); setColumns([]); setChosen(null); };
  const send = (dry: boolean) => {
    if (!file) { setFields({ file: t("sid.no_file") }); setError({ clientOnly: true }); return; }
    setPending(true); setError(null); setFields({}); setDone("");
    const ct = file.name.toLowerCase().endsWith(".xlsx") ? XLSX : "text/csv";
    const q = `?filename=${encodeURIComponent(file.name)}${format ? `&format=${encodeURIComponent(format)}` : ""}${dry ? "&dry_run=1" : ""}` +
      (chosen ? `&mapping=${encodeURIComponent(JSON.stringify(chosen))}` : "");
    api.upload<ImportAnswer>(`/api/v1/systems/${p.systemId}/ids/import${q}`, file, ct)
      .then((r) => {
        if (dry) { setAnswer(r); learn(r.mapping); }
        else { reset(); setFile(null); if (input.current) input.current.value = ""; setDone(t("sid.imported", { n: r.rows })); p.onDone(); }
      })
      .catch((err) => {
        setError(err);
        if (err instanceof ApiError) {
          setFields(err.fields());
          if (Array.isArray(err.problem.errors) && "rows" in err.problem) setAnswer(err.problem as unknown as ImportAnswer);
          learn(err.problem.mapping as ImportAnswer["mapping"] | undefined);
        }
      })
      .finally(() => setPending(false));
  };
  return (
    <form class="form panel" noValidate onSubmit={(e) => { e.preventDefault(); send(true); }} aria-labelledby="sid-import">
      <h2 id="sid-import">{t("sid.import")}</h2>
      <p class="sub">{t("sid.import_intro")}</p>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="sid-notice">{done}</p></Notice> : null}
      <ErrorSummary error={error} fields={fields} />
      <SelectField label={t("sid.format")} name="format" value={format} onChange={setFormat}
        options={(formats.data?.items ?? []).map((f) => ({ value: f.id, label: f.label }))} placeholder={formats.data?.items[0]?.label} />
      <div class={`field ${fields.file ? "has-error" : ""}`}>
        <div class="field-label-row"><label for="sid-file" class="field-label">{t("sid.file")}</label><span class="req" aria-hidden="true">{t("common.required")}</span></div>
        {fields.file ? <div id="sid-file-error" class="field-error">{fields.file}</div> : null}
        <input id="sid-file" ref={input} name="file" type="file" class="input input-l file-input" accept=".csv,.xlsx,text/csv"
          aria-required="true" aria-invalid={fields.file ? "true" : undefined}
          onChange={(e) => { setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null); reset(); }} />
      </div>
      {chosen && columns.length ? (
        <div class="table-wrap">
          <table class="table mapping" data-testid="sid-mapping">
            <caption>{t("sid.mapping", { row: chosen.header_row })}</caption>
            <thead><tr><th scope="col">{t("sid.column")}</th><th scope="col">{t("sid.header")}</th><th scope="col">{t("sid.field")}</th></tr></thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.column}>
                  <td class="mono">{c.column}</td><td>{c.header || "—"}</td>
                  <td>
                    <select class="input input-m" aria-label={t("sid.field_of", { column: c.column })} value={chosen.columns[c.column] ?? ""}
                      onChange={(e) => { const v = (e.currentTarget as HTMLSelectElement).value; setAnswer(null); setChosen({ ...chosen, columns: { ...chosen.columns, [c.column]: v || null } }); }}>
                      <option value="">{t("sid.ignore")}</option>
                      {COLUMNS.map((f) => <option key={f} value={f}>{t(`sid.col.${f}` as Key)}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="btn" disabled={pending}>{t("sid.dry_run")}</button>
        {answer && answer.error_count === 0 && answer.rows > 0 ? (
          <button type="button" class="btn btn-primary" disabled={pending} onClick={() => send(false)}>{t("sid.do_import", { n: answer.rows })}</button>
        ) : null}
      </div>
      {answer ? (
        <div data-testid="sid-dry-run">
          <p>{t("sid.dry_summary", { rows: answer.rows, errors: answer.error_count })}</p>
          {answer.errors.length ? (
            <div class="table-wrap">
              <table class="table table-striped" data-testid="sid-errors">
                <thead><tr><th scope="col" class="num">{t("sid.row")}</th><th scope="col">{t("sid.column")}</th><th scope="col">{t("sid.field")}</th><th scope="col">{t("sid.message")}</th></tr></thead>
                <tbody>{answer.errors.map((x, i) => <tr key={i}><td class="num mono">{x.row}</td><td class="mono">{x.column}</td><td>{x.label}</td><td>{pick(x.ja, x.en)}</td></tr>)}</tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

// ---- アクセス権の見直し ----

interface ReviewRow { id: number; title: string; opened_on: string; due_on: string; state: string; total: number; decided: number; removals_open: number }
interface ReviewItem {
  id: number; system_id: number; system_code: string; login_id: string; holder_name: string; privileged: boolean; findings: string[];
  decision: string | null; reason: string | null; decided_by_name: string; decided_at: string | null; progress: string;
  done_by: string | null; done_note: string | null; can_decide: boolean;
}
interface Review { id: number; title: string; opened_on: string; due_on: string; state: string; closed_at: string | null;
  systems: { id: number; code: string; name: string; total: number; decided: number }[]; items: ReviewItem[] }

export function AccessReviewsPage() {
  const session = useSession();
  const res = useResource<{ interval_days: number; last_opened_on: string | null; next_due_on: string | null; overdue: boolean; items: ReviewRow[] }>("/api/v1/access-reviews");
  const d = res.data;
  return (
    <>
      <PageHeading sub={t("ar.intro")}>{t("ar.title")}</PageHeading>
      <SystemIdsTabs current="reviews" />
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <p data-testid="ar-due">{t("ar.interval", { n: d.interval_days })} {d.next_due_on ? t("ar.next", { date: formatDate(d.next_due_on) }) : ""}
            {d.overdue ? <> <Badge kind="danger">{t("ar.overdue")}</Badge></> : null} <ArticleRef article="第83条(3)" /></p>
          {can(session, "evaluation.manage") ? <OpenForm onDone={res.reload} /> : null}
          {d.items.length ? (
            <div class="table-wrap">
              <table class="table" data-testid="ar-list">
                <thead><tr><th scope="col">{t("ar.name")}</th><th scope="col">{t("ar.opened_on")}</th><th scope="col">{t("ar.due_on")}</th><th scope="col">{t("ar.state")}</th>
                  <th scope="col" class="num">{t("ar.decided")}</th><th scope="col" class="num">{t("ar.removals_open")}</th></tr></thead>
                <tbody>
                  {d.items.map((r) => (
                    <tr key={r.id}>
                      <td><Link href={`/access-reviews/${r.id}`}>{r.title}</Link></td><td>{formatDate(r.opened_on)}</td><td>{formatDate(r.due_on)}</td>
                      <td>{r.state === "open" ? <Badge kind="warn">{t("ar.open")}</Badge> : <Badge kind="ok">{t("ar.closed")}</Badge>}</td>
                      <td class="num">{r.decided} / {r.total}</td><td class="num">{r.removals_open || ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p class="sub">{t("ar.empty")}</p>}
        </>
      ) : null}
    </>
  );
}

function OpenForm(p: { onDone: () => void }) {
  const [f, setF] = useState({ title: "", due_on: "" });
  const act = useAction(() => { setF({ title: "", due_on: "" }); p.onDone(); });
  return (
    <form class="form panel" noValidate aria-labelledby="ar-open" onSubmit={(e) => { e.preventDefault(); void act.run(async () => { await api.post("/api/v1/access-reviews", f); return ""; }); }}>
      <h2 id="ar-open">{t("ar.open_new")}</h2>
      <p class="sub">{t("ar.open_intro")}</p>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("ar.name")} name="title" value={f.title} onInput={(v) => setF({ ...f, title: v })} required error={act.fields.title} size="l" />
      <TextField label={t("ar.due_on")} name="due_on" type="date" value={f.due_on} onInput={(v) => setF({ ...f, due_on: v })} required error={act.fields.due_on} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("ar.open_do")}</button></div>
    </form>
  );
}

export function AccessReviewPage(p: { id: string }) {
  const session = useSession();
  const res = useResource<Review>(`/api/v1/access-reviews/${encodeURIComponent(p.id)}`);
  const close = useAction(() => res.reload());
  const d = res.data;
  return (
    <>
      <p><Link href="/access-reviews">{t("ar.back")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <PageHeading sub={t("ar.period", { from: formatDate(d.opened_on), due: formatDate(d.due_on) })}>{d.title}</PageHeading>
          <p>{d.state === "open" ? <Badge kind="warn">{t("ar.open")}</Badge> : <Badge kind="ok">{t("ar.closed")}</Badge>}{" "}
            <a class="btn btn-small" href={`/api/v1/access-reviews/${d.id}/record.xlsx`} download>{t("ar.record")}</a></p>
          <ul class="inline-list" data-testid="ar-systems">{d.systems.map((s) => <li key={s.id}>{s.code}: {s.decided} / {s.total}</li>)}</ul>
          {d.state === "open" && can(session, "evaluation.manage") ? (
            <div class="form-actions">
              <ErrorSummary error={close.error} fields={close.fields} />
              <button type="button" class="btn" disabled={close.pending} onClick={() => void close.run(async () => { await api.post(`/api/v1/access-reviews/${d.id}/close`, {}); return ""; })}>{t("ar.close")}</button>
            </div>
          ) : null}
          <div class="table-wrap">
            <table class="table" data-testid="ar-items">
              <thead><tr><th scope="col">{t("sid.system")}</th><th scope="col">ID</th><th scope="col">{t("sid.holder")}</th><th scope="col">{t("sid.findings")}</th>
                <th scope="col">{t("ar.decision")}</th><th scope="col">{t("ar.progress")}</th></tr></thead>
              <tbody>{d.items.map((x) => <ItemRow key={x.id} item={x} open={d.state === "open"} onDone={res.reload} />)}</tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

function ItemRow(p: { item: ReviewItem; open: boolean; onDone: () => void }) {
  const x = p.item;
  const [decision, setDecision] = useState(x.decision ?? "");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const act = useAction(() => { setReason(""); setNote(""); p.onDone(); });
  const decide = (e: Event) => {
    e.preventDefault();
    void act.run(async () => { await api.post(`/api/v1/access-review-items/${x.id}/decide`, { decision, reason }); return ""; });
  };
  const done = (e: Event) => {
    e.preventDefault();
    void act.run(async () => { await api.post(`/api/v1/access-review-items/${x.id}/done`, { note }); return ""; });
  };
  return (
    <tr data-login={x.login_id} data-system={x.system_code}>
      <td>{x.system_code}</td>
      <td class="mono">{x.login_id}{x.privileged ? <> <Badge kind="info">{t("sid.privileged")}</Badge></> : null}</td>
      <td>{x.holder_name || "—"}</td>
      <td><Findings codes={x.findings} /></td>
      <td>
        {x.decision ? <p><strong>{t(`ar.d.${x.decision}` as Key)}</strong> {x.reason}<br /><span class="sub">{x.decided_by_name} {x.decided_at ? formatDateTime(x.decided_at) : ""}</span></p> : null}
        {p.open && x.can_decide && x.progress !== "done" ? (
          <form class="form-inline" noValidate onSubmit={decide} aria-label={t("ar.decide_for", { id: x.login_id })}>
            <ErrorSummary error={act.error} fields={act.fields} />
            <SelectField label={t("ar.decision")} name="decision" value={decision} onChange={setDecision} placeholder={t("ar.choose")}
              options={["keep", "change", "remove"].map((v) => ({ value: v, label: t(`ar.d.${v}` as Key) }))} error={act.fields.decision} />
            <TextField label={t("ar.reason")} name="reason" value={reason} onInput={setReason} required error={act.fields.reason} />
            <button type="submit" class="btn btn-small btn-primary" disabled={act.pending}>{t("ar.decide")}</button>
          </form>
        ) : null}
      </td>
      <td>
        {x.progress === "pending" ? <Badge kind="warn">{t("ar.pending")}</Badge> : x.progress === "done" ? <Badge kind="ok">{x.done_by === "import" ? t("ar.done_import") : t("ar.done_hand")}</Badge> : null}
        {x.done_note ? <p class="sub">{x.done_note}</p> : null}
        {x.progress === "pending" && x.can_decide ? (
          <form class="form-inline" noValidate onSubmit={done} aria-label={t("ar.done_for", { id: x.login_id })}>
            <TextAreaField label={t("ar.done_note")} name="note" value={note} onInput={setNote} rows={2} error={act.fields.note} />
            <button type="submit" class="btn btn-small">{t("ar.done")}</button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}
