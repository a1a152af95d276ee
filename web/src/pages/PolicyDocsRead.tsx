// The staff reading view (第48条): the published 基本方針 and 対策基準 as the municipality adopted
// them, with a table of contents from the parsed structure and the acknowledgement (同意,
// 第47条(2)). PublishedPolicyDocs is the list shown at the top of the /policy page.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorSummary, LoadError, Loading, Notice } from "../components/Feedback";
import { Link } from "../components/Link";
import { Badge, PageHeading } from "../components/Page";
import { formatDate, formatDateTime } from "../format";
import { useAction, useResource } from "../hooks";
import { t } from "../i18n";
import { kindLabel, type PdDoc } from "./PolicyDocs";
import { NumberedText, type PdVersion } from "./PolicyDocsVersion";

export function PublishedPolicyDocs() {
  const res = useResource<{ items: PdDoc[] }>("/api/v1/policy-docs");
  const docs = (res.data?.items ?? []).filter((d) => d.current && d.kind !== "procedure");
  if (!docs.length) return null;
  return (
    <section class="panel" aria-labelledby="pd-published" data-testid="published-docs">
      <h2 id="pd-published">{t("pd.read_title")}</h2>
      <p class="sub">{t("pd.read_intro")}</p>
      <ul class="plain">
        {docs.map((d) => (
          <li key={d.id} data-kind={d.kind}>
            <Link href={`/policy/documents/${d.current!.id}`}>{d.title}</Link>
            <span class="sub">　{kindLabel(d.kind)}　{t("pd.seq", { n: d.current!.seq })}　{t("pd.effective_date")} {formatDate(d.current!.effective_date)}</span>{" "}
            {d.current!.acknowledged_at ? <Badge kind="ok">{t("pd.acknowledged")}</Badge> : <Badge kind="warn">{t("pd.ack_pending")}</Badge>}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Node { kind: string; label: string; title: string; first_line: number; last_line: number; children: Node[] }

function outline(n: Node, out: Node[]) {
  if (n.kind === "chapter" || n.kind === "article" || n.kind === "supplement") out.push(n);
  if (n.kind !== "article") n.children.forEach((c) => outline(c, out));
  return out;
}

export function PolicyReadPage(p: { id: string }) {
  const res = useResource<PdVersion & { parse: { root: Node } }>(`/api/v1/policy-doc-versions/${encodeURIComponent(p.id)}`);
  const v = res.data;
  const [mark, setMark] = useState<{ which: "new"; a: number; b: number; key: string } | null>(null);
  const [done, setDone] = useState("");
  const act = useAction((msg) => { setDone(msg); res.reload(); });
  const toc = v ? outline(v.parse.root, []) : [];
  return (
    <>
      <PageHeading sub={v ? `${kindLabel(v.document.kind)}　${t("pd.seq", { n: v.seq })}　${t("pd.effective_date")} ${formatDate(v.effective_date)}` : undefined}>{v?.document.title ?? t("pd.read_title")}</PageHeading>
      <p><Link href="/policy">{t("policy.title")}</Link></p>
      {done ? <Notice kind="success" onDismiss={() => setDone("")}><p data-testid="ack-notice">{done}</p></Notice> : null}
      {res.error ? <LoadError error={res.error} retry={res.reload} /> : null}
      {res.loading && !v ? <Loading /> : null}
      {v ? (
        <div class="stack">
          {v.revision_note ? <p class="sub">{t("pd.revision_note")}: {v.revision_note}　{v.decision}</p> : null}
          <div class="pd-split">
            <nav class="panel pd-toc" aria-label={t("pd.outline")}>
              <h2>{t("pd.outline")}</h2>
              <ul class="plain">
                {toc.map((n, i) => (
                  <li key={i} class={n.kind === "chapter" ? "pd-toc-chapter" : ""}>
                    <button type="button" class="btn btn-link" onClick={() => setMark({ which: "new", a: n.first_line, b: n.kind === "chapter" ? n.first_line : n.last_line, key: `t${i}` })}>
                      {n.label}{n.title ? ` ${n.title}` : ""}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            <section class="panel pd-left" aria-label={t("pd.text")}>
              <NumberedText text={v.text} mark={mark} testid="pd-read-text" />
            </section>
          </div>
          {v.current && v.document.kind !== "procedure" ? (
            <section class="panel" aria-live="polite">
              <ErrorSummary error={act.error} fields={act.fields} />
              {v.acknowledged_at ? (
                <p data-testid="ack-state"><Badge kind="ok">{t("pd.acknowledged")}</Badge> {t("pd.ack_done", { at: formatDateTime(v.acknowledged_at) })}</p>
              ) : (
                <button type="button" class="btn btn-primary" data-testid="ack-button" disabled={act.pending}
                  onClick={() => void act.run(async () => { await api.post(`/api/v1/policy-doc-versions/${v.id}/acknowledge`); return t("pd.ack_thanks"); })}>
                  {t("pd.ack")}
                </button>
              )}
            </section>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
