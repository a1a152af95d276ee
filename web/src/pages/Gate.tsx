// The 無害化ゲート page (issue 16, docs/sanitize.md「隔離と原本取り出し」): for gate.read the signature
// database's age, verdicts per day and reason with a day's list; for everyone the quarantined
// attachments addressed to them (gate.read: all of them), the 原本取り出し request and, once
// approved, the download (rescanned by the server each time).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { TextAreaField } from "../components/Fields";
import { Badge, PageHeading } from "../components/Page";
import { formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { can, useSession } from "../session";

interface Signature { configured: boolean; built_at?: string | null; age_days?: number | null; max_age_days: number; stale?: boolean }
interface Overview {
  days: { day: string; total: number; blocked: number; reasons: Record<string, number> }[];
  reasons: Record<string, number>;
  signature: Signature;
  settings: { retention_days: number; release_hours: number; signature_max_age_days: number };
}
interface Verdict { id: number; received_at: string; kind: string; action: string; block_code: string; sender: string; recipients: string[] }
interface Item {
  id: number; received_at: string; name: string; type: string; bytes: number; original_sha256: string; action: string;
  block_code: string; purged_at: string | null; request_id: number | null; request_state: string | null;
  release_result: string | null; release_block_code: string | null; release_reason: string | null; downloads: number | null;
  requester_name: string | null; download_until?: string; download_open?: boolean;
}

// The overview's reason keys are block codes, and "none" for verdicts that blocked nothing.
const REASON_LABELS: Record<string, Key> = { none: "gt.reason_none" };
const reasonLabel = (code: string) => (REASON_LABELS[code] ? t(REASON_LABELS[code]) : code);

export function GatePage() {
  const session = useSession();
  const reader = can(session, "gate.read");
  return (
    <main id="main" class="page">
      <PageHeading sub={t("gt.intro")}>{t("gt.title")}</PageHeading>
      {reader ? <VerdictOverview /> : null}
      <Quarantine all={reader} />
    </main>
  );
}

function SignatureAge(p: { s: Signature }) {
  if (!p.s.configured) return <p data-testid="gt-signature">{t("gt.sig_none")}</p>;
  return (
    <p data-testid="gt-signature" data-stale={p.s.stale ? "1" : "0"}>
      {p.s.built_at ? t("gt.sig_age", { date: formatDateTime(p.s.built_at), days: String(p.s.age_days ?? ""), max: String(p.s.max_age_days) }) : ""}{" "}
      <Badge kind={p.s.stale ? "danger" : "ok"}>{p.s.stale ? t("gt.sig_stale") : t("gt.sig_fresh")}</Badge> (第105条(5))
    </p>
  );
}

function VerdictOverview() {
  const o = useResource<Overview>("/api/v1/gate/overview?days=14");
  const [pick, setPick] = useState<{ day: string; reason: string } | null>(null);
  if (o.loading && !o.data) return <Loading />;
  if (o.error || !o.data) return <LoadError error={o.error} retry={o.reload} />;
  const reasons = Object.keys(o.data.reasons).sort();
  return (
    <>
      <section class="panel" aria-labelledby="gt-sig">
        <h2 id="gt-sig">{t("gt.signature")}</h2>
        <SignatureAge s={o.data.signature} />
        <p>{t("gt.settings", { retention: String(o.data.settings.retention_days), hours: String(o.data.settings.release_hours) })}</p>
      </section>
      <section class="panel" aria-labelledby="gt-days">
        <h2 id="gt-days">{t("gt.days")}</h2>
        {o.data.days.length ? (
          <div class="table-wrap">
            <table class="table table-striped" data-testid="gt-days">
              <thead><tr><th scope="col">{t("gt.day")}</th><th scope="col" class="num">{t("gt.total")}</th>
                <th scope="col" class="num">{t("gt.blocked")}</th>
                {reasons.map((r) => <th scope="col" class="num" key={r}>{reasonLabel(r)}</th>)}</tr></thead>
              <tbody>{o.data.days.map((d) => (
                <tr key={d.day} data-day={d.day}>
                  <th scope="row">{d.day}</th>
                  <td class="num"><button type="button" class="link" onClick={() => setPick({ day: d.day, reason: "" })}>{d.total}</button></td>
                  <td class="num">{d.blocked}</td>
                  {reasons.map((r) => <td class="num" key={r}>{d.reasons[r] ? (
                    <button type="button" class="link" data-reason={r} onClick={() => setPick({ day: d.day, reason: r })}>{d.reasons[r]}</button>) : 0}</td>)}
                </tr>
              ))}</tbody>
            </table>
          </div>
        ) : <p>{t("gt.no_verdicts")}</p>}
      </section>
      {pick ? <DayList day={pick.day} reason={pick.reason} /> : null}
    </>
  );
}

function DayList(p: { day: string; reason: string }) {
  const q = `/api/v1/gate/verdicts?day=${encodeURIComponent(p.day)}${p.reason ? `&reason=${encodeURIComponent(p.reason)}` : ""}`;
  const v = useResource<{ items: Verdict[] }>(q);
  return (
    <section class="panel" aria-labelledby="gt-daylist">
      <h2 id="gt-daylist">{t("gt.day_list", { day: p.day })}{p.reason ? ` — ${reasonLabel(p.reason)}` : ""}</h2>
      {v.loading && !v.data ? <Loading /> : v.error || !v.data ? <LoadError error={v.error} retry={v.reload} /> : (
        <div class="table-wrap">
          <table class="table" data-testid="gt-verdicts">
            <thead><tr><th scope="col">{t("gt.received")}</th><th scope="col">{t("gt.kind")}</th><th scope="col">{t("gt.action")}</th>
              <th scope="col">{t("gt.sender")}</th><th scope="col">{t("gt.recipients")}</th></tr></thead>
            <tbody>{v.data.items.map((x) => (
              <tr key={x.id}><td>{formatDateTime(x.received_at)}</td><td>{x.kind}</td>
                <td>{x.action}{x.block_code ? ` (${x.block_code})` : ""}</td><td>{x.sender}</td><td>{(x.recipients ?? []).join(", ")}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ReleaseState(p: { it: Item }) {
  const it = p.it;
  if (it.release_result === "refused")
    return <span data-release="refused"><Badge kind="danger">{t("gt.refused")}</Badge> {it.release_reason ?? ""}</span>;
  if (!it.request_state) return null;
  const state = <Badge kind={it.request_state === "approved" ? "ok" : it.request_state === "submitted" ? "info" : "neutral"}>
    {t(`gt.state.${it.request_state}` as Key)}</Badge>;
  return (
    <span data-release={it.request_state}>
      {state} {it.requester_name ? `${t("gt.requester")}: ${it.requester_name}` : ""}{" "}
      {it.release_result === "released" ? t("gt.released", { n: String(it.downloads ?? 0) }) : ""}{" "}
      {it.download_until ? t("gt.until", { date: formatDateTime(it.download_until) }) : ""}
    </span>
  );
}

function Quarantine(p: { all: boolean }) {
  const list = useResource<{ items: Item[]; all: boolean }>("/api/v1/gate/items");
  const [asking, setAsking] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  return (
    <section class="panel" aria-labelledby="gt-items">
      <h2 id="gt-items">{p.all ? t("gt.items") : t("gt.items_mine")}</h2>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="gt-notice">{notice}</p></Notice> : null}
      {list.loading && !list.data ? <Loading /> : list.error || !list.data ? <LoadError error={list.error} retry={list.reload} /> :
        list.data.items.length ? (
          <div class="table-wrap">
            <table class="table table-striped" data-testid="gt-items">
              <thead><tr><th scope="col">{t("gt.received")}</th><th scope="col">{t("gt.name")}</th><th scope="col" class="num">{t("gt.size")}</th>
                <th scope="col">{t("gt.verdict")}</th><th scope="col">{t("gt.release")}</th></tr></thead>
              <tbody>{list.data.items.map((it) => (
                <tr key={it.id} data-item={it.original_sha256}>
                  <td>{formatDateTime(it.received_at)}</td>
                  <td>{it.name}<br /><span class="mono small">{it.original_sha256}</span></td>
                  <td class="num">{it.bytes.toLocaleString()}</td>
                  <td>{it.action}{it.block_code ? ` (${it.block_code})` : ""}</td>
                  <td>
                    {it.purged_at ? <span>{t("gt.purged")}</span> : <ReleaseState it={it} />}
                    {!it.purged_at && it.request_state === "approved" && it.download_open && it.release_result !== "refused" ? (
                      <p><a class="btn" href={`/api/v1/gate/releases/${it.request_id}/original`} download={it.name}
                        data-testid="gt-download" onClick={() => setTimeout(list.reload, 1500)}>{t("gt.download")}</a></p>) : null}
                    {!it.purged_at && (!it.request_state || ["rejected", "withdrawn", "expired"].includes(it.request_state)) ? (
                      <button type="button" class="btn" data-testid="gt-ask" onClick={() => setAsking(it.original_sha256)}>{t("gt.request")}</button>) : null}
                    {asking === it.original_sha256 ? (
                      <ReleaseForm sha={it.original_sha256} onDone={(id) => { setAsking(null); setNotice(t("gt.requested", { id: String(id) })); list.reload(); }} />) : null}
                  </td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        ) : <p>{t("gt.no_items")}</p>}
    </section>
  );
}

function ReleaseForm(p: { sha: string; onDone: (id: number) => void }) {
  const [reason, setReason] = useState("");
  const act = useAction(() => undefined);
  return (
    <form onSubmit={(ev) => {
      ev.preventDefault();
      void act.run(async () => {
        const r = await api.post<{ request_id: number }>("/api/v1/gate/releases", { quarantine_id: p.sha, reason });
        p.onDone(r.request_id);
        return "";
      });
    }}>
      <ErrorSummary error={act.error} fields={act.fields} />
      <TextAreaField label={t("gt.reason")} name="reason" required value={reason} onInput={setReason} error={act.fields.reason} />
      <button type="submit" class="btn btn-primary" disabled={act.pending} data-testid="gt-submit">{t("gt.submit")}</button>
    </form>
  );
}
