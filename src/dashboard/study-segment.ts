/**
 * How the dashboard's API carries a study name in its path, shared by server and web UI. URL parsers
 * (browsers, `new URL`) drop path segments "." and "..", percent-encoded ones too, so those names, and
 * names that already start with "~", travel with one "~" in front; every name is then percent-encoded
 * as one segment (it may hold `/`, spaces, quotes or markup).
 * @example
 * studySegment("my study"); // "my%20study"
 * studySegment(".."); // "~.."
 * studyFromSegment("~.."); // ".." (the server decodes the percent-encoding first)
 */
export function studySegment(name: string): string {
  return encodeURIComponent(name === "." || name === ".." || name.startsWith("~") ? `~${name}` : name);
}

/** The study name of a decoded path segment made by {@link studySegment}. */
export function studyFromSegment(segment: string): string {
  return segment.startsWith("~") ? segment.slice(1) : segment;
}
