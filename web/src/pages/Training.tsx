// 研修 (issue 15): everyone's own courses of the 年度 and whether they attended; for training.manage the
// courses of a 年度 with their 受講率 and the form to register one; a course's page with its sessions,
// 受講率 per 課室 and who has not attended (also for a 課室's 情報セキュリティ管理者, 第51条5), attendance
// by hand and imported from a file (checked first, all rows or none). The rules are the server's.
import { useState } from "preact/hooks";
import { api, ApiError, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { PersonPicker } from "../components/PersonPicker";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { formatDate, formatFiscalYear, todayJst } from "../format";
import { useAction, useResource } from "../hooks";
import { lang, t, type Key } from "../i18n";
import { can, useSession } from "../session";
import { DrillPlanFacts } from "./EmergencyPlan";

interface Counts { target: number; attended: number; rate: number }
interface Course {
  id: number; fiscal_year: number; title: string; audience: string; audience_label: string; method: string;
  description: string; due_on: string | null; counts: Counts | null;
  sessions?: { id: number; held_on: string; place: string; instructor: string }[];
}
interface Audience { id: string; label: string; label_en: string; article: string }
interface Mine { fiscal_year: number; items: (Course & { attended_on: string | null })[] }
interface Rates { course: Course; sections: ({ unit_id: number; name: string } & Counts)[]; total: Counts }
interface Missing { items: { person_id: number; staff_no: string; name: string; section_name: string; unit_name: string }[]; truncated: boolean }
interface Attendance { items: { id: number; person_id: number; staff_no: string; name: string; attended_on: string; note: string; source: string; withdrawn_at: string | null }[] }
interface ImportResult { rows: number; valid_rows: number; error_count: number; already: number; created: number; dry_run: boolean;
  errors: { row: number; column: string; code: string; ja: string; en: string }[] }

function currentFiscalYear(): number {
  const [y, m] = todayJst().split("-").map(Number);
  return m >= 4 ? y : y - 1;
}

function counts(c: Counts | null): string {
  return c ? t("tr.counts", { attended: c.attended, target: c.target, rate: c.rate.toFixed(1) }) : "—";
}

export function TrainingPage() {
  const session = useSession();
  const manager = can(session, "training.manage");
  const [fy, setFy] = useState(currentFiscalYear());
  const mine = useResource<Mine>(session.person ? "/api/v1/training/me" : null);
  return (
    <>
      <PageHeading sub={t("tr.intro")}>{t("tr.title")}</PageHeading>
      {mine.data ? (
        <section class="panel" aria-labelledby="tr-mine">
          <h2 id="tr-mine">{t("tr.mine", { year: formatFiscalYear(mine.data.fiscal_year) })}</h2>
          {mine.data.items.length ? (
            <ul data-testid="training-mine">
              {mine.data.items.map((c) => (
                <li key={c.id}>
                  {c.title} ({c.audience_label}{c.due_on ? `・${t("tr.due_on")} ${formatDate(c.due_on)}` : ""}){" "}
                  {c.attended_on ? <Badge kind="ok">{t("tr.attended", { date: formatDate(c.attended_on) })}</Badge>
                    : <Badge kind="warn">{t("tr.not_attended")}</Badge>}
                </li>
              ))}
            </ul>
          ) : <p class="sub">{t("tr.mine_empty")}</p>}
        </section>
      ) : null}
      {manager ? <Courses fy={fy} setFy={setFy} /> : null}
      {manager ? <Drills fy={fy} /> : null}
    </>
  );
}

interface PlanApproval { decision_id: number; meeting_id: number; meets_on: string; meeting_title: string; text: string }

/** 第51条: the 年度's 研修計画 (its courses) and the 委員会's approval of it, or that it awaits one. */
function PlanApprovalLine(p: { fy: number; a: PlanApproval | null }) {
  return (
    <p data-testid="training-plan-approval"><ArticleRef article="第51条" /> {t("tr.plan", { year: formatFiscalYear(p.fy) })}: {p.a
      ? <><Badge kind="ok">{t("tr.plan_approved")}</Badge> <Link href={`/committee/meetings/${p.a.meeting_id}`}>{formatDate(p.a.meets_on)}「{p.a.meeting_title}」</Link></>
      : <Badge kind="warn">{t("tr.plan_not_approved")}</Badge>}</p>
  );
}

function Courses(p: { fy: number; setFy: (y: number) => void }) {
  const res = useResource<{ items: Course[]; plan_approval?: PlanApproval | null }>(withQuery("/api/v1/training/courses", { fiscal_year: String(p.fy) }));
  const [done, setDone] = useState("");
  const years = [0, 1, 2, 3].map((k) => currentFiscalYear() + 1 - k);
  return (
    <section class="panel" aria-labelledby="tr-courses">
      <h2 id="tr-courses">{t("tr.courses")}</h2>
      <SelectField label={t("tr.fiscal_year")} name="fiscal_year" value={String(p.fy)} onChange={(v) => p.setFy(Number(v))}
        options={years.map((y) => ({ value: String(y), label: formatFiscalYear(y) }))} size="s" />
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="training-notice">{done}</p></Notice> : null}
      {res.data ? <PlanApprovalLine fy={p.fy} a={res.data.plan_approval ?? null} /> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data && !res.data.items.length ? <p class="sub">{t("tr.empty")}</p> : null}
      {res.data?.items.length ? (
        <div class="table-wrap">
          <table class="table" data-testid="training-courses">
            <thead><tr><th scope="col">{t("tr.course")}</th><th scope="col">{t("tr.audience")}</th><th scope="col">{t("tr.method")}</th>
              <th scope="col">{t("tr.due_on")}</th><th scope="col">{t("tr.rate")}</th></tr></thead>
            <tbody>
              {res.data.items.map((c) => (
                <tr key={c.id}>
                  <td><Link href={`/training/${c.id}`}>{c.title}</Link></td><td>{c.audience_label}</td>
                  <td>{t(`tr.method.${c.method}` as Key)}</td><td>{c.due_on ? formatDate(c.due_on) : "—"}</td><td>{counts(c.counts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NewCourse fy={p.fy} onDone={(m) => { setDone(m); res.reload(); }} />
    </section>
  );
}

function NewCourse(p: { fy: number; onDone: (msg: string) => void }) {
  const audiences = useResource<{ items: Audience[] }>("/api/v1/training/audiences");
  const empty = { title: "", audience: "", method: "classroom", due_on: "", description: "" };
  const [f, setF] = useState(empty);
  const set = (k: keyof typeof f) => (x: string) => setF({ ...f, [k]: x });
  const act = useAction((msg) => { setF(empty); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post("/api/v1/training/courses", { fiscal_year: p.fy, title: f.title, audience: f.audience, method: f.method,
        ...(f.due_on ? { due_on: f.due_on } : {}), ...(f.description ? { description: f.description } : {}) });
      return t("tr.created");
    });
  };
  return (
    <form class="form" noValidate onSubmit={submit} aria-labelledby="tr-new">
      <h3 id="tr-new">{t("tr.new")} ({formatFiscalYear(p.fy)})</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("tr.course")} name="title" value={f.title} onInput={set("title")} required error={act.fields.title} size="l" />
      <SelectField label={t("tr.audience")} name="audience" value={f.audience} onChange={set("audience")} required error={act.fields.audience}
        placeholder="" options={(audiences.data?.items ?? []).map((a) => ({ value: a.id, label: lang() === "en" ? a.label_en : a.label }))} />
      <SelectField label={t("tr.method")} name="method" value={f.method} onChange={set("method")} error={act.fields.method}
        options={["classroom", "elearning", "other"].map((m) => ({ value: m, label: t(`tr.method.${m}` as Key) }))} />
      <TextField label={t("tr.due_on")} name="due_on" type="date" value={f.due_on} onInput={set("due_on")} error={act.fields.due_on} />
      <TextAreaField label={t("tr.description")} name="description" value={f.description} onInput={set("description")} error={act.fields.description} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("tr.create")}</button></div>
    </form>
  );
}

export function CoursePage(p: { id: string }) {
  const manager = can(useSession(), "training.manage");
  const rates = useResource<Rates>(`/api/v1/training/courses/${encodeURIComponent(p.id)}/rates`);
  const course = useResource<Course>(manager ? `/api/v1/training/courses/${encodeURIComponent(p.id)}` : null);
  const [done, setDone] = useState("");
  const [section, setSection] = useState<{ id: number; name: string } | null>(null);
  const reload = (msg: string) => { setDone(msg); rates.reload(); course.reload(); };
  const c = course.data ?? rates.data?.course;
  return (
    <>
      <p><Link href="/training">{t("tr.back")}</Link></p>
      {rates.error ? <LoadError error={rates.error} retry={rates.reload} /> : null}
      {!c && rates.loading ? <Loading /> : null}
      {c ? (
        <>
          <PageHeading>{c.title}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="course-notice">{done}</p></Notice> : null}
          <dl class="facts facts-grid panel" data-testid="course-facts">
            <dt>{t("tr.fiscal_year")}</dt><dd>{formatFiscalYear(c.fiscal_year)}</dd>
            <dt>{t("tr.audience")}</dt><dd>{c.audience_label} <ArticleRef article="第51条" /></dd>
            {course.data ? <><dt>{t("tr.method")}</dt><dd>{t(`tr.method.${course.data.method}` as Key)}</dd></> : null}
            <dt>{t("tr.due_on")}</dt><dd>{c.due_on ? formatDate(c.due_on) : "—"}</dd>
            {rates.data ? <><dt>{t("tr.rate")}</dt><dd data-testid="course-total">{counts(rates.data.total)}</dd></> : null}
          </dl>
          {rates.data ? (
            <section class="panel" aria-labelledby="tr-rates">
              <h2 id="tr-rates">{t("tr.by_section")}</h2>
              <div class="table-wrap">
                <table class="table" data-testid="course-rates">
                  <thead><tr><th scope="col">{t("tr.section")}</th><th scope="col">{t("tr.target")}</th><th scope="col">{t("tr.attended_n")}</th>
                    <th scope="col">{t("tr.rate")}</th><th scope="col">{t("tr.missing")}</th></tr></thead>
                  <tbody>
                    {rates.data.sections.map((s) => (
                      <tr key={s.unit_id} data-section={s.name}>
                        <td>{s.name}</td><td>{s.target}</td><td>{s.attended}</td><td>{s.rate.toFixed(1)}%</td>
                        <td>{s.attended < s.target ? <button type="button" class="btn btn-link" onClick={() => setSection({ id: s.unit_id, name: s.name })}>{t("tr.missing_show")}</button> : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {section ? <MissingList course={p.id} section={section} /> : null}
            </section>
          ) : null}
          {course.data ? <Manage course={course.data} onDone={reload} /> : null}
        </>
      ) : null}
    </>
  );
}

function MissingList(p: { course: string; section: { id: number; name: string } }) {
  const res = useResource<Missing>(withQuery(`/api/v1/training/courses/${encodeURIComponent(p.course)}/missing`, { section_id: String(p.section.id) }));
  return (
    <div aria-live="polite">
      <h3>{t("tr.missing_of", { section: p.section.name })}</h3>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.data && !res.data.items.length ? <p class="sub">{t("tr.missing_empty")}</p> : null}
      {res.data?.items.length ? (
        <table class="table" data-testid="course-missing">
          <thead><tr><th scope="col">{t("tr.staff_no")}</th><th scope="col">{t("tr.name")}</th><th scope="col">{t("tr.unit")}</th></tr></thead>
          <tbody>{res.data.items.map((x) => <tr key={x.person_id}><td>{x.staff_no}</td><td>{x.name}</td><td>{x.unit_name}</td></tr>)}</tbody>
        </table>
      ) : null}
    </div>
  );
}

function Manage(p: { course: Course; onDone: (msg: string) => void }) {
  const base = `/api/v1/training/courses/${p.course.id}`;
  const list = useResource<Attendance>(`${base}/attendance`);
  const done = (m: string) => { list.reload(); p.onDone(m); };
  const withdraw = useAction(done);
  return (
    <>
      <Sessions course={p.course} onDone={p.onDone} />
      <RecordForm base={base} onDone={done} />
      <ImportForm base={base} onDone={done} />
      <section class="panel" aria-labelledby="tr-att">
        <h2 id="tr-att">{t("tr.attendance")}</h2>
        <ErrorSummary error={withdraw.error} fields={withdraw.fields} />
        {list.data?.items.length ? (
          <div class="table-wrap">
            <table class="table" data-testid="course-attendance">
              <thead><tr><th scope="col">{t("tr.staff_no")}</th><th scope="col">{t("tr.name")}</th><th scope="col">{t("tr.attended_on")}</th>
                <th scope="col">{t("tr.note")}</th><th scope="col"><span class="visually-hidden">{t("tr.withdraw")}</span></th></tr></thead>
              <tbody>
                {list.data.items.map((a) => (
                  <tr key={a.id}>
                    <td>{a.staff_no}</td><td>{a.name}</td><td>{formatDate(a.attended_on)} ({t(`tr.source.${a.source}` as Key)})</td><td>{a.note || "—"}</td>
                    <td>{a.withdrawn_at ? <Badge kind="neutral">{t("tr.withdrawn")}</Badge>
                      : <button type="button" class="btn btn-secondary" disabled={withdraw.pending}
                          onClick={() => void withdraw.run(async () => { await api.post(`${base}/attendance/${a.id}/withdraw`, {}); return t("tr.withdrew"); })}>
                          {t("tr.withdraw")}</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

function Sessions(p: { course: Course; onDone: (msg: string) => void }) {
  const empty = { held_on: "", place: "", instructor: "" };
  const [f, setF] = useState(empty);
  const set = (k: keyof typeof f) => (x: string) => setF({ ...f, [k]: x });
  const act = useAction((msg) => { setF(empty); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/training/courses/${p.course.id}/sessions`, { held_on: f.held_on, place: f.place, instructor: f.instructor });
      return t("tr.session_added");
    });
  };
  return (
    <section class="panel" aria-labelledby="tr-sessions">
      <h2 id="tr-sessions">{t("tr.sessions")}</h2>
      {p.course.sessions?.length ? (
        <ul data-testid="course-sessions">
          {p.course.sessions.map((s) => <li key={s.id}>{formatDate(s.held_on)} {s.place} {s.instructor}</li>)}
        </ul>
      ) : <p class="sub">{t("tr.sessions_empty")}</p>}
      <form class="form" noValidate onSubmit={submit}>
        <ErrorSummary error={act.error} fields={act.fields} />
        <TextField label={t("tr.held_on")} name="held_on" type="date" value={f.held_on} onInput={set("held_on")} required error={act.fields.held_on} />
        <TextField label={t("tr.place")} name="place" value={f.place} onInput={set("place")} error={act.fields.place} />
        <TextField label={t("tr.instructor")} name="instructor" value={f.instructor} onInput={set("instructor")} error={act.fields.instructor} />
        <div class="form-actions"><button type="submit" class="btn btn-secondary" disabled={act.pending}>{t("tr.session_add")}</button></div>
      </form>
    </section>
  );
}

function RecordForm(p: { base: string; onDone: (msg: string) => void }) {
  const [person, setPerson] = useState("");
  const [day, setDay] = useState("");
  const [note, setNote] = useState("");
  const act = useAction((msg) => { setPerson(""); setDay(""); setNote(""); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`${p.base}/attendance`, { person_id: person, attended_on: day, ...(note ? { note } : {}) });
      return t("tr.recorded");
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="tr-record">
      <h2 id="tr-record">{t("tr.record")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <PersonPicker label={t("tr.person")} name="person_id" value={person} onChange={setPerson} required error={act.fields.person_id} />
      <TextField label={t("tr.attended_on")} name="attended_on" type="date" value={day} onInput={setDay} required error={act.fields.attended_on} />
      <TextField label={t("tr.note")} name="note" value={note} onInput={setNote} error={act.fields.note} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("tr.record_do")}</button></div>
    </form>
  );
}

function ImportForm(p: { base: string; onDone: (msg: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const send = async (dry: boolean) => {
    if (!file) return;
    setPending(true); setError(null);
    try {
      const ct = file.name.toLowerCase().endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
      const r = await api.upload<ImportResult>(withQuery(`${p.base}/import`, { filename: file.name, ...(dry ? { dry_run: "1" } : {}) }), file, ct);
      setResult(r);
      if (!dry) { setFile(null); p.onDone(t("tr.imported", { created: r.created, already: r.already })); }
    } catch (err) {
      setError(err);
      const prob = err instanceof ApiError ? err.problem : null;
      if (prob && Array.isArray(prob.errors)) setResult({ rows: 0, valid_rows: 0, error_count: prob.errors.length, already: 0, created: 0, dry_run: true, errors: prob.errors as never });
    } finally { setPending(false); }
  };
  return (
    <section class="panel" aria-labelledby="tr-import">
      <h2 id="tr-import">{t("tr.import")}</h2>
      <p class="sub">{t("tr.import_hint")}</p>
      <ErrorSummary error={error} fields={{}} />
      <div class="field">
        <label for="tr-file">{t("tr.file")}</label>
        <input id="tr-file" type="file" accept=".csv,.tsv,.xlsx,text/csv" onChange={(e) => { setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null); setResult(null); }} />
      </div>
      <div class="form-actions">
        <button type="button" class="btn btn-secondary" disabled={!file || pending} onClick={() => void send(true)}>{t("tr.check")}</button>
        <button type="button" class="btn btn-primary" disabled={!file || pending || !result || !result.dry_run || result.error_count > 0} onClick={() => void send(false)}>{t("tr.apply")}</button>
      </div>
      {result?.dry_run && result.rows ? <p data-testid="import-summary">{t("tr.checked", { rows: result.rows, valid: result.valid_rows, already: result.already, errors: result.error_count })}</p> : null}
      {result?.errors.length ? (
        <table class="table" data-testid="import-errors">
          <caption>{t("tr.errors")}</caption>
          <thead><tr><th scope="col">{t("tr.row")}</th><th scope="col">{t("tr.column")}</th><th scope="col">{t("tr.problem")}</th></tr></thead>
          <tbody>{result.errors.map((x, i) => <tr key={i}><td>{x.row}</td><td>{x.column}</td><td>{lang() === "en" ? x.en : x.ja}</td></tr>)}</tbody>
        </table>
      ) : null}
    </section>
  );
}

interface DrillRow { id: number; fiscal_year: number; title: string; held_on: string; participants: number; open_findings: number }
interface Drill {
  id: number; fiscal_year: number; title: string; held_on: string; scenario: string; scope: string; may_manage: boolean;
  participants: { person_id: number; staff_no: string; name: string; part: string }[];
  findings: { id: number; finding: string; owner_person_id: number; owner_name: string; due_on: string; state: string; result: string; done_on: string | null }[];
}

function Drills(p: { fy: number }) {
  const res = useResource<{ items: DrillRow[] }>(withQuery("/api/v1/training/drills", { fiscal_year: String(p.fy) }));
  const empty = { title: "", held_on: "", scenario: "", scope: "" };
  const [f, setF] = useState(empty);
  const [done, setDone] = useState("");
  const set = (k: keyof typeof f) => (x: string) => setF({ ...f, [k]: x });
  const act = useAction((msg) => { setF(empty); setDone(msg); res.reload(); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post("/api/v1/training/drills", { fiscal_year: p.fy, title: f.title, held_on: f.held_on, scenario: f.scenario, ...(f.scope ? { scope: f.scope } : {}) });
      return t("tr.drill_created");
    });
  };
  return (
    <section class="panel" aria-labelledby="tr-drills">
      <h2 id="tr-drills">{t("tr.drills")}</h2>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="drill-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.data && !res.data.items.length ? <p class="sub">{t("tr.drills_empty")}</p> : null}
      {res.data?.items.length ? (
        <table class="table" data-testid="training-drills">
          <thead><tr><th scope="col">{t("tr.drill_title")}</th><th scope="col">{t("tr.drill_held_on")}</th>
            <th scope="col">{t("tr.participants_n")}</th><th scope="col">{t("tr.open_findings")}</th></tr></thead>
          <tbody>{res.data.items.map((d) => (
            <tr key={d.id}><td><Link href={`/training/drills/${d.id}`}>{d.title}</Link></td><td>{formatDate(d.held_on)}</td>
              <td>{d.participants}</td><td>{d.open_findings}</td></tr>))}</tbody>
        </table>
      ) : null}
      <form class="form" noValidate onSubmit={submit} aria-labelledby="tr-drill-new">
        <h3 id="tr-drill-new">{t("tr.drill_new")} ({formatFiscalYear(p.fy)})</h3>
        <ErrorSummary error={act.error} fields={act.fields} />
        <TextField label={t("tr.drill_title")} name="drill_title" value={f.title} onInput={set("title")} required error={act.fields.title} size="l" />
        <TextField label={t("tr.drill_held_on")} name="drill_held_on" type="date" value={f.held_on} onInput={set("held_on")} required error={act.fields.held_on} />
        <TextAreaField label={t("tr.scenario")} name="scenario" value={f.scenario} onInput={set("scenario")} required error={act.fields.scenario} />
        <TextAreaField label={t("tr.scope")} name="scope" value={f.scope} onInput={set("scope")} error={act.fields.scope} />
        <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("tr.drill_new")}</button></div>
      </form>
    </section>
  );
}

export function DrillPage(p: { id: string }) {
  const res = useResource<Drill>(`/api/v1/training/drills/${encodeURIComponent(p.id)}`);
  const [done, setDone] = useState("");
  const me = useSession().person;
  const d = res.data;
  const reload = (msg: string) => { setDone(msg); res.reload(); };
  return (
    <>
      <p><Link href="/training">{t("tr.back_drills")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <PageHeading>{d.title}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="drill-notice">{done}</p></Notice> : null}
          <dl class="facts facts-grid panel" data-testid="drill-facts">
            <dt>{t("tr.drill_held_on")}</dt><dd>{formatDate(d.held_on)} <ArticleRef article="第52条" /></dd>
            <dt>{t("tr.scenario")}</dt><dd class="prewrap">{d.scenario}</dd>
            <dt>{t("tr.scope")}</dt><dd class="prewrap">{d.scope || "—"}</dd>
            <DrillPlanFacts drill={d.id} />
          </dl>
          <section class="panel" aria-labelledby="dr-people">
            <h2 id="dr-people">{t("tr.participants")}</h2>
            {d.participants.length ? <ul data-testid="drill-participants">{d.participants.map((x) => <li key={x.person_id}>{x.name} ({x.staff_no}){x.part ? `・${x.part}` : ""}</li>)}</ul> : null}
            {d.may_manage ? <AddParticipant drill={d.id} onDone={reload} /> : null}
          </section>
          <section class="panel" aria-labelledby="dr-findings">
            <h2 id="dr-findings">{t("tr.findings")}</h2>
            {d.findings.length ? (
              <ul data-testid="drill-findings">
                {d.findings.map((x) => (
                  <li key={x.id}>
                    <p class="prewrap">{x.finding}</p>
                    <p class="sub">{t("tr.owner")}: {x.owner_name}・{t("tr.finding_due")}: {formatDate(x.due_on)}{" "}
                      {x.state === "done" ? <Badge kind="ok">{t("tr.finding_done", { date: formatDate(x.done_on) })}</Badge> : <Badge kind="warn">{t("tr.finding_open")}</Badge>}</p>
                    {x.state === "done" ? <p>{t("tr.result")}: {x.result}</p> : null}
                    {x.state === "open" && (d.may_manage || String(x.owner_person_id) === String(me?.id))
                      ? <CloseFinding drill={d.id} finding={x.id} onDone={reload} /> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            {d.may_manage ? <AddFinding drill={d.id} onDone={reload} /> : null}
          </section>
        </>
      ) : null}
    </>
  );
}

function AddParticipant(p: { drill: number; onDone: (msg: string) => void }) {
  const [person, setPerson] = useState("");
  const [part, setPart] = useState("");
  const act = useAction((msg) => { setPerson(""); setPart(""); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/training/drills/${p.drill}/participants`, { person_id: person || null, ...(part ? { part } : {}) });
      return t("tr.participant_added");
    });
  };
  return (
    <form class="form" noValidate onSubmit={submit}>
      <ErrorSummary error={act.error} fields={act.fields} />
      <PersonPicker label={t("tr.participants")} name="participant" value={person} onChange={setPerson} required error={act.fields.person_id} />
      <TextField label={t("tr.part")} name="part" value={part} onInput={setPart} error={act.fields.part} />
      <div class="form-actions"><button type="submit" class="btn btn-secondary" disabled={act.pending}>{t("tr.participant_add")}</button></div>
    </form>
  );
}

function AddFinding(p: { drill: number; onDone: (msg: string) => void }) {
  const [f, setF] = useState({ finding: "", owner: "", due_on: "" });
  const act = useAction((msg) => { setF({ finding: "", owner: "", due_on: "" }); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/training/drills/${p.drill}/findings`, { finding: f.finding, owner_person_id: f.owner || undefined, due_on: f.due_on });
      return t("tr.finding_added");
    });
  };
  return (
    <form class="form" noValidate onSubmit={submit} aria-labelledby="dr-finding-new">
      <h3 id="dr-finding-new">{t("tr.finding_add")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextAreaField label={t("tr.finding")} name="finding" value={f.finding} onInput={(v) => setF({ ...f, finding: v })} required error={act.fields.finding} />
      <PersonPicker label={t("tr.owner")} name="owner" value={f.owner} onChange={(v) => setF({ ...f, owner: v })} required error={act.fields.owner_person_id} />
      <TextField label={t("tr.finding_due")} name="finding_due" type="date" value={f.due_on} onInput={(v) => setF({ ...f, due_on: v })} required error={act.fields.due_on} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("tr.finding_add")}</button></div>
    </form>
  );
}

function CloseFinding(p: { drill: number; finding: number; onDone: (msg: string) => void }) {
  const [result, setResult] = useState("");
  const act = useAction((msg) => { setResult(""); p.onDone(msg); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/training/drills/${p.drill}/findings/${p.finding}/close`, { result });
      return t("tr.finding_closed");
    });
  };
  return (
    <form class="form" noValidate onSubmit={submit}>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("tr.result")} name={`result-${p.finding}`} value={result} onInput={setResult} required error={act.fields.result} size="l" />
      <div class="form-actions"><button type="submit" class="btn btn-secondary" disabled={act.pending}>{t("tr.finding_close")}</button></div>
    </form>
  );
}
