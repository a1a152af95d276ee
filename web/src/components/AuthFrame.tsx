// The frame around the sign-in screens (login, password change, two-factor): organisation name,
// language switch, and a way out (sign out) once a session exists.
import type { ComponentChildren } from "preact";
import { LangSwitch } from "./LangSwitch";
import { t } from "../i18n";

export function AuthFrame(p: { orgName?: string; children: ComponentChildren; onLogout?: () => void }) {
  return (
    <div class="auth-page">
      <header class="auth-header">
        <div class="brand">
          {p.orgName ? <span class="brand-org">{p.orgName}</span> : null}
          <span class="brand-app">{t("app.name")}</span>
        </div>
        <div class="header-tools">
          <LangSwitch />
          {p.onLogout ? <button type="button" class="btn btn-header" onClick={p.onLogout}>{t("app.logout")}</button> : null}
        </div>
      </header>
      <main id="main" class="auth-main">{p.children}</main>
    </div>
  );
}
