// 緊急時対応計画 (第125条–第128条): the current version as people read it in an incident — the contacts
// (live from the 緊急連絡網 and the roles), what to report, the response per category, 再発防止, the
// review reasons (第128条) and the drills held against it (第52条); printed as a PDF with 和暦 dates.
// Writing and approving go through the API for now (docs/emergency-plan.md).
import { LoadError, Loading } from "../components/Feedback";
import { Link } from "../components/Link";
import { PageHeading } from "../components/Page";
import { formatWareki } from "../format";
import { useResource } from "../hooks";
import { lang, t } from "../i18n";

type Holder = { person_id: number; name: string; phone: string; mobile: string };
type Step = { step: string; label: string; article: string; role_label: string; holders: Holder[] | null };
type Response = { category: string; label: string; label_en: string; first_response: string | null; recovery: string | null;
  report_to: string | null; prevention: string | null };
type Drill = { drill_id: number; title: string; held_on: string; participants: number; findings: number;
  open_findings: number; label: string | null };
type Plan = { id: number; version_no: number; title: string; purpose: string; report_items: string; general_response: string;
  prevention: string; external_contacts: string; review_on: string; approved_at: string | null; approved_by_name: string | null;
  responses: Response[]; contacts: { chain: Step[] }; drills: Drill[];
  review: { due: boolean; reasons: { kind: string; ja: string; en: string }[] } | null };

const Text = ({ value }: { value: string | null }) => <p class="prewrap">{value || "—"}</p>;

export function EmergencyPlanPage() {
  const res = useResource<Plan>("/api/v1/emergency-plan/current");
  const p = res.data;
  const notFound = (res.error as { status?: number } | null)?.status === 404;
  return (
    <>
      <PageHeading sub={t("ip.intro")}>{t("ip.title")}</PageHeading>
      {notFound ? <p class="empty-title">{t("ip.none")}</p> : res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !p ? <Loading /> : null}
      {p ? (
        <>
          <h2>{p.title}</h2>
          <p>
            {t("ip.version", { no: p.version_no })}　{t("ip.approved", { date: formatWareki(p.approved_at), name: p.approved_by_name ?? "" })}　
            {t("ip.review_on", { date: formatWareki(p.review_on) })}
          </p>
          <p class="page-actions no-print"><a class="btn" href="/api/v1/emergency-plan/current/pdf">{t("ip.pdf")}</a></p>
          {p.review?.due ? (
            <div class="notice" role="status">
              <strong>{t("ip.review_due")}</strong>
              <ul>{p.review.reasons.map((r) => <li key={r.kind + r.ja}>{lang() === "en" ? r.en : r.ja}</li>)}</ul>
            </div>
          ) : null}
          <h3>{t("ip.contacts")}</h3>
          <ul>
            {p.contacts.chain.map((s) => (
              <li key={s.step}>
                {s.label} ({s.role_label}, {s.article}):{" "}
                {s.holders === null ? t("ip.per_incident")
                  : s.holders.length ? s.holders.map((h) => `${h.name} ${h.phone}`).join("、") : t("ip.vacant")}
              </li>
            ))}
          </ul>
          <Text value={p.external_contacts} />
          <h3>{t("ip.report_items")}</h3>
          <Text value={p.report_items} />
          <h3>{t("ip.responses")}</h3>
          <Text value={p.general_response} />
          {p.responses.map((r) => (
            <section key={r.category} id={`plan-${encodeURIComponent(r.label)}`}>
              <h4>{lang() === "en" ? r.label_en : r.label}</h4>
              <dl>
                <dt>{t("ip.first_response")}</dt><dd class="prewrap">{r.first_response ?? "—"}</dd>
                <dt>{t("ip.recovery")}</dt><dd class="prewrap">{r.recovery || "—"}</dd>
                <dt>{t("ip.report_to")}</dt><dd class="prewrap">{r.report_to || "—"}</dd>
              </dl>
            </section>
          ))}
          <h3>{t("ip.prevention")}</h3>
          <Text value={p.prevention} />
          <h3>{t("ip.drills")}</h3>
          {p.drills.length ? (
            <ul>
              {p.drills.map((d) => (
                <li key={d.drill_id}>
                  <a href={`/training/drills/${d.drill_id}`}>{d.title}</a> ({formatWareki(d.held_on)}{d.label ? `, ${d.label}` : ""}) —{" "}
                  {t("ip.drill_counts", { p: d.participants, f: d.findings, o: d.open_findings })}
                </li>
              ))}
            </ul>
          ) : <p>{t("ip.no_drills")}</p>}
        </>
      ) : null}
    </>
  );
}

type Part = { plan: { id: number; version_no: number; title: string } | null; label: string | null;
  response: { first_response: string; recovery: string; report_to: string } | null; report_items?: string };

/** On an incident's page: its category's part of the current plan (GET /api/v1/incidents/{id}/plan). */
export function PlanPartCard(p: { id: number; tick: number }) {
  const res = useResource<Part>(`/api/v1/incidents/${p.id}/plan?v=${p.tick}`);
  const x = res.data;
  if (!x?.plan) return null;
  return (
    <section class="card" aria-labelledby="inc-plan" data-testid="incident-plan">
      <h2 id="inc-plan" class="card-title">{t("ip.part")}</h2>
      <p class="sub">
        <Link href={x.response ? `/emergency-plan#plan-${encodeURIComponent(x.label ?? "")}` : "/emergency-plan"}>
          {x.plan.title} ({t("ip.version", { no: x.plan.version_no })})
        </Link>
      </p>
      {x.response ? (
        <dl>
          <dt>{x.label}: {t("ip.first_response")}</dt><dd class="prewrap">{x.response.first_response}</dd>
          <dt>{t("ip.recovery")}</dt><dd class="prewrap">{x.response.recovery || "—"}</dd>
          <dt>{t("ip.report_to")}</dt><dd class="prewrap">{x.response.report_to || "—"}</dd>
        </dl>
      ) : <p>{t("ip.part_untriaged")}</p>}
      <h3>{t("ip.report_items")}</h3>
      <p class="prewrap">{x.report_items || "—"}</p>
    </section>
  );
}
