// 情報セキュリティ委員会 (第19条): the members from the role register, the meetings, and one meeting
// with its attendees, agenda (each item opens the report it puts before the committee), the record of
// its holding (final, with the hash the trail holds), the decisions with what they decide, the
// instructions' completion and the 議事録 PDF. The chair and the secretariat edit (may_manage).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatFiscalYear, todayJst } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";

interface Member { person_id: number; name: string; unit_name: string; roles: string[] }
interface Members { article: string; chair: { person_id: number; name: string; role_label: string } | null; members: Member[]; may_manage: boolean }
interface MeetingRow { id: number; fiscal_year: number; title: string; meets_on: string; starts_at: string; place: string; state: "scheduled" | "held";
  agenda: number; decisions: number; open_instructions: number }
interface Agenda { id: number; kind: string; kind_label: string; ref_id: number | null; ref_year: number | null; title: string; note: string; link: string | null }
interface Decision { id: number; agenda_id: number | null; kind: string; kind_label: string; ref_id: number | null; link: string | null; text: string;
  owner_person_id: number | null; owner_name: string | null; due_on: string | null; state: "recorded" | "open" | "done"; result: string }
interface Meeting extends Omit<MeetingRow, "agenda" | "decisions" | "open_instructions"> {
  minutes: string; held_at: string | null; record_hash: string | null; record_intact?: boolean;
  attendees: { id: number; person_id: number | null; name: string; unit_name: string; guest_affiliation: string }[];
  agenda: Agenda[]; decisions: Decision[]; may_manage: boolean }

const AGENDA_KINDS = ["selfcheck", "audit", "incident_stats", "training_report", "readiness", "exceptions", "policy_review", "other"];
const DECISION_KINDS = ["policy_version", "audit_plan", "exception", "training_plan", "instruction", "other"];
const stateKind = { scheduled: "info", held: "ok" } as const;

export function CommitteePage() {
  const res = useResource<{ items: MeetingRow[]; may_manage: boolean }>("/api/v1/committee/meetings");
  const members = useResource<Members>("/api/v1/committee/members");
  const [done, setDone] = useState("");
  return (
    <>
      <PageHeading sub={t("cm.intro")}>{t("cm.title")}</PageHeading>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="cm-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      <section class="panel" aria-labelledby="cm-meetings">
        <h2 id="cm-meetings">{t("cm.meetings")}</h2>
        {res.data && !res.data.items.length ? <p class="sub">{t("cm.empty")}</p> : null}
        {res.data && res.data.items.length ? (
          <div class="table-wrap">
            <table class="table" data-testid="cm-meetings">
              <thead><tr><th scope="col">{t("cm.meets_on")}</th><th scope="col">{t("cm.name")}</th><th scope="col">{t("cm.place")}</th>
                <th scope="col">{t("cm.state")}</th><th scope="col">{t("cm.agenda")}</th><th scope="col">{t("cm.decisions")}</th></tr></thead>
              <tbody>
                {res.data.items.map((m) => (
                  <tr key={m.id}>
                    <td>{formatDate(m.meets_on)} {m.starts_at}</td><td><Link href={`/committee/meetings/${m.id}`}>{m.title}</Link></td><td>{m.place}</td>
                    <td><Badge kind={stateKind[m.state]}>{t(`cm.state.${m.state}` as Key)}</Badge></td><td>{m.agenda}</td><td>{m.decisions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {res.data?.may_manage ? <NewMeeting onDone={(m) => { setDone(m); res.reload(); }} /> : null}
      {members.data ? (
        <section class="panel" aria-labelledby="cm-members">
          <h2 id="cm-members">{t("cm.members")} (<ArticleRef article={members.data.article} />)</h2>
          {members.data.chair ? <p>{t("cm.chair")}: {members.data.chair.role_label} {members.data.chair.name}</p> : null}
          <ul data-testid="cm-members">
            {members.data.members.map((m) => <li key={m.person_id}>{m.name}（{m.unit_name}・{m.roles.join("、")}）</li>)}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function NewMeeting(p: { onDone: (m: string) => void }) {
  const [f, setF] = useState({ title: "", meets_on: todayJst(), starts_at: "", place: "" });
  const act = useAction(p.onDone);
  return (
    <form class="form panel" noValidate aria-labelledby="cm-new" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post("/api/v1/committee/meetings", f); return t("cm.created"); }); }}>
      <h2 id="cm-new">{t("cm.new")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextField label={t("cm.name")} name="title" value={f.title} onInput={(v) => setF({ ...f, title: v })} required error={act.fields.title} size="l" />
      <TextField label={t("cm.meets_on")} name="meets_on" type="date" value={f.meets_on} onInput={(v) => setF({ ...f, meets_on: v })} required error={act.fields.meets_on} />
      <TextField label={t("cm.starts_at")} name="starts_at" value={f.starts_at} onInput={(v) => setF({ ...f, starts_at: v })} error={act.fields.starts_at} />
      <TextField label={t("cm.place")} name="place" value={f.place} onInput={(v) => setF({ ...f, place: v })} error={act.fields.place} size="l" />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("cm.create")}</button></div>
    </form>
  );
}

export function CommitteeMeetingPage(p: { id: string }) {
  const res = useResource<Meeting>(`/api/v1/committee/meetings/${encodeURIComponent(p.id)}`);
  const [done, setDone] = useState("");
  const onDone = (m: string) => { setDone(m); res.reload(); };
  const m = res.data;
  const edit = !!m && m.may_manage && m.state === "scheduled";
  return (
    <>
      <p><Link href="/committee">{t("cm.back")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !m ? <Loading /> : null}
      {m ? (
        <>
          <PageHeading sub={`${formatFiscalYear(m.fiscal_year)}・${formatDate(m.meets_on)} ${m.starts_at}・${m.place}`}>{m.title}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="cm-notice">{done}</p></Notice> : null}
          <p><Badge kind={stateKind[m.state]}>{t(`cm.state.${m.state}` as Key)}</Badge>{" "}
            <a href={`/api/v1/committee/meetings/${m.id}/minutes.pdf`} download data-testid="cm-minutes-pdf">{t("cm.minutes_pdf")}</a></p>
          {m.record_hash ? (
            <p class="sub" data-testid="cm-hash">{t("cm.record_hash")}: <code>{m.record_hash}</code>{" "}
              {m.record_intact ? t("cm.record_intact") : <strong>{t("cm.record_broken")}</strong>}</p>
          ) : null}
          <section class="panel" aria-labelledby="cm-att">
            <h2 id="cm-att">{t("cm.attendees")}</h2>
            {m.attendees.length ? (
              <ul data-testid="cm-attendees">{m.attendees.map((a) => (
                <li key={a.id}>{a.person_id ? `${a.name}（${a.unit_name}）` : `${a.name}${a.guest_affiliation ? `（${a.guest_affiliation}）` : ""}・${t("cm.guest")}`}
                  {edit ? <> <RemoveButton path={`/api/v1/committee/meetings/${m.id}/attendees/${a.id}/remove`} onDone={onDone} /></> : null}</li>))}
              </ul>) : <p class="sub">{t("cm.attendees_none")}</p>}
            {edit ? <AddAttendee id={m.id} onDone={onDone} /> : null}
          </section>
          <section class="panel" aria-labelledby="cm-agenda">
            <h2 id="cm-agenda">{t("cm.agenda")}</h2>
            {m.agenda.length ? (
              <ol data-testid="cm-agenda">{m.agenda.map((a) => (
                <li key={a.id}>{a.title} <span class="sub">（{t(`cm.kind.${a.kind}` as Key)}）</span>
                  {a.link ? <> {a.link.startsWith("/api/") ? <a href={a.link} download>{t("cm.open_report")}</a> : <Link href={a.link}>{t("cm.open_report")}</Link>}</> : null}
                  {a.note ? <p class="prewrap">{a.note}</p> : null}
                  {edit ? <RemoveButton path={`/api/v1/committee/meetings/${m.id}/agenda/${a.id}/remove`} onDone={onDone} /> : null}</li>))}
              </ol>) : <p class="sub">{t("cm.agenda_none")}</p>}
            {edit ? <AddAgenda id={m.id} onDone={onDone} /> : null}
          </section>
          {m.state === "held" ? (
            <section class="panel" aria-labelledby="cm-minutes">
              <h2 id="cm-minutes">{t("cm.minutes")}</h2>
              <p class="prewrap" data-testid="cm-minutes">{m.minutes}</p>
            </section>
          ) : edit ? <Hold id={m.id} onDone={onDone} /> : null}
          <section class="panel" aria-labelledby="cm-decisions">
            <h2 id="cm-decisions">{t("cm.decisions")}</h2>
            {m.decisions.length ? (
              <ul class="stack plain" data-testid="cm-decisions">{m.decisions.map((d) => <li key={d.id} class="card"><DecisionCard d={d} manage={m.may_manage} onDone={onDone} /></li>)}</ul>
            ) : <p class="sub">{t("cm.decisions_none")}</p>}
            {m.may_manage && m.state === "held" ? <AddDecision m={m} onDone={onDone} /> : null}
          </section>
        </>
      ) : null}
    </>
  );
}

function RemoveButton(p: { path: string; onDone: (m: string) => void }) {
  const act = useAction(p.onDone);
  return <button type="button" class="btn btn-small" disabled={act.pending} onClick={() => void act.run(async () => { await api.post(p.path, {}); return t("cm.removed"); })}>{t("cm.remove")}</button>;
}

function AddAttendee(p: { id: number; onDone: (m: string) => void }) {
  const [person, setPerson] = useState("");
  const [g, setG] = useState({ guest_name: "", guest_affiliation: "" });
  const act = useAction((m) => { setPerson(""); setG({ guest_name: "", guest_affiliation: "" }); p.onDone(m); });
  return (
    <form class="form" noValidate aria-labelledby="cm-att-add" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/committee/meetings/${p.id}/attendees`, person ? { person_id: Number(person) } : g); return t("cm.added"); }); }}>
      <h3 id="cm-att-add">{t("cm.add_member")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <PersonPicker label={t("cm.member")} name="member" value={person} onChange={setPerson} error={act.fields.person_id} />
      <p class="sub">{t("cm.add_guest")}</p>
      <TextField label={t("cm.guest_name")} name="guest_name" value={g.guest_name} onInput={(v) => setG({ ...g, guest_name: v })} error={act.fields.guest_name} />
      <TextField label={t("cm.guest_affiliation")} name="guest_affiliation" value={g.guest_affiliation} onInput={(v) => setG({ ...g, guest_affiliation: v })} error={act.fields.guest_affiliation} size="l" />
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cm.add")}</button></div>
    </form>
  );
}

function AddAgenda(p: { id: number; onDone: (m: string) => void }) {
  const fy = Number(todayJst().slice(0, 4)) - (Number(todayJst().slice(5, 7)) < 4 ? 1 : 0);
  const empty = { kind: "selfcheck", ref_id: "", ref_year: String(fy), title: "", note: "" };
  const [f, setF] = useState(empty);
  const act = useAction((m) => { setF(empty); p.onDone(m); });
  const needsId = ["selfcheck", "audit", "policy_review"].includes(f.kind);
  const needsYear = ["incident_stats", "training_report"].includes(f.kind);
  const selfchecks = useResource<{ items: { id: number; title: string; fiscal_year: number }[] }>(f.kind === "selfcheck" ? "/api/v1/selfchecks" : null);
  const audits = useResource<{ items: { id: number; title: string; fiscal_year: number }[] }>(f.kind === "audit" ? "/api/v1/audits" : null);
  const reviews = useResource<{ items: { id: number; fiscal_year: number }[] }>(f.kind === "policy_review" ? "/api/v1/policy-reviews" : null);
  const refs = f.kind === "selfcheck" ? (selfchecks.data?.items ?? []).map((x) => ({ value: String(x.id), label: `${formatFiscalYear(x.fiscal_year)} ${x.title}` }))
    : f.kind === "audit" ? (audits.data?.items ?? []).map((x) => ({ value: String(x.id), label: `${formatFiscalYear(x.fiscal_year)} ${x.title}` }))
    : (reviews.data?.items ?? []).map((x) => ({ value: String(x.id), label: formatFiscalYear(x.fiscal_year) }));
  return (
    <form class="form" noValidate aria-labelledby="cm-ag-add" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/committee/meetings/${p.id}/agenda`, { kind: f.kind, title: f.title, note: f.note,
        ...(needsId ? { ref_id: f.ref_id ? Number(f.ref_id) : null } : {}), ...(needsYear ? { ref_year: Number(f.ref_year) } : {}) });
      return t("cm.added"); }); }}>
      <h3 id="cm-ag-add">{t("cm.agenda_add")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("cm.kind")} name="kind" value={f.kind} onChange={(v) => setF({ ...f, kind: v, ref_id: "" })} required
        options={AGENDA_KINDS.map((k) => ({ value: k, label: t(`cm.kind.${k}` as Key) }))} />
      {needsId ? <SelectField label={t("cm.report")} name="ref_id" value={f.ref_id} onChange={(v) => setF({ ...f, ref_id: v })} required error={act.fields.ref_id}
        placeholder={t("common.select")} options={refs} /> : null}
      {needsYear ? <SelectField label={t("cm.ref_year")} name="ref_year" value={f.ref_year} onChange={(v) => setF({ ...f, ref_year: v })} required error={act.fields.ref_year}
        options={[fy, fy - 1].map((y) => ({ value: String(y), label: formatFiscalYear(y) }))} /> : null}
      <TextField label={t("cm.agenda_title")} name="agenda_title" value={f.title} onInput={(v) => setF({ ...f, title: v })} required={f.kind === "other"} error={act.fields.title} size="l" />
      <TextAreaField label={t("cm.note")} name="agenda_note" value={f.note} onInput={(v) => setF({ ...f, note: v })} error={act.fields.note} rows={2} />
      <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cm.add")}</button></div>
    </form>
  );
}

function Hold(p: { id: number; onDone: (m: string) => void }) {
  const [minutes, setMinutes] = useState("");
  const act = useAction(p.onDone);
  return (
    <form class="form panel" noValidate aria-labelledby="cm-hold" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/committee/meetings/${p.id}/hold`, { minutes }); return t("cm.held"); }); }}>
      <h2 id="cm-hold">{t("cm.hold")}</h2>
      <p class="sub">{t("cm.hold_intro")}</p>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextAreaField label={t("cm.minutes")} name="minutes" value={minutes} onInput={setMinutes} required error={act.fields.minutes} rows={6} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("cm.hold_do")}</button></div>
    </form>
  );
}

function AddDecision(p: { m: Meeting; onDone: (m: string) => void }) {
  const empty = { kind: "policy_version", text: "", ref_id: "", agenda_id: "", owner: "", due_on: "" };
  const [f, setF] = useState(empty);
  const act = useAction((m) => { setF(empty); p.onDone(m); });
  const linked = ["policy_version", "audit_plan", "exception", "training_plan"].includes(f.kind);
  const refLabel = f.kind === "policy_version" ? t("cm.ref_version") : f.kind === "audit_plan" ? t("cm.ref_audit")
    : f.kind === "training_plan" ? t("cm.ref_training_plan") : t("cm.ref_exception");
  return (
    <form class="form" noValidate aria-labelledby="cm-dec-add" onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
      await api.post(`/api/v1/committee/meetings/${p.m.id}/decisions`, { kind: f.kind, text: f.text,
        agenda_id: f.agenda_id ? Number(f.agenda_id) : null,
        ...(linked ? { ref_id: f.ref_id ? Number(f.ref_id) : null } : {}),
        ...(f.kind === "instruction" ? { owner_person_id: f.owner ? Number(f.owner) : null, ...(f.due_on ? { due_on: f.due_on } : {}) } : {}) });
      return t("cm.decided"); }); }}>
      <h3 id="cm-dec-add">{t("cm.decision_add")}</h3>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("cm.kind")} name="decision_kind" value={f.kind} onChange={(v) => setF({ ...f, kind: v })} required
        options={DECISION_KINDS.map((k) => ({ value: k, label: t(`cm.dkind.${k}` as Key) }))} />
      <SelectField label={t("cm.agenda")} name="agenda_id" value={f.agenda_id} onChange={(v) => setF({ ...f, agenda_id: v })} error={act.fields.agenda_id}
        placeholder="—" options={p.m.agenda.map((a) => ({ value: String(a.id), label: a.title }))} />
      {linked ? <TextField label={refLabel} name="ref_id" value={f.ref_id} onInput={(v) => setF({ ...f, ref_id: v })} required error={act.fields.ref_id}
        hint={f.kind === "training_plan" ? t("cm.ref_training_plan_hint") : undefined} inputMode="numeric" /> : null}
      <TextAreaField label={t("cm.text")} name="decision_text" value={f.text} onInput={(v) => setF({ ...f, text: v })} required error={act.fields.text} rows={2} />
      {f.kind === "instruction" ? <>
        <PersonPicker label={t("cm.owner")} name="owner" value={f.owner} onChange={(v) => setF({ ...f, owner: v })} required error={act.fields.owner_person_id} />
        <TextField label={t("cm.due_on")} name="due_on" type="date" value={f.due_on} onInput={(v) => setF({ ...f, due_on: v })} required error={act.fields.due_on} />
      </> : null}
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("cm.decision_add")}</button></div>
    </form>
  );
}

function DecisionCard(p: { d: Decision; manage: boolean; onDone: (m: string) => void }) {
  const d = p.d;
  const [result, setResult] = useState("");
  const act = useAction(p.onDone);
  return (
    <>
      <p><strong>{t(`cm.dkind.${d.kind}` as Key)}</strong> {d.state !== "recorded" ? <Badge kind={d.state === "done" ? "ok" : "warn"}>{t(`cm.dstate.${d.state}` as Key)}</Badge> : null}
        {d.link ? <> <Link href={d.link}>{t("cm.open_target")}</Link></> : null}</p>
      <p class="prewrap">{d.text}</p>
      {d.kind === "instruction" ? <p>{t("cm.owner")}: {d.owner_name}・{t("cm.due_on")}: {formatDate(d.due_on)}</p> : null}
      {d.result ? <p>{t("cm.result")}: {d.result}</p> : null}
      {d.state === "open" ? (
        <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void act.run(async () => {
          await api.post(`/api/v1/committee/decisions/${d.id}/done`, { result }); return t("cm.done"); }); }}>
          <ErrorSummary error={act.error} fields={act.fields} />
          <TextField label={t("cm.result")} name={`result-${d.id}`} value={result} onInput={setResult} required error={act.fields.result} size="l" />
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("cm.done_do")}</button></div>
        </form>
      ) : null}
    </>
  );
}
