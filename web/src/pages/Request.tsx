// 申請の詳細: what was asked (the kind's fields), its state, who must decide next and why (the role,
// its scope, the article, and any escalation under 第20条), the decision form for a waiting
// approver, the requester's actions (再提出・取下げ・返却の記録), the decisions with the hash of what
// was approved, and the history.
import { RequestNetcheck } from "./Netcheck";
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { useCite } from "../components/Citations";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { fieldText, requestNo, type Approval, type RequestDetail, type RequestType } from "../requests";
import { useSession } from "../session";
import { RequestTabs, StateBadge } from "./Requests";

export function RequestPage(p: { id: string }) {
  const me = useSession().person;
  const req = useResource<RequestDetail>(`/api/v1/requests/${encodeURIComponent(p.id)}`);
  const types = useResource<{ items: RequestType[] }>("/api/v1/request-types");
  const [done, setDone] = useState<string>(() => {
    const k = new URLSearchParams(window.location.search).get("done");
    return k === "created" ? t("rq.created") : k === "drafted" ? t("rq.drafted") : k === "emergency" ? t("rq.emergency_recorded") : "";
  });
  const r = req.data;
  const type = types.data?.items.find((x) => x.id === r?.type);
  const changed = (msg: string) => { setDone(msg); req.reload(); };
  const mine = !!(r && me && String(r.requester_person_id) === String(me.id));
  const waitingForMe = !!(r?.approval && me && r.approval.waiting.some((id) => String(id) === String(me.id)));
  const decidedByMe = !!(r && me && r.approvals.some((a) => String(a.approver_person_id) === String(me.id)));

  return (
    <>
      <PageHeading>{r ? t("rq.detail_title", { type: r.type_label, no: requestNo(r.id) }) : t("rq.title")}</PageHeading>
      <RequestTabs current={null} />
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="request-notice">{done}</p></Notice> : null}
      {req.error ? <LoadError error={req.error} retry={req.reload} /> : null}
      {req.loading && !r ? <Loading /> : null}
      {r ? (
        <div class="stack">
          <section class="panel" aria-labelledby="rq-summary">
            <h2 id="rq-summary">{t("rq.fields")}</h2>
            <dl class="facts facts-grid">
              <dt>{t("rq.state")}</dt><dd data-testid="request-state" data-state={r.state}><StateBadge state={r.state} /></dd>
              <dt>{t("rq.type")}</dt><dd>{r.type_label} <ArticleRef article={r.article} /></dd>
              {r.requester ? <><dt>{t("rq.requester")}</dt><dd data-testid="requester">{r.requester.name}{r.requester.unit ? `（${r.requester.unit.name}）` : ""}</dd></> : null}
              {r.object_id ? (
                <><dt>{t("rq.object")}</dt><dd><ObjectLink kind={r.object_kind} id={r.object_id} /></dd></>
              ) : null}
              {(type?.fields ?? []).map((f) => (
                <Fragment key={f.name}><dt>{f.label}</dt><dd data-field={f.name}>{(f.type === "asset" || f.type === "system") && typeof r.fields[f.name] === "number"
                  ? <ObjectLink kind={f.type} id={r.fields[f.name] as number} /> : fieldText(f, r.fields[f.name])}</dd></Fragment>
              ))}
              {r.exception?.emergency ? (
                <>
                  <dt>{t("rq.exception_info")}</dt><dd><Badge kind="warn">{t("rq.exception.emergency")}</Badge></dd>
                  <dt>{t("rq.exception.taken_at")}</dt><dd>{formatDateTime(r.exception.taken_at)}</dd>
                  <dt>{t("rq.exception.report_due")}</dt><dd data-testid="report-due">{formatDateTime(r.exception.report_due)}</dd>
                  {r.exception.reported_at ? <><dt>{t("rq.exception.reported_at")}</dt><dd>{formatDateTime(r.exception.reported_at)}</dd></> : null}
                </>
              ) : null}
              {r.exception?.last_review_at ? <><dt>{t("rq.exception.last_review")}</dt><dd>{formatDateTime(r.exception.last_review_at)}</dd></> : null}
              {r.submitted_at ? <><dt>{t("rq.submitted_at")}</dt><dd>{formatDateTime(r.submitted_at)}</dd></> : null}
              {r.departed_at ? <><dt>{t("rq.departed_at")}</dt><dd data-testid="departed-at">{formatDateTime(r.departed_at)}</dd></> : null}
              {r.valid_until ? <><dt>{t("rq.validity")}</dt><dd>{formatDate(r.valid_until)}</dd></> : null}
            </dl>
            {mine && r.state === "submitted" ? <p class="sub">{t("rq.requester_note")}</p> : null}
            {r.default_approver_note ? <p class="sub">{t("rq.default_approver_note", { note: r.default_approver_note })}</p> : null}
            <RequesterActions r={r} mine={mine} canComplete={mine || decidedByMe} onDone={changed} />
          </section>

          {r.type === "security_setting_change" ? <RequestNetcheck requestId={r.id} /> : null}
          {r.approval && r.approval.stage !== null ? <NextApprover a={r.approval} /> : null}
          {waitingForMe ? <DecideForm id={r.id} onDone={changed} /> : null}

          {r.approvals.length ? (
            <section class="panel" aria-labelledby="rq-approvals">
              <h2 id="rq-approvals">{t("rq.approvals")}</h2>
              <table class="table">
                <thead><tr><th scope="col">{t("rq.stage")}</th><th scope="col">{t("rq.decision")}</th><th scope="col">{t("rq.approver")}</th><th scope="col">{t("rq.comment")}</th><th scope="col">{t("rq.snapshot")}</th></tr></thead>
                <tbody>
                  {r.approvals.map((a) => (
                    <tr key={a.id}>
                      <td>{a.stage + 1}{a.escalated ? <> <Badge kind="warn">{t("rq.event.escalate")}</Badge></> : null}</td>
                      <td>{t(`rq.event.${a.decision}` as Key)}<div class="sub">{formatDateTime(a.decided_at)}</div></td>
                      <td>{a.approver_name}{a.deputy_for_name ? <div class="sub">{t("rq.as_deputy", { name: a.deputy_for_name })}</div> : null}</td>
                      <td>{a.comment || "—"}</td>
                      <td>{a.snapshot_hash ? (
                        <details class="hash-details"><summary>{t("rq.snapshot_show")}</summary><span class="mono hash">{a.snapshot_hash}</span></details>
                      ) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}

          <section class="panel" aria-labelledby="rq-history">
            <h2 id="rq-history">{t("rq.history")}</h2>
            <ol class="timeline" data-testid="request-history">
              {r.events.map((ev) => (
                <li key={ev.id}>
                  <span class="nowrap">{formatDateTime(ev.created_at)}</span>　<strong>{t(`rq.event.${ev.kind}` as Key)}</strong>
                  {ev.person_name ? `　${ev.person_name}` : ""}
                  {ev.comment ? <div class="sub">{ev.comment}</div> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </>
  );
}

/** The asset or system a request is about, by its number and name (both registers are readable by
 *  every signed-in person). */
function ObjectLink(p: { kind: string; id: number }) {
  const base = p.kind === "system" ? "/api/v1/systems" : "/api/v1/assets";
  const o = useResource<{ asset_no?: string; code?: string; name: string }>(`${base}/${p.id}`);
  const label = o.data ? `${o.data.asset_no ?? o.data.code ?? ""} ${o.data.name}` : `#${p.id}`;
  return <Link href={`/${p.kind === "system" ? "systems" : "assets"}/${p.id}`}>{label}</Link>;
}

/** Who must decide now and why: the role over its scope, the article, and any escalation. */
function NextApprover(p: { a: Approval }) {
  const a = p.a;
  const cite = useCite();
  return (
    <section class="panel" aria-labelledby="rq-next" data-testid="next-approver">
      <h2 id="rq-next">{t("rq.waiting_title")}（{t("rq.stage_n", { n: (a.stage ?? 0) + 1 })} / {a.stage_count}）</h2>
      <p class="next-role">{t("rq.waiting_role", { role: a.role_label, scope: a.scope === "organisation" ? a.scope_label : a.unit_name || a.scope_label })}</p>
      <p class="sub">{t("rq.why", { article: cite(a.article), scope: a.scope_label, mode: t(`rq.mode.${a.mode}` as Key) })}</p>
      {a.escalated && a.escalation_reason ? (
        <Notice kind="warning"><p data-testid="escalation">{t(`rq.escalated.${a.escalation_reason}` as Key)}</p></Notice>
      ) : null}
      {a.no_approver ? <Notice kind="warning"><p>{t("rq.no_approver")}</p></Notice> : null}
      <ul class="approvers">
        {a.approvers.map((x) => (
          <li key={x.person_id}>{x.name}（{x.role_label}）{x.deputy_for ? `［代行: ${x.deputy_for}］` : ""}　
            <Badge kind={x.decided ? "ok" : "info"}>{x.decided ? t("rq.approver_decided") : t("rq.approver_waiting")}</Badge></li>
        ))}
        {a.excluded.map((x) => <li key={`x${x.person_id}`} class="sub">{x.name}　{t("rq.excluded")}</li>)}
      </ul>
    </section>
  );
}

function DecideForm(p: { id: number; onDone: (msg: string) => void }) {
  const [decision, setDecision] = useState("");
  const [comment, setComment] = useState("");
  const act = useAction(p.onDone);
  function submit(e: Event) {
    e.preventDefault();
    if (!decision) return act.fail({ decision: t("common.select_missing", { label: t("rq.decision") }) });
    if (decision !== "approve" && !comment.trim()) return act.fail({ comment: t("rq.comment_required") });
    void act.run(async () => {
      await api.post(`/api/v1/requests/${p.id}/decide`, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      return t(`rq.decided.${decision}` as Key);
    });
  }
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="rq-decide">
      <h2 id="rq-decide">{t("rq.decide_title")}</h2>
      <p>{t("rq.you_are_approver")}</p>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("rq.decision")} name="decision" value={decision} onChange={setDecision} required error={act.fields.decision}
        placeholder={t("common.select")}
        options={["approve", "return", "reject"].map((d) => ({ value: d, label: t(`rq.decision.${d}` as Key) }))} />
      <TextAreaField label={t("rq.comment")} name="comment" value={comment} onInput={setComment} hint={t("rq.comment_hint")} error={act.fields.comment} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("rq.do_decide")}</button></div>
    </form>
  );
}

function RequesterActions(p: { r: RequestDetail; mine: boolean; canComplete: boolean; onDone: (msg: string) => void }) {
  const act = useAction(p.onDone);
  const [comment, setComment] = useState("");
  const { r } = p;
  const post = (path: string, body: object, msg: string) =>
    void act.run(async () => { await api.post(`/api/v1/requests/${r.id}/${path}`, body); return msg; });
  const resubmit = p.mine && (r.state === "draft" || r.state === "returned");
  const withdraw = p.mine && ["draft", "submitted", "returned"].includes(r.state);
  const complete = p.canComplete && r.state === "approved" && r.needs_return;
  const depart = p.mine && r.state === "approved" && r.needs_return && !r.departed_at;
  if (!resubmit && !withdraw && !complete) return null;
  return (
    <div class="request-actions">
      <ErrorSummary error={act.error} fields={act.fields} />
      {depart ? (
        <div class="subform">
          <p class="field-label">{t("rq.depart_title")}</p>
          <p class="field-hint">{t("rq.depart_hint")}</p>
          <button type="button" class="btn" disabled={act.pending} onClick={() => post("depart", {}, t("rq.departed"))}>{t("rq.depart")}</button>
        </div>
      ) : null}
      {complete ? (
        <div class="subform">
          <p class="field-label">{t("rq.complete_title")}</p>
          <p class="field-hint">{t("rq.complete_hint")}</p>
          <TextAreaField label={t("rq.comment")} name="complete-comment" value={comment} onInput={setComment} rows={2} />
          <button type="button" class="btn btn-primary" disabled={act.pending}
            onClick={() => post("complete", comment.trim() ? { comment: comment.trim() } : {}, t("rq.completed"))}>{t("rq.complete")}</button>
        </div>
      ) : null}
      <div class="form-actions">
        {resubmit ? (() => {
          const report = r.state === "draft" && !!r.exception?.emergency;
          const label = report ? t("rq.report") : r.state === "draft" ? t("rq.submit") : t("rq.resubmit");
          const done = report ? t("rq.reported") : r.state === "draft" ? t("rq.created") : t("rq.resubmitted");
          return <button type="button" class="btn btn-primary" disabled={act.pending} onClick={() => post("submit", {}, done)}>{label}</button>;
        })() : null}
        {withdraw ? <button type="button" class="btn" disabled={act.pending}
          onClick={() => { if (window.confirm(t("rq.withdraw_confirm"))) post("withdraw", {}, t("rq.withdrawn")); }}>{t("rq.withdraw")}</button> : null}
      </div>
    </div>
  );
}
