// Shapes of the JSON API responses the UI uses (see docs/openapi.yaml on the server side).

export type Stage = "password_change" | "mfa_enrol" | "mfa" | "done";

export interface UnitRef { id: string; name: string }
export interface PersonRef { id: string; name: string; kana?: string; unit?: UnitRef | null }

export interface Session {
  stage: Stage;
  csrf_token: string;
  login_id: string;
  person: PersonRef | null;
  capabilities: string[];
  previous_login_at: string | null;
  failed_attempts_since: number;
  mfa_enrolled: boolean;
}

export interface LoginResult {
  stage: Stage;
  csrf_token: string;
  previous_login_at: string | null;
  failed_attempts_since: number;
}

export interface AuthConfig { login_message: string; password_min_length: number; organisation_name: string }

export interface HomeRole {
  id: string; role: string; label: string; article?: string | null;
  scope_kind: string; scope_label: string; valid_from?: string | null; valid_until?: string | null;
}
export interface Task { kind: string; title: string; title_en?: string; detail?: string; detail_en?: string; article?: string | null; link?: string | null }
export interface Home {
  organisation: { name: string; code: string };
  person: PersonRef | null;
  roles: HomeRole[];
  tasks: Task[];
  tasks_explanation?: string;
  tasks_explanation_en?: string;
  policy: { id: string; version: string; title: string; activated_at: string | null } | null;
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
export interface Article { number: string; title?: string; text: string }
export interface Policy {
  id: string; version: string; title: string; source?: string; activated_at?: string | null;
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
}
export interface TrailStatus {
  size: number; last_checkpoint: { size: number; at: string } | null; verified: boolean;
  first_bad_seq: number | null; message: string; message_en: string; checked_at: string;
}

export interface Page<T> { items: T[]; next_cursor: string | null }
