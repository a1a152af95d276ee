// Form fields with a visible label, required/optional marker, hint and field-level error, wired
// with aria-describedby / aria-invalid so screen readers announce them.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { formatDate, parseDateInput } from "../format";
import { dateStyle, t } from "../i18n";

interface Base {
  label: string;
  name: string;
  required?: boolean;
  hint?: ComponentChildren;
  error?: string;
  disabled?: boolean;
  class?: string;
}

function Label(p: { id: string; label: string; required?: boolean }) {
  return (
    <div class="field-label-row">
      <label for={p.id} class="field-label">{p.label}</label>
      {p.required ? <span class="req" aria-hidden="true">{t("common.required")}</span> : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

function ErrorText(p: { id: string; error?: string }) {
  return p.error ? <div id={`${p.id}-error`} class="field-error">{p.error}</div> : null;
}

function HintText(p: { id: string; hint?: ComponentChildren }) {
  return p.hint ? <div id={`${p.id}-hint`} class="field-hint">{p.hint}</div> : null;
}

/** A date typed as people write it — 令和8年12月7日, R8.12.7, 2026/12/7 or 2026-12-07 — handed on as
 *  YYYY-MM-DD (what cannot be read as a date is handed on as typed, for the server to refuse with the
 *  field's message). A stored value is shown in the person's style; what is typed stays as typed (a
 *  reformat on blur would move the form under the pointer), with what it was read as below it. */
function DateTextField(p: Base & { value: string; onInput: (v: string) => void; size?: "s" | "m" | "l" }) {
  const id = useId();
  const shown = (v: string) => (parseDateInput(v) ? (dateStyle() === "wareki" ? formatDate(v) : v) : v);
  const [text, setText] = useState(shown(p.value));
  useEffect(() => { if ((parseDateInput(text) ?? text) !== p.value) setText(shown(p.value)); }, [p.value]);
  const iso = parseDateInput(text);
  // what a typed 和暦 or short form was read as (not shown for the two forms the field writes itself)
  const hint = iso && text !== iso && text !== formatDate(iso) ? t("common.date_read_as", { date: formatDate(iso), iso }) : p.hint;
  return (
    <div class={`field ${p.error ? "has-error" : ""} ${p.class ?? ""}`}>
      <Label id={id} label={p.label} required={p.required} />
      <ErrorText id={id} error={p.error} />
      <input
        id={id} name={p.name} type="text" value={text} class={`input input-${p.size ?? "m"}`}
        placeholder={t("common.date_placeholder")} autocomplete="off"
        onInput={(e) => { const v = (e.currentTarget as HTMLInputElement).value; setText(v); p.onInput(parseDateInput(v) ?? v.trim()); }}
        aria-required={p.required ? "true" : undefined} aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, p.error)} disabled={p.disabled}
      />
      <HintText id={id} hint={hint} />
    </div>
  );
}

export function TextField(p: Base & {
  value: string; onInput: (v: string) => void; type?: string; autocomplete?: string; inputMode?: string;
  maxLength?: number; size?: "s" | "m" | "l"; spellcheck?: boolean; pattern?: string; placeholder?: string;
  min?: string;
}) {
  if (p.type === "date") return <DateTextField {...p} />;
  const id = useId();
  return (
    <div class={`field ${p.error ? "has-error" : ""} ${p.class ?? ""}`}>
      <Label id={id} label={p.label} required={p.required} />
      <ErrorText id={id} error={p.error} />
      <input
        id={id} name={p.name} type={p.type ?? "text"} value={p.value}
        class={`input input-${p.size ?? "m"}`}
        onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)}
        aria-required={p.required ? "true" : undefined} aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
        autocomplete={p.autocomplete} inputMode={p.inputMode as never} maxLength={p.maxLength}
        disabled={p.disabled} spellcheck={p.spellcheck} pattern={p.pattern} placeholder={p.placeholder} min={p.min}
      />
      <HintText id={id} hint={p.hint} />
    </div>
  );
}

export function TextAreaField(p: Base & { value: string; onInput: (v: string) => void; rows?: number }) {
  const id = useId();
  return (
    <div class={`field ${p.error ? "has-error" : ""} ${p.class ?? ""}`}>
      <Label id={id} label={p.label} required={p.required} />
      <ErrorText id={id} error={p.error} />
      <textarea
        id={id} name={p.name} rows={p.rows ?? 3} class="input input-l" value={p.value}
        onInput={(e) => p.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        aria-required={p.required ? "true" : undefined} aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)} disabled={p.disabled}
      />
      <HintText id={id} hint={p.hint} />
    </div>
  );
}

export interface Option { value: string; label: string; disabled?: boolean }

export function SelectField(p: Base & { value: string; onChange: (v: string) => void; options: Option[]; placeholder?: string; size?: "s" | "m" | "l" }) {
  const id = useId();
  return (
    <div class={`field ${p.error ? "has-error" : ""} ${p.class ?? ""}`}>
      <Label id={id} label={p.label} required={p.required} />
      <ErrorText id={id} error={p.error} />
      <select
        id={id} name={p.name} class={`input input-${p.size ?? "m"}`} value={p.value}
        onChange={(e) => p.onChange((e.currentTarget as HTMLSelectElement).value)}
        aria-required={p.required ? "true" : undefined} aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)} disabled={p.disabled}
      >
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>)}
      </select>
      <HintText id={id} hint={p.hint} />
    </div>
  );
}

export function CheckboxField(p: Omit<Base, "required"> & { checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div class={`field field-check ${p.error ? "has-error" : ""}`}>
      <input
        id={id} name={p.name} type="checkbox" checked={p.checked}
        onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked)}
        aria-describedby={describedBy(id, p.hint, p.error)} disabled={p.disabled}
      />
      <label for={id}>{p.label}</label>
      <ErrorText id={id} error={p.error} />
      <HintText id={id} hint={p.hint} />
    </div>
  );
}

/** Client-side required check; returns field → message for the empty ones. */
export function missing(values: Record<string, unknown>, labels: Record<string, string>, selects: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, label] of Object.entries(labels)) {
    const v = values[name];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === ""))
      out[name] = t(selects.includes(name) ? "common.select_missing" : "common.required_missing", { label });
  }
  return out;
}
