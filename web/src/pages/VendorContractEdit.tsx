// The form that changes a 委託契約 (PATCH /api/v1/vendor-contracts/{id}). Before approval every field
// but the vendor; once approved only what needs no new approval: a later end (term extension), the
// manager responsible, and the systems and assets the contract touches. The server decides; the form
// only leaves out what it may not send.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary } from "../components/Feedback";
import { TextAreaField, TextField } from "../components/Fields";
import { PersonPicker } from "../components/PersonPicker";
import { vendorContractFields } from "../entities.gen";
import { useAction, useResource } from "../hooks";
import { t } from "../i18n";
import type { AssetItem, Page, SystemItem } from "../types";
import { MultiPick } from "./Vendors";

export interface EditableContract {
  id: number; title: string; scope: string; starts_on: string; ends_on: string; manager_person_id: number; state: string;
  systems: { id: number }[]; assets: { id: number }[];
}

export function ContractEdit(p: { c: EditableContract; onDone: (m: string) => void }) {
  const c = p.c;
  const approved = c.state === "approved";
  const initial = { title: c.title, scope: c.scope, starts_on: c.starts_on, ends_on: c.ends_on, manager_person_id: String(c.manager_person_id) };
  const [v, setV] = useState(initial);
  const [systems, setSystems] = useState(c.systems.map((x) => String(x.id)));
  const [assets, setAssets] = useState(c.assets.map((x) => String(x.id)));
  const sys = useResource<Page<SystemItem>>("/api/v1/systems?limit=200");
  const ast = useResource<Page<AssetItem>>("/api/v1/assets?limit=200");
  const act = useAction(p.onDone);
  const set = (k: keyof typeof initial) => (x: string) => setV({ ...v, [k]: x });
  const same = (a: string[], b: { id: number }[]) => a.length === b.length && b.every((x) => a.includes(String(x.id)));
  const submit = (e: Event) => {
    e.preventDefault();
    // only what changed is sent: an approved contract refuses its title, scope and start even unchanged
    const body: Record<string, unknown> = {};
    for (const k of Object.keys(initial) as (keyof typeof initial)[])
      if (v[k] !== initial[k]) body[k] = k === "manager_person_id" ? Number(v[k]) : v[k];
    if (!same(systems, c.systems)) body.systems = systems.map(Number);
    if (!same(assets, c.assets)) body.assets = assets.map(Number);
    if (!Object.keys(body).length) return p.onDone(t("vd.edit_nothing"));
    void act.run(async () => { await api.patch(`/api/v1/vendor-contracts/${c.id}`, body); return t("vd.edit_saved"); });
  };
  const f = act.fields;
  return (
    <details class="panel" data-testid="vd-edit">
      <summary><strong id="vd-edit">{t("vd.edit")}</strong></summary>
      <form class="form" noValidate onSubmit={submit} aria-labelledby="vd-edit">
        <p class="sub">{approved ? t("vd.edit_intro_approved") : t("vd.edit_intro_draft")}</p>
        <ErrorSummary error={act.error} fields={f} />
        {approved ? null : <>
          <TextField label={t("vd.contract_title")} name="edit_title" value={v.title} onInput={set("title")} required error={f.title} size="l"
            maxLength={vendorContractFields.title.max_chars} />
          <TextAreaField label={t("vd.scope")} name="edit_scope" value={v.scope} onInput={set("scope")} required error={f.scope} rows={2} />
          <TextField label={t("vd.starts_on")} name="edit_starts_on" type="date" value={v.starts_on} onInput={set("starts_on")} required error={f.starts_on} />
        </>}
        <TextField label={t("vd.ends_on")} name="edit_ends_on" type="date" value={v.ends_on} onInput={set("ends_on")} required error={f.ends_on} />
        <PersonPicker label={t("vd.manager")} name="edit_manager_person_id" value={v.manager_person_id} onChange={set("manager_person_id")} required error={f.manager_person_id} />
        <MultiPick legend={t("vd.systems")} name="edit_systems" value={systems} onChange={setSystems} error={f.systems}
          options={(sys.data?.items ?? []).map((s) => ({ id: String(s.id), label: `${s.code} ${s.name}` }))} />
        <MultiPick legend={t("vd.assets")} name="edit_assets" value={assets} onChange={setAssets} error={f.assets}
          options={(ast.data?.items ?? []).map((a) => ({ id: String(a.id), label: `${a.asset_no} ${a.name}` }))} />
        <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vd.edit_save")}</button></div>
      </form>
    </details>
  );
}
