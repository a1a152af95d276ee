// Owns the citation map of the signed-in session: which article of the municipality's own 対策基準
// (or, without one, which guideline section) each pack article (三笠市's numbering) corresponds to,
// from GET /api/v1/policy/citations (docs/citations.md). Loaded once by the shell; ArticleRef reads it.
import { createContext } from "preact";

export interface CitationEntry { own: string | null; own_title: string | null; guideline: string | null }
export interface CitationMap {
  standard: { version_id: number; title: string; effective_date: string | null } | null;
  articles: Record<string, CitationEntry>;
}

export const CitationsContext = createContext<CitationMap | null>(null);

/** The bare article of a citation: 第13条8 → 第13条, 第22条(1)ア → 第22条, 第13条の2(1) → 第13条の2. */
export function bareArticle(citation: string): string | null {
  const m = /^第\d+条(?:の\d+)?/.exec(citation);
  return m ? m[0] : null;
}

/** The entry for a citation, or null when the map does not have its article. */
export function citationEntry(map: CitationMap | null, citation: string): CitationEntry | null {
  const bare = bareArticle(citation);
  return (map && bare && map.articles[bare]) || null;
}
