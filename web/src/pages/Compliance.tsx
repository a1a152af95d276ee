// 遵守状況: the compliance dashboard for the CISO and the 統括 — per 第16条の3 category, each measure
// lgsec computes (a number of things not met, with its article) and a drill-down to the failing rows
// and the page where they are handled. /compliance/units/:id is one 部局's or 課室's view (its rows only)
// for its managers and the CISO; the CISO chooses one from the whole view.
import { LoadError, Loading } from "../components/Feedback";
import { SelectField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading } from "../components/Page";
import { Sparkline, TrendTable } from "../components/Trend";
import { formatDate } from "../format";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { navigate } from "../router";

interface Measure { id: string; label: string; article: string; value: number; ok: boolean; rows: string[]; link: string;
  trend: (number | null)[] }
interface Board { today: string; unit: { id: number; name: string; kind: string } | null;
  trend: { months: string[]; taken_on: (string | null)[] };
  categories: { category: string; failing: number; trend: (number | null)[]; measures: Measure[] }[] }

/* The 部局 and 課室 to narrow the view to. */
function UnitChooser() {
  const units = useResource<{ items: { id: number; name: string; kind: string; active: boolean }[] }>("/api/v1/org/units");
  const options = (units.data?.items ?? []).filter((u) => u.active && (u.kind === "department" || u.kind === "section"))
    .map((u) => ({ value: String(u.id), label: u.kind === "department" ? u.name : `　${u.name}` }));
  return <SelectField label={t("cmp.unit_choose")} name="cmp_unit" value="" placeholder={t("common.select")} options={options}
    onChange={(v) => { if (v) navigate(`/compliance/units/${v}`); }} />;
}

export function CompliancePage(p: { unitId?: string }) {
  const res = useResource<Board>(p.unitId ? `/api/v1/compliance/units/${encodeURIComponent(p.unitId)}` : "/api/v1/compliance");
  const b = res.data;
  return (
    <>
      <PageHeading sub={t("cmp.intro")}>{b?.unit ? t("cmp.title_unit", { name: b.unit.name }) : t("cmp.title")}</PageHeading>
      {p.unitId ? <p><Link href="/compliance">{t("cmp.whole")}</Link></p> : <UnitChooser />}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !b ? <Loading /> : null}
      {b ? (
        <div class="stack">
          <p class="sub">{formatDate(b.today)}</p>
          {b.unit ? <p class="sub">{t("cmp.unit_note")}</p> : (
            <p data-testid="readiness-downloads">{t("cmp.report")}: <a href="/api/v1/readiness/pdf" download>{t("cmp.report_pdf")}</a>{" ・ "}
              <a href="/api/v1/readiness/xlsx" download>{t("cmp.report_xlsx")}</a></p>)}
          {b.categories.map((c) => (
            <section key={c.category} class="panel" data-category={c.category} aria-labelledby={`cmp-${c.category}`}>
              <h2 id={`cmp-${c.category}`}>{c.category}{" "}
                <Badge kind={c.failing ? "warn" : "ok"}>{c.failing ? t("cmp.failing", { n: c.failing }) : t("cmp.all_ok")}</Badge>
                {c.measures.length ? <Sparkline months={b.trend.months} values={c.trend} /> : null}</h2>
              {c.measures.length ? (
                <ul class="stack plain">
                  {c.measures.map((m) => (
                    <li key={m.id} data-measure={m.id}>
                      <details>
                        <summary>
                          <strong class="num" data-testid="cmp-value">{m.value}</strong> {m.label}（<ArticleRef article={m.article} />）{" "}
                          <Sparkline months={b.trend.months} values={m.trend} />
                        </summary>
                        <p><Link href={m.link}>{t("cmp.open")}</Link></p>
                        <TrendTable months={b.trend.months} takenOn={b.trend.taken_on} values={m.trend} />
                        {m.rows.length ? (
                          <>
                            <p class="sub">{t("cmp.rows", { n: m.value })}</p>
                            <ul data-testid="cmp-rows">{m.rows.map((r, i) => <li key={i}>{r}</li>)}</ul>
                          </>
                        ) : null}
                      </details>
                    </li>
                  ))}
                </ul>
              ) : <p class="sub">{t("cmp.none")}</p>}
            </section>
          ))}
        </div>
      ) : null}
    </>
  );
}
