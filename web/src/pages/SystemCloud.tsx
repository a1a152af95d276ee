// The cloud and outsourced services an information system uses (第149条2), on /systems/{id}: the links
// are made on the service's page (CloudSystems.tsx); here they are listed with need-to-know — the
// services the reader may open are named and linked, the others only counted.
import { Link } from "../components/Link";
import { Badge } from "../components/Page";
import { formatDate } from "../format";
import { t, type Key } from "../i18n";
import type { SystemCloudService } from "../types";

export function SystemCloudServices(p: { services?: { items: SystemCloudService[]; hidden: number } }) {
  const items = p.services?.items ?? [];
  const hidden = p.services?.hidden ?? 0;
  return (
    <section class="panel" aria-labelledby="sys-cloud-title">
      <h2 id="sys-cloud-title">{t("cl.system_services")}</h2>
      {items.length ? (
        <table class="table" data-testid="sys-cloud-services">
          <thead><tr><th scope="col">{t("cl.name")}</th><th scope="col">{t("cl.provider")}</th><th scope="col">{t("cl.approval")}</th>
            <th scope="col">{t("cl.state")}</th><th scope="col">{t("cl.linked_at")}</th></tr></thead>
          <tbody>{items.map((s) => (
            <tr key={s.service_id} data-service={s.service_id}>
              <td><Link href={`/cloud/${s.service_id}`}>{s.name}</Link></td>
              <td>{s.provider}</td>
              <td>{s.approval_label ?? ""}</td>
              <td><Badge kind={s.state === "ended" ? "neutral" : "ok"}>{t(`cl.state.${s.state}` as Key)}</Badge></td>
              <td>{formatDate(s.linked_at)}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : hidden ? null : <p class="sub">{t("cl.system_services_none")}</p>}
      {hidden ? <p data-testid="sys-cloud-hidden">{t("cl.system_services_hidden", { n: hidden })}</p> : null}
    </section>
  );
}
