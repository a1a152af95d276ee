// The other pages of 申請・承認: 代行の指定 (第84条3-4) — name a deputy for a role I hold, see where I
// stand in for someone, end a delegation — and the 例外措置台帳 (第131条) with report and review status,
// where the CISO records the periodic check. Also the お知らせ card of the home page.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField, missing } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatDateTime, todayJst } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { requestNo, type Delegation, type DelegationOption, type ExceptionRow, type Notification } from "../requests";
import { RequestTabs } from "./Requests";

export function DelegationsPage() {
  const list = useResource<{ given: Delegation[]; received: Delegation[]; options: DelegationOption[] }>("/api/v1/delegations");
  const [done, setDone] = useState("");
  const changed = (msg: string) => { setDone(msg); list.reload(); };
  return (
    <>
      <PageHeading sub={t("dg.intro")}>{t("dg.title")}</PageHeading>
      <RequestTabs current="delegations" />
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="delegation-notice">{done}</p></Notice> : null}
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div class="stack">
          <DelegationTable title={t("dg.given")} items={list.data.given} given onChanged={changed} />
          <DelegationTable title={t("dg.received")} items={list.data.received} given={false} onChanged={changed} />
          <DelegationForm options={list.data.options} onDone={changed} />
        </div>
      ) : null}
    </>
  );
}

function DelegationTable(p: { title: string; items: Delegation[]; given: boolean; onChanged: (msg: string) => void }) {
  const act = useAction(p.onChanged);
  return (
    <section class="panel">
      <h2>{p.title}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      {p.items.length ? (
        <table class="table" data-testid={p.given ? "delegations-given" : "delegations-received"}>
          <thead><tr><th scope="col">{t("dg.role")}</th><th scope="col">{p.given ? t("dg.deputy") : t("dg.principal")}</th><th scope="col">{t("dg.period")}</th><th scope="col">{t("dg.state")}</th><th scope="col"><span class="visually-hidden">{t("dg.revoke")}</span></th></tr></thead>
          <tbody>
            {p.items.map((d) => (
              <tr key={d.id}>
                <td>{d.role_label}</td>
                <td>{p.given ? d.deputy_name : d.principal_name}<div class="sub">{d.reason}</div></td>
                <td class="nowrap">{formatDate(d.valid_from)} 〜 {formatDate(d.valid_until)}</td>
                <td>{d.state === "pending" ? <Badge kind="info">{t("dg.pending")}</Badge> : d.active ? <Badge kind="ok">{t("dg.active")}</Badge> : <Badge>{t("dg.inactive")}</Badge>}
                  {d.request_id ? <div class="sub"><Link href={`/requests/${d.request_id}`}>{requestNo(d.request_id)}</Link></div> : null}</td>
                <td>{d.state !== "revoked" && d.state !== "pending" ? (
                  <button type="button" class="btn" disabled={act.pending}
                    onClick={() => void act.run(async () => { await api.post(`/api/v1/delegations/${d.id}/revoke`, {}); return t("dg.revoked"); })}>{t("dg.revoke")}</button>
                ) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="sub">{t("dg.none")}</p>}
    </section>
  );
}

/** Naming a deputy for one of the roles I hold now that a deputy may take (the server offers only those). */
function DelegationForm(p: { options: DelegationOption[] | undefined; onDone: (msg: string) => void }) {
  const roles = p.options ?? [];
  const [form, setForm] = useState({ assignment: "", deputy: "", from: todayJst(), until: "", reason: "" });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  if (p.options && !roles.length) return <section class="panel"><h2>{t("dg.create")}</h2><p class="sub">{t("dg.no_roles")}</p></section>;
  function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form, { assignment: t("dg.role"), deputy: t("dg.deputy"), from: t("dg.from"), until: t("dg.until"), reason: t("dg.reason") }, ["assignment", "deputy"]);
    if (Object.keys(miss).length) return act.fail(miss);
    const a = roles.find((r) => String(r.id) === form.assignment);
    void act.run(async () => {
      const r = await api.post<{ created_id: number | null; request_id: number | null }>("/api/v1/delegations", {
        role: a?.role, scope_id: a?.scope_id ?? null, deputy_person_id: form.deputy,
        valid_from: form.from, valid_until: form.until, reason: form.reason.trim(),
      });
      setForm((f) => ({ ...f, deputy: "", until: "", reason: "" }));
      return r.request_id ? t("dg.requested", { no: requestNo(r.request_id) }) : t("dg.created");
    });
  }
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="dg-create">
      <h2 id="dg-create">{t("dg.create")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("dg.role")} name="assignment" value={form.assignment} onChange={set("assignment")} required error={act.fields.assignment ?? act.fields.role}
        placeholder={t("common.select")} options={roles.map((r) => ({ value: String(r.id), label: `${r.label}（${r.scope_label}）${r.needs_approval ? t("dg.needs_approval") : ""}` }))} />
      <PersonPicker label={t("dg.deputy")} name="deputy" value={form.deputy} onChange={set("deputy")} required notMe error={act.fields.deputy ?? act.fields.deputy_person_id} />
      <div class="field-row">
        <TextField label={t("dg.from")} name="from" type="date" value={form.from} onInput={set("from")} required size="s" error={act.fields.from ?? act.fields.valid_from} />
        <TextField label={t("dg.until")} name="until" type="date" value={form.until} onInput={set("until")} required size="s" error={act.fields.until ?? act.fields.valid_until} />
      </div>
      <TextAreaField label={t("dg.reason")} name="reason" value={form.reason} onInput={set("reason")} required rows={2} error={act.fields.reason} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("dg.create")}</button></div>
    </form>
  );
}

export function ExceptionsPage() {
  const reg = useResource<{ items: ExceptionRow[] }>("/api/v1/exceptions");
  const [done, setDone] = useState("");
  const act = useAction((m) => { setDone(m); reg.reload(); });
  return (
    <>
      <PageHeading sub={t("ex.intro")}>{t("ex.title")}</PageHeading>
      <RequestTabs current="exceptions" />
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p>{done}</p></Notice> : null}
      <ErrorSummary error={act.error} fields={act.fields} />
      {reg.error ? <LoadError error={reg.error} retry={reg.reload} /> : null}
      {reg.loading && !reg.data ? <Loading /> : null}
      {reg.data && !reg.data.items.length ? <div class="empty"><p class="empty-title">{t("ex.none")}</p></div> : null}
      {reg.data && reg.data.items.length ? (
        <div class="table-wrap">
          <table class="table table-striped" data-testid="exception-register">
            <thead><tr><th scope="col">{t("rq.no")}</th><th scope="col">{t("ex.provisions")}</th><th scope="col">{t("rq.requester")}</th>
              <th scope="col">{t("ex.status")}</th><th scope="col">{t("ex.report")}</th><th scope="col">{t("ex.period")}</th><th scope="col">{t("ex.review")}</th></tr></thead>
            <tbody>
              {reg.data.items.map((x) => (
                <tr key={x.request_id}>
                  <td class="mono nowrap"><Link href={`/requests/${x.request_id}`}>{requestNo(x.request_id)}</Link>
                    {x.emergency ? <div><Badge kind="warn">{t("rq.exception.emergency")}</Badge></div> : null}</td>
                  <td>{x.provisions}{x.risk ? <div class="sub">{t("ex.risk")}: {x.risk}</div> : null}<div class="sub">{t("ex.alternative")}: {x.alternative}</div></td>
                  <td>{x.requester_name}<div class="sub">{x.unit_name ?? ""}</div></td>
                  <td>{t(`ex.status.${x.status}` as Key)}</td>
                  <td><Badge kind={x.report_status === "overdue" ? "danger" : x.report_status === "pending" ? "warn" : "neutral"}>{t(`ex.report.${x.report_status}` as Key)}</Badge>
                    {x.report_due && x.report_status !== "reported" ? <div class="sub">{t("rq.due", { date: formatDateTime(x.report_due) })}</div> : null}</td>
                  <td class="nowrap">{x.start_date ? `${formatDate(x.start_date)} 〜 ` : ""}{formatDate(x.end_date)}</td>
                  <td>{x.last_review_at ? <>{formatDate(x.last_review_at)}<div class="sub">{x.last_reviewer_name}</div></> : "—"}
                    {x.review_due ? <div><Badge kind="warn">{t("ex.review_due")}</Badge></div> : null}
                    {x.status !== "draft" ? <div><button type="button" class="btn btn-link" disabled={act.pending}
                      onClick={() => void act.run(async () => { await api.post(`/api/v1/exceptions/${x.request_id}/review`, {}); return t("ex.reviewed"); })}>{t("ex.do_review")}</button></div> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** お知らせ on the home page: reminders and decisions, unread first; titles never carry contents. */
export function NotificationsCard() {
  const list = useResource<{ items: Notification[]; unread: number }>("/api/v1/notifications?unread=1");
  const act = useAction(() => list.reload());
  const items = list.data?.items ?? [];
  return (
    <section class="card" aria-labelledby="home-notices" data-testid="notifications">
      <h2 id="home-notices" class="card-title">{t("nt.title")}{list.data?.unread ? <> <Badge kind="info">{t("nt.unread_n", { n: list.data.unread })}</Badge></> : null}</h2>
      <ErrorSummary error={act.error} />
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.data && !items.length ? <p class="sub">{t("nt.none")}</p> : null}
      <ul class="task-list">
        {items.map((n) => (
          <li key={n.id} class="task">
            <div class="task-title">{n.link ? <Link href={n.link}>{n.title}</Link> : n.title}</div>
            <div class="task-detail">{formatDateTime(n.created_at)}　
              <button type="button" class="btn btn-link" disabled={act.pending}
                onClick={() => void act.run(async () => { await api.post(`/api/v1/notifications/${n.id}/read`, {}); return ""; })}>{t("nt.read")}</button></div>
          </li>
        ))}
      </ul>
    </section>
  );
}
