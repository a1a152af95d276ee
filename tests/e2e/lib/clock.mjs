// The tests' view of the server's clock. The suites can run "on another day": the runner exports
// LGSEC_TEST_CLOCK_OFFSET (seconds), which shifts the clock of every lgsec process the tests start
// (src/core/clock.c) and, through this module, every date a test writes or expects. Tests never
// hard-code a calendar date that can expire: they take dates relative to now().
const OFFSET_MS = Number(process.env.LGSEC_TEST_CLOCK_OFFSET ?? 0) * 1000;
const JST_MS = 9 * 3600e3;
const DAY_MS = 86400e3;

/** Milliseconds since the epoch on the servers' clock. */
export const now = () => Date.now() + OFFSET_MS;

/** The shift in milliseconds (for the browser's clock). */
export const offsetMs = () => OFFSET_MS;

const jst = (days) => new Date(now() + JST_MS + days * DAY_MS).toISOString();

/** The JST calendar date `days` from today: "YYYY-MM-DD". */
export const jstDate = (days = 0) => jst(days).slice(0, 10);

/** A JST local date-time `days` from today at hh:mm: "YYYY-MM-DDTHH:MM" (the forms' input). */
export const jstDateTime = (days, hhmm) => `${jstDate(days)}T${hhmm}`;

/** The same JST local date-time as the server stores it: UTC ISO 8601 "YYYY-MM-DDTHH:MM:SSZ". */
export const utcOf = (days, hhmm) =>
  new Date(Date.parse(`${jstDateTime(days, hhmm)}:00+09:00`)).toISOString().replace(/\.\d+Z$/, "Z");

/** 年度 (April to March) of the JST date `days` from today. */
export const fiscalYearOf = (days = 0) => {
  const [y, m] = jstDate(days).split("-").map(Number);
  return m >= 4 ? y : y - 1;
};

/** The Japanese era year of a Gregorian year in 令和 (2019 = 令和元年). */
export const reiwaYear = (y) => y - 2018;

/** Days from today to a day of last week (0 = Monday … 6 = Sunday): the demo's records fall there. */
export const lastWeekDays = (weekday) => {
  const today = Math.floor((now() + JST_MS) / DAY_MS);
  const monday = today - ((today + 3) % 7) - 7; // 1970-01-01 was a Thursday
  return monday + weekday - today;
};
