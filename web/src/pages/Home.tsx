// ホーム: the organisation, who I am, my roles (with the article that defines each), open tasks
// (with the server's explanation when there are none) and the policy version in force.
import { LoadError, Loading } from "../components/Feedback";
import { Link } from "../components/Link";
import { ArticleRef, PageHeading } from "../components/Page";
import { formatDate, formatWareki } from "../format";
import { useResource } from "../hooks";
import { pick, t } from "../i18n";
import type { Home } from "../types";
import { NotificationsCard } from "./RequestWork";

/* The roles whose holders read their unit's compliance view (第16条の3; /compliance/units/:id). */
const UNIT_MANAGERS = ["department_security_officer", "section_security_manager"];

export function HomePage() {
  const home = useResource<Home>("/api/v1/home");
  const h = home.data;
  return (
    <>
      <PageHeading>{t("home.title")}</PageHeading>
      {home.loading && !h ? <Loading /> : null}
      {home.error ? <LoadError error={home.error} retry={home.reload} /> : null}
      {h ? (
        <div class="home-grid">
          <div class="home-main">
          <section class="card card-report" aria-labelledby="home-report">
            <h2 id="home-report" class="card-title">{t("home.report_incident")}</h2>
            <p>{t("home.report_incident_hint")}</p>
            <p><Link href="/incidents/new" class="btn btn-primary" data-testid="report-incident">{t("home.report_incident")}</Link></p>
          </section>
          <NotificationsCard />
          <section class="card" aria-labelledby="home-tasks">
            <h2 id="home-tasks" class="card-title">{t("home.tasks")}</h2>
            {h.tasks.length ? (
              <ul class="task-list">
                {h.tasks.map((task, i) => (
                  <li key={i} class="task">
                    <div class="task-title">{task.link ? <Link href={task.link}>{pick(task.title, task.title_en)}</Link> : pick(task.title, task.title_en)}</div>
                    {task.detail ? <div class="task-detail">{pick(task.detail, task.detail_en)}</div> : null}
                    {task.article ? <div class="task-article"><ArticleRef article={task.article} /></div> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <div class="empty">
                <p class="empty-title">{t("home.no_tasks")}</p>
                {h.tasks_explanation ? <p class="empty-detail">{pick(h.tasks_explanation, h.tasks_explanation_en)}</p> : null}
              </div>
            )}
          </section>

          <section class="card" aria-labelledby="home-roles">
            <h2 id="home-roles" class="card-title">{t("home.roles")}</h2>
            {h.roles.length ? (
              <table class="table">
                <thead><tr><th scope="col">{t("roles.role")}</th><th scope="col">{t("home.scope")}</th><th scope="col">{t("home.valid")}</th><th scope="col">{t("common.article")}</th></tr></thead>
                <tbody>
                  {h.roles.map((r) => (
                    <tr key={r.id}>
                      <th scope="row" class="role-name">{r.label}
                        {UNIT_MANAGERS.includes(r.role) && r.scope_kind === "unit" && r.scope_id ? (
                          <div class="sub"><Link href={`/compliance/units/${r.scope_id}`} data-testid="home-unit-compliance">{t("home.unit_compliance")}</Link></div>
                        ) : null}
                        {r.scope_kind === "service" && r.scope_id ? (
                          <div class="sub"><Link href={`/cloud/${r.scope_id}`} data-testid="home-cloud-service">{r.scope_label}</Link></div>
                        ) : null}</th>
                      <td>{r.scope_label}</td>
                      <td>{formatDate(r.valid_from)}{r.valid_from || r.valid_until ? " 〜 " : ""}{formatDate(r.valid_until)}</td>
                      <td><ArticleRef article={r.article} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : <p class="empty-title">{t("home.no_roles")}</p>}
          </section>
          </div>
          <div class="home-side">
          <section class="card card-org" aria-labelledby="home-org">
            <h2 id="home-org" class="card-title">{t("home.org")}</h2>
            <p class="org-name" data-testid="org-name">{h.organisation.name}</p>
            {h.person ? (
              <dl class="facts">
                <dt>{t("home.me")}</dt>
                <dd>{h.person.unit ? `${h.person.unit.name}　` : ""}{h.person.name}</dd>
              </dl>
            ) : null}
          </section>

          <section class="card card-policy" aria-labelledby="home-policy">
            <h2 id="home-policy" class="card-title">{t("home.policy")}</h2>
            {h.policy ? (
              <>
                {h.policy.standard ? (
                  <>
                    <p class="policy-title">{h.policy.standard.title}</p>
                    <dl class="facts">
                      {h.policy.standard.effective_date ? (<><dt>{t("home.policy_activated")}</dt><dd data-testid="policy-effective">{formatWareki(h.policy.standard.effective_date)}</dd></>) : null}
                    </dl>
                  </>
                ) : null}
                <dl class="facts">
                  <dt>{t("home.pack")}</dt>
                  <dd>{h.policy.title}</dd>
                  <dt>{t("home.policy_version")}</dt>
                  <dd data-testid="policy-version">{h.policy.version}</dd>
                  {h.policy.activated_at ? (<><dt>{t("home.pack_activated")}</dt><dd>{formatWareki(h.policy.activated_at)}</dd></>) : null}
                </dl>
                <p><Link href="/policy">{t("home.policy_open")}</Link></p>
              </>
            ) : <p>{t("common.none")}</p>}
          </section>

          </div>
        </div>
      ) : null}
    </>
  );
}
