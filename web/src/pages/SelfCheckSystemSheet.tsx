// 自己点検 of one information system (第162条): the items of scope system, each with lgsec's answer
// from the data (情報システム管理者 in the role register, components' support end, backup) and its
// evidence, answered by the system's 情報システム管理者, and its improvement actions (第164条) followed to
// closure as on a 課室's sheet. Who may open it is the server's (others 404).
import { useState } from "preact/hooks";
import { LoadError, Loading, Notice } from "../components/Feedback";
import { Link } from "../components/Link";
import { PageHeading } from "../components/Page";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { Actions, ItemCard, type SheetItem } from "./SelfChecks";

interface SystemSheet {
  campaign_id: number; system_id: number; system_code: string; system_name: string; state: string; may_answer: boolean;
  items: SheetItem[];
  actions: { id: number; item_id: string; description: string; owner_id: number; owner_name: string; due_on: string; state: "open" | "done"; result: string; done_on: string | null }[];
}

export function SelfCheckSystemSheetPage(p: { id: string; system: string }) {
  const path = `/api/v1/selfchecks/${encodeURIComponent(p.id)}/systems/${encodeURIComponent(p.system)}`;
  const res = useResource<SystemSheet>(path);
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
          <PageHeading>{t("sc.system_sheet_title", { system: `${s.system_code} ${s.system_name}` })}</PageHeading>
          {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="sc-notice">{done}</p></Notice> : null}
          <ol class="stack plain" data-testid="sc-system-sheet">
            {s.items.map((it) => <li key={it.id}><ItemCard item={it} path={path} open={s.may_answer} onDone={onDone} /></li>)}
          </ol>
          <Actions sheet={s} path={path} onDone={onDone} />
        </>
      ) : null}
    </>
  );
}
