import { useEffect, useRef, useState } from "preact/hooks";
import type { StudyEvent } from "../../../api-types.js";
import { withToken } from "./token.js";

/** One message of the server's event stream. */
export type DashboardEvent =
  | { readonly type: "studies" }
  | { readonly type: "study"; readonly study: StudyEvent }
  /** The stream reconnected after an error: events may have been missed, so every view re-fetches. */
  | { readonly type: "resync" };

type Listener = (event: DashboardEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let closing: ReturnType<typeof setTimeout> | null = null;

function parseStudyEvent(data: string): StudyEvent | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as StudyEvent).name === "string") {
      return parsed as StudyEvent;
    }
  } catch {
    // A malformed message is skipped; the next one refreshes the view anyway.
  }
  return null;
}

function open(): EventSource {
  const es = new EventSource(withToken("api/events"));
  let dropped = false;
  es.addEventListener("error", () => {
    dropped = true;
  });
  es.addEventListener("open", () => {
    if (!dropped) return;
    dropped = false;
    for (const l of listeners) l({ type: "resync" });
  });
  es.addEventListener("studies", () => {
    for (const l of listeners) l({ type: "studies" });
  });
  es.addEventListener("study", (message) => {
    const study = parseStudyEvent((message as MessageEvent<string>).data);
    if (study === null) return;
    for (const l of listeners) l({ type: "study", study });
  });
  return es;
}

/**
 * Calls `listener` for every server event while subscribed. All subscribers share one EventSource,
 * opened with the first and closed shortly after the last leaves; the browser reconnects it after a
 * network error.
 * @example
 * const off = subscribe((e) => console.log(e.type));
 */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (closing !== null) clearTimeout(closing);
  closing = null;
  source ??= open();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || closing !== null) return;
    // Navigating unmounts one view before the next subscribes; keep the stream open across that gap.
    closing = setTimeout(() => {
      closing = null;
      if (listeners.size > 0) return;
      source?.close();
      source = null;
    }, 2000);
  };
}

/**
 * A counter that goes up when an event `matches`, at most once per `delayMs`: views pass it to
 * {@link useApi} as `refresh`, so a burst of trials causes one re-fetch rather than one per trial, and a
 * steady stream still refreshes every `delayMs`.
 * @example
 * const version = useEventVersion((e) => e.type === "study" && e.study.name === name);
 */
export function useEventVersion(matches: (event: DashboardEvent) => boolean, delayMs = 700): number {
  const [version, setVersion] = useState(0);
  // Read when an event arrives, so a new matcher on each render needs no re-subscription.
  const matcher = useRef(matches);
  matcher.current = matches;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = subscribe((event) => {
      if (timer !== null || (event.type !== "resync" && !matcher.current(event))) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, delayMs);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [delayMs]);
  return version;
}
