import type { SearchBudget } from "../../../../core.js";
import { formatSeconds } from "../lib/format.js";

/**
 * The search budget a study has spent: trials by outcome, compute time, wall-clock time, pruned share.
 * @example
 * <BudgetBar budget={study.budget} />
 */
export function BudgetBar({ budget }: { readonly budget: SearchBudget }) {
  const items: [string, string][] = [
    ["Trials", budget.trials.toLocaleString()],
    ["Complete", budget.complete.toLocaleString()],
    ["Pruned", `${budget.pruned.toLocaleString()} (${(100 * budget.prunedShare).toFixed(1)}%)`],
    ["Failed", budget.failed.toLocaleString()],
    ["Compute", formatSeconds(budget.computeSeconds)],
    ["Wall clock", formatSeconds(budget.wallSeconds)],
  ];
  if (budget.running > 0) items.push(["Running", budget.running.toLocaleString()]);
  if (budget.waiting > 0) items.push(["Waiting", budget.waiting.toLocaleString()]);
  if (budget.forbidden > 0) items.push(["Forbidden (not counted)", budget.forbidden.toLocaleString()]);
  return (
    <dl class="budget" aria-label="Search budget">
      {items.map(([label, value]) => (
        <div key={label} class="budget-item" data-budget={label.toLowerCase()}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
