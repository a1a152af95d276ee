// The CSIRT's and the CISO's work on one report (第56条): the assessment, tasks with owner and due
// date, "same weakness elsewhere" from the systems register, the cause and proposed measures, the
// CISO's decision and the closure. Each form shows only to whom the server says may use it
// (can_csirt, can_decide, task owners); the server decides again.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading } from "../components/Feedback";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../components/Fields";
import { Badge } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatFiscalYear, todayJst } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { useSession } from "../session";
import { incidentFields, incidentTaskFields } from "../entities.gen";
import { fieldLabel } from "../registers";

interface Choice { id: string; label: string; label_en: string }
export interface WorkOptions { categories: Choice[]; severities: Choice[] }
export interface Task {
  id: number; kind: string; title: string; owner_person_id: number; owner_name: string; due_date: string;
  system_id: number | null; system_name: string | null; state: string; result: string; done_at: string | null; overdue: boolean;
}
export interface WorkIncident {
  id: number; state: string; category: string | null; severity: string | null; triage_note: string; cause: string;
  prevention: string; decision: string; decided_at: string | null; lessons: string; follow_up: string;
  review_fiscal_year: number | null; change_request_id: number | null;
  tasks: Task[]; can_csirt: boolean; can_decide: boolean;
}
interface Similar { system_id: number; code: string; name: string; reasons: { why: string; what: string }[]; manager_name: string | null }

const options = (list: Choice[]) => list.map((c) => ({ value: c.id, label: pick(c.label, c.label_en) }));

function TriageForm(p: { x: WorkIncident; o: WorkOptions; onDone: () => void }) {
  const [f, setF] = useState({ is_incident: "true", category: p.x.category ?? "", severity: p.x.severity ?? "", note: p.x.triage_note, causer: "" });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const yes = f.is_incident === "true";
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const body: Record<string, unknown> = { is_incident: yes, note: f.note.trim() };
      if (yes) Object.assign(body, { category: f.category || null, severity: f.severity || null });
      if (f.causer) body.causer_person_id = f.causer;
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      await api.post(`/api/v1/incidents/${p.x.id}/triage`, body);
      return t("inc.saved");
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="inc-triage" data-testid="triage-form">
      <h2 id="inc-triage">{t("inc.triage")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("inc.is_incident")} name="is_incident" value={f.is_incident} onChange={set("is_incident")} required
        options={[{ value: "true", label: t("inc.yes_incident") }, { value: "false", label: t("inc.not_incident") }]} />
      {yes ? (
        <div class="field-row">
          <SelectField label={fieldLabel(incidentFields.category)} name="category" value={f.category} onChange={set("category")} required placeholder={t("common.select")} options={options(p.o.categories)} error={act.fields.category} />
          <SelectField label={fieldLabel(incidentFields.severity)} name="severity" value={f.severity} onChange={set("severity")} required placeholder={t("common.select")} options={options(p.o.severities)} error={act.fields.severity} />
        </div>
      ) : null}
      <TextAreaField label={fieldLabel(incidentFields.note)} name="note" value={f.note} onInput={set("note")} rows={2} required={!yes} error={act.fields.note} />
      <PersonPicker label={fieldLabel(incidentFields.causer_person_id)} hint={t("inc.causer_hint")} name="causer" value={f.causer} onChange={set("causer")} error={act.fields.causer_person_id} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("inc.triage_submit")}</button></div>
    </form>
  );
}

function TaskDone(p: { incident: number; task: Task; onDone: () => void }) {
  const [result, setResult] = useState("");
  const act = useAction(p.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => { await api.post(`/api/v1/incidents/${p.incident}/tasks/${p.task.id}/done`, { result: result.trim() }); return ""; });
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField label={fieldLabel(incidentTaskFields.result)} name={`result-${p.task.id}`} value={result} onInput={setResult} size="m" required error={act.fields.result} />
      <button type="submit" class="btn" disabled={act.pending}>{t("inc.task.done")}</button>
      {act.error && !act.fields.result ? <ErrorSummary error={act.error} /> : null}
    </form>
  );
}

export function TasksCard(p: { x: WorkIncident; onDone: () => void }) {
  const me = useSession().person;
  return (
    <section class="card" aria-labelledby="inc-tasks">
      <h2 id="inc-tasks" class="card-title">{t("inc.tasks")}</h2>
      {p.x.tasks.length ? (
        <table class="table" data-testid="incident-tasks">
          <thead><tr><th scope="col">{fieldLabel(incidentTaskFields.kind)}</th><th scope="col">{fieldLabel(incidentTaskFields.title)}</th><th scope="col">{fieldLabel(incidentTaskFields.owner_person_id)}</th>
            <th scope="col">{fieldLabel(incidentTaskFields.due_date)}</th><th scope="col">{t("inc.state")}</th></tr></thead>
          <tbody>
            {p.x.tasks.map((k) => (
              <tr key={k.id}>
                <td>{t(`inc.task.${k.kind}` as Key)}</td>
                <th scope="row">{k.title}{k.result ? <div class="sub">{fieldLabel(incidentTaskFields.result)}: {k.result}</div> : null}</th>
                <td>{k.owner_name}</td>
                <td class="nowrap">{formatDate(k.due_date)}{k.overdue ? <div><Badge kind="danger">{t("inc.task.overdue")}</Badge></div> : null}</td>
                <td>{k.state === "done" ? <Badge kind="ok">{t("inc.task.finished")}</Badge> : (
                  <>
                    <Badge kind="warn">{t("inc.task.open")}</Badge>
                    {p.x.state === "triaged" && (p.x.can_csirt || k.owner_person_id === Number(me?.id)) ? <TaskDone incident={p.x.id} task={k} onDone={p.onDone} /> : null}
                  </>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="sub">{t("inc.no_tasks")}</p>}
    </section>
  );
}

function TaskForm(p: { x: WorkIncident; onDone: () => void }) {
  const [f, setF] = useState({ kind: "containment", title: "", owner: "", due: todayJst() });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/incidents/${p.x.id}/tasks`, { kind: f.kind, title: f.title.trim(), owner_person_id: f.owner || null, due_date: f.due });
      setF((s) => ({ ...s, title: "" }));
      return "";
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="inc-task-add" data-testid="task-form">
      <h2 id="inc-task-add">{t("inc.task.add")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={fieldLabel(incidentTaskFields.kind)} name="kind" value={f.kind} onChange={set("kind")} required
        options={["containment", "recovery", "prevention"].map((k) => ({ value: k, label: t(`inc.task.${k}` as Key) }))} />
      <TextField label={fieldLabel(incidentTaskFields.title)} name="task-title" value={f.title} onInput={set("title")} size="l" required error={act.fields.title} />
      <PersonPicker label={fieldLabel(incidentTaskFields.owner_person_id)} name="owner" value={f.owner} onChange={set("owner")} required error={act.fields.owner_person_id} />
      <TextField label={fieldLabel(incidentTaskFields.due_date)} name="due" type="date" value={f.due} onInput={set("due")} size="s" required error={act.fields.due_date} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("inc.task.add")}</button></div>
    </form>
  );
}

function SimilarCard(p: { x: WorkIncident; onDone: () => void }) {
  const list = useResource<{ items: Similar[] }>(`/api/v1/incidents/${p.x.id}/similar`);
  const [chosen, setChosen] = useState<number[]>([]);
  const [due, setDue] = useState(todayJst());
  const act = useAction(p.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => { await api.post(`/api/v1/incidents/${p.x.id}/similar`, { system_ids: chosen, due_date: due }); setChosen([]); return ""; });
  };
  return (
    <section class="card" aria-labelledby="inc-similar">
      <h2 id="inc-similar" class="card-title">{t("inc.similar")}</h2>
      <p class="sub">{t("inc.similar_intro")}</p>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data ? <Loading /> : !list.data.items.length ? <p>{t("inc.similar_none")}</p> : (
        <form noValidate onSubmit={submit} data-testid="similar-form">
          <ErrorSummary error={act.error} fields={act.fields} />
          {list.data.items.map((s) => (
            <CheckboxField key={s.system_id} name={`sys-${s.system_id}`} checked={chosen.includes(s.system_id)}
              label={`${s.code} ${s.name}（${s.reasons.map((r) => `${t(`inc.why.${r.why}` as Key)}: ${r.what}`).join("、")}）${s.manager_name ? ` — ${s.manager_name}` : ""}`}
              onChange={(on) => setChosen((c) => (on ? [...c, s.system_id] : c.filter((x) => x !== s.system_id)))} />
          ))}
          <TextField label={fieldLabel(incidentTaskFields.due_date)} name="similar-due" type="date" value={due} onInput={setDue} size="s" required error={act.fields.due_date} />
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending || !chosen.length}>{t("inc.similar_assign")}</button></div>
        </form>
      )}
    </section>
  );
}

function TextForm(p: { id: string; title: string; path: string; fields: { name: string; label: string; required: boolean; rows: number }[];
  submit: string; onDone: () => void }) {
  const [f, setF] = useState<Record<string, string>>({});
  const act = useAction(p.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const body: Record<string, string> = {};
      for (const x of p.fields) if ((f[x.name] ?? "").trim() || x.required) body[x.name] = (f[x.name] ?? "").trim();
      await api.post(p.path, body);
      return "";
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby={p.id} data-testid={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      {p.fields.map((x) => x.rows > 1 ? (
        <TextAreaField key={x.name} label={x.label} name={x.name} value={f[x.name] ?? ""} onInput={(v) => setF((s) => ({ ...s, [x.name]: v }))} rows={x.rows} required={x.required} error={act.fields[x.name]} />
      ) : (
        <TextField key={x.name} label={x.label} name={x.name} value={f[x.name] ?? ""} onInput={(v) => setF((s) => ({ ...s, [x.name]: v }))} size="l" required={x.required} error={act.fields[x.name]} />
      ))}
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{p.submit}</button></div>
    </form>
  );
}

/** 年度 (April–March) of a JST date "YYYY-MM-DD". */
const fiscalYearOf = (d: string) => Number(d.slice(0, 4)) - (Number(d.slice(5, 7)) < 4 ? 1 : 0);

/** The closure (第56条, 第165条): the lessons and where they go — the 年度 whose 見直し takes them in (this
 * 年度 or the next; the server refuses one already held) and/or a change request by its number. */
function CloseForm(p: { x: WorkIncident; onDone: () => void }) {
  const thisYear = fiscalYearOf(todayJst());
  const [f, setF] = useState({ lessons: "", review_fiscal_year: String(thisYear), change_request_id: "", follow_up: "" });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { lessons: f.lessons.trim() };
    if (f.review_fiscal_year) body.review_fiscal_year = Number(f.review_fiscal_year);
    const no = f.change_request_id.trim().replace(/^No\.?\s*/i, "");
    if (no) body.change_request_id = /^\d+$/.test(no) ? Number(no) : no;
    if (f.follow_up.trim()) body.follow_up = f.follow_up.trim();
    void act.run(async () => { await api.post(`/api/v1/incidents/${p.x.id}/close`, body); return ""; });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="close-form" data-testid="close-form">
      <h2 id="close-form">{t("inc.close")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextAreaField label={fieldLabel(incidentFields.lessons)} name="lessons" value={f.lessons} onInput={set("lessons")} rows={3} required error={act.fields.lessons} />
      <p class="sub">{t("inc.follow_up_intro")}</p>
      <div class="field-row">
        <SelectField label={fieldLabel(incidentFields.review_fiscal_year)} name="review_fiscal_year" value={f.review_fiscal_year} onChange={set("review_fiscal_year")}
          error={act.fields.review_fiscal_year} options={[{ value: "", label: t("inc.review_none") },
            ...[thisYear, thisYear + 1].map((y) => ({ value: String(y), label: formatFiscalYear(y) }))]} />
        <TextField label={fieldLabel(incidentFields.change_request_id)} name="change_request_id" value={f.change_request_id} onInput={set("change_request_id")}
          size="s" inputMode="numeric" hint={t("inc.change_request_hint")} error={act.fields.change_request_id} />
      </div>
      <TextField label={fieldLabel(incidentFields.follow_up)} name="follow_up" value={f.follow_up} onInput={set("follow_up")} size="l" error={act.fields.follow_up} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("inc.close_submit")}</button></div>
    </form>
  );
}

/** The forms for the step the report is at, for whom may take it. */
export function IncidentWork(p: { x: WorkIncident; o: WorkOptions | null; onDone: () => void }) {
  const x = p.x;
  const open = x.state === "reported" || x.state === "triaged";
  return (
    <div class="stack">
      {x.can_csirt && open && p.o ? <TriageForm x={x} o={p.o} onDone={p.onDone} /> : null}
      {x.can_csirt && x.state === "triaged" ? (
        <>
          <TaskForm x={x} onDone={p.onDone} />
          <SimilarCard x={x} onDone={p.onDone} />
          <TextForm id="cause-form" title={t("inc.cause")} path={`/api/v1/incidents/${x.id}/cause`} submit={t("inc.cause_submit")} onDone={p.onDone}
            fields={[{ name: "cause", label: fieldLabel(incidentFields.cause), required: true, rows: 3 }, { name: "prevention", label: fieldLabel(incidentFields.prevention), required: true, rows: 3 }]} />
        </>
      ) : null}
      {x.can_decide && x.state === "triaged" && x.prevention ? (
        <TextForm id="decision-form" title={t("inc.decision")} path={`/api/v1/incidents/${x.id}/decision`} submit={t("inc.decision_submit")} onDone={p.onDone}
          fields={[{ name: "decision", label: fieldLabel(incidentFields.decision), required: true, rows: 3 }]} />
      ) : null}
      {x.can_csirt && x.state === "triaged" && x.decided_at ? (
        <CloseForm x={x} onDone={p.onDone} />
      ) : null}
    </div>
  );
}
