import type { TrialState } from "../../../../core.js";

/** Trial states in the order the dashboard lists them. */
export const STATES: readonly TrialState[] = ["COMPLETE", "PRUNED", "FAIL", "RUNNING", "WAITING", "STALE"];

/**
 * One badge for a trial state.
 * @example
 * <StateBadge state="PRUNED" />
 */
export function StateBadge({ state, count }: { readonly state: TrialState; readonly count?: number }) {
  return (
    <span class={`badge state-${state.toLowerCase()}`} title={state}>
      {count === undefined ? state : `${count.toLocaleString()} ${state.toLowerCase()}`}
    </span>
  );
}

/**
 * Trial counts by state, leaving out the states with none.
 * @example
 * <StateBadges counts={item.trialCounts} />
 */
export function StateBadges({ counts }: { readonly counts: Readonly<Record<TrialState, number>> }) {
  const shown = STATES.filter((s) => (counts[s] ?? 0) > 0);
  if (shown.length === 0) return <span class="muted">no trials</span>;
  return (
    <span class="badges">
      {shown.map((s) => (
        <StateBadge key={s} state={s} count={counts[s]} />
      ))}
    </span>
  );
}
