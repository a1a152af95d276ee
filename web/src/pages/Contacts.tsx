// 緊急連絡網 (第13条8): whom to call, in order, in an incident — with tel:/mailto: links and a
// print button (the list is also kept on paper beside the phone).
import { LoadError, Loading } from "../components/Feedback";
import { PageHeading } from "../components/Page";
import { useResource } from "../hooks";
import { t } from "../i18n";
import type { Contact } from "../types";

const tel = (n: string | null) => (n ? <a href={`tel:${n.replace(/[^\d+]/g, "")}`}>{n}</a> : "—");

export function ContactsPage() {
  const res = useResource<{ items: Contact[] }>("/api/v1/contacts");
  const items = [...(res.data?.items ?? [])].sort((a, b) => a.order - b.order);
  return (
    <>
      <PageHeading sub={t("contacts.intro")}>{t("contacts.title")}</PageHeading>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data ? (
        items.length ? (
          <>
            <p class="page-actions no-print"><button type="button" class="btn" onClick={() => window.print()}>{t("contacts.print")}</button></p>
            <table class="table table-striped contacts">
              <caption class="visually-hidden">{t("contacts.title")}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">{t("contacts.order")}</th>
                  <th scope="col">{t("contacts.role")}</th>
                  <th scope="col">{t("contacts.name")}</th>
                  <th scope="col">{t("contacts.unit")}</th>
                  <th scope="col">{t("contacts.phone")}</th>
                  <th scope="col">{t("contacts.mobile")}</th>
                  <th scope="col">{t("contacts.email")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={`${c.order}-${c.person_id}-${c.role}`}>
                    <td class="num">{c.order}</td>
                    <td>{c.label}</td>
                    <th scope="row" class="contact-name">{c.name}</th>
                    <td>{c.unit_name}{c.title ? <div class="sub">{c.title}</div> : null}</td>
                    <td class="mono">{tel(c.phone)}</td>
                    <td class="mono">{tel(c.mobile)}</td>
                    <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : <p class="empty-title">{t("contacts.empty")}</p>
      ) : null}
    </>
  );
}
