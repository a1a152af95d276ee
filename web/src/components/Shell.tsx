// The signed-in frame: header (organisation, who is signed in, language, sign out), the side
// navigation filtered by capabilities, a skip link, and the main region.
import type { ComponentChildren } from "preact";
import { AREAS, allowed, areaFor } from "../nav";
import { t } from "../i18n";
import type { Session } from "../types";
import { DateStyleSwitch, LangSwitch } from "./LangSwitch";
import { Link } from "./Link";

export function Shell(p: { session: Session; orgName?: string; path: string; onLogout: () => void; children: ComponentChildren }) {
  const active = areaFor(p.path);
  const person = p.session.person;
  return (
    <div class="shell">
      <a class="skip-link" href="#main">{t("app.skip")}</a>
      <header class="app-header">
        <Link href="/" class="brand">
          {p.orgName ? <span class="brand-org">{p.orgName}</span> : null}
          <span class="brand-app">{t("app.name")}</span>
        </Link>
        <div class="header-tools">
          <span class="who" data-testid="signed-in-as">
            <span class="visually-hidden">{t("app.signed_in_as")}: </span>
            {person ? <>{person.unit ? <span class="who-unit">{person.unit.name}</span> : null}<span class="who-name">{person.name}</span></> : p.session.login_id}
          </span>
          <DateStyleSwitch />
          <LangSwitch signedIn />
          <button type="button" class="btn btn-header" onClick={p.onLogout}>{t("app.logout")}</button>
        </div>
      </header>
      <div class="shell-body">
        <nav class="side-nav" aria-label={t("app.nav")}>
          <ul>
            {AREAS.filter((a) => allowed(a, p.session.capabilities)).map((a) => (
              <li key={a.path}>
                <Link href={a.path} class={active === a ? "current" : undefined} aria-current={active === a ? "page" : undefined}>
                  {t(a.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" class="main" tabIndex={-1}>{p.children}</main>
      </div>
    </div>
  );
}
