// Which areas exist and which capability opens each one. Navigation and routing both use this,
// so a person never sees a link to an area they cannot use. "signed_in" is held by everyone.
import type { Key } from "./i18n";

export interface Area { path: string; label: Key; capability: string | string[] }

export const AREAS: Area[] = [
  { path: "/", label: "nav.home", capability: "signed_in" },
  { path: "/org", label: "nav.org", capability: ["directory.read", "org.manage"] },
  { path: "/people", label: "nav.people", capability: ["directory.read", "people.manage"] },
  { path: "/roles", label: "nav.roles", capability: ["directory.read", "roles.manage"] },
  // The registers (第23条, 第99条) are readable by every signed-in person; edits are authorised per
  // object by the server (can_edit / can_lower in the detail responses).
  { path: "/assets", label: "nav.assets", capability: "signed_in" },
  { path: "/systems", label: "nav.systems", capability: "signed_in" },
  // 申請・承認: anyone may ask; who may decide is resolved per request by the server.
  { path: "/requests", label: "nav.requests", capability: "signed_in" },
  // インシデント対応 (第54条): every person reports; who may read a report is the server's.
  { path: "/incidents", label: "nav.incidents", capability: "signed_in" },
  // Records of issue 4: the server shows each person the records they keep or concern them.
  { path: "/records", label: "nav.records", capability: "signed_in" },
  // 緊急連絡網 (第13条8): every 職員 must know whom to call in an incident.
  { path: "/contacts", label: "nav.contacts", capability: "signed_in" },
  // The policy is readable by every person (第48条).
  { path: "/policy", label: "nav.policy", capability: "signed_in" },
  // The register of the municipality's own policy documents: policy.manage edits; procedures.read
  // reads the 実施手順 (非公開). The published documents are under /policy for everyone.
  { path: "/policy-docs", label: "nav.policy_docs", capability: ["policy.manage", "procedures.read"] },
  { path: "/trail", label: "nav.trail", capability: "trail.read" },
];

export function allowed(area: Area, capabilities: string[]): boolean {
  const need = Array.isArray(area.capability) ? area.capability : [area.capability];
  return need.some((c) => c === "signed_in" || capabilities.includes(c));
}

export function areaFor(path: string): Area | undefined {
  if (path === "/") return AREAS[0];
  return AREAS.find((a) => a.path !== "/" && (path === a.path || path.startsWith(a.path + "/")));
}
