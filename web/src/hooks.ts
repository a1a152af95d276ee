// Small data hooks shared by the pages: load a resource from the API with loading/error state.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "./api";

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (re-fetching when it changes or on reload()). A null path loads nothing. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    api.get<T>(path).then(
      (d) => { if (mine === seq.current) { setData(d); setLoading(false); } },
      (e) => { if (mine === seq.current) { setError(e); setLoading(false); } },
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** A state-changing action of a form: pending flag, the error (server or client-side) and the
 *  per-field messages; run() calls onDone with the success message the action returns. */
export function useAction(onDone: (msg: string) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  async function run(f: () => Promise<string>) {
    setPending(true); setError(null); setFields({});
    try { onDone(await f()); } catch (err) { setError(err); setFields(err instanceof ApiError ? err.fields() : {}); } finally { setPending(false); }
  }
  function fail(miss: Record<string, string>) { setFields(miss); setError({ clientOnly: true }); }
  return { pending, error, fields, run, fail };
}
