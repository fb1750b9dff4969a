import type { StateStore } from "../../study/study-view.js";

/**
 * A number every worker of a study must agree on once it is known (an "auto" resource): the value in
 * the state record under `key` when one was written, else `compute()` written there first-writer-wins.
 * Null while `compute()` cannot tell yet (nothing is written then).
 * @example
 * const minResource = await sharedSetting(ctx.study.state, "successive-halving:minResource", estimate);
 */
export async function sharedSetting(
  state: StateStore,
  key: string,
  compute: () => number | null,
): Promise<number | null> {
  const existing = await state.get(key);
  if (existing !== null && typeof existing.value === "number") return existing.value;
  const value = compute();
  if (value === null) return null;
  if ((await state.compareAndSet(key, existing?.version ?? 0, value)) !== null) return value;
  const winner = await state.get(key);
  return typeof winner?.value === "number" ? winner.value : value;
}
