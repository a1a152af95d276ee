// 情報資産台帳: the list (server-side search that folds full/half-width, filters per classification
// dimension, kind 第5条, unit, system, personal-information flags and status; sortable columns; cursor
// paging; row selection for printing labels 第23条4; XLSX/CSV export of the filtered register), the
// tabs of the asset area, and the 要判断 queue (第23条6(3)) with its decide form.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, ApiError, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextAreaField, TextField, missing } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading, Pager, useCursorPager } from "../components/Page";
import { LevelCell, ResultCount, useResultTotal } from "../components/Registers";
import { formatDate } from "../format";
import { useResource } from "../hooks";
import { t } from "../i18n";
import {
  ASSET_KINDS, assetKindLabel, dimLabel, filtersFromUrl, filtersToUrl, idPath, levelOptions, usePolicy,
} from "../registers";
import type { AssetItem, Dim, Page, Policy, SystemItem, Unit } from "../types";
import { DIMS } from "../types";
import { unitOptions } from "../units";

type Tab = "list" | "pending" | "import" | "new";

/** The sub-navigation of the asset area; the 要判断 tab carries the queue's size. */
export function AssetTabs(p: { current: Tab }) {
  const pending = useResource<{ items: AssetItem[]; next_cursor?: string | null }>("/api/v1/assets/pending?limit=200");
  const n = pending.data?.items.length;
  const more = pending.data?.next_cursor ? "+" : "";
  const tabs: { id: Tab; href: string; label: string }[] = [
    { id: "list", href: "/assets", label: t("reg.tab.list") },
    { id: "pending", href: "/assets/pending", label: t("reg.tab.pending") },
    { id: "import", href: "/assets/import", label: t("reg.tab.import") },
    { id: "new", href: "/assets/new", label: t("reg.tab.new") },
  ];
  return (
    <nav class="tabs" aria-label={t("reg.assets_menu")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}>
            <Link href={x.href} class={x.id === p.current ? "current" : undefined} aria-current={x.id === p.current ? "page" : undefined}>
              {x.label}
              {x.id === "pending" && n ? <span class="tab-count">{n}{more}<span class="visually-hidden">{t("reg.items")}</span></span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

interface Filters {
  q: string; kind: string; unit_id: string; confidentiality: string; integrity: string; availability: string;
  system_id: string; personal: string; status: string; include_disposed: string; sort: string; desc: string;
}
const EMPTY: Filters = {
  q: "", kind: "", unit_id: "", confidentiality: "", integrity: "", availability: "", system_id: "", personal: "",
  status: "", include_disposed: "", sort: "", desc: "",
};
type SortKey = "asset_no" | "name" | "updated_at" | "confidentiality";

function SortHeader(p: { id: SortKey; label: string; applied: Filters; onSort: (k: SortKey) => void; class?: string }) {
  const active = (p.applied.sort || "asset_no") === p.id;
  const desc = active && p.applied.desc === "true";
  return (
    <th scope="col" class={p.class} aria-sort={active ? (desc ? "descending" : "ascending") : undefined}>
      <button type="button" class="sort-btn" onClick={() => p.onSort(p.id)}>
        {p.label}<span class="sort-mark" aria-hidden="true">{active ? (desc ? "▼" : "▲") : "↕"}</span>
        <span class="visually-hidden">{active ? (desc ? t("reg.sorted_desc") : t("reg.sorted_asc")) : t("reg.sort_by")}</span>
      </button>
    </th>
  );
}

export function AssetsPage() {
  const policyRes = usePolicy();
  const policy = policyRes.data;
  const initial = filtersFromUrl(EMPTY);
  const [form, setForm] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const [more, setMore] = useState(Boolean(initial.kind || initial.integrity || initial.availability || initial.system_id || initial.personal || initial.status || initial.include_disposed));
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const pager = useCursorPager(JSON.stringify(applied));
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const systems = useResource<Page<SystemItem>>("/api/v1/systems?limit=200");
  const query = { ...applied, desc: applied.desc === "true" ? "true" : "", include_disposed: applied.include_disposed === "true" ? "true" : "" };
  const list = useResource<Page<AssetItem>>(withQuery("/api/v1/assets", { ...query, limit: 50, cursor: pager.cursor }));
  const set = (k: keyof Filters) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  function apply(next: Filters) {
    setApplied(next);
    filtersToUrl(next as unknown as Record<string, string>);
  }
  function search(e: Event) { e.preventDefault(); apply({ ...form, q: form.q.trim() }); }
  function clear() { setForm(EMPTY); apply(EMPTY); }
  function sortBy(k: SortKey) {
    const cur = applied.sort || "asset_no";
    const desc = cur === k ? (applied.desc === "true" ? "" : "true") : k === "updated_at" || k === "confidentiality" ? "true" : "";
    const next = { ...applied, sort: k, desc };
    setForm((f) => ({ ...f, sort: k, desc }));
    apply(next);
  }
  function toggle(a: AssetItem, on: boolean) {
    setSelected((s) => { const n = new Map(s); if (on) n.set(a.id, a.asset_no); else n.delete(a.id); return n; });
  }

  const items = list.data?.items ?? [];
  const total = useResultTotal(list.data);
  const allOnPage = items.length > 0 && items.every((a) => selected.has(a.id));
  const exportQuery = withQuery("", { ...query, sort: query.sort, desc: query.desc });
  const ids = [...selected.keys()];
  const levelFilter = (d: Dim) => (
    <SelectField key={d} label={dimLabel(d)} name={d} value={form[d]} onChange={set(d)} size="s" placeholder={t("common.all")}
      options={levelOptions(policy, d).map((o) => ({ value: o.value, label: o.value }))} />
  );

  return (
    <>
      <PageHeading sub={t("reg.assets_intro")}>{t("reg.assets_title")}</PageHeading>
      <AssetTabs current="list" />
      <form class="filters" role="search" aria-label={t("reg.asset_filters")} onSubmit={search} noValidate>
        <TextField label={t("reg.search")} name="q" type="search" value={form.q} onInput={set("q")} size="m" hint={t("reg.search_hint")} />
        <SelectField label={t("reg.unit")} name="unit_id" value={form.unit_id} onChange={set("unit_id")} size="m"
          options={unitOptions(units.data?.items ?? [])} placeholder={t("common.all")} />
        {levelFilter("confidentiality")}
        {more ? (
          <>
            {levelFilter("integrity")}
            {levelFilter("availability")}
            <SelectField label={t("reg.kind")} name="kind" value={form.kind} onChange={set("kind")} size="m" placeholder={t("common.all")}
              options={ASSET_KINDS.map((k) => ({ value: k, label: assetKindLabel(k) }))} />
            <SelectField label={t("reg.system")} name="system_id" value={form.system_id} onChange={set("system_id")} size="m" placeholder={t("common.all")}
              options={(systems.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${s.code} ${s.name}` }))} />
            <SelectField label={t("reg.personal_filter")} name="personal" value={form.personal} onChange={set("personal")} size="s" placeholder={t("common.all")}
              options={[{ value: "1", label: t("reg.personal_yes") }, { value: "0", label: t("reg.personal_no") }]} />
            <SelectField label={t("reg.status")} name="status" value={form.status} onChange={set("status")} size="s" placeholder={t("common.all")}
              options={[{ value: "pending", label: t("reg.pending") }, { value: "decided", label: t("reg.decided") }]} />
            <CheckboxField label={t("reg.include_disposed")} name="include_disposed" checked={form.include_disposed === "true"} onChange={(v) => set("include_disposed")(v ? "true" : "")} />
          </>
        ) : null}
        <div class="filters-actions">
          <button type="submit" class="btn btn-primary">{t("common.search")}</button>
          <button type="button" class="btn btn-link" aria-expanded={more} onClick={() => setMore(!more)}>{more ? t("reg.fewer_filters") : t("reg.more_filters")}</button>
          <button type="button" class="btn btn-link" onClick={clear}>{t("common.clear")}</button>
        </div>
      </form>

      <div class="toolbar" role="group" aria-label={t("reg.list_actions")}>
        <span class="toolbar-info" aria-live="polite">{t("reg.selected_n", { n: ids.length })}</span>
        {ids.length ? (
          <>
            <a class="btn btn-primary" href={`/api/v1/assets/labels.pdf?ids=${ids.join(",")}`} target="_blank" rel="noopener">{t("reg.print_labels_selected", { n: ids.length })}</a>
            <button type="button" class="btn btn-link" onClick={() => setSelected(new Map())}>{t("reg.clear_selection")}</button>
          </>
        ) : <button type="button" class="btn" disabled title={t("reg.select_hint")}>{t("reg.print_labels")}</button>}
        <span class="toolbar-spacer" />
        <a class="btn" href={`/api/v1/assets/export.xlsx${exportQuery}`} download>{t("reg.export_xlsx")}</a>
        <a class="btn" href={`/api/v1/assets/export.csv${exportQuery}`} download>{t("reg.export_csv")}</a>
      </div>

      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <ResultCount total={total} />
          <div class="table-wrap" aria-busy={list.loading}>
            <table class="table table-striped assets">
              <caption class="visually-hidden">{t("reg.assets_title")}</caption>
              <thead>
                <tr>
                  <th scope="col" class="col-check">
                    <input type="checkbox" checked={allOnPage} aria-label={t("reg.select_page")}
                      onChange={(e) => { const on = (e.currentTarget as HTMLInputElement).checked; items.forEach((a) => toggle(a, on)); }} />
                  </th>
                  <SortHeader id="asset_no" label={t("reg.asset_no")} applied={applied} onSort={sortBy} />
                  <SortHeader id="name" label={t("reg.name")} applied={applied} onSort={sortBy} />
                  <th scope="col">{t("reg.kind")}</th>
                  <th scope="col">{t("reg.unit")}</th>
                  <SortHeader id="confidentiality" label={t("reg.dim_short_col.confidentiality")} applied={applied} onSort={sortBy} class="col-lv" />
                  <th scope="col" class="col-lv">{t("reg.dim_short_col.integrity")}</th>
                  <th scope="col" class="col-lv">{t("reg.dim_short_col.availability")}</th>
                  <th scope="col">{t("reg.personal")}</th>
                  <th scope="col">{t("reg.system")}</th>
                  <SortHeader id="updated_at" label={t("reg.updated_at")} applied={applied} onSort={sortBy} />
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} class={a.disposed_at ? "disposed" : undefined}>
                    <td class="col-check">
                      <input type="checkbox" checked={selected.has(a.id)} aria-label={t("reg.select_row", { no: a.asset_no, name: a.name })}
                        onChange={(e) => toggle(a, (e.currentTarget as HTMLInputElement).checked)} />
                    </td>
                    <td class="mono nowrap">{a.asset_no}</td>
                    <td>
                      <Link href={idPath("/assets", a.id)}>{a.name}</Link>
                      {a.classification_status === "pending" ? <> <Badge kind="warn">{t("reg.pending")}</Badge></> : null}
                      {a.disposed_at ? <> <Badge>{t("reg.disposed")}</Badge></> : null}
                    </td>
                    <td class="sub-cell">{assetKindLabel(a.kind)}</td>
                    <td>{a.unit_name}</td>
                    {DIMS.map((d) => <td key={d} class="col-lv"><LevelCell policy={policy} dim={d} value={a[d]} /></td>)}
                    <td>{a.specific_personal_info ? <Badge kind="danger">{t("reg.specific_personal_short")}</Badge> : a.personal_info ? <Badge kind="info">{t("reg.personal_short")}</Badge> : ""}</td>
                    <td>{a.system_id ? <Link href={idPath("/systems", a.system_id)}>{a.system_name ?? a.system_id}</Link> : ""}</td>
                    <td class="nowrap">{formatDate(a.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!items.length ? <EmptyAssets filtered={JSON.stringify(applied) !== JSON.stringify(EMPTY)} /> : null}
          </div>
          <Pager label={t("reg.assets_title")} page={pager.page} count={items.length} nextCursor={list.data.next_cursor} onNext={pager.next} onPrev={pager.prev} />
        </>
      ) : null}
    </>
  );
}

function EmptyAssets(p: { filtered: boolean }) {
  return (
    <div class="empty empty-in-table">
      <p class="empty-title">{p.filtered ? t("common.no_results") : t("reg.assets_empty")}</p>
      <p class="empty-detail">{p.filtered ? t("reg.assets_empty_filtered") : t("reg.assets_empty_detail")}</p>
      {!p.filtered ? <p class="empty-detail"><Link href="/assets/import">{t("reg.tab.import")}</Link>　<Link href="/assets/new">{t("reg.tab.new")}</Link></p> : null}
    </div>
  );
}

/** The 判断 form: three levels and the reason (第22条); used by the queue and the asset page. */
export function DecideForm(p: { asset: AssetItem; policy: Policy | null; onDone: (msg: string) => void; onCancel?: () => void }) {
  const [form, setForm] = useState<Record<Dim | "reason", string>>({
    confidentiality: p.asset.confidentiality ?? "", integrity: p.asset.integrity ?? "", availability: p.asset.availability ?? "", reason: "",
  });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = (k: Dim | "reason") => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form, {
      confidentiality: dimLabel("confidentiality"), integrity: dimLabel("integrity"), availability: dimLabel("availability"), reason: t("reg.classification_reason"),
    }, [...DIMS]);
    if (Object.keys(miss).length) { setFields(miss); setError({ clientOnly: true }); return; }
    setPending(true); setError(null); setFields({});
    try {
      await api.post(`${idPath("/api/v1/assets", p.asset.id)}/decide`, { ...form, reason: form.reason.trim() });
      p.onDone(t("reg.decided_msg", { name: p.asset.name }));
    } catch (err) {
      setError(err); setFields(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }
  return (
    <form class="form decide" onSubmit={submit} noValidate aria-label={t("reg.decide_title", { name: p.asset.name })}>
      <ErrorSummary error={error} fields={fields} />
      <div class="field-row">
        {DIMS.map((d) => (
          <SelectField key={d} label={dimLabel(d)} name={d} value={form[d]} onChange={set(d)} required error={fields[d]} size="m"
            options={levelOptions(p.policy, d)} placeholder="—" />
        ))}
      </div>
      <TextAreaField label={t("reg.classification_reason")} name="reason" value={form.reason} onInput={set("reason")} required rows={2}
        error={fields.reason ?? fields.classification_reason} hint={t("reg.reason_hint")} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("reg.decide_do")}</button>
        {p.onCancel ? <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button> : null}
      </div>
    </form>
  );
}

export function PendingPage() {
  const policy = usePolicy().data;
  const pager = useCursorPager("pending");
  const list = useResource<{ items: AssetItem[]; next_cursor?: string | null }>(withQuery("/api/v1/assets/pending", { limit: 50, cursor: pager.cursor }));
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeading sub={<>{t("reg.pending_intro")} <ArticleRef article="第23条6(3)" /></>}>{t("reg.pending_title")}</PageHeading>
      <AssetTabs current="pending" />
      {notice ? <Notice kind="success" onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !items.length ? (
        <div class="empty"><p class="empty-title">{t("reg.pending_empty")}</p><p class="empty-detail">{t("reg.pending_empty_detail")}</p></div>
      ) : null}
      {items.length ? (
        <div class="table-wrap" aria-busy={list.loading}>
          <table class="table">
            <caption class="visually-hidden">{t("reg.pending_title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reg.asset_no")}</th><th scope="col">{t("reg.name")}</th><th scope="col">{t("reg.kind")}</th>
                <th scope="col">{t("reg.unit")}</th><th scope="col">{t("reg.updated_at")}</th><th scope="col"><span class="visually-hidden">{t("reg.decide")}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <Fragment key={a.id}>
                  <tr>
                    <td class="mono nowrap">{a.asset_no}</td>
                    <td><Link href={idPath("/assets", a.id)}>{a.name}</Link></td>
                    <td>{assetKindLabel(a.kind)}</td>
                    <td>{a.unit_name}</td>
                    <td class="nowrap">{formatDate(a.updated_at)}</td>
                    <td>
                      <button type="button" class="btn btn-small" aria-expanded={open === a.id} onClick={() => setOpen(open === a.id ? null : a.id)}>
                        {t("reg.decide")}<span class="visually-hidden">: {a.name}</span>
                      </button>
                    </td>
                  </tr>
                  {open === a.id ? (
                    <tr class="form-row"><td colSpan={6}>
                      <DecideForm asset={a} policy={policy} onCancel={() => setOpen(null)} onDone={(m) => { setOpen(null); setNotice(m); list.reload(); }} />
                    </td></tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data && (list.data.next_cursor || pager.page > 1) ? (
        <Pager label={t("reg.pending_title")} page={pager.page} count={items.length} nextCursor={list.data.next_cursor ?? null} onNext={pager.next} onPrev={pager.prev} />
      ) : null}
    </>
  );
}
