// 情報システムの詳細: basic facts (zone, 運用保守事業者, location), the requirements the policy
// attaches (met / 未達 / 未記録 with the article: 第24条, 第28条, 第31条, 第61条, 第99条, 総行サ第42号),
// components with サポート終了日 warnings (第105条(7)(8)) and add / edit / remove, the classification
// computed from the assets it processes and the restrictions that follow, and its 情報システム管理者
// (role assignments scoped to the system; assigned on the 役割 page). Also the create/edit form.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField, missing, type Option } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { LevelTriple, RegisterInput, fromFormValue, toFormValue, type FormValue } from "../components/Registers";
import { formatDate, formatDateTime } from "../format";
import { useResource } from "../hooks";
import { t } from "../i18n";
import {
  COMPONENT_KINDS, componentKindLabel, dimLabel, fieldLabel, idPath, levelLabel, locationLabel, relayKindLabel, useFields, usePolicy,
} from "../registers";
import { navigate } from "../router";
import type { Policy, RegisterField, SystemComponent, SystemDetail, SystemItem, Unit } from "../types";
import { DIMS } from "../types";
import { unitOptions } from "../units";
import { SystemCloudServices } from "./SystemCloud";
import { SystemTabs, ZoneBadge } from "./Systems";

export function SystemEditor(p: { system: SystemDetail | null; onSaved: (s: SystemItem) => void; onCancel: () => void }) {
  const fieldsRes = useFields();
  const policy = usePolicy().data;
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const unitOpts: Option[] = unitOptions(units.data?.items ?? [], (u) => u.active);
  const defs = fieldsRes.data?.systems ?? [];
  const [form, setForm] = useState<Record<string, FormValue> | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!fieldsRes.data || form) return;
    const init: Record<string, FormValue> = {};
    for (const f of defs) init[f.name] = toFormValue(f, p.system ? p.system[f.name] : null, true);
    setForm(init);
  }, [fieldsRes.data]);
  if (fieldsRes.error) return <LoadError error={fieldsRes.error} />;
  if (!form) return <Loading />;
  const original = (f: RegisterField) => toFormValue(f, p.system ? p.system[f.name] : null, true);

  async function submit(e: Event) {
    e.preventDefault();
    if (!form) return;
    const labels: Record<string, string> = {};
    for (const f of defs) if (f.required && f.type !== "bool") labels[f.name] = fieldLabel(f);
    const miss = missing(form, labels, defs.filter((f) => f.type !== "text" && f.type !== "date").map((f) => f.name));
    if (Object.keys(miss).length) { setFieldErrors(miss); setError({ clientOnly: true }); return; }
    const body: Record<string, unknown> = {};
    for (const f of defs) if (!p.system || form[f.name] !== original(f)) body[f.name] = fromFormValue(f, form[f.name], true);
    setPending(true); setError(null); setFieldErrors({});
    try {
      const saved = p.system
        ? await api.patch<SystemItem>(idPath("/api/v1/systems", p.system.id), body)
        : await api.post<SystemItem>("/api/v1/systems", body);
      p.onSaved(saved);
    } catch (err) {
      setError(err); setFieldErrors(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }
  const facts = defs.filter((f) => f.type === "bool");
  const others = defs.filter((f) => f.type !== "bool");
  const input = (f: RegisterField) => (
    <RegisterInput key={f.name} field={f} value={form[f.name]} onChange={(v) => setForm((x) => ({ ...x!, [f.name]: v }))}
      error={fieldErrors[f.name]} policy={policy} unitOptions={unitOpts} systemOptions={[]} triState />
  );
  return (
    <form class="form panel" onSubmit={submit} noValidate aria-labelledby="system-form-title">
      <h2 id="system-form-title">{p.system ? t("reg.system_edit_title", { name: p.system.name }) : t("reg.system_new_title")}</h2>
      <ErrorSummary error={error} fields={fieldErrors} />
      <div class="form-grid">{others.map(input)}</div>
      {facts.length ? (
        <fieldset class="fieldset">
          <legend>{t("reg.facts_legend")}</legend>
          <p class="field-hint">{t("reg.facts_hint")}</p>
          <div class="form-grid form-grid-3">{facts.map(input)}</div>
        </fieldset>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("common.save")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

export function SystemNewPage() {
  return (
    <>
      <PageHeading sub={t("reg.system_new_intro")}>{t("reg.system_new_title")}</PageHeading>
      <SystemTabs current="new" />
      <SystemEditor system={null} onCancel={() => navigate("/systems")} onSaved={(s) => navigate(`${idPath("/systems", s.id)}?created=1`)} />
    </>
  );
}

type ComponentForm = Record<"kind" | "name" | "product" | "version" | "vendor" | "support_end" | "quantity" | "registration" | "notes", string>;
function toComponentForm(c: SystemComponent | null): ComponentForm {
  return {
    kind: c?.kind ?? "", name: c?.name ?? "", product: c?.product ?? "", version: c?.version ?? "", vendor: c?.vendor ?? "",
    support_end: c?.support_end?.slice(0, 10) ?? "", quantity: String(c?.quantity ?? 1), registration: c?.registration ?? "", notes: c?.notes ?? "",
  };
}

function ComponentEditor(p: { systemId: string; component: SystemComponent | null; onDone: (msg: string) => void; onCancel: () => void }) {
  const [form, setForm] = useState<ComponentForm>(() => toComponentForm(p.component));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = (k: keyof ComponentForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form, { kind: t("reg.comp.kind"), name: t("reg.comp.name") }, ["kind"]);
    if (form.quantity.trim() && !/^\d+$/.test(form.quantity.trim())) miss.quantity = t("reg.comp.quantity_bad");
    if (Object.keys(miss).length) { setFields(miss); setError({ clientOnly: true }); return; }
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) body[k] = k === "quantity" ? Number(v.trim() || "1") : k === "support_end" ? v || null : v.trim();
    setPending(true); setError(null); setFields({});
    try {
      const base = `${idPath("/api/v1/systems", p.systemId)}/components`;
      if (p.component) await api.patch(`${base}/${encodeURIComponent(p.component.id)}`, body);
      else await api.post(base, body);
      p.onDone(p.component ? t("reg.comp.updated", { name: form.name }) : t("reg.comp.added", { name: form.name }));
    } catch (err) {
      setError(err); setFields(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }
  return (
    <form class="form subform" onSubmit={submit} noValidate aria-label={p.component ? t("reg.comp.edit_title", { name: p.component.name }) : t("reg.comp.add")}>
      <ErrorSummary error={error} fields={fields} />
      <div class="field-row">
        <SelectField label={t("reg.comp.kind")} name="kind" value={form.kind} onChange={set("kind")} required size="s" error={fields.kind}
          options={COMPONENT_KINDS.map((k) => ({ value: k, label: componentKindLabel(k) }))} placeholder="—" />
        <TextField label={t("reg.comp.name")} name="name" value={form.name} onInput={set("name")} required error={fields.name} />
        <TextField label={t("reg.comp.quantity")} name="quantity" value={form.quantity} onInput={set("quantity")} size="s" inputMode="numeric" error={fields.quantity} />
      </div>
      <div class="field-row">
        <TextField label={t("reg.comp.product")} name="product" value={form.product} onInput={set("product")} error={fields.product} />
        <TextField label={t("reg.comp.version")} name="version" value={form.version} onInput={set("version")} size="s" error={fields.version} />
        <TextField label={t("reg.comp.vendor")} name="vendor" value={form.vendor} onInput={set("vendor")} error={fields.vendor} />
      </div>
      <div class="field-row">
        <TextField label={t("reg.comp.support_end")} name="support_end" type="date" value={form.support_end} onInput={set("support_end")} size="s" error={fields.support_end} hint={t("reg.comp.support_end_hint")} />
        <TextField label={t("reg.comp.registration")} name="registration" value={form.registration} onInput={set("registration")} error={fields.registration} hint={t("reg.comp.registration_hint")} />
      </div>
      <TextAreaField label={t("reg.notes")} name="notes" value={form.notes} onInput={set("notes")} rows={2} error={fields.notes} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("common.save")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

function SupportBadge(p: { state: string }) {
  if (p.state === "ended") return <Badge kind="danger">{t("reg.support.ended")}</Badge>;
  if (p.state === "soon") return <Badge kind="warn">{t("reg.support.soon")}</Badge>;
  if (p.state === "unknown") return <Badge>{t("reg.support.unknown")}</Badge>;
  return <Badge kind="ok">{t("reg.support.ok")}</Badge>;
}

function Components(p: { system: SystemDetail; onChanged: (msg: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null); // component id, "new" or null
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const comps = p.system.components ?? [];
  async function remove(c: SystemComponent) {
    setPending(true); setError(null);
    try {
      await api.post(`${idPath("/api/v1/systems", p.system.id)}/components/${encodeURIComponent(c.id)}/remove`, {});
      setRemoving(null); p.onChanged(t("reg.comp.removed", { name: c.name }));
    } catch (err) { setError(err); } finally { setPending(false); }
  }
  const done = (m: string) => { setEditing(null); p.onChanged(m); };
  return (
    <section class="panel" aria-labelledby="components-title">
      <h2 id="components-title">{t("reg.components")} <ArticleRef article="第105条" /></h2>
      <ErrorSummary error={error} />
      {comps.length ? (
        <div class="table-wrap">
          <table class="table components">
            <caption class="visually-hidden">{t("reg.components")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reg.comp.kind")}</th><th scope="col">{t("reg.comp.name")}</th><th scope="col">{t("reg.comp.product_version")}</th>
                <th scope="col">{t("reg.comp.vendor")}</th><th scope="col" class="num">{t("reg.comp.quantity")}</th><th scope="col">{t("reg.comp.support_end")}</th>
                <th scope="col">{t("reg.comp.registration")}</th>{p.system.can_edit ? <th scope="col"><span class="visually-hidden">{t("reg.actions")}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {comps.map((c) => (
                <Fragment key={c.id}>
                  <tr class={c.support_state === "ended" ? "row-danger" : c.support_state === "soon" ? "row-warn" : undefined}>
                    <td class="nowrap">{componentKindLabel(c.kind)}</td>
                    <td>{c.name}{c.notes ? <div class="sub">{c.notes}</div> : null}</td>
                    <td>{c.product}{c.version ? <span class="mono"> {c.version}</span> : null}</td>
                    <td>{c.vendor || "—"}</td>
                    <td class="num">{c.quantity}</td>
                    <td class="nowrap">{c.support_end ? formatDate(c.support_end) : "—"} <SupportBadge state={c.support_state} /></td>
                    <td>{c.registration || "—"}</td>
                    {p.system.can_edit ? (
                      <td class="nowrap">
                        <button type="button" class="btn btn-small" aria-label={`${t("common.edit")}: ${c.name}`} onClick={() => { setEditing(c.id); setRemoving(null); }}>{t("common.edit")}</button>{" "}
                        <button type="button" class="btn btn-small" aria-label={`${t("reg.remove")}: ${c.name}`} onClick={() => { setRemoving(c.id); setEditing(null); }}>{t("reg.remove")}</button>
                      </td>
                    ) : null}
                  </tr>
                  {editing === c.id ? <tr class="form-row"><td colSpan={8}><ComponentEditor systemId={p.system.id} component={c} onDone={done} onCancel={() => setEditing(null)} /></td></tr> : null}
                  {removing === c.id ? (
                    <tr class="form-row"><td colSpan={8}>
                      <div class="confirm" role="group" aria-label={`${t("reg.remove")}: ${c.name}`}>
                        <p>{t("reg.comp.remove_confirm", { name: c.name })}</p>
                        <button type="button" class="btn btn-danger" disabled={pending} onClick={() => remove(c)}>{t("reg.remove_do")}</button>
                        <button type="button" class="btn" onClick={() => setRemoving(null)}>{t("common.cancel")}</button>
                      </div>
                    </td></tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="sub">{t("reg.components_none")}</p>}
      {p.system.can_edit ? (editing === "new"
        ? <ComponentEditor systemId={p.system.id} component={null} onDone={done} onCancel={() => setEditing(null)} />
        : <p class="top-gap"><button type="button" class="btn" onClick={() => setEditing("new")}>{t("reg.comp.add")}</button></p>) : null}
    </section>
  );
}

function reqBadge(state: string, applies: boolean) {
  if (!applies) return <Badge>{t("reg.req.not_applicable")}</Badge>;
  if (state === "met") return <Badge kind="ok">{t("reg.req.met")}</Badge>;
  if (state === "not_met") return <Badge kind="danger">{t("reg.req.not_met")}</Badge>;
  return <Badge kind="warn">{t("reg.req.not_recorded")}</Badge>;
}

function ClassificationPanel(p: { system: SystemDetail; policy: Policy | null }) {
  const c = p.system.classification;
  const restrictions = p.system.restrictions ?? [];
  return (
    <section class="panel" aria-labelledby="sys-class-title">
      <h2 id="sys-class-title">{t("reg.classification")} <ArticleRef article="第22条" /></h2>
      <p class="sub">{t("reg.system_class_explain")}</p>
      {c ? (
        <dl class="facts facts-grid">
          {DIMS.map((d) => <Fragment key={d}><dt>{dimLabel(d)}</dt><dd>{levelLabel(p.policy, d, c[d])}</dd></Fragment>)}
        </dl>
      ) : <p>{t("reg.no_assets_yet_long")}</p>}
      {restrictions.length ? (
        <>
          <h3 class="subhead">{t("reg.restrictions")}</h3>
          <ul class="restriction-list">
            {restrictions.map((r) => <li key={r.id} class="restriction"><strong>{r.label}</strong> <ArticleRef article={r.article} /></li>)}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function SystemPage(p: { id: string }) {
  const policy = usePolicy().data;
  const res = useResource<SystemDetail>(idPath("/api/v1/systems", p.id));
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const s = res.data;
  useEffect(() => {
    if (s && new URLSearchParams(window.location.search).get("created")) {
      setNotice(t("reg.system_created", { name: s.name }));
      history.replaceState(null, "", window.location.pathname);
    }
    setEditing(false);
  }, [s?.id]);
  const changed = (m: string) => { setNotice(m); res.reload(); };
  if (res.error && !s) return <><PageHeading>{t("reg.systems_title")}</PageHeading><LoadError error={res.error} retry={res.reload} /></>;
  if (!s) return <Loading />;
  const reqs = s.requirements ?? [];
  const notMet = reqs.filter((r) => r.applies && r.state === "not_met").length;
  const notRecorded = reqs.filter((r) => r.applies && r.state === "not_recorded").length;
  const ended = (s.components ?? []).filter((c) => c.support_state === "ended");
  const soon = (s.components ?? []).filter((c) => c.support_state === "soon");
  const rolesHref = `/roles?role=system_manager&scope_kind=system&scope_id=${encodeURIComponent(s.id)}`;
  return (
    <>
      <PageHeading sub={<><span class="mono">{s.code}</span>　<ZoneBadge zone={s.zone} />　{s.owner_unit_name}</>}>{s.name}</PageHeading>
      <p><Link href="/systems">{t("reg.back_to_systems")}</Link></p>
      {notice ? <Notice kind="success" onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {res.error ? <p class="field-error">{errorMessage(res.error)}</p> : null}
      {ended.length || notMet ? (
        <div class="notice notice-danger" role="note">
          <div class="notice-body">
            {ended.length ? <p><strong>{t("reg.warn_ended", { n: ended.length, names: ended.map((c) => c.name).join("、") })}</strong> <ArticleRef article="第105条" /></p> : null}
            {notMet ? <p><strong>{t("reg.warn_not_met", { n: notMet })}</strong></p> : null}
          </div>
        </div>
      ) : null}
      {soon.length || notRecorded ? (
        <div class="notice notice-warning" role="note">
          <div class="notice-body">
            {soon.length ? <p>{t("reg.warn_soon", { n: soon.length, names: soon.map((c) => c.name).join("、") })}</p> : null}
            {notRecorded ? <p>{t("reg.warn_not_recorded", { n: notRecorded })}</p> : null}
          </div>
        </div>
      ) : null}
      {s.can_edit && !editing ? <p class="page-actions"><button type="button" class="btn" onClick={() => setEditing(true)}>{t("common.edit")}</button></p> : null}
      {!s.can_edit ? <p class="sub">{t("reg.system_read_only")}</p> : null}
      {editing ? <SystemEditor system={s} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); changed(t("reg.updated", { name: s.name })); }} /> : null}
      <div class="detail-grid">
        <section class="panel" aria-labelledby="sys-facts-title">
          <h2 id="sys-facts-title">{t("reg.basic")}</h2>
          <dl class="facts facts-grid">
            <dt>{t("reg.code")}</dt><dd class="mono">{s.code}</dd>
            <dt>{t("reg.purpose")}</dt><dd class="prewrap">{s.purpose || "—"}</dd>
            <dt>{t("reg.zone")}</dt><dd><ZoneBadge zone={s.zone} /></dd>
            <dt>{t("reg.owner_unit")}</dt><dd>{s.owner_unit_name}</dd>
            <dt>{t("reg.vendor")}</dt><dd>{s.vendor || "—"}</dd>
            <dt>{t("reg.location")}</dt><dd>{locationLabel(s.location)}{s.region ? `（${s.region}）` : ""}</dd>
            {s.relay_kind ? <><dt>{t("reg.relay_kind")}</dt><dd>{relayKindLabel(String(s.relay_kind))}</dd></> : null}
            <dt>{t("reg.product_registration")}</dt><dd>{s.product_registration || t("reg.not_recorded")}</dd>
            <dt>{t("reg.notes")}</dt><dd class="prewrap">{s.notes || "—"}</dd>
            <dt>{t("reg.updated_at")}</dt><dd>{formatDateTime(s.updated_at)}</dd>
          </dl>
        </section>
        <div class="stack">
          <ClassificationPanel system={s} policy={policy} />
          <section class="panel" aria-labelledby="managers-title">
            <h2 id="managers-title">{t("reg.managers")}</h2>
            {s.managers?.length ? (
              <ul class="plain-list">
                {s.managers.map((m) => <li key={m.assignment_id}><strong>{m.name}</strong>（{m.label}）</li>)}
              </ul>
            ) : <p class="sub">{t("reg.managers_none")}</p>}
            <p><Link href={rolesHref}>{t("reg.managers_assign")}</Link></p>
          </section>
        </div>
      </div>
      <section class="panel" aria-labelledby="reqs-title">
        <h2 id="reqs-title">{t("reg.requirements")}</h2>
        <p class="sub">{t("reg.requirements_intro")}</p>
        {reqs.length ? (
          <table class="table requirements">
            <caption class="visually-hidden">{t("reg.requirements")}</caption>
            <thead><tr><th scope="col">{t("reg.requirement")}</th><th scope="col">{t("reg.req_state")}</th><th scope="col">{t("common.article")}</th></tr></thead>
            <tbody>
              {reqs.map((r) => (
                <tr key={r.id} class={!r.applies ? "muted" : r.state === "not_met" ? "row-danger" : r.state === "not_recorded" ? "row-warn" : undefined}>
                  <th scope="row">{r.label}</th><td>{reqBadge(r.state, r.applies)}</td><td><ArticleRef article={r.article} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p class="sub">{t("reg.requirements_none")}</p>}
      </section>
      <Components system={s} onChanged={changed} />
      <SystemCloudServices services={s.cloud_services} />
      <section class="panel" aria-labelledby="sys-assets-title">
        <h2 id="sys-assets-title">{t("reg.system_assets")}</h2>
        {s.assets?.length ? (
          <ul class="asset-links">
            {s.assets.map((a) => <li key={a.id}><span class="mono">{a.asset_no}</span> <Link href={idPath("/assets", a.id)}>{a.name}</Link> <LevelTriple policy={policy} value={a} /></li>)}
          </ul>
        ) : <p class="sub">{t("reg.system_assets_none")}</p>}
        <p><Link href={`/assets?system_id=${encodeURIComponent(s.id)}`}>{t("reg.system_assets_all")}</Link></p>
      </section>
    </>
  );
}
