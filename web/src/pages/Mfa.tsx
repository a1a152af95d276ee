// 二要素認証: enrolment (QR code as an <img> data URL — CSP allows data: images — plus the secret
// as text for manual entry, a confirmation code, then the recovery codes shown once), and the
// verification step at sign-in (authenticator code or a recovery code).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ErrorSummary, LoadError, Loading } from "../components/Feedback";
import { TextField, missing } from "../components/Fields";
import { t } from "../i18n";

interface Enrolment { secret: string; otpauth_uri: string; qr_svg: string }

function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}

/** Groups a base32 secret in fours for reading aloud / typing. */
function groupSecret(s: string): string {
  return s.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");
}

export function MfaEnrol(p: { onDone: () => void }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const started = useRef(false);
  const recoveryHeading = useRef<HTMLHeadingElement>(null);

  function start() {
    setLoadError(null);
    api.post<Enrolment>("/api/v1/auth/mfa/enrol", {}).then(setEnrolment, setLoadError);
  }
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, []);
  useEffect(() => {
    if (recovery) recoveryHeading.current?.focus();
  }, [recovery]);

  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing({ code }, { code: t("mfa.code") });
    if (miss.code) {
      setFields(miss);
      setError({ clientOnly: true });
      return;
    }
    setPending(true);
    setError(null);
    setFields({});
    try {
      const r = await api.post<{ stage: string; recovery_codes: string[] }>("/api/v1/auth/mfa/enrol/confirm", { code: code.replace(/\s+/g, "") });
      setRecovery(r.recovery_codes ?? []);
    } catch (err) {
      setError(err);
      setFields(err instanceof ApiError ? { code: err.message_(), ...err.fields() } : {});
    } finally {
      setPending(false);
    }
  }

  if (recovery) {
    return (
      <div class="auth-card auth-card-wide">
        <h1 class="auth-title" tabIndex={-1} ref={recoveryHeading}>{t("mfa.recovery_title")}</h1>
        <p class="lead">{t("mfa.recovery_intro")}</p>
        <div class="notice notice-warning" role="note"><div class="notice-body">{t("mfa.recovery_once")}</div></div>
        <ol class="recovery-codes" data-testid="recovery-codes">
          {recovery.map((c) => <li key={c}><code>{c}</code></li>)}
        </ol>
        <div class="form-actions no-print">
          <button type="button" class="btn" onClick={() => window.print()}>{t("mfa.recovery_print")}</button>
          <button type="button" class="btn btn-primary" onClick={p.onDone}>{t("mfa.recovery_done")}</button>
        </div>
      </div>
    );
  }

  return (
    <div class="auth-card auth-card-wide">
      <h1 class="auth-title">{t("mfa.enrol_title")}</h1>
      <p class="lead">{t("mfa.enrol_intro")}</p>
      {loadError ? <LoadError error={loadError} retry={start} /> : null}
      {!enrolment && !loadError ? <Loading /> : null}
      {enrolment ? (
        <div class="mfa-grid">
          <section aria-labelledby="mfa-step1">
            <h2 id="mfa-step1" class="step-title">{t("mfa.step1")}</h2>
            <img class="qr" src={svgDataUrl(enrolment.qr_svg)} alt={t("mfa.qr_alt")} width={200} height={200} />
            <p class="field-hint" id="mfa-secret-label">{t("mfa.secret_label")}</p>
            <code class="secret" data-testid="totp-secret" aria-labelledby="mfa-secret-label">{groupSecret(enrolment.secret)}</code>
          </section>
          <section aria-labelledby="mfa-step2">
            <h2 id="mfa-step2" class="step-title">{t("mfa.step2")}</h2>
            <form onSubmit={submit} noValidate class="form">
              <ErrorSummary error={error} />
              <TextField label={t("mfa.code")} name="code" value={code} onInput={setCode} required
                autocomplete="one-time-code" inputMode="numeric" maxLength={8} size="s" error={fields.code} spellcheck={false} />
              <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>
                  {pending ? t("common.saving") : t("mfa.confirm")}
                </button>
              </div>
            </form>
          </section>
        </div>
      ) : null}
    </div>
  );
}

export function MfaVerify(p: { onDone: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const name = useRecovery ? "recovery_code" : "code";
  const label = useRecovery ? t("mfa.recovery_code") : t("mfa.code");

  async function submit(e: Event) {
    e.preventDefault();
    const miss = missing({ [name]: value }, { [name]: label });
    if (miss[name]) {
      setFields(miss);
      setError({ clientOnly: true });
      return;
    }
    setPending(true);
    setError(null);
    setFields({});
    try {
      await api.post("/api/v1/auth/mfa/verify", { [name]: useRecovery ? value.trim() : value.replace(/\s+/g, "") });
      p.onDone();
    } catch (err) {
      setError(err);
      setFields(err instanceof ApiError ? { [name]: err.message_(), ...err.fields() } : {});
      setValue("");
    } finally {
      setPending(false);
    }
  }

  function toggle() {
    setUseRecovery(!useRecovery);
    setValue("");
    setError(null);
    setFields({});
  }

  return (
    <div class="auth-card">
      <h1 class="auth-title">{t("mfa.verify_title")}</h1>
      <p class="lead">{useRecovery ? t("mfa.recovery_hint") : t("mfa.verify_intro")}</p>
      <form onSubmit={submit} noValidate class="form">
        <ErrorSummary error={error} />
        <TextField key={name} label={label} name={name} value={value} onInput={setValue} required spellcheck={false}
          autocomplete={useRecovery ? "off" : "one-time-code"} inputMode={useRecovery ? "text" : "numeric"}
          size={useRecovery ? "m" : "s"} error={fields[name]} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{t("mfa.verify_submit")}</button>
          <button type="button" class="btn btn-link" onClick={toggle}>{useRecovery ? t("mfa.use_code") : t("mfa.use_recovery")}</button>
        </div>
      </form>
    </div>
  );
}
