// The provider of the session's citation map (citations.ts): loaded once when the shell opens; until
// it has arrived (or should it fail) citations show the pack's article alone.
import type { ComponentChildren } from "preact";
import { CitationsContext, type CitationMap } from "../citations";
import { useResource } from "../hooks";

export function CitationsProvider(p: { children: ComponentChildren }) {
  const res = useResource<CitationMap>("/api/v1/policy/citations");
  return <CitationsContext.Provider value={res.data}>{p.children}</CitationsContext.Provider>;
}
