import { useEffect, useState } from "preact/hooks";

/**
 * `location.hash`, re-rendering on every change (the dashboard's routing).
 * @example
 * const route = parseRoute(useHash());
 */
export function useHash(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const update = (): void => setHash(window.location.hash);
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return hash;
}
