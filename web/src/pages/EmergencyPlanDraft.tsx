// 緊急時対応計画の案 (第125条・第126条): the one draft, written by the CSIRT or the 統括 (irplan.edit) and
// approved by the CISO (irplan.approve). The form holds the four parts of 第126条 — what to report, the
// common response and one per pack category, 再発防止 — with the gaps that keep it from approval shown
// at their fields (the same rule as the server's plan_incomplete). The author never sees 承認 (第20条);
// a refusal from the server (separation_of_duties, plan_incomplete) is shown at its field.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { PageHeading } from "../components/Page";
import { useAction, useResource } from "../hooks";
import { lang, t } from "../i18n";
import { navigate } from "../router";
import { useSession } from "../session";

type Resp = { category: string; label: string; label_en: string; first_response: string | null; recovery: string | null;
  report_to: string | null; prevention: string | null };
type Draft = { id: number; version_no: number; state: string; title: string; purpose: string; report_items: string;
  external_contacts: string; general_response: string; prevention: string; change_note: string; review_on: string;
  created_by: number; created_by_name: string; responses: Resp[]; can_edit: boolean; can_approve: boolean };
type Index = { draft_id: number | null; current_id: number | null; can_edit: boolean; can_approve: boolean };

const TEXTS = ["title", "purpose", "change_note", "report_items", "external_contacts", "general_response", "prevention"] as const;
type TextKey = (typeof TEXTS)[number];
type RespText = { first_response: string; recovery: string; report_to: string; prevention: string };

/** The gaps of a saved draft that block approval, keyed by form field (report_items, prevention, resp-<category>). */
export function planGaps(d: Draft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.report_items.trim()) out.report_items = t("ipd.gap_report_items");
  if (!d.prevention.trim()) out.prevention = t("ipd.gap_prevention");
  for (const r of d.responses)
    if (!r.first_response) out[`resp-${r.category}`] = t("ipd.gap_response", { label: lang() === "en" ? r.label_en : r.label });
  return out;
}

/** The 緊急時対応計画 page's buttons: start the draft (a copy of the current version) or open it. */
export function PlanDraftActions() {
  const idx = useResource<Index>("/api/v1/emergency-plan");
  const act = useAction(() => {});
  const x = idx.data;
  if (!x || !x.can_edit && !(x.can_approve && x.draft_id)) return null;
  return (
    <div class="page-actions no-print">
      <ErrorSummary error={act.error} fields={act.fields} />
      {x.draft_id ? <Link class="btn" href="/emergency-plan/draft">{t("ipd.open")}</Link> : (
        <button type="button" class="btn" disabled={act.pending} onClick={() => act.run(async () => {
          await api.post("/api/v1/emergency-plan/drafts", {});
          navigate("/emergency-plan/draft");
          return "";
        })}>{t("ipd.start")}</button>
      )}
    </div>
  );
}

export function EmergencyPlanDraftPage() {
  const session = useSession();
  const idx = useResource<Index>("/api/v1/emergency-plan");
  const id = idx.data?.draft_id ?? null;
  const res = useResource<Draft>(id ? `/api/v1/emergency-plan/versions/${id}` : null);
  const d = res.data;
  const [texts, setTexts] = useState<Record<TextKey, string>>({} as Record<TextKey, string>);
  const [reviewOn, setReviewOn] = useState("");
  const [resps, setResps] = useState<Record<string, RespText>>({});
  const [done, setDone] = useState("");
  const act = useAction(setDone);
  useEffect(() => {
    if (!d) return;
    setTexts(Object.fromEntries(TEXTS.map((k) => [k, d[k] ?? ""])) as Record<TextKey, string>);
    setReviewOn(d.review_on);
    setResps(Object.fromEntries(d.responses.map((r) => [r.category, { first_response: r.first_response ?? "",
      recovery: r.recovery ?? "", report_to: r.report_to ?? "", prevention: r.prevention ?? "" }])));
  }, [d]);

  if (idx.error) return <LoadError error={idx.error} retry={idx.reload} />;
  if (idx.loading || (id && !d && !res.error)) return <Loading />;
  if (res.error) return <LoadError error={res.error} retry={res.reload} />;
  if (!id || !d) {
    return (
      <>
        <PageHeading>{t("ipd.title")}</PageHeading>
        <p>{t("ipd.none")}</p>
        <p><Link href="/emergency-plan">{t("ipd.back")}</Link></p>
      </>
    );
  }
  const editable = d.can_edit;
  const mine = String(d.created_by) === String(session.person?.id ?? "");
  const gaps = planGaps(d);
  // a field's message: what the server refused wins over the standing gap
  const err = (k: string) => act.fields[k] ?? gaps[k];

  function body() {
    const responses = [];
    const miss: Record<string, string> = {};
    for (const r of d!.responses) {
      const v = resps[r.category];
      if (!v || !Object.values(v).some((s) => s.trim())) continue; // an empty category stays a gap
      if (!v.first_response.trim()) miss[`resp-${r.category}`] = t("ipd.first_required", { label: lang() === "en" ? r.label_en : r.label });
      responses.push({ category: r.category, ...v });
    }
    return { miss, payload: { ...texts, review_on: reviewOn, responses } };
  }
  function save() {
    const { miss, payload } = body();
    if (Object.keys(miss).length) return act.fail(miss);
    void act.run(async () => {
      await api.patch(`/api/v1/emergency-plan/versions/${d!.id}`, payload);
      res.reload();
      return t("ipd.saved");
    });
  }
  function approve() {
    void act.run(async () => {
      await api.post(`/api/v1/emergency-plan/versions/${d!.id}/approve`, {});
      navigate("/emergency-plan");
      return t("ipd.approved");
    });
  }
  const text = (k: TextKey, label: string, rows = 4, required = false) => (
    <TextAreaField name={k} label={label} rows={rows} required={required} value={texts[k] ?? ""} error={err(k)} disabled={!editable}
      onInput={(v) => setTexts({ ...texts, [k]: v })} />
  );
  const gapList = Object.entries(gaps);
  return (
    <>
      <PageHeading sub={t("ipd.intro")}>{t("ipd.title")}</PageHeading>
      <p>{t("ipd.meta", { no: d.version_no, name: d.created_by_name })}　<Link href="/emergency-plan">{t("ipd.back")}</Link></p>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}>{done}</Notice> : null}
      <ErrorSummary error={act.error} fields={act.fields} />
      <section class="card" data-testid="plan-gaps" aria-labelledby="plan-gaps-h">
        <h2 id="plan-gaps-h" class="card-title">{t("ipd.gaps")}</h2>
        {gapList.length ? <ul>{gapList.map(([k, m]) => <li key={k}>{m}</li>)}</ul> : <p>{t("ipd.no_gaps")}</p>}
      </section>
      <form onSubmit={(e) => { e.preventDefault(); save(); }} noValidate>
        <TextField name="title" label={t("ipd.f_title")} required value={texts.title ?? ""} error={err("title")} disabled={!editable}
          onInput={(v) => setTexts({ ...texts, title: v })} />
        {text("purpose", t("ipd.f_purpose"))}
        {text("change_note", t("ipd.f_change_note"), 2)}
        <h2>{t("ip.contacts")}</h2>
        <p class="field-hint">{t("ipd.contacts_hint")}</p>
        {text("external_contacts", t("ipd.f_external"))}
        <h2>{t("ip.report_items")}</h2>
        {text("report_items", t("ip.report_items"), 5, true)}
        <h2>{t("ip.responses")}</h2>
        {text("general_response", t("ipd.f_general"))}
        {d.responses.map((r) => {
          const v = resps[r.category] ?? { first_response: "", recovery: "", report_to: "", prevention: "" };
          const set = (k: keyof RespText) => (s: string) => setResps({ ...resps, [r.category]: { ...v, [k]: s } });
          const label = lang() === "en" ? r.label_en : r.label;
          return (
            <fieldset key={r.category} class="fieldset" data-testid={`resp-${r.category}`}>
              <legend>{label}</legend>
              <TextAreaField name={`resp-${r.category}`} label={`${label}: ${t("ip.first_response")}`} required rows={3}
                value={v.first_response} error={err(`resp-${r.category}`)} disabled={!editable} onInput={set("first_response")} />
              <TextAreaField name={`recovery-${r.category}`} label={`${label}: ${t("ip.recovery")}`} rows={2} value={v.recovery}
                disabled={!editable} onInput={set("recovery")} />
              <TextAreaField name={`report_to-${r.category}`} label={`${label}: ${t("ip.report_to")}`} rows={2} value={v.report_to}
                disabled={!editable} onInput={set("report_to")} />
              <TextAreaField name={`prevention-${r.category}`} label={`${label}: ${t("ipd.f_resp_prevention")}`} rows={2}
                value={v.prevention} disabled={!editable} onInput={set("prevention")} />
            </fieldset>
          );
        })}
        <h2>{t("ip.prevention")}</h2>
        {text("prevention", t("ip.prevention"), 5, true)}
        <TextField name="review_on" type="date" label={t("ipd.f_review_on")} required value={reviewOn} error={err("review_on")}
          disabled={!editable} onInput={setReviewOn} />
        <div class="form-actions">
          {editable ? <button type="submit" class="btn" disabled={act.pending}>{act.pending ? t("common.saving") : t("ipd.save")}</button> : null}
          {d.can_approve && !mine ? (
            <button type="button" class="btn btn-primary" disabled={act.pending} onClick={approve}>{t("ipd.approve")}</button>
          ) : null}
        </div>
        {d.can_approve && mine ? <p class="field-hint" data-testid="own-draft">{t("ipd.own_draft")}</p> : null}
      </form>
    </>
  );
}
