// 自己点検 of the organisation itself (第162条): the items of scope organisation (CISO, 緊急連絡網,
// CSIRT, 特権ID, 監査の改善計画, 見直し), answered by the 統括 (evaluation.manage). lgsec answers the CISO
// and the CSIRT責任者 from the role register and the 年度's audit findings from the audits, with the
// evidence; the 統括 confirms or corrects them with a reason and answers the rest.
import { useState } from "preact/hooks";
import { LoadError, Loading, Notice } from "../components/Feedback";
import { Link } from "../components/Link";
import { PageHeading } from "../components/Page";
import { formatFiscalYear } from "../format";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { ItemCard, type SheetItem } from "./SelfChecks";

interface OrgSheet { campaign_id: number; fiscal_year: number; state: string; may_answer: boolean; items: SheetItem[] }

export function SelfCheckOrgSheetPage(p: { id: string }) {
  const path = `/api/v1/selfchecks/${encodeURIComponent(p.id)}/organisation`;
  const res = useResource<OrgSheet>(path);
  const [done, setDone] = useState("");
  const s = res.data;
  const onDone = (msg: string) => { setDone(msg); res.reload(); };
  return (
    <>
      <p><Link href={`/selfchecks/${p.id}`}>{t("sc.back_campaign")}</Link></p>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !s ? <Loading /> : null}
      {s ? (
        <>
          <PageHeading sub={`${formatFiscalYear(s.fiscal_year)}・${t("sc.org_sheet_sub")}`}>{t("sc.org_sheet_title")}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="sc-notice">{done}</p></Notice> : null}
          <ol class="stack plain" data-testid="sc-org-sheet">
            {s.items.map((it) => <li key={it.id}><ItemCard item={it} path={path} open={s.may_answer} onDone={onDone} /></li>)}
          </ol>
        </>
      ) : null}
    </>
  );
}
