// 情報資産の詳細: the label text (分類表示, 第23条4) with ラベルを印刷, the classification per dimension
// with its reason (第22条) and the effective levels (media: highest of contents 第23条7(3); 要判断:
// strictest 第23条6(3)), 取扱制限 (derived ones cannot be removed; managers may add), basic facts,
// lifecycle records (第23条12(2)) with 許可待ち, copies (第23条3), contents / source, and the history
// from the trail. Also the create/edit form built from the server's field list.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, errorMessage, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextAreaField, TextField, missing, type Option } from "../components/Fields";
import { assetFields } from "../entities.gen";
import { Link } from "../components/Link";
import { PersonPicker } from "../components/PersonPicker";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import {
  ApprovalBadge, LevelTriple, RegisterInput, fromFormValue, toFormValue, type FormValue,
} from "../components/Registers";
import { useCite } from "../components/Citations";
import { formatDate, formatDateTime, todayJst } from "../format";
import { useAction, useResource } from "../hooks";
import { t } from "../i18n";
import {
  EVENT_KINDS, assetKindLabel, dimLabel, eventKindLabel, fieldLabel, formatLabel, idPath, levelLabel, levelRank,
  scaleArticle, useFields, usePolicy,
} from "../registers";
import { navigate } from "../router";
import { useSession } from "../session";
import type { AssetDetail, AssetItem, Dim, Page, Policy, RegisterField, SystemItem, Unit } from "../types";
import { DIMS } from "../types";
import { unitOptions } from "../units";
import { AssetTabs, DecideForm } from "./Assets";
import { ActorName, Diff, actionName, labelsOf } from "./Trail";

const HANDLED = new Set(["classification_reason", "classification_status"]);

function useOptions() {
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const systems = useResource<Page<SystemItem>>("/api/v1/systems?limit=200");
  const unitOpts: Option[] = unitOptions(units.data?.items ?? [], (u) => u.active);
  const systemOpts: Option[] = (systems.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${s.code} ${s.name}` }));
  return { unitOpts, systemOpts };
}

/** 情報資産の登録・編集. Only changed fields are sent on edit; a classification change needs the
 *  reason, and lowering one is explained (only the section's 情報セキュリティ管理者 may). */
export function AssetEditor(p: { asset: AssetDetail | null; onSaved: (a: AssetItem) => void; onCancel: () => void }) {
  const fieldsRes = useFields();
  const policy = usePolicy().data;
  const { unitOpts, systemOpts } = useOptions();
  const defs = (fieldsRes.data?.assets ?? []).filter((f) => !HANDLED.has(f.name));
  const [form, setForm] = useState<Record<string, FormValue> | null>(null);
  const [reason, setReason] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!fieldsRes.data || form) return;
    const init: Record<string, FormValue> = {};
    for (const f of defs) init[f.name] = toFormValue(f, p.asset ? p.asset[f.name] : null, false);
    setForm(init);
  }, [fieldsRes.data]);

  if (fieldsRes.error) return <LoadError error={fieldsRes.error} />;
  if (!form) return <Loading />;

  const original = (f: RegisterField) => toFormValue(f, p.asset ? p.asset[f.name] : null, false);
  const levelDefs = defs.filter((f) => f.type === "level");
  const otherDefs = defs.filter((f) => f.type !== "level");
  const changedLevels = p.asset ? levelDefs.filter((f) => form[f.name] !== original(f)) : levelDefs.filter((f) => form[f.name] !== "");
  const lowered = p.asset ? levelDefs.filter((f) => {
    const before = levelRank(policy, f.name as Dim, String(original(f) || ""));
    const after = levelRank(policy, f.name as Dim, String(form[f.name] || ""));
    return before !== null && after !== null && after < before;
  }) : [];
  const needReason = p.asset !== null && changedLevels.length > 0;

  async function submit(e: Event) {
    e.preventDefault();
    if (!form) return;
    const labels: Record<string, string> = {};
    for (const f of defs) if (f.required && f.type !== "bool") labels[f.name] = fieldLabel(f);
    const values: Record<string, unknown> = { ...form };
    if (needReason) { labels.classification_reason = t("reg.classification_reason"); values.classification_reason = reason; }
    const miss = missing(values, labels, defs.filter((f) => f.type !== "text" && f.type !== "date").map((f) => f.name));
    if (Object.keys(miss).length) { setFieldErrors(miss); setError({ clientOnly: true }); return; }
    const body: Record<string, unknown> = {};
    for (const f of defs) if (!p.asset || form[f.name] !== original(f)) body[f.name] = fromFormValue(f, form[f.name], false);
    if (reason.trim() && (needReason || !p.asset)) body.classification_reason = reason.trim();
    setPending(true); setError(null); setFieldErrors({});
    try {
      const saved = p.asset
        ? await api.patch<AssetItem>(idPath("/api/v1/assets", p.asset.id), body)
        : await api.post<AssetItem>("/api/v1/assets", body);
      p.onSaved(saved);
    } catch (err) {
      setError(err); setFieldErrors(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }

  const input = (f: RegisterField) => (
    <RegisterInput key={f.name} field={f} value={form[f.name]} onChange={(v) => setForm((x) => ({ ...x!, [f.name]: v }))}
      error={fieldErrors[f.name]} policy={policy} unitOptions={unitOpts} systemOptions={systemOpts}
      hint={f.type === "level" ? t("reg.level_hint") : undefined} />
  );
  return (
    <form class="form panel" onSubmit={submit} noValidate aria-labelledby="asset-form-title">
      <h2 id="asset-form-title">{p.asset ? t("reg.asset_edit_title", { name: p.asset.name }) : t("reg.asset_new_title")}</h2>
      <ErrorSummary error={error} fields={fieldErrors} />
      <div class="form-grid">{otherDefs.map(input)}</div>
      <fieldset class="fieldset">
        <legend>{t("reg.classification")} <ArticleRef article="第22条" /></legend>
        <div class="field-row">{levelDefs.map(input)}</div>
        {lowered.length ? (
          <div class={`notice ${p.asset?.can_lower ? "notice-warning" : "notice-danger"}`} role="note">
            <div class="notice-body">
              <p><strong>{t("reg.lowering", { dims: lowered.map((f) => fieldLabel(f)).join("・") })}</strong></p>
              <p>{t("reg.lowering_rule")}</p>
              {!p.asset?.can_lower ? <p>{t("reg.lowering_not_allowed")}</p> : null}
            </div>
          </div>
        ) : null}
        {needReason || !p.asset ? (
          <TextAreaField label={t("reg.classification_reason")} name="classification_reason" value={reason} onInput={setReason}
            required={needReason} rows={2} error={fieldErrors.classification_reason} hint={needReason ? t("reg.reason_change_hint") : t("reg.reason_hint")} />
        ) : null}
        {!p.asset ? <p class="field-hint">{t("reg.unknown_goes_pending")}</p> : null}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("common.save")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

export function AssetNewPage() {
  return (
    <>
      <PageHeading sub={t("reg.asset_new_intro")}>{t("reg.asset_new_title")}</PageHeading>
      <AssetTabs current="new" />
      <AssetEditor asset={null} onCancel={() => navigate("/assets")} onSaved={(a) => navigate(`${idPath("/assets", a.id)}?created=1`)} />
    </>
  );
}

/** A small action form wrapper: pending / error state and a submit that reports a message. */
function Restrictions(p: { asset: AssetDetail; policy: Policy | null; onChanged: (msg: string) => void }) {
  const cite = useCite();
  const [adding, setAdding] = useState(false);
  const [rid, setRid] = useState("");
  const [reason, setReason] = useState("");
  const [removing, setRemoving] = useState<string | null>(null);
  const act = useAction((m) => { setAdding(false); setRid(""); setReason(""); setRemoving(null); p.onChanged(m); });
  const base = idPath("/api/v1/assets", p.asset.id);
  const present = new Set(p.asset.restrictions.map((r) => r.id));
  const addable = (p.policy?.restrictions ?? []).filter((r) => !present.has(r.id));
  const derived = p.asset.restrictions.filter((r) => r.origin === "derived");
  const added = p.asset.restrictions.filter((r) => r.origin !== "derived");

  function add(e: Event) {
    e.preventDefault();
    const miss = missing({ restriction_id: rid, reason }, { restriction_id: t("reg.restriction"), reason: t("reg.restriction_reason") }, ["restriction_id"]);
    if (Object.keys(miss).length) return act.fail(miss);
    const label = addable.find((r) => r.id === rid)?.label ?? rid;
    void act.run(async () => { await api.post(`${base}/restrictions`, { restriction_id: rid, reason: reason.trim() }); return t("reg.restriction_added", { label }); });
  }
  function remove(id: string, label: string) {
    void act.run(async () => { await api.post(`${base}/restrictions/${encodeURIComponent(id)}/remove`, {}); return t("reg.restriction_removed", { label }); });
  }

  return (
    <section class="panel" aria-labelledby="restrictions-title">
      <h2 id="restrictions-title">{t("reg.restrictions")} <ArticleRef article="第22条" /></h2>
      {act.error && !adding ? <ErrorSummary error={act.error} fields={act.fields} /> : null}
      {!p.asset.restrictions.length ? <p class="sub">{t("reg.restrictions_none")}</p> : null}
      {derived.length ? (
        <>
          <h3 class="subhead">{t("reg.restrictions_derived")}</h3>
          <p class="sub">{t("reg.restrictions_derived_why")}</p>
          <ul class="restriction-list">
            {derived.map((r) => (
              <li key={r.id} class="restriction">
                <div class="restriction-head"><strong>{r.label}</strong> <ArticleRef article={r.article} /> <Badge kind="info">{t("reg.origin.derived")}</Badge></div>
                {r.description && r.description !== r.label ? <div class="sub">{r.description}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {added.length ? (
        <>
          <h3 class="subhead">{t("reg.restrictions_added")}</h3>
          <ul class="restriction-list">
            {added.map((r) => (
              <li key={r.id} class="restriction">
                <div class="restriction-head">
                  <strong>{r.label}</strong> <ArticleRef article={r.article} /> <Badge>{t("reg.origin.added")}</Badge>
                  {p.asset.can_edit && removing !== r.id ? (
                    <button type="button" class="btn btn-small push-right" onClick={() => setRemoving(r.id)} aria-label={`${t("reg.remove")}: ${r.label}`}>{t("reg.remove")}</button>
                  ) : null}
                </div>
                {r.reason ? <div class="sub">{t("reg.reason_is", { reason: r.reason })}</div> : null}
                {removing === r.id ? (
                  <div class="confirm" role="group" aria-label={`${t("reg.remove")}: ${r.label}`}>
                    <p>{t("reg.remove_confirm", { label: r.label })}</p>
                    <button type="button" class="btn btn-danger" disabled={act.pending} onClick={() => remove(r.id, r.label)}>{t("reg.remove_do")}</button>
                    <button type="button" class="btn" onClick={() => setRemoving(null)}>{t("common.cancel")}</button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.asset.can_edit ? (adding ? (
        <form class="form subform" onSubmit={add} noValidate aria-label={t("reg.restriction_add")}>
          <ErrorSummary error={act.error} fields={act.fields} />
          <SelectField label={t("reg.restriction")} name="restriction_id" value={rid} onChange={setRid} required size="l" error={act.fields.restriction_id}
            options={addable.map((r) => ({ value: r.id, label: `${r.label}（${cite(r.article)}）` }))} placeholder="—" />
          <TextAreaField label={t("reg.restriction_reason")} name="reason" value={reason} onInput={setReason} required rows={2} error={act.fields.reason} />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={act.pending}>{t("reg.restriction_add_do")}</button>
            <button type="button" class="btn" onClick={() => setAdding(false)}>{t("common.cancel")}</button>
          </div>
        </form>
      ) : <p><button type="button" class="btn" onClick={() => setAdding(true)}>{t("reg.restriction_add")}</button></p>) : null}
    </section>
  );
}

function ClassificationPanel(p: { asset: AssetDetail; policy: Policy | null; onChanged: (msg: string) => void }) {
  const a = p.asset;
  const [deciding, setDeciding] = useState(false);
  const differs = DIMS.some((d) => (a.effective?.[d] ?? null) !== (a[d] ?? null));
  return (
    <section class="panel" aria-labelledby="class-title">
      <h2 id="class-title">{t("reg.classification")} <ArticleRef article="第22条" /></h2>
      <p>
        {a.classification_status === "pending"
          ? <><Badge kind="warn">{t("reg.pending")}</Badge> <span class="sub">{t("reg.pending_explain")}</span> <ArticleRef article="第23条6(3)" /></>
          : <Badge kind="ok">{t("reg.decided")}</Badge>}
      </p>
      <table class="table class-table">
        <thead><tr><th scope="col">{t("reg.dimension")}</th><th scope="col">{t("reg.recorded")}</th>{differs ? <th scope="col">{t("reg.effective")}</th> : null}<th scope="col">{t("common.article")}</th></tr></thead>
        <tbody>
          {DIMS.map((d) => (
            <tr key={d}>
              <th scope="row">{dimLabel(d)}</th>
              <td>{a[d] ? levelLabel(p.policy, d, a[d]) : <Badge kind="warn">{t("reg.pending")}</Badge>}</td>
              {differs ? <td>{levelLabel(p.policy, d, a.effective?.[d])}</td> : null}
              <td><ArticleRef article={scaleArticle(p.policy, d)} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {differs ? <p class="sub">{a.kind === "medium" ? t("reg.effective_medium") : t("reg.effective_pending")} <ArticleRef article={a.kind === "medium" ? "第23条7(3)" : "第23条6(3)"} /></p> : null}
      <dl class="facts">
        <dt>{t("reg.classification_reason")}</dt>
        <dd class="prewrap">{a.classification_reason || t("reg.no_reason")}</dd>
      </dl>
      {a.classification_status === "pending" && a.can_edit ? (deciding
        ? <DecideForm asset={a} policy={p.policy} onCancel={() => setDeciding(false)} onDone={(m) => { setDeciding(false); p.onChanged(m); }} />
        : <p><button type="button" class="btn btn-primary" onClick={() => setDeciding(true)}>{t("reg.decide")}</button></p>) : null}
    </section>
  );
}

function EventForm(p: { asset: AssetDetail; policy: Policy | null; onDone: (msg: string) => void; onCancel: () => void }) {
  const session = useSession();
  const me = session.person;
  const [form, setForm] = useState({ kind: "", occurred_at: todayJst(), person_id: me?.id ?? "", details: "", encrypted: false });
  const act = useAction(p.onDone);
  const set = <K extends keyof typeof form>(k: K) => (v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  // 運搬・提供 of 機密性2以上 and every 廃棄 need the manager's permission (要判断 counts as strictest).
  const conf = p.asset.effective?.confidentiality ?? p.asset.confidentiality;
  const rank = levelRank(p.policy, "confidentiality", conf);
  const two = levelRank(p.policy, "confidentiality", "2") ?? 2;
  const needsPermission = form.kind === "dispose" || ((form.kind === "transport" || form.kind === "provide") && (conf === null || rank === null || rank >= two));
  const crypto = form.kind === "transmit" || form.kind === "transport" || form.kind === "provide";

  function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form, { kind: t("reg.event_kind"), occurred_at: t("reg.event_at"), person_id: t("reg.event_person"), details: t("reg.event_details") }, ["kind", "person_id"]);
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => {
      const r = await api.post<{ approval_status?: string }>(`${idPath("/api/v1/assets", p.asset.id)}/events`, {
        kind: form.kind, occurred_at: form.occurred_at, person_id: form.person_id, details: form.details.trim(), encrypted: crypto ? form.encrypted : null,
      });
      return r?.approval_status === "pending" ? t("reg.event_added_pending", { kind: eventKindLabel(form.kind) }) : t("reg.event_added", { kind: eventKindLabel(form.kind) });
    });
  }
  return (
    <form class="form subform" onSubmit={submit} noValidate aria-label={t("reg.event_add")}>
      <ErrorSummary error={act.error} fields={act.fields} />
      <div class="field-row">
        <SelectField label={t("reg.event_kind")} name="kind" value={form.kind} onChange={set("kind")} required error={act.fields.kind}
          options={EVENT_KINDS.map((k) => ({ value: k, label: eventKindLabel(k) }))} placeholder="—" size="s" />
        <TextField label={t("reg.event_at")} name="occurred_at" type="date" value={form.occurred_at} onInput={set("occurred_at")} required size="s" error={act.fields.occurred_at} />
      </div>
      <PersonPicker label={t("reg.event_person")} name="person_id" value={form.person_id} onChange={set("person_id")} required error={act.fields.person_id} />
      <TextAreaField label={t("reg.event_details")} name="details" value={form.details} onInput={set("details")} required rows={2} error={act.fields.details} hint={t("reg.event_details_hint")} />
      {crypto ? <CheckboxField label={t("reg.encrypted")} name="encrypted" checked={form.encrypted} onChange={set("encrypted")} hint={t("reg.encrypted_hint")} /> : null}
      {needsPermission ? <p class="field-hint">{t("reg.event_permission_hint")}</p> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={act.pending}>{t("reg.event_add_do")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

function Events(p: { asset: AssetDetail; policy: Policy | null; onChanged: (msg: string) => void }) {
  const [adding, setAdding] = useState(false);
  const events = p.asset.events ?? [];
  const waiting = events.some((e) => e.approval_status === "pending");
  return (
    <section class="panel" aria-labelledby="events-title">
      <h2 id="events-title">{t("reg.events")} <ArticleRef article="第23条12(2)" /></h2>
      {waiting ? <p class="notice notice-warning" role="note">{t("reg.approval_not_built")}</p> : null}
      {events.length ? (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{t("reg.events")}</caption>
            <thead><tr><th scope="col">{t("reg.event_at")}</th><th scope="col">{t("reg.event_kind")}</th><th scope="col">{t("reg.event_person")}</th><th scope="col">{t("reg.event_details")}</th><th scope="col">{t("reg.approval")}</th></tr></thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td class="nowrap">{formatDate(e.occurred_at)}</td>
                  <td class="nowrap">{eventKindLabel(e.kind)}</td>
                  <td>{e.person_name ?? ""}</td>
                  <td class="prewrap">{e.details}{e.encrypted === true ? <> <Badge kind="ok">{t("reg.encrypted_short")}</Badge></> : e.encrypted === false ? <> <Badge kind="warn">{t("reg.not_encrypted_short")}</Badge></> : null}</td>
                  <td>
                    <ApprovalBadge status={e.approval_status} />
                    {e.approval_status === "pending" ? <div class="sub">{t("reg.approval_later")}</div> : null}
                    {e.approval_ref ? <div class="sub mono">{e.approval_ref}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="sub">{t("reg.events_none")}</p>}
      {p.asset.can_edit ? (adding
        ? <EventForm asset={p.asset} policy={p.policy} onCancel={() => setAdding(false)} onDone={(m) => { setAdding(false); p.onChanged(m); }} />
        : <p class="top-gap"><button type="button" class="btn" onClick={() => setAdding(true)}>{t("reg.event_add")}</button></p>) : null}
    </section>
  );
}

function CopyForm(p: { asset: AssetDetail; onCancel: () => void }) {
  const [form, setForm] = useState({ name: `${p.asset.name}（${t("reg.copy_suffix")}）`, storage_place: "", medium: "", holder: "", transmitted: false, derived: false });
  const act = useAction(() => {});
  const set = <K extends keyof typeof form>(k: K) => (v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form, { name: t("reg.name") });
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => {
      const body = { ...form, name: form.name.trim(), storage_place: form.storage_place.trim() || null, medium: form.medium.trim() || null, holder: form.holder.trim() || null };
      const created = await api.post<AssetItem>(`${idPath("/api/v1/assets", p.asset.id)}/copy`, body);
      navigate(`${idPath("/assets", created.id)}?copied=1`);
      return "";
    });
  }
  return (
    <form class="form subform" onSubmit={submit} noValidate aria-label={t("reg.copy_title")}>
      <p class="sub">{t("reg.copy_intro")} <ArticleRef article="第23条3" /></p>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("reg.name")} name="name" value={form.name} onInput={set("name")} required size="l" error={act.fields.name} maxLength={assetFields.name.max_chars} />
      <div class="field-row">
        <TextField label={t("reg.storage_place")} name="storage_place" value={form.storage_place} onInput={set("storage_place")} error={act.fields.storage_place} maxLength={assetFields.storage_place.max_chars} />
        <TextField label={t("reg.medium")} name="medium" value={form.medium} onInput={set("medium")} error={act.fields.medium} maxLength={assetFields.medium.max_chars} />
        <TextField label={t("reg.holder")} name="holder" value={form.holder} onInput={set("holder")} error={act.fields.holder} size="s" maxLength={assetFields.holder.max_chars} />
      </div>
      <CheckboxField label={t("reg.copy_transmitted")} name="transmitted" checked={form.transmitted} onChange={set("transmitted")} />
      <CheckboxField label={t("reg.copy_derived")} name="derived" checked={form.derived} onChange={set("derived")} hint={t("reg.copy_derived_hint")} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={act.pending}>{t("reg.copy_do")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

function AssetLinkList(p: { items: { id: string; asset_no: string; name: string; confidentiality?: string | null; integrity?: string | null; availability?: string | null }[]; policy: Policy | null; extra?: (id: string, name: string) => preact.ComponentChildren }) {
  return (
    <ul class="asset-links">
      {p.items.map((x) => (
        <li key={x.id}>
          <span class="mono">{x.asset_no}</span> <Link href={idPath("/assets", x.id)}>{x.name}</Link>
          {"confidentiality" in x ? <> <LevelTriple policy={p.policy} value={x} /></> : null}
          {p.extra ? p.extra(x.id, x.name) : null}
        </li>
      ))}
    </ul>
  );
}

function Contents(p: { asset: AssetDetail; policy: Policy | null; onChanged: (msg: string) => void }) {
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [pick, setPick] = useState("");
  const found = useResource<Page<AssetItem>>(query ? withQuery("/api/v1/assets", { q: query, limit: 20 }) : null);
  const act = useAction((m) => { setPick(""); p.onChanged(m); });
  const base = `${idPath("/api/v1/assets", p.asset.id)}/contents`;
  const options = (found.data?.items ?? []).filter((x) => x.id !== p.asset.id).map((x) => ({ value: x.id, label: `${x.asset_no} ${x.name}` }));
  function add(e: Event) {
    e.preventDefault();
    const miss = missing({ content_asset_id: pick }, { content_asset_id: t("reg.content_pick") }, ["content_asset_id"]);
    if (Object.keys(miss).length) return act.fail(miss);
    const label = options.find((o) => o.value === pick)?.label ?? pick;
    void act.run(async () => { await api.post(base, { content_asset_id: pick, present: true }); return t("reg.content_added", { name: label }); });
  }
  const remove = (id: string, name: string) => void act.run(async () => { await api.post(base, { content_asset_id: id, present: false }); return t("reg.content_removed", { name }); });
  return (
    <section class="panel" aria-labelledby="contents-title">
      <h2 id="contents-title">{t("reg.contents")} <ArticleRef article="第23条7(3)" /></h2>
      <p class="sub">{t("reg.contents_intro")}</p>
      {p.asset.contents.length ? (
        <AssetLinkList items={p.asset.contents} policy={p.policy} extra={p.asset.can_edit ? (id, name) => (
          <button type="button" class="btn btn-small" disabled={act.pending} onClick={() => remove(id, name)} aria-label={`${t("reg.content_remove")}: ${name}`}>{t("reg.content_remove")}</button>
        ) : undefined} />
      ) : <p class="sub">{t("reg.contents_none")}</p>}
      {p.asset.can_edit ? (
        <form class="form subform" onSubmit={add} noValidate aria-label={t("reg.content_add")}>
          <ErrorSummary error={act.error} fields={act.fields} />
          <div class="field-row">
            <TextField label={t("reg.content_search")} name="content_q" type="search" value={q} onInput={setQ} size="s" />
            <div class="field field-button"><button type="button" class="btn" onClick={() => setQuery(q.trim())}>{t("common.search")}</button></div>
            <SelectField label={t("reg.content_pick")} name="content_asset_id" value={pick} onChange={setPick} options={options} placeholder={query ? "—" : t("reg.search_first")} error={act.fields.content_asset_id} />
            <div class="field field-button"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("reg.content_add")}</button></div>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function AssetPage(p: { id: string }) {
  const policy = usePolicy().data;
  const fields = useFields().data;
  const res = useResource<AssetDetail>(idPath("/api/v1/assets", p.id));
  const [editing, setEditing] = useState(false);
  const [copying, setCopying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const a = res.data;
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    if (a && (q.get("created") || q.get("copied"))) {
      setNotice(q.get("copied") ? t("reg.copied", { name: a.name }) : t("reg.created", { name: a.name }));
      history.replaceState(null, "", window.location.pathname);
    }
    setEditing(false); setCopying(false);
  }, [a?.id]);
  const changed = (msg: string) => { setNotice(msg); res.reload(); };

  if (res.error && !a) return <><PageHeading>{t("reg.assets_title")}</PageHeading><LoadError error={res.error} retry={res.reload} /></>;
  if (!a || a.id === undefined) return <Loading />;
  const fieldLabelOf = (name: string, fallback: string) => { const f = fields?.assets.find((x) => x.name === name); return f ? fieldLabel(f) : fallback; };
  const fact = (name: string, fallback: string, value: preact.ComponentChildren) => (
    <Fragment key={name}><dt>{fieldLabelOf(name, fallback)}</dt><dd>{value === null || value === undefined || value === "" ? "—" : value}</dd></Fragment>
  );
  const labelUrl = `/api/v1/assets/labels.pdf?ids=${encodeURIComponent(a.id)}`;
  return (
    <>
      <PageHeading sub={<><span class="mono">{a.asset_no}</span>　{assetKindLabel(a.kind)}　{a.unit_name}</>}>{a.name}</PageHeading>
      <p class="no-print"><Link href="/assets">{t("reg.back_to_list")}</Link></p>
      {notice ? <Notice kind="success" onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {res.error ? <p class="field-error">{errorMessage(res.error)}</p> : null}
      {a.disposed_at ? <Notice kind="warning"><p>{t("reg.disposed_on", { date: formatDate(a.disposed_at) })}</p></Notice> : null}

      <section class="label-box" aria-labelledby="label-title">
        <div>
          <h2 id="label-title" class="label-title">{t("reg.label_text")} <ArticleRef article="第23条4" /></h2>
          <p class="label-text" data-testid="label-text">{a.label_text}</p>
        </div>
        <div class="label-actions">
          <a class="btn btn-primary" href={labelUrl} target="_blank" rel="noopener">{t("reg.print_label")}</a>
          {a.can_edit && !editing ? <button type="button" class="btn" onClick={() => setEditing(true)}>{t("common.edit")}</button> : null}
          {a.can_edit && !copying ? <button type="button" class="btn" onClick={() => setCopying(true)}>{t("reg.copy")}</button> : null}
        </div>
      </section>
      {!a.can_edit ? <p class="sub">{t("reg.read_only")}</p> : null}
      {copying ? <section class="panel" aria-labelledby="copy-title"><h2 id="copy-title">{t("reg.copy_title")}</h2><CopyForm asset={a} onCancel={() => setCopying(false)} /></section> : null}
      {editing ? <AssetEditor asset={a} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); changed(t("reg.updated", { name: a.name })); }} /> : null}

      <div class="detail-grid">
        <div class="stack">
          <section class="panel" aria-labelledby="asset-facts-title">
            <h2 id="asset-facts-title">{t("reg.basic")}</h2>
            <dl class="facts facts-grid">
              {fact("asset_no", t("reg.asset_no"), <span class="mono">{a.asset_no}</span>)}
              {fact("kind", t("reg.kind"), <>{assetKindLabel(a.kind)} <ArticleRef article="第5条" /></>)}
              {fact("description", t("reg.description"), a.description ? <span class="prewrap">{a.description}</span> : null)}
              {fact("unit_id", t("reg.unit"), a.unit_name)}
              {fact("holder", t("reg.holder"), a.holder)}
              {fact("storage_place", t("reg.storage_place"), a.storage_place)}
              {fact("medium", t("reg.medium"), a.medium)}
              {fact("format", t("reg.format"), formatLabel(a.format))}
              {fact("volume", t("reg.volume"), a.volume)}
              {fact("system_id", t("reg.system"), a.system_id ? <Link href={idPath("/systems", a.system_id)}>{a.system_name ?? a.system_id}</Link> : null)}
              {fact("retention", t("reg.retention"), a.retention)}
              {fact("personal_info", t("reg.personal_info"), a.personal_info ? t("reg.has") : t("reg.has_not"))}
              {fact("specific_personal_info", t("reg.specific_personal_info"), a.specific_personal_info ? <Badge kind="danger">{t("reg.has")}</Badge> : t("reg.has_not"))}
              {fact("notes", t("reg.notes"), a.notes ? <span class="prewrap">{a.notes}</span> : null)}
              <dt>{t("reg.created_at")}</dt><dd>{formatDateTime(a.created_at)}</dd>
              <dt>{t("reg.updated_at")}</dt><dd>{formatDateTime(a.updated_at)}</dd>
            </dl>
          </section>
          {a.source || a.contained_in?.length ? (
            <section class="panel" aria-labelledby="relations-title">
              <h2 id="relations-title">{t("reg.relations")}</h2>
              {a.source ? (
                <>
                  <h3 class="subhead">{t("reg.source")} <ArticleRef article={a.source_kind === "obtained" ? "第23条6(1)" : "第23条3"} /></h3>
                  <AssetLinkList items={[a.source]} policy={policy} />
                </>
              ) : null}
              {a.contained_in?.length ? (<><h3 class="subhead">{t("reg.contained_in")}</h3><AssetLinkList items={a.contained_in} policy={policy} /></>) : null}
            </section>
          ) : null}
        </div>
        <div class="stack">
          <ClassificationPanel asset={a} policy={policy} onChanged={changed} />
          <Restrictions asset={a} policy={policy} onChanged={changed} />
        </div>
      </div>
      {a.kind === "medium" ? <Contents asset={a} policy={policy} onChanged={changed} /> : null}
      <Events asset={a} policy={policy} onChanged={changed} />
      <History entries={a.history ?? []} />
    </>
  );
}

function History(p: { entries: AssetDetail["history"] }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) => setOpen((s) => { const n = new Set(s); if (n.has(seq)) n.delete(seq); else n.add(seq); return n; });
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">{t("reg.history")} <ArticleRef article="第63条" /></h2>
      {p.entries.length ? (
        <table class="table trail">
          <caption class="visually-hidden">{t("reg.history")}</caption>
          <thead><tr><th scope="col" class="num">{t("trail.seq")}</th><th scope="col">{t("trail.at")}</th><th scope="col">{t("trail.actor")}</th><th scope="col">{t("trail.action")}</th><th scope="col">{t("trail.details")}</th></tr></thead>
          <tbody>
            {p.entries.map((e) => (
              <Fragment key={e.seq}>
                <tr>
                  <td class="num mono">{e.seq}</td><td class="nowrap">{formatDateTime(e.at)}</td><td><ActorName entry={e} /></td><td>{actionName(e)}</td>
                  <td><button type="button" class="btn btn-small" aria-expanded={open.has(e.seq)} aria-controls={`hdiff-${e.seq}`} onClick={() => toggle(e.seq)}>
                    {open.has(e.seq) ? t("trail.hide") : t("trail.show")}<span class="visually-hidden">（{e.seq}）</span></button></td>
                </tr>
                {open.has(e.seq) ? <tr class="diff-row" id={`hdiff-${e.seq}`}><td colSpan={5}><Diff before={e.before} after={e.after} labels={labelsOf(e)} /></td></tr> : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : <p class="sub">{t("reg.history_none")}</p>}
    </section>
  );
}
