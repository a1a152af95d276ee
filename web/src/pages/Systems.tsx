// 情報システム台帳: the list (search, zone, owning unit and problem flags: サポート終了 / 終了間近 /
// 要件未達; cursor paging; XLSX export) and the tabs of the system area.
import { useState } from "preact/hooks";
import { withQuery } from "../api";
import { LoadError, Loading } from "../components/Feedback";
import { SelectField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading, Pager, useCursorPager } from "../components/Page";
import { LevelTriple, ResultCount, useResultTotal } from "../components/Registers";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { LOCATIONS, ZONES, filtersFromUrl, filtersToUrl, idPath, locationLabel, usePolicy, zoneLabel } from "../registers";
import type { Page, SystemItem, Unit } from "../types";
import { unitOptions } from "../units";

type Tab = "list" | "import" | "new";

export function SystemTabs(p: { current: Tab }) {
  const tabs: { id: Tab; href: string; label: string }[] = [
    { id: "list", href: "/systems", label: t("reg.tab.list") },
    { id: "import", href: "/systems/import", label: t("reg.tab.import") },
    { id: "new", href: "/systems/new", label: t("reg.tab.new") },
  ];
  return (
    <nav class="tabs" aria-label={t("reg.systems_menu")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}><Link href={x.href} class={x.id === p.current ? "current" : undefined} aria-current={x.id === p.current ? "page" : undefined}>{x.label}</Link></li>
        ))}
      </ul>
    </nav>
  );
}

export function ZoneBadge(p: { zone: string }) {
  return <span class={`zone zone-${p.zone}`}>{zoneLabel(p.zone)}</span>;
}

interface Filters { q: string; zone: string; unit_id: string; flag: string }
const EMPTY: Filters = { q: "", zone: "", unit_id: "", flag: "" };

export function SystemsPage() {
  const policy = usePolicy().data;
  const initial = filtersFromUrl(EMPTY);
  const [form, setForm] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const pager = useCursorPager(JSON.stringify(applied));
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const list = useResource<Page<SystemItem>>(withQuery("/api/v1/systems", { ...applied, limit: 50, cursor: pager.cursor }));
  const total = useResultTotal(list.data);
  const set = (k: keyof Filters) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const apply = (f: Filters) => { setApplied(f); filtersToUrl(f as unknown as Record<string, string>); };
  const items = list.data?.items ?? [];
  const filtered = JSON.stringify(applied) !== JSON.stringify(EMPTY);

  return (
    <>
      <PageHeading sub={t("reg.systems_intro")}>{t("reg.systems_title")}</PageHeading>
      <SystemTabs current="list" />
      <form class="filters" role="search" aria-label={t("reg.system_filters")} noValidate onSubmit={(e) => { e.preventDefault(); apply({ ...form, q: form.q.trim() }); }}>
        <TextField label={t("reg.search")} name="q" type="search" value={form.q} onInput={set("q")} size="m" hint={t("reg.system_search_hint")} />
        <SelectField label={t("reg.zone")} name="zone" value={form.zone} onChange={set("zone")} size="m" placeholder={t("common.all")}
          options={ZONES.map((z) => ({ value: z, label: zoneLabel(z) }))} />
        <SelectField label={t("reg.owner_unit")} name="unit_id" value={form.unit_id} onChange={set("unit_id")} size="m" placeholder={t("common.all")}
          options={unitOptions(units.data?.items ?? [])} />
        <SelectField label={t("reg.flag")} name="flag" value={form.flag} onChange={set("flag")} size="m" placeholder={t("reg.flag_none")}
          options={[{ value: "unsupported", label: t("reg.flag.unsupported") }, { value: "support_soon", label: t("reg.flag.support_soon") }, { value: "requirements_unmet", label: t("reg.flag.requirements_unmet") }]} />
        <div class="filters-actions">
          <button type="submit" class="btn btn-primary">{t("common.search")}</button>
          <button type="button" class="btn btn-link" onClick={() => { setForm(EMPTY); apply(EMPTY); }}>{t("common.clear")}</button>
        </div>
      </form>
      <div class="toolbar" role="group" aria-label={t("reg.list_actions")}>
        <span class="toolbar-spacer" />
        <a class="btn" href="/api/v1/systems/export.xlsx" download>{t("reg.export_xlsx")}</a>
      </div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <ResultCount total={total} />
          <div class="table-wrap" aria-busy={list.loading}>
            <table class="table table-striped systems">
              <caption class="visually-hidden">{t("reg.systems_title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reg.code")}</th><th scope="col">{t("reg.system_name")}</th><th scope="col">{t("reg.zone")}</th>
                  <th scope="col">{t("reg.owner_unit")}</th><th scope="col">{t("reg.vendor")}・{t("reg.location")}</th>
                  <th scope="col">{t("reg.classification")}</th><th scope="col">{t("reg.requirements")}</th><th scope="col">{t("reg.support")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td class="mono nowrap">{s.code}</td>
                    <td><Link href={idPath("/systems", s.id)}>{s.name}</Link></td>
                    <td><ZoneBadge zone={s.zone} /></td>
                    <td>{s.owner_unit_name}</td>
                    <td>{s.vendor || "—"}<div class="sub">{LOCATIONS.includes(s.location) ? locationLabel(s.location) : s.location}</div></td>
                    <td class="nowrap">{s.classification ? <LevelTriple policy={policy} value={s.classification} /> : <span class="sub">{t("reg.no_assets_yet")}</span>}</td>
                    <td class="req-counts">
                      <span class="req-met" title={t("reg.req.met")}>{t("reg.req_count.met", { n: s.requirements.met })}</span>
                      {s.requirements.not_met ? <Badge kind="danger">{t("reg.req_count.not_met", { n: s.requirements.not_met })}</Badge> : null}
                      {s.requirements.not_recorded ? <Badge kind="warn">{t("reg.req_count.not_recorded", { n: s.requirements.not_recorded })}</Badge> : null}
                    </td>
                    <td>
                      {s.unsupported_count ? <Badge kind="danger">{t("reg.support_ended_n", { n: s.unsupported_count })}</Badge> : null}
                      {s.support_soon_count ? <> <Badge kind="warn">{t("reg.support_soon_n", { n: s.support_soon_count })}</Badge></> : null}
                      {!s.unsupported_count && !s.support_soon_count ? <span class="sub">—</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!items.length ? (
              <div class="empty empty-in-table">
                <p class="empty-title">{filtered ? t("common.no_results") : t("reg.systems_empty")}</p>
                <p class="empty-detail">{filtered ? t("reg.systems_empty_filtered") : t("reg.systems_empty_detail")}</p>
              </div>
            ) : null}
          </div>
          <Pager label={t("reg.systems_title")} page={pager.page} count={items.length} nextCursor={list.data.next_cursor} onNext={pager.next} onPrev={pager.prev} />
        </>
      ) : null}
    </>
  );
}
