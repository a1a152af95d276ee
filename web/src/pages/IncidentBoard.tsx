// The CSIRT's board (第56条, docs/incidents.md): the open incidents graver first with counts by state and
// severity, stalled chain steps, overdue tasks and the CSIRT member handling each (assignable here), the
// overdue tasks across them, and filters. The CSIRT and the CISO see it (the server refuses others).
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading } from "../components/Feedback";
import { CheckboxField, SelectField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime, formatFiscalYear } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import type { Unit } from "../types";
import { unitOptions } from "../units";
import { IncidentTabs, incidentNo } from "./Incidents";
import { incidentFields } from "../entities.gen";
import { fieldLabel } from "../registers";

interface Choice { id: string; label: string; label_en: string }
interface Options { categories: Choice[]; severities: Choice[]; can_assign: boolean }
interface Item {
  id: number; title: string; state: string; category: string | null; severity: string | null; noticed_at: string;
  unit_name: string; assignee_person_id: number | null; assignee_name: string | null; open_tasks: number;
  overdue_tasks: number; stalled: boolean;
}
interface Task { task_id: number; incident_id: number; incident_title: string; kind: string; title: string; owner_name: string; due_date: string }
interface Board {
  items: Item[]; by_state: Record<string, number>; by_severity: { id: string | null; label: string; label_en: string; count: number }[];
  stalled: number; overdue: number; unassigned: number; overdue_tasks: Task[]; members: { person_id: number; name: string }[]; truncated: boolean;
}

const label = (list: Choice[] | undefined, id: string | null) => {
  const c = list?.find((x) => x.id === id);
  return c ? pick(c.label, c.label_en) : "";
};

function Assign(p: { x: Item; members: Board["members"]; onDone: () => void }) {
  const act = useAction(p.onDone);
  const change = (v: string) =>
    void act.run(async () => {
      await api.post(`/api/v1/incidents/${p.x.id}/assign`, { assignee_person_id: v || null });
      return "";
    });
  return (
    <div>
      <SelectField label={t("board.assignee")} name={`assign-${p.x.id}`} value={p.x.assignee_person_id ? String(p.x.assignee_person_id) : ""}
        onChange={change} options={[{ value: "", label: t("board.nobody") }, ...p.members.map((m) => ({ value: String(m.person_id), label: m.name }))]} />
      <ErrorSummary error={act.error} fields={act.fields} />
    </div>
  );
}

/** The 年度 (April–March) of today on the office's clock. */
function currentFiscalYear(): number {
  const d = new Date(Date.now() + 9 * 3600 * 1000);
  return d.getUTCMonth() < 3 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
}

/** The 年度 report for the 情報セキュリティ委員会 (PDF, XLSX): this 年度 and the two before. */
function YearReport() {
  const now = currentFiscalYear();
  const [fy, setFy] = useState(String(now));
  return (
    <section class="card" aria-labelledby="board-report">
      <h2 id="board-report" class="card-title">{t("board.report")}</h2>
      <p class="sub">{t("board.report_intro")}</p>
      <SelectField label={t("board.fiscal_year")} name="report-fy" value={fy} onChange={setFy}
        options={[now, now - 1, now - 2].map((y) => ({ value: String(y), label: formatFiscalYear(y) }))} />
      <p data-testid="board-report-downloads">
        <a href={`/api/v1/incidents/stats/pdf?fiscal_year=${fy}`} download>{t("board.report_pdf")}</a>{" ・ "}
        <a href={`/api/v1/incidents/stats/xlsx?fiscal_year=${fy}`} download>{t("board.report_xlsx")}</a>
      </p>
    </section>
  );
}

export function IncidentBoardPage() {
  const opts = useResource<Options>("/api/v1/incidents/options");
  const [f, setF] = useState<Record<string, string>>({});
  const board = useResource<Board>(withQuery("/api/v1/incidents/board", f));
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const set = (k: string) => (v: string) => setF((o) => ({ ...o, [k]: v }));
  const any = { value: "", label: t("inc.filter_any") };
  const choices = (list: Choice[] | undefined) => [any, ...(list ?? []).map((c) => ({ value: c.id, label: pick(c.label, c.label_en) }))];
  const b = board.data;
  return (
    <>
      <PageHeading sub={t("board.intro")}>{t("board.title")}</PageHeading>
      <IncidentTabs current="board" />
      <fieldset class="fieldset" data-testid="board-filters">
        <legend>{t("inc.filters")}</legend>
        <div class="field-row">
          <SelectField label={fieldLabel(incidentFields.category)} name="b-category" value={f.category ?? ""} onChange={set("category")} options={choices(opts.data?.categories)} />
          <SelectField label={fieldLabel(incidentFields.severity)} name="b-severity" value={f.severity ?? ""} onChange={set("severity")} options={choices(opts.data?.severities)} />
          <SelectField label={t("inc.unit")} name="b-unit" value={f.unit_id ?? ""} onChange={set("unit_id")}
            options={[any, ...unitOptions(units.data?.items ?? [], (u) => u.kind !== "organisation")]} />
          <SelectField label={t("board.assignee")} name="b-assignee" value={f.assignee ?? ""} onChange={set("assignee")}
            options={[any, { value: "none", label: t("board.nobody") }, ...(b?.members ?? []).map((m) => ({ value: String(m.person_id), label: m.name }))]} />
        </div>
        <CheckboxField label={t("board.only_stalled")} name="b-stalled" checked={f.stalled === "true"} onChange={(on) => set("stalled")(on ? "true" : "")} />
        <CheckboxField label={t("inc.filter_overdue")} name="b-overdue" checked={f.overdue === "true"} onChange={(on) => set("overdue")(on ? "true" : "")} />
      </fieldset>
      {board.error ? <LoadError error={board.error} retry={board.reload} /> : null}
      {!b ? <Loading /> : (
        <>
          <section class="card" aria-labelledby="board-counts">
            <h2 id="board-counts" class="card-title">{t("board.counts")}</h2>
            <dl class="facts" data-testid="board-counts">
              <dt>{t("inc.state.reported")}</dt><dd>{b.by_state.reported ?? 0}</dd>
              <dt>{t("inc.state.triaged")}</dt><dd>{b.by_state.triaged ?? 0}</dd>
              {b.by_severity.map((s) => <Fragment key={s.id ?? "none"}><dt>{s.id ? pick(s.label, s.label_en) : t("board.not_assessed")}</dt><dd>{s.count}</dd></Fragment>)}
              <dt>{t("inc.stalled")}</dt><dd>{b.stalled}</dd>
              <dt>{t("board.with_overdue")}</dt><dd>{b.overdue}</dd>
              <dt>{t("board.unassigned")}</dt><dd>{b.unassigned}</dd>
            </dl>
          </section>
          {!b.items.length ? <div class="empty"><p class="empty-title">{t("board.none")}</p></div> : (
            <div class="table-wrap">
              <table class="table table-striped" data-testid="board-list">
                <thead><tr><th scope="col">{t("inc.no")}</th><th scope="col">{fieldLabel(incidentFields.title)}</th><th scope="col">{fieldLabel(incidentFields.severity)}</th>
                  <th scope="col">{t("inc.state")}</th><th scope="col">{t("board.tasks")}</th><th scope="col">{t("board.assignee")}</th></tr></thead>
                <tbody>
                  {b.items.map((x) => (
                    <tr key={x.id} data-id={x.id}>
                      <td class="mono nowrap"><Link href={`/incidents/${x.id}`}>{incidentNo(x.id)}</Link></td>
                      <th scope="row">{x.title}<div class="sub">{x.unit_name}・{formatDateTime(x.noticed_at)}</div>
                        {x.category ? <div class="sub">{label(opts.data?.categories, x.category)}</div> : null}</th>
                      <td>{x.severity ? label(opts.data?.severities, x.severity) : t("board.not_assessed")}</td>
                      <td>{t(`inc.state.${x.state}` as Key)}{x.stalled ? <div><Badge kind="danger">{t("inc.stalled")}</Badge></div> : null}</td>
                      <td>{t("board.open_tasks", { n: x.open_tasks })}{x.overdue_tasks ? <div><Badge kind="danger">{t("board.overdue_n", { n: x.overdue_tasks })}</Badge></div> : null}</td>
                      <td>{opts.data?.can_assign ? <Assign x={x} members={b.members} onDone={board.reload} /> : (x.assignee_name ?? t("board.nobody"))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <YearReport />
          <section class="card" aria-labelledby="board-tasks">
            <h2 id="board-tasks" class="card-title">{t("board.overdue_tasks")}</h2>
            {!b.overdue_tasks.length ? <p class="sub">{t("board.no_overdue")}</p> : (
              <table class="table" data-testid="board-overdue-tasks">
                <thead><tr><th scope="col">{t("board.due")}</th><th scope="col">{t("board.task")}</th><th scope="col">{t("board.owner")}</th><th scope="col">{t("inc.no")}</th></tr></thead>
                <tbody>
                  {b.overdue_tasks.map((x) => (
                    <tr key={x.task_id}>
                      <td class="nowrap">{formatDate(x.due_date)}</td>
                      <th scope="row">{x.title}</th>
                      <td>{x.owner_name}</td>
                      <td><Link href={`/incidents/${x.incident_id}`}>{incidentNo(x.incident_id)}</Link><div class="sub">{x.incident_title}</div></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
