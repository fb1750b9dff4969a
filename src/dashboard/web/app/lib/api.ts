import type { ApiError } from "../../../api-types.js";
import { studySegment } from "../../../study-segment.js";
import { accessToken, withToken } from "./token.js";

/** A failed API call: the server's error code and message, or a network/parse failure. */
export class ApiRequestError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = "ApiRequestError";
    this.code = code;
    this.status = status;
  }
}

/** Query parameters of an API call; undefined ones are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

/**
 * The URL of an API endpoint, relative to the page so the dashboard works behind a path prefix. The
 * segment after "studies" is a study name, encoded by {@link studySegment}; the others are percent-encoded.
 * @example
 * apiUrl(["studies", "my study", "trials"], { limit: 50 }); // "api/studies/my%20study/trials?limit=50"
 */
export function apiUrl(segments: readonly string[], query: Query = {}): string {
  const encoded = segments.map((s, i) =>
    i === 1 && segments[0] === "studies" ? studySegment(s) : encodeURIComponent(s),
  );
  const path = `api/${encoded.join("/")}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search === "" ? path : `${path}?${search}`;
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === "object" && error !== null && "message" in error && "code" in error;
}

/**
 * GETs an API endpoint and parses its JSON; any failure becomes an {@link ApiRequestError} whose message
 * can be shown as is.
 * @example
 * const { studies } = await apiGet<StudiesResponse>(apiUrl(["studies"]));
 */
export async function apiGet<T>(url: string, signal?: AbortSignal): Promise<T> {
  const token = accessToken();
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(withToken(url), { headers, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new ApiRequestError(
      `The dashboard server did not answer (${String(error)}). Is it still running?`,
      "network",
      0,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiRequestError(
      `The server answered ${response.status} ${response.statusText} without JSON for ${url}.`,
      "bad-response",
      response.status,
    );
  }
  if (!response.ok) {
    if (isApiError(body)) throw new ApiRequestError(body.error.message, body.error.code, response.status);
    throw new ApiRequestError(`The server answered ${response.status} for ${url}.`, "http", response.status);
  }
  return body as T;
}
