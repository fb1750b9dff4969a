/** The views the dashboard can show, read from `location.hash`. */
export type Route =
  | { readonly page: "list" }
  | { readonly page: "study"; readonly name: string; readonly tab: string | null }
  | { readonly page: "compare"; readonly a: string; readonly b: string };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The route a hash names; anything unknown is the study list.
 * @example
 * parseRoute("#/study/my%20study/contour"); // { page: "study", name: "my study", tab: "contour" }
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/");
  const decoded = parts.map(decode);
  if (decoded.some((p) => p === null)) return { page: "list" };
  const [head, first, second, third] = decoded as string[];
  if (head === "study" && first !== undefined && first !== "" && parts.length <= 3) {
    return { page: "study", name: first, tab: second === undefined || second === "" ? null : second };
  }
  if (head === "compare" && first !== undefined && second !== undefined && third === undefined) {
    return { page: "compare", a: first, b: second };
  }
  return { page: "list" };
}

/**
 * The hash of the study list.
 * @example
 * listHref(); // "#/"
 */
export function listHref(): string {
  return "#/";
}

/**
 * The hash of a study's page, optionally on one tab.
 * @example
 * studyHref("a/b", "history"); // "#/study/a%2Fb/history"
 */
export function studyHref(name: string, tab?: string): string {
  const base = `#/study/${encodeURIComponent(name)}`;
  return tab === undefined ? base : `${base}/${encodeURIComponent(tab)}`;
}

/**
 * The hash of the side-by-side view of two studies.
 * @example
 * compareHref("a", "b"); // "#/compare/a/b"
 */
export function compareHref(a: string, b: string): string {
  return `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}
