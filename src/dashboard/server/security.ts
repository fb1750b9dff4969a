/**
 * Who may talk to the dashboard: the Host header must name the server (a page on another site that
 * rebinds its DNS name to 127.0.0.1 sends its own name), and with a token every request must carry it.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** The cookie that carries the token after a `?token=` visit. */
export const TOKEN_COOKIE = "tunekit_dashboard_token";

/**
 * The Host values a server listening on `port` answers to by default: the loopback names.
 * @example
 * loopbackHosts(8080); // ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"]
 */
export function loopbackHosts(port: number): string[] {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  return [...names.map((h) => `${h}:${port}`), ...(port === 80 ? names : [])];
}

/**
 * Whether a Host header is one of `allowed` (case-insensitive; a trailing dot of a name ignored).
 * @example
 * hostAllowed("LOCALHOST:8080", new Set(["localhost:8080"])); // true
 */
export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (host === undefined) return false;
  const normal = host
    .trim()
    .toLowerCase()
    .replace(/\.(:\d+)?$/, "$1");
  return allowed.has(normal);
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Compares a presented token with the expected one in time independent of where they differ (both are
 * hashed first, so lengths leak nothing either).
 * @example
 * tokenMatches("abc", "abc"); // true
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The token in an `Authorization: Bearer ...` header, if any.
 * @example
 * bearerToken("Bearer abc"); // "abc"
 */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

/** The security headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
