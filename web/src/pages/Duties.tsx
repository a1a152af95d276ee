// 定期的な義務 (issue 14): the pack's periodic duties (checks.yaml) with their status this 年度 or
// period, and one duty's page with what was done and the form to record it. Who sees and records a
// duty is the server's (the roles that carry it out, and evaluation.manage).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime, formatFiscalYear } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";

export interface Duty {
  id: string; label: string; article: string; period: "fiscal_year" | "days" | "none"; value: number;
  owners: { id: string; label: string }[]; state: string; due: string | null; done_count?: number; required?: number;
  last_done_on: string | null; fiscal_year: number; previous?: { fiscal_year: number; done_count: number; met: boolean };
  remind_before_days: number; may_record: boolean;
  records?: { id: number; done_on: string; fiscal_year: number; summary: string; evidence: string;
    recorded_by: { id: number; name: string }; recorded_at: string }[];
}

const badgeKind: Record<string, "ok" | "warn" | "danger" | "neutral" | "info"> = {
  done: "ok", open: "neutral", due_soon: "warn", overdue: "danger", never: "danger", standing: "info",
};

export function DutyState(p: { state: string }) {
  return <Badge kind={badgeKind[p.state] ?? "neutral"}>{t(`duty.state.${p.state}` as Key)}</Badge>;
}

function period(d: Duty): string {
  return t(`duty.period.${d.period}` as Key, { n: d.value });
}

function progress(d: Duty): string {
  if (d.period === "fiscal_year") return t("duty.done_of", { done: d.done_count ?? 0, required: d.required ?? d.value });
  return d.last_done_on ? formatDate(d.last_done_on) : "—";
}

export function DutiesPage() {
  const res = useResource<{ items: Duty[]; fiscal_year: number }>("/api/v1/duties");
  return (
    <>
      <PageHeading sub={t("duty.intro")}>{t("duty.title")}</PageHeading>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data && !res.data.items.length ? <p class="sub">{t("duty.empty")}</p> : null}
      {res.data && res.data.items.length ? (
        <div class="table-wrap">
          <table class="table" data-testid="duties">
            <caption class="visually-hidden">{t("duty.title")} {formatFiscalYear(res.data.fiscal_year)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("duty.name")}</th><th scope="col">{t("duty.article")}</th><th scope="col">{t("duty.period")}</th>
                <th scope="col">{t("duty.owners")}</th><th scope="col">{t("duty.state")}</th><th scope="col">{t("duty.due")}</th>
                <th scope="col">{t("duty.done_count")} / {t("duty.last_done")}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((d) => (
                <tr key={d.id} data-duty={d.id}>
                  <td><Link href={`/duties/${d.id}`}>{d.label}</Link></td>
                  <td><ArticleRef article={d.article} /></td>
                  <td>{period(d)}</td>
                  <td>{d.owners.map((o) => o.label).join("、") || "—"}</td>
                  <td><DutyState state={d.state} /></td>
                  <td>{d.due ? formatDate(d.due) : "—"}</td>
                  <td>{d.period === "none" ? "—" : progress(d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

export function DutyPage(p: { id: string }) {
  const res = useResource<Duty>(`/api/v1/duties/${encodeURIComponent(p.id)}`);
  const [done, setDone] = useState("");
  const d = res.data;
  return (
    <>
      <p><Link href="/duties">{t("duty.back")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <PageHeading>{d.label}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="duty-notice">{done}</p></Notice> : null}
          <dl class="facts facts-grid panel" data-testid="duty-facts">
            <dt>{t("duty.article")}</dt><dd><ArticleRef article={d.article} /></dd>
            <dt>{t("duty.period")}</dt><dd>{period(d)}</dd>
            <dt>{t("duty.owners")}</dt><dd>{d.owners.map((o) => o.label).join("、") || "—"}</dd>
            <dt>{t("duty.state")}</dt><dd><DutyState state={d.state} /></dd>
            {d.due ? <><dt>{t("duty.due")}</dt><dd>{formatDate(d.due)}</dd></> : null}
            {d.period === "fiscal_year" ? <><dt>{t("duty.done_count")} ({formatFiscalYear(d.fiscal_year)})</dt><dd>{progress(d)}</dd></> : null}
            {d.previous ? (
              <><dt>{t("duty.previous", { year: formatFiscalYear(d.previous.fiscal_year) })}</dt>
                <dd>{d.previous.met ? t("duty.previous_met") : t("duty.previous_missed")} ({t("duty.done_of", { done: d.previous.done_count, required: d.value })})</dd></>
            ) : null}
            <dt>{t("duty.last_done")}</dt><dd>{d.last_done_on ? formatDate(d.last_done_on) : "—"}</dd>
          </dl>
          {d.period === "none" ? <p class="sub">{t("duty.standing_note")}</p> : null}
          {d.may_record ? <RecordForm id={d.id} onDone={(msg) => { setDone(msg); res.reload(); }} /> : null}
          <section class="panel" aria-labelledby="duty-records">
            <h2 id="duty-records">{t("duty.records")}</h2>
            {d.records?.length ? (
              <div class="table-wrap">
                <table class="table" data-testid="duty-records">
                  <thead><tr><th scope="col">{t("duty.done_on")}</th><th scope="col">{t("duty.summary")}</th>
                    <th scope="col">{t("duty.evidence")}</th><th scope="col">{t("duty.recorded_by")}</th></tr></thead>
                  <tbody>
                    {d.records.map((r) => (
                      <tr key={r.id}>
                        <td>{formatDate(r.done_on)}</td><td class="prewrap">{r.summary}</td><td>{r.evidence || "—"}</td>
                        <td>{r.recorded_by.name}<br /><span class="sub">{formatDateTime(r.recorded_at)}</span></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : <p class="sub">{t("duty.records_empty")}</p>}
          </section>
        </>
      ) : null}
    </>
  );
}

function RecordForm(p: { id: string; onDone: (msg: string) => void }) {
  const [f, setF] = useState({ done_on: "", summary: "", evidence: "" });
  const set = (k: keyof typeof f) => (x: string) => setF({ ...f, [k]: x });
  const act = useAction((msg) => { setF({ done_on: "", summary: "", evidence: "" }); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/duties/${encodeURIComponent(p.id)}/records`,
        { done_on: f.done_on, summary: f.summary, ...(f.evidence ? { evidence: f.evidence } : {}) });
      return t("duty.recorded");
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="duty-form">
      <h2 id="duty-form">{t("duty.record_new")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("duty.done_on")} name="done_on" type="date" value={f.done_on} onInput={set("done_on")} required error={act.fields.done_on} />
      <TextAreaField label={t("duty.summary")} name="summary" value={f.summary} onInput={set("summary")} required error={act.fields.summary} rows={3} />
      <TextField label={t("duty.evidence")} name="evidence" value={f.evidence} onInput={set("evidence")} hint={t("duty.evidence_hint")} error={act.fields.evidence} size="l" />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("duty.record_do")}</button></div>
    </form>
  );
}
