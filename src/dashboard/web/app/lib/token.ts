/**
 * The access token the page was opened with (`?token=...`), or null. The server requires it when the
 * dashboard was started with `--token`; every API request and the event stream carry it.
 */
export function accessToken(): string | null {
  const token = new URLSearchParams(window.location.search).get("token");
  return token === null || token === "" ? null : token;
}

/**
 * `path` (relative to the page) with the access token appended when there is one.
 * @example
 * withToken("api/events"); // "api/events?token=..." when the page was opened with ?token=...
 */
export function withToken(path: string): string {
  const token = accessToken();
  if (token === null) return path;
  return `${path}${path.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}
