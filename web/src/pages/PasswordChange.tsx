// パスワード変更: forced after signing in with a temporary password (第88条). Live hints for the
// rules the browser can check (length, login ID, confirmation); the server makes the final call
// (common / trivial passwords, 第59条) and its field errors are shown under the field.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary } from "../components/Feedback";
import { TextField, missing } from "../components/Fields";
import { t } from "../i18n";
import type { Stage } from "../types";

export function PasswordChange(p: { loginId: string; minLength: number; onStage: (s: Stage) => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const lengthOk = [...next].length >= p.minLength;
  const idOk = next !== "" && (!p.loginId || !next.toLowerCase().includes(p.loginId.toLowerCase()));
  const matchOk = next !== "" && next === confirm;

  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing({ current_password: current, new_password: next, confirm },
      { current_password: t("pw.current"), new_password: t("pw.new"), confirm: t("pw.confirm") });
    if (!miss.confirm && !matchOk) miss.confirm = t("pw.mismatch");
    if (Object.keys(miss).length) {
      setFields(miss);
      setError({ clientOnly: true });
      return;
    }
    setPending(true);
    setError(null);
    setFields({});
    try {
      const r = await api.post<{ stage: Stage }>("/api/v1/auth/password", { current_password: current, new_password: next });
      p.onStage(r.stage);
    } catch (err) {
      setError(err);
      setFields(err instanceof ApiError ? err.fields() : {});
    } finally {
      setPending(false);
    }
  }

  const hint = (ok: boolean, text: string) => (
    <li class={ok ? "hint-ok" : "hint-todo"}>
      <span class="hint-mark" aria-hidden="true">{ok ? "✓" : "・"}</span>
      {text}
    </li>
  );

  return (
    <div class="auth-card">
      <h1 class="auth-title">{t("pw.title")}</h1>
      <p class="lead">{t("pw.forced_intro")}</p>
      <form onSubmit={submit} noValidate class="form">
        <ErrorSummary error={error} fields={fields} />
        <input type="text" name="username" autocomplete="username" value={p.loginId} readOnly hidden />
        <TextField label={t("pw.current")} name="current_password" type="password" value={current} onInput={setCurrent}
          required autocomplete="current-password" error={fields.current_password} />
        <TextField label={t("pw.new")} name="new_password" type="password" value={next} onInput={setNext}
          required autocomplete="new-password" error={fields.new_password} />
        <div class="hints" id="pw-hints">
          <p class="hints-title">{t("pw.hints_title")}</p>
          <ul>
            {hint(lengthOk, t("pw.hint_length", { n: p.minLength }))}
            {hint(idOk, t("pw.hint_login_id"))}
            {hint(matchOk, t("pw.hint_match"))}
          </ul>
          <p class="field-hint">{t("pw.hint_common")}</p>
        </div>
        <TextField label={t("pw.confirm")} name="confirm" type="password" value={confirm} onInput={setConfirm}
          required autocomplete="new-password" error={fields.confirm} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>
            {pending ? t("common.saving") : t("pw.submit")}
          </button>
        </div>
      </form>
    </div>
  );
}
