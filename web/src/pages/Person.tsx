// 職員の詳細: basic data (editable with people.manage), current role assignments, and the sign-in
// account — issue one (temporary password shown once, to be handed over in person), issue a new
// temporary password, unlock. Also the 職員の登録 form.
import { useRef, useState, useEffect } from "preact/hooks";
import { api, ApiError, errorMessage } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextField, missing } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime } from "../format";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { navigate } from "../router";
import { can, useSession } from "../session";
import type { Person, PersonDetail, Unit } from "../types";
import { unitOptions } from "../units";
import { EMPLOYMENTS, employmentLabel } from "./People";
import { NotFound } from "./NotFound";

interface PersonForm {
  staff_no: string; name: string; kana: string; employment: string; unit_id: string; title: string; email: string;
  phone: string; mobile: string; mynumber_zone: boolean; active_from: string; active_until: string;
}

function toForm(p: PersonDetail | null): PersonForm {
  return {
    staff_no: p?.staff_no ?? "", name: p?.name ?? "", kana: p?.kana ?? "", employment: p?.employment ?? "regular",
    unit_id: p?.unit_id ?? "", title: p?.title ?? "", email: p?.email ?? "", phone: p?.phone ?? "", mobile: p?.mobile ?? "",
    mynumber_zone: p?.mynumber_zone ?? false, active_from: p?.active_from?.slice(0, 10) ?? "", active_until: p?.active_until?.slice(0, 10) ?? "",
  };
}

function PersonEditor(p: { person: PersonDetail | null; onSaved: (saved: Person) => void; onCancel: () => void }) {
  const units = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const [form, setForm] = useState<PersonForm>(() => toForm(p.person));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = <K extends keyof PersonForm>(k: K) => (v: PersonForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form as unknown as Record<string, unknown>, {
      staff_no: t("people.staff_no"), name: t("people.name"), kana: t("people.kana"), employment: t("people.employment"), unit_id: t("people.unit"),
    }, ["employment", "unit_id"]);
    if (Object.keys(miss).length) { setFields(miss); setError({ clientOnly: true }); return; }
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) body[k] = typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v;
    setPending(true); setError(null); setFields({});
    try {
      const saved = p.person
        ? await api.patch<Person>(`/api/v1/people/${encodeURIComponent(p.person.id)}`, body)
        : await api.post<Person>("/api/v1/people", body);
      p.onSaved(saved);
    } catch (err) {
      setError(err); setFields(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }

  return (
    <form class="form panel" onSubmit={submit} noValidate aria-labelledby="person-form-title">
      <h2 id="person-form-title">{p.person ? t("people.edit_title", { name: p.person.name }) : t("people.new_title")}</h2>
      <ErrorSummary error={error} fields={fields} />
      <div class="field-row">
        <TextField label={t("people.staff_no")} name="staff_no" value={form.staff_no} onInput={set("staff_no")} required size="s" error={fields.staff_no} spellcheck={false} />
        <SelectField label={t("people.employment")} name="employment" value={form.employment} onChange={set("employment")} required error={fields.employment}
          options={EMPLOYMENTS.map((e) => ({ value: e, label: employmentLabel(e) }))} />
      </div>
      <div class="field-row">
        <TextField label={t("people.name")} name="name" value={form.name} onInput={set("name")} required error={fields.name} autocomplete="off" />
        <TextField label={t("people.kana")} name="kana" value={form.kana} onInput={set("kana")} required error={fields.kana} autocomplete="off" />
      </div>
      <div class="field-row">
        <SelectField label={t("people.unit")} name="unit_id" value={form.unit_id} onChange={set("unit_id")} required error={fields.unit_id} size="l"
          options={unitOptions(units.data?.items ?? [], (u) => u.active || u.id === form.unit_id)} placeholder="—" />
        <TextField label={t("people.job_title")} name="title" value={form.title} onInput={set("title")} error={fields.title} />
      </div>
      <div class="field-row">
        <TextField label={t("people.email")} name="email" type="email" value={form.email} onInput={set("email")} error={fields.email} size="l" spellcheck={false} />
      </div>
      <div class="field-row">
        <TextField label={t("people.phone")} name="phone" type="tel" value={form.phone} onInput={set("phone")} error={fields.phone} size="s" />
        <TextField label={t("people.mobile")} name="mobile" type="tel" value={form.mobile} onInput={set("mobile")} error={fields.mobile} size="s" />
      </div>
      <CheckboxField label={t("people.mynumber_zone")} name="mynumber_zone" checked={form.mynumber_zone} onChange={set("mynumber_zone")} hint={t("people.mynumber_hint")} error={fields.mynumber_zone} />
      <div class="field-row">
        <TextField label={t("people.active_from")} name="active_from" type="date" value={form.active_from} onInput={set("active_from")} error={fields.active_from} size="s" />
        <TextField label={t("people.active_until")} name="active_until" type="date" value={form.active_until} onInput={set("active_until")} error={fields.active_until} size="s" hint={t("people.active_until_hint")} />
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("common.save")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

export function PersonNewPage() {
  const session = useSession();
  if (!can(session, "people.manage")) return <NotFound />;
  return (
    <>
      <PageHeading>{t("people.new_title")}</PageHeading>
      <p><Link href="/people">{t("people.back")}</Link></p>
      <PersonEditor person={null} onCancel={() => navigate("/people")} onSaved={(p) => navigate(`/people/${encodeURIComponent(p.id)}?created=1`)} />
    </>
  );
}

function TempPassword(p: { password: string; onHide: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="temp-password" role="alert" tabIndex={-1} ref={ref}>
      <p class="temp-label">{t("people.temp_password")}</p>
      <code class="secret" data-testid="temporary-password">{p.password}</code>
      <p>{t("people.temp_once")}</p>
      <button type="button" class="btn" onClick={p.onHide}>{t("people.temp_hide")}</button>
    </div>
  );
}

function AccountPanel(p: { person: PersonDetail; manage: boolean; onChanged: () => void }) {
  const account = p.person.account;
  const [loginId, setLoginId] = useState("");
  const [temp, setTemp] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [confirmDisable, setConfirmDisable] = useState(false);
  const me = useSession().person;
  const mine = !!me && String(me.id) === String(p.person.id);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/api/v1/people/${encodeURIComponent(p.person.id)}/account`;

  async function run(f: () => Promise<void>) {
    setPending(true); setError(null); setFields({}); setNotice(null);
    try { await f(); } catch (err) { setError(err); setFields(err instanceof ApiError ? err.fields() : {}); } finally { setPending(false); }
  }
  const issue = (e: Event) => {
    e.preventDefault();
    const miss = missing({ login_id: loginId }, { login_id: t("people.login_id") });
    if (miss.login_id) { setFields(miss); setError({ clientOnly: true }); return; }
    void run(async () => {
      const r = await api.post<{ login_id: string; temporary_password: string }>(base, { login_id: loginId.trim() });
      setTemp(r.temporary_password); setLoginId(""); p.onChanged();
    });
  };
  const reset = () => run(async () => {
    const r = await api.post<{ temporary_password: string }>(`${base}/reset-password`, {});
    setTemp(r.temporary_password); setConfirmReset(false); p.onChanged();
  });
  const disable = () => run(async () => {
    await api.post(`${base}/disable`, {});
    setConfirmDisable(false); setNotice(t("people.disabled_done")); p.onChanged();
  });
  const unlock = () => run(async () => {
    await api.post(`${base}/unlock`, {});
    setNotice(t("people.unlocked")); p.onChanged();
  });

  const locked = account?.locked_until && new Date(account.locked_until).getTime() > Date.now();
  return (
    <section class="panel" aria-labelledby="account-title">
      <h2 id="account-title">{t("people.account")}</h2>
      {temp ? <TempPassword password={temp} onHide={() => setTemp(null)} /> : null}
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {error ? <ErrorSummary error={error} fields={fields} /> : null}
      {account ? (
        <>
          <dl class="facts facts-grid">
            <dt>{t("people.login_id")}</dt><dd class="mono">{account.login_id}</dd>
            <dt>{t("people.last_login")}</dt><dd>{account.last_login_at ? formatDateTime(account.last_login_at) : t("common.none")}</dd>
            <dt>{t("people.mfa")}</dt><dd>{account.mfa_enrolled ? <Badge kind="ok">{t("people.mfa_on")}</Badge> : <Badge>{t("people.mfa_off")}</Badge>}</dd>
            {locked ? <><dt>{t("people.status")}</dt><dd><Badge kind="danger">{t("people.locked_until", { time: formatDateTime(account.locked_until) })}</Badge></dd></> : null}
            {account.disabled ? <><dt>{t("people.status")}</dt><dd><Badge kind="danger">{t("people.disabled")}</Badge></dd></> : null}
          </dl>
          {p.manage ? (
            <div class="form-actions">
              {locked ? <button type="button" class="btn" disabled={pending} onClick={unlock}>{t("people.unlock")}</button> : null}
              {confirmReset ? (
                <div class="confirm" role="group" aria-label={t("people.reset")}>
                  <p>{t("people.reset_confirm")}</p>
                  <button type="button" class="btn btn-danger" disabled={pending} onClick={reset}>{t("people.reset_do")}</button>
                  <button type="button" class="btn" onClick={() => setConfirmReset(false)}>{t("common.cancel")}</button>
                </div>
              ) : <button type="button" class="btn" disabled={pending} onClick={() => setConfirmReset(true)}>{t("people.reset")}</button>}
              {!account.disabled && !mine ? (confirmDisable ? (
                <div class="confirm" role="group" aria-label={t("people.disable")}>
                  <p>{t("people.disable_confirm")}</p>
                  <button type="button" class="btn btn-danger" disabled={pending} onClick={disable}>{t("people.disable_do")}</button>
                  <button type="button" class="btn" onClick={() => setConfirmDisable(false)}>{t("common.cancel")}</button>
                </div>
              ) : <button type="button" class="btn" disabled={pending} onClick={() => setConfirmDisable(true)}>{t("people.disable")}</button>) : null}
            </div>
          ) : null}
        </>
      ) : (
        <>
          <p>{t("people.no_account")}</p>
          {p.manage ? (
            <form class="form form-inline" onSubmit={issue} noValidate>
              <TextField label={t("people.login_id")} name="login_id" value={loginId} onInput={setLoginId} required size="s"
                hint={t("people.login_id_hint")} error={fields.login_id} spellcheck={false} autocomplete="off" />
              <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{t("people.issue")}</button>
              </div>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}

export function PersonPage(p: { id: string }) {
  const session = useSession();
  const manage = can(session, "people.manage");
  const res = useResource<PersonDetail>(`/api/v1/people/${encodeURIComponent(p.id)}`);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (new URLSearchParams(window.location.search).get("created") && res.data) {
      setNotice(t("people.created", { name: res.data.name }));
      history.replaceState(null, "", window.location.pathname);
    }
  }, [res.data?.id]);
  const person = res.data;

  if (res.error && !person) return <><PageHeading>{t("people.title")}</PageHeading><LoadError error={res.error} retry={res.reload} /></>;
  if (!person) return <Loading />;
  return (
    <>
      <PageHeading sub={person.kana}>{person.name}</PageHeading>
      <p><Link href="/people">{t("people.back")}</Link></p>
      {notice ? <Notice kind="success" onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {res.error ? <p class="field-error">{errorMessage(res.error)}</p> : null}
      <div class="detail-grid">
        {editing ? (
          <PersonEditor person={person} onCancel={() => setEditing(false)}
            onSaved={(s) => { setEditing(false); setNotice(t("people.updated", { name: s.name ?? person.name })); res.reload(); }} />
        ) : (
          <section class="panel" aria-labelledby="person-detail-title">
            <h2 id="person-detail-title">{t("people.detail")}</h2>
            <dl class="facts facts-grid">
              <dt>{t("people.staff_no")}</dt><dd class="mono">{person.staff_no}</dd>
              <dt>{t("people.unit")}</dt><dd>{person.unit_name}</dd>
              <dt>{t("people.job_title")}</dt><dd>{person.title || "—"}</dd>
              <dt>{t("people.employment")}</dt><dd>{employmentLabel(person.employment)}</dd>
              <dt>{t("people.email")}</dt><dd>{person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : "—"}</dd>
              <dt>{t("people.phone")}</dt><dd>{person.phone || "—"}</dd>
              <dt>{t("people.mobile")}</dt><dd>{person.mobile || "—"}</dd>
              <dt>{t("people.mynumber_zone")}</dt><dd>{person.mynumber_zone ? t("common.yes") : t("common.no")}</dd>
              <dt>{t("people.active_from")}</dt><dd>{formatDate(person.active_from) || "—"}</dd>
              <dt>{t("people.active_until")}</dt><dd>{formatDate(person.active_until) || "—"}</dd>
            </dl>
            {manage ? <div class="form-actions"><button type="button" class="btn" onClick={() => setEditing(true)}>{t("common.edit")}</button></div> : null}
          </section>
        )}
        <div class="stack">
          <section class="panel" aria-labelledby="person-roles-title">
            <h2 id="person-roles-title">{t("people.roles")}</h2>
            {person.roles?.length ? (
              <ul class="plain-list">
                {person.roles.map((r) => (
                  <li key={r.id}><strong>{r.label}</strong>{r.scope_label ? `（${r.scope_label}）` : ""}
                    <span class="sub">{formatDate(r.valid_from)}{r.valid_from || r.valid_until ? " 〜 " : ""}{formatDate(r.valid_until)}</span></li>
                ))}
              </ul>
            ) : <p>{t("home.no_roles")}</p>}
            {can(session, "roles.manage") ? <p><Link href={`/roles?person_id=${encodeURIComponent(person.id)}`}>{t("people.role_assign_link")}</Link></p> : null}
          </section>
          <AccountPanel person={person} manage={manage} onChanged={res.reload} />
        </div>
      </div>
    </>
  );
}
