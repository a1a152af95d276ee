// 違反 (第124条, 第133条–第134条; docs/incidents.md): any 職員 reports a violation of the policy; the
// 統括 confirms it (naming who violated: their 部局's 情報セキュリティ責任者 is told) or finds it
// unfounded, and records the handling as one of the pack's outcomes. The reporter sees their report and
// its state only; the server leaves out who violated and the handling for them.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField, missing } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { navigate } from "../router";
import { IncidentTabs } from "./Incidents";
import { violationFields } from "../entities.gen";
import { fieldLabel } from "../registers";

interface Choice { id: string; label: string; label_en: string }
interface Options { article: string; handling_article: string; discipline_article: string; chain: { id: string; label: string; article: string }[]; outcomes: Choice[] }
interface Item { id: number; state: string; noticed_at: string; article: string; unit_name: string; mine: boolean; full: boolean; outcome_label: string | null }
interface Recipient { step: string; role_label: string; person_id: number | null; name: string | null; notified_at: string; seen_at: string | null }
interface Violation {
  id: number; description: string; article: string; noticed_at: string; state: string; unit_name: string; reporter_name: string;
  incident_id: number | null; violator_name?: string | null; unfounded_reason?: string; outcome_label?: string | null;
  outcome_label_en?: string | null; outcome_on?: string | null; recipients?: Recipient[]; is_reporter: boolean; can_handle: boolean;
}

export const violationNo = (id: number) => `VIO-${String(id).padStart(5, "0")}`;
const stateLabel = (s: string) => t(`vio.state.${s}` as Key);

function nowJst(): string {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 16);
}

export function ViolationsPage() {
  const list = useResource<{ items: Item[] }>("/api/v1/violations");
  return (
    <>
      <PageHeading sub={t("vio.intro")}>{t("vio.title")}</PageHeading>
      <IncidentTabs current="violations" />
      <p><Link href="/incidents/violations/new" class="btn btn-primary">{t("vio.new")}</Link></p>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !list.data.items.length ? <div class="empty"><p class="empty-title">{t("vio.none")}</p></div> : null}
      {list.data && list.data.items.length ? (
        <div class="table-wrap">
          <table class="table table-striped" data-testid="violation-list">
            <thead><tr><th scope="col">{t("vio.no")}</th><th scope="col">{fieldLabel(violationFields.noticed_at)}</th><th scope="col">{fieldLabel(violationFields.article)}</th>
              <th scope="col">{t("inc.unit")}</th><th scope="col">{t("inc.state")}</th></tr></thead>
            <tbody>
              {list.data.items.map((x) => (
                <tr key={x.id}>
                  <td class="mono nowrap"><Link href={`/incidents/violations/${x.id}`}>{violationNo(x.id)}</Link>{x.mine ? <div><Badge kind="info">{t("vio.mine")}</Badge></div> : null}</td>
                  <td class="nowrap">{formatDateTime(x.noticed_at)}</td>
                  <td>{x.article}</td>
                  <td>{x.unit_name}</td>
                  <td>{stateLabel(x.state)}{x.outcome_label ? <div class="sub">{x.outcome_label}</div> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

export function ViolationNewPage() {
  const opts = useResource<Options>("/api/v1/violations/options");
  const [form, setForm] = useState({ description: "", article: "", noticed_at: nowJst() });
  const act = useAction(() => "");
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  function submit(e: Event) {
    e.preventDefault();
    const miss = missing(form, { description: fieldLabel(violationFields.description), noticed_at: fieldLabel(violationFields.noticed_at) });
    if (Object.keys(miss).length) return act.fail(miss);
    const body: Record<string, unknown> = { description: form.description.trim(), noticed_at: form.noticed_at };
    if (form.article.trim()) body.article = form.article.trim();
    void act.run(async () => {
      const r = await api.post<{ id: number }>("/api/v1/violations", body);
      navigate(`/incidents/violations/${r.id}?reported=1`);
      return "";
    });
  }
  return (
    <>
      <PageHeading sub={t("vio.new_intro")}>{t("vio.new")}</PageHeading>
      <IncidentTabs current="violations" />
      {opts.error ? <LoadError error={opts.error} retry={opts.reload} /> : null}
      {opts.data ? (
        <form class="form panel" noValidate onSubmit={submit} data-testid="violation-form">
          <p class="sub"><ArticleRef article={opts.data.article} /></p>
          <ErrorSummary error={act.error} fields={act.fields} />
          <TextAreaField label={fieldLabel(violationFields.description)} name="description" value={form.description} onInput={set("description")} rows={4} required hint={t("vio.field.description_hint")} error={act.fields.description} />
          <TextField label={fieldLabel(violationFields.article)} name="article" value={form.article} onInput={set("article")} size="s" hint={t("vio.field.article_hint")} error={act.fields.article} />
          <TextField label={fieldLabel(violationFields.noticed_at)} name="noticed_at" type="datetime-local" value={form.noticed_at} onInput={set("noticed_at")} size="m" required error={act.fields.noticed_at} />
          <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vio.submit")}</button></div>
        </form>
      ) : <Loading />}
    </>
  );
}

function AssessForm(p: { x: Violation; onDone: () => void }) {
  const [f, setF] = useState({ is_violation: "true", violator: "", reason: "" });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof f) => (v: string) => setF((o) => ({ ...o, [k]: v }));
  const yes = f.is_violation === "true";
  function submit(e: Event) {
    e.preventDefault();
    const miss = yes ? missing({ violator: f.violator }, { violator: fieldLabel(violationFields.violator_person_id) }) : missing(f, { reason: fieldLabel(violationFields.reason) });
    if (Object.keys(miss).length) return act.fail(yes ? { violator_person_id: miss.violator } : miss);
    const body: Record<string, unknown> = { is_violation: yes };
    if (yes) body.violator_person_id = f.violator;
    else body.reason = f.reason.trim();
    void act.run(async () => { await api.post(`/api/v1/violations/${p.x.id}/assess`, body); return ""; });
  }
  return (
    <form class="form card" noValidate onSubmit={submit} data-testid="violation-assess">
      <h2 class="card-title">{t("vio.assess")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("vio.field.is_violation")} name="is_violation" value={f.is_violation} onChange={set("is_violation")}
        options={[{ value: "true", label: t("vio.yes") }, { value: "false", label: t("vio.no_violation") }]} />
      {yes ? <PersonPicker label={fieldLabel(violationFields.violator_person_id)} name="violator" value={f.violator} onChange={set("violator")} required error={act.fields.violator_person_id} />
        : <TextAreaField label={fieldLabel(violationFields.reason)} name="reason" value={f.reason} onInput={set("reason")} rows={2} required error={act.fields.reason} />}
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vio.assess_submit")}</button></div>
    </form>
  );
}

function HandleForm(p: { x: Violation; o: Options; onDone: () => void }) {
  const [f, setF] = useState({ outcome: "", outcome_on: nowJst().slice(0, 10) });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof f) => (v: string) => setF((o) => ({ ...o, [k]: v }));
  function submit(e: Event) {
    e.preventDefault();
    const miss = missing(f, { outcome: fieldLabel(violationFields.outcome), outcome_on: fieldLabel(violationFields.outcome_on) });
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => { await api.post(`/api/v1/violations/${p.x.id}/handle`, f); return ""; });
  }
  return (
    <form class="form card" noValidate onSubmit={submit} data-testid="violation-handle">
      <h2 class="card-title">{t("vio.handle")}</h2>
      <p class="sub">{t("vio.handle_intro")} <ArticleRef article={p.o.discipline_article} />・<ArticleRef article={p.o.handling_article} /></p>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={fieldLabel(violationFields.outcome)} name="outcome" value={f.outcome} onChange={set("outcome")} required error={act.fields.outcome}
        placeholder={t("common.select")} options={p.o.outcomes.map((c) => ({ value: c.id, label: pick(c.label, c.label_en) }))} />
      <TextField label={fieldLabel(violationFields.outcome_on)} name="outcome_on" type="date" value={f.outcome_on} onInput={set("outcome_on")} size="m" required error={act.fields.outcome_on} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vio.handle_submit")}</button></div>
    </form>
  );
}

export function ViolationPage(p: { id: string }) {
  const res = useResource<Violation>(`/api/v1/violations/${encodeURIComponent(p.id)}`);
  const opts = useResource<Options>("/api/v1/violations/options");
  const [justReported, setJustReported] = useState(new URLSearchParams(window.location.search).has("reported"));
  if (res.error) return <LoadError error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  const x = res.data;
  return (
    <>
      <PageHeading sub={`${violationNo(x.id)}・${stateLabel(x.state)}`}>{t("vio.one")}</PageHeading>
      {justReported ? <Notice kind="success" onDismiss={() => setJustReported(false)}><p data-testid="violation-reported">{t("vio.reported")}</p></Notice> : null}
      <section class="card" aria-labelledby="vio-facts">
        <h2 id="vio-facts" class="card-title">{t("inc.facts")}</h2>
        <dl class="facts" data-testid="violation-facts">
          <dt>{fieldLabel(violationFields.description)}</dt><dd class="prewrap">{x.description}</dd>
          {x.article ? <><dt>{fieldLabel(violationFields.article)}</dt><dd>{x.article}</dd></> : null}
          <dt>{fieldLabel(violationFields.noticed_at)}</dt><dd>{formatDateTime(x.noticed_at)}</dd>
          <dt>{t("inc.unit")}</dt><dd>{x.unit_name}</dd>
          <dt>{t("inc.reporter")}</dt><dd>{x.reporter_name}</dd>
          <dt>{t("inc.state")}</dt><dd data-testid="violation-state">{stateLabel(x.state)}</dd>
          {x.incident_id ? <><dt>{t("vio.incident")}</dt><dd><Link href={`/incidents/${x.incident_id}`}>{`INC-${String(x.incident_id).padStart(5, "0")}`}</Link></dd></> : null}
          {x.violator_name ? <><dt>{fieldLabel(violationFields.violator_person_id)}</dt><dd>{x.violator_name}</dd></> : null}
          {x.unfounded_reason ? <><dt>{fieldLabel(violationFields.reason)}</dt><dd class="prewrap">{x.unfounded_reason}</dd></> : null}
          {x.outcome_label ? <><dt>{fieldLabel(violationFields.outcome)}</dt><dd data-testid="violation-outcome">{pick(x.outcome_label, x.outcome_label_en ?? x.outcome_label)}（{formatDate(x.outcome_on ?? "")}）</dd></> : null}
        </dl>
        {x.is_reporter && !x.recipients ? <p class="sub">{t("vio.reporter_note")}</p> : null}
      </section>
      {x.can_handle && x.state === "reported" ? <AssessForm x={x} onDone={res.reload} /> : null}
      {x.can_handle && x.state === "confirmed" && opts.data ? <HandleForm x={x} o={opts.data} onDone={res.reload} /> : null}
      {x.recipients ? (
        <section class="card" aria-labelledby="vio-chain">
          <h2 id="vio-chain" class="card-title">{t("inc.chain")}</h2>
          <table class="table" data-testid="violation-chain">
            <thead><tr><th scope="col">{t("inc.step")}</th><th scope="col">{t("inc.recipients")}</th><th scope="col">{t("inc.state")}</th></tr></thead>
            <tbody>
              {x.recipients.map((r, i) => (
                <tr key={i} data-step={r.step}>
                  <th scope="row">{opts.data?.chain.find((c) => c.id === r.step)?.label ?? (r.step === "superior" ? t("vio.step_superior") : r.step)}<div class="sub">{r.role_label}</div></th>
                  <td>{r.person_id ? r.name : <span class="sub">{t("inc.vacant")}</span>}</td>
                  <td>{r.seen_at ? `${t("inc.seen")} ${formatDateTime(r.seen_at)}` : t("inc.unseen")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
