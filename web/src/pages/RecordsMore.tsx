// The records kept by hand (issue 11): 障害記録 (第66条), 持ち込み記録 (第43条), the ソフトウェア・
// ライセンス台帳 (第76条(2)) and the 搬入出記録 of a server room (第36条) — each a list, newest
// first, a page at a time, and the create form the server declares, offered only to those it accepts.
import { useState } from "preact/hooks";
import { LoadError, Loading } from "../components/Feedback";
import { SelectField } from "../components/Fields";
import { ArticleRef, Badge, Pager } from "../components/Page";
import { RecordForm, RecordNowButton } from "../components/RecordForm";
import { formatDateTime } from "../format";
import { useResource } from "../hooks";
import { t } from "../i18n";
import { pageOf, useRecordForms, type RecordForms } from "../records";

interface Failure {
  id: number; system_name: string | null; title: string; description: string; occurred_at: string; reporter_name: string;
  state: "reported" | "handling" | "resolved"; handling: string | null; result: string | null; can_handle: boolean;
}
interface BringIn { id: number; person_name: string; unit_name: string; item: string; purpose: string; in_at: string; out_at: string | null }
interface License {
  id: number; software: string; version: string; license_kind: string; license_count: number; target: string;
  system_name: string | null; unit_name: string | null; request_id: number | null;
}
interface Move {
  id: number; direction: "in" | "out"; equipment: string; carried_by: string; moved_at: string; witness_name: string;
  impact_check: string; system_name: string | null;
}
export interface KeptRoom { id: number; name: string; can_keep: boolean }

/** A list a page at a time, with the article it keeps (as the list's answer cites it). */
function PagedTable<T>(p: { items: T[]; caption: string; article: string; head: string[]; row: (x: T) => preact.JSX.Element; testid: string }) {
  const [page, setPage] = useState(1);
  const { rows, next } = pageOf(p.items, page);
  return (
    <section data-testid={p.testid}>
      <h2>{p.caption} <ArticleRef article={p.article} /></h2>
      {p.items.length ? (
        <>
          <table class="table table-striped">
            <caption class="visually-hidden">{p.caption}</caption>
            <thead><tr>{p.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
            <tbody>{rows.map(p.row)}</tbody>
          </table>
          <Pager page={page} count={p.items.length} nextCursor={next} onNext={(c) => setPage(Number(c))} onPrev={() => setPage((n) => Math.max(1, n - 1))} label={p.caption} />
        </>
      ) : <p class="empty-title">{t("rec.none")}</p>}
    </section>
  );
}

function withForms(render: (f: RecordForms) => preact.JSX.Element) {
  const forms = useRecordForms();
  if (forms.error) return <LoadError error={forms.error} />;
  if (!forms.data) return <Loading />;
  return render(forms.data);
}

const STATE_BADGE = { reported: "warn", handling: "info", resolved: "ok" } as const;

export function Failures() {
  const res = useResource<{ items: Failure[]; article: string }>("/api/v1/records/failures");
  return withForms((f) => (
    <>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : !res.data ? <Loading /> : (
        <PagedTable items={res.data.items} caption={t("rec.tab.failures")} article={res.data.article} testid="failure-list"
          head={[t("rec.failure.title"), t("rec.failure.system"), t("rec.failure.occurred"), t("rec.failure.reporter"), t("rec.failure.state")]}
          row={(x) => (
            <tr key={x.id}>
              <th scope="row">{x.title}<div class="sub">{x.description}</div></th>
              <td>{x.system_name ?? "—"}</td>
              <td>{formatDateTime(x.occurred_at)}</td>
              <td>{x.reporter_name}</td>
              <td>
                <Badge kind={STATE_BADGE[x.state]}>{t(`rec.failure.state.${x.state}`)}</Badge>
                {x.handling ? <div class="sub">{x.handling}{x.result ? ` → ${x.result}` : ""}</div> : null}
                {/* the handling is recorded by the system's managers and roles.manage (第66条) */}
                {x.can_handle && x.state !== "resolved" ? (
                  <details class="inline-form">
                    <summary>{t("rec.failure.handle")}</summary>
                    <RecordForm form={f.forms.failure_update} may={f.may} path={`/api/v1/records/failures/${x.id}/update`} onDone={res.reload}
                      testid={`failure-update-${x.id}`} title={`${f.forms.failure_update.title}: ${x.title}`} />
                  </details>
                ) : null}
              </td>
            </tr>
          )} />
      )}
      {/* every person may report a failure (第66条) */}
      <RecordForm form={f.forms.failure} may={f.may} path="/api/v1/records/failures" onDone={res.reload} testid="failure-form" />
    </>
  ));
}

export function BringIns() {
  const res = useResource<{ items: BringIn[]; article: string }>("/api/v1/records/bring-ins");
  return withForms((f) => (
    <>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : !res.data ? <Loading /> : (
        <PagedTable items={res.data.items} caption={t("rec.tab.bringins")} article={res.data.article} testid="bringin-list"
          head={[t("rec.bringin.item"), t("rec.bringin.person"), t("rec.bringin.in"), t("rec.bringin.out")]}
          row={(x) => (
            <tr key={x.id}>
              <th scope="row">{x.item}<div class="sub">{x.purpose}</div></th>
              <td>{x.person_name}<div class="sub">{x.unit_name}</div></td>
              <td>{formatDateTime(x.in_at)}</td>
              <td>{x.out_at ? formatDateTime(x.out_at) : <RecordNowButton path={`/api/v1/records/bring-ins/${x.id}/out`} label={t("rec.bringin.out_now")} onDone={res.reload} />}</td>
            </tr>
          )} />
      )}
      {/* a person records their own; the 情報セキュリティ管理者 of a 課室 also its people's */}
      <RecordForm form={f.forms.bringin} may={f.may} path="/api/v1/records/bring-ins" onDone={res.reload} testid="bringin-form"
        hide={f.may.bringin_for_others ? [] : ["person_id"]} />
    </>
  ));
}

export function Licenses() {
  const res = useResource<{ items: License[]; article: string }>("/api/v1/records/licenses");
  return withForms((f) => (
    <>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : !res.data ? <Loading /> : (
        <PagedTable items={res.data.items} caption={t("rec.tab.licenses")} article={res.data.article} testid="license-list"
          head={[t("rec.license.software"), t("rec.license.kind"), t("rec.license.count"), t("rec.license.where")]}
          row={(x) => (
            <tr key={x.id}>
              <th scope="row">{x.software} {x.version}{x.request_id ? <div class="sub">{t("rec.license.from_request", { id: x.request_id })}</div> : null}</th>
              <td>{x.license_kind}</td>
              <td class="num">{x.license_count}</td>
              <td>{[x.unit_name, x.system_name].filter(Boolean).join(" / ")}<div class="sub">{x.target}</div></td>
            </tr>
          )} />
      )}
      {f.may.room_units.length || f.may.work_systems.length
        ? <RecordForm form={f.forms.license} may={f.may} path="/api/v1/records/licenses" onDone={res.reload} testid="license-form"
            hide={[...(f.may.room_units.length ? [] : ["unit_id"]), ...(f.may.work_systems.length ? [] : ["system_id"])]} />
        : <p class="field-hint">{t("rec.license.who")}</p>}
    </>
  ));
}

export function Moves(p: { rooms: KeptRoom[] }) {
  const [chosen, setChosen] = useState("");
  const roomId = chosen || (p.rooms[0] ? String(p.rooms[0].id) : "");
  const res = useResource<{ items: Move[]; article: string }>(roomId ? `/api/v1/records/server-rooms/${roomId}/moves` : null);
  return withForms((f) => (
    <>
      <div class="filters">
        <SelectField label={t("rec.room")} name="move-room" value={roomId} onChange={setChosen} placeholder={t("rec.choose_room")}
          options={p.rooms.map((r) => ({ value: String(r.id), label: r.name }))} />
      </div>
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : !res.data ? <Loading /> : (
        <PagedTable items={res.data.items} caption={t("rec.tab.moves")} article={res.data.article} testid="move-list"
          head={[t("rec.move.equipment"), t("rec.move.direction"), t("rec.move.at"), t("rec.move.witness")]}
          row={(x) => (
            <tr key={x.id}>
              <th scope="row">{x.equipment}<div class="sub">{x.carried_by}</div></th>
              <td>{x.direction === "in" ? t("rec.move.in") : t("rec.move.out")}</td>
              <td>{formatDateTime(x.moved_at)}</td>
              <td>{x.witness_name}</td>
            </tr>
          )} />
      )}
      {roomId ? <RecordForm key={roomId} form={f.forms.move} may={f.may} path={`/api/v1/records/server-rooms/${roomId}/moves`} onDone={res.reload} testid="move-form" /> : null}
    </>
  ));
}
