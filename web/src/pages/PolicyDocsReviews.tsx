// 情報セキュリティポリシーの見直し (第165条): one record per 年度 (displayed 令和N年度) with the risk
// evaluation, its inputs (audit and self-check results, with links), the decisions and the
// resulting revision (a version of a registered document). Each 年度 also lists the closed incidents
// whose closure named its review for their lessons (docs/incidents.md); those the reader may not open
// are only counted.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { PageHeading } from "../components/Page";
import { formatDate, formatFiscalYear } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t } from "../i18n";
import { kindLabel, PolicyDocsTabs, type PdDoc, type PdVersionRow } from "./PolicyDocs";
import { policyReviewFields } from "../entities.gen";
import { fieldLabel } from "../registers";

interface Review {
  id: number; fiscal_year: number; fiscal_year_label: string; reviewed_on: string; risk_evaluation: string; inputs: string;
  input_links: { label: string; url: string }[]; decisions: string; revision_version_id: number | null;
  revision: { id: number; seq: number; title: string; kind: string } | null;
  incidents: Lessons;
}

/** The closed incidents whose lessons a 年度's review takes in; hidden: those the reader may not open. */
interface Lessons {
  items: { id: number; title: string; category_label: string | null; category_label_en: string | null; closed_at: string; lessons: string }[];
  hidden: number;
}

const wareki = (y: number) => (y >= 2019 ? `令和${y === 2019 ? "元" : y - 2018}年度` : `${y}年度`);

export function PolicyReviewsPage() {
  const res = useResource<{ items: Review[]; current_fiscal_year: number; incidents_pending: (Lessons & { fiscal_year: number })[] }>("/api/v1/policy-reviews");
  const [editing, setEditing] = useState<Review | null>(null);
  const [done, setDone] = useState("");
  return (
    <>
      <PageHeading sub={t("pd.reviews_intro")}>{t("pd.reviews_title")}</PageHeading>
      <PolicyDocsTabs current="reviews" manage />
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="review-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data ? (
        <div class="stack">
          {res.data.items.length ? res.data.items.map((r) => (
            <section key={r.id} class="panel" data-testid="review" aria-labelledby={`rv-${r.id}`}>
              <h2 id={`rv-${r.id}`}>{r.fiscal_year_label}</h2>
              <dl class="facts facts-grid">
                <dt>{fieldLabel(policyReviewFields.reviewed_on)}</dt><dd>{formatDate(r.reviewed_on)}</dd>
                <dt>{fieldLabel(policyReviewFields.risk_evaluation)}</dt><dd class="prewrap">{r.risk_evaluation}</dd>
                <dt>{fieldLabel(policyReviewFields.inputs)}</dt><dd class="prewrap">{r.inputs || "—"}
                  {r.input_links.length ? <ul class="plain">{r.input_links.map((l, i) => <li key={i}><a href={l.url} rel="noopener noreferrer">{l.label}</a></li>)}</ul> : null}
                </dd>
                <dt>{fieldLabel(policyReviewFields.decisions)}</dt><dd class="prewrap">{r.decisions}</dd>
                <dt>{fieldLabel(policyReviewFields.revision_version_id)}</dt><dd>{r.revision ? <Link href={`/policy-docs/versions/${r.revision.id}`}>{r.revision.title} {t("pd.seq", { n: r.revision.seq })}</Link> : t("pd.revision_none")}</dd>
                <dt>{t("pd.lessons")}</dt><dd><ReviewLessons l={r.incidents} /></dd>
              </dl>
              <button type="button" class="btn" onClick={() => setEditing(r)}>{t("pd.review_edit")}</button>
            </section>
          )) : <p class="sub">{t("pd.reviews_empty")}</p>}
          {res.data.incidents_pending.length ? (
            <section class="panel" data-testid="lessons-pending" aria-labelledby="rv-pending">
              <h2 id="rv-pending">{t("pd.lessons_pending")}</h2>
              <p class="sub">{t("pd.lessons_pending_intro")}</p>
              {res.data.incidents_pending.map((y) => (
                <div key={y.fiscal_year} data-testid="lessons-year">
                  <h3>{formatFiscalYear(y.fiscal_year)}</h3>
                  <ReviewLessons l={y} />
                </div>
              ))}
            </section>
          ) : null}
          <ReviewForm key={editing?.id ?? "new"} review={editing} year={res.data.current_fiscal_year}
            onDone={(msg) => { setDone(msg); setEditing(null); res.reload(); }} />
        </div>
      ) : null}
    </>
  );
}

/** The incidents whose lessons go to a review: title (linked), category, closed date and the lessons. */
function ReviewLessons(p: { l: Lessons }) {
  if (!p.l.items.length && !p.l.hidden) return <span class="sub">{t("pd.lessons_none")}</span>;
  return (
    <div data-testid="review-lessons">
      {p.l.items.length ? (
        <ul class="plain">
          {p.l.items.map((x) => (
            <li key={x.id} data-testid="review-incident">
              <Link href={`/incidents/${x.id}`}>{x.title}</Link>
              {x.category_label ? `（${pick(x.category_label, x.category_label_en)}）` : ""}
              <span class="sub"> {t("pd.lessons_closed", { date: formatDate(x.closed_at) })}</span>
              <div class="prewrap">{x.lessons}</div>
            </li>
          ))}
        </ul>
      ) : null}
      {p.l.hidden ? <p class="sub" data-testid="review-lessons-hidden">{t("pd.lessons_hidden", { n: p.l.hidden })}</p> : null}
    </div>
  );
}

function ReviewForm(p: { review: Review | null; year: number; onDone: (msg: string) => void }) {
  const r = p.review;
  const [f, setF] = useState({
    fiscal_year: String(r?.fiscal_year ?? p.year), reviewed_on: r?.reviewed_on ?? "", risk_evaluation: r?.risk_evaluation ?? "",
    inputs: r?.inputs ?? "", links: (r?.input_links ?? []).map((l) => `${l.label} ${l.url}`).join("\n"),
    decisions: r?.decisions ?? "", revision_version_id: r?.revision_version_id ? String(r.revision_version_id) : "",
  });
  const set = (k: keyof typeof f) => (x: string) => setF({ ...f, [k]: x });
  const versions = useVersions();
  const act = useAction(p.onDone);
  const years = [p.year - 1, p.year, p.year + 1];
  const submit = (e: Event) => {
    e.preventDefault();
    const input_links = f.links.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
      const i = l.lastIndexOf(" ");
      return i > 0 ? { label: l.slice(0, i).trim(), url: l.slice(i + 1) } : { label: l, url: "" };
    });
    const body = {
      fiscal_year: Number(f.fiscal_year), reviewed_on: f.reviewed_on, risk_evaluation: f.risk_evaluation, inputs: f.inputs,
      input_links, decisions: f.decisions, revision_version_id: f.revision_version_id || null,
    };
    void act.run(async () => {
      if (r) await api.patch(`/api/v1/policy-reviews/${r.id}`, body);
      else await api.post("/api/v1/policy-reviews", body);
      return t("pd.review_saved");
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="rv-form">
      <h2 id="rv-form">{r ? `${t("pd.review_edit")}（${r.fiscal_year_label}）` : t("pd.review_new")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={fieldLabel(policyReviewFields.fiscal_year)} name="fiscal_year" value={f.fiscal_year} onChange={set("fiscal_year")} required error={act.fields.fiscal_year}
        options={years.map((y) => ({ value: String(y), label: wareki(y) }))} />
      <TextField label={fieldLabel(policyReviewFields.reviewed_on)} name="reviewed_on" type="date" value={f.reviewed_on} onInput={set("reviewed_on")} required error={act.fields.reviewed_on} />
      <TextAreaField label={fieldLabel(policyReviewFields.risk_evaluation)} name="risk_evaluation" value={f.risk_evaluation} onInput={set("risk_evaluation")} required hint={t("pd.risk_hint")} error={act.fields.risk_evaluation} rows={4} />
      <TextAreaField label={fieldLabel(policyReviewFields.inputs)} name="inputs" value={f.inputs} onInput={set("inputs")} error={act.fields.inputs} rows={3} />
      <TextAreaField label={t("pd.input_links")} name="input_links" value={f.links} onInput={set("links")} hint={t("pd.input_links_hint")} error={act.fields.input_links} rows={2} />
      <TextAreaField label={fieldLabel(policyReviewFields.decisions)} name="decisions" value={f.decisions} onInput={set("decisions")} required error={act.fields.decisions} rows={3} />
      <SelectField label={fieldLabel(policyReviewFields.revision_version_id)} name="revision_version_id" value={f.revision_version_id} onChange={set("revision_version_id")} error={act.fields.revision_version_id}
        placeholder={t("pd.revision_none")} options={versions.map((v) => ({ value: String(v.id), label: v.label }))} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("pd.save")}</button></div>
    </form>
  );
}

/** Every version of every document (for choosing the review's resulting revision). */
function useVersions(): { id: number; label: string }[] {
  const list = useResource<{ items: PdDoc[] }>("/api/v1/policy-docs");
  const [out, setOut] = useState<{ id: number; label: string }[]>([]);
  useEffect(() => {
    if (!list.data) return;
    let live = true;
    void Promise.all(list.data.items.map((d) => api.get<{ versions: PdVersionRow[] }>(`/api/v1/policy-docs/${d.id}`).then((x) =>
      x.versions.filter((v) => v.state !== "discarded").map((v) => ({ id: v.id, label: `${kindLabel(d.kind)} ${d.title} ${t("pd.seq", { n: v.seq })}` })),
    ))).then((all) => { if (live) setOut(all.flat()); }, () => { if (live) setOut([]); });
    return () => { live = false; };
  }, [list.data]);
  return out;
}
