// 自己点検 (第162条–第164条): the list with the form to open one (evaluation.manage) over 課室 and
// information systems, a campaign's results per 課室, system, 第16条の3 category and item, and a
// 課室's answer sheet (a system's is SelfCheckSystemSheet.tsx) — lgsec's answer from the
// data with its evidence, the answer, and the improvement actions followed to closure. Who sees which
// 課室 is the server's.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate, formatFiscalYear } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";

type Answer = "yes" | "partly" | "no" | "na";
const ANSWERS: Answer[] = ["yes", "partly", "no", "na"];
const answerKind: Record<string, "ok" | "warn" | "danger" | "neutral"> = { yes: "ok", partly: "warn", no: "danger", na: "neutral" };

interface Counts { yes: number; partly: number; no: number; na: number; unanswered: number }
interface Campaign {
  id: number; fiscal_year: number; title: string; state: "open" | "closed"; opened_at: string; may_manage: boolean;
  items_per_unit: number; units: (Counts & { unit_id: number; name: string })[];
  items_per_system: number; systems: (Counts & { system_id: number; code: string; name: string })[];
  items_organisation: number; organisation: (Counts & { may_answer: boolean }) | null; // the 統括's own sheet (evaluation.manage)
  by_category: (Counts & { category: string })[]; by_item: (Counts & { item_id: string; question: string; article: string; category: string })[];
}
export interface SheetItem {
  id: string; category: string; question: string; article: string;
  auto: { answer: Answer; summary: string; evidence: string[] } | null;
  answer: { answer: Answer; note: string; auto_answer: string | null; answered_at: string } | null;
}
interface Sheet {
  campaign_id: number; unit_id: number; unit_name: string; state: string; may_answer: boolean; items: SheetItem[];
  actions: { id: number; item_id: string; description: string; owner_id: number; owner_name: string; due_on: string; state: "open" | "done"; result: string; done_on: string | null }[];
}

const answerLabel = (a: string) => t(`sc.answer.${a}` as Key);

function CountCells(p: { c: Counts }) {
  return <>{ANSWERS.map((a) => <td key={a} class="num">{p.c[a]}</td>)}<td class="num">{p.c.unanswered}</td></>;
}
function CountHeads() {
  return <>{ANSWERS.map((a) => <th key={a} scope="col" class="num">{answerLabel(a)}</th>)}<th scope="col" class="num">{t("sc.unanswered")}</th></>;
}

export function SelfChecksPage() {
  const res = useResource<{ items: { id: number; fiscal_year: number; title: string; state: string; answered: number; expected: number;
    results: Record<Answer, number> }[]; may_manage: boolean }>("/api/v1/selfchecks");
  const [done, setDone] = useState("");
  return (
    <>
      <PageHeading sub={t("sc.intro")}>{t("sc.title")}</PageHeading>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="sc-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !res.data ? <Loading /> : null}
      {res.data && !res.data.items.length ? <p class="sub">{t("sc.empty")}</p> : null}
      {res.data && res.data.items.length ? (
        <div class="table-wrap">
          <table class="table" data-testid="selfchecks">
            <thead><tr><th scope="col">{t("sc.fiscal_year")}</th><th scope="col">{t("sc.name")}</th><th scope="col">{t("sc.state")}</th><th scope="col">{t("sc.progress")}</th>
              {ANSWERS.map((a) => <th key={a} scope="col" class="num">{answerLabel(a)}</th>)}</tr></thead>
            <tbody>
              {res.data.items.map((c) => (
                <tr key={c.id}>
                  <td>{formatFiscalYear(c.fiscal_year)}</td>
                  <td><Link href={`/selfchecks/${c.id}`}>{c.title}</Link></td>
                  <td>{t(`sc.state.${c.state}` as Key)}</td>
                  <td>{t("sc.progress_of", { done: c.answered, total: c.expected })}</td>
                  {ANSWERS.map((a) => <td key={a} class="num" data-answer={a}>{c.results[a]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {res.data?.may_manage ? <OpenForm onDone={(msg) => { setDone(msg); res.reload(); }} /> : null}
    </>
  );
}

function OpenForm(p: { onDone: (msg: string) => void }) {
  const units = useResource<{ items: { id: number; name: string; kind: string; active: boolean }[] }>("/api/v1/org/units");
  const systems = useResource<{ items: { id: number; code: string; name: string }[] }>("/api/v1/systems?limit=200");
  const now = new Date();
  const fy = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
  const [f, setF] = useState({ fiscal_year: String(fy), title: `${formatFiscalYear(fy)} 自己点検`, unit_ids: [] as number[], system_ids: [] as number[] });
  const act = useAction(p.onDone);
  const toggle = (id: number, on: boolean) => setF({ ...f, unit_ids: on ? [...f.unit_ids, id] : f.unit_ids.filter((x) => x !== id) });
  const toggleSystem = (id: number, on: boolean) =>
    setF({ ...f, system_ids: on ? [...f.system_ids, id] : f.system_ids.filter((x) => x !== id) });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post("/api/v1/selfchecks", { fiscal_year: Number(f.fiscal_year), title: f.title, unit_ids: f.unit_ids, system_ids: f.system_ids });
      return t("sc.opened");
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="sc-new">
      <h2 id="sc-new">{t("sc.new")}</h2>
      <ErrorSummary error={act.error} fields={act.fields} />
      <SelectField label={t("sc.fiscal_year")} name="fiscal_year" value={f.fiscal_year} onChange={(v) => setF({ ...f, fiscal_year: v })}
        required error={act.fields.fiscal_year} options={[fy, fy + 1].map((y) => ({ value: String(y), label: formatFiscalYear(y) }))} />
      <TextField label={t("sc.name")} name="title" value={f.title} onInput={(v) => setF({ ...f, title: v })} required error={act.fields.title} size="l" />
      <fieldset class="field" data-testid="sc-units">
        <legend>{t("sc.units")}</legend>
        {act.fields.unit_ids ? <p class="field-error">{act.fields.unit_ids}</p> : null}
        {(units.data?.items ?? []).filter((u) => u.kind === "section" && u.active).map((u) => (
          <CheckboxField key={u.id} name="unit_ids" label={u.name} checked={f.unit_ids.includes(u.id)} onChange={(on) => toggle(u.id, on)} />
        ))}
      </fieldset>
      <fieldset class="field" data-testid="sc-systems">
        <legend>{t("sc.systems")}</legend>
        <p class="sub">{t("sc.systems_hint")}</p>
        {act.fields.system_ids ? <p class="field-error">{act.fields.system_ids}</p> : null}
        {(systems.data?.items ?? []).map((y) => (
          <CheckboxField key={y.id} name="system_ids" label={`${y.code} ${y.name}`} checked={f.system_ids.includes(y.id)} onChange={(on) => toggleSystem(y.id, on)} />
        ))}
      </fieldset>
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("sc.open_do")}</button></div>
    </form>
  );
}

export function SelfCheckPage(p: { id: string }) {
  const res = useResource<Campaign>(`/api/v1/selfchecks/${encodeURIComponent(p.id)}`);
  const [done, setDone] = useState("");
  const act = useAction((msg) => { setDone(msg); res.reload(); });
  const c = res.data;
  return (
    <>
      <p><Link href="/selfchecks">{t("sc.back")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !c ? <Loading /> : null}
      {c ? (
        <>
          <PageHeading sub={`${formatFiscalYear(c.fiscal_year)}・${t(`sc.state.${c.state}` as Key)}`}>{c.title}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="sc-notice">{done}</p></Notice> : null}
          <ErrorSummary error={act.error} />
          {c.units.length || !c.systems.length ? <section class="panel" aria-labelledby="sc-units-h">
            <h2 id="sc-units-h">{t("sc.by_unit")}</h2>
            <div class="table-wrap">
              <table class="table" data-testid="sc-by-unit">
                <thead><tr><th scope="col">{t("sc.unit")}</th><CountHeads /><th scope="col"><span class="visually-hidden">{t("sc.sheet")}</span></th></tr></thead>
                <tbody>
                  {c.units.map((u) => (
                    <tr key={u.unit_id} data-unit={u.unit_id}>
                      <th scope="row">{u.name}</th><CountCells c={u} />
                      <td><Link href={`/selfchecks/${c.id}/units/${u.unit_id}`}>{t("sc.sheet")}</Link></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section> : null}
          {c.organisation ? (
            <section class="panel" aria-labelledby="sc-org-h">
              <h2 id="sc-org-h">{t("sc.by_org")}</h2>
              <p class="sub">{t("sc.org_hint", { n: String(c.items_organisation) })}</p>
              <div class="table-wrap">
                <table class="table" data-testid="sc-by-org">
                  <thead><tr><th scope="col">{t("sc.org")}</th><CountHeads /><th scope="col"><span class="visually-hidden">{t("sc.sheet")}</span></th></tr></thead>
                  <tbody>
                    <tr><th scope="row">{t("sc.org")}</th><CountCells c={c.organisation} />
                      <td><Link href={`/selfchecks/${c.id}/organisation`}>{t("sc.sheet")}</Link></td></tr>
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          {c.systems.length ? (
            <section class="panel" aria-labelledby="sc-systems-h">
              <h2 id="sc-systems-h">{t("sc.by_system")}</h2>
              <div class="table-wrap">
                <table class="table" data-testid="sc-by-system">
                  <thead><tr><th scope="col">{t("sc.system")}</th><CountHeads /><th scope="col"><span class="visually-hidden">{t("sc.sheet")}</span></th></tr></thead>
                  <tbody>
                    {c.systems.map((y) => (
                      <tr key={y.system_id} data-system={y.system_id}>
                        <th scope="row">{y.code} {y.name}</th><CountCells c={y} />
                        <td><Link href={`/selfchecks/${c.id}/systems/${y.system_id}`}>{t("sc.sheet")}</Link></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          <section class="panel" aria-labelledby="sc-cat-h">
            <h2 id="sc-cat-h">{t("sc.by_category")}</h2>
            <div class="table-wrap">
              <table class="table" data-testid="sc-by-category">
                <thead><tr><th scope="col">{t("sc.category")}</th><CountHeads /></tr></thead>
                <tbody>{c.by_category.map((k) => <tr key={k.category} data-category={k.category}><th scope="row">{k.category}</th><CountCells c={k} /></tr>)}</tbody>
              </table>
            </div>
          </section>
          <section class="panel" aria-labelledby="sc-item-h">
            <h2 id="sc-item-h">{t("sc.by_item")}</h2>
            <div class="table-wrap">
              <table class="table" data-testid="sc-by-item">
                <thead><tr><th scope="col">{t("sc.item")}</th><th scope="col">{t("duty.article")}</th><CountHeads /></tr></thead>
                <tbody>{c.by_item.map((k) => <tr key={k.item_id}><td>{k.question}</td><td><ArticleRef article={k.article} /></td><CountCells c={k} /></tr>)}</tbody>
              </table>
            </div>
          </section>
          {c.may_manage ? (
            <p data-testid="sc-report"><a href={`/api/v1/selfchecks/${c.id}/report`} download>{t("sc.report_pdf")}</a></p>
          ) : null}
          {c.may_manage && c.state === "open" ? (
            <button type="button" class="btn" disabled={act.pending}
              onClick={() => void act.run(async () => { await api.post(`/api/v1/selfchecks/${c.id}/close`, {}); return t("sc.closed_msg"); })}>
              {t("sc.close")}
            </button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function SelfCheckSheetPage(p: { id: string; unit: string }) {
  const path = `/api/v1/selfchecks/${encodeURIComponent(p.id)}/units/${encodeURIComponent(p.unit)}`;
  const res = useResource<Sheet>(path);
  const [done, setDone] = useState("");
  const s = res.data;
  const onDone = (msg: string) => { setDone(msg); res.reload(); };
  return (
    <>
      <p><Link href={`/selfchecks/${p.id}`}>{t("sc.back_campaign")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !s ? <Loading /> : null}
      {s ? (
        <>
          <PageHeading>{t("sc.sheet_title", { unit: s.unit_name })}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="sc-notice">{done}</p></Notice> : null}
          <ol class="stack plain" data-testid="sc-sheet">
            {s.items.map((it) => <li key={it.id}><ItemCard item={it} path={path} open={s.may_answer} onDone={onDone} /></li>)}
          </ol>
          <Actions sheet={s} path={path} onDone={onDone} />
        </>
      ) : null}
    </>
  );
}

export function ItemCard(p: { item: SheetItem; path: string; open: boolean; onDone: (msg: string) => void }) {
  const it = p.item;
  const [answer, setAnswer] = useState<string>(it.answer?.answer ?? it.auto?.answer ?? "");
  const [note, setNote] = useState(it.answer?.note ?? "");
  const act = useAction(p.onDone);
  const save = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`${p.path}/answers`, { item_id: it.id, answer, ...(note ? { note } : {}) });
      return t("sc.saved");
    });
  };
  return (
    <form class="panel form" noValidate onSubmit={save} data-item={it.id} aria-labelledby={`sc-q-${it.id}`}>
      <h2 id={`sc-q-${it.id}`} class="h3">{it.question}</h2>
      <p class="sub">{it.category}・<ArticleRef article={it.article} /></p>
      <div class="sc-auto" data-testid="sc-auto">
        <strong>{t("sc.auto")}: </strong>
        {it.auto ? (
          <>
            <Badge kind={answerKind[it.auto.answer]}>{answerLabel(it.auto.answer)}</Badge> {it.auto.summary}
            {it.auto.evidence.length ? <ul>{it.auto.evidence.map((x, i) => <li key={i}>{x}</li>)}</ul> : null}
          </>
        ) : <span class="sub">{t("sc.auto_none")}</span>}
      </div>
      {it.answer ? <p data-testid="sc-answered"><Badge kind={answerKind[it.answer.answer]}>{t("sc.answered_at", { answer: answerLabel(it.answer.answer) })}</Badge></p> : null}
      {p.open ? (
        <>
          <ErrorSummary error={act.error} fields={act.fields} />
          <SelectField label={t("sc.your_answer")} name={`answer-${it.id}`} value={answer} onChange={setAnswer} required error={act.fields.answer}
            placeholder={t("common.select")} options={ANSWERS.map((a) => ({ value: a, label: answerLabel(a) }))} />
          <TextAreaField label={t("sc.note")} name={`note-${it.id}`} value={note} onInput={setNote} error={act.fields.note} rows={2} />
          <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("sc.save")}</button></div>
        </>
      ) : null}
    </form>
  );
}

/** The improvement actions (第164条) of a 課室's or a system's sheet, followed to closure, and the form to add one. */
export function Actions(p: { sheet: Pick<Sheet, "items" | "actions">; path: string; onDone: (msg: string) => void }) {
  const s = p.sheet;
  const [f, setF] = useState({ item_id: "", description: "", owner_id: "", due_on: "" });
  const [results, setResults] = useState<Record<number, string>>({});
  const add = useAction((msg) => { setF({ item_id: "", description: "", owner_id: "", due_on: "" }); p.onDone(msg); });
  const close = useAction(p.onDone);
  const question = (id: string) => s.items.find((i) => i.id === id)?.question ?? id;
  return (
    <section class="panel" aria-labelledby="sc-actions">
      <h2 id="sc-actions">{t("sc.actions")}</h2>
      <ErrorSummary error={close.error} fields={close.fields} />
      {s.actions.length ? (
        <ul class="stack plain" data-testid="sc-actions">
          {s.actions.map((a) => (
            <li key={a.id} class="card" data-action={a.id}>
              <p><Badge kind={a.state === "done" ? "ok" : "warn"}>{t(`sc.action_state.${a.state}` as Key)}</Badge> {a.description}</p>
              <p class="sub">{question(a.item_id)}・{t("sc.action_owner")}: {a.owner_name}・{t("sc.action_due")}: {formatDate(a.due_on)}</p>
              {a.state === "done" ? <p>{t("sc.action_result")}: {a.result}（{formatDate(a.done_on)}）</p> : (
                <form class="form" noValidate onSubmit={(e) => { e.preventDefault(); void close.run(async () => {
                  await api.post(`/api/v1/selfcheck-actions/${a.id}/close`, { result: results[a.id] ?? "" }); return t("sc.action_closed"); }); }}>
                  <TextField label={t("sc.action_result")} name={`result-${a.id}`} value={results[a.id] ?? ""} onInput={(v) => setResults({ ...results, [a.id]: v })} size="l" />
                  <div class="form-actions"><button type="submit" class="btn" disabled={close.pending}>{t("sc.action_close")}</button></div>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : <p class="sub">{t("sc.actions_empty")}</p>}
      <form class="form" noValidate aria-labelledby="sc-action-new" onSubmit={(e) => { e.preventDefault(); void add.run(async () => {
        await api.post(`${p.path}/actions`, { item_id: f.item_id, description: f.description, owner_id: f.owner_id || null, due_on: f.due_on });
        return t("sc.action_added"); }); }}>
        <h3 id="sc-action-new">{t("sc.action_add")}</h3>
        <ErrorSummary error={add.error} fields={add.fields} />
        <SelectField label={t("sc.action_item")} name="action_item" value={f.item_id} onChange={(v) => setF({ ...f, item_id: v })} required
          error={add.fields.item_id} placeholder={t("common.select")} options={s.items.map((i) => ({ value: i.id, label: i.question }))} />
        <TextAreaField label={t("sc.action_desc")} name="action_desc" value={f.description} onInput={(v) => setF({ ...f, description: v })} required error={add.fields.description} rows={2} />
        <PersonPicker label={t("sc.action_owner")} name="action_owner" value={f.owner_id} onChange={(v) => setF({ ...f, owner_id: v })} required error={add.fields.owner_id} />
        <TextField label={t("sc.action_due")} name="action_due" type="date" value={f.due_on} onInput={(v) => setF({ ...f, due_on: v })} required error={add.fields.due_on} />
        <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={add.pending}>{t("sc.action_add")}</button></div>
      </form>
    </section>
  );
}
