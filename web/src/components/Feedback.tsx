// Page-level feedback: error summary (role=alert, focused so keyboard and screen-reader users
// land on it), success notices, loading and load-error states.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ApiError, errorMessage } from "../api";
import { t } from "../i18n";

export function ErrorSummary(p: { error: unknown; fields?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (p.error) ref.current?.focus();
  }, [p.error]);
  if (!p.error) return null;
  const code = p.error instanceof ApiError ? p.error.code : "client";
  const main = p.error instanceof ApiError || !(p.error as { clientOnly?: boolean }).clientOnly ? errorMessage(p.error) : "";
  const list = Object.values(p.fields ?? {}).filter((m) => m && m !== main);
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} data-testid="form-error" data-code={code}>
      <p class="error-summary-title">{t("common.error_title")}</p>
      {main ? <p>{main}</p> : null}
      {list.length ? <ul>{list.map((m) => <li key={m}>{m}</li>)}</ul> : null}
    </div>
  );
}

/** An error raised by client-side validation (no server message, only field messages). */
export function clientError(): { clientOnly: true } {
  return { clientOnly: true };
}

export function Notice(p: { kind?: "success" | "info" | "warning"; children: ComponentChildren; onDismiss?: () => void }) {
  return (
    <div class={`notice notice-${p.kind ?? "info"}`} role="status">
      <div class="notice-body">{p.children}</div>
      {p.onDismiss ? <button type="button" class="btn btn-link" onClick={p.onDismiss}>{t("common.dismiss")}</button> : null}
    </div>
  );
}

export function Loading() {
  return <p class="loading" role="status">{t("app.loading")}</p>;
}

export function LoadError(p: { error: unknown; retry?: () => void }) {
  return (
    <div class="error-summary" role="alert">
      <p>{errorMessage(p.error)}</p>
      {p.retry ? <button type="button" class="btn" onClick={p.retry}>{t("common.retry")}</button> : null}
    </div>
  );
}
