// Helpers over the (small, whole) organisation tree from GET /api/v1/org/units: children by
// parent, depth-first order, and select options labelled with their path (総務部 ＞ 情報政策課).
import type { Option } from "./components/Fields";
import type { Unit } from "./types";

export function childrenOf(units: Unit[]): Map<string | null, Unit[]> {
  const ids = new Set(units.map((u) => u.id));
  const map = new Map<string | null, Unit[]>();
  for (const u of units) {
    const key = u.parent_id && ids.has(u.parent_id) ? u.parent_id : null;
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(u);
  }
  for (const list of map.values()) list.sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code));
  return map;
}

/** Units in tree order with their depth (root = 0). */
export function flatten(units: Unit[]): { unit: Unit; depth: number; path: string[] }[] {
  const kids = childrenOf(units);
  const out: { unit: Unit; depth: number; path: string[] }[] = [];
  const walk = (parent: string | null, depth: number, path: string[]) => {
    for (const u of kids.get(parent) ?? []) {
      const p = [...path, u.name];
      out.push({ unit: u, depth, path: p });
      walk(u.id, depth + 1, p);
    }
  };
  walk(null, 0, []);
  return out;
}

/** Select options for units; the organisation root is left out of paths to keep them short. */
export function unitOptions(units: Unit[], filter?: (u: Unit) => boolean): Option[] {
  return flatten(units)
    .filter((x) => (filter ? filter(x.unit) : true))
    .map((x) => {
      const path = x.path.length > 1 && x.unit.kind !== "organisation" ? x.path.slice(1) : x.path;
      return { value: x.unit.id, label: path.join(" ＞ ") + (x.unit.active ? "" : " ×") };
    });
}
