// One version of a policy document: its text with line numbers beside the report — the guideline
// check (充足・一部不足・欠落 with the lines found) and the article-aware diff against the previous
// version (moved, changed with the line diff, added, removed). Clicking a finding or a diff entry
// scrolls the text to those lines and highlights them (a removed article: in the previous text).
// For policy.manage, a draft's 改訂履歴 and adoption, publication (第48条) and discarding.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { kindLabel, PdStateBadge, PolicyDocsTabs, type PdVersionRow } from "./PolicyDocs";

interface Ref { cite?: string; label: string; title: string; chapter?: string; first_line: number; last_line: number }
interface Element { id: string; section: string; label: string; status: string; status_ja: string; found: Ref | null; where: Ref | null; missing: string[] }
interface Deviation { id: string; kind_ja: string; label: string; expected: string; found: string; node: Ref | null }
interface Check { summary: { ok: number; partial: number; missing: number; not_applicable: number; deviations: number }; elements: Element[]; deviations: Deviation[] }
interface DiffEntry { kind: "moved" | "changed" | "added" | "removed"; old: Ref | null; new: Ref | null; similarity: number; text_changed: boolean; lines: { op: string; text: string }[] }
interface Diff {
  summary: { unchanged: number; moved: number; changed: number; added: number; removed: number };
  entries: DiffEntry[]; against: { id: number; seq: number; state: string }; against_text: string;
}
export interface PdVersion extends PdVersionRow {
  document: { id: number; kind: string; title: string; area: string };
  current: boolean; can_manage: boolean; acknowledged_at: string | null;
  text: string; check: Check | null; diff: Diff | null;
}

interface Mark { which: "new" | "old"; a: number; b: number; key: string }

const refText = (r: Ref | null) => (r ? `${r.chapter ? `${r.chapter} ` : ""}${r.label}${r.title ? `（${r.title}）` : ""}` : "");
const linesText = (r: Ref) => (r.first_line === r.last_line ? t("pd.line", { n: r.first_line }) : t("pd.lines", { a: r.first_line, b: r.last_line }));

/** The text with line numbers; the marked range is highlighted and scrolled into view. */
export function NumberedText(p: { text: string; mark: Mark | null; testid: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!p.mark || !box.current) return;
    const el = box.current.querySelector<HTMLElement>(`[data-line="${p.mark.a}"]`);
    if (el) {
      box.current.scrollTop = el.offsetTop - box.current.offsetTop - 16;
      el.scrollIntoView?.({ block: "nearest" });
    }
  }, [p.mark?.key]);
  const lines = p.text.split("\n");
  return (
    <div class="pd-text" ref={box} data-testid={p.testid} tabIndex={0}>
      {lines.map((l, i) => {
        const n = i + 1;
        const on = !!p.mark && n >= p.mark.a && n <= p.mark.b;
        return (
          <div key={n} data-line={n} class={`pd-line${on ? " pd-hl" : ""}`}>
            <span class="pd-no" aria-hidden="true">{n}</span><span class="pd-src">{l || " "}</span>
          </div>
        );
      })}
    </div>
  );
}

export function PolicyVersionPage(p: { id: string }) {
  const [against, setAgainst] = useState("");
  const res = useResource<PdVersion>(`/api/v1/policy-doc-versions/${encodeURIComponent(p.id)}${against ? `?against=${against}` : ""}`);
  const v = res.data;
  const siblings = useResource<{ versions: PdVersionRow[] }>(v ? `/api/v1/policy-docs/${v.document.id}` : null);
  const others = (siblings.data?.versions ?? []).filter((x) => v && x.id !== v.id && x.state !== "discarded");
  const [tab, setTab] = useState<"check" | "diff">("diff");
  const [mark, setMark] = useState<Mark | null>(null);
  const [done, setDone] = useState("");
  const changed = (msg: string) => { setDone(msg); res.reload(); };
  useEffect(() => { if (v && !v.diff) setTab("check"); }, [v?.id]);
  const show = (which: "new" | "old", r: Ref | null, key: string) => { if (r) setMark({ which, a: r.first_line, b: r.last_line, key }); };

  return (
    <>
      <PageHeading sub={v ? `${kindLabel(v.document.kind)}　${t("pd.seq", { n: v.seq })}　${v.filename}` : undefined}>{v?.document.title ?? t("pd.title")}</PageHeading>
      <PolicyDocsTabs current={null} manage={!!v?.can_manage} />
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="pd-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !v ? <Loading /> : null}
      {v ? (
        <div class="stack">
          <section class="panel">
            <dl class="facts facts-grid">
              <dt>{t("pd.state")}</dt><dd data-testid="pd-state" data-state={v.state}><PdStateBadge state={v.state} /></dd>
              <dt>{t("pd.effective_date")}</dt><dd>{formatDate(v.effective_date)}</dd>
              <dt>{t("pd.revision_note")}</dt><dd class="prewrap">{v.revision_note || "—"}</dd>
              <dt>{t("pd.decision")}</dt><dd>{v.decision || "—"}{v.decision_date ? `（${formatDate(v.decision_date)}）` : ""}</dd>
              <dt>{t("pd.pack_version")}</dt><dd>{v.pack_version || "—"}</dd>
              <dt>{t("pd.uploaded")}</dt><dd>{formatDateTime(v.uploaded_at)} {v.uploaded_by}</dd>
            </dl>
            <p><Link href={`/policy-docs/${v.document.id}`}>{t("pd.versions")}</Link></p>
          </section>

          <div class="pd-split">
            <section class="panel pd-left" aria-labelledby="pd-text-h">
              <h2 id="pd-text-h">{mark?.which === "old" && v.diff ? `${t("pd.old_text")}（${t("pd.seq", { n: v.diff.against.seq })}）` : t("pd.text")}</h2>
              {mark?.which === "old" && v.diff
                ? <NumberedText text={v.diff.against_text} mark={mark} testid="pd-old-text" />
                : <NumberedText text={v.text} mark={mark} testid="pd-text" />}
            </section>
            <section class="panel pd-right" aria-labelledby="pd-report-h">
              <h2 id="pd-report-h">{t("pd.report")}</h2>
              <div class="tabs" role="tablist">
                <button type="button" role="tab" class="btn btn-link" aria-selected={tab === "diff"} data-testid="tab-diff" onClick={() => setTab("diff")}>{t("pd.tab.diff")}</button>
                <button type="button" role="tab" class="btn btn-link" aria-selected={tab === "check"} data-testid="tab-check" onClick={() => setTab("check")}>{t("pd.tab.check")}</button>
              </div>
              {tab === "diff" && others.length ? (
                <SelectField label={t("pd.compare_with")} name="against" value={against || String(v.diff?.against.id ?? "")} size="m"
                  onChange={(x) => { setMark(null); setAgainst(x); }}
                  options={others.map((x) => ({ value: String(x.id), label: `${t("pd.seq", { n: x.seq })}（${t(`pd.state.${x.state}` as Key)}）` }))} />
              ) : null}
              {tab === "diff" ? <DiffView diff={v.diff} onShow={show} /> : <CheckView check={v.check} onShow={show} />}
            </section>
          </div>

          {v.can_manage && v.state === "draft" ? <AdoptForm v={v} onDone={changed} /> : null}
        </div>
      ) : null}
    </>
  );
}

function DiffView(p: { diff: Diff | null; onShow: (which: "new" | "old", r: Ref | null, key: string) => void }) {
  const d = p.diff;
  if (!d) return <p class="sub">{t("pd.diff_none")}</p>;
  return (
    <div data-testid="pd-diff">
      <p class="sub">{t("pd.diff_against", { n: d.against.seq })}</p>
      <p data-testid="pd-diff-summary">{t("pd.diff_summary", d.summary)}</p>
      <ol class="pd-entries">
        {d.entries.map((e, i) => {
          const label = e.kind === "moved" && e.text_changed ? t("pd.diff.moved_changed") : t(`pd.diff.${e.kind}` as Key);
          const which = e.kind === "removed" ? "old" : "new";
          const ref = e.kind === "removed" ? e.old : e.new;
          return (
            <li key={i} class={`pd-entry pd-${e.kind}`} data-kind={e.kind}>
              <button type="button" class="btn btn-link pd-entry-btn" onClick={() => p.onShow(which, ref, `d${i}`)}>
                <Badge kind={e.kind === "added" ? "ok" : e.kind === "removed" ? "danger" : e.kind === "changed" ? "warn" : "info"}>{label}</Badge>{" "}
                {e.kind === "moved" ? <>{refText(e.old)} → {refText(e.new)}</> : refText(ref)}
                {ref ? <span class="sub">　{linesText(ref)}</span> : null}
              </button>
              {e.text_changed ? (
                <details>
                  <summary>{t("pd.diff_lines")}（{t("pd.similarity", { n: e.similarity })}）</summary>
                  <pre class="pd-linediff">{e.lines.map((l, j) => <Fragment key={j}><span class={l.op === "+" ? "pd-add" : l.op === "-" ? "pd-del" : ""}>{l.op} {l.text}</span>{"\n"}</Fragment>)}</pre>
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function CheckView(p: { check: Check | null; onShow: (which: "new" | "old", r: Ref | null, key: string) => void }) {
  const c = p.check;
  if (!c) return <p class="sub">{t("pd.check_none")}</p>;
  const s = c.summary;
  return (
    <div data-testid="pd-check">
      <p>{t("pd.check_summary", { ok: s.ok, partial: s.partial, missing: s.missing, na: s.not_applicable, dev: s.deviations })}</p>
      <ol class="pd-entries">
        {c.elements.filter((e) => e.status !== "not_applicable").map((e) => {
          const ref = e.found ?? e.where;
          return (
            <li key={e.id} class={`pd-entry pd-${e.status}`} data-status={e.status}>
              <button type="button" class="btn btn-link pd-entry-btn" disabled={!ref} onClick={() => p.onShow("new", ref, e.id)}>
                <Badge kind={e.status === "ok" ? "ok" : e.status === "partial" ? "warn" : "danger"}>{t(`pd.status.${e.status}` as Key)}</Badge>{" "}
                {e.label}{ref ? <span class="sub">　{ref.cite ?? ref.label} {linesText(ref)}</span> : null}
              </button>
              {e.missing.length ? <div class="sub">{t("pd.missing_terms", { terms: e.missing.join("、") })}</div> : null}
            </li>
          );
        })}
      </ol>
      {c.deviations.length ? (
        <>
          <h3>{t("pd.deviations")}</h3>
          <ol class="pd-entries">
            {c.deviations.map((d, i) => (
              <li key={i} class="pd-entry">
                <button type="button" class="btn btn-link pd-entry-btn" disabled={!d.node} onClick={() => p.onShow("new", d.node, `v${i}`)}>
                  <Badge kind="warn">{d.kind_ja}</Badge> {d.label}：「{d.found}」→「{d.expected}」
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

function AdoptForm(p: { v: PdVersion; onDone: (msg: string) => void }) {
  const [f, setF] = useState({
    effective_date: p.v.effective_date ?? "", revision_note: p.v.revision_note, decision: p.v.decision,
    decision_date: p.v.decision_date ?? "", pack_version: p.v.pack_version,
  });
  const set = (k: keyof typeof f) => (x: string) => setF({ ...f, [k]: x });
  const act = useAction(p.onDone);
  const base = `/api/v1/policy-doc-versions/${p.v.id}`;
  const body = () => ({ ...f, effective_date: f.effective_date || null, decision_date: f.decision_date || null });
  return (
    <form class="form panel" noValidate aria-labelledby="pd-adopt" onSubmit={(e) => { e.preventDefault(); void act.run(async () => { await api.patch(base, body()); return t("pd.saved"); }); }}>
      <h2 id="pd-adopt">{t("pd.adopt")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("pd.effective_date")} name="effective_date" type="date" value={f.effective_date} onInput={set("effective_date")} required error={act.fields.effective_date} />
      <TextAreaField label={t("pd.revision_note")} name="revision_note" value={f.revision_note} onInput={set("revision_note")} required error={act.fields.revision_note} rows={3} />
      <TextField label={t("pd.decision")} name="decision" value={f.decision} onInput={set("decision")} required hint={t("pd.decision_hint")} error={act.fields.decision} size="l" />
      <TextField label={t("pd.decision_date")} name="decision_date" type="date" value={f.decision_date} onInput={set("decision_date")} error={act.fields.decision_date} />
      <TextField label={t("pd.pack_version")} name="pack_version" value={f.pack_version} onInput={set("pack_version")} error={act.fields.pack_version} size="s" />
      <p class="field-hint">{t("pd.publish_hint")}</p>
      <div class="form-actions">
        <button type="submit" class="btn" disabled={act.pending}>{t("pd.save")}</button>
        <button type="button" class="btn btn-primary" disabled={act.pending} data-testid="pd-publish"
          onClick={() => void act.run(async () => { await api.patch(base, body()); await api.post(`${base}/publish`); return t("pd.published"); })}>{t("pd.publish")}</button>
        <button type="button" class="btn btn-link" disabled={act.pending}
          onClick={() => void act.run(async () => { await api.post(`${base}/discard`); return t("pd.discarded"); })}>{t("pd.discard")}</button>
      </div>
    </form>
  );
}
