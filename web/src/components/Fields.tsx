// Form fields with a visible label, required/optional marker, hint and field-level error, wired
// with aria-describedby / aria-invalid so screen readers announce them.
import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { t } from "../i18n";

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

export function TextField(p: Base & {
  value: string; onInput: (v: string) => void; type?: string; autocomplete?: string; inputMode?: string;
  maxLength?: number; size?: "s" | "m" | "l"; spellcheck?: boolean; pattern?: string; placeholder?: string;
  min?: string;
}) {
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
