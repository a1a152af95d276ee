// Shown for unknown paths and for areas the person may not use (no hint which one it was).
import { Link } from "../components/Link";
import { PageHeading } from "../components/Page";
import { t } from "../i18n";

export function NotFound() {
  return (
    <>
      <PageHeading sub={t("app.not_found_detail")}>{t("app.not_found")}</PageHeading>
      <p><Link href="/">{t("app.back_home")}</Link></p>
    </>
  );
}
