import type { FrozenTrial } from "../../trial/frozen-trial.js";
import type { TrialChanges } from "../storage.js";
import { type TrialRow, trialFromRow } from "./rows.js";

/**
 * A row of {@link CHANGES_SELECT}: a changed trial's columns (all null when none changed) with the
 * study's seq as the same statement read it.
 */
export type ChangeRow = TrialRow & {
  readonly trial_id: number | string | null;
  readonly study_seq: number | string;
};

/**
 * The SELECT of {@link CHANGES_SELECT}, optionally also reading the one row of the CTE `along.cte`
 * (a write's result) as `along.columns`, so a write and the changes share one statement.
 * @example
 * changesSelect({ cte: "u", columns: "u.written_seq" }); // "SELECT t.*, st.seq AS study_seq, u.written_seq FROM …"
 */
export function changesSelect(along?: { readonly cte: string; readonly columns: string }): string {
  const columns = along === undefined ? "" : `, ${along.columns}`;
  const join = along === undefined ? "" : ` LEFT JOIN ${along.cte} ON true`;
  return (
    `SELECT t.*, st.seq AS study_seq${columns} FROM tunekit_studies st${join} ` +
    "LEFT JOIN tunekit_trials t ON t.study_id = st.study_id AND t.seq > ? WHERE st.study_id = ?"
  );
}

/**
 * Reads the trials of study `?2` changed after cursor `?1` with the study's seq, in one statement (one
 * snapshot): the study row is always there, joined with each changed trial. Callers append the order.
 */
export const CHANGES_SELECT = changesSelect();

/**
 * The `getTrialsSince` result of {@link CHANGES_SELECT}'s rows read from `cursor`; with a `limit` the
 * rows hold one more than the page when more follow.
 * @example
 * changesFromRows(rows, 0, null); // { trials: [...], cursor: 42, more: false }
 */
export function changesFromRows(
  rows: readonly ChangeRow[],
  cursor: number,
  limit: number | null,
): TrialChanges {
  const changed = rows.filter((r) => r.trial_id !== null);
  const more = limit !== null && changed.length > limit;
  const trials = (more ? changed.slice(0, limit) : changed).map(trialFromRow);
  return Object.freeze({
    trials: Object.freeze(trials),
    cursor: more
      ? (trials.at(-1) as FrozenTrial).seq
      : Math.max(cursor, Number(rows[0]?.study_seq ?? cursor)),
    more,
  });
}
