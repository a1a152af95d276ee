// The 日本語 / English switch. The label is in the other language so users can always find it.
import { dateStyle, lang, setDateStyle, setLang, t } from "../i18n";

export function LangSwitch() {
  const next = lang() === "ja" ? "en" : "ja";
  return (
    <button type="button" class="btn btn-header" lang={next} aria-label={t("app.lang_switch_label")} onClick={() => setLang(next)}>
      {t("app.lang_switch")}
    </button>
  );
}

/** 和暦 / 西暦: how this person's screens show dates (formal documents stay in 和暦). Japanese only. */
export function DateStyleSwitch() {
  if (lang() !== "ja") return null;
  const next = dateStyle() === "wareki" ? "seireki" : "wareki";
  return (
    <button type="button" class="btn btn-header" onClick={() => setDateStyle(next)} data-testid="date-style">
      {t(next === "seireki" ? "app.date_style_to_seireki" : "app.date_style_to_wareki")}
    </button>
  );
}
