// Owns all traffic to the JSON API: adds the CSRF token and JSON content type to state changes
// (raw file bytes for uploads, api.upload), turns application/problem+json bodies into ApiError
// (with per-field messages), and tells the app when the session is gone (401) or the sign-in is
// unfinished (403 stage_incomplete).
import { errorText, lang } from "./i18n";

export interface ProblemFieldError {
  field: string;
  code: string;
  detail?: string;
  detail_en?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  detail_en?: string;
  field?: string;
  errors?: ProblemFieldError[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status >= 500 ? "server_error" : `http_${status}`);
    this.problem = problem;
  }

  /** The message for the whole error in the current language. */
  message_(): string {
    const p = this.problem;
    if (lang() === "en") return p.detail_en || errorText(this.code) || p.title || p.detail || `HTTP ${this.status}`;
    return p.detail || errorText(this.code) || p.title || `HTTP ${this.status}`;
  }

  /** Messages per form field: from `errors` and from the top-level `field`. */
  fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const msg = lang() === "en" ? e.detail_en || errorText(e.code) || e.detail : e.detail || errorText(e.code);
      if (e.field && !out[e.field]) out[e.field] = msg || e.code;
    }
    if (this.problem.field && !out[this.problem.field]) out[this.problem.field] = this.message_();
    return out;
  }
}

/** Message of any thrown value, in the current language. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message_();
  return errorText("server_error") || String(err);
}

let csrfToken: string | null = null;
let onSessionLost: ((reason: "expired" | "stage") => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setSessionLostHandler(f: (reason: "expired" | "stage") => void): void {
  onSessionLost = f;
}

type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, q: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** A raw request body (file upload) instead of JSON. */
interface RawBody { raw: Blob; contentType: string }

async function request<T>(method: string, path: string, body?: unknown, raw?: RawBody): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
  const init: RequestInit = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (method !== "GET") {
    headers["Content-Type"] = raw ? raw.contentType : "application/json";
    if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
    init.body = raw ? raw.raw : JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, { code: "network_error" });
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("Content-Type") || "";
  let data: unknown = null;
  if (type.includes("json")) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const problem: Problem = data && typeof data === "object" ? (data as Problem) : { status: res.status };
    const err = new ApiError(res.status, problem);
    const isAuthRoute = path.startsWith("/api/v1/auth/") || path.startsWith("/api/v1/session");
    if (!isAuthRoute && onSessionLost) {
      if (res.status === 401) onSessionLost("expired");
      else if (res.status === 403 && err.code === "stage_incomplete") onSessionLost("stage");
    }
    throw err;
  }
  // The server rotates the session (and its CSRF token) at sign-in steps such as the password
  // change; any response that carries a token is the one to use from now on.
  const token = data && typeof data === "object" ? (data as { csrf_token?: unknown }).csrf_token : undefined;
  if (typeof token === "string") csrfToken = token;
  return data as T;
}

export const api = {
  get: <T>(path: string, q?: Query) => request<T>("GET", q ? withQuery(path, q) : path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, body),
  del: <T>(path: string) => request<T>("DELETE", path),
  /** POSTs a file's raw bytes (not multipart) with the CSRF header; the answer is JSON as usual. */
  upload: <T>(path: string, file: Blob, contentType: string) => request<T>("POST", path, undefined, { raw: file, contentType }),
};
