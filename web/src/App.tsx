// The application state machine: loading → signed out (ログイン) → unfinished sign-in stages
// (パスワード変更, 二要素認証の登録, 二要素認証) → signed in (the shell and its pages).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, setCsrfToken, setSessionLostHandler } from "./api";
import { AuthFrame } from "./components/AuthFrame";
import { LoadError, Loading, Notice } from "./components/Feedback";
import { CitationsProvider } from "./components/Citations";
import { Shell } from "./components/Shell";
import { citeText, formatDateTime } from "./format";
import { applyPreferences, onLangChange, setTemplateCitations, t } from "./i18n";
import { areaFor, allowed } from "./nav";
import { match, useLocation } from "./router";
import { SessionContext } from "./session";
import type { AuthConfig, LoginResult, PendingSession, Session, Stage } from "./types";
import { Login } from "./pages/Login";
import { PasswordChange } from "./pages/PasswordChange";
import { MfaEnrol, MfaVerify } from "./pages/Mfa";
import { HomePage } from "./pages/Home";
import { OrgPage } from "./pages/Org";
import { PeoplePage } from "./pages/People";
import { PersonPage, PersonNewPage } from "./pages/Person";
import { RolesPage } from "./pages/Roles";
import { ContactsPage } from "./pages/Contacts";
import { EmergencyPlanPage } from "./pages/EmergencyPlan";
import { EmergencyPlanDraftPage } from "./pages/EmergencyPlanDraft";
import { PolicyPage } from "./pages/Policy";
import { PolicyAckReportPage, PolicyDocPage, PolicyDocsPage } from "./pages/PolicyDocs";
import { PolicyReadPage } from "./pages/PolicyDocsRead";
import { PolicyReviewsPage } from "./pages/PolicyDocsReviews";
import { PolicyVersionPage } from "./pages/PolicyDocsVersion";
import { TrailPage } from "./pages/Trail";
import { AssetsPage, PendingPage } from "./pages/Assets";
import { AssetNewPage, AssetPage } from "./pages/Asset";
import { ImportPage } from "./pages/RegisterImport";
import { SystemsPage } from "./pages/Systems";
import { SystemNewPage, SystemPage } from "./pages/System";
import { InboxPage, MyRequestsPage, NewRequestPage } from "./pages/Requests";
import { DelegationsPage, ExceptionsPage } from "./pages/RequestWork";
import { RequestPage } from "./pages/Request";
import { NotFound } from "./pages/NotFound";
import { RecordsPage } from "./pages/Records";
import { IncidentNewPage, IncidentPage, IncidentsPage } from "./pages/Incidents";
import { ViolationNewPage, ViolationPage, ViolationsPage } from "./pages/Violations";
import { IncidentBoardPage } from "./pages/IncidentBoard";
import { DutiesPage, DutyPage } from "./pages/Duties";
import { CoursePage, DrillPage, TrainingPage } from "./pages/Training";
import { CommitteeMeetingPage, CommitteePage } from "./pages/Committee";
import { CompliancePage } from "./pages/Compliance";
import { AuditPage, AuditsPage } from "./pages/Audits";
import { SelfCheckPage, SelfChecksPage, SelfCheckSheetPage } from "./pages/SelfChecks";
import { SelfCheckOrgSheetPage } from "./pages/SelfCheckOrgSheet";
import { SelfCheckSystemSheetPage } from "./pages/SelfCheckSystemSheet";
import { AccessReviewPage, AccessReviewsPage, SystemIdsPage, SystemIdsSystemPage } from "./pages/SystemIds";
import { RosterPage } from "./pages/Roster";
import { VendorPage, VendorsPage } from "./pages/Vendors";
import { CloudPage, CloudServicePage } from "./pages/Cloud";
import { NetcheckPage, NetcheckRunPage } from "./pages/Netcheck";
import { GatePage } from "./pages/Gate";
import { VendorContractPage } from "./pages/VendorContract";

type State =
  | { kind: "loading" }
  | { kind: "error"; error: unknown }
  | { kind: "signed_out"; expired: boolean }
  | { kind: "stage"; stage: Exclude<Stage, "done">; loginId: string }
  | { kind: "signed_in"; session: Session };

interface LoginInfo { previous_login_at: string | null; failed_attempts_since: number }

export function App() {
  const [, setLangTick] = useState(0);
  const [state, setState] = useState<State>({ kind: "loading" });
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [loginInfo, setLoginInfo] = useState<LoginInfo | null>(null);
  const path = useLocation();

  useEffect(() => onLangChange(() => setLangTick((n) => n + 1)), []);

  async function loadSession(expired = false) {
    try {
      const s = await api.get<Session | PendingSession>("/api/v1/session");
      setCsrfToken(s.csrf_token);
      if (s.stage === "done") {
        const session = s as Session;
        applyPreferences(session.preferences);
        setState({ kind: "signed_in", session });
      }
      else setState({ kind: "stage", stage: s.stage, loginId: "" }); // a reload mid-sign-in: the server tells only the stage
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        setCsrfToken(null);
        setState({ kind: "signed_out", expired });
      } else setState({ kind: "error", error: err });
    }
  }

  useEffect(() => {
    api.get<AuthConfig>("/api/v1/auth/config").then(setConfig, () => setConfig(null));
    setSessionLostHandler((reason) => void loadSession(reason === "expired"));
    void loadSession();
  }, []);

  function onLoggedIn(r: LoginResult, loginId: string) {
    setCsrfToken(r.csrf_token);
    setLoginInfo({ previous_login_at: r.previous_login_at, failed_attempts_since: r.failed_attempts_since });
    if (r.stage === "done") void loadSession();
    else setState({ kind: "stage", stage: r.stage, loginId });
  }

  function onStage(stage: Stage, loginId: string) {
    if (stage === "done") void loadSession();
    else setState({ kind: "stage", stage, loginId });
  }

  async function logout() {
    try {
      await api.post("/api/v1/auth/logout", {});
    } catch {
      /* signed out either way */
    }
    setCsrfToken(null);
    setLoginInfo(null);
    setState({ kind: "signed_out", expired: false });
  }

  const orgName = config?.organisation_name;
  // Before sign-in the UI's texts cite with the article numbers the login configuration carries; the
  // shell's CitationsProvider takes over once signed in.
  const preMap = config?.citations ?? null;
  setTemplateCitations(preMap ? (text) => citeText(text, preMap) : null);

  if (state.kind === "loading") return <AuthFrame orgName={orgName}><Loading /></AuthFrame>;
  if (state.kind === "error")
    return <AuthFrame orgName={orgName}><div class="auth-card"><LoadError error={state.error} retry={() => void loadSession()} /></div></AuthFrame>;
  if (state.kind === "signed_out")
    return <AuthFrame orgName={orgName}><Login config={config} expired={state.expired} onLoggedIn={onLoggedIn} /></AuthFrame>;
  if (state.kind === "stage") {
    const { loginId } = state;
    return (
      <AuthFrame orgName={orgName} onLogout={logout}>
        {state.stage === "password_change" ? (
          <PasswordChange loginId={loginId} minLength={config?.password_min_length ?? 12} onStage={(s) => onStage(s, loginId)} />
        ) : state.stage === "mfa_enrol" ? (
          <MfaEnrol onDone={() => void loadSession()} />
        ) : (
          <MfaVerify onDone={() => void loadSession()} />
        )}
      </AuthFrame>
    );
  }

  const session = state.session;
  const info = loginInfo;
  return (
    <SessionContext.Provider value={session}>
      <CitationsProvider>
        <Shell session={session} orgName={orgName} path={path} onLogout={logout}>
          {info ? (
            <Notice kind={info.failed_attempts_since > 0 ? "warning" : "info"} onDismiss={() => setLoginInfo(null)}>
              <p data-testid="login-info">
                {t("login.notice", {
                  time: info.previous_login_at ? formatDateTime(info.previous_login_at) : t("login.notice_first"),
                  n: info.failed_attempts_since,
                })}
              </p>
              {info.failed_attempts_since > 0 ? <p>{t("login.notice_failed_warn")}</p> : null}
            </Notice>
          ) : null}
          <Routes path={path} session={session} />
        </Shell>
      </CitationsProvider>
    </SessionContext.Provider>
  );
}

function Routes(p: { path: string; session: Session }) {
  const area = areaFor(p.path);
  if (!area || !allowed(area, p.session.capabilities)) return <NotFound />;
  let m: Record<string, string> | null;
  if (p.path === "/") return <HomePage />;
  if (p.path === "/org") return <OrgPage />;
  if (p.path === "/people") return <PeoplePage />;
  if (p.path === "/people/new") return <PersonNewPage />;
  if ((m = match("/people/:id", p.path))) return <PersonPage id={m.id} />;
  if (p.path === "/roles") return <RolesPage />;
  if (p.path === "/assets") return <AssetsPage />;
  if (p.path === "/assets/pending") return <PendingPage />;
  if (p.path === "/assets/import") return <ImportPage key="assets" target="assets" />;
  if (p.path === "/assets/new") return <AssetNewPage />;
  if ((m = match("/assets/:id", p.path))) return <AssetPage key={m.id} id={m.id} />;
  if (p.path === "/systems") return <SystemsPage />;
  if (p.path === "/systems/import") return <ImportPage key="systems" target="systems" />;
  if (p.path === "/systems/new") return <SystemNewPage />;
  if ((m = match("/systems/:id", p.path))) return <SystemPage key={m.id} id={m.id} />;
  if (p.path === "/requests") return <InboxPage />;
  if (p.path === "/requests/mine") return <MyRequestsPage />;
  if (p.path === "/requests/delegations") return <DelegationsPage />;
  if (p.path === "/requests/exceptions") return <ExceptionsPage />;
  if (p.path === "/requests/new") return <NewRequestPage />;
  if ((m = match("/requests/:id", p.path))) return <RequestPage key={m.id} id={m.id} />;
  if (p.path === "/incidents") return <IncidentsPage key="mine" box="mine" />;
  if (p.path === "/incidents/chain") return <IncidentsPage key="chain" box="chain" />;
  if (p.path === "/incidents/new") return <IncidentNewPage />;
  if (p.path === "/incidents/board") return <IncidentBoardPage />;
  if (p.path === "/incidents/violations") return <ViolationsPage />;
  if (p.path === "/incidents/violations/new") return <ViolationNewPage />;
  if ((m = match("/incidents/violations/:id", p.path))) return <ViolationPage key={m.id} id={m.id} />;
  if ((m = match("/incidents/:id", p.path))) return <IncidentPage key={m.id} id={m.id} />;
  if (p.path === "/contacts") return <ContactsPage />;
  if (p.path === "/emergency-plan") return <EmergencyPlanPage />;
  if (p.path === "/emergency-plan/draft") return <EmergencyPlanDraftPage />;
  if (p.path === "/records") return <RecordsPage tab="room" />;
  if (p.path === "/records/work") return <RecordsPage tab="work" />;
  if (p.path === "/records/take-outs") return <RecordsPage tab="takeout" />;
  if (p.path === "/records/moves") return <RecordsPage tab="moves" />;
  if (p.path === "/records/bring-ins") return <RecordsPage tab="bringins" />;
  if (p.path === "/records/failures") return <RecordsPage tab="failures" />;
  if (p.path === "/records/licenses") return <RecordsPage tab="licenses" />;
  if (p.path === "/policy") return <PolicyPage />;
  if ((m = match("/policy/documents/:id", p.path))) return <PolicyReadPage key={m.id} id={m.id} />;
  if (p.path === "/policy-docs") return <PolicyDocsPage />;
  if (p.path === "/policy-docs/reviews") return <PolicyReviewsPage />;
  if ((m = match("/policy-docs/versions/:id", p.path))) return <PolicyVersionPage key={m.id} id={m.id} />;
  if ((m = match("/policy-docs/:id/acknowledgements", p.path))) return <PolicyAckReportPage key={m.id} id={m.id} />;
  if ((m = match("/policy-docs/:id", p.path))) return <PolicyDocPage key={m.id} id={m.id} />;
  if (p.path === "/training") return <TrainingPage />;
  if ((m = match("/training/drills/:id", p.path))) return <DrillPage key={m.id} id={m.id} />;
  if ((m = match("/training/:id", p.path))) return <CoursePage key={m.id} id={m.id} />;
  if (p.path === "/duties") return <DutiesPage />;
  if ((m = match("/duties/:id", p.path))) return <DutyPage key={m.id} id={m.id} />;
  if (p.path === "/committee") return <CommitteePage />;
  if ((m = match("/committee/meetings/:id", p.path))) return <CommitteeMeetingPage key={m.id} id={m.id} />;
  if (p.path === "/compliance") return <CompliancePage />;
  if ((m = match("/compliance/units/:id", p.path))) return <CompliancePage key={m.id} unitId={m.id} />;
  if (p.path === "/audits") return <AuditsPage />;
  if ((m = match("/audits/:id", p.path))) return <AuditPage key={m.id} id={m.id} />;
  if (p.path === "/system-ids") return <SystemIdsPage />;
  if ((m = match("/system-ids/:id", p.path))) return <SystemIdsSystemPage key={m.id} id={m.id} />;
  if (p.path === "/roster") return <RosterPage />;
  if (p.path === "/access-reviews") return <AccessReviewsPage />;
  if ((m = match("/access-reviews/:id", p.path))) return <AccessReviewPage key={m.id} id={m.id} />;
  if (p.path === "/selfchecks") return <SelfChecksPage />;
  if ((m = match("/selfchecks/:id/organisation", p.path))) return <SelfCheckOrgSheetPage key={`${m.id}-org`} id={m.id} />;
  if ((m = match("/selfchecks/:id/systems/:system", p.path))) return <SelfCheckSystemSheetPage key={`${m.id}-s${m.system}`} id={m.id} system={m.system} />;
  if ((m = match("/selfchecks/:id/units/:unit", p.path))) return <SelfCheckSheetPage key={`${m.id}-${m.unit}`} id={m.id} unit={m.unit} />;
  if ((m = match("/selfchecks/:id", p.path))) return <SelfCheckPage key={m.id} id={m.id} />;
  if (p.path === "/cloud") return <CloudPage />;
  if ((m = match("/cloud/:id", p.path))) return <CloudServicePage key={m.id} id={m.id} />;
  if (p.path === "/netcheck") return <NetcheckPage />;
  if ((m = match("/netcheck/runs/:id", p.path))) return <NetcheckRunPage key={m.id} id={m.id} />;
  if (p.path === "/gate") return <GatePage />;
  if (p.path === "/vendors") return <VendorsPage />;
  if ((m = match("/vendors/contracts/:id", p.path))) return <VendorContractPage key={m.id} id={m.id} />;
  if ((m = match("/vendors/:id", p.path))) return <VendorPage key={m.id} id={m.id} />;
  if (p.path === "/trail") return <TrailPage />;
  return <NotFound />;
}

