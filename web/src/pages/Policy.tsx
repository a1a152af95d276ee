// 情報セキュリティポリシー: the active pack as a reader for every person (第48条) — classification
// scales with their criteria, 取扱制限 and the levels they apply to, roles, and the articles' text,
// with one search box over all of it (NFKC-folded, so ＬＧＷＡＮ finds LGWAN).
import type { ComponentChildren } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import { LoadError, Loading } from "../components/Feedback";
import { TextField } from "../components/Fields";
import { ArticleRef, PageHeading } from "../components/Page";
import { CitationsContext } from "../citations";
import { articleAnchor, citeArticle, formatArticle, formatWareki } from "../format";
import { useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { useHref } from "../router";
import type { Policy } from "../types";
import { PublishedPolicyDocs } from "./PolicyDocsRead";

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

function Hl(p: { text: string | undefined | null; q: string }): ComponentChildren {
  const text = p.text ?? "";
  if (!p.q) return text;
  const folded = fold(text);
  if (folded.length !== text.length) return text;
  const out: ComponentChildren[] = [];
  let i = 0;
  for (;;) {
    const j = folded.indexOf(p.q, i);
    if (j < 0) break;
    out.push(text.slice(i, j), <mark>{text.slice(j, j + p.q.length)}</mark>);
    i = j + p.q.length;
  }
  out.push(text.slice(i));
  return <>{out}</>;
}

const hit = (q: string, ...parts: (string | number | null | undefined)[]) =>
  !q || parts.some((x) => x !== null && x !== undefined && fold(String(x)).includes(q));

const SECTIONS: { id: string; label: Key }[] = [
  { id: "scales", label: "policy.scales" },
  { id: "restrictions", label: "policy.restrictions" },
  { id: "roles", label: "policy.roles" },
  { id: "articles", label: "policy.articles" },
];

/** 「デモ市情報セキュリティ対策基準　施行日 令和8年4月1日 ／ 基準パック … 版 2026.1（適用開始 …）」: the
 *  施行日 is the own 対策基準's, as on the home page. */
function policyLead(pol: Policy): string {
  const std = pol.activated?.standard;
  const own = std ? `${std.title}${std.effective_date ? `　${t("home.policy_activated")} ${formatWareki(std.effective_date)}` : ""}　／　` : "";
  const since = pol.activated?.activated_at ? `（${t("home.pack_activated")} ${formatWareki(pol.activated.activated_at)}）` : "";
  return `${own}${t("home.pack")} ${pol.title}　${t("home.policy_version")} ${pol.version}${since}`;
}

export function PolicyPage() {
  const res = useResource<Policy>("/api/v1/policy");
  const href = useHref();
  const [search, setSearch] = useState("");
  const q = fold(search.trim());
  const pol = res.data;
  const citations = useContext(CitationsContext);

  useEffect(() => {
    const hash = decodeURIComponent(new URL(href).hash.slice(1));
    if (!hash || !pol) return;
    const el = document.getElementById(hash);
    if (el) {
      el.scrollIntoView({ block: "start" });
      el.focus({ preventScroll: true });
    }
  }, [href, pol]);

  const view = useMemo(() => {
    if (!pol) return null;
    const scales = pol.scales
      .map((s) => ({ ...s, levels: hit(q, s.label) ? s.levels : s.levels.filter((l) => hit(q, l.label, l.id, l.criteria, formatArticle(l.article))) }))
      .filter((s) => s.levels.length);
    const restrictions = pol.restrictions.filter((r) => hit(q, r.label, r.id, r.description, formatArticle(r.article)));
    const roles = pol.roles.filter((r) => hit(q, r.label, r.id, r.description, formatArticle(r.article)));
    const articles = pol.articles.filter((a) => hit(q, citeArticle(a.number, citations), a.title, a.text));
    const count = scales.reduce((n, s) => n + s.levels.length, 0) + restrictions.length + roles.length + articles.length;
    return { scales, restrictions, roles, articles, count };
  }, [pol, q, citations]);

  const levelLabel = (scaleId: string | undefined, levelId: string) => {
    const scale = pol?.scales.find((s) => s.id === scaleId) ?? pol?.scales.find((s) => s.levels.some((l) => l.id === levelId));
    const level = scale?.levels.find((l) => l.id === levelId);
    return level ? `${scale!.label} ${level.label}` : levelId;
  };

  return (
    <>
      <PageHeading sub={pol ? policyLead(pol) : undefined}>
        {t("policy.title")}
      </PageHeading>
      <PublishedPolicyDocs />
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !pol ? <Loading /> : null}
      {pol && view ? (
        <div class="policy">
          <div class="policy-tools" role="search">
            <TextField label={t("policy.search")} name="policy_q" type="search" value={search} onInput={setSearch} hint={t("policy.search_hint")} size="l" />
            {q ? <p class="search-count" role="status">{t("policy.matches", { q: search.trim(), n: view.count })}</p> : null}
            <nav aria-label={t("policy.title")} class="toc">
              <ul>{SECTIONS.map((s) => <li key={s.id}><a href={`#${s.id}`}>{t(s.label)}</a></li>)}</ul>
            </nav>
          </div>

          <section id="scales" tabIndex={-1} aria-labelledby="h-scales" class="policy-section">
            <h2 id="h-scales">{t("policy.scales")}</h2>
            {view.scales.map((s) => (
              <div key={s.id} class="scale">
                <h3><Hl text={s.label} q={q} /> <ArticleRef article={s.article} /></h3>
                <table class="table">
                  <thead><tr><th scope="col" class="col-level">{t("policy.level")}</th><th scope="col">{t("policy.criteria")}</th><th scope="col" class="col-article">{t("common.article")}</th></tr></thead>
                  <tbody>
                    {s.levels.map((l) => (
                      <tr key={l.id}>
                        <th scope="row"><Hl text={l.label} q={q} /></th>
                        <td class="prewrap"><Hl text={l.criteria} q={q} /></td>
                        <td><ArticleRef article={l.article} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
            {!view.scales.length ? <p class="sub">{t("common.no_results")}</p> : null}
          </section>

          <section id="restrictions" tabIndex={-1} aria-labelledby="h-restrictions" class="policy-section">
            <h2 id="h-restrictions">{t("policy.restrictions")}</h2>
            {view.restrictions.length ? (
              <table class="table">
                <thead><tr><th scope="col">{t("policy.restrictions")}</th><th scope="col">{t("policy.criteria")}</th><th scope="col">{t("policy.applies_to")}</th><th scope="col" class="col-article">{t("common.article")}</th></tr></thead>
                <tbody>
                  {view.restrictions.map((r) => (
                    <tr key={r.id}>
                      <th scope="row"><Hl text={r.label} q={q} /></th>
                      <td class="prewrap"><Hl text={r.description} q={q} /></td>
                      <td>{r.levels.map((l) => <span key={l} class="level-chip">{levelLabel(r.scale, l)}</span>)}</td>
                      <td><ArticleRef article={r.article} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : <p class="sub">{t("common.no_results")}</p>}
          </section>

          <section id="roles" tabIndex={-1} aria-labelledby="h-roles" class="policy-section">
            <h2 id="h-roles">{t("policy.roles")}</h2>
            {view.roles.length ? (
              <dl class="policy-roles">
                {view.roles.map((r) => (
                  <div key={r.id} class="policy-role">
                    <dt><Hl text={r.label} q={q} /> <ArticleRef article={r.article} /></dt>
                    <dd class="prewrap"><Hl text={r.description} q={q} /></dd>
                  </div>
                ))}
              </dl>
            ) : <p class="sub">{t("common.no_results")}</p>}
          </section>

          <section id="articles" tabIndex={-1} aria-labelledby="h-articles" class="policy-section">
            <h2 id="h-articles">{t("policy.articles")}</h2>
            {pol.source ? <p class="sub">{t("policy.source")}: {pol.source}</p> : null}
            {view.articles.map((a) => (
              <article key={a.number} id={articleAnchor(a.number) ?? undefined} tabIndex={-1} class="policy-article">
                <h3><Hl text={citeArticle(a.number, citations)} q={q} />{a.title ? <>　<Hl text={a.title} q={q} /></> : null}</h3>
                <p class="prewrap"><Hl text={a.text} q={q} /></p>
              </article>
            ))}
            {!view.articles.length ? <p class="sub">{t("common.no_results")}</p> : null}
          </section>
        </div>
      ) : null}
    </>
  );
}
