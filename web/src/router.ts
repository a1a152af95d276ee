// Owns client-side routing with the History API: the current path, navigate(), and matching
// "/people/:id"-style patterns. The server answers index.html for unknown non-API paths.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

export function currentPath(): string {
  return window.location.pathname || "/";
}

export function navigate(to: string, replace = false): void {
  if (to === window.location.pathname + window.location.search + window.location.hash) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  listeners.forEach((f) => f());
  const hash = to.split("#")[1];
  if (!hash) window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => listeners.forEach((f) => f()));

/** Re-renders the caller whenever the location changes; returns the path. */
export function useLocation(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const f = () => setPath(currentPath());
    listeners.add(f);
    return () => void listeners.delete(f);
  }, []);
  return path;
}

/** match("/people/:id", "/people/42") → {id: "42"}; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}

/** Click handler for in-app links: lets modified clicks (new tab) through. */
export function linkClick(e: MouseEvent, href: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(href);
}

/** Like useLocation but also changes with the query and hash (for in-page anchors). */
export function useHref(): string {
  const [href, setHref] = useState(window.location.href);
  useEffect(() => {
    const f = () => setHref(window.location.href);
    listeners.add(f);
    window.addEventListener("hashchange", f);
    return () => { listeners.delete(f); window.removeEventListener("hashchange", f); };
  }, []);
  return href;
}
