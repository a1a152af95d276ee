// Shared helpers for the 情報資産台帳 and 情報システム台帳 screens: the policy pack's scales (cached
// for the page's life), level labels (null = 要判断), the register field lists, the labels of the
// enumerations (asset kind 第5条, zone, location, lifecycle kinds …) and list-filter ⇄ URL helpers.
import { api } from "./api";
import { pick, t, type Key } from "./i18n";
import type { Dim, Policy, RegisterFields } from "./types";
import { useEffect, useState } from "preact/hooks";

const cache = new Map<string, Promise<unknown>>();

/** GETs a path once per page load (the policy and field lists change only with a new pack). */
export function useCached<T>(path: string | null): { data: T | null; error: unknown } {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  useEffect(() => {
    if (!path) return;
    let p = cache.get(path) as Promise<T> | undefined;
    if (!p) {
      p = api.get<T>(path);
      cache.set(path, p);
      p.catch(() => cache.delete(path));
    }
    let live = true;
    p.then((data) => live && setState({ data, error: null }), (error) => live && setState({ data: null, error }));
    return () => { live = false; };
  }, [path]);
  return state;
}

export const usePolicy = () => useCached<Policy>("/api/v1/policy");
export const useFields = () => useCached<RegisterFields>("/api/v1/registers/fields");

export const dimLabel = (d: Dim) => t(`reg.dim.${d}` as Key);

/** 自治体機密性3B for ("confidentiality", "3B"); the bare id when the pack does not know it. */
export function levelLabel(policy: Policy | null, dim: Dim, id: string | null | undefined): string {
  if (id === null || id === undefined || id === "") return t("reg.pending");
  const level = policy?.scales.find((s) => s.id === dim)?.levels.find((l) => l.id === id);
  return level?.label ?? `${dimLabel(dim)}${id}`;
}

export function levelOptions(policy: Policy | null, dim: Dim) {
  const scale = policy?.scales.find((s) => s.id === dim);
  return (scale?.levels ?? []).map((l) => ({ value: l.id, label: l.label }));
}

export function levelRank(policy: Policy | null, dim: Dim, id: string | null | undefined): number | null {
  if (!id) return null;
  const level = policy?.scales.find((s) => s.id === dim)?.levels.find((l) => l.id === id);
  return level?.rank ?? null;
}

export function scaleArticle(policy: Policy | null, dim: Dim): string | null {
  return policy?.scales.find((s) => s.id === dim)?.article ?? null;
}

export const ASSET_KINDS = ["equipment", "medium", "information", "document"] as const;
export const assetKindLabel = (k: string | null | undefined) => (k ? t(`reg.kind.${k}` as Key) : "");
export const ZONES = ["mynumber", "lgwan", "internet"] as const;
export const zoneLabel = (z: string) => t(`reg.zone.${z}` as Key);
export const LOCATIONS = ["onprem", "datacenter", "cloud"] as const;
export const locationLabel = (l: string) => t(`reg.location.${l}` as Key);
/** The 無害化 relay kind of a system (relay_kind; lgsec netcheck reads it, docs/netcheck.md). */
export const relayKindLabel = (k: string) => {
  const key = `reg.relay_kind.${k}` as Key;
  const label = t(key);
  return label === key ? k : label; /* a kind of another pack's zone matrix: its id */
};
export const FORMATS = ["paper", "electronic", "both"] as const;
export const formatLabel = (f: string | null | undefined) => (f ? t(`reg.format.${f}` as Key) : "");
export const EVENT_KINDS = ["create", "obtain", "copy", "transmit", "transport", "provide", "move", "dispose"] as const;
export const eventKindLabel = (k: string) => t(`reg.event.${k}` as Key);
export const COMPONENT_KINDS = ["server", "terminal", "network", "media", "cloud", "software"] as const;
export const componentKindLabel = (k: string) => t(`reg.component.${k}` as Key);

/** The label of a register field in the current language. */
export function fieldLabel(f: { label: string; label_en?: string }): string {
  return pick(f.label, f.label_en);
}

/** Reads list filters from the URL's query (so back / reload / shared links keep them). */
export function filtersFromUrl<T extends { [K in keyof T]: string }>(defaults: T): T {
  const q = new URLSearchParams(window.location.search);
  const out = { ...defaults };
  for (const k of Object.keys(defaults) as (keyof T & string)[]) {
    const v = q.get(k);
    if (v !== null) (out as Record<string, string>)[k] = v;
  }
  return out;
}

/** Writes applied filters into the URL without a new history entry. */
export function filtersToUrl(f: Record<string, string>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  history.replaceState(null, "", window.location.pathname + (s ? `?${s}` : ""));
}

export function idPath(base: string, id: string | number): string {
  return `${base}/${encodeURIComponent(String(id))}`;
}
