// The 委託 pages (issue 15, 第135条–第139条): /vendors — the register of 委託事業者 with the expiry of
// their ISMS and プライバシーマーク and a form to add one; /vendors/{id} — a vendor, its contracts and a
// form for a contract. The contract itself (/vendors/contracts/{id}) is in VendorContract.tsx.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { missing, TextAreaField, TextField } from "../components/Fields";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { PersonPicker } from "../components/PersonPicker";
import { formatDate } from "../format";
import { useAction, useResource } from "../hooks";
import { t, type Key } from "../i18n";
import { vendorContractFields, vendorFields, type VendorContractInput, type VendorInput } from "../entities.gen";
import type { AssetItem, Page, SystemItem } from "../types";

export type CertState = "valid" | "expiring" | "expired" | "none";

export interface Vendor {
  id: number; name: string; corporate_number: string | null; address: string; isms_number: string | null;
  isms_expires_on: string | null; pmark_number: string | null; pmark_expires_on: string | null;
  contact_name: string; contact_email: string; contact_phone: string; contracts: number;
  isms_state: CertState; pmark_state: CertState;
  contract_list?: { id: number; title: string; starts_on: string; ends_on: string }[];
}

interface ContractItem { id: number; vendor_id: number; title: string; starts_on: string; ends_on: string; manager_name: string; state: string; missing_clauses: number }

/** A certificate with its expiry and a badge: 期限切れ / 期限間近 stand out. */
export function Cert(p: { number: string | null; expires: string | null; state: CertState }) {
  if (!p.number && !p.expires) return <span>{t("vd.state.none")}</span>;
  const kind = p.state === "expired" ? "danger" : p.state === "expiring" ? "warn" : "ok";
  return (
    <span data-cert-state={p.state}>
      {p.number ?? ""} {p.expires ? t("vd.until", { date: formatDate(p.expires) }) : ""}{" "}
      {p.state !== "none" ? <Badge kind={kind}>{t(`vd.state.${p.state}` as Key)}</Badge> : null}
    </span>
  );
}

export function ContractState(p: { state: string }) {
  const kind = p.state === "approved" ? "ok" : p.state === "under_review" ? "info" : p.state === "ended" ? "neutral" : p.state === "rejected" ? "danger" : "warn";
  return <Badge kind={kind}>{t(`vd.cstate.${p.state}` as Key)}</Badge>;
}

export function VendorsPage() {
  const list = useResource<{ items: Vendor[] }>("/api/v1/vendors");
  const [notice, setNotice] = useState("");
  return (
    <main id="main" class="page">
      <PageHeading sub={t("vd.intro")}>{t("vd.title")}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="vd-notice">{notice}</p></Notice> : null}
      <section class="panel" aria-labelledby="vd-list">
        <h2 id="vd-list">{t("vd.title")}</h2>
        {list.loading && !list.data ? <Loading /> : list.error ? <LoadError error={list.error} retry={list.reload} /> : list.data && list.data.items.length ? (
          <div class="table-wrap">
            <table class="table table-striped" data-testid="vd-vendors">
              <thead><tr><th scope="col">{t("vd.name")}</th><th scope="col">{t("vd.corporate_number")}</th><th scope="col">{t("vd.isms")}</th>
                <th scope="col">{t("vd.pmark")}</th><th scope="col" class="num">{t("vd.contracts_count")}</th></tr></thead>
              <tbody>{list.data.items.map((v) => (
                <tr key={v.id} data-vendor={v.id}>
                  <td><Link href={`/vendors/${v.id}`}>{v.name}</Link></td>
                  <td class="mono">{v.corporate_number ?? ""}</td>
                  <td><Cert number={v.isms_number} expires={v.isms_expires_on} state={v.isms_state} /></td>
                  <td><Cert number={v.pmark_number} expires={v.pmark_expires_on} state={v.pmark_state} /></td>
                  <td class="num">{v.contracts}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        ) : <p>{t("vd.none")}</p>}
      </section>
      <VendorForm onDone={(name) => { setNotice(t("vd.added", { name })); list.reload(); }} />
    </main>
  );
}

const emptyVendor: Record<keyof VendorInput, string> = { name: "", corporate_number: "", address: "", isms_number: "", isms_expires_on: "", pmark_number: "",
  pmark_expires_on: "", contact_name: "", contact_email: "", contact_phone: "" };

function VendorForm(p: { onDone: (name: string) => void }) {
  const [v, setV] = useState({ ...emptyVendor });
  const act = useAction((name) => { setV({ ...emptyVendor }); p.onDone(name); });
  const set = (k: keyof typeof emptyVendor) => (x: string) => setV({ ...v, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(v, { name: t("vd.name") });
    if (Object.keys(miss).length) return act.fail(miss);
    // empty optional fields are left out (the server stores them as absent)
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== "")) as Partial<VendorInput>;
    void act.run(async () => { const r = await api.post<Vendor>("/api/v1/vendors", body); return r.name; });
  };
  const f = act.fields;
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="vd-add" data-testid="vd-form">
      <h2 id="vd-add">{t("vd.add")}</h2>
      <ErrorSummary error={act.error} fields={f} />
      <TextField label={t("vd.name")} name="name" value={v.name} onInput={set("name")} required error={f.name} size="l" maxLength={vendorFields.name.max_chars} />
      <TextField label={t("vd.corporate_number")} name="corporate_number" value={v.corporate_number} onInput={set("corporate_number")}
        error={f.corporate_number} hint={t("vd.corporate_number_hint")} inputMode="numeric" size="s" />
      <TextField label={t("vd.address")} name="address" value={v.address} onInput={set("address")} error={f.address} size="l" maxLength={vendorFields.address.max_chars} />
      <TextField label={t("vd.isms_number")} name="isms_number" value={v.isms_number} onInput={set("isms_number")} error={f.isms_number} maxLength={vendorFields.isms_number.max_chars} />
      <TextField label={t("vd.isms_expires_on")} name="isms_expires_on" type="date" value={v.isms_expires_on} onInput={set("isms_expires_on")} error={f.isms_expires_on} />
      <TextField label={t("vd.pmark_number")} name="pmark_number" value={v.pmark_number} onInput={set("pmark_number")} error={f.pmark_number} maxLength={vendorFields.pmark_number.max_chars} />
      <TextField label={t("vd.pmark_expires_on")} name="pmark_expires_on" type="date" value={v.pmark_expires_on} onInput={set("pmark_expires_on")} error={f.pmark_expires_on} />
      <TextField label={t("vd.contact_name")} name="contact_name" value={v.contact_name} onInput={set("contact_name")} error={f.contact_name} maxLength={vendorFields.contact_name.max_chars} />
      <TextField label={t("vd.contact_email")} name="contact_email" type="email" value={v.contact_email} onInput={set("contact_email")} error={f.contact_email} maxLength={vendorFields.contact_email.max_chars} />
      <TextField label={t("vd.contact_phone")} name="contact_phone" type="tel" value={v.contact_phone} onInput={set("contact_phone")} error={f.contact_phone} size="s" maxLength={vendorFields.contact_phone.max_chars} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vd.add")}</button></div>
    </form>
  );
}

export function VendorPage(p: { id: string }) {
  const v = useResource<Vendor>(`/api/v1/vendors/${p.id}`);
  const contracts = useResource<{ items: ContractItem[] }>("/api/v1/vendor-contracts");
  const [notice, setNotice] = useState("");
  if (v.loading && !v.data) return <main id="main" class="page"><Loading /></main>;
  if (v.error || !v.data) return <main id="main" class="page"><LoadError error={v.error} retry={v.reload} /></main>;
  const x = v.data;
  const mine = (contracts.data?.items ?? []).filter((c) => c.vendor_id === x.id);
  return (
    <main id="main" class="page">
      <p><Link href="/vendors">{t("vd.back_list")}</Link></p>
      <PageHeading>{x.name}</PageHeading>
      {notice ? <Notice kind="success" onDismiss={() => setNotice("")}><p data-testid="vd-notice">{notice}</p></Notice> : null}
      <section class="panel">
        <dl class="facts" data-testid="vd-vendor">
          <dt>{t("vd.corporate_number")}</dt><dd class="mono">{x.corporate_number ?? ""}</dd>
          <dt>{t("vd.address")}</dt><dd>{x.address}</dd>
          <dt>{t("vd.isms")}</dt><dd><Cert number={x.isms_number} expires={x.isms_expires_on} state={x.isms_state} /></dd>
          <dt>{t("vd.pmark")}</dt><dd><Cert number={x.pmark_number} expires={x.pmark_expires_on} state={x.pmark_state} /></dd>
          <dt>{t("vd.contact_name")}</dt><dd>{[x.contact_name, x.contact_email, x.contact_phone].filter(Boolean).join(" / ")}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="vd-contracts">
        <h2 id="vd-contracts">{t("vd.contracts")}</h2>
        {mine.length ? (
          <div class="table-wrap">
            <table class="table table-striped" data-testid="vd-contracts">
              <thead><tr><th scope="col">{t("vd.contract_title")}</th><th scope="col">{t("vd.term")}</th><th scope="col">{t("vd.manager")}</th><th scope="col">{t("vd.state")}</th></tr></thead>
              <tbody>{mine.map((c) => (
                <tr key={c.id} data-contract={c.id}>
                  <td><Link href={`/vendors/contracts/${c.id}`}>{c.title}</Link></td>
                  <td>{formatDate(c.starts_on)} – {formatDate(c.ends_on)}</td>
                  <td>{c.manager_name}</td>
                  <td><ContractState state={c.state} /> {c.missing_clauses && c.state !== "ended" ? <Badge kind="warn">{t("vd.missing_n", { n: c.missing_clauses })}</Badge> : null}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        ) : <p>{t("vd.contracts_none")}</p>}
      </section>
      <ContractForm vendorId={x.id} onDone={(title) => { setNotice(t("vd.contract_added", { title })); contracts.reload(); v.reload(); }} />
    </main>
  );
}

/** Checkboxes for picking several systems or assets from their registers. */
export function MultiPick(p: { legend: string; name: string; options: { id: string; label: string }[]; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  return (
    <fieldset class={`field ${p.error ? "has-error" : ""}`} data-testid={`vd-${p.name}`}>
      <legend class="field-label">{p.legend}</legend>
      {p.error ? <div class="field-error">{p.error}</div> : null}
      <div class="pick-list">
        {p.options.map((o) => (
          <label key={o.id} class="check">
            <input type="checkbox" name={p.name} value={o.id} checked={p.value.includes(o.id)}
              onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked ? [...p.value, o.id] : p.value.filter((x) => x !== o.id))} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ContractForm(p: { vendorId: number; onDone: (title: string) => void }) {
  const empty = { title: "", scope: "", starts_on: "", ends_on: "", manager_person_id: "" };
  const [c, setC] = useState({ ...empty });
  const [systems, setSystems] = useState<string[]>([]);
  const [assets, setAssets] = useState<string[]>([]);
  const sys = useResource<Page<SystemItem>>("/api/v1/systems?limit=200");
  const ast = useResource<Page<AssetItem>>("/api/v1/assets?limit=200");
  const act = useAction((title) => { setC({ ...empty }); setSystems([]); setAssets([]); p.onDone(title); });
  const set = (k: keyof typeof empty) => (x: string) => setC({ ...c, [k]: x });
  const submit = (e: Event) => {
    e.preventDefault();
    const miss = missing(c, { title: t("vd.contract_title"), scope: t("vd.scope"), starts_on: t("vd.starts_on"), ends_on: t("vd.ends_on"),
      manager_person_id: t("vd.manager") }, ["manager_person_id"]);
    if (Object.keys(miss).length) return act.fail(miss);
    const body: VendorContractInput & { systems: number[]; assets: number[] } = { vendor_id: p.vendorId, ...c,
      manager_person_id: Number(c.manager_person_id), systems: systems.map(Number), assets: assets.map(Number) };
    void act.run(async () => { const r = await api.post<{ title: string }>("/api/v1/vendor-contracts", body); return r.title; });
  };
  const f = act.fields;
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="vd-add-contract" data-testid="vd-contract-form">
      <h2 id="vd-add-contract">{t("vd.add_contract")}</h2>
      <ErrorSummary error={act.error} fields={f} />
      <TextField label={t("vd.contract_title")} name="title" value={c.title} onInput={set("title")} required error={f.title} size="l" maxLength={vendorContractFields.title.max_chars} />
      <TextAreaField label={t("vd.scope")} name="scope" value={c.scope} onInput={set("scope")} required error={f.scope} rows={2} />
      <TextField label={t("vd.starts_on")} name="starts_on" type="date" value={c.starts_on} onInput={set("starts_on")} required error={f.starts_on} />
      <TextField label={t("vd.ends_on")} name="ends_on" type="date" value={c.ends_on} onInput={set("ends_on")} required error={f.ends_on} />
      <PersonPicker label={t("vd.manager")} name="manager_person_id" value={c.manager_person_id} onChange={set("manager_person_id")} required error={f.manager_person_id} />
      <p class="field-hint">{t("vd.manager_hint")}</p>
      <MultiPick legend={t("vd.systems")} name="systems" value={systems} onChange={setSystems} error={f.systems}
        options={(sys.data?.items ?? []).map((s) => ({ id: String(s.id), label: `${s.code} ${s.name}` }))} />
      <MultiPick legend={t("vd.assets")} name="assets" value={assets} onChange={setAssets} error={f.assets}
        options={(ast.data?.items ?? []).map((a) => ({ id: String(a.id), label: `${a.asset_no} ${a.name}` }))} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled={act.pending}>{t("vd.add_contract")}</button></div>
    </form>
  );
}
