// Owns how dates, times and article references are shown: everything in JST (Asia/Tokyo),
// 和暦 for document-like dates (令和8年4月1日), and 第N条 citations.
import { lang } from "./i18n";

const TZ = "Asia/Tokyo";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parse(value: string): Date | null {
  // A bare date (YYYY-MM-DD) is a calendar date, not an instant: read it as midnight JST.
  const d = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00+09:00` : value);
  return isNaN(d.getTime()) ? null : d;
}

/** 2026/04/01 09:30 (JST) */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const d = parse(value);
  if (!d) return value;
  return new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "ja-JP", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).format(d);
}

/** A form's local date and time ("2026-04-01T09:30", meant in JST) in the style of formatDateTime. */
export function formatLocalDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return m ? formatDateTime(`${m[1]}T${m[2]}:00+09:00`) : value;
}

/** 2026/04/01 (JST) */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const d = parse(value);
  if (!d) return value;
  return new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "ja-JP", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
  }).format(d);
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

/** Anchor id of an article in the policy viewer: 第13条8 → art-13, 第13条の2 / "13の2" → art-13-2. */
export function articleAnchor(article: string | number | null | undefined): string | null {
  if (article === null || article === undefined) return null;
  const m = /(\d+)条?(?:の(\d+))?/.exec(String(article));
  return m ? `art-${m[1]}${m[2] ? `-${m[2]}` : ""}` : null;
}
