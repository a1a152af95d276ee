// 組織: the unit tree (部局 → 課室 → 係) on the left; the chosen unit's details on the right, with
// edit and "add a unit below" forms for people holding org.manage.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextField, missing } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { can, useSession } from "../session";
import type { Unit, UnitKind } from "../types";
import { childrenOf, unitOptions } from "../units";

const KINDS: UnitKind[] = ["organisation", "department", "section", "team"];
export const kindLabel = (k: string) => t(`org.kind.${k}` as Key);

function Tree(p: { units: Unit[]; selected: string | null; onSelect: (id: string) => void }) {
  const kids = childrenOf(p.units);
  const render = (parent: string | null, level: number) => {
    const list = kids.get(parent) ?? [];
    if (!list.length) return null;
    return (
      <ul class={level === 0 ? "tree" : "tree-children"}>
        {list.map((u) => (
          <li key={u.id}>
            <button type="button" class={`tree-item ${u.id === p.selected ? "selected" : ""} ${u.active ? "" : "inactive"}`}
              aria-current={u.id === p.selected ? "true" : undefined} onClick={() => p.onSelect(u.id)}>
              <span class="tree-name">{u.name}</span>
              <span class="tree-kind">{kindLabel(u.kind)}</span>
              {u.active ? null : <Badge>{t("common.inactive")}</Badge>}
            </button>
            {render(u.id, level + 1)}
          </li>
        ))}
      </ul>
    );
  };
  return render(null, 0);
}

interface UnitForm { parent_id: string; code: string; name: string; kana: string; kind: string; phone: string; sort_order: string; active: boolean }

function UnitEditor(p: { units: Unit[]; unit: Unit | null; parentId: string | null; onSaved: (u: Unit, created: boolean) => void; onCancel: () => void }) {
  const editing = p.unit;
  const defaultKind = (): UnitKind => {
    const parent = p.units.find((u) => u.id === p.parentId);
    const i = parent ? KINDS.indexOf(parent.kind) : 0;
    return KINDS[Math.min(i + 1, KINDS.length - 1)];
  };
  const [form, setForm] = useState<UnitForm>(() => editing
    ? { parent_id: editing.parent_id ?? "", code: editing.code, name: editing.name, kana: editing.kana, kind: editing.kind, phone: editing.phone ?? "", sort_order: String(editing.sort_order ?? 0), active: editing.active }
    : { parent_id: p.parentId ?? "", code: "", name: "", kana: "", kind: defaultKind(), phone: "", sort_order: "", active: true });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = <K extends keyof UnitForm>(k: K) => (v: UnitForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: Event) {
    e.preventDefault();
    const labels: Record<string, string> = { name: t("org.name"), kana: t("org.kana") };
    if (!editing) Object.assign(labels, { code: t("org.code"), kind: t("org.kind") });
    const miss = missing(form as unknown as Record<string, unknown>, labels, ["kind"]);
    if (Object.keys(miss).length) { setFields(miss); setError({ clientOnly: true }); return; }
    setPending(true); setError(null); setFields({});
    try {
      let saved: Unit;
      if (editing) {
        const body: Record<string, unknown> = { name: form.name, kana: form.kana, phone: form.phone || null, active: form.active, parent_id: form.parent_id || null };
        if (form.sort_order.trim() !== "") body.sort_order = Number(form.sort_order);
        saved = await api.patch<Unit>(`/api/v1/org/units/${encodeURIComponent(editing.id)}`, body);
      } else {
        saved = await api.post<Unit>("/api/v1/org/units", { parent_id: form.parent_id || null, code: form.code, name: form.name, kana: form.kana, kind: form.kind, phone: form.phone || null });
      }
      p.onSaved(saved, !editing);
    } catch (err) {
      setError(err); setFields(err instanceof ApiError ? err.fields() : {});
    } finally { setPending(false); }
  }

  const parentOptions = unitOptions(p.units, (u) => !editing || u.id !== editing.id);
  return (
    <form class="form panel" onSubmit={submit} noValidate aria-labelledby="unit-form-title">
      <h2 id="unit-form-title">{editing ? t("org.edit_title", { name: editing.name }) : t("org.new_title")}</h2>
      <ErrorSummary error={error} fields={fields} />
      <SelectField label={t("org.parent")} name="parent_id" value={form.parent_id} onChange={set("parent_id")}
        options={parentOptions} placeholder={t("org.no_parent")} error={fields.parent_id} size="l" />
      {editing ? null : (
        <div class="field-row">
          <TextField label={t("org.code")} name="code" value={form.code} onInput={set("code")} required size="s" error={fields.code} spellcheck={false} />
          <SelectField label={t("org.kind")} name="kind" value={form.kind} onChange={set("kind")} required size="s" error={fields.kind}
            options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </div>
      )}
      <TextField label={t("org.name")} name="name" value={form.name} onInput={set("name")} required error={fields.name} />
      <TextField label={t("org.kana")} name="kana" value={form.kana} onInput={set("kana")} required error={fields.kana} />
      <div class="field-row">
        <TextField label={t("org.phone")} name="phone" type="tel" value={form.phone} onInput={set("phone")} size="s" error={fields.phone} />
        {editing ? <TextField label={t("org.sort_order")} name="sort_order" type="number" value={form.sort_order} onInput={set("sort_order")} size="s" error={fields.sort_order} /> : null}
      </div>
      {editing ? <CheckboxField label={t("org.active")} name="active" checked={form.active} onChange={set("active")} hint={t("org.active_hint")} error={fields.active} /> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("common.saving") : t("common.save")}</button>
        <button type="button" class="btn" onClick={p.onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

export function OrgPage() {
  const session = useSession();
  const manage = can(session, "org.manage");
  const res = useResource<{ items: Unit[] }>("/api/v1/org/units");
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<"view" | "edit" | "new">("view");
  const [notice, setNotice] = useState<string | null>(null);
  const units = res.data?.items ?? [];
  const unit = units.find((u) => u.id === selected) ?? null;

  useEffect(() => {
    if (!selected && units.length) setSelected(childrenOf(units).get(null)?.[0]?.id ?? null);
  }, [units.length]);

  return (
    <>
      <PageHeading sub={t("org.intro")}>{t("org.title")}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.data ? (
        <div class="split">
          <section class="split-nav panel" aria-labelledby="org-tree-title">
            <h2 id="org-tree-title" class="panel-title">{t("org.tree")}</h2>
            <Tree units={units} selected={selected} onSelect={(id) => { setSelected(id); setMode("view"); }} />
          </section>
          <div class="split-main">
            {mode !== "view" && manage ? (
              <UnitEditor key={`${mode}-${selected}`} units={units} unit={mode === "edit" ? unit : null} parentId={selected}
                onCancel={() => setMode("view")}
                onSaved={(u, created) => { setNotice(t(created ? "org.created" : "org.updated", { name: u.name })); setSelected(u.id); setMode("view"); res.reload(); }} />
            ) : unit ? (
              <section class="panel" aria-labelledby="unit-title">
                <h2 id="unit-title">{unit.name} {unit.active ? null : <Badge>{t("common.inactive")}</Badge>}</h2>
                <dl class="facts facts-grid">
                  <dt>{t("org.kana")}</dt><dd>{unit.kana}</dd>
                  <dt>{t("org.kind")}</dt><dd>{kindLabel(unit.kind)}</dd>
                  <dt>{t("org.code")}</dt><dd>{unit.code}</dd>
                  <dt>{t("org.phone")}</dt><dd>{unit.phone || "—"}</dd>
                  <dt>{t("org.parent")}</dt><dd>{units.find((u) => u.id === unit.parent_id)?.name ?? t("org.no_parent")}</dd>
                </dl>
                <div class="form-actions">
                  {can(session, "directory.read") ? <Link href={`/people?unit_id=${encodeURIComponent(unit.id)}`} class="btn">{t("org.people_link")}</Link> : null}
                  {manage ? <button type="button" class="btn" onClick={() => setMode("edit")}>{t("common.edit")}</button> : null}
                  {manage ? <button type="button" class="btn btn-primary" onClick={() => setMode("new")}>{t("org.add_child")}</button> : null}
                </div>
              </section>
            ) : (
              <p>{t("org.select_prompt")}</p>
            )}
            {manage && mode === "view" && !units.length ? <button type="button" class="btn btn-primary" onClick={() => setMode("new")}>{t("org.add")}</button> : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
