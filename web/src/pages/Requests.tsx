// 申請・承認: 承認待ち (requests waiting for my decision, with who must decide and why), 自分の申請,
// and 新しい申請 — the kinds come from the policy pack with their article, and the form is built
// from the kind's field definitions.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextField, missing, type Option } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { levelOptions, usePolicy } from "../registers";
import { navigate } from "../router";
import { can, useSession } from "../session";
import {
  requestNo, stateKind, stateLabel, type Inbox, type InboxItem, type RequestDetail, type RequestFieldDef, type RequestItem,
  type RequestType,
} from "../requests";
import type { AssetItem, Page, SystemItem } from "../types";

type Tab = "inbox" | "mine" | "new" | "delegations" | "exceptions";

export function RequestTabs(p: { current: Tab | null }) {
  const session = useSession();
  const tabs: { id: Tab; href: string; label: string }[] = [
    { id: "inbox", href: "/requests", label: t("rq.tab.inbox") },
    { id: "mine", href: "/requests/mine", label: t("rq.tab.mine") },
    { id: "new", href: "/requests/new", label: t("rq.tab.new") },
    { id: "delegations", href: "/requests/delegations", label: t("rq.tab.delegations") },
  ];
  // 第131条: the register is the CISO's and the overseers' (the API allows trail.read only).
  if (can(session, "trail.read")) tabs.push({ id: "exceptions", href: "/requests/exceptions", label: t("rq.tab.exceptions") });
  return (
    <nav class="tabs" aria-label={t("rq.menu")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}><Link href={x.href} class={x.id === p.current ? "current" : undefined} aria-current={x.id === p.current ? "page" : undefined}>{x.label}</Link></li>
        ))}
      </ul>
    </nav>
  );
}

export function StateBadge(p: { state: string }) {
  return <Badge kind={stateKind(p.state)}>{stateLabel(p.state)}</Badge>;
}

function RequestTable(p: { items: (RequestItem | InboxItem)[]; inbox: boolean; empty: Key; emptyDetail: Key }) {
  if (!p.items.length)
    return (
      <div class="empty">
        <p class="empty-title">{t(p.empty)}</p>
        <p class="empty-detail">{t(p.emptyDetail)}</p>
      </div>
    );
  return (
    <div class="table-wrap">
      <table class="table table-striped requests" data-testid={p.inbox ? "inbox" : "my-requests"}>
        <caption class="visually-hidden">{t(p.inbox ? "rq.tab.inbox" : "rq.tab.mine")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("rq.no")}</th><th scope="col">{t("rq.type")}</th><th scope="col">{t("rq.state")}</th>
            <th scope="col">{p.inbox ? t("rq.submitted_at") : t("rq.created_at")}</th>
            <th scope="col">{p.inbox ? t("rq.requester") : t("rq.next")}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((r) => (
            <tr key={r.id}>
              <td class="mono nowrap"><Link href={`/requests/${r.id}`}>{requestNo(r.id)}</Link></td>
              <td>{r.type_label}<div class="sub"><ArticleRef article={r.article} /></div></td>
              <td><StateBadge state={r.state} /></td>
              <td class="nowrap">{formatDateTime(p.inbox ? r.submitted_at : r.created_at)}</td>
              <td>
                {p.inbox ? (r.requester_name ?? "—")
                  : r.approval?.role_label ? `${r.approval.role_label}` : "—"}
                {(r as InboxItem).as_deputy_for_name ? <div class="sub">{t("rq.as_deputy", { name: (r as InboxItem).as_deputy_for_name ?? "" })}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 承認待ち: what waits for my decision (also as a deputy) and what is overdue, from one inbox call. */
export function InboxPage() {
  const inbox = useResource<Inbox>("/api/v1/inbox");
  const d = inbox.data;
  return (
    <>
      <PageHeading sub={t("rq.intro")}>{t("rq.title")}</PageHeading>
      <RequestTabs current="inbox" />
      {inbox.error ? <LoadError error={inbox.error} retry={inbox.reload} /> : null}
      {inbox.loading && !d ? <Loading /> : null}
      {d && d.overdue.length ? (
        <section class="panel panel-warn" aria-labelledby="rq-overdue" data-testid="overdue">
          <h2 id="rq-overdue">{t("rq.overdue_title")}</h2>
          <ul>
            {d.overdue.map((o) => (
              <li key={`${o.kind}-${o.request_id}`}>
                <Link href={`/requests/${o.request_id}`}>{requestNo(o.request_id)} {o.type_label}</Link>
                ：{t(`rq.overdue.${o.kind}` as Key)}（{t("rq.due", { date: formatDate(o.due) })}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d ? (
        <>
          {d.waiting_truncated ? <Notice kind="warning"><p>{t("rq.truncated")}</p></Notice> : null}
          <RequestTable items={d.waiting} inbox empty="rq.inbox_empty" emptyDetail="rq.inbox_empty_detail" />
        </>
      ) : null}
    </>
  );
}

/** 自分の申請. */
export function MyRequestsPage() {
  const list = useResource<{ items: RequestItem[] }>(withQuery("/api/v1/requests", { box: "mine" }));
  return (
    <>
      <PageHeading sub={t("rq.intro")}>{t("rq.title")}</PageHeading>
      <RequestTabs current="mine" />
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? <RequestTable items={list.data.items} inbox={false} empty="rq.mine_empty" emptyDetail="rq.mine_empty_detail" /> : null}
    </>
  );
}

/** 新しい申請: the kind first (with its article and who approves), then its form. */
export function NewRequestPage() {
  const types = useResource<{ items: RequestType[] }>("/api/v1/request-types");
  const [chosen, setChosen] = useState<RequestType | null>(null);
  return (
    <>
      <PageHeading sub={t("rq.intro")}>{t("rq.title")}</PageHeading>
      <RequestTabs current="new" />
      {types.error ? <LoadError error={types.error} retry={types.reload} /> : null}
      {types.loading && !types.data ? <Loading /> : null}
      {types.data && !chosen ? (
        <section class="panel" aria-labelledby="rq-types">
          <h2 id="rq-types">{t("rq.choose_type")}</h2>
          <p class="field-hint">{t("rq.choose_type_hint")}</p>
          {groupTypes(types.data.items).map(([group, items]) => (
            <section key={group} class="type-group" aria-label={group}>
              <h3>{group}</h3>
              <ul class="type-list">
                {items.map((x) => (
                  <li key={x.id}>
                    <button type="button" class="btn btn-link type-choice" data-type={x.id} onClick={() => setChosen(x)}>{x.label}</button>
                    <span class="sub"> <ArticleRef article={x.article} /></span>
                    {x.description ? <div class="sub">{x.description}</div> : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ) : null}
      {chosen ? <RequestForm key={chosen.id} type={chosen} onBack={() => setChosen(null)} /> : null}
    </>
  );
}

/** The types under their pack group headings, groups in the order the pack first names them. */
function groupTypes(items: RequestType[]): [string, RequestType[]][] {
  const groups = new Map<string, RequestType[]>();
  for (const x of items) {
    const g = x.group || t("rq.group_other");
    groups.set(g, [...(groups.get(g) ?? []), x]);
  }
  return [...groups.entries()];
}

type Values = Record<string, string | boolean>;

/** Field types whose value is the id of a person, asset or system (chosen from a list, sent as a number). */
const REFERENCE_TYPES = new Set(["person", "asset", "system"]);

function initialValues(type: RequestType): Values {
  const v: Values = {};
  for (const f of type.fields) v[f.name] = f.type === "bool" ? false : "";
  return v;
}

/** The form of one request kind, generated from the pack's field definitions. */
function RequestForm(p: { type: RequestType; onBack: () => void }) {
  const [values, setValues] = useState<Values>(initialValues(p.type));
  const [objectId, setObjectId] = useState("");
  const [emergency, setEmergency] = useState(false);
  const act = useAction(() => {});
  const set = (name: string) => (v: string | boolean) => setValues((x) => ({ ...x, [name]: v }));
  const stage = p.type.stages[0];

  function body(submit: boolean) {
    const fields: Record<string, unknown> = {};
    for (const f of p.type.fields) {
      const v = values[f.name];
      if (f.type === "bool") fields[f.name] = v;
      else if (typeof v === "string" && v.trim() !== "") fields[f.name] = REFERENCE_TYPES.has(f.type) ? Number(v) : v.trim();
    }
    return { type: p.type.id, object_id: p.type.object === "none" ? null : objectId || null, fields, submit };
  }

  function send(submit: boolean) {
    if (submit) {
      const labels: Record<string, string> = {};
      const selects: string[] = [];
      for (const f of p.type.fields) if (f.required && f.type !== "bool") {
        labels[f.name] = f.label;
        if (f.type === "choice" || f.type === "confidentiality" || REFERENCE_TYPES.has(f.type)) selects.push(f.name);
      }
      const vals: Record<string, unknown> = { ...values };
      if (p.type.object !== "none") { labels.object_id = t(p.type.object === "system" ? "rq.object.system" : "rq.object.asset"); vals.object_id = objectId; selects.push("object_id"); }
      const miss = { ...missing(vals, labels, selects), ...outOfOrder(p.type, values) };
      if (Object.keys(miss).length) return act.fail(miss);
    }
    void act.run(async () => {
      if (emergency) {
        // 第130条: the measure is recorded as taken now; submitting it later is the report to the CISO.
        const r = await api.post<RequestDetail>("/api/v1/exceptions/emergency", { type: p.type.id, fields: body(false).fields });
        navigate(`/requests/${r.id}?done=emergency`);
        return "";
      }
      const r = await api.post<RequestDetail>("/api/v1/requests", body(submit));
      navigate(`/requests/${r.id}?done=${submit ? "created" : "drafted"}`);
      return "";
    });
  }

  return (
    <form class="form panel" noValidate aria-labelledby="rq-form-title" onSubmit={(e) => { e.preventDefault(); send(true); }}>
      <h2 id="rq-form-title">{p.type.label} <ArticleRef article={p.type.article} /></h2>
      {p.type.description ? <p class="lead">{p.type.description}</p> : null}
      {p.type.requester_roles?.length ? <p class="sub">{t("rq.requester_roles_note", { roles: "" })}{p.type.requester_roles.map((r, i) => <Fragment key={r}>{i ? "、" : ""}<RoleName id={r} /></Fragment>)}</p> : null}
      {p.type.default_approver_note ? <p class="sub">{t("rq.default_approver_note", { note: p.type.default_approver_note })}</p> : null}
      <ErrorSummary error={act.error} fields={act.fields} />
      {p.type.object === "asset" || p.type.object === "system" ? (
        <ObjectPicker kind={p.type.object} label={t(p.type.object === "system" ? "rq.object.system" : "rq.object.asset")} name="object_id"
          value={objectId} onChange={setObjectId} required error={act.fields.object_id} />
      ) : null}
      {p.type.fields.map((f) => <RequestInput key={f.name} def={f} value={values[f.name]} onChange={set(f.name)} error={act.fields[f.name]}
        min={f.not_before ? earliest(f, values[f.not_before]) : undefined} />)}
      {stage ? (
        <div class="note" data-testid="approval-plan">
          <p class="field-label">{t("rq.approvers_plan")}</p>
          <ol>
            {p.type.stages.map((s, i) => (
              <li key={i}>{t("rq.stage_n", { n: i + 1 })}: <RoleName id={s.role} />（{t(`rq.scope.${s.scope}` as Key)}・{t(`rq.mode.${s.mode}` as Key)}）
                {s.escalate_to ? <div class="sub">{t("rq.escalate_note")}<RoleName id={s.escalate_to} /></div> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {p.type.kind === "exception" ? <CheckboxField label={t("rq.emergency")} name="emergency" checked={emergency} onChange={setEmergency} /> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={act.pending} aria-busy={act.pending}>{act.pending ? t("rq.submitting") : t("rq.submit")}</button>
        <button type="button" class="btn" disabled={act.pending} onClick={() => send(false)}>{t("rq.save_draft")}</button>
        <button type="button" class="btn btn-link" onClick={p.onBack}>{t("rq.back_to_types")}</button>
      </div>
    </form>
  );
}

/** A role's label from the pack (the policy is loaded once per page view). */
function RoleName(p: { id: string }) {
  const policy = usePolicy().data;
  return <>{policy?.roles.find((r) => r.id === p.id)?.label ?? p.id}</>;
}

/** Date fields that precede the field the pack says they may not precede (the server says the same). */
function outOfOrder(type: RequestType, values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of type.fields) {
    const other = f.not_before ? type.fields.find((o) => o.name === f.not_before) : undefined;
    const v = values[f.name], min = other ? earliest(f, values[other.name]) : undefined;
    if (other && typeof v === "string" && v && min && v.slice(0, min.length) < min)
      errors[f.name] = t("rq.date_order", { field: f.label, other: other.label });
  }
  return errors;
}

/** The earliest value a date field may take when the pack says it may not precede another (not_before). */
function earliest(f: RequestFieldDef, other: string | boolean | undefined): string | undefined {
  if (typeof other !== "string" || !other) return undefined;
  return f.type === "date" ? other.slice(0, 10) : other;
}

function RequestInput(p: { def: RequestFieldDef; value: string | boolean; onChange: (v: string | boolean) => void; error?: string; min?: string }) {
  const f = p.def;
  const policy = usePolicy().data;
  if (f.type === "bool")
    return <CheckboxField label={f.label} name={f.name} checked={p.value === true} onChange={p.onChange} error={p.error} />;
  if (f.type === "choice") {
    const opts: Option[] = f.choices.map((c) => ({ value: c, label: f.choice_labels?.[c] ?? c }));
    return <SelectField label={f.label} name={f.name} value={String(p.value)} onChange={p.onChange} options={opts} placeholder={t("common.select")} required={f.required} error={p.error} />;
  }
  if (f.type === "confidentiality") {
    const opts: Option[] = levelOptions(policy, "confidentiality");
    return <SelectField label={f.label} name={f.name} value={String(p.value)} onChange={p.onChange} options={opts} placeholder={t("common.select")} required={f.required} error={p.error} />;
  }
  if (f.type === "articles")
    return <TextField label={f.label} name={f.name} value={String(p.value)} onInput={p.onChange} size="l" required={f.required} error={p.error} hint={t("rq.field_articles_hint")} />;
  if (f.type === "asset" || f.type === "system")
    return <ObjectPicker kind={f.type} label={f.label} name={f.name} value={String(p.value)} onChange={p.onChange} required={f.required} error={p.error} />;
  if (f.type === "person")
    return <PersonPicker label={f.label} name={f.name} value={String(p.value)} onChange={p.onChange} required={f.required} error={p.error} />;
  if (f.type === "date" || f.type === "datetime")
    return <TextField label={f.label} name={f.name} type={f.type === "date" ? "date" : "datetime-local"} value={String(p.value)} onInput={p.onChange} size="s" required={f.required} error={p.error} min={p.min} />;
  return <TextField label={f.label} name={f.name} value={String(p.value)} onInput={p.onChange} size="l" required={f.required} error={p.error} />;
}

/** An asset or system of the registers (what the request is about, or a field such as 対象の情報システム):
 *  search, then choose. */
function ObjectPicker(p: { kind: "asset" | "system"; label: string; name: string; value: string; onChange: (id: string) => void; required?: boolean; error?: string }) {
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const base = p.kind === "asset" ? "/api/v1/assets" : "/api/v1/systems";
  const list = useResource<Page<AssetItem | SystemItem>>(withQuery(base, { q: query, limit: 50 }));
  const options: Option[] = (list.data?.items ?? []).map((x) => {
    const no = "asset_no" in x ? x.asset_no : (x as SystemItem).code;
    return { value: String(x.id), label: `${no} ${x.name}` };
  });
  return (
    <div class="object-picker">
      <TextField label={p.name === "object_id" ? t("rq.object_search") : t("rq.object_search_for", { field: p.label })} name={`${p.name}-search`}
        type="search" value={q} size="m" onInput={(v) => { setQ(v); setQuery(v.trim()); }} />
      <SelectField label={p.label} name={p.name} value={p.value}
        onChange={p.onChange} options={options} placeholder={t("common.select")} required={p.required} error={p.error} size="l" />
    </div>
  );
}
