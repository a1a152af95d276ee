// The record forms as the server declares them (GET /api/v1/records/forms: each create's checked
// fields with labels, limits and widgets) and what the signed-in person may record — read once per
// page load, so every record screen offers only what the server accepts.
import { useCached } from "./registers";

export type RecordKind = "failure" | "failure_update" | "bringin" | "license" | "work" | "room" | "access" | "entry" | "move";
export interface RecordFieldDecl {
  name: string; label: string; label_en?: string; required: boolean;
  type: "text" | "textarea" | "date" | "datetime" | "time" | "int" | "bool" | "person" | "system" | "unit" | "choice";
  max_chars?: number; choices?: "room_units" | "work_systems" | "systems"; options?: { value: string; label: string; label_en?: string }[];
}
export interface RecordFormDecl { title: string; title_en: string; article: string; fields: RecordFieldDecl[] }
export interface Choice { id: number; name: string }
export interface RecordAbilities { room_units: Choice[]; work_systems: Choice[]; systems: Choice[]; rooms_kept: Choice[]; bringin_for_others: boolean }
export interface RecordForms { forms: Record<RecordKind, RecordFormDecl>; may: RecordAbilities }

export const useRecordForms = () => useCached<RecordForms>("/api/v1/records/forms");

/** Rows of one page of a list the server gives newest first (PAGE_SIZE a page). */
export const PAGE_SIZE = 50;
export function pageOf<T>(items: T[], page: number): { rows: T[]; next: string | null } {
  const rows = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return { rows, next: items.length > page * PAGE_SIZE ? String(page + 1) : null };
}
