// The provider of the session's citation map (citations.ts): loaded once when the shell opens, and the
// pages drawn once it has arrived (or failed: then citations show the pack's article alone), so that
// ArticleRef and the UI's own texts (i18n setTemplateCitations) cite the municipality's articles
// from the first paint.
import type { ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { CitationsContext, type CitationMap } from "../citations";
import { citeArticle, citeText } from "../format";
import { useResource } from "../hooks";
import { setTemplateCitations } from "../i18n";
import { Loading } from "./Feedback";

export function CitationsProvider(p: { children: ComponentChildren }) {
  const res = useResource<CitationMap>("/api/v1/policy/citations");
  const map = res.data;
  setTemplateCitations(map ? (text) => citeText(text, map) : null);
  if (res.loading && !map) return <Loading />;
  return <CitationsContext.Provider value={map}>{p.children}</CitationsContext.Provider>;
}

/** citeArticle with the session's map, for citations put into texts (option labels, t() values). */
export function useCite(): (article: string | number | null | undefined) => string {
  const map = useContext(CitationsContext);
  return (article) => citeArticle(article, map);
}
