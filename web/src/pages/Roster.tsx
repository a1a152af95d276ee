// 人事異動 (issue 15, docs/people.md): the 人事 roster import — a check that shows every change and
// what follows from it (roles ended, approvals re-routed, tasks), then the application — for those who
// keep the people register; and, for everyone, the tasks it left them (returns, 第84条6 passwords).
import { useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { TextAreaField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { can, useSession } from "../session";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Answer {
  dry_run: boolean; rows: number; error_count: number; import_id: number | null;
  errors: { row: number; column: string; field: string; code: string; ja: string; en: string }[];
  mapping?: unknown;
  counts: Record<string, number>;
  changes: { row: number; change: string; staff_no: string; name: string; from_unit: string; to_unit: string; moved_on: string | null; leaves_on: string | null }[];
  renamed_units: { unit_id: number; from: string; to: string }[];
  roles_ended: { assignment_id: number; person_name: string; staff_no: string; role_label: string; scope_label: string; valid_until: string }[];
  delegations_ended: { delegation_id: number; principal_name: string; deputy_name: string; role_label: string;
    reason: "principal_role_ended" | "deputy_leaving" | "deputy_moved"; valid_until: string | null }[];
  approvals_rerouted: { request_id: number; type_label: string; from: string[]; to: string[]; no_approver: boolean }[];
  tasks: { kind: string; person_name: string; staff_no: string; asset_no?: string; asset_name?: string; system_id?: number; login_id?: string; due_on: string }[];
}

interface Task {
  id: number; kind: string; label: string; label_en: string; article: string; person_name: string; staff_no: string;
  unit_name: string | null; asset_no: string | null; asset_name: string | null; system_name: string | null; login_id: string;
  due_on: string; done_at: string | null; done_by_name: string | null; done_note: string | null; can_do: boolean;
}


export function RosterPage() {
  const session = useSession();
  const hr = can(session, "people.manage");
  const [all, setAll] = useState(false);
  const tasks = useResource<{ items: Task[] }>(`/api/v1/roster/tasks${all ? "?all=1" : ""}`);
  return (
    <main id="main" class="page">
      <PageHeading sub={t("ro.intro")}>{t("ro.title")}</PageHeading>
      {hr ? <ImportForm onDone={tasks.reload} /> : null}
      <section class="panel" aria-labelledby="ro-tasks">
        <h2 id="ro-tasks">{t("ro.tasks")}</h2>
        <label class="check"><input type="checkbox" checked={all} onChange={(e) => setAll((e.currentTarget as HTMLInputElement).checked)} /> {t("ro.show_all")}</label>
        {tasks.loading && !tasks.data ? <Loading /> : tasks.error ? <LoadError error={tasks.error} retry={tasks.reload} /> : (
          tasks.data && tasks.data.items.length ? (
            <div class="table-wrap">
              <table class="table table-striped" data-testid="ro-tasks">
                <thead><tr><th scope="col">{t("ro.task")}</th><th scope="col">{t("ro.person")}</th><th scope="col">{t("ro.target")}</th>
                  <th scope="col">{t("ro.due")}</th><th scope="col">{t("ro.done")}</th></tr></thead>
                <tbody>{tasks.data.items.map((x) => <TaskRow key={x.id} task={x} onDone={tasks.reload} />)}</tbody>
              </table>
            </div>
          ) : <p>{t("ro.tasks_none")}</p>
        )}
      </section>
      {hr ? <History /> : null}
    </main>
  );
}

function TaskRow(p: { task: Task; onDone: () => void }) {
  const x = p.task;
  const [note, setNote] = useState("");
  const act = useAction(() => p.onDone());
  const target = x.asset_no ? `${x.asset_no} ${x.asset_name ?? ""}` : x.system_name ? `${x.system_name}${x.login_id ? ` (${x.login_id})` : ""}` : x.unit_name ?? "";
  return (
    <tr data-task={x.kind} data-staff={x.staff_no}>
      <td>{pick(x.label, x.label_en)} <ArticleRef article={x.article} /></td>
      <td>{x.person_name} <span class="mono">{x.staff_no}</span></td>
      <td>{target}</td>
      <td>{formatDate(x.due_on)}</td>
      <td>
        {x.done_at ? <span><Badge kind="ok">{t("ro.done")}</Badge> {formatDateTime(x.done_at)} {x.done_by_name ?? ""} — {x.done_note}</span> : x.can_do ? (
          <form noValidate onSubmit={(e) => { e.preventDefault(); act.run(async () => { await api.post(`/api/v1/roster/tasks/${x.id}/done`, { note }); return ""; }); }}>
            <ErrorSummary error={act.error} fields={act.fields} />
            <TextAreaField label={t("ro.note")} name={`note-${x.id}`} value={note} onInput={setNote} rows={2} required error={act.fields.note} />
            <button type="submit" class="btn" disabled={act.pending}>{t("ro.record_done")}</button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}

function ImportForm(p: { onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [done, setDone] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const input = useRef<HTMLInputElement>(null);
  const send = (dry: boolean) => {
    if (!file) { setFields({ file: t("ro.no_file") }); setError({ clientOnly: true }); return; }
    setPending(true); setError(null); setFields({}); setDone("");
    const ct = file.name.toLowerCase().endsWith(".xlsx") ? XLSX : "text/csv";
    api.upload<Answer>(`/api/v1/roster/import?filename=${encodeURIComponent(file.name)}${dry ? "&dry_run=1" : ""}`, file, ct)
      .then((r) => {
        if (dry) setAnswer(r);
        else {
          setAnswer(null); setFile(null); if (input.current) input.current.value = "";
          setDone(t("ro.applied", { moved: r.counts.moved ?? 0, leaving: r.counts.leaving ?? 0, new: r.counts.new ?? 0 }));
          p.onDone();
        }
      })
      .catch((err) => {
        setError(err);
        if (err instanceof ApiError) {
          setFields(err.fields());
          if (Array.isArray(err.problem.errors) && "rows" in err.problem) setAnswer(err.problem as unknown as Answer);
        }
      })
      .finally(() => setPending(false));
  };
  const a = answer;
  return (
    <form class="form panel" noValidate onSubmit={(e) => { e.preventDefault(); send(true); }} aria-labelledby="ro-import">
      <h2 id="ro-import">{t("ro.import")}</h2>
      <p class="sub">{t("ro.import_intro")}</p>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="ro-notice">{done}</p></Notice> : null}
      <ErrorSummary error={error} fields={fields} />
      <div class={`field ${fields.file ? "has-error" : ""}`}>
        <div class="field-label-row"><label for="ro-file" class="field-label">{t("ro.file")}</label><span class="req" aria-hidden="true">{t("common.required")}</span></div>
        {fields.file ? <div id="ro-file-error" class="field-error">{fields.file}</div> : null}
        <input id="ro-file" ref={input} name="file" type="file" class="input input-l file-input" accept=".csv,.xlsx,text/csv"
          aria-required="true" aria-invalid={fields.file ? "true" : undefined}
          onChange={(e) => { setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null); setAnswer(null); }} />
      </div>
      <div class="form-actions">
        <button type="submit" class="btn" disabled={pending}>{t("ro.dry_run")}</button>
        {a && a.error_count === 0 && a.rows > 0 ? (
          <button type="button" class="btn btn-primary" disabled={pending} onClick={() => send(false)}>{t("ro.apply", { n: a.rows })}</button>
        ) : null}
      </div>
      {a ? (
        <div data-testid="ro-preview">
          <p>{t("ro.summary", { rows: a.rows, errors: a.error_count })}</p>
          {a.errors.length ? (
            <div class="table-wrap">
              <table class="table table-striped" data-testid="ro-errors">
                <thead><tr><th scope="col" class="num">{t("ro.row")}</th><th scope="col">{t("ro.column")}</th><th scope="col">{t("ro.message")}</th></tr></thead>
                <tbody>{a.errors.map((x, i) => <tr key={i}><td class="num mono">{x.row}</td><td class="mono">{x.column}</td><td>{pick(x.ja, x.en)}</td></tr>)}</tbody>
              </table>
            </div>
          ) : (
            <Preview a={a} />
          )}
        </div>
      ) : null}
    </form>
  );
}

function Preview(p: { a: Answer }) {
  const a = p.a;
  const c = a.counts;
  return (
    <div>
      <p data-testid="ro-counts">{t("ro.counts", { new: c.new ?? 0, moved: c.moved ?? 0, leaving: c.leaving ?? 0, updated: c.updated ?? 0, unchanged: c.unchanged ?? 0, renamed: c.renamed_units ?? 0 })}</p>
      {a.changes.length ? (
        <div class="table-wrap"><table class="table" data-testid="ro-changes">
          <caption>{t("ro.changes")}</caption>
          <thead><tr><th scope="col">{t("ro.staff_no")}</th><th scope="col">{t("ro.name")}</th><th scope="col"></th><th scope="col">{t("ro.from")}</th><th scope="col">{t("ro.to")}</th><th scope="col">{t("ro.date")}</th></tr></thead>
          <tbody>{a.changes.map((x) => (
            <tr key={x.row} data-staff={x.staff_no}><td class="mono">{x.staff_no}</td><td>{x.name}</td><td><Badge kind={x.change === "leaving" ? "warn" : "info"}>{t(`ro.change.${x.change}` as Key)}</Badge></td>
              <td>{x.change === "moved" ? x.from_unit : ""}</td><td>{x.to_unit}</td><td>{x.leaves_on ? formatDate(x.leaves_on) : x.moved_on ? formatDate(x.moved_on) : ""}</td></tr>
          ))}</tbody>
        </table></div>
      ) : null}
      {a.renamed_units.length ? (
        <div data-testid="ro-renamed"><h3>{t("ro.renamed")}</h3><ul>{a.renamed_units.map((r) => <li key={r.unit_id}>{r.from} → {r.to}</li>)}</ul></div>
      ) : null}
      {a.roles_ended.length ? (
        <div class="table-wrap"><table class="table" data-testid="ro-roles">
          <caption>{t("ro.roles_ended")}</caption>
          <thead><tr><th scope="col">{t("ro.name")}</th><th scope="col">{t("ro.role")}</th><th scope="col">{t("ro.scope")}</th><th scope="col">{t("ro.until")}</th></tr></thead>
          <tbody>{a.roles_ended.map((x) => <tr key={x.assignment_id}><td>{x.person_name}</td><td>{x.role_label}</td><td>{x.scope_label}</td><td>{formatDate(x.valid_until)}</td></tr>)}</tbody>
        </table></div>
      ) : null}
      {a.delegations_ended.length ? (
        <div class="table-wrap"><table class="table" data-testid="ro-delegations">
          <caption>{t("ro.delegations_ended")}</caption>
          <thead><tr><th scope="col">{t("ro.principal")}</th><th scope="col">{t("ro.deputy")}</th><th scope="col">{t("ro.role")}</th><th scope="col">{t("ro.why")}</th><th scope="col">{t("ro.until")}</th></tr></thead>
          <tbody>{a.delegations_ended.map((x) => (
            <tr key={x.delegation_id} data-delegation={x.delegation_id}><td>{x.principal_name}</td><td>{x.deputy_name}</td><td>{x.role_label}</td>
              <td>{t(`ro.deleg.${x.reason}` as Key)}</td><td>{x.valid_until ? formatDate(x.valid_until) : t("ro.deleg_revoked")}</td></tr>
          ))}</tbody>
        </table></div>
      ) : null}
      {a.approvals_rerouted.length ? (
        <div class="table-wrap"><table class="table" data-testid="ro-rerouted">
          <caption>{t("ro.rerouted")}</caption>
          <thead><tr><th scope="col">{t("ro.request")}</th><th scope="col">{t("ro.from_approver")}</th><th scope="col">{t("ro.to_approver")}</th></tr></thead>
          <tbody>{a.approvals_rerouted.map((x) => (
            <tr key={x.request_id}><td><Link href={`/requests/${x.request_id}`}>{x.type_label}</Link></td><td>{x.from.join("、")}</td>
              <td>{x.no_approver ? <Badge kind="danger">{t("ro.no_approver")}</Badge> : x.to.join("、")}</td></tr>
          ))}</tbody>
        </table></div>
      ) : null}
      {a.tasks.length ? (
        <div data-testid="ro-tasks-made"><h3>{t("ro.tasks_made")}</h3>
          <ul>{a.tasks.map((x, i) => <li key={i}>{x.person_name}: {t(`ro.kind.${x.kind}` as Key)} {x.asset_no ?? x.login_id ?? ""} {x.asset_name ?? ""}</li>)}</ul>
        </div>
      ) : null}
    </div>
  );
}

function History() {
  const h = useResource<{ items: { id: number; filename: string; row_count: number; applied_at: string; applied_by_name: string; counts: Record<string, number> }[] }>("/api/v1/roster/imports");
  if (!h.data || !h.data.items.length) return null;
  return (
    <section class="panel" aria-labelledby="ro-history">
      <h2 id="ro-history">{t("ro.history")}</h2>
      <ul>{h.data.items.map((x) => (
        <li key={x.id}>{formatDateTime(x.applied_at)} — {x.filename || "—"} ({x.applied_by_name}): {t("ro.counts", { new: x.counts.new ?? 0, moved: x.counts.moved ?? 0, leaving: x.counts.leaving ?? 0, updated: x.counts.updated ?? 0, unchanged: x.counts.unchanged ?? 0, renamed: x.counts.renamed_units ?? 0 })}</li>
      ))}</ul>
    </section>
  );
}
