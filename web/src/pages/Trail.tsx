// 証跡: the verification banner (is the Merkle log intact, latest signed checkpoint), filters
// (action, actor, object, JST date range), the entries with cursor paging, and for each entry a
// readable field-by-field before/after comparison.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { withQuery } from "../api";
import { LoadError, Loading } from "../components/Feedback";
import { SelectField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { PageHeading, Pager, useCursorPager } from "../components/Page";
import { formatDateTime } from "../format";
import { useResource } from "../hooks";
import { lang, t } from "../i18n";
import type { Page, TrailEntry, TrailStatus, TrailVocabulary, TrailWitnessState } from "../types";

/** Flattens nested objects to dotted keys so a change deep inside shows as one row. */
function flat(value: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) return out;
  if (typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) flat(v, key, out);
      else out[key] = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
    }
  } else out[prefix || "value"] = typeof value === "string" ? value : JSON.stringify(value);
  return out;
}

/** The label of a compared field: the entity's declared label for a top-level column, the key otherwise. */
function fieldName(key: string, labels?: Record<string, string>): string {
  return labels?.[key] ?? key;
}

/** The declared field labels of an entry, in the reader's language. */
export function labelsOf(e: TrailEntry): Record<string, string> | undefined {
  return (lang() === "en" ? e.field_labels_en : e.field_labels) ?? undefined;
}

export function Diff(p: { before: unknown; after: unknown; labels?: Record<string, string> }) {
  const b = flat(p.before);
  const a = flat(p.after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (!keys.length) return <p class="sub">{t("trail.empty_value")}</p>;
  return (
    <table class="table diff">
      <thead><tr><th scope="col">{t("trail.field")}</th><th scope="col">{t("trail.before")}</th><th scope="col">{t("trail.after")}</th></tr></thead>
      <tbody>
        {keys.map((k) => {
          const changed = (b[k] ?? "") !== (a[k] ?? "");
          return (
            <tr key={k} class={changed ? "changed" : ""}>
              <th scope="row" class={p.labels?.[k] ? undefined : "mono"}>{fieldName(k, p.labels)}{changed ? <span class="visually-hidden">（{t("trail.changed")}）</span> : null}</th>
              <td class="diff-before">{k in b ? b[k] || "" : <span class="sub">{t("trail.empty_value")}</span>}</td>
              <td class="diff-after">{k in a ? a[k] || "" : <span class="sub">{t("trail.empty_value")}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The action's name in the reader's language; the code only when the server has no name for it. */
export function actionName(e: TrailEntry): string {
  return (lang() === "en" ? e.action_label_en : e.action_label) ?? e.action;
}

/** Who acted: the person's name (the login ID as a hint), or what lgsec's own actor is. */
export function ActorName(p: { entry: TrailEntry }) {
  const e = p.entry;
  const name = (lang() === "en" ? e.actor_name_en : undefined) ?? e.actor_name;
  if (!name) return <>{e.actor}</>;
  return <span title={e.actor}>{name}</span>;
}

/** What the entry concerns: its kind and its own name, linked to the page that shows it. */
export function ObjectName(p: { entry: TrailEntry }) {
  const e = p.entry;
  const kind = (lang() === "en" ? e.object_label_en : e.object_label) ?? e.object_type;
  const name = e.object_name ?? (e.object_id && e.object_id !== "0" ? `#${e.object_id}` : "");
  return (
    <>
      <span class="sub">{kind}</span>{name ? " " : null}
      {name && e.object_path ? <Link href={e.object_path}>{name}</Link> : name}
    </>
  );
}

function StatusBanner() {
  const st = useResource<TrailStatus>("/api/v1/trail/status");
  if (st.error) return <LoadError error={st.error} retry={st.reload} />;
  const s = st.data;
  if (!s) return <Loading />;
  const msg = lang() === "en" ? s.message_en || s.message : s.message;
  return (
    <>
    <div class={`trail-status ${s.verified ? "ok" : "bad"}`} role={s.verified ? "status" : "alert"} data-testid="trail-status">
      <p class="trail-status-title"><span aria-hidden="true">{s.verified ? "✓ " : "⚠ "}</span>{s.verified ? t("trail.verified") : t("trail.not_verified")}</p>
      {msg ? <p>{msg}</p> : null}
      <p class="trail-status-facts">
        <span>{t("trail.size", { n: s.size.toLocaleString() })}</span>
        <span>{s.last_checkpoint ? t("trail.checkpoint", { n: s.last_checkpoint.size.toLocaleString(), time: formatDateTime(s.last_checkpoint.at) }) : t("trail.no_checkpoint")}</span>
        {s.checked_at ? <span>{t("trail.checked_at", { time: formatDateTime(s.checked_at) })}</span> : null}
      </p>
      {!s.verified && s.first_bad_seq !== null ? <p><strong>{t("trail.first_bad", { seq: s.first_bad_seq })}</strong></p> : null}
    </div>
    <Witnesses items={s.witnesses ?? []} />
    </>
  );
}

/** How long ago, in the largest whole unit. */
function age(seconds: number): string {
  if (seconds < 60) return t("trail.age_s", { n: Math.max(0, seconds) });
  if (seconds < 3600) return t("trail.age_m", { n: Math.floor(seconds / 60) });
  if (seconds < 86400) return t("trail.age_h", { n: Math.floor(seconds / 3600) });
  return t("trail.age_d", { n: Math.floor(seconds / 86400) });
}

/** The witnesses serve sends each checkpoint to: the last checkpoint each cosigned, its age, and a
 * failure or a delay (docs/trail.md, "Witnesses and anchors"). */
function Witnesses(p: { items: TrailWitnessState[] }) {
  const stateText = (w: TrailWitnessState) =>
    w.state === "ok" ? t("trail.witness_ok")
      : w.state === "waiting" ? t("trail.witness_waiting", { n: w.behind.toLocaleString() })
        : w.state === "stale" ? t("trail.witness_stale", { n: w.behind.toLocaleString() })
          : t("trail.witness_failing");
  return (
    <section class="trail-witnesses" aria-labelledby="trail-witnesses-h" data-testid="trail-witnesses">
      <h2 id="trail-witnesses-h">{t("trail.witnesses")}</h2>
      {p.items.length === 0 ? <p class="sub" role="note">{t("trail.witnesses_none")}</p> : (
        <table class="table">
          <thead><tr>
            <th scope="col">{t("trail.witness_name")}</th><th scope="col">{t("trail.witness_state")}</th>
            <th scope="col">{t("trail.witness_cosigned")}</th><th scope="col">{t("trail.witness_age")}</th>
            <th scope="col">{t("trail.witness_failure")}</th>
          </tr></thead>
          <tbody>
            {p.items.map((w) => (
              <tr key={w.name} class={w.state === "ok" || w.state === "waiting" ? "" : "warn"} data-state={w.state}>
                <th scope="row"><span class="mono">{w.name}</span><br /><span class="sub mono">{w.url}</span></th>
                <td>{w.state === "ok" || w.state === "waiting" ? "" : <span aria-hidden="true">⚠ </span>}{stateText(w)}</td>
                <td>{w.cosigned ? t("trail.witness_cosigned_at", { n: w.cosigned.size.toLocaleString(), time: formatDateTime(w.cosigned.at) }) : t("trail.witness_never")}</td>
                <td>{w.cosigned ? age(w.cosigned.age_s) : ""}</td>
                <td>{w.error ? t("trail.witness_failing_since", { time: formatDateTime(w.error.since), message: lang() === "en" ? w.error.en : w.error.ja }) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface Filters { action: string; actor: string; object_type: string; object_id: string; from: string; to: string }
const EMPTY: Filters = { action: "", actor: "", object_type: "", object_id: "", from: "", to: "" };

export function TrailPage() {
  const [form, setForm] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const pager = useCursorPager(JSON.stringify(applied));
  const set = (k: keyof Filters) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const vocabulary = useResource<TrailVocabulary>("/api/v1/trail/vocabulary").data;
  const choice = (xs: { id: string; label: string; label_en: string }[] | undefined) =>
    (xs ?? []).map((x) => ({ value: x.id, label: lang() === "en" ? x.label_en : x.label }));
  const list = useResource<Page<TrailEntry>>(withQuery("/api/v1/trail", {
    action: applied.action, actor: applied.actor, object_type: applied.object_type, object_id: applied.object_id,
    from: applied.from, to: applied.to, // JST calendar days; the server takes "to" as inclusive
    limit: 50, cursor: pager.cursor,
  }));
  const toggle = (seq: number) => setOpen((s) => { const n = new Set(s); if (n.has(seq)) n.delete(seq); else n.add(seq); return n; });
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeading sub={t("trail.intro")}>{t("trail.title")}</PageHeading>
      <StatusBanner />
      <form class="filters" role="search" aria-label={t("trail.filters")} noValidate onSubmit={(e) => { e.preventDefault(); setApplied({ ...form }); }}>
        <SelectField label={t("trail.action")} name="action" value={form.action} onChange={set("action")} options={choice(vocabulary?.actions)} placeholder={t("trail.any")} size="m" />
        <TextField label={t("trail.actor")} name="actor" value={form.actor} onInput={set("actor")} size="s" spellcheck={false} hint={t("trail.actor_hint")} />
        <SelectField label={t("trail.object_type")} name="object_type" value={form.object_type} onChange={set("object_type")} options={choice(vocabulary?.object_types)} placeholder={t("trail.any")} size="m" />
        <TextField label={t("trail.object_id")} name="object_id" value={form.object_id} onInput={set("object_id")} size="s" spellcheck={false} />
        <TextField label={t("trail.from")} name="from" type="date" value={form.from} onInput={set("from")} size="s" />
        <TextField label={t("trail.to")} name="to" type="date" value={form.to} onInput={set("to")} size="s" />
        <div class="filters-actions">
          <button type="submit" class="btn btn-primary">{t("common.search")}</button>
          <button type="button" class="btn btn-link" onClick={() => { setForm(EMPTY); setApplied(EMPTY); }}>{t("common.clear")}</button>
        </div>
      </form>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <div class="table-wrap" aria-busy={list.loading}>
            <table class="table trail">
              <caption class="visually-hidden">{t("trail.title")}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">{t("trail.seq")}</th>
                  <th scope="col">{t("trail.at")}</th>
                  <th scope="col">{t("trail.actor")}</th>
                  <th scope="col">{t("trail.action")}</th>
                  <th scope="col">{t("trail.object")}</th>
                  <th scope="col">{t("trail.details")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <Fragment key={e.seq}>
                    <tr>
                      <td class="num mono">{e.seq}</td>
                      <td class="nowrap">{formatDateTime(e.at)}</td>
                      <td><ActorName entry={e} /></td>
                      <td>{actionName(e)}</td>
                      <td><ObjectName entry={e} /></td>
                      <td>
                        <button type="button" class="btn btn-small" aria-expanded={open.has(e.seq)} aria-controls={`diff-${e.seq}`} onClick={() => toggle(e.seq)}>
                          {open.has(e.seq) ? t("trail.hide") : t("trail.show")}<span class="visually-hidden">（{e.seq}）</span>
                        </button>
                      </td>
                    </tr>
                    {open.has(e.seq) ? (
                      <tr class="diff-row" id={`diff-${e.seq}`}>
                        <td colSpan={6}><Diff before={e.before} after={e.after} labels={labelsOf(e)} /></td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
            {!items.length ? <p class="empty-title">{t("common.no_results")}</p> : null}
          </div>
          <Pager label={t("trail.title")} page={pager.page} count={items.length} nextCursor={list.data.next_cursor} onNext={pager.next} onPrev={pager.prev} />
        </>
      ) : null}
    </>
  );
}
