// Reports outside (第21条5・6, 第54条4): the reports that apply with their deadlines (和暦: a formal
// document), the draft in the official form's order, and the submitted version frozen by the server
// with its SHA-256. For the CSIRT and the CISO.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading } from "../components/Feedback";
import { TextAreaField } from "../components/Fields";
import { ArticleRef, Badge } from "../components/Page";
import { formatDateTime, formatWareki } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t } from "../i18n";

interface FormItem { key: string; label: string; label_en: string }
interface Report {
  kind: string; label: string; label_en: string; recipient: string; citation: string; article: string; due_date: string;
  days_left: number; overdue: boolean; remind: boolean; draft: Record<string, string>; form: FormItem[];
  submitted: { id: number; sha256: string; submitted_at: string; submitted_by_name: string; body: { fields: Record<string, string> } } | null;
}

function ReportForm(p: { id: number; r: Report; onDone: () => void }) {
  const [f, setF] = useState<Record<string, string>>(p.r.draft);
  const act = useAction(p.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => { await api.post(`/api/v1/incidents/${p.id}/reports`, { kind: p.r.kind, fields: f }); return ""; });
  };
  return (
    <form noValidate onSubmit={submit} data-testid={`report-${p.r.kind}`}>
      <ErrorSummary error={act.error} fields={act.fields} />
      {p.r.form.map((x, i) => (
        <TextAreaField key={x.key} label={`${i + 1} ${pick(x.label, x.label_en)}`} name={`${p.r.kind}-${x.key}`} value={f[x.key] ?? ""}
          onInput={(v) => setF((s) => ({ ...s, [x.key]: v }))} rows={2} required={i === 0} error={act.fields[`fields.${x.key}`]} />
      ))}
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("inc.report_submit")}</button></div>
    </form>
  );
}

export function ReportsCard(p: { id: number; tick: number }) {
  const res = useResource<{ items: Report[] }>(`/api/v1/incidents/${p.id}/reports?v=${p.tick}`);
  return (
    <section class="card" aria-labelledby="inc-reports">
      <h2 id="inc-reports" class="card-title">{t("inc.reports")}</h2>
      <p class="sub">{t("inc.reports_intro")}</p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : !res.data ? <Loading /> : !res.data.items.length ? <p>{t("inc.reports_none")}</p> : (
        res.data.items.map((r) => (
          <details key={r.kind} class="panel" open={!r.submitted && r.remind}>
            <summary>
              <strong>{pick(r.label, r.label_en)}</strong>（{r.recipient}）　
              {r.submitted ? <Badge kind="ok">{t("inc.report_submitted", { time: formatDateTime(r.submitted.submitted_at), name: r.submitted.submitted_by_name })}</Badge>
                : <>{t("inc.report_due", { date: formatWareki(r.due_date), n: r.days_left })} {r.overdue ? <Badge kind="danger">{t("inc.report_overdue")}</Badge> : r.remind ? <Badge kind="warn">{t("inc.report_soon")}</Badge> : null}</>}
            </summary>
            <p class="sub">{r.citation}　<ArticleRef article={r.article} /></p>
            {r.submitted ? (
              <>
                <dl class="facts">
                  {r.form.map((x, i) => <Fragment key={x.key}><dt>{i + 1} {pick(x.label, x.label_en)}</dt><dd class="prewrap">{r.submitted?.body.fields[x.key] || "—"}</dd></Fragment>)}
                </dl>
                <p class="mono sub" data-testid={`report-hash-${r.kind}`}>SHA-256 {r.submitted.sha256}</p>
              </>
            ) : <ReportForm id={p.id} r={r} onDone={res.reload} />}
          </details>
        ))
      )}
    </section>
  );
}
