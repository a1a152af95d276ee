// Page frame pieces: the h1 (focused after navigation so screen readers announce the new page,
// and used for document.title), article citations linking into the policy viewer, a cursor pager.
import type { ComponentChildren } from "preact";
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { CitationsContext } from "../citations";
import { articleAnchor, citeArticle } from "../format";
import { t } from "../i18n";
import { Link } from "./Link";

export function PageHeading(p: { children: string; sub?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${p.children} — lgsec`;
    ref.current?.focus({ preventScroll: true });
  }, [p.children]);
  return (
    <div class="page-heading">
      <h1 tabIndex={-1} ref={ref}>{p.children}</h1>
      {p.sub ? <p class="lead">{p.sub}</p> : null}
    </div>
  );
}

/** The one way a citation is shown: 「第41条（貴団体の第32条）」 (format.ts citeArticle), linking to the
 *  article's text in the policy viewer. */
export function ArticleRef(p: { article: string | number | null | undefined }) {
  const label = citeArticle(p.article, useContext(CitationsContext));
  if (!label) return null;
  const anchor = articleAnchor(p.article);
  return anchor ? <Link href={`/policy#${anchor}`} class="article-ref">{label}</Link> : <span class="article-ref">{label}</span>;
}

/** Cursor paging: keeps the cursors of earlier pages so "前へ" works. */
export function useCursorPager(resetKey: string) {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  useEffect(() => setStack([null]), [resetKey]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    page: stack.length,
    next: (c: string) => setStack((s) => [...s, c]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
  };
}

export function Pager(p: { page: number; count: number; nextCursor: string | null; onNext: (c: string) => void; onPrev: () => void; label: string }) {
  return (
    <nav class="pager" aria-label={p.label}>
      <button type="button" class="btn" disabled={p.page <= 1} onClick={p.onPrev}>{t("common.prev")}</button>
      <span class="pager-info" aria-live="polite">{t("common.page_results", { page: p.page, n: p.count })}</span>
      <button type="button" class="btn" disabled={!p.nextCursor} onClick={() => p.nextCursor && p.onNext(p.nextCursor)}>{t("common.next")}</button>
    </nav>
  );
}

export function Badge(p: { kind?: "ok" | "warn" | "danger" | "neutral" | "info"; children: ComponentChildren }) {
  return <span class={`badge badge-${p.kind ?? "neutral"}`}>{p.children}</span>;
}
