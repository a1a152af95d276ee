// A record's create form drawn from the server's declaration (records.ts): each field by its widget
// (dates typed as 和暦 or 西暦 with a time, people picked by name, systems and 課室 limited to the
// ones the person may use), required marks and character limits as declared, and the server's
// messages shown under their fields.
import { useState } from "preact/hooks";
import { api, errorMessage } from "../api";
import { useAction } from "../hooks";
import { pick, t } from "../i18n";
import type { RecordAbilities, RecordFieldDecl, RecordFormDecl } from "../records";
import { ErrorSummary, Notice } from "./Feedback";
import { CheckboxField, missing, SelectField, TextAreaField, TextField } from "./Fields";
import { ArticleRef } from "./Page";
import { PersonPicker } from "./PersonPicker";

type Value = string | boolean;

/** A date (和暦 accepted) and a time, handed on as "YYYY-MM-DDTHH:MM" (JST) for the server to check. */
function DateTimeInput(p: { f: RecordFieldDecl; value: string; onChange: (v: string) => void; error?: string }) {
  const [date, time] = p.value.includes("T") ? p.value.split("T") : [p.value, ""];
  const join = (d: string, tm: string) => p.onChange(d || tm ? `${d}T${tm}` : "");
  return (
    <fieldset class="field-group datetime">
      <legend class="visually-hidden">{pick(p.f.label, p.f.label_en)}</legend>
      <TextField label={`${pick(p.f.label, p.f.label_en)} (${t("rec.form.date")})`} name={`${p.f.name}-date`} type="date" value={date}
        onInput={(d) => join(d, time)} required={p.f.required} error={p.error} size="s" />
      <TextField label={`${pick(p.f.label, p.f.label_en)} (${t("rec.form.time")})`} name={`${p.f.name}-time`} type="time" value={time}
        onInput={(tm) => join(date, tm)} required={p.f.required} size="s" />
    </fieldset>
  );
}

function Input(p: { f: RecordFieldDecl; value: Value; onChange: (v: Value) => void; error?: string; may: RecordAbilities }) {
  const f = p.f;
  const label = pick(f.label, f.label_en);
  const str = typeof p.value === "string" ? p.value : "";
  const common = { label, name: f.name, required: f.required, error: p.error };
  switch (f.type) {
    case "textarea":
      return <TextAreaField {...common} value={str} onInput={p.onChange} rows={3} />;
    case "date":
      return <TextField {...common} type="date" value={str} onInput={p.onChange} size="s" />;
    case "datetime":
      return <DateTimeInput f={f} value={str} onChange={p.onChange} error={p.error} />;
    case "time":
      return <TextField {...common} type="time" value={str} onInput={p.onChange} size="s" hint={t("rec.form.time_hint")} />;
    case "int":
      return <TextField {...common} inputMode="numeric" value={str} onInput={p.onChange} size="s" />;
    case "bool":
      return <CheckboxField label={label} name={f.name} checked={p.value === true} onChange={p.onChange} error={p.error} />;
    case "person":
      return <PersonPicker label={label} name={f.name} value={str} onChange={p.onChange} required={f.required} error={p.error} />;
    case "system":
    case "unit": {
      const list = f.choices ? (p.may[f.choices] as { id: number; name: string }[]) : [];
      return <SelectField {...common} value={str} onChange={p.onChange} size="l" placeholder={f.required ? t("rec.form.choose") : t("rec.form.none")}
        options={list.map((c) => ({ value: String(c.id), label: c.name }))} />;
    }
    case "choice":
      return <SelectField {...common} value={str} onChange={p.onChange} placeholder={t("rec.form.choose")}
        options={(f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, o.label_en) }))} />;
    default:
      return <TextField {...common} value={str} onInput={p.onChange} size="l" maxLength={f.max_chars} />;
  }
}

/** The JSON body: empty optional fields left out, ids and counts as numbers when they are numbers. */
function body(fields: RecordFieldDecl[], values: Record<string, Value>, fixed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === "bool") { out[f.name] = v === true; continue; }
    const s = typeof v === "string" ? v.trim() : "";
    if (s === "") continue;
    const numeric = ["person", "system", "unit", "int"].includes(f.type) && /^\d+$/.test(s);
    out[f.name] = numeric ? Number(s) : s;
  }
  return { ...out, ...fixed };
}

export function RecordForm(p: {
  form: RecordFormDecl; may: RecordAbilities; path: string; title?: string;
  /** fields not offered (their value comes from fixed, or the server's default) */ hide?: string[];
  fixed?: Record<string, unknown>; initial?: Record<string, Value>; onDone: () => void; testid?: string;
  /** folded under its title until opened (a form used now and then) */ folded?: boolean;
}) {
  const fields = p.form.fields.filter((f) => !(p.hide ?? []).includes(f.name));
  const blank = () => Object.fromEntries(fields.map((f) => [f.name, f.type === "bool" ? false : p.initial?.[f.name] ?? ""])) as Record<string, Value>;
  const [values, setValues] = useState<Record<string, Value>>(blank);
  const [done, setDone] = useState<string | null>(null);
  const act = useAction((msg) => { setDone(msg); setValues(blank()); p.onDone(); });
  const submit = (ev: Event) => {
    ev.preventDefault();
    setDone(null);
    const required = Object.fromEntries(fields.filter((f) => f.required && f.type !== "bool").map((f) => [f.name, pick(f.label, f.label_en)]));
    const miss = missing(values, required, fields.filter((f) => ["person", "system", "unit", "choice"].includes(f.type)).map((f) => f.name));
    // a date without its time (or the reverse) is named here, in words, before the server's format message
    for (const f of fields.filter((x) => x.type === "datetime")) {
      const [d, tm] = String(values[f.name] ?? "").split("T");
      if (!miss[f.name] && (d || tm) && !(d && tm))
        miss[f.name] = t(d ? "rec.form.time_missing" : "rec.form.date_missing", { label: pick(f.label, f.label_en) });
    }
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => { await api.post(p.path, body(fields, values, p.fixed ?? {})); return t("rec.form.saved"); });
  };
  const title = p.title ?? pick(p.form.title, p.form.title_en);
  const form = (
    <form class="card record-form" onSubmit={submit} noValidate data-testid={p.testid}>
      {p.folded ? <p class="field-hint"><ArticleRef article={p.form.article} /></p> : <h2>{title} <ArticleRef article={p.form.article} /></h2>}
      {done ? <Notice kind="success" onDismiss={() => setDone(null)}>{done}</Notice> : null}
      <ErrorSummary error={act.error} fields={act.fields} />
      {fields.map((f) => (
        <Input key={f.name} f={f} value={values[f.name]} may={p.may} error={act.fields[f.name]}
          onChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))} />
      ))}
      <p><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("rec.form.submit")}</button></p>
    </form>
  );
  return p.folded ? <details class="record-form-fold"><summary>{title}</summary>{form}</details> : form;
}

/** One button that records a moment now (退室, 持ち帰り): POSTs {} to path; the server's refusal is
 *  shown beside it. */
export function RecordNowButton(p: { path: string; label: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const click = async () => {
    setBusy(true); setError(null);
    try { await api.post(p.path, {}); p.onDone(); } catch (e) { setError(errorMessage(e)); } finally { setBusy(false); }
  };
  return (
    <>
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => void click()}>{p.label}</button>
      {error ? <div class="field-error" role="alert">{error}</div> : null}
    </>
  );
}
