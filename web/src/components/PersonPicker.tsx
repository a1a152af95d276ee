// Picking a colleague (a request's 担当者, who did a lifecycle action): a name search through
// /api/v1/people/names, which every signed-in person may use (names and 課室 only, no contacts),
// and a select of the matches with the signed-in person first.
import { useState } from "preact/hooks";
import { withQuery } from "../api";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { useSession } from "../session";
import { SelectField, TextField, type Option } from "./Fields";

interface NameHit { id: number | string; staff_no: string; name: string; unit_name: string | null }

export function PersonPicker(p: { label: string; name: string; value: string; onChange: (id: string) => void; required?: boolean; error?: string; hint?: string;
  /** leave oneself out (a deputy is always someone else) */ notMe?: boolean }) {
  const me = useSession().person;
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const hits = useResource<{ items: NameHit[] }>(query ? withQuery("/api/v1/people/names", { q: query }) : null);
  const options: Option[] = [];
  if (me && !p.notMe) options.push({ value: String(me.id), label: t("reg.me", { name: me.name }) });
  for (const x of hits.data?.items ?? [])
    if (String(x.id) !== String(me?.id)) options.push({ value: String(x.id), label: `${x.name}（${x.unit_name ?? ""}・${x.staff_no}）` });
  if (p.value && !options.some((o) => o.value === p.value)) options.push({ value: p.value, label: p.value });
  return (
    <div class="person-picker">
      <TextField label={t("people.search_name")} name={`${p.name}-search`} type="search" value={q} size="s"
        onInput={(v) => { setQ(v); setQuery(v.trim()); }} hint={t("people.search_name_hint")} />
      <SelectField label={p.label} name={p.name} value={p.value} onChange={p.onChange} required={p.required} error={p.error} hint={p.hint}
        placeholder={t("common.select")} options={options} />
    </div>
  );
}
