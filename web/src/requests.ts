// 申請・承認: the shapes the requests API returns, and their labels.
import { formatDate, formatLocalDateTime } from "./format";
import { t, type Key } from "./i18n";
import type { HomeRole } from "./types";

export interface RequestFieldDef {
  name: string;
  label: string;
  type: "text" | "date" | "datetime" | "choice" | "bool" | "person" | string;
  required: boolean;
  choices: string[];
  choice_labels?: Record<string, string>;
  /** another date field this one may not precede (返却予定日 not before 持ち出し日時) */
  not_before?: string | null;
}

export interface RequestStageDef { role: string; scope: string; mode: string; escalate_to: string | null }

export interface RequestType {
  id: string;
  label: string;
  /** the heading the pack lists the type under (情報資産の取扱い …) */
  group?: string | null;
  article: string;
  description: string | null;
  object: "none" | "asset" | "system" | string;
  condition: string;
  needs_return: boolean;
  validity_days: number | null;
  fields: RequestFieldDef[];
  stages: RequestStageDef[];
  kind: "request" | "exception" | "delegation" | string | null;
  requester_roles: string[];
  default_approver_note: string | null;
}

export interface Approver { person_id: number; name: string; role: string; role_label: string; decided: boolean; deputy_for?: string | null }

export interface Approval {
  stage: number | null;
  stage_count: number;
  role: string;
  role_label: string;
  role_article?: string;
  article: string;
  scope: string;
  scope_label: string;
  unit_name?: string;
  mode: "any" | "all" | string;
  escalated: boolean;
  escalation_reason: "requester_is_approver" | "vacant" | null;
  escalated_from: string | null;
  approvers: Approver[];
  waiting: number[];
  excluded: { person_id: number; name: string; code: string }[];
  no_approver: boolean;
}

export interface RequestItem {
  id: number;
  type: string;
  type_label: string;
  article: string;
  requester_person_id: number;
  requester_name?: string;
  unit_id: number;
  object_kind: string;
  object_id: number | null;
  fields: Record<string, unknown>;
  state: string;
  current_stage: number;
  created_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  completed_at: string | null;
  valid_until: string | null;
  approval?: Approval;
}

export interface ExceptionInfo { emergency: boolean; taken_at: string | null; report_due: string | null; reported_at: string | null; last_review_at: string | null }

export interface RequestDetail extends RequestItem {
  needs_return: boolean;
  kind?: string | null;
  default_approver_note?: string | null;
  /** when the item actually left (持ち出し), recorded by the requester */
  departed_at?: string | null;
  /** 申請者 and their 課室 */
  requester?: { id: number; name: string; unit: { id: number; name: string } | null } | null;
  exception?: ExceptionInfo;
  approvals: {
    id: number; round: number; stage: number; approver_person_id: number; approver_name: string; approver_role: string;
    escalated: boolean; decision: string; comment: string; snapshot_hash: string; decided_at: string;
    deputy_for_name?: string | null;
  }[];
  events: { id: number; kind: string; person_id: number | null; person_name: string | null; stage: number | null; comment: string; created_at: string }[];
}

export const stateLabel = (s: string) => t(`rq.state.${s}` as Key);

export function stateKind(s: string): "ok" | "warn" | "danger" | "neutral" | "info" {
  if (s === "approved" || s === "completed") return "ok";
  if (s === "submitted") return "info";
  if (s === "returned") return "warn";
  if (s === "rejected" || s === "expired") return "danger";
  return "neutral";
}

export const requestNo = (id: number | string) => `RQ-${String(id).padStart(6, "0")}`;

/** A field's value as text for reading (choices through the pack's labels when it gives them). */
export function fieldText(def: RequestFieldDef | undefined, v: unknown, personName?: (id: string) => string): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("rq.yes") : t("rq.no_value");
  const s = String(v);
  if (def?.type === "choice") return def.choice_labels?.[s] ?? s;
  if (def?.type === "person" && personName) return personName(s);
  if (def?.type === "datetime") return formatLocalDateTime(s);
  if (def?.type === "date") return formatDate(s);
  return s;
}

export interface InboxItem extends RequestItem { as_deputy_for_name?: string | null; return_due?: string | null }

export interface Inbox {
  waiting: InboxItem[];
  waiting_truncated?: boolean;
  mine: InboxItem[];
  overdue: { kind: string; request_id: number; type_label: string; due: string }[];
  counts: { waiting: number; mine_open: number; overdue: number };
}

export interface Notification { id: number; kind: string; title: string; link: string | null; created_at: string; read_at: string | null }

export interface Delegation {
  id: number; principal_person_id: number; principal_name: string; deputy_person_id: number; deputy_name: string;
  role: string; role_label: string; scope_kind: string; scope_id: number | null; valid_from: string; valid_until: string;
  reason: string; request_id: number | null; state: string; active: boolean;
}

/** A role I hold now that a deputy may take; needs_approval: the CISO approves the deputy first (第84条4). */
export interface DelegationOption extends HomeRole { needs_approval: boolean }

export interface ExceptionRow {
  request_id: number; type_label: string; requester_name: string; unit_name: string | null; state: string;
  provisions: string; reason: string; risk: string | null; alternative: string; start_date: string | null; end_date: string | null; emergency: boolean;
  taken_at: string | null; report_due: string | null; reported_at: string | null; report_status: string;
  status: string; last_review_at: string | null; last_reviewer_name: string | null; review_due: boolean;
}
