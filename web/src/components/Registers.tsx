// Pieces shared by the register screens: a classification level cell (要判断 shown as a warning),
// the three dimensions side by side, the 許可待ち badge, the register form field rendered from the
// server's field list (text / enum / level / bool / unit / system / date), and the step indicator.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { dimLabel, fieldLabel, levelLabel, levelOptions } from "../registers";
import type { Classification, Dim, Policy, RegisterField } from "../types";
import { DIMS } from "../types";
import { CheckboxField, SelectField, TextAreaField, TextField, type Option } from "./Fields";
import { Badge } from "./Page";

/** A level in a table cell: short id ("3B") with the full label for assistive tech; null = 要判断. */
export function LevelCell(p: { policy: Policy | null; dim: Dim; value: string | null | undefined }) {
  if (!p.value) return <Badge kind="warn">{t("reg.pending")}</Badge>;
  const full = levelLabel(p.policy, p.dim, p.value);
  return <span class={`level level-${p.dim} level-${p.value.toLowerCase()}`} title={full}><span aria-hidden="true">{p.value}</span><span class="visually-hidden">{full}</span></span>;
}

/** 機 3B / 完 2 / 可 2 compact, for lists of related assets. */
export function LevelTriple(p: { policy: Policy | null; value: Partial<Classification> | null | undefined }) {
  if (!p.value) return <span class="sub">{t("reg.no_classification")}</span>;
  return (
    <span class="level-triple">
      {DIMS.map((d) => (
        <span key={d} class="level-pair"><span class="level-dim" aria-hidden="true">{t(`reg.dim_short.${d}`)}</span><LevelCell policy={p.policy} dim={d} value={p.value?.[d]} /></span>
      ))}
    </span>
  );
}

export function ApprovalBadge(p: { status: string }) {
  if (p.status === "pending") return <Badge kind="warn">{t("reg.approval.pending")}</Badge>;
  if (p.status === "approved") return <Badge kind="ok">{t("reg.approval.approved")}</Badge>;
  if (p.status === "rejected") return <Badge kind="danger">{t("reg.approval.rejected")}</Badge>;
  return <span class="sub">{t("reg.approval.not_required")}</span>;
}

export type FormValue = string | boolean;


/** One register field, rendered by its type. Booleans are a checkbox, or with triState a
 *  未記録 / はい / いいえ select (system requirement facts: null means "not recorded"). */
export function RegisterInput(p: {
  field: RegisterField; value: FormValue; onChange: (v: FormValue) => void; error?: string; policy: Policy | null;
  unitOptions: Option[]; systemOptions: Option[]; triState?: boolean; hint?: string; disabled?: boolean;
}) {
  const f = p.field;
  const label = fieldLabel(f);
  const common = { label, name: f.name, required: f.required, error: p.error, hint: p.hint, disabled: p.disabled };
  const str = typeof p.value === "string" ? p.value : "";
  switch (f.type) {
    case "bool":
      if (p.triState)
        return <SelectField {...common} value={str} onChange={p.onChange} size="s"
          options={[{ value: "true", label: t("reg.fact.true") }, { value: "false", label: t("reg.fact.false") }]} placeholder={t("reg.fact.null")} />;
      return <CheckboxField label={label} name={f.name} checked={p.value === true} onChange={p.onChange} error={p.error} hint={p.hint} disabled={p.disabled} />;
    case "enum":
      return <SelectField {...common} value={str} onChange={p.onChange} options={f.options ?? []} placeholder={f.required ? "—" : t("reg.unset")} />;
    case "level": {
      const dim = f.name as Dim;
      return <SelectField {...common} value={str} onChange={p.onChange} size="s"
        options={levelOptions(p.policy, dim).length ? levelOptions(p.policy, dim) : f.options ?? []} placeholder={t("reg.pending_option", { dim: dimLabel(dim) })} />;
    }
    case "unit":
      return <SelectField {...common} value={str} onChange={p.onChange} options={p.unitOptions} placeholder="—" size="l" />;
    case "system":
      return <SelectField {...common} value={str} onChange={p.onChange} options={p.systemOptions} placeholder={t("reg.no_system")} size="l" />;
    case "date":
      return <TextField {...common} type="date" value={str} onInput={p.onChange} size="s" />;
    default:
      return f.multiline /* the declaration allows line breaks */
        ? <TextAreaField {...common} value={str} onInput={p.onChange} rows={3} />
        : <TextField {...common} value={str} onInput={p.onChange} size="l" maxLength={f.max_chars} />;
  }
}

/** The value a detail response holds for a field, as form state. */
export function toFormValue(field: RegisterField, v: unknown, triState: boolean): FormValue {
  if (field.type === "bool") return triState ? (v === true ? "true" : v === false ? "false" : "") : v === true;
  if (v === null || v === undefined) return "";
  if (field.type === "date") return String(v).slice(0, 10);
  return String(v);
}

/** Form state back to the JSON the API takes: empty → null, tri-state → true/false/null. */
export function fromFormValue(field: RegisterField, v: FormValue, triState: boolean): unknown {
  if (field.type === "bool") return triState ? (v === "true" ? true : v === "false" ? false : null) : v === true;
  const s = typeof v === "string" ? v.trim() : "";
  return s === "" ? null : s;
}

export function Steps(p: { steps: string[]; current: number; label: string }) {
  return (
    <ol class="steps" aria-label={p.label}>
      {p.steps.map((s, i) => (
        <li key={s} class={i === p.current ? "current" : i < p.current ? "done" : ""} aria-current={i === p.current ? "step" : undefined}>
          <span class="step-no">{i + 1}</span>{s}
        </li>
      ))}
    </ol>
  );
}

/** The number of hits of a register search: its first page carries it (Page.total), later pages of the
 *  same search keep showing it. */
export function useResultTotal(page: { total?: number; total_capped?: boolean } | null | undefined) {
  const [total, setTotal] = useState<{ n: number; capped: boolean } | null>(null);
  useEffect(() => {
    if (page?.total !== undefined) setTotal({ n: page.total, capped: !!page.total_capped });
  }, [page]);
  return total;
}

export function ResultCount(p: { total: { n: number; capped: boolean } | null }) {
  if (!p.total) return null;
  return (
    <p class="result-count" role="status" data-testid="result-count">
      {t(p.total.capped ? "reg.total_capped" : "reg.total", { n: p.total.n.toLocaleString() })}
    </p>
  );
}
