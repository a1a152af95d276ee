// 職員: search by name / kana / staff number and filter by unit (server-side, cursor paging —
// the register can hold 100k people); each row links to the person's page.
import { useState } from "preact/hooks";
import { withQuery } from "../api";
import { LoadError, Loading } from "../components/Feedback";
import { SelectField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading, Pager, useCursorPager } from "../components/Page";
import { useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { can, useSession } from "../session";
import type { Page, Person, Unit } from "../types";
import { unitOptions } from "../units";

export const employmentLabel = (e: string) => t(`people.emp.${e}` as Key);
export const EMPLOYMENTS = ["regular", "fiscal_year", "part_time", "contractor"];

export function PeoplePage() {
  const session = useSession();
  const initialUnit = new URLSearchParams(window.location.search).get("unit_id") ?? "";
  const [q, setQ] = useState("");
  const [unitId, setUnitId] = useState(initialUnit);
  const [applied, setApplied] = useState({ q: "", unit_id: initialUnit });
  const pager = useCursorPager(JSON.stringify(applied));
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const list = useResource<Page<Person>>(withQuery("/api/v1/people", { ...applied, limit: 50, cursor: pager.cursor }));

  function search(e: Event) {
    e.preventDefault();
    setApplied({ q: q.trim(), unit_id: unitId });
  }
  function clear() {
    setQ(""); setUnitId(""); setApplied({ q: "", unit_id: "" });
  }

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeading>{t("people.title")}</PageHeading>
      {can(session, "people.manage") ? <p class="page-actions"><Link href="/people/new" class="btn btn-primary">{t("people.add")}</Link></p> : null}
      <form class="filters" role="search" onSubmit={search} noValidate>
        <TextField label={t("people.search")} name="q" type="search" value={q} onInput={setQ} size="m" />
        <SelectField label={t("people.unit_filter")} name="unit_id" value={unitId} onChange={setUnitId}
          options={unitOptions(units.data?.items ?? [])} placeholder={t("common.all")} size="l" />
        <div class="filters-actions">
          <button type="submit" class="btn btn-primary">{t("common.search")}</button>
          <button type="button" class="btn btn-link" onClick={clear}>{t("common.clear")}</button>
        </div>
      </form>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <div class="table-wrap" aria-busy={list.loading}>
            <table class="table table-striped">
              <caption class="visually-hidden">{t("people.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("people.staff_no")}</th>
                  <th scope="col">{t("people.name")}</th>
                  <th scope="col">{t("people.unit")}</th>
                  <th scope="col">{t("people.job_title")}</th>
                  <th scope="col">{t("people.employment")}</th>
                  <th scope="col">{t("people.roles")}</th>
                  <th scope="col">{t("people.has_account")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <td class="mono">{p.staff_no}</td>
                    <td><Link href={`/people/${encodeURIComponent(p.id)}`}>{p.name}</Link><div class="sub">{p.kana}</div></td>
                    <td>{p.unit_name}</td>
                    <td>{p.title ?? ""}</td>
                    <td>{employmentLabel(p.employment)}</td>
                    <td>{(p.roles ?? []).map((r, i) => <div key={i} class="role-chip">{r.label}{r.scope_label ? `（${r.scope_label}）` : ""}</div>)}</td>
                    <td>{p.has_account ? <Badge kind="ok">{t("common.yes")}</Badge> : <Badge>{t("common.no")}</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!items.length ? <p class="empty-title">{t("common.no_results")}</p> : null}
          </div>
          <Pager label={t("people.title")} page={pager.page} count={items.length} nextCursor={list.data.next_cursor} onNext={pager.next} onPrev={pager.prev} />
        </>
      ) : null}
    </>
  );
}
