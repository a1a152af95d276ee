// The 日本語 / English switch. The label is in the other language so users can always find it.
import { lang, setLang, t } from "../i18n";

export function LangSwitch() {
  const next = lang() === "ja" ? "en" : "ja";
  return (
    <button type="button" class="btn btn-header" lang={next} aria-label={t("app.lang_switch_label")} onClick={() => setLang(next)}>
      {t("app.lang_switch")}
    </button>
  );
}
