import { useEffect, useRef, useState } from "preact/hooks";
import { ApiRequestError, apiGet } from "./api.js";

/** What {@link useApi} knows about one endpoint. */
export interface ApiState<T> {
  /** The latest answer; kept while a newer one loads so live views do not flicker. */
  readonly data: T | undefined;
  readonly error: ApiRequestError | undefined;
  readonly loading: boolean;
}

function asApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError(String(error), "client", 0);
}

/**
 * Fetches `url` (null: nothing) and again whenever `refresh` changes. Answers are applied in request
 * order: a slow older answer never overwrites a newer one, and refreshes do not cancel each other
 * (under a steady stream of events a cancelled fetch might never finish). A new URL drops the answers
 * still on their way for the old one.
 * @example
 * const { data, error } = useApi<StudiesResponse>(apiUrl(["studies"]), version);
 */
export function useApi<T>(url: string | null, refresh = 0): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({
    data: undefined,
    error: undefined,
    loading: url !== null,
  });
  const current = useRef<string | null>(url);
  const issued = useRef(0);
  const applied = useRef(0);
  const mounted = useRef(true);
  current.current = url;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (url === null) return;
    const id = ++issued.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    const accept = (): boolean => mounted.current && current.current === url && id > applied.current;
    apiGet<T>(url).then(
      (data) => {
        if (!accept()) return;
        applied.current = id;
        setState({ data, error: undefined, loading: id !== issued.current });
      },
      (error: unknown) => {
        if (!accept()) return;
        applied.current = id;
        setState((s) => ({ data: s.data, error: asApiError(error), loading: id !== issued.current }));
      },
    );
  }, [url, refresh]);

  return state;
}
