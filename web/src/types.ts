// Shapes of the JSON API responses the UI uses (see docs/openapi.yaml on the server side). The
// registers' input fields and choices come from the entity declarations (entities.gen.ts, generated).
import type { CitationMap } from "./citations";
import type { AssetFormat, AssetKind, SystemLocation, SystemZone } from "./entities.gen";
export type { AssetFormat, AssetInput, AssetKind, SystemInput, SystemLocation, SystemZone } from "./entities.gen";

export type Stage = "password_change" | "mfa_enrol" | "mfa" | "done";

export interface UnitRef { id: string; name: string }
export interface PersonRef { id: string; name: string; kana?: string; unit?: UnitRef | null }

// Before the sign-in is finished (stage other than "done") the server answers only stage and
// csrf_token (PendingSession).
export interface PendingSession {
  stage: Exclude<Stage, "done">;
  csrf_token: string;
}

export interface Session {
  stage: Stage;
  csrf_token: string;
  login_id: string;
  person: PersonRef | null;
  capabilities: string[];
  previous_login_at: string | null;
  failed_attempts_since: number;
  mfa_enrolled: boolean;
  /** 和暦/西暦 and language, stored on the account (PATCH /api/v1/session/preferences). */
  preferences: Preferences;
}

export interface Preferences {
  date_style: "wareki" | "seireki";
  lang: "ja" | "en";
}

export interface LoginResult {
  stage: Stage;
  csrf_token: string;
  previous_login_at: string | null;
  failed_attempts_since: number;
}

export interface AuthConfig {
  login_message: string; password_min_length: number; organisation_name: string;
  /** The article numbers of the citation map (no titles): the screens before sign-in cite with it. */
  citations?: CitationMap;
}

export interface HomeRole {
  id: string; role: string; label: string; article?: string | null;
  scope_kind: string; scope_id?: number | null; scope_label: string; valid_from?: string | null; valid_until?: string | null;
}
export interface Task { kind: string; title: string; title_en?: string; detail?: string; detail_en?: string; article?: string | null; link?: string | null }
export interface Home {
  organisation: { name: string; code: string };
  person: PersonRef | null;
  roles: HomeRole[];
  tasks: Task[];
  tasks_explanation?: string;
  tasks_explanation_en?: string;
  policy: PolicySummary | null;
}

/** The pack in force and the municipality's own 対策基準 in force (its 施行日 is the policy's). */
export interface PolicySummary {
  id: string; version: string; title: string; activated_at: string | null;
  standard: { version_id: number; title: string; effective_date: string | null } | null;
}

export interface Level { id: string; label: string; criteria?: string; article?: string | null; rank?: number }
export interface Scale { id: string; label: string; article?: string | null; levels: Level[] }
export interface Restriction {
  id: string; label: string; description?: string; article?: string | null; scale?: string; levels: string[];
}
export interface PackRole {
  id: string; label: string; description?: string; article?: string | null; scope: string;
  unique?: boolean; privileged?: boolean; capabilities?: string[]; contact_rank?: number | null;
}
export interface Article { number: string; title?: string; text: string; guideline?: string | null; article_own?: string | null; article_guideline?: string | null }
export interface Policy {
  id: string; version: string; title: string; source?: string; activated?: PolicySummary;
  scales: Scale[]; restrictions: Restriction[]; roles: PackRole[]; articles: Article[];
}

export type UnitKind = "organisation" | "department" | "section" | "team";
export interface Unit {
  id: string; parent_id: string | null; code: string; name: string; kana: string; kind: UnitKind;
  phone: string | null; sort_order: number; active: boolean;
}

export type Employment = "regular" | "fiscal_year" | "part_time" | "contractor";
export interface PersonRoleBrief { role: string; label: string; scope_label: string }
export interface Person {
  id: string; staff_no: string; name: string; kana: string; employment: Employment;
  unit_id: string; unit_name: string; title: string | null; email: string | null; phone: string | null;
  mobile: string | null; mynumber_zone: boolean; active_from: string | null; active_until: string | null;
  has_account: boolean; roles: PersonRoleBrief[];
}
export interface Account {
  login_id: string; locked_until: string | null; last_login_at: string | null; mfa_enrolled: boolean; disabled: boolean;
}
export interface Assignment {
  id: string; person_id: string; person_name: string; role: string; label: string; scope_kind: string;
  scope_id: string | null; scope_label: string; valid_from: string | null; valid_until: string | null;
  contact_order?: number | null; note?: string | null;
}
export interface PersonDetail extends Omit<Person, "roles"> { roles: Assignment[]; account: Account | null }

export interface Holder {
  assignment_id: string; person_id: string; name: string; scope_kind: string; scope_id: string | null; scope_label: string;
}
export interface RoleWithHolders extends PackRole { holders: Holder[] }

export interface Contact {
  order: number; role: string; label: string; person_id: string; name: string; unit_name: string;
  title: string | null; phone: string | null; mobile: string | null; email: string | null;
}

export interface TrailEntry {
  seq: number; at: string; actor: string; action: string; object_type: string; object_id: string;
  before: unknown; after: unknown;
  /* what a person reads (the server's trail vocabulary); absent when unknown */
  action_label?: string; action_label_en?: string; actor_name?: string; actor_name_en?: string;
  object_label?: string; object_label_en?: string; object_name?: string; object_path?: string;
  /** a declared entity's field labels, by column */
  field_labels?: Record<string, string>; field_labels_en?: Record<string, string>;
}
export interface TrailVocabulary {
  actions: { id: string; label: string; label_en: string }[];
  object_types: { id: string; label: string; label_en: string }[];
}
export interface TrailWitnessState {
  name: string; url: string; verifier_key: string; configured_at: string;
  state: "ok" | "waiting" | "stale" | "failing"; behind: number;
  cosigned: { size: number; at: string; age_s: number } | null;
  error: { code: string; ja: string; en: string; since: string } | null;
}

export interface TrailStatus {
  size: number; last_checkpoint: { size: number; at: string } | null; verified: boolean;
  first_bad_seq: number | null; message: string; message_en: string; checked_at: string;
  witnesses: TrailWitnessState[];
}

export interface Page<T> {
  items: T[]; next_cursor: string | null;
  /** hits of the whole search, on its first page (counted up to a cap: total_capped) */
  total?: number; total_capped?: boolean;
}

// ── 情報資産台帳 / 情報システム台帳 (issue 3) ─────────────────────────────────────────────
export type Dim = "confidentiality" | "integrity" | "availability";
export const DIMS: Dim[] = ["confidentiality", "integrity", "availability"];
export interface Classification { confidentiality: string | null; integrity: string | null; availability: string | null }

export interface AssetItem extends Classification {
  id: string; asset_no: string; name: string; kind: AssetKind; unit_id: string; unit_name: string;
  classification_status: "decided" | "pending"; personal_info: boolean; specific_personal_info: boolean;
  format: AssetFormat | null; system_id: string | null; system_name: string | null; updated_at: string;
  disposed_at?: string | null;
}
export interface AssetRef extends Partial<Classification> { id: string; asset_no: string; name: string }
export interface AssetRestriction {
  id: string; label: string; description?: string; article?: string | null; origin: "derived" | "added"; reason?: string | null;
}
export type ApprovalStatus = "not_required" | "pending" | "approved" | "rejected";
export interface AssetEvent {
  id: string; kind: string; occurred_at: string; person_id: string | null; person_name: string | null; details: string;
  encrypted: boolean | null; approval_status: ApprovalStatus; approval_ref: string | null;
}
export interface AssetDetail extends AssetItem {
  description: string | null; holder: string | null; storage_place: string | null; medium: string | null; volume: string | null;
  retention: string | null; notes: string | null; classification_reason: string | null; source_kind: string | null;
  disposed_at: string | null; created_at: string;
  restrictions: AssetRestriction[]; effective: Classification; label_text: string;
  contents: AssetRef[]; contained_in: AssetRef[]; source: AssetRef | null; events: AssetEvent[];
  history: TrailEntry[];
  can_edit: boolean; can_lower: boolean;
  [field: string]: unknown;
}

export type FieldType = "text" | "enum" | "level" | "bool" | "unit" | "system" | "date";
export interface RegisterField {
  name: string; label: string; label_en?: string; required: boolean; type: FieldType; options?: { value: string; label: string }[];
  max_chars?: number; multiline?: boolean; // text: the declared limit in characters; line breaks allowed
}
export interface RegisterFields { assets: RegisterField[]; systems: RegisterField[] }

export type Zone = SystemZone;
export type RequirementState = "met" | "not_met" | "not_recorded";
export interface SystemItem {
  id: string; code: string; name: string; zone: Zone; owner_unit_id: string; owner_unit_name: string;
  location: SystemLocation; vendor: string; classification: Classification | null;
  requirements: { met: number; not_met: number; not_recorded: number }; unsupported_count: number; support_soon_count: number;
  updated_at: string; relay_kind?: string;
}
export type ComponentKind = "server" | "terminal" | "network" | "media" | "cloud" | "software";
export interface SystemComponent {
  id: string; kind: ComponentKind; name: string; product: string; version: string; vendor: string; support_end: string | null;
  quantity: number; registration: string; notes: string; support_state: "ok" | "soon" | "ended" | "unknown";
}
export interface SystemRequirement { id: string; label: string; article?: string | null; applies: boolean; state: RequirementState }
/** A cloud or outsourced service that uses a system (GET /api/v1/systems/{id} cloud_services, 第149条2). */
export interface SystemCloudService {
  service_id: number; name: string; provider: string; request_type: string; approval_label: string | null;
  manager_role_label: string; state: "in_use" | "ended"; linked_at: string;
}

export interface SystemDetail extends Omit<SystemItem, "requirements"> {
  purpose: string; region: string; redundancy: boolean | null; failover_procedure: boolean | null; maintenance: boolean | null;
  backup: boolean | null; doc_configuration: boolean | null; doc_standards: boolean | null; doc_incident: boolean | null;
  doc_recovery: boolean | null; mfa: boolean | null; usb_write_block: boolean | null; product_registration: string; notes: string;
  components: SystemComponent[]; restrictions: AssetRestriction[]; requirements: SystemRequirement[];
  managers: { assignment_id: string; person_id: string; name: string; role: string; label: string }[];
  assets: AssetRef[]; can_edit: boolean;
  cloud_services?: { items: SystemCloudService[]; hidden: number };
  [field: string]: unknown;
}

export interface ImportUpload {
  id: string; format: "csv" | "xlsx"; encoding: string | null; headers: string[]; rows: number;
  suggested_mapping: Record<string, string | null>; sample: string[][];
}
export interface ImportError { row: number; column: string; field: string | null; code: string; detail: string; detail_en?: string }
export interface DryRun { ok_rows: number; error_rows: number; errors: ImportError[] }
export interface ImportStatus {
  state: "uploaded" | "running" | "done" | "failed"; processed: number; total: number; created: number;
  error: unknown; errors?: ImportError[];
}
