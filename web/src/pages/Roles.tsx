// 役割: the pack's roles (with the article that defines each, scope, one-holder and privileged
// marks) and their current holders; for roles.manage, assigning a role to a person with scope and
// dates (a system select for system-scoped roles such as 情報システム管理者; /roles?role=…&scope_id=…
// presets the form), and ending a holder's term. Server refusals (role_unique_taken, scope_mismatch,
// separation_of_duties …) are shown in Japanese in the form's alert.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField, missing, type Option } from "../components/Fields";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { Link } from "../components/Link";
import { todayJst } from "../format";
import { useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { can, useSession } from "../session";
import type { Page, Person, PersonDetail, RoleWithHolders, SystemItem, Unit } from "../types";
import { unitOptions } from "../units";
import { kindLabel } from "./Org";

type ScopeKind = "organisation" | "unit" | "system";

/** The assignment scope kinds a pack role scope allows (unknown scopes allow all three). */
function scopeKinds(scope: string | undefined): ScopeKind[] {
  if (scope === "organisation") return ["organisation"];
  if (scope === "system") return ["system"];
  if (scope === "unit" || scope === "department" || scope === "section" || scope === "team") return ["unit"];
  return ["organisation", "unit", "system"];
}

function scopeLabel(scope: string | undefined): string {
  if (scope === "organisation" || scope === "unit" || scope === "system" || scope === "service") return t(`roles.scope.${scope}` as Key);
  if (scope === "department" || scope === "section" || scope === "team") return kindLabel(scope);
  return scope ?? "";
}

interface AssignForm { person_id: string; role: string; scope_kind: string; scope_id: string; valid_from: string; valid_until: string; note: string }

function AssignRole(p: { roles: RoleWithHolders[]; units: Unit[]; initialPersonId: string; initialScopeId: string; preset: { role: string; tick: number }; onAssigned: (msg: string) => void; onClose: () => void }) {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const people = useResource<Page<Person>>(withQuery("/api/v1/people", { q: query, limit: 50 }));
  const preset = useResource<PersonDetail>(p.initialPersonId ? `/api/v1/people/${encodeURIComponent(p.initialPersonId)}` : null);
  const [form, setForm] = useState<AssignForm>({ person_id: p.initialPersonId, role: p.preset.role, scope_kind: "", scope_id: "", valid_from: todayJst(), valid_until: "", note: "" });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = <K extends keyof AssignForm>(k: K) => (v: AssignForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (p.preset.role) setForm((f) => ({ ...f, role: p.preset.role }));
    heading.current?.focus();
  }, [p.preset.tick]);

  const role = p.roles.find((r) => r.id === form.role);
  const kinds = scopeKinds(role?.scope);
  // A link from a system's page (/roles?role=system_manager&scope_id=…) presets the system once.
  const presetScope = useRef(p.initialScopeId);
  useEffect(() => {
    if (!kinds.includes(form.scope_kind as ScopeKind)) {
      const scope_id = kinds[0] === "system" && presetScope.current ? presetScope.current : "";
      presetScope.current = "";
      setForm((f) => ({ ...f, scope_kind: kinds[0], scope_id }));
    }
  }, [form.role]);
  // 情報システム管理者 and 担当者 are scoped to a system from the 情報システム台帳.
  const systems = useResource<Page<SystemItem>>(kinds.includes("system") ? "/api/v1/systems?limit=200" : null);
  const systemOptions: Option[] = (systems.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${s.code} ${s.name}` }));
  if (form.scope_kind === "system" && form.scope_id && !systemOptions.some((o) => o.value === form.scope_id))
    systemOptions.unshift({ value: form.scope_id, label: form.scope_id });

  const personOptions: Option[] = [];
  const seen = new Set<string>();
  const addPerson = (x: { id: string; name: string; unit_name?: string; staff_no?: string }) => {
    if (seen.has(x.id)) return;
    seen.add(x.id);
    personOptions.push({ value: x.id, label: `${x.name}（${[x.unit_name, x.staff_no].filter(Boolean).join("・")}）` });
  };
  if (preset.data) addPerson(preset.data);
  for (const x of people.data?.items ?? []) addPerson(x);
  // Keep the chosen person selectable even when a new search no longer lists them.
  if (form.person_id && !seen.has(form.person_id)) personOptions.unshift({ value: form.person_id, label: form.person_id });

  const unitFilter = (u: Unit) => u.active && (role?.scope === "department" || role?.scope === "section" || role?.scope === "team" ? u.kind === role.scope : u.kind !== "organisation");

  async function submit(e: Event) {
    e.preventDefault();
    const labels: Record<string, string> = { person_id: t("roles.person"), role: t("roles.role"), valid_from: t("roles.valid_from") };
    if (form.scope_kind === "unit") labels.scope_id = t("roles.scope_unit");
    if (form.scope_kind === "system") labels.scope_id = t("roles.scope_system");
    const miss = missing(form as unknown as Record<string, unknown>, labels, ["person_id", "role", "scope_id"].filter((n) => n !== "scope_id" || form.scope_kind === "unit" || (form.scope_kind === "system" && !systems.error)));
    if (Object.keys(miss).length) { setFields(miss); setError({ clientOnly: true }); return; }
    setPending(true); setError(null); setFields({});
    try {
      await api.post("/api/v1/role-assignments", {
        person_id: Number(form.person_id), role: form.role, scope_kind: form.scope_kind,
        scope_id: form.scope_kind === "organisation" ? null : Number(form.scope_id.trim()),
        valid_from: form.valid_from, valid_until: form.valid_until || null, note: form.note.trim(),
      });
      const person = personOptions.find((o) => o.value === form.person_id)?.label.replace(/（.*$/, "") ?? "";
      p.onAssigned(t("roles.assigned", { person, role: role?.label ?? form.role }));
      setForm((f) => ({ ...f, person_id: "", scope_id: "", valid_until: "", note: "" }));
    } catch (err) {
      setError(err); setFields(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }

  return (
    <form class="form panel" onSubmit={submit} noValidate aria-labelledby="assign-title" data-testid="assign-form">
      <h2 id="assign-title" tabIndex={-1} ref={heading}>{t("roles.assign_title")}</h2>
      <ErrorSummary error={error} fields={fields} />
      <div class="field-row">
        <TextField label={t("roles.person_search")} name="person_q" type="search" value={search} onInput={setSearch} size="m" />
        <div class="field field-button"><button type="button" class="btn" onClick={() => setQuery(search.trim())}>{t("common.search")}</button></div>
        <SelectField label={t("roles.person")} name="person_id" value={form.person_id} onChange={set("person_id")} required size="l"
          options={personOptions} placeholder={t("roles.choose_person")} error={fields.person_id} />
      </div>
      <div class="field-row">
        <SelectField label={t("roles.role")} name="role" value={form.role} onChange={set("role")} required size="l" error={fields.role}
          options={p.roles.filter((r) => r.scope !== "service") /* appointed in the cloud register (docs/cloud.md) */
            .map((r) => ({ value: r.id, label: r.label }))} placeholder={t("roles.choose_role")} />
        <SelectField label={t("roles.scope_kind")} name="scope_kind" value={form.scope_kind} onChange={(v) => setForm((f) => ({ ...f, scope_kind: v, scope_id: "" }))}
          required error={fields.scope_kind} options={kinds.map((k) => ({ value: k, label: t(`roles.scope.${k}` as Key) }))} disabled={kinds.length < 2} />
      </div>
      {form.scope_kind === "unit" ? (
        <SelectField label={t("roles.scope_unit")} name="scope_id" value={form.scope_id} onChange={set("scope_id")} required size="l" error={fields.scope_id}
          options={unitOptions(p.units, unitFilter)} placeholder={t("roles.choose_unit")} />
      ) : form.scope_kind === "system" && !systems.error ? (
        <SelectField label={t("roles.scope_system")} name="scope_id" value={form.scope_id} onChange={set("scope_id")} required size="l" error={fields.scope_id}
          options={systemOptions} placeholder={systems.loading ? t("app.loading") : t("roles.choose_system")}
          hint={systemOptions.length || systems.loading ? undefined : <>{t("roles.no_systems")} <Link href="/systems/new">{t("roles.register_system")}</Link></>} />
      ) : form.scope_kind === "system" ? (
        <TextField label={t("roles.scope_system")} name="scope_id" value={form.scope_id} onInput={set("scope_id")} required error={fields.scope_id} spellcheck={false} />
      ) : null}
      <div class="field-row">
        <TextField label={t("roles.valid_from")} name="valid_from" type="date" value={form.valid_from} onInput={set("valid_from")} required size="s" error={fields.valid_from} />
        <TextField label={t("roles.valid_until")} name="valid_until" type="date" value={form.valid_until} onInput={set("valid_until")} size="s" error={fields.valid_until} hint={t("roles.valid_until_hint")} />
      </div>
      <TextAreaField label={t("roles.note")} name="note" value={form.note} onInput={set("note")} rows={2} error={fields.note} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("roles.submit")}</button>
        <button type="button" class="btn" onClick={p.onClose}>{t("common.close")}</button>
      </div>
    </form>
  );
}

function EndTerm(p: { assignmentId: string; person: string; role: string; onEnded: (msg: string) => void; onCancel: () => void }) {
  const [date, setDate] = useState(todayJst());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  async function submit(e: Event) {
    e.preventDefault();
    setPending(true); setError(null); setFields({});
    try {
      await api.post(`/api/v1/role-assignments/${encodeURIComponent(p.assignmentId)}/end`, { valid_until: date });
      p.onEnded(t("roles.ended", { person: p.person, role: p.role }));
    } catch (err) {
      setError(err); setFields(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }
  return (
    <form class="form form-inline end-term" onSubmit={submit} noValidate aria-label={`${t("roles.end")}: ${p.person}`}>
      <ErrorSummary error={error} fields={fields} />
      <TextField label={t("roles.end_date")} name="valid_until" type="date" value={date} onInput={setDate} required size="s" error={fields.valid_until} />
      <div class="form-actions">
        <button type="submit" class="btn btn-danger" disabled={pending}>{t("roles.end_do")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

export function RolesPage() {
  const session = useSession();
  const manage = can(session, "roles.manage");
  const roles = useResource<{ items: RoleWithHolders[] }>("/api/v1/roles");
  const units = useResource<{ items: Unit[] }>(manage ? "/api/v1/org/units" : null);
  const [notice, setNotice] = useState<string | null>(null);
  const [ending, setEnding] = useState<string | null>(null);
  const params = new URLSearchParams(window.location.search);
  const initialPersonId = params.get("person_id") ?? "";
  const initialRole = params.get("role") ?? "";
  const initialScopeId = params.get("scope_id") ?? "";
  const [formOpen, setFormOpen] = useState(initialPersonId !== "" || initialRole !== "");
  const [preset, setPreset] = useState({ role: initialRole, tick: 0 });
  const done = (msg: string) => { setNotice(msg); setEnding(null); roles.reload(); };
  const openForm = (role: string) => { setFormOpen(true); setPreset((p) => ({ role, tick: p.tick + 1 })); };

  return (
    <>
      <PageHeading sub={t("roles.intro")}>{t("roles.title")}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {roles.error ? <LoadError error={roles.error} retry={roles.reload} /> : null}
      {roles.loading && !roles.data ? <Loading /> : null}
      {roles.data && manage && !formOpen ? (
        <p class="page-actions">
          <button type="button" class="btn btn-primary" aria-expanded="false" onClick={() => openForm("")}>{t("roles.open_form")}</button>
        </p>
      ) : null}
      {roles.data && manage && formOpen ? (
        <AssignRole roles={roles.data.items} units={units.data?.items ?? []} initialPersonId={initialPersonId} initialScopeId={initialScopeId} preset={preset}
          onAssigned={done} onClose={() => setFormOpen(false)} />
      ) : null}
      {roles.data ? (
        <ul class="role-list">
          {roles.data.items.map((r) => (
            <li key={r.id}><section class="panel role-card" aria-labelledby={`role-${r.id}`} data-testid={`role-${r.id}`}>
              <div class="role-head">
                <h2 id={`role-${r.id}`} class="role-title">{r.label}</h2>
                <ArticleRef article={r.article} />
                <Badge kind="info">{scopeLabel(r.scope)}</Badge>
                {r.unique ? <Badge kind="warn">{t("roles.unique")}</Badge> : null}
                {r.privileged ? <Badge kind="danger">{t("roles.privileged")}</Badge> : null}
              </div>
              {r.description ? <p class="role-desc">{r.description}</p> : null}
              {manage ? (
                <p class="role-assign">
                  <button type="button" class="btn btn-small" aria-label={`${t("roles.assign_this")}: ${r.label}`} onClick={() => openForm(r.id)}>{t("roles.assign_this")}</button>
                </p>
              ) : null}
              <h3 class="visually-hidden">{t("roles.holders")}</h3>
              {r.holders.length ? (
                <ul class="holders" aria-label={`${r.label} ${t("roles.holders")}`}>
                  {r.holders.map((h) => (
                    <li key={h.assignment_id} class="holder">
                      <span class="holder-name">{can(session, "directory.read") ? <Link href={`/people/${encodeURIComponent(h.person_id)}`}>{h.name}</Link> : h.name}</span>
                      {h.scope_label ? <span class="holder-scope">{h.scope_label}</span> : null}
                      {manage && ending !== h.assignment_id ? (
                        <button type="button" class="btn btn-small" onClick={() => setEnding(h.assignment_id)} aria-label={`${t("roles.end")}: ${h.name}（${r.label}）`}>{t("roles.end")}</button>
                      ) : null}
                      {ending === h.assignment_id ? <EndTerm assignmentId={h.assignment_id} person={h.name} role={r.label} onEnded={done} onCancel={() => setEnding(null)} /> : null}
                    </li>
                  ))}
                </ul>
              ) : <p class="sub">{t("roles.no_holders")}</p>}
            </section></li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
