// ログイン: shows the organisation's login message prominently (第87条), then ID and password.
// Errors (wrong credentials, lockout with its end time, rate limiting, expired temporary password)
// are shown in a focused alert.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary, Notice } from "../components/Feedback";
import { TextField, missing } from "../components/Fields";
import { t } from "../i18n";
import type { AuthConfig, LoginResult } from "../types";

export function Login(p: { config: AuthConfig | null; expired: boolean; onLoggedIn: (r: LoginResult, loginId: string) => void }) {
  const [loginId, setLoginId] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing({ login_id: loginId, password }, { login_id: t("login.login_id"), password: t("login.password") });
    if (Object.keys(miss).length) {
      setFields(miss);
      setError({ clientOnly: true });
      return;
    }
    setPending(true);
    setError(null);
    setFields({});
    try {
      const r = await api.post<LoginResult>("/api/v1/auth/login", { login_id: loginId.trim(), password });
      setPassword("");
      p.onLoggedIn(r, loginId.trim());
    } catch (err) {
      setPassword("");
      setError(err);
      setFields(err instanceof ApiError ? err.fields() : {});
    } finally {
      setPending(false);
    }
  }

  return (
    <div class="auth-card">
      <h1 class="auth-title">{t("login.title")}</h1>
      {p.expired ? <Notice kind="warning">{t("app.session_expired")}</Notice> : null}
      {p.config?.login_message ? (
        <section class="login-message" aria-labelledby="login-message-heading" data-testid="login-message">
          <h2 id="login-message-heading">{t("login.message_heading")}</h2>
          <p>{p.config.login_message}</p>
        </section>
      ) : null}
      <form onSubmit={submit} noValidate class="form">
        <ErrorSummary error={error} fields={fields} />
        <TextField label={t("login.login_id")} name="login_id" value={loginId} onInput={setLoginId} required
          autocomplete="username" spellcheck={false} error={fields.login_id} />
        <TextField label={t("login.password")} name="password" type="password" value={password} onInput={setPassword}
          required autocomplete="off" error={fields.password} hint={t("login.no_autosave")} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>
            {pending ? t("login.submitting") : t("login.submit")}
          </button>
        </div>
      </form>
    </div>
  );
}
