// The 日本語 / English switch and the 和暦 / 西暦 switch. The language label is in the other language so
// users can always find it. Signed in, a choice is also stored on the person's account so that every
// PC they use shows the same (PATCH /api/v1/session/preferences).
import { api } from "../api";
import { dateStyle, lang, setDateStyle, setLang, t } from "../i18n";
import type { Preferences } from "../types";

function remember(change: Partial<Preferences>) {
  // The choice already holds in this browser; if storing it on the account fails it is kept here.
  api.patch("/api/v1/session/preferences", change).catch(() => undefined);
}

export function LangSwitch({ signedIn = false }: { signedIn?: boolean }) {
  const next = lang() === "ja" ? "en" : "ja";
  function change() {
    setLang(next);
    if (signedIn) remember({ lang: next });
  }
  return (
    <button type="button" class="btn btn-header" lang={next} aria-label={t("app.lang_switch_label")} onClick={change}>
      {t("app.lang_switch")}
    </button>
  );
}

/** 和暦 / 西暦: how this person's screens show dates (formal documents stay in 和暦). Japanese only. */
export function DateStyleSwitch() {
  if (lang() !== "ja") return null;
  const next = dateStyle() === "wareki" ? "seireki" : "wareki";
  function change() {
    setDateStyle(next);
    remember({ date_style: next });
  }
  return (
    <button type="button" class="btn btn-header" onClick={change} data-testid="date-style">
      {t(next === "seireki" ? "app.date_style_to_seireki" : "app.date_style_to_wareki")}
    </button>
  );
}
