// インシデント対応 (第54条–第56条, docs/incidents.md): my reports and the ones the chain told me of,
// the report form (under a minute: what, when, where, personal data), and one report with the chain
// of who was told and when they opened it.
import { useState } from "preact/hooks";
import { api, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextAreaField, TextField, missing, type Option } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { formatDateTime, formatFiscalYear } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { navigate } from "../router";
import type { AssetItem, Page, SystemItem, Unit } from "../types";
import { unitOptions } from "../units";
import { IncidentWork, TasksCard, type WorkIncident, type WorkOptions } from "./IncidentWork";
import { EvidenceCard, IndicatorsCard, TimelineCard, type Evidence, type Indicator } from "./IncidentRecord";
import { ReportsCard } from "./IncidentReports";
import { PlanPartCard } from "./EmergencyPlan";
import { incidentFields } from "../entities.gen";
import { fieldLabel } from "../registers";

interface Choice { id: string; label: string; label_en: string }
interface Options extends WorkOptions { article: string; outside_article: string; stall_hours: number; personal_data: Choice[] }
interface Item {
  id: number; title: string; state: string; noticed_at: string; source: string; personal_data: string;
  unit_name: string; reporter_name: string; created_at: string; seen: boolean | null; by_mail: boolean;
}
interface Recipient { person_id: number | null; name: string | null; notified_at: string; seen_at: string | null }
interface Step {
  step: string; label: string; role: string; role_label: string; article: string; recipients: Recipient[];
  vacant: boolean; seen: boolean; stalled: boolean;
}
interface Incident extends Item, Omit<WorkIncident, "id" | "state"> {
  description: string; occurred_at: string | null; place: string; asset_no: string | null; asset_name: string | null;
  system_code: string | null; system_name: string | null; personal_data_kinds: Choice[]; affected_count: number | null;
  caller_name: string; caller_contact: string; chain: Step[]; stalled: boolean; is_reporter: boolean; evidence: Evidence[]; indicators: Indicator[];
}

export const incidentNo = (id: number) => `INC-${String(id).padStart(5, "0")}`;
const stateLabel = (s: string) => t(`inc.state.${s}` as Key);
const choiceLabel = (list: Choice[] | undefined, id: string | null) => {
  const c = list?.find((x) => x.id === id);
  return c ? pick(c.label, c.label_en) : id ?? "";
};

export function IncidentTabs(p: { current: "mine" | "chain" | "new" | "violations" | "board" }) {
  const opts = useResource<{ can_board: boolean }>("/api/v1/incidents/options");
  const tabs = [
    { id: "mine", href: "/incidents", label: t("inc.tab.mine") },
    { id: "chain", href: "/incidents/chain", label: t("inc.tab.chain") },
    ...(opts.data?.can_board ? [{ id: "board", href: "/incidents/board", label: t("inc.tab.board") }] : []),
    { id: "new", href: "/incidents/new", label: t("inc.new") },
    { id: "violations", href: "/incidents/violations", label: t("inc.tab.violations") },
  ];
  return (
    <nav class="tabs" aria-label={t("inc.menu")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}><Link href={x.href} class={x.id === p.current ? "current" : undefined} aria-current={x.id === p.current ? "page" : undefined}>{x.label}</Link></li>
        ))}
      </ul>
    </nav>
  );
}

function Filters(p: { value: Record<string, string>; onChange: (v: Record<string, string>) => void }) {
  const opts = useResource<Options>("/api/v1/incidents/options");
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const any = { value: "", label: t("inc.filter_any") };
  const set = (k: string) => (v: string) => p.onChange({ ...p.value, [k]: v });
  const choices = (list: Choice[] | undefined) => [any, ...(list ?? []).map((c) => ({ value: c.id, label: pick(c.label, c.label_en) }))];
  return (
    <fieldset class="fieldset" data-testid="incident-filters">
      <legend>{t("inc.filters")}</legend>
      <div class="field-row">
        <SelectField label={t("inc.state")} name="f-state" value={p.value.state ?? ""} onChange={set("state")}
          options={[any, ...["reported", "triaged", "not_incident", "closed"].map((s) => ({ value: s, label: stateLabel(s) }))]} />
        <SelectField label={fieldLabel(incidentFields.category)} name="f-category" value={p.value.category ?? ""} onChange={set("category")} options={choices(opts.data?.categories)} />
        <SelectField label={fieldLabel(incidentFields.severity)} name="f-severity" value={p.value.severity ?? ""} onChange={set("severity")} options={choices(opts.data?.severities)} />
        <SelectField label={t("inc.unit")} name="f-unit" value={p.value.unit_id ?? ""} onChange={set("unit_id")}
          options={[any, ...unitOptions(units.data?.items ?? [], (u) => u.kind !== "organisation")]} />
      </div>
      <CheckboxField label={t("inc.filter_overdue")} name="f-overdue" checked={p.value.overdue === "true"} onChange={(on) => set("overdue")(on ? "true" : "")} />
    </fieldset>
  );
}

export function IncidentsPage(p: { box: "mine" | "chain" }) {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const list = useResource<{ items: Item[] }>(withQuery("/api/v1/incidents", { box: p.box, ...filters }));
  return (
    <>
      <PageHeading sub={t("inc.intro")}>{t("inc.title")}</PageHeading>
      <IncidentTabs current={p.box} />
      {p.box === "chain" ? <Filters value={filters} onChange={setFilters} /> : null}
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !list.data.items.length ? <div class="empty"><p class="empty-title">{t("inc.none")}</p></div> : null}
      {list.data && list.data.items.length ? (
        <div class="table-wrap">
          <table class="table table-striped" data-testid="incident-list">
            <thead><tr><th scope="col">{t("inc.no")}</th><th scope="col">{fieldLabel(incidentFields.title)}</th><th scope="col">{fieldLabel(incidentFields.noticed_at)}</th>
              <th scope="col">{t("inc.unit")}</th><th scope="col">{t("inc.reporter")}</th><th scope="col">{t("inc.state")}</th></tr></thead>
            <tbody>
              {list.data.items.map((x) => (
                <tr key={x.id}>
                  <td class="mono nowrap"><Link href={`/incidents/${x.id}`}>{incidentNo(x.id)}</Link></td>
                  <th scope="row">{x.title}{x.source !== "staff" || x.by_mail ? (
                    <div>{x.source !== "staff" ? <Badge kind="info">{t("inc.outside")}</Badge> : null}{x.source !== "staff" && x.by_mail ? " " : null}
                      {x.by_mail ? <span data-testid="by-mail"><Badge kind="info">{t("inc.by_mail")}</Badge></span> : null}</div>) : null}</th>
                  <td class="nowrap">{formatDateTime(x.noticed_at)}</td>
                  <td>{x.unit_name}</td>
                  <td>{x.reporter_name}</td>
                  <td>{stateLabel(x.state)}{x.seen === false ? <div><Badge kind="warn">{t("inc.unseen")}</Badge></div> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** "now" on the office's clock, as a datetime-local input holds it. */
function nowJst(): string {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 16);
}

/** Where it happened: an asset or a system from the registers (searched), or free text. */
function WhereField(p: {
  mode: string; setMode: (v: string) => void; value: string; setValue: (v: string) => void; error?: string;
}) {
  const [q, setQ] = useState("");
  const base = p.mode === "asset" ? "/api/v1/assets" : p.mode === "system" ? "/api/v1/systems" : null;
  const list = useResource<Page<AssetItem | SystemItem>>(base ? withQuery(base, { q, limit: 50 }) : null);
  const options: Option[] = (list.data?.items ?? []).map((x) => ({
    value: String(x.id), label: `${"asset_no" in x ? x.asset_no : (x as SystemItem).code} ${x.name}`,
  }));
  return (
    <fieldset class="fieldset">
      <legend>{t("inc.field.where")}</legend>
      <SelectField label={t("inc.field.where")} name="where" value={p.mode} onChange={(v) => { p.setMode(v); p.setValue(""); setQ(""); }}
        options={[{ value: "text", label: t("inc.where.text") }, { value: "asset", label: t("inc.where.asset") }, { value: "system", label: t("inc.where.system") }]} />
      {p.mode === "text" ? (
        <TextField label={fieldLabel(incidentFields.place)} name="place" value={p.value} onInput={p.setValue} size="l" required hint={t("inc.field.place_hint")} error={p.error} />
      ) : (
        <div class="object-picker">
          <TextField label={t("inc.field.search")} name="where-search" type="search" value={q} size="m" onInput={(v) => setQ(v.trim())} />
          <SelectField label={fieldLabel(p.mode === "asset" ? incidentFields.asset_id : incidentFields.system_id)} name={p.mode === "asset" ? "asset_id" : "system_id"}
            value={p.value} onChange={p.setValue} options={options} placeholder={t("common.select")} required error={p.error} size="l" />
        </div>
      )}
    </fieldset>
  );
}

export function IncidentNewPage() {
  const opts = useResource<Options>("/api/v1/incidents/options");
  const [form, setForm] = useState({
    title: "", description: "", noticed_at: nowJst(), occurred_at: "", where: "text", target: "",
    personal_data: "unknown", affected_count: "", source: "staff", caller_name: "", caller_contact: "",
  });
  const [kinds, setKinds] = useState<string[]>([]);
  const act = useAction(() => "");
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const outside = form.source !== "staff";
  const involved = form.personal_data === "involved";
  function submit(e: Event) {
    e.preventDefault();
    const need: Record<string, string> = { title: fieldLabel(incidentFields.title), description: fieldLabel(incidentFields.description), noticed_at: fieldLabel(incidentFields.noticed_at) };
    if (outside) Object.assign(need, { caller_name: fieldLabel(incidentFields.caller_name), caller_contact: fieldLabel(incidentFields.caller_contact) });
    const miss = missing(form, need);
    if (!form.target) miss[form.where === "text" ? "place" : form.where === "asset" ? "asset_id" : "system_id"] = t("inc.field.where");
    if (Object.keys(miss).length) return act.fail(miss);
    const body: Record<string, unknown> = {
      title: form.title.trim(), description: form.description.trim(), noticed_at: form.noticed_at,
      personal_data: form.personal_data, source: form.source,
    };
    if (form.occurred_at) body.occurred_at = form.occurred_at;
    if (form.where === "text") body.place = form.target.trim();
    else body[form.where === "asset" ? "asset_id" : "system_id"] = form.target;
    if (involved) {
      body.personal_data_kinds = kinds;
      if (form.affected_count.trim()) body.affected_count = /^\d+$/.test(form.affected_count.trim()) ? Number(form.affected_count.trim()) : form.affected_count;
    }
    if (outside) { body.caller_name = form.caller_name.trim(); body.caller_contact = form.caller_contact.trim(); }
    void act.run(async () => {
      const r = await api.post<{ id: number }>("/api/v1/incidents", body);
      navigate(`/incidents/${r.id}?reported=1`);
      return "";
    });
  }
  const o = opts.data;
  return (
    <>
      <PageHeading sub={t("inc.new_intro")}>{t("inc.new")}</PageHeading>
      <IncidentTabs current="new" />
      {opts.error ? <LoadError error={opts.error} retry={opts.reload} /> : null}
      {o ? (
        <form class="form panel" noValidate onSubmit={submit} data-testid="incident-form">
          <p class="sub"><ArticleRef article={o.article} />・<ArticleRef article={o.outside_article} /></p>
          <ErrorSummary error={act.error} fields={act.fields} />
          <TextField label={fieldLabel(incidentFields.title)} name="title" value={form.title} onInput={set("title")} size="l" required hint={t("inc.field.title_hint")} error={act.fields.title} />
          <TextAreaField label={fieldLabel(incidentFields.description)} name="description" value={form.description} onInput={set("description")} rows={4} required error={act.fields.description} />
          <div class="field-row">
            <TextField label={fieldLabel(incidentFields.noticed_at)} name="noticed_at" type="datetime-local" value={form.noticed_at} onInput={set("noticed_at")} size="m" required error={act.fields.noticed_at} />
            <TextField label={fieldLabel(incidentFields.occurred_at)} name="occurred_at" type="datetime-local" value={form.occurred_at} onInput={set("occurred_at")} size="m" hint={t("inc.field.occurred_hint")} error={act.fields.occurred_at} />
          </div>
          <WhereField mode={form.where} setMode={set("where")} value={form.target} setValue={set("target")}
            error={act.fields.place ?? act.fields.asset_id ?? act.fields.system_id} />
          <SelectField label={fieldLabel(incidentFields.personal_data)} name="personal_data" value={form.personal_data} onChange={set("personal_data")} required error={act.fields.personal_data}
            options={[{ value: "none", label: t("inc.pd.none") }, { value: "unknown", label: t("inc.pd.unknown") }, { value: "involved", label: t("inc.pd.involved") }]} />
          {involved ? (
            <fieldset class="fieldset">
              <legend>{t("inc.field.kinds")}</legend>
              {act.fields.personal_data_kinds ? <div class="field-error">{act.fields.personal_data_kinds}</div> : null}
              {o.personal_data.map((k) => (
                <CheckboxField key={k.id} label={pick(k.label, k.label_en)} name={`kind-${k.id}`} checked={kinds.includes(k.id)}
                  onChange={(on) => setKinds((ks) => (on ? [...ks, k.id] : ks.filter((x) => x !== k.id)))} />
              ))}
              <TextField label={fieldLabel(incidentFields.affected_count)} name="affected_count" value={form.affected_count} onInput={set("affected_count")} size="s" inputMode="numeric" error={act.fields.affected_count} />
            </fieldset>
          ) : null}
          <SelectField label={fieldLabel(incidentFields.source)} name="source" value={form.source} onChange={set("source")} error={act.fields.source}
            options={[{ value: "staff", label: t("inc.source.staff") }, { value: "resident", label: t("inc.source.resident") }, { value: "outsider", label: t("inc.source.outsider") }]} />
          {outside ? (
            <div class="field-row">
              <TextField label={fieldLabel(incidentFields.caller_name)} name="caller_name" value={form.caller_name} onInput={set("caller_name")} size="m" required error={act.fields.caller_name} />
              <TextField label={fieldLabel(incidentFields.caller_contact)} name="caller_contact" value={form.caller_contact} onInput={set("caller_contact")} size="m" required error={act.fields.caller_contact} />
            </div>
          ) : null}
          <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("inc.submit")}</button></div>
        </form>
      ) : <Loading />}
    </>
  );
}

export function IncidentPage(p: { id: string }) {
  const res = useResource<Incident>(`/api/v1/incidents/${encodeURIComponent(p.id)}`);
  const opts = useResource<Options>("/api/v1/incidents/options");
  const [justReported, setJustReported] = useState(new URLSearchParams(window.location.search).has("reported"));
  const [tick, setTick] = useState(0);
  const reload = () => { res.reload(); setTick((n) => n + 1); };
  if (res.error) return <LoadError error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  const x = res.data;
  const where = x.asset_no ? `${x.asset_no} ${x.asset_name ?? ""}` : x.system_code ? `${x.system_code} ${x.system_name ?? ""}` : "";
  return (
    <>
      <PageHeading sub={`${incidentNo(x.id)}・${stateLabel(x.state)}`}>{x.title}</PageHeading>
      {justReported ? <Notice kind="success" onDismiss={() => setJustReported(false)}><p data-testid="incident-reported">{t("inc.reported")}</p></Notice> : null}
      {x.stalled ? <Notice kind="warning"><p>{t("inc.stalled_notice")}</p></Notice> : null}
      <section class="card" aria-labelledby="inc-facts">
        <h2 id="inc-facts" class="card-title">{t("inc.facts")}</h2>
        <dl class="facts" data-testid="incident-facts">
          <dt>{fieldLabel(incidentFields.description)}</dt><dd class="prewrap">{x.description}</dd>
          <dt>{fieldLabel(incidentFields.noticed_at)}</dt><dd>{formatDateTime(x.noticed_at)}</dd>
          {x.occurred_at ? <><dt>{fieldLabel(incidentFields.occurred_at)}</dt><dd>{formatDateTime(x.occurred_at)}</dd></> : null}
          <dt>{t("inc.field.where")}</dt><dd>{[where, x.system_code && x.asset_no ? `${x.system_code} ${x.system_name ?? ""}` : "", x.place].filter(Boolean).join(" / ")}</dd>
          <dt>{fieldLabel(incidentFields.personal_data)}</dt>
          <dd>{t(`inc.pd.${x.personal_data}` as Key)}{x.personal_data_kinds.length ? `（${x.personal_data_kinds.map((k) => pick(k.label, k.label_en)).join("・")}）` : ""}
            {x.affected_count ? ` ${t("inc.affected", { n: x.affected_count })}` : ""}</dd>
          <dt>{t("inc.unit")}</dt><dd>{x.unit_name}</dd>
          <dt>{t("inc.reporter")}</dt><dd>{x.reporter_name}</dd>
          {x.source !== "staff" ? <><dt>{fieldLabel(incidentFields.source)}</dt><dd>{t(`inc.source.${x.source}` as Key)}: {x.caller_name}（{x.caller_contact}）</dd></> : null}
          {x.category ? <><dt>{fieldLabel(incidentFields.category)}・{fieldLabel(incidentFields.severity)}</dt><dd data-testid="incident-triage">{choiceLabel(opts.data?.categories, x.category)}・{choiceLabel(opts.data?.severities, x.severity)}</dd></> : null}
          {x.triage_note ? <><dt>{fieldLabel(incidentFields.note)}</dt><dd class="prewrap">{x.triage_note}</dd></> : null}
          {x.cause ? <><dt>{fieldLabel(incidentFields.cause)}</dt><dd class="prewrap">{x.cause}</dd><dt>{fieldLabel(incidentFields.prevention)}</dt><dd class="prewrap">{x.prevention}</dd></> : null}
          {x.decided_at ? <><dt>{fieldLabel(incidentFields.decision)}</dt><dd class="prewrap" data-testid="incident-decision">{x.decision}</dd></> : null}
          {x.lessons ? <><dt>{fieldLabel(incidentFields.lessons)}</dt><dd class="prewrap">{x.lessons}{x.follow_up ? <div class="sub">{x.follow_up}</div> : null}</dd></> : null}
          {x.review_fiscal_year ? <><dt>{fieldLabel(incidentFields.review_fiscal_year)}</dt><dd data-testid="incident-review-year">{formatFiscalYear(x.review_fiscal_year)}（<Link href="/policy-docs/reviews">{t("inc.review_link")}</Link>）</dd></> : null}
          {x.change_request_id ? <><dt>{fieldLabel(incidentFields.change_request_id)}</dt><dd><Link href={`/requests/${x.change_request_id}`}>No.{x.change_request_id}</Link></dd></> : null}
        </dl>
      </section>
      <PlanPartCard id={x.id} tick={tick} />
      <TasksCard x={x} onDone={reload} />
      <IncidentWork x={x} o={opts.data} onDone={reload} />
      {x.can_csirt || x.can_decide ? <ReportsCard id={x.id} tick={tick} /> : null}
      <EvidenceCard id={x.id} items={x.evidence} onDone={reload} />
      <IndicatorsCard id={x.id} items={x.indicators} canAdd={x.can_csirt} onDone={reload} />
      <TimelineCard id={x.id} tick={tick} onDone={res.reload} />
      <section class="card" aria-labelledby="inc-chain">
        <h2 id="inc-chain" class="card-title">{t("inc.chain")}</h2>
        <p class="sub">{t("inc.chain_intro", { hours: opts.data?.stall_hours ?? "—" })}</p>
        <table class="table" data-testid="incident-chain">
          <thead><tr><th scope="col">{t("inc.step")}</th><th scope="col">{t("inc.recipients")}</th><th scope="col">{t("inc.state")}</th><th scope="col">{t("common.article")}</th></tr></thead>
          <tbody>
            {x.chain.map((s) => (
              <tr key={s.step} data-step={s.step}>
                <th scope="row">{s.label}<div class="sub">{s.role_label}</div></th>
                <td>{s.recipients.map((r, i) => r.person_id ? (
                  <div key={i}>{r.name}　<span class="sub">{r.seen_at ? `${t("inc.seen")} ${formatDateTime(r.seen_at)}` : t("inc.unseen")}</span></div>
                ) : <div key={i} class="sub">{t("inc.vacant")}</div>)}</td>
                <td>{s.stalled ? <Badge kind="danger">{t("inc.stalled")}</Badge> : s.seen ? <Badge kind="ok">{t("inc.seen")}</Badge> : <Badge kind="warn">{t("inc.unseen")}</Badge>}</td>
                <td><ArticleRef article={s.article} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
