// The information systems that use a cloud service (第149条2・第150条2), on /cloud/{id}: named from the
// 情報システム台帳 (only the systems the reader may read are offered and shown; the others are counted),
// linked and unlinked by the service's manager or the 統括 while the service is in use.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary } from "../components/Feedback";
import { missing, SelectField } from "../components/Fields";
import { Link } from "../components/Link";
import { useAction, useResource } from "../hooks";
import { t } from "../i18n";
import type { Page, SystemItem } from "../types";

export interface LinkedSystem { system_id: number; code: string; name: string; active: boolean; linked_at: string }

export function CloudSystems(p: { id: number; list: LinkedSystem[]; hidden: number; active: boolean; onDone: (m: string) => void }) {
  const [system, setSystem] = useState("");
  const systems = useResource<Page<SystemItem>>(p.active ? "/api/v1/systems?limit=200" : null);
  const act = useAction((m) => { setSystem(""); p.onDone(m); });
  const remove = useAction(p.onDone);
  const linked = new Set(p.list.map((s) => s.system_id));
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing({ system_id: system }, { system_id: t("cl.system") }, ["system_id"]);
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => { await api.post(`/api/v1/cloud/services/${p.id}/systems`, { system_id: Number(system) }); return t("cl.system_linked"); });
  };
  return (
    <section class="panel" aria-labelledby="cl-systems">
      <h2 id="cl-systems">{t("cl.systems")}</h2>
      <ErrorSummary error={remove.error} />
      {p.list.length ? (
        <table class="table" data-testid="cl-systems">
          <thead><tr><th scope="col">{t("cl.system")}</th><th scope="col"></th></tr></thead>
          <tbody>{p.list.map((s) => (
            <tr key={s.system_id} data-system={s.system_id}>
              <td><Link href={`/systems/${s.system_id}`}>{s.code} {s.name}</Link>{s.active ? null : ` (${t("cl.system_retired")})`}</td>
              <td>{p.active ? <button type="button" class="btn btn-small" disabled={remove.pending}
                onClick={() => void remove.run(async () => { await api.post(`/api/v1/cloud/services/${p.id}/systems/${s.system_id}/remove`, {}); return t("cl.system_unlinked"); })}>{t("cl.remove")}</button> : null}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p>{t("cl.systems_none")}</p>}
      {p.hidden ? <p data-testid="cl-systems-hidden">{t("cl.systems_hidden", { n: p.hidden })}</p> : null}
      {p.active ? (
        <form class="form" noValidate onSubmit={submit} data-testid="cl-system-form">
          <h3>{t("cl.system_link")}</h3>
          <ErrorSummary error={act.error} fields={act.fields} />
          <SelectField label={t("cl.system")} name="system_id" value={system} onChange={setSystem} required error={act.fields.system_id} placeholder={t("common.select")}
            options={(systems.data?.items ?? []).filter((s) => !linked.has(Number(s.id))).map((s) => ({ value: String(s.id), label: `${s.code} ${s.name}` }))} />
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cl.system_link")}</button></div>
        </form>
      ) : null}
    </section>
  );
}
