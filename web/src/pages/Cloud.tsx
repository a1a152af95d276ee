// The クラウド・外部サービス pages (issue 15, 第143条–第153条): /cloud — the register of services and the
// approved requests still to be registered (the 統括 registers one and appoints its クラウドサービス
// 管理者); /cloud/{id} — one service: its approval class, ISMAP, data location, 約款 review and exit plan
// (kept by its manager), the information systems that use it (CloudSystems.tsx), the assets placed on it (refused above the class), the periodic reviews
// (第150条5) and the end of use (第151条).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, missing, SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate } from "../format";
import { useAction, useResource } from "../hooks";
import { lang, t, type Key } from "../i18n";
import type { AssetItem, Page } from "../types";
import { CloudSystems, type LinkedSystem } from "./CloudSystems";

interface Approval { request_type: string; request_label: string | null; label: string; label_en: string; max_confidentiality: string; max_confidentiality_label: string | null; article: string;
  manager_role: string | null; manager_role_label: string | null; manager_role_article: string | null }

interface Service {
  id: number; request_id: number; request_type: string; name: string; provider: string; purpose: string;
  manager_person_id: number; manager_name: string | null; manager_since: string; ismap_kind: string; ismap_number: string;
  ismap_expires_on: string | null; ismap_state: string; data_location: string; region: string; terms_reviewed_on: string | null;
  terms_reviewer_person_id: number | null; terms_reviewer_name: string | null; terms_result: string | null; terms_notes: string;
  exit_plan: string; exit_plan_reviewed_on: string | null; ended_on: string | null; end_disposition: string | null;
  end_confirmation: string | null; registered_on: string; last_reviewed_on: string | null; assets: number; assets_hidden?: number;
  approval: Approval | null; state: "in_use" | "ended"; review_due_on: string | null; review_overdue: boolean;
  asset_list?: { asset_id: number; asset_no: string; name: string; confidentiality: string | null; placed_at: string }[];
  reviews?: { id: number; reviewed_on: string; checked_items: string; result: string; actions: string; reviewer_name: string | null }[];
  system_list?: LinkedSystem[]; systems_hidden?: number;
  may_act?: boolean; may_appoint?: boolean;
}

interface Candidate { request_id: number; request_type: string; name: string | null; provider: string | null; purpose: string | null; manager_person_id: number | null; approval: Approval }

const pickLang = (ja: string, en: string) => (lang() === "en" ? en : ja);
// The manager's role follows the approval (the pack's label): 業務委託サービス管理者 for an outsourced
// service (第143条6), クラウドサービス管理者 for a cloud service (第148条3).
const managerLabel = (a: Approval | null | undefined) => a?.manager_role_label ?? t("cl.manager");

function IsmapBadge(p: { s: Service }) {
  if (p.s.ismap_kind === "none") return <span>{t("cl.ismap_kind.none")}</span>;
  const kind = p.s.ismap_state === "expired" ? "danger" : p.s.ismap_state === "expiring" ? "warn" : "ok";
  return (
    <span data-ismap-state={p.s.ismap_state}>
      {t(`cl.ismap_kind.${p.s.ismap_kind}` as Key)} {p.s.ismap_number} {p.s.ismap_expires_on ? `(${formatDate(p.s.ismap_expires_on)})` : ""}{" "}
      <Badge kind={kind}>{t(`cl.ismap_state.${p.s.ismap_state}` as Key)}</Badge>
    </span>
  );
}

export function CloudPage() {
  const list = useResource<{ items: Service[]; may_register: boolean }>("/api/v1/cloud/services");
  const [notice, setNotice] = useState("");
  return (
    <main id="main" class="page">
      <PageHeading sub={t("cl.intro")}>{t("cl.title")}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="cl-notice">{notice}</p></Notice> : null}
      <section class="panel" aria-labelledby="cl-list">
        <h2 id="cl-list">{t("cl.title")}</h2>
        {list.loading && !list.data ? <Loading /> : list.error ? <LoadError error={list.error} retry={list.reload} /> : list.data && list.data.items.length ? (
          <div class="table-wrap">
            <table class="table table-striped" data-testid="cl-services">
              <thead><tr><th scope="col">{t("cl.name")}</th><th scope="col">{t("cl.provider")}</th><th scope="col">{t("cl.approval")}</th>
                <th scope="col">{t("cl.manager")}</th><th scope="col">{t("cl.ismap")}</th><th scope="col">{t("cl.review_due")}</th><th scope="col">{t("cl.state")}</th></tr></thead>
              <tbody>{list.data.items.map((s) => (
                <tr key={s.id} data-service={s.id}>
                  <td><Link href={`/cloud/${s.id}`}>{s.name}</Link></td>
                  <td>{s.provider}</td>
                  <td>{s.approval ? pickLang(s.approval.label, s.approval.label_en) : ""}</td>
                  <td>{s.manager_name ?? ""}{s.approval?.manager_role_label ? <span class="sub">（{s.approval.manager_role_label}）</span> : null}</td>
                  <td><IsmapBadge s={s} /></td>
                  <td>{s.review_due_on ? formatDate(s.review_due_on) : ""} {s.review_overdue ? <Badge kind="danger">{t("cl.overdue")}</Badge> : null}</td>
                  <td><Badge kind={s.state === "ended" ? "neutral" : "ok"}>{t(`cl.state.${s.state}` as Key)}</Badge></td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        ) : <p>{t("cl.none")}</p>}
      </section>
      {list.data?.may_register ? <Candidates onDone={(name) => { setNotice(t("cl.registered", { name })); list.reload(); }} /> : null}
    </main>
  );
}

function Candidates(p: { onDone: (name: string) => void }) {
  const c = useResource<{ items: Candidate[] }>("/api/v1/cloud/candidates");
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [manager, setManager] = useState("");
  const act = useAction((name) => { setChosen(null); setManager(""); c.reload(); p.onDone(name); });
  const submit = (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    const body: Record<string, unknown> = { request_id: chosen.request_id };
    if (manager) body.manager_person_id = Number(manager);
    void act.run(async () => { const r = await api.post<Service>("/api/v1/cloud/services", body); return r.name; });
  };
  return (
    <section class="panel" aria-labelledby="cl-candidates">
      <h2 id="cl-candidates">{t("cl.candidates")}</h2>
      {c.loading && !c.data ? <Loading /> : c.error ? <LoadError error={c.error} retry={c.reload} /> : c.data && c.data.items.length ? (
        <table class="table" data-testid="cl-candidates">
          <thead><tr><th scope="col">{t("cl.request")}</th><th scope="col">{t("cl.name")}</th><th scope="col">{t("cl.provider")}</th><th scope="col">{t("cl.approval")}</th><th scope="col"></th></tr></thead>
          <tbody>{c.data.items.map((x) => (
            <tr key={x.request_id} data-request={x.request_id}>
              <td><Link href={`/requests/${x.request_id}`}>#{x.request_id} {x.approval.request_label ?? x.request_type}</Link></td>
              <td>{x.name ?? ""}</td><td>{x.provider ?? ""}</td>
              <td>{pickLang(x.approval.label, x.approval.label_en)} <ArticleRef article={x.approval.article} /></td>
              <td><button type="button" class="btn" onClick={() => { setChosen(x); setManager(x.manager_person_id ? String(x.manager_person_id) : ""); }}>{t("cl.register")}</button></td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p>{t("cl.candidates_none")}</p>}
      {chosen ? (
        <form class="form" noValidate onSubmit={submit} data-testid="cl-register-form">
          <h3>{t("cl.register")}: {chosen.name ?? ""}</h3>
          <ErrorSummary error={act.error} fields={act.fields} />
          <PersonPicker label={managerLabel(chosen.approval)} name="manager_person_id" value={manager} onChange={setManager} required error={act.fields.manager_person_id} />
          <p class="field-hint">{t("cl.manager_hint")}</p>
          <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("cl.register")}</button></div>
        </form>
      ) : null}
    </section>
  );
}

export function CloudServicePage(p: { id: string }) {
  const s = useResource<Service>(`/api/v1/cloud/services/${p.id}`);
  const [notice, setNotice] = useState("");
  if (s.loading && !s.data) return <main id="main" class="page"><Loading /></main>;
  if (s.error || !s.data) return <main id="main" class="page"><LoadError error={s.error} retry={s.reload} /></main>;
  const x = s.data;
  const done = (m: string) => { setNotice(m); s.reload(); };
  const active = x.state === "in_use" && !!x.may_act;
  return (
    <main id="main" class="page">
      <p><Link href="/cloud">{t("cl.back_list")}</Link></p>
      <PageHeading>{x.name}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="cl-notice">{notice}</p></Notice> : null}
      <section class="panel">
        <dl class="facts" data-testid="cl-service">
          <dt>{t("cl.provider")}</dt><dd>{x.provider}</dd>
          <dt>{t("cl.purpose")}</dt><dd>{x.purpose}</dd>
          <dt>{t("cl.approval")}</dt><dd data-testid="cl-approval">{x.approval ? <>{pickLang(x.approval.label, x.approval.label_en)} — {t("cl.max", { level: x.approval.max_confidentiality_label ?? x.approval.max_confidentiality, article: x.approval.article })}</> : ""}
            {" "}<Link href={`/requests/${x.request_id}`}>{t("cl.request")} #{x.request_id}</Link></dd>
          <dt data-testid="cl-manager-role">{managerLabel(x.approval)}</dt><dd>{x.manager_name ?? ""} ({formatDate(x.manager_since)} –){x.approval?.manager_role_article ? <> <ArticleRef article={x.approval.manager_role_article} /></> : null}</dd>
          <dt>{t("cl.ismap")}</dt><dd><IsmapBadge s={x} /></dd>
          <dt>{t("cl.data_location")}</dt><dd>{x.data_location} ({t(`cl.region.${x.region}` as Key)})</dd>
          <dt>{t("cl.terms")}</dt><dd>{x.terms_reviewed_on ? `${formatDate(x.terms_reviewed_on)} ${x.terms_reviewer_name ?? ""} ${x.terms_result ? t(`cl.terms_result.${x.terms_result}` as Key) : ""}` : ""}</dd>
          <dt>{t("cl.exit_plan")}</dt><dd>{x.exit_plan} {x.exit_plan_reviewed_on ? `(${formatDate(x.exit_plan_reviewed_on)})` : ""}</dd>
          <dt>{t("cl.registered_on")}</dt><dd>{formatDate(x.registered_on)}</dd>
          <dt>{t("cl.state")}</dt><dd><Badge kind={x.state === "ended" ? "neutral" : "ok"}>{t(`cl.state.${x.state}` as Key)}</Badge></dd>
        </dl>
      </section>
      {active ? <DetailsForm s={x} onDone={done} /> : null}
      <Assets s={x} active={active} onDone={done} />
      <CloudSystems id={x.id} list={x.system_list ?? []} hidden={x.systems_hidden ?? 0} active={active} onDone={done} />
      <Reviews s={x} active={active} onDone={done} />
      <End s={x} active={active} onDone={done} />
    </main>
  );
}

function DetailsForm(p: { s: Service; onDone: (m: string) => void }) {
  const init = { ismap_kind: p.s.ismap_kind, ismap_number: p.s.ismap_number, ismap_expires_on: p.s.ismap_expires_on ?? "",
    data_location: p.s.data_location, region: p.s.region, terms_reviewed_on: p.s.terms_reviewed_on ?? "",
    terms_reviewer_person_id: p.s.terms_reviewer_person_id ? String(p.s.terms_reviewer_person_id) : "", terms_result: p.s.terms_result ?? "",
    terms_notes: p.s.terms_notes, exit_plan: p.s.exit_plan, exit_plan_reviewed_on: p.s.exit_plan_reviewed_on ?? "",
    manager_person_id: String(p.s.manager_person_id) };
  const [v, setV] = useState(init);
  const act = useAction(p.onDone);
  const set = (k: keyof typeof init) => (x: string) => setV({ ...v, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (val === (init as Record<string, string>)[k]) continue; // only what changed
      if (k.endsWith("person_id")) body[k] = val ? Number(val) : null;
      else if (k.endsWith("_on") || k === "terms_result") body[k] = val || null;
      else body[k] = val;
    }
    void act.run(async () => { await api.patch(`/api/v1/cloud/services/${p.s.id}`, body); return t("cl.saved"); });
  };
  const f = act.fields;
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="cl-details" data-testid="cl-details-form">
      <h2 id="cl-details">{t("cl.details")}</h2>
      <ErrorSummary error={act.error} fields={f} />
      {p.s.may_appoint ? <PersonPicker label={managerLabel(p.s.approval)} name="manager_person_id" value={v.manager_person_id} onChange={set("manager_person_id")} error={f.manager_person_id} /> : null}
      <SelectField label={t("cl.ismap")} name="ismap_kind" value={v.ismap_kind} onChange={set("ismap_kind")} error={f.ismap_kind}
        options={["none", "ismap", "ismap_liu"].map((k) => ({ value: k, label: t(`cl.ismap_kind.${k}` as Key) }))} />
      <TextField label={t("cl.ismap_number")} name="ismap_number" value={v.ismap_number} onInput={set("ismap_number")} error={f.ismap_number} />
      <TextField label={t("cl.ismap_expires_on")} name="ismap_expires_on" type="date" value={v.ismap_expires_on} onInput={set("ismap_expires_on")} error={f.ismap_expires_on} />
      <TextField label={t("cl.data_location")} name="data_location" value={v.data_location} onInput={set("data_location")} error={f.data_location} size="l" />
      <SelectField label={t("cl.region")} name="region" value={v.region} onChange={set("region")} error={f.region}
        options={["domestic", "overseas", "unknown"].map((k) => ({ value: k, label: t(`cl.region.${k}` as Key) }))} />
      <TextField label={t("cl.terms_reviewed_on")} name="terms_reviewed_on" type="date" value={v.terms_reviewed_on} onInput={set("terms_reviewed_on")} error={f.terms_reviewed_on} />
      <PersonPicker label={t("cl.terms_reviewer")} name="terms_reviewer_person_id" value={v.terms_reviewer_person_id} onChange={set("terms_reviewer_person_id")} error={f.terms_reviewer_person_id} />
      <SelectField label={t("cl.terms_result")} name="terms_result" value={v.terms_result} onChange={set("terms_result")} error={f.terms_result} placeholder={t("common.select")}
        options={["acceptable", "acceptable_with_conditions", "not_acceptable"].map((k) => ({ value: k, label: t(`cl.terms_result.${k}` as Key) }))} />
      <TextAreaField label={t("cl.terms_notes")} name="terms_notes" value={v.terms_notes} onInput={set("terms_notes")} error={f.terms_notes} rows={2} />
      <TextAreaField label={t("cl.exit_plan")} name="exit_plan" value={v.exit_plan} onInput={set("exit_plan")} error={f.exit_plan} rows={2} />
      <TextField label={t("cl.exit_plan_reviewed_on")} name="exit_plan_reviewed_on" type="date" value={v.exit_plan_reviewed_on} onInput={set("exit_plan_reviewed_on")} error={f.exit_plan_reviewed_on} />
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cl.save")}</button></div>
    </form>
  );
}

function Assets(p: { s: Service; active: boolean; onDone: (m: string) => void }) {
  const [q, setQ] = useState("");
  const [asset, setAsset] = useState("");
  const found = useResource<Page<AssetItem>>(p.active && q.trim() ? `/api/v1/assets?limit=50&q=${encodeURIComponent(q.trim())}` : null);
  const act = useAction((m) => { setAsset(""); p.onDone(m); });
  const remove = useAction(p.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing({ asset_id: asset }, { asset_id: t("cl.asset") }, ["asset_id"]);
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => { await api.post(`/api/v1/cloud/services/${p.s.id}/assets`, { asset_id: Number(asset) }); return t("cl.placed"); });
  };
  const list = p.s.asset_list ?? [];
  return (
    <section class="panel" aria-labelledby="cl-assets">
      <h2 id="cl-assets">{t("cl.assets")}</h2>
      <ErrorSummary error={remove.error} />
      {list.length ? (
        <table class="table" data-testid="cl-assets">
          <thead><tr><th scope="col">{t("cl.asset")}</th><th scope="col">{t("cl.approval")}</th><th scope="col"></th></tr></thead>
          <tbody>{list.map((a) => (
            <tr key={a.asset_id} data-asset={a.asset_id}>
              <td><Link href={`/assets/${a.asset_id}`}>{a.asset_no} {a.name}</Link></td><td>{a.confidentiality ?? ""}</td>
              <td>{p.active ? <button type="button" class="btn btn-small" disabled={remove.pending}
                onClick={() => void remove.run(async () => { await api.post(`/api/v1/cloud/services/${p.s.id}/assets/${a.asset_id}/remove`, {}); return t("cl.removed"); })}>{t("cl.remove")}</button> : null}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p>{t("cl.assets_none")}</p>}
      {p.s.assets_hidden ? <p data-testid="cl-assets-hidden">{t("cl.assets_hidden", { n: p.s.assets_hidden })}</p> : null}
      {p.active ? (
        <form class="form" noValidate onSubmit={submit} data-testid="cl-place-form">
          <h3>{t("cl.place")}</h3>
          <ErrorSummary error={act.error} fields={act.fields} />
          <TextField label={t("common.search")} name="asset_q" value={q} onInput={setQ} />
          <SelectField label={t("cl.asset")} name="asset_id" value={asset} onChange={setAsset} required error={act.fields.asset_id} placeholder={t("common.select")}
            options={(found.data?.items ?? []).map((a) => ({ value: String(a.id), label: `${a.asset_no} ${a.name} (${a.confidentiality ?? "?"})` }))} />
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cl.place")}</button></div>
        </form>
      ) : null}
    </section>
  );
}

function Reviews(p: { s: Service; active: boolean; onDone: (m: string) => void }) {
  const empty = { reviewed_on: "", checked_items: "", result: "", actions: "" };
  const [v, setV] = useState({ ...empty });
  const act = useAction((m) => { setV({ ...empty }); p.onDone(m); });
  const set = (k: keyof typeof empty) => (x: string) => setV({ ...v, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { reviewed_on: t("cl.reviewed_on"), checked_items: t("cl.checked_items"), result: t("cl.result") }, ["result"]);
    if (Object.keys(miss).length) return act.fail(miss);
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ""));
    void act.run(async () => { await api.post(`/api/v1/cloud/services/${p.s.id}/reviews`, body); return t("cl.reviewed"); });
  };
  const f = act.fields;
  const reviews = p.s.reviews ?? [];
  return (
    <section class="panel" aria-labelledby="cl-reviews">
      <h2 id="cl-reviews">{t("cl.reviews")}</h2>
      {p.s.review_due_on ? <p data-testid="cl-review-due">{t("cl.review_due")}: {formatDate(p.s.review_due_on)} {p.s.review_overdue ? <Badge kind="danger">{t("cl.overdue")}</Badge> : null}</p> : null}
      {reviews.length ? (
        <table class="table" data-testid="cl-reviews">
          <thead><tr><th scope="col">{t("cl.reviewed_on")}</th><th scope="col">{t("cl.checked_items")}</th><th scope="col">{t("cl.result")}</th><th scope="col">{t("cl.reviewer")}</th></tr></thead>
          <tbody>{reviews.map((r) => (
            <tr key={r.id}><td>{formatDate(r.reviewed_on)}</td><td>{r.checked_items}</td>
              <td><Badge kind={r.result === "good" ? "ok" : "warn"}>{t(`cl.result.${r.result}` as Key)}</Badge> {r.actions}</td><td>{r.reviewer_name ?? ""}</td></tr>
          ))}</tbody>
        </table>
      ) : <p>{t("cl.reviews_none")}</p>}
      {p.active ? (
        <form class="form" noValidate onSubmit={submit} data-testid="cl-review-form">
          <h3>{t("cl.add_review")}</h3>
          <ErrorSummary error={act.error} fields={f} />
          <TextField label={t("cl.reviewed_on")} name="reviewed_on" type="date" value={v.reviewed_on} onInput={set("reviewed_on")} required error={f.reviewed_on} />
          <TextAreaField label={t("cl.checked_items")} name="checked_items" value={v.checked_items} onInput={set("checked_items")} required error={f.checked_items} hint={t("cl.checked_items_hint")} rows={2} />
          <SelectField label={t("cl.result")} name="result" value={v.result} onChange={set("result")} required error={f.result} placeholder={t("common.select")}
            options={[{ value: "good", label: t("cl.result.good") }, { value: "action_needed", label: t("cl.result.action_needed") }]} />
          {v.result === "action_needed" ? <TextAreaField label={t("cl.actions")} name="actions" value={v.actions} onInput={set("actions")} required error={f.actions} rows={2} /> : null}
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cl.add_review")}</button></div>
        </form>
      ) : null}
    </section>
  );
}

function End(p: { s: Service; active: boolean; onDone: (m: string) => void }) {
  const [v, setV] = useState({ ended_on: "", disposition: "", confirmation: "" });
  const [accounts, setAccounts] = useState(false);
  const act = useAction(p.onDone);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  if (p.s.state === "ended") {
    return (
      <section class="panel" aria-labelledby="cl-end">
        <h2 id="cl-end">{t("cl.end")}</h2>
        <dl class="facts" data-testid="cl-ending">
          <dt>{t("cl.ended_on")}</dt><dd>{formatDate(p.s.ended_on)}</dd>
          <dt>{t("cl.disposition")}</dt><dd>{p.s.end_disposition ? t(`cl.disposition.${p.s.end_disposition}` as Key) : ""}</dd>
          <dt>{t("cl.confirmation")}</dt><dd>{p.s.end_confirmation}</dd>
        </dl>
      </section>
    );
  }
  if (!p.active) return null;
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { ended_on: t("cl.ended_on"), disposition: t("cl.disposition"), confirmation: t("cl.confirmation") }, ["disposition"]);
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => { await api.post(`/api/v1/cloud/services/${p.s.id}/end`, { ...v, accounts_removed: accounts }); return t("cl.ended"); });
  };
  const f = act.fields;
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="cl-end" data-testid="cl-end-form">
      <h2 id="cl-end">{t("cl.end")}</h2>
      <ErrorSummary error={act.error} fields={f} />
      <TextField label={t("cl.ended_on")} name="ended_on" type="date" value={v.ended_on} onInput={set("ended_on")} required error={f.ended_on} />
      <SelectField label={t("cl.disposition")} name="disposition" value={v.disposition} onChange={set("disposition")} required error={f.disposition} placeholder={t("common.select")}
        options={["deleted", "returned", "returned_and_deleted"].map((d) => ({ value: d, label: t(`cl.disposition.${d}` as Key) }))} />
      <TextAreaField label={t("cl.confirmation")} name="confirmation" value={v.confirmation} onInput={set("confirmation")} required error={f.confirmation} rows={2} />
      <CheckboxField label={t("cl.accounts_removed")} name="accounts_removed" checked={accounts} onChange={setAccounts} error={f.accounts_removed} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("cl.end_submit")}</button></div>
    </form>
  );
}
