// ネットワーク分離の検証 (issue 17, 第24条–第26条・第44条・第67条): /netcheck — upload a topology and the
// devices' configurations (or one device's configuration before and after a change), run the check on
// the server (stored with the files' hashes in the trail) and list the results; /netcheck/runs/{id} —
// one result: each forbidden flow with its article, witness packet (named by the 情報システム台帳), path
// and rule lines, the rule hygiene, the PDF report, and attaching a comparison to a セキュリティ設定の変更
// request. RunResult is also shown on the request's page (Request.tsx).
import { useState } from "preact/hooks";
import { api, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { relayKindLabel } from "../registers";
import { requestNo, type RequestItem } from "../requests";
import { navigate } from "../router";

interface Labels { ja: string; en: string }
interface SystemRef { code: string; name: string }
interface Packet { text: string; src_system: SystemRef | null; dst_system: SystemRef | null; dport: number }
interface Violation {
  from: string; to: string; from_label: Labels; to_label: Labels; article: string; rule: Labels; witness: Packet;
  delivered?: Packet; // the witness after the NAT rules on its path
  path: { device: string; in: string; out: string; rules: string[]; nat_before?: string[]; nat_after?: string[] }[];
}
interface Change { change: "opened" | "closed"; in: string; out: string; witness: Packet; rules: string[] }
interface Finding { device: string; file: string; line?: number; handle?: number; kind: string; rule: string; covered_by: number[] }
interface Result {
  kind: "check" | "diff"; model?: string; model_label?: Labels; matrix?: string;
  relays?: { name: string; kind: string; system: string | null; zone?: string | null; zone_label?: Labels; services?: string[] }[];
  devices: { name: string; file: string; vendor: string; rules: number; notes: string[] }[];
  systems?: { code: string; name: string; zone: string; zone_label: Labels }[];
  violations?: Violation[]; truncated?: boolean; changes?: Change[]; hygiene: Finding[];
}
export interface RunItem {
  id: number; mode: "check" | "diff"; title: string; model: string; violations: number; opened: number; closed: number;
  findings: number; request_id: number | null; run_by_name: string; run_at: string; result_sha256: string;
}
export interface Run extends RunItem { files: { id: number; name: string; sha256: string; size: number; role: string }[]; result: Result }

const uploadFile = async (f: File) =>
  (await api.upload<{ id: number }>(`/api/v1/netcheck/files?name=${encodeURIComponent(f.name)}`, f, "application/octet-stream")).id;

function Summary(p: { r: RunItem }) {
  const r = p.r;
  if (r.mode === "diff")
    return <span>{r.opened ? <Badge kind="danger">{t("nc.opened_n", { n: r.opened })}</Badge> : <Badge kind="ok">{t("nc.opened_n", { n: 0 })}</Badge>} {t("nc.closed_n", { n: r.closed })}</span>;
  return r.violations ? <Badge kind="danger">{t("nc.violations_n", { n: r.violations })}</Badge> : <Badge kind="ok">{t("nc.ok")}</Badge>;
}

export function NetcheckPage() {
  const list = useResource<{ items: RunItem[] }>("/api/v1/netcheck/runs");
  return (
    <main id="main" class="page">
      <PageHeading sub={t("nc.intro")}>{t("nc.title")}</PageHeading>
      <NewRunForm />
      <section class="panel" aria-labelledby="nc-runs">
        <h2 id="nc-runs">{t("nc.runs")}</h2>
        {list.loading && !list.data ? <Loading /> : list.error ? <LoadError error={list.error} retry={list.reload} /> : list.data && list.data.items.length ? (
          <div class="table-wrap">
            <table class="table table-striped" data-testid="nc-runs">
              <thead><tr><th scope="col">{t("nc.run_title")}</th><th scope="col">{t("nc.mode")}</th><th scope="col">{t("nc.result")}</th>
                <th scope="col">{t("nc.run_by")}</th><th scope="col">{t("nc.run_at")}</th></tr></thead>
              <tbody>{list.data.items.map((r) => (
                <tr key={r.id} data-run={r.id}>
                  <td><Link href={`/netcheck/runs/${r.id}`}>{r.title || t("nc.run_heading", { no: r.id })}</Link></td>
                  <td>{t(`nc.mode.${r.mode}` as Key)}</td>
                  <td><Summary r={r} /></td>
                  <td>{r.run_by_name}</td>
                  <td>{formatDateTime(r.run_at)}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        ) : <p>{t("nc.runs_none")}</p>}
      </section>
    </main>
  );
}

const FORMATS = ["auto", "iptables", "nft", "rtx", "fortigate", "ios"];

function FileField(p: { id: string; label: string; hint?: string; multiple?: boolean; error?: string; onChange: (f: File[]) => void }) {
  return (
    <div class="field">
      <div class="field-label-row"><label for={p.id} class="field-label">{p.label}</label></div>
      {p.hint ? <div id={`${p.id}-hint`} class="field-hint">{p.hint}</div> : null}
      {p.error ? <div id={`${p.id}-error`} class="field-error">{p.error}</div> : null}
      <input id={p.id} type="file" class="input input-l file-input" multiple={p.multiple} aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.hint ? `${p.id}-hint` : undefined}
        onChange={(ev) => p.onChange(Array.from((ev.currentTarget as HTMLInputElement).files ?? []))} />
    </div>
  );
}

function NewRunForm() {
  const [mode, setMode] = useState("check");
  const [title, setTitle] = useState("");
  const [format, setFormat] = useState("auto");
  const [topology, setTopology] = useState<File[]>([]);
  const [configs, setConfigs] = useState<File[]>([]);
  const [before, setBefore] = useState<File[]>([]);
  const [after, setAfter] = useState<File[]>([]);
  const act = useAction((id) => navigate(`/netcheck/runs/${id}`));
  const submit = (e: Event) => {
    e.preventDefault();
    if (mode === "check" && !topology.length) return act.fail({ topology: t("nc.no_topology") });
    if (mode === "check" && !configs.length) return act.fail({ configs: t("nc.no_configs") });
    if (mode === "diff" && (!before.length || !after.length)) return act.fail({ configs: t("nc.no_before_after") });
    void act.run(async () => {
      const body: Record<string, unknown> = { mode, format };
      if (title.trim()) body.title = title.trim();
      if (mode === "check") {
        body.topology_file_id = await uploadFile(topology[0]);
        const ids: number[] = [];
        for (const f of configs) ids.push(await uploadFile(f));
        body.config_file_ids = ids;
      } else body.config_file_ids = [await uploadFile(before[0]), await uploadFile(after[0])];
      const r = await api.post<Run>("/api/v1/netcheck/runs", body);
      return String(r.id);
    });
  };
  const f = act.fields;
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="nc-new" data-testid="nc-form">
      <h2 id="nc-new">{t("nc.new")}</h2>
      <ErrorSummary error={act.error} fields={f} />
      <SelectField label={t("nc.mode")} name="mode" value={mode} onChange={setMode} error={f.mode}
        options={[{ value: "check", label: t("nc.mode.check") }, { value: "diff", label: t("nc.mode.diff") }]} />
      <TextField label={t("nc.run_title")} name="title" value={title} onInput={setTitle} hint={t("nc.run_title_hint")} error={f.title} size="l" />
      {mode === "check" ? (
        <>
          <FileField id="nc-topology" label={t("nc.topology")} hint={t("nc.topology_hint")} error={f.topology ?? f.topology_file_id} onChange={setTopology} />
          <FileField id="nc-configs" label={t("nc.configs")} hint={t("nc.configs_hint")} multiple error={f.configs ?? f.config_file_ids} onChange={setConfigs} />
        </>
      ) : (
        <>
          <FileField id="nc-before" label={t("nc.before")} error={f.configs ?? f.config_file_ids} onChange={setBefore} />
          <FileField id="nc-after" label={t("nc.after")} onChange={setAfter} />
        </>
      )}
      <SelectField label={t("nc.format")} name="format" value={format} onChange={setFormat} error={f.format}
        options={FORMATS.map((x) => ({ value: x, label: x === "auto" ? t("nc.format.auto") : x }))} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{act.pending ? t("nc.running") : t("nc.submit")}</button></div>
    </form>
  );
}

function Ends(p: { w: Packet; from?: Labels; to?: Labels }) {
  const s = p.w.src_system, d = p.w.dst_system;
  if (!s && !d) return null;
  return <> ({s ? s.name : p.from ? pick(p.from.ja, p.from.en) : ""} → {d ? d.name : p.to ? pick(p.to.ja, p.to.en) : ""})</>;
}

function Rules(p: { rules: string[] }) {
  return <ul class="mono nc-rules">{p.rules.map((r, i) => <li key={i}>{r}</li>)}</ul>;
}

/** A stored result: forbidden flows or changes, hygiene and notes. */
export function RunResult(p: { run: Run }) {
  const res = p.run.result;
  return (
    <div class="stack" data-testid="nc-result">
      {res.kind === "check" ? (
        <section class="panel" aria-labelledby={`nc-v-${p.run.id}`}>
          <h2 id={`nc-v-${p.run.id}`}>{t("nc.violations")}</h2>
          {!res.violations?.length ? <p><Badge kind="ok">{t("nc.ok")}</Badge></p> : (
            <ol class="nc-violations" data-testid="nc-violations">
              {res.violations.map((v, i) => (
                <li key={i} data-from={v.from} data-to={v.to}>
                  <h3>{pick(v.from_label.ja, v.from_label.en)} → {pick(v.to_label.ja, v.to_label.en)} <ArticleRef article={v.article} /></h3>
                  <p>{pick(v.rule.ja, v.rule.en)}</p>
                  <dl class="facts">
                    <dt>{t("nc.witness")}</dt><dd class="nc-witness"><span class="mono">{v.witness.text}</span><Ends w={v.witness} from={v.from_label} to={v.to_label} /></dd>
                    {v.delivered && <><dt>{t("nc.delivered")}</dt><dd class="mono">{v.delivered.text}</dd></>}
                    <dt>{t("nc.path")}</dt><dd>{v.path.map((h) => `${h.device} (${h.in} → ${h.out})`).join(" → ")}</dd>
                    <dt>{t("nc.rules")}</dt><dd><Rules rules={v.path.flatMap((h) => [...(h.nat_before ?? []).map((r) => `NAT: ${r}`), ...h.rules,
                      ...(h.nat_after ?? []).map((r) => `NAT: ${r}`)])} /></dd>
                  </dl>
                </li>
              ))}
            </ol>
          )}
          {res.truncated ? <p class="sub">{t("nc.truncated")}</p> : null}
        </section>
      ) : (
        <section class="panel" aria-labelledby={`nc-c-${p.run.id}`}>
          <h2 id={`nc-c-${p.run.id}`}>{t("nc.changes")} <ArticleRef article="第44条" /></h2>
          {!res.changes?.length ? <p>{t("nc.no_changes")}</p> : (
            <ol class="nc-violations" data-testid="nc-changes">
              {res.changes.map((c, i) => (
                <li key={i} data-change={c.change}>
                  <h3><Badge kind={c.change === "opened" ? "danger" : "neutral"}>{t(`nc.change.${c.change}` as Key)}</Badge> <span class="mono">{c.witness.text}</span></h3>
                  <dl class="facts">
                    <dt>{t("nc.interfaces")}</dt><dd>{c.in || t("nc.other")} → {c.out || t("nc.other")}</dd>
                    <dt>{t("nc.rules")}</dt><dd><Rules rules={c.rules} /></dd>
                  </dl>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      <section class="panel" aria-labelledby={`nc-h-${p.run.id}`}>
        <h2 id={`nc-h-${p.run.id}`}>{t("nc.hygiene")} <ArticleRef article="第67条" /></h2>
        {!res.hygiene.length ? <p>{t("nc.hygiene_none")}</p> : (
          <div class="table-wrap">
            <table class="table" data-testid="nc-hygiene">
              <tbody>{res.hygiene.map((h, i) => (
                <tr key={i}><td>{h.device}</td><td><Badge kind={h.kind === "any_any" ? "danger" : "warn"}>{t(`nc.h.${h.kind}` as Key)}</Badge></td>
                  <td class="mono">{h.rule}{h.covered_by.length ? <div class="sub">{t("nc.covered_by", { lines: h.covered_by.join(", ") })}</div> : null}</td></tr>
              ))}</tbody>
            </table>
          </div>
        )}
      </section>
      {res.devices.some((d) => d.notes.length) ? (
        <section class="panel" aria-labelledby={`nc-n-${p.run.id}`}>
          <h2 id={`nc-n-${p.run.id}`}>{t("nc.notes")}</h2>
          {res.devices.filter((d) => d.notes.length).map((d) => (
            <div key={d.file}><h3>{d.file}</h3><ul class="mono">{d.notes.map((n, i) => <li key={i}>{n}</li>)}</ul></div>
          ))}
        </section>
      ) : null}
    </div>
  );
}

export function NetcheckRunPage(p: { id: string }) {
  const run = useResource<Run>(`/api/v1/netcheck/runs/${encodeURIComponent(p.id)}`);
  const [notice, setNotice] = useState("");
  if (run.loading && !run.data) return <main id="main" class="page"><Loading /></main>;
  if (run.error || !run.data) return <main id="main" class="page"><LoadError error={run.error} retry={run.reload} /></main>;
  const r = run.data;
  return (
    <main id="main" class="page">
      <PageHeading sub={r.title || undefined}>{t("nc.run_heading", { no: r.id })}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="nc-notice">{notice}</p></Notice> : null}
      <section class="panel" aria-labelledby="nc-facts">
        <h2 id="nc-facts">{t("nc.result")}</h2>
        <dl class="facts facts-grid">
          <dt>{t("nc.result")}</dt><dd><Summary r={r} /></dd>
          {r.result.model_label ? <><dt>{t("nc.model")}</dt><dd>{pick(r.result.model_label.ja, r.result.model_label.en)}</dd></> : null}
          {r.result.matrix ? <><dt>{t("nc.matrix")}</dt><dd data-testid="nc-matrix">{r.result.matrix}</dd></> : null}
          <dt>{t("nc.run_by")}</dt><dd>{r.run_by_name}　{formatDateTime(r.run_at)}</dd>
          <dt>{t("nc.files")}</dt><dd><ul>{r.files.map((f) => <li key={f.id}>{f.name} <span class="mono hash">{f.sha256}</span></li>)}</ul></dd>
          {r.result.systems?.length ? <><dt>{t("nc.systems")}</dt><dd>{r.result.systems.map((s) => `${s.name} (${pick(s.zone_label.ja, s.zone_label.en)})`).join("、")}</dd></> : null}
          {r.result.relays?.length ? <><dt>{t("nc.relays")}</dt><dd><ul data-testid="nc-relays">{r.result.relays.map((x, i) => (
            <li key={i}>{x.name}{x.system ? ` (${x.system})` : `（${t("nc.relay_topology")}）`}　{relayKindLabel(x.kind)}
              {x.zone_label ? `　${pick(x.zone_label.ja, x.zone_label.en)}` : ""}{x.services?.length ? `　${x.services.join(", ")}` : ""}</li>
          ))}</ul></dd></> : null}
          <dt>{t("nc.result_hash")}</dt><dd class="mono hash">{r.result_sha256}</dd>
          {r.request_id ? <><dt>{t("nc.attached_to")}</dt><dd><Link href={`/requests/${r.request_id}`}>{requestNo(r.request_id)}</Link></dd></> : null}
        </dl>
        <p><a class="btn" href={`/api/v1/netcheck/runs/${r.id}/report`} download={`netcheck-${r.id}.pdf`} data-testid="nc-pdf">{t("nc.pdf")}</a></p>
      </section>
      {r.mode === "diff" && !r.request_id ? <AttachForm run={r} onDone={(m) => { setNotice(m); run.reload(); }} /> : null}
      <RunResult run={r} />
    </main>
  );
}

function AttachForm(p: { run: Run; onDone: (msg: string) => void }) {
  const mine = useResource<{ items: RequestItem[] }>(withQuery("/api/v1/requests", { box: "mine" }));
  const [request, setRequest] = useState("");
  const act = useAction(p.onDone);
  const open = (mine.data?.items ?? []).filter((q) => q.type === "security_setting_change" && (q.state === "draft" || q.state === "submitted"));
  const submit = (e: Event) => {
    e.preventDefault();
    if (!request) return act.fail({ request_id: t("nc.request_none") });
    void act.run(async () => { await api.post(`/api/v1/netcheck/runs/${p.run.id}/attach`, { request_id: Number(request) }); return t("nc.attached"); });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="nc-attach" data-testid="nc-attach">
      <h2 id="nc-attach">{t("nc.attach")} <ArticleRef article="第44条" /></h2>
      <p class="sub">{t("nc.attach_hint")}</p>
      <ErrorSummary error={act.error} fields={act.fields} />
      {open.length ? (
        <>
          <SelectField label={t("nc.request")} name="request_id" value={request} onChange={setRequest} error={act.fields.request_id}
            placeholder="—" options={open.map((q) => ({ value: String(q.id), label: `${requestNo(q.id)} ${String(q.fields.setting ?? q.type_label)}` }))} />
          <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("nc.attach")}</button></div>
        </>
      ) : <p>{t("nc.request_none")}</p>}
    </form>
  );
}

/** On a request's page: the comparisons attached to it (nothing when there are none). */
export function RequestNetcheck(p: { requestId: number }) {
  const runs = useResource<{ items: Run[] }>(`/api/v1/requests/${p.requestId}/netcheck`);
  if (!runs.data?.items.length) return null;
  return (
    <section class="panel" aria-labelledby="rq-netcheck" data-testid="rq-netcheck">
      <h2 id="rq-netcheck">{t("nc.request_panel")}</h2>
      {runs.data.items.map((r) => (
        <div key={r.id}>
          <p><Summary r={r} />　{r.title}　{r.result.devices.map((d) => d.file).join(" → ")}</p>
          <RunResult run={r} />
        </div>
      ))}
    </section>
  );
}
