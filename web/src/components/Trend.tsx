// A measure's trend by month on the compliance dashboard: twelve small bars (the last one is this
// month's live number; a month without a kept snapshot has no bar) with the numbers as text for
// screen readers, and the same as a table when opened.
import { lang, t } from "../i18n";

export function monthLabel(ym: string): string {
  const [y, m] = ym.split("-").map(Number);
  return lang() === "ja" ? `${y}年${m}月` : new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
}

function spoken(months: string[], values: (number | null)[]): string {
  return months.map((m, i) => `${monthLabel(m)} ${values[i] === null ? t("cmp.trend_none") : values[i]}`).join("、");
}

export function Sparkline(p: { months: string[]; values: (number | null)[] }) {
  const max = Math.max(1, ...p.values.map((v) => v ?? 0));
  const w = 6, gap = 2, h = 18;
  return (
    <svg class="sparkline" width={p.values.length * (w + gap)} height={h} role="img" data-testid="cmp-trend"
      aria-label={`${t("cmp.trend")}: ${spoken(p.months, p.values)}`}>
      {p.values.map((v, i) => v === null ? null : (
        <rect key={i} x={i * (w + gap)} y={h - 1 - Math.round((v / max) * (h - 2))} width={w}
          height={1 + Math.round((v / max) * (h - 2))} class={i === p.values.length - 1 ? "now" : ""}>
          <title>{`${monthLabel(p.months[i])}: ${v}`}</title>
        </rect>
      ))}
    </svg>
  );
}

export function TrendTable(p: { months: string[]; takenOn: (string | null)[]; values: (number | null)[] }) {
  return (
    <table class="table trend" data-testid="cmp-trend-table">
      <caption class="sub">{t("cmp.trend_caption")}</caption>
      <thead><tr>{p.months.map((m, i) => <th key={m} scope="col">{monthLabel(m)}{i === p.months.length - 1 ? `（${t("cmp.trend_now")}）` : ""}</th>)}</tr></thead>
      <tbody><tr>{p.values.map((v, i) => (
        <td key={i} class="num" title={p.takenOn[i] ?? undefined}>{v === null ? "—" : v}</td>))}</tr></tbody>
    </table>
  );
}
