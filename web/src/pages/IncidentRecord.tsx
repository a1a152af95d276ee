// The record of one report: evidence files (uploaded as they are, kept by SHA-256, downloaded after
// the server re-checks the hash), notes, and the timeline of everything with who and when (the
// report's trail), with its export as text.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading } from "../components/Feedback";
import { SelectField, TextAreaField, TextField } from "../components/Fields";
import { formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { pick, t } from "../i18n";
import { evidenceFields, incidentNoteFields, indicatorFields } from "../entities.gen";
import { fieldLabel } from "../registers";

export interface Evidence { id: number; sha256: string; name: string; size: number; description: string; uploaded_by_name: string; uploaded_at: string }
interface Entry { seq: number; time: string; actor_name?: string; actor_name_en?: string; actor: string; action: string;
  action_label?: string; action_label_en?: string; after?: { body?: string } | null }

export function EvidenceCard(p: { id: number; items: Evidence[]; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [desc, setDesc] = useState("");
  const act = useAction(p.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    void act.run(async () => {
      const q = new URLSearchParams({ name: file.name, description: desc.trim() });
      await api.upload(`/api/v1/incidents/${p.id}/evidence?${q}`, file, "application/octet-stream");
      setFile(null); setDesc("");
      return "";
    });
  };
  return (
    <section class="card" aria-labelledby="inc-evidence">
      <h2 id="inc-evidence" class="card-title">{t("inc.evidence")}</h2>
      {p.items.length ? (
        <table class="table" data-testid="incident-evidence">
          <thead><tr><th scope="col">{t("inc.evidence_file")}</th><th scope="col">SHA-256</th><th scope="col">{t("inc.evidence_size")}</th><th scope="col">{t("inc.evidence_by")}</th></tr></thead>
          <tbody>
            {p.items.map((x) => (
              <tr key={x.id}>
                <th scope="row"><a href={`/api/v1/incidents/${p.id}/evidence/${x.id}`} download={x.name}>{x.name}</a>{x.description ? <div class="sub">{x.description}</div> : null}</th>
                <td class="mono" title={x.sha256}>{x.sha256.slice(0, 16)}…</td>
                <td class="nowrap">{x.size.toLocaleString()} B</td>
                <td>{x.uploaded_by_name}<div class="sub">{formatDateTime(x.uploaded_at)}</div></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="sub">{t("inc.evidence_none")}</p>}
      <form noValidate onSubmit={submit} data-testid="evidence-form">
        <ErrorSummary error={act.error} fields={act.fields} />
        <div class="field">
          <div class="field-label-row"><label for="inc-evidence-file" class="field-label">{t("inc.evidence_file")}</label></div>
          <input id="inc-evidence-file" type="file" class="input input-l file-input" onChange={(ev) => setFile((ev.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        </div>
        <TextField label={fieldLabel(evidenceFields.description)} name="evidence-description" value={desc} onInput={setDesc} size="l" error={act.fields.description} />
        <div class="form-actions"><button type="submit" class="btn" disabled={act.pending || !file}>{t("inc.evidence_upload")}</button></div>
      </form>
    </section>
  );
}

export function TimelineCard(p: { id: number; tick: number; onDone: () => void }) {
  const tl = useResource<{ items: Entry[] }>(`/api/v1/incidents/${p.id}/timeline?v=${p.tick}`);
  const [body, setBody] = useState("");
  const act = useAction(() => { setBody(""); tl.reload(); p.onDone(); });
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => { await api.post(`/api/v1/incidents/${p.id}/notes`, { body: body.trim() }); return ""; });
  };
  return (
    <section class="card" aria-labelledby="inc-timeline">
      <h2 id="inc-timeline" class="card-title">{t("inc.timeline")}</h2>
      <p><a href={`/api/v1/incidents/${p.id}/timeline.txt`} download>{t("inc.timeline_export")}</a></p>
      {tl.error ? <LoadError error={tl.error} retry={tl.reload} /> : !tl.data ? <Loading /> : (
        <ol class="timeline" data-testid="incident-timeline">
          {tl.data.items.map((x) => (
            <li key={x.seq}>
              <span class="nowrap">{formatDateTime(x.time)}</span>　{pick(x.actor_name ?? x.actor, x.actor_name_en)}　<strong>{pick(x.action_label ?? x.action, x.action_label_en)}</strong>
              {x.after?.body && x.action === "incident.note" ? <div class="prewrap">{x.after.body}</div> : null}
            </li>
          ))}
        </ol>
      )}
      <form noValidate onSubmit={submit} data-testid="note-form">
        <ErrorSummary error={act.error} fields={act.fields} />
        <TextAreaField label={fieldLabel(incidentNoteFields.body)} name="note-body" value={body} onInput={setBody} rows={2} required error={act.fields.body} />
        <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("inc.note_add")}</button></div>
      </form>
    </section>
  );
}

export interface Indicator { id: number; kind: string; value: string; note: string; added_by_name: string; added_at: string }

export function IndicatorsCard(p: { id: number; items: Indicator[]; canAdd: boolean; onDone: () => void }) {
  const [f, setF] = useState({ kind: "ip", value: "", note: "" });
  const act = useAction(p.onDone);
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      await api.post(`/api/v1/incidents/${p.id}/indicators`, { kind: f.kind, value: f.value.trim(), note: f.note.trim() });
      setF((s) => ({ ...s, value: "", note: "" }));
      return "";
    });
  };
  if (!p.items.length && !p.canAdd) return null;
  return (
    <section class="card" aria-labelledby="inc-indicators">
      <h2 id="inc-indicators" class="card-title">{t("inc.indicators")}</h2>
      {p.items.length ? (
        <table class="table" data-testid="incident-indicators">
          <thead><tr><th scope="col">{fieldLabel(indicatorFields.kind)}</th><th scope="col">{fieldLabel(indicatorFields.value)}</th><th scope="col">{fieldLabel(indicatorFields.note)}</th></tr></thead>
          <tbody>{p.items.map((x) => <tr key={x.id}><td>{x.kind}</td><td class="mono">{x.value}</td><td>{x.note}<div class="sub">{x.added_by_name} {formatDateTime(x.added_at)}</div></td></tr>)}</tbody>
        </table>
      ) : <p class="sub">{t("inc.indicators_none")}</p>}
      {p.canAdd ? (
        <form noValidate onSubmit={submit} data-testid="indicator-form">
          <ErrorSummary error={act.error} fields={act.fields} />
          <div class="field-row">
            <SelectField label={fieldLabel(indicatorFields.kind)} name="indicator-kind" value={f.kind} onChange={set("kind")} required
              options={["ip", "domain", "hash", "email", "url"].map((k) => ({ value: k, label: k }))} />
            <TextField label={fieldLabel(indicatorFields.value)} name="indicator-value" value={f.value} onInput={set("value")} size="l" required error={act.fields.value} />
          </div>
          <TextField label={fieldLabel(indicatorFields.note)} name="indicator-note" value={f.note} onInput={set("note")} size="l" error={act.fields.note} />
          <div class="form-actions"><button type="submit" class="btn" disabled={act.pending}>{t("inc.indicator_add")}</button></div>
        </form>
      ) : null}
    </section>
  );
}
