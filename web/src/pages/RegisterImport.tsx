// 取り込み (import wizard) for either register, all-or-nothing with a dry run:
//   1 ファイルを選ぶ (CSV in UTF-8 / UTF-8 BOM / CP932, or XLSX; raw bytes POSTed to /api/v1/imports)
//   2 見出しの対応付け (each header → a field, the server's suggestion preselected, required marked)
//   3 確認 (dry run: counts and the errors by row / column / field; fix the file and choose it again)
//   4 取り込み (commit, then poll the import's state for a progress bar; link to the list at the end)
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { Steps } from "../components/Registers";
import { pick, t } from "../i18n";
import { fieldLabel, useFields } from "../registers";
import type { DryRun, ImportError, ImportStatus, ImportUpload, RegisterField } from "../types";
import { AssetTabs } from "./Assets";
import { SystemTabs } from "./Systems";

const MAX_BYTES = 64 * 1024 * 1024;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
type Mapping = Record<string, string | null>;

function contentType(name: string): string | null {
  const n = name.toLowerCase();
  if (n.endsWith(".csv") || n.endsWith(".txt")) return "text/csv";
  if (n.endsWith(".xlsx")) return XLSX;
  return null;
}

function encodingLabel(e: string | null): string {
  if (e === "utf-8") return "UTF-8";
  if (e === "utf-8-bom") return t("reg.imp.enc_bom");
  if (e === "cp932") return "Shift_JIS (CP932)";
  return "—";
}

/** Column letter of a 0-based index: 0 → A, 26 → AA (as Excel shows it). */
export function columnLetter(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function ErrorsTable(p: { errors: ImportError[]; fields: RegisterField[]; total: number }) {
  const label = (name: string | null) => (name ? fieldLabel(p.fields.find((f) => f.name === name) ?? { label: name }) : "—");
  return (
    <div class="table-wrap import-errors">
      <table class="table table-striped">
        <caption class="visually-hidden">{t("reg.imp.errors_caption")}</caption>
        <thead><tr><th scope="col" class="num">{t("reg.imp.row")}</th><th scope="col">{t("reg.imp.column")}</th><th scope="col">{t("reg.imp.field")}</th><th scope="col">{t("reg.imp.message")}</th></tr></thead>
        <tbody>
          {p.errors.map((e, i) => (
            <tr key={i}>
              <td class="num mono">{e.row}</td><td class="mono">{e.column}</td><td>{label(e.field)}</td><td>{pick(e.detail, e.detail_en)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.total > p.errors.length ? <p class="sub table-note">{t("reg.imp.errors_more", { shown: p.errors.length, total: p.total })}</p> : null}
    </div>
  );
}

export function ImportPage(p: { target: "assets" | "systems" }) {
  const fieldsRes = useFields();
  const defs = fieldsRes.data ? fieldsRes.data[p.target] : [];
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [dry, setDry] = useState<DryRun | null>(null);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const title = p.target === "assets" ? t("reg.imp.title_assets") : t("reg.imp.title_systems");
  const listHref = p.target === "assets" ? "/assets?sort=updated_at&desc=true" : "/systems";

  useEffect(() => { if (step > 0 || upload) heading.current?.focus(); }, [step]);

  // Poll the running import (step 4) until it is done or failed.
  useEffect(() => {
    if (step !== 3 || !upload || (status && (status.state === "done" || status.state === "failed"))) return;
    const timer = setTimeout(async () => {
      try { setStatus(await api.get<ImportStatus>(`/api/v1/imports/${encodeURIComponent(upload.id)}`)); }
      catch (err) { setError(err); setStatus({ state: "failed", processed: 0, total: upload.rows, created: 0, error: err }); }
    }, status ? 700 : 200);
    return () => clearTimeout(timer);
  }, [step, status, upload]);

  async function run(f: () => Promise<void>) {
    setPending(true); setError(null); setFieldErrors({});
    try { await f(); } catch (err) { setError(err); setFieldErrors(err instanceof ApiError ? err.fields() : {}); } finally { setPending(false); }
  }

  function choose(e: Event) {
    e.preventDefault();
    const ct = file ? contentType(file.name) : null;
    if (!file) { setFieldErrors({ file: t("reg.imp.no_file") }); setError({ clientOnly: true }); return; }
    if (!ct) { setFieldErrors({ file: t("reg.imp.bad_type") }); setError({ clientOnly: true }); return; }
    if (file.size > MAX_BYTES) { setFieldErrors({ file: t("reg.imp.too_big") }); setError({ clientOnly: true }); return; }
    void run(async () => {
      const u = await api.upload<ImportUpload>(`/api/v1/imports?target=${p.target}&filename=${encodeURIComponent(file.name)}`, file, ct);
      // A corrected file usually has the same headers: keep the choices made for it last time.
      const next: Mapping = {};
      for (const h of u.headers) next[h] = h in mapping ? mapping[h] : u.suggested_mapping?.[h] ?? null;
      setUpload(u); setMapping(next); setDry(null); setStatus(null); setStep(1);
    });
  }

  const mapped = Object.values(mapping).filter((v): v is string => Boolean(v));
  const missingRequired = defs.filter((f) => f.required && !mapped.includes(f.name));
  const duplicates = [...new Set(mapped.filter((v, i) => mapped.indexOf(v) !== i))];

  function check(e: Event) {
    e.preventDefault();
    if (!upload) return;
    const errs: Record<string, string> = {};
    for (const f of missingRequired) errs[`required-${f.name}`] = t("reg.imp.required_unmapped", { label: fieldLabel(f) });
    for (const d of duplicates) errs[`dup-${d}`] = t("reg.imp.duplicate", { label: fieldLabel(defs.find((f) => f.name === d) ?? { label: d }) });
    if (Object.keys(errs).length) { setFieldErrors(errs); setError({ clientOnly: true }); return; }
    void run(async () => {
      const r = await api.post<DryRun>(`/api/v1/imports/${encodeURIComponent(upload.id)}/dry-run`, { mapping });
      setDry(r); setStep(2);
    });
  }

  function commit() {
    if (!upload) return;
    void run(async () => {
      await api.post(`/api/v1/imports/${encodeURIComponent(upload.id)}/commit`, { mapping });
      setStatus(null); setStep(3);
    });
  }

  function again() {
    // The file left behind is not kept: the server deletes an import cancelled this way with its file
    // (a done one has no file left; a running one cannot be cancelled and finishes on its own).
    if (upload && status?.state !== "done")
      void api.post(`/api/v1/imports/${encodeURIComponent(upload.id)}/cancel`, {}).catch(() => undefined);
    setFile(null); setUpload(null); setDry(null); setStatus(null); setError(null); setFieldErrors({}); setStep(0);
    if (fileInput.current) fileInput.current.value = "";
    setTimeout(() => fileInput.current?.focus(), 0);
  }

  const steps = [t("reg.imp.step1"), t("reg.imp.step2"), t("reg.imp.step3"), t("reg.imp.step4")];
  const done = status?.state === "done";
  const failed = status?.state === "failed";
  const pct = status && status.total > 0 ? Math.round((status.processed / status.total) * 100) : 0;

  return (
    <>
      <PageHeading sub={t("reg.imp.intro")}>{title}</PageHeading>
      {p.target === "assets" ? <AssetTabs current="import" /> : <SystemTabs current="import" />}
      <Steps steps={steps} current={step} label={t("reg.imp.steps")} />
      {fieldsRes.error ? <LoadError error={fieldsRes.error} /> : null}
      {!fieldsRes.data && !fieldsRes.error ? <Loading /> : null}

      {fieldsRes.data && step === 0 ? (
        <form class="form panel" onSubmit={choose} noValidate aria-labelledby="imp-step-title">
          <h2 id="imp-step-title" tabIndex={-1} ref={heading}>{steps[0]}</h2>
          {dry && dry.error_rows ? <Notice kind="info"><p>{t("reg.imp.choose_fixed")}</p></Notice> : null}
          <ErrorSummary error={error} fields={fieldErrors} />
          <div class={`field ${fieldErrors.file ? "has-error" : ""}`}>
            <div class="field-label-row"><label for="import-file" class="field-label">{t("reg.imp.file")}</label><span class="req" aria-hidden="true">{t("common.required")}</span></div>
            {fieldErrors.file ? <div id="import-file-error" class="field-error">{fieldErrors.file}</div> : null}
            <input id="import-file" ref={fileInput} name="file" type="file" class="input input-l file-input" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-required="true" aria-invalid={fieldErrors.file ? "true" : undefined} aria-describedby={`import-file-hint${fieldErrors.file ? " import-file-error" : ""}`}
              onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
            <div id="import-file-hint" class="field-hint">{t("reg.imp.file_hint")}</div>
          </div>
          <details class="help">
            <summary>{t("reg.imp.fields_help")}</summary>
            <ul class="field-list">
              {defs.map((f) => <li key={f.name}>{fieldLabel(f)}{f.required ? <> <Badge kind="danger">{t("common.required")}</Badge></> : null}{f.type === "level" ? <span class="sub">　{t("reg.imp.level_forms")}</span> : null}</li>)}
            </ul>
          </details>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("reg.imp.uploading") : t("reg.imp.upload")}</button>
          </div>
        </form>
      ) : null}

      {fieldsRes.data && step === 1 && upload ? (
        <form class="form panel" onSubmit={check} noValidate aria-labelledby="imp-step-title">
          <h2 id="imp-step-title" tabIndex={-1} ref={heading}>{steps[1]}</h2>
          <p class="file-facts">
            <span>{t("reg.imp.file_name", { name: file?.name ?? "" })}</span>
            <span>{t("reg.imp.format", { format: upload.format.toUpperCase() })}</span>
            {upload.format === "csv" ? <span>{t("reg.imp.encoding", { enc: encodingLabel(upload.encoding) })}</span> : null}
            <span>{t("reg.imp.rows", { n: upload.rows.toLocaleString() })}</span>
          </p>
          <p>{t("reg.imp.map_intro")}</p>
          <ErrorSummary error={error} fields={fieldErrors} />
          <div class="table-wrap">
            <table class="table mapping">
              <caption class="visually-hidden">{steps[1]}</caption>
              <thead><tr><th scope="col">{t("reg.imp.header")}</th><th scope="col">{t("reg.imp.sample")}</th><th scope="col">{t("reg.imp.to_field")}</th></tr></thead>
              <tbody>
                {upload.headers.map((h, i) => {
                  const id = `map-${i}`;
                  const v = mapping[h] ?? "";
                  const dup = v && duplicates.includes(v);
                  return (
                    <tr key={`${i}-${h}`} class={dup ? "has-error-row" : undefined}>
                      <th scope="row"><label for={id}><span class="mono col-letter" aria-hidden="true">{columnLetter(i)}</span>{h || t("reg.imp.no_header")}</label></th>
                      <td class="sample">{upload.sample.slice(0, 2).map((r, j) => <div key={j}>{r[i] ?? ""}</div>)}</td>
                      <td>
                        <select id={id} class="input input-m" value={v} aria-invalid={dup ? "true" : undefined}
                          onChange={(e) => { const val = (e.currentTarget as HTMLSelectElement).value; setMapping((m) => ({ ...m, [h]: val || null })); }}>
                          <option value="">{t("reg.imp.skip")}</option>
                          {defs.map((f) => <option key={f.name} value={f.name}>{fieldLabel(f)}{f.required ? ` ※${t("common.required")}` : ""}</option>)}
                        </select>
                        {dup ? <div class="field-error">{t("reg.imp.duplicate_short")}</div> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div class="required-status" aria-live="polite">
            {missingRequired.length
              ? <p><Badge kind="warn">{t("reg.imp.unmapped")}</Badge> {t("reg.imp.required_left", { list: missingRequired.map((f) => fieldLabel(f)).join("、") })}</p>
              : <p><Badge kind="ok">{t("reg.imp.all_required")}</Badge></p>}
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={pending} aria-busy={pending}>{pending ? t("reg.imp.checking") : t("reg.imp.check")}</button>
            <button type="button" class="btn" onClick={again}>{t("reg.imp.choose_again")}</button>
          </div>
        </form>
      ) : null}

      {fieldsRes.data && step === 2 && upload && dry ? (
        <section class="panel" aria-labelledby="imp-step-title">
          <h2 id="imp-step-title" tabIndex={-1} ref={heading}>{steps[2]}</h2>
          <ErrorSummary error={error} fields={fieldErrors} />
          <dl class="counts">
            <div><dt>{t("reg.imp.ok_rows")}</dt><dd>{dry.ok_rows.toLocaleString()}</dd></div>
            <div class={dry.error_rows ? "bad" : ""}><dt>{t("reg.imp.error_rows")}</dt><dd>{dry.error_rows.toLocaleString()}</dd></div>
          </dl>
          {dry.error_rows ? (
            <>
              <div class="error-summary" role="alert" data-testid="import-errors">
                <p class="error-summary-title">{t("reg.imp.has_errors", { n: dry.error_rows.toLocaleString() })}</p>
                <p>{t("reg.imp.nothing_written")}</p>
              </div>
              <ErrorsTable errors={dry.errors} fields={defs} total={dry.errors.length < 1000 ? dry.errors.length : dry.error_rows} />
              <div class="form-actions">
                <button type="button" class="btn btn-primary" onClick={again}>{t("reg.imp.choose_fixed_btn")}</button>
                <button type="button" class="btn" onClick={() => setStep(1)}>{t("reg.imp.back_to_mapping")}</button>
              </div>
            </>
          ) : (
            <>
              <Notice kind="success"><p>{t("reg.imp.ready", { n: dry.ok_rows.toLocaleString() })}</p></Notice>
              <p class="sub">{t("reg.imp.all_or_nothing")}</p>
              <div class="form-actions">
                <button type="button" class="btn btn-primary" disabled={pending} aria-busy={pending} onClick={commit}>{t("reg.imp.commit", { n: dry.ok_rows.toLocaleString() })}</button>
                <button type="button" class="btn" onClick={() => setStep(1)}>{t("reg.imp.back_to_mapping")}</button>
              </div>
            </>
          )}
        </section>
      ) : null}

      {step === 3 && upload ? (
        <section class="panel" aria-labelledby="imp-step-title">
          <h2 id="imp-step-title" tabIndex={-1} ref={heading}>{steps[3]}</h2>
          {!done && !failed ? (
            <>
              <label for="import-progress" class="field-label">{t("reg.imp.progress")}</label>
              <progress id="import-progress" class="progress" max={status?.total || upload.rows || 1} value={status?.processed ?? 0} />
              <p class="sub" aria-live="polite">{t("reg.imp.progress_text", { done: (status?.processed ?? 0).toLocaleString(), total: (status?.total || upload.rows).toLocaleString(), pct })}</p>
              <p class="sub">{t("reg.imp.keep_open")}</p>
            </>
          ) : null}
          {done ? (
            <div class="notice notice-success" role="status" data-testid="import-done">
              <div class="notice-body">
                <p><strong>{t("reg.imp.done", { n: (status?.created ?? 0).toLocaleString() })}</strong></p>
                <p><Link href={listHref}>{p.target === "assets" ? t("reg.imp.to_asset_list") : t("reg.imp.to_system_list")}</Link></p>
              </div>
            </div>
          ) : null}
          {failed ? (
            <>
              <div class="error-summary" role="alert" data-testid="form-error" data-code="import_failed">
                <p class="error-summary-title">{t("reg.imp.failed")}</p>
                <p>{status?.error && typeof status.error === "object" && !(status.error instanceof Error) ? pick(String((status.error as { detail?: string }).detail ?? ""), (status.error as { detail_en?: string }).detail_en) : typeof status?.error === "string" ? status.error : error ? errorMessage(error) : ""}</p>
                <p>{t("reg.imp.nothing_written")}</p>
              </div>
              {status?.errors?.length ? <ErrorsTable errors={status.errors} fields={defs} total={status.errors.length} /> : null}
              <div class="form-actions"><button type="button" class="btn btn-primary" onClick={again}>{t("reg.imp.choose_fixed_btn")}</button></div>
            </>
          ) : null}
        </section>
      ) : null}
      <p class="sub">{t("reg.imp.footer")}</p>
    </>
  );
}
