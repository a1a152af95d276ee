// Which areas exist and which API routes each one uses. An area shows — in the navigation and the
// router alike — exactly when one of its routes is allowed: the capabilities come from the route table
// (routes.gen.ts, generated from the ROUTE: declarations above the server's handlers), so a person never
// sees a link to an area whose routes would refuse them. "signed_in" is held by everyone.
import type { Key } from "./i18n";
import { ROUTES, type RouteKey } from "./routes.gen";

export interface Area {
  path: string;
  label: Key;
  /** The area shows when any of these routes is allowed. */
  routes: RouteKey[];
  /** Capabilities that open the area although no route requires them: rights the server checks per
   * object inside a signed-in route. */
  perObject?: string[];
}

export const AREAS: Area[] = [
  { path: "/", label: "nav.home", routes: ["GET /api/v1/home"] },
  // Units are edited with org.manage; with directory.read the page leads to each unit's people.
  { path: "/org", label: "nav.org", routes: ["POST /api/v1/org/units", "GET /api/v1/people"] },
  { path: "/people", label: "nav.people", routes: ["GET /api/v1/people", "POST /api/v1/people"] },
  { path: "/roles", label: "nav.roles", routes: ["GET /api/v1/role-assignments", "POST /api/v1/role-assignments"] },
  // The registers (第23条, 第99条) are readable by every signed-in person; edits are authorised per
  // object by the server (can_edit / can_lower in the detail responses).
  { path: "/assets", label: "nav.assets", routes: ["GET /api/v1/assets"] },
  { path: "/systems", label: "nav.systems", routes: ["GET /api/v1/systems"] },
  // 申請・承認: anyone may ask; who may decide is resolved per request by the server.
  { path: "/requests", label: "nav.requests", routes: ["GET /api/v1/requests"] },
  // インシデント対応 (第54条): every person reports; who may read a report is the server's.
  { path: "/incidents", label: "nav.incidents", routes: ["GET /api/v1/incidents"] },
  // Records of issue 4: the server shows each person the records they keep or concern them.
  { path: "/records", label: "nav.records", routes: ["GET /api/v1/records/work"] },
  // 緊急連絡網 (第13条8): every 職員 must know whom to call in an incident.
  { path: "/contacts", label: "nav.contacts", routes: ["GET /api/v1/contacts"] },
  // 緊急時対応計画 (第125条): written with irplan.edit, approved with irplan.approve; the server lets
  // every holder of a role of the incident chain read it (they all hold procedures.read).
  { path: "/emergency-plan", label: "nav.irplan", routes: ["POST /api/v1/emergency-plan/drafts",
    "POST /api/v1/emergency-plan/versions/{id}/approve"], perObject: ["procedures.read"] },
  // The policy is readable by every person (第48条).
  { path: "/policy", label: "nav.policy", routes: ["GET /api/v1/policy"] },
  // The register of the municipality's own policy documents: policy.manage edits; procedures.read
  // reads the 実施手順 (非公開), a right checked per document. The published documents are under
  // /policy for everyone.
  { path: "/policy-docs", label: "nav.policy_docs", routes: ["POST /api/v1/policy-docs"], perObject: ["procedures.read"] },
  // 研修 (第51条): everyone sees their own courses; training.manage the courses and 受講率.
  { path: "/training", label: "nav.training", routes: ["GET /api/v1/training/me", "GET /api/v1/training/courses"] },
  // 評価・見直し: the periodic duties; the server shows each person the duties their roles carry out
  // (evaluation.manage: all of them).
  { path: "/duties", label: "nav.duties", routes: ["GET /api/v1/duties"] },
  // 自己点検 (第162条): the server shows each 管理者 the self-checks of their 課室.
  { path: "/selfchecks", label: "nav.selfchecks", routes: ["GET /api/v1/selfchecks"] },
  // 監査 (第154条–第160条): the server shows each person the audits they lead, audit or are audited by.
  { path: "/audits", label: "nav.audits", routes: ["GET /api/v1/audits"] },
  // IDs of every system and their review (第83条・第84条): accounts.review; the server narrows it to a
  // manager's own systems.
  { path: "/system-ids", label: "nav.system_ids", routes: ["GET /api/v1/system-ids"] },
  { path: "/access-reviews", label: "nav.access_reviews", routes: ["GET /api/v1/access-reviews"] },
  // 情報セキュリティ委員会 (第19条): the chair and the secretariat schedule (committee.manage); the
  // members read (committee.read, given by the pack's committee section), others get 404.
  { path: "/committee", label: "nav.committee", routes: ["POST /api/v1/committee/meetings"], perObject: ["committee.read"] },
  // 人事異動: the import is people.manage's (HR data); the tasks it leaves are everyone's to see who must do them.
  { path: "/roster", label: "nav.roster", routes: ["GET /api/v1/roster/tasks"] },
  // 委託 (第135条–第139条): the register and the contracts are vendors.manage's.
  { path: "/vendors", label: "nav.vendors", routes: ["GET /api/v1/vendors"] },
  // クラウド・外部サービス (第143条–第153条): the 統括 registers services; a manager reaches theirs from home.
  { path: "/cloud", label: "nav.cloud", routes: ["GET /api/v1/cloud/candidates"] },
  // ネットワーク分離の検証 (第24条–第26条): netcheck.run (統括, 情報システム管理者, 監査); the server
  // shows each person the results they may read.
  { path: "/netcheck", label: "nav.netcheck", routes: ["GET /api/v1/netcheck/runs"] },
  // 無害化ゲート (第25条, 第105条): every person sees the attachments addressed to them and asks for
  // originals; gate.read sees the verdicts and the whole quarantine (the server decides per item).
  { path: "/gate", label: "nav.gate", routes: ["GET /api/v1/gate/items"] },
  { path: "/compliance", label: "nav.compliance", routes: ["GET /api/v1/compliance"] },
  { path: "/trail", label: "nav.trail", routes: ["GET /api/v1/trail"] },
];

/** The capabilities any of which opens the area ("signed_in" when everyone may). */
export function areaCapabilities(area: Area): string[] {
  return [...new Set([...area.routes.map((r) => ROUTES[r]), ...(area.perObject ?? [])])];
}

export function allowed(area: Area, capabilities: string[]): boolean {
  return areaCapabilities(area).some((c) => c === "signed_in" || c === "public" || capabilities.includes(c));
}

export function areaFor(path: string): Area | undefined {
  if (path === "/") return AREAS[0];
  return AREAS.find((a) => a.path !== "/" && (path === a.path || path.startsWith(a.path + "/")));
}
