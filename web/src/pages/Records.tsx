// 規程が求める記録 (issue 4): the サーバー室入退室管理簿 with its flags and the card-reader import
// (第35条), 作業記録 waiting for the second person's confirmation (第63条3) and the 持ち出し記録 with
// overdue returns (第43条); issue 11 added the forms (入退室, サーバー室の登録, 作業), the printable
// book (PDF, XLSX) and the tabs of RecordsMore.tsx. The server decides who sees what (403
// record_forbidden is shown as is) and, through /api/v1/records/forms, what each person is offered.
import { useState } from "preact/hooks";
import { api, ApiError, errorMessage, withQuery } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { CheckboxField, SelectField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { ArticleRef, Badge, PageHeading, Pager } from "../components/Page";
import { RecordForm, RecordNowButton } from "../components/RecordForm";
import { formatDate, formatDateTime, formatLocalDateTime, todayJst } from "../format";
import { useResource } from "../hooks";
import { pick, t, type Key } from "../i18n";
import { pageOf, useRecordForms, type RecordForms } from "../records";
import { useSession } from "../session";
import { BringIns, Failures, Licenses, Moves } from "./RecordsMore";

interface Room { id: number; name: string; office_start: string; office_end: string; can_keep: boolean; can_record_self: boolean }
interface Entry {
  id: number; person_name: string | null; staff_no: string | null; visitor_name: string | null; escort_name: string | null;
  purpose: string; time_in: string; time_out: string | null; after_hours: boolean; after_hours_request_id: number | null; flags: string[];
}
interface Work {
  id: number; system_name: string; title: string; description: string; started_at: string; ended_at: string;
  author_name: string; state: "recorded" | "confirmed"; confirmer_name: string | null;
}
interface TakeOut {
  request_id: number; asset_no: string; asset_name: string; requester_name: string; unit_name: string;
  out_at: string | null; return_due: string | null; returned_at: string | null; departed_at: string | null; overdue: boolean;
}
interface RowError { row: number; field: string; code: string; detail?: string; detail_en?: string }

export type Tab = "room" | "moves" | "work" | "takeout" | "bringins" | "failures" | "licenses";

/** The CSV column of a row error, in the words of the file's headers. */
const COLUMN: Record<string, Key> = { card: "rec.col.card", time: "rec.col.time", direction: "rec.col.direction", door: "rec.col.door" };

/** The record tabs; 搬入出 and 作業記録 only for those who keep a room or a system (the only ones who
 *  can see or write those records), the current tab always. */
function Tabs(p: { current: Tab }) {
  const may = useRecordForms().data?.may;
  const all: { id: Tab; href: string; label: string }[] = [
    { id: "room", href: "/records", label: t("rec.tab.room") },
    { id: "moves", href: "/records/moves", label: t("rec.tab.moves") },
    { id: "work", href: "/records/work", label: t("rec.tab.work") },
    { id: "takeout", href: "/records/take-outs", label: t("rec.tab.takeout") },
    { id: "bringins", href: "/records/bring-ins", label: t("rec.tab.bringins") },
    { id: "failures", href: "/records/failures", label: t("rec.tab.failures") },
    { id: "licenses", href: "/records/licenses", label: t("rec.tab.licenses") },
  ];
  const tabs = all.filter((x) => x.id === p.current || !may
    || (x.id === "moves" ? may.rooms_kept.length > 0 : x.id === "work" ? may.work_systems.length > 0 : true));
  return (
    <nav class="tabs" aria-label={t("rec.menu")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}><Link href={x.href} class={x.id === p.current ? "current" : undefined} aria-current={x.id === p.current ? "page" : undefined}>{x.label}</Link></li>
        ))}
      </ul>
    </nav>
  );
}

export function RecordsPage(p: { tab: Tab }) {
  return (
    <>
      <PageHeading sub={t("rec.intro")}>{t("rec.title")}</PageHeading>
      <Tabs current={p.tab} />
      {p.tab === "room" ? <RoomBook /> : p.tab === "moves" ? <KeptRooms /> : p.tab === "work" ? <WorkRecords />
        : p.tab === "takeout" ? <TakeOuts /> : p.tab === "bringins" ? <BringIns /> : p.tab === "failures" ? <Failures /> : <Licenses />}
    </>
  );
}

function CardImport(p: { onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (!file) return;
    setDone(null); setRows([]); setError(null);
    try {
      const r = await api.upload<{ rows: number; opened: number; closed: number }>("/api/v1/records/server-room-entries/import", file, "text/csv");
      setDone(t("rec.import_done", { rows: r.rows, opened: r.opened, closed: r.closed }));
      p.onDone();
    } catch (e) {
      const list = e instanceof ApiError ? (e.problem.errors as unknown as RowError[] | undefined) ?? [] : [];
      if (list.length && list[0].row !== undefined) setRows(list);
      else setError(e);
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t("rec.import_title")}</h2>
      <p class="field-hint">{t("rec.import_hint")}</p>
      <label class="field-label" for="card-csv">{t("rec.import_file")}</label>
      <input id="card-csv" type="file" accept=".csv,text/csv" onChange={(ev) => setFile((ev.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      <p><button type="submit" class="btn" disabled={!file}>{t("rec.import_submit")}</button></p>
      {done ? <Notice kind="success">{done}</Notice> : null}
      {error ? <ErrorSummary error={error} /> : null}
      {rows.length ? (
        <div role="alert">
          <p>{t("rec.import_errors")}</p>
          <table class="table">
            <thead><tr><th scope="col" class="num">{t("rec.row")}</th><th scope="col">{t("rec.column")}</th><th scope="col">{t("rec.error")}</th></tr></thead>
            <tbody>
              {rows.map((r) => <tr key={`${r.row}-${r.field}-${r.code}`}><td class="num">{r.row}</td><td>{COLUMN[r.field] ? t(COLUMN[r.field]) : r.field}</td><td>{pick(r.detail ?? r.code, r.detail_en)}</td></tr>)}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}

/** The rooms whose 搬入出 the person keeps (the moves tab). */
function KeptRooms() {
  const rooms = useResource<{ items: Room[] }>("/api/v1/records/server-rooms");
  if (rooms.error) return <LoadError error={rooms.error} retry={rooms.reload} />;
  if (!rooms.data) return <Loading />;
  const kept = rooms.data.items.filter((r) => r.can_keep);
  return kept.length ? <Moves rooms={kept} /> : <p class="empty-title">{t("rec.no_rooms")}</p>;
}

/** The JST date `days` before today, YYYY-MM-DD: the default period of the book shown. */
function daysAgo(days: number): string {
  const [y, m, d] = todayJst().split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** The book of the period shown as PDF or XLSX: fetched first, so a refused period is shown by its field. */
function BookDownload(p: { roomId: string; from: string; to: string; article: string; onFields: (f: Record<string, string>) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async (kind: "pdf" | "xlsx") => {
    setBusy(true); p.onFields({}); setError(null);
    try {
      const res = await fetch(withQuery(`/api/v1/records/server-rooms/${p.roomId}/book.${kind}`, { from: p.from, to: p.to }), { credentials: "same-origin" });
      if (!res.ok) {
        const problem = await res.json().catch(() => ({ status: res.status }));
        const err = new ApiError(res.status, problem);
        p.onFields(err.fields()); setError(err);
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = `${t("rec.tab.room")}_${p.from}_${p.to}.${kind}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" data-testid="book-download">
      <h2>{t("rec.book.title")} <ArticleRef article={p.article} /></h2>
      <p class="field-hint">{t("rec.book.hint")}</p>
      {error ? <ErrorSummary error={error} /> : null}
      <p>
        <button type="button" class="btn" disabled={busy} onClick={() => void download("pdf")}>{t("rec.book.pdf")}</button>{" "}
        <button type="button" class="btn" disabled={busy} onClick={() => void download("xlsx")}>{t("rec.book.xlsx")}</button>
      </p>
    </section>
  );
}

interface Access {
  id: number; person_name: string; staff_no: string; card_no: string | null; valid_from: string; valid_until: string | null; current: boolean;
}

/** The people allowed into the room (第35条): for its keepers; the 課室's 情報セキュリティ管理者 adds and ends. */
function RoomAccess(p: { roomId: string; forms: RecordForms; article: string }) {
  const res = useResource<{ access: Access[]; can_grant: boolean }>(`/api/v1/records/server-rooms/${p.roomId}`);
  if (res.error) return <LoadError error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  const list = res.data.access;
  return (
    <section class="card" data-testid="access-list">
      <h2>{t("rec.access.title")} <ArticleRef article={p.article} /></h2>
      {list.length ? (
        <table class="table">
          <caption class="visually-hidden">{t("rec.access.title")}</caption>
          <thead><tr><th scope="col">{t("rec.who")}</th><th scope="col">{t("rec.access.card")}</th><th scope="col">{t("rec.access.period")}</th><th scope="col">{t("rec.work_state")}</th></tr></thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.person_name}<div class="sub">{a.staff_no}</div></th>
                <td>{a.card_no ?? "—"}</td>
                <td>{formatDate(a.valid_from)} 〜 {a.valid_until ? formatDate(a.valid_until) : ""}</td>
                <td>{a.current ? <><Badge kind="ok">{t("rec.access.current")}</Badge>{res.data!.can_grant
                  ? <> <RecordNowButton path={`/api/v1/records/server-rooms/${p.roomId}/access/${a.id}/end`} label={t("rec.access.end")} onDone={res.reload} /></> : null}</>
                  : <Badge kind="neutral">{t("rec.access.ended")}</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="empty-title">{t("rec.none")}</p>}
      {res.data.can_grant
        ? <RecordForm key={p.roomId} form={p.forms.forms.access} may={p.forms.may} path={`/api/v1/records/server-rooms/${p.roomId}/access`} onDone={res.reload} testid="access-form" folded />
        : null}
    </section>
  );
}

function RoomBook() {
  const rooms = useResource<{ items: Room[]; article: string }>("/api/v1/records/server-rooms");
  const forms = useRecordForms();
  const me = useSession().person;
  const [chosen, setChosen] = useState("");
  const [flagged, setFlagged] = useState(false);
  const [page, setPage] = useState(1);
  // the period shown is the period printed; a month by default (a card reader writes many entries)
  const [from, setFrom] = useState(daysAgo(30));
  const [to, setTo] = useState(todayJst());
  const [downloadFields, setDownloadFields] = useState<Record<string, string>>({});
  const usable = (rooms.data?.items ?? []).filter((r) => r.can_keep || r.can_record_self);
  const roomId = chosen || (usable[0] ? String(usable[0].id) : "");
  const room = usable.find((r) => String(r.id) === roomId);
  const book = useResource<{ items: Entry[]; flagged: number }>(room?.can_keep
    ? withQuery(`/api/v1/records/server-rooms/${roomId}/entries`, { flagged: flagged ? "true" : null, from, to }) : null);
  const bookFields = book.error instanceof ApiError ? book.error.fields() : {};
  const periodError = (name: "from" | "to") => downloadFields[name] ?? bookFields[name];
  if (rooms.error) return <LoadError error={rooms.error} retry={rooms.reload} />;
  if (forms.error) return <LoadError error={forms.error} />;
  if (!rooms.data || !forms.data) return <Loading />;
  const f = forms.data;
  const register = f.may.room_units.length
    ? <RecordForm form={f.forms.room} may={f.may} path="/api/v1/records/server-rooms" onDone={rooms.reload} testid="room-form" folded />
    : null;
  if (!usable.length) return <><p class="empty-title">{t("rec.no_rooms")}</p>{register}</>;
  const { rows, next } = pageOf(book.data?.items ?? [], page);
  return (
    <>
      <div class="filters">
        <SelectField label={t("rec.room")} name="room" value={roomId} onChange={(v) => { setChosen(v); setPage(1); }} placeholder={t("rec.choose_room")}
          options={usable.map((r) => ({ value: String(r.id), label: r.name }))} />
        {room?.can_keep ? <>
          <TextField label={t("rec.book.from")} name="book-from" type="date" value={from} onInput={(v) => { setFrom(v); setPage(1); }} required size="s" error={periodError("from")} />
          <TextField label={t("rec.book.to")} name="book-to" type="date" value={to} onInput={(v) => { setTo(v); setPage(1); }} required size="s" error={periodError("to")} />
          <CheckboxField label={t("rec.flagged_only")} name="flagged" checked={flagged} onChange={(v) => { setFlagged(v); setPage(1); }} />
        </> : null}
      </div>
      {room ? <p class="field-hint">{t("rec.office_hours", { start: room.office_start, end: room.office_end })} <ArticleRef article={rooms.data.article} /></p> : null}
      {book.error && !Object.keys(bookFields).length ? <LoadError error={book.error} retry={book.reload} /> : null}
      {book.loading && !book.data ? <Loading /> : null}
      {room?.can_keep && book.data ? (
        book.data.items.length ? (
          <>
          <table class="table table-striped" data-testid="entry-list">
            <caption class="visually-hidden">{t("rec.tab.room")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("rec.who")}</th><th scope="col">{t("rec.purpose")}</th><th scope="col">{t("rec.time_in")}</th>
                <th scope="col">{t("rec.time_out")}</th><th scope="col">{t("rec.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{x.person_name ?? t("rec.visitor", { name: x.visitor_name ?? "", escort: x.escort_name ?? "" })}</th>
                  <td>{x.purpose || "—"}</td>
                  <td>{formatDateTime(x.time_in)}</td>
                  <td>{x.time_out ? formatDateTime(x.time_out) : <RecordNowButton path={`/api/v1/records/server-room-entries/${x.id}/exit`} label={t("rec.exit_now")} onDone={book.reload} />}</td>
                  <td>
                    {x.flags.map((f) => <Badge key={f} kind="danger">{f === "after_hours_unapproved" ? t("rec.flag.after_hours_unapproved") : t("rec.flag.not_on_access_list")}</Badge>)}
                    {x.after_hours && x.after_hours_request_id ? <Badge kind="info">{t("rec.after_hours_ok", { id: x.after_hours_request_id })}</Badge> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} count={book.data.items.length} nextCursor={next} onNext={(c) => setPage(Number(c))} onPrev={() => setPage((n) => Math.max(1, n - 1))} label={t("rec.tab.room")} />
          </>
        ) : <p class="empty-title">{t("rec.none")}</p>
      ) : null}
      {room ? (
        room.can_keep
          ? <RecordForm key={roomId} form={f.forms.entry} may={f.may} path={`/api/v1/records/server-rooms/${roomId}/entries`} onDone={book.reload} testid="entry-form" />
          // a person on the room's list records their own entries only
          : <RecordForm key={roomId} form={f.forms.entry} may={f.may} path={`/api/v1/records/server-rooms/${roomId}/entries`} onDone={() => undefined}
              testid="entry-form" title={t("rec.entry.own")} hide={["person_id", "visitor_name", "visitor_org", "escort_person_id"]} fixed={{ person_id: Number(me?.id) }} />
      ) : null}
      {room?.can_keep ? <BookDownload roomId={roomId} from={from} to={to} article={rooms.data.article} onFields={setDownloadFields} /> : null}
      {room?.can_keep ? <RoomAccess key={roomId} roomId={roomId} forms={f} article={rooms.data.article} /> : null}
      {room?.can_keep ? <CardImport onDone={book.reload} /> : null}
      {register}
    </>
  );
}

function ConfirmButton(p: { id: number; onDone: () => void }) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.post(`/api/v1/records/work/${p.id}/confirm`, { comment });
      p.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <TextField label={t("rec.work_confirm")} name={`confirm-${p.id}`} value={comment} onInput={setComment} hint={t("rec.work_confirm_hint")} />
      <button type="submit" class="btn" disabled={busy}>{t("rec.work_confirm")}</button>
      {error ? <p class="field-error" role="alert">{errorMessage(error)}</p> : null}
    </form>
  );
}

function WorkRecords() {
  const res = useResource<{ items: Work[]; unconfirmed: number; article: string }>("/api/v1/records/work");
  const forms = useRecordForms();
  const [notice, setNotice] = useState(false);
  const [page, setPage] = useState(1);
  if (res.error) return <LoadError error={res.error} retry={res.reload} />;
  if (forms.error) return <LoadError error={forms.error} />;
  if (!res.data || !forms.data) return <Loading />;
  const f = forms.data;
  const { rows, next } = pageOf(res.data.items, page);
  const done = () => { setNotice(true); res.reload(); };
  return (
    <>
      {notice ? <Notice kind="success" onDismiss={() => setNotice(false)}>{t("rec.work_done")}</Notice> : null}
      <p>{res.data.unconfirmed ? <Badge kind="warn">{t("rec.work_unconfirmed", { n: res.data.unconfirmed })}</Badge> : null} <ArticleRef article={res.data.article} /></p>
      {res.data.items.length ? (
        <>
        <table class="table table-striped" data-testid="work-list">
          <caption class="visually-hidden">{t("rec.tab.work")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rec.work_title")}</th><th scope="col">{t("rec.work_system")}</th><th scope="col">{t("rec.work_author")}</th>
              <th scope="col">{t("rec.work_period")}</th><th scope="col">{t("rec.work_state")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.title}<div class="sub">{w.description}</div></th>
                <td>{w.system_name}</td>
                <td>{w.author_name}</td>
                <td>{formatDateTime(w.started_at)} – {formatDateTime(w.ended_at)}</td>
                <td>{w.state === "confirmed" ? <Badge kind="ok">{t("rec.work_confirmed", { name: w.confirmer_name ?? "" })}</Badge>
                  : <><Badge kind="warn">{t("rec.work_recorded")}</Badge><ConfirmButton id={w.id} onDone={done} /></>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={page} count={res.data.items.length} nextCursor={next} onNext={(c) => setPage(Number(c))} onPrev={() => setPage((n) => Math.max(1, n - 1))} label={t("rec.tab.work")} />
        </>
      ) : <p class="empty-title">{t("rec.none")}</p>}
      {f.may.work_systems.length
        ? <RecordForm form={f.forms.work} may={f.may} path="/api/v1/records/work" onDone={res.reload} testid="work-form" />
        : null}
    </>
  );
}

function TakeOuts() {
  const res = useResource<{ items: TakeOut[]; overdue: number }>("/api/v1/records/take-outs");
  if (res.error) return <LoadError error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  return (
    <>
      <p>{res.data.overdue ? <Badge kind="danger">{t("rec.takeout_overdue", { n: res.data.overdue })}</Badge> : null}</p>
      {res.data.items.length ? (
        <table class="table table-striped">
          <caption class="visually-hidden">{t("rec.tab.takeout")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rec.takeout_asset")}</th><th scope="col">{t("rec.takeout_requester")}</th><th scope="col">{t("rec.takeout_out")}</th>
              <th scope="col">{t("rec.takeout_due")}</th><th scope="col">{t("rec.takeout_back")}</th>
            </tr>
          </thead>
          <tbody>
            {res.data.items.map((x) => (
              <tr key={x.request_id}>
                <th scope="row">{x.asset_no} {x.asset_name}</th>
                <td>{x.requester_name}<div class="sub">{x.unit_name}</div></td>
                <td>{x.departed_at ? formatDateTime(x.departed_at) : <span class="sub">{t("rec.takeout_planned")} {x.out_at ? formatLocalDateTime(x.out_at) : "—"}</span>}</td>
                <td>{x.return_due ? formatDate(x.return_due) : "—"}{x.overdue ? <> <Badge kind="danger">{t("rec.takeout_overdue_badge")}</Badge></> : null}</td>
                <td>{x.returned_at ? formatDateTime(x.returned_at) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="empty-title">{t("rec.none")}</p>}
    </>
  );
}
