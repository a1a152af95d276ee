// Owns how dates, times and article references are shown: everything in JST (Asia/Tokyo),
// 和暦 for document-like dates (令和8年4月1日), and 第N条 citations with the municipality's own article.
import { citationEntry, type CitationMap } from "./citations";
import { dateStyle, lang, t } from "./i18n";

const TZ = "Asia/Tokyo";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parse(value: string): Date | null {
  // A bare date (YYYY-MM-DD) is a calendar date, not an instant: read it as midnight JST.
  const d = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00+09:00` : value);
  return isNaN(d.getTime()) ? null : d;
}

/** In the person's style: 令和8年4月1日 9:30 (和暦) or 2026/04/01 09:30 (西暦), JST. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const d = parse(value);
  if (!d) return value;
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", minute: "2-digit" }).format(d);
  if (dateStyle() === "wareki") return `${formatWareki(value)} ${time}`;
  return new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "ja-JP", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).format(d);
}

/** In the person's style: 令和8年4月1日 (和暦) or 2026/04/01 (西暦), JST. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const d = parse(value);
  if (!d) return value;
  if (dateStyle() === "wareki") return formatWareki(value);
  return new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "ja-JP", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
  }).format(d);
}

/** A form's local date and time ("2026-04-01T09:30", meant in JST) in the style of formatDateTime. */
export function formatLocalDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return m ? formatDateTime(`${m[1]}T${m[2]}:00+09:00`) : value;
}

/** 令和8年4月1日 in Japanese, 1 April 2026 in English. */
export function formatWareki(value: string | null | undefined): string {
  if (!value) return "";
  const d = parse(value);
  if (!d) return value;
  if (lang() === "en")
    return new Intl.DateTimeFormat("en-GB", { timeZone: TZ, year: "numeric", month: "long", day: "numeric" }).format(d);
  return new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
    timeZone: TZ, era: "long", year: "numeric", month: "long", day: "numeric",
  }).format(d);
}

/** A date as people type it, as YYYY-MM-DD: 2026-12-07, 2026/12/7, 2026年12月7日, 令和8年12月7日, 令和元年5月1日,
 *  R8.12.7, H31.4.30 (full-width digits too). null when it is not a date that exists. */
export function parseDateInput(input: string): string | null {
  const s = input.normalize("NFKC").replace(/\s+/g, "");
  const eras: Record<string, number> = { 令和: 2018, R: 2018, r: 2018, 平成: 1988, H: 1988, h: 1988, 昭和: 1925, S: 1925, s: 1925 };
  let y: number, m: number, d: number;
  let hit = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (hit) [y, m, d] = [Number(hit[1]), Number(hit[2]), Number(hit[3])];
  else if ((hit = /^(令和|平成|昭和|[RHSrhs])(元|\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)))
    [y, m, d] = [eras[hit[1]] + (hit[2] === "元" ? 1 : Number(hit[2])), Number(hit[3]), Number(hit[4])];
  else return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Today's date in JST as YYYY-MM-DD (the value of an <input type="date">). */
export function todayJst(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}


/** "13" → 第13条, "13の2" → 第13条の2; anything already formatted is kept. */
export function formatArticle(article: string | number | null | undefined): string {
  if (article === null || article === undefined || article === "") return "";
  const s = String(article).trim();
  const m = /^(\d+)(?:の(\d+))?$/.exec(s);
  if (m) return m[2] ? `第${m[1]}条の${m[2]}` : `第${m[1]}条`;
  return s;
}

/** A citation as people read it: the pack's article with the municipality's own —
 *  「第41条（貴団体の第32条）」 — or, where its 対策基準 has none or none is in force, the guideline
 *  section 「第143条（ガイドライン 対策基準 8.2）」; the own number alone when it is the pack's. */
export function citeArticle(article: string | number | null | undefined, map: CitationMap | null): string {
  const label = formatArticle(article);
  if (!label) return "";
  const e = citationEntry(map, label);
  if (!e) return label;
  if (e.own) return e.own === label.replace(/^(第\d+条(?:の\d+)?).*$/, "$1") ? label : t("cite.own", { article: label, own: e.own });
  return e.guideline ? t("cite.guideline", { article: label, section: e.guideline }) : label;
}

/** Every citation of the pack in a text, as citeArticle shows it: 「…を記録します（第43条）。」 →
 *  「…を記録します（第43条（貴団体の第31条））。」. Citations quoted in 「…」 (an example of how to
 *  write one) and those already followed by their note are left as they are. */
export function citeText(text: string, map: CitationMap | null): string {
  if (!map) return text;
  let out = "";
  let quoted = 0;
  const re = /第\d+条(?:の\d+)?(?:\d+(?:[–〜～-]\d+)?|\(\d+\))*[アイウエオカキクケコ]?|[「」]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "「") quoted++;
    else if (m[0] === "」") quoted = Math.max(0, quoted - 1);
    else if (!quoted && !/^(（貴団体の|（ガイドライン| \(your| \(guideline)/.test(text.slice(re.lastIndex))) {
      out += text.slice(last, m.index) + citeArticle(m[0], map);
      last = re.lastIndex;
    }
  }
  return out + text.slice(last);
}

/** Anchor id of an article in the policy viewer: 第13条8 → art-13, 第13条の2 / "13の2" → art-13-2. */
export function articleAnchor(article: string | number | null | undefined): string | null {
  if (article === null || article === undefined) return null;
  const m = /(\d+)条?(?:の(\d+))?/.exec(String(article));
  return m ? `art-${m[1]}${m[2] ? `-${m[2]}` : ""}` : null;
}

/** 年度 (April–March) as people name it: 令和8年度 in Japanese, FY2026 in English. */
export function formatFiscalYear(y: number): string {
  if (lang() === "en") return `FY${y}`;
  return y >= 2019 ? `令和${y === 2019 ? "元" : y - 2018}年度` : `${y}年度`;
}
