import { InvalidArgumentError } from "../errors.js";
import { normalCdf } from "./normal-cdf.js";

/** Alternatives of {@link wilcoxonSignedRank}: "greater" tests whether the differences tend to be positive. */
export const WILCOXON_ALTERNATIVES = ["two-sided", "greater", "less"] as const;
/** One of {@link WILCOXON_ALTERNATIVES}. */
export type WilcoxonAlternative = (typeof WILCOXON_ALTERNATIVES)[number];

/** Options of {@link wilcoxonSignedRank}. */
export interface WilcoxonOptions {
  /** Default "two-sided". */
  readonly alternative?: WilcoxonAlternative;
  /**
   * Zero differences: "wilcox" (default) drops them; "zsplit" ranks them with the others and gives half
   * of their rank sum to each sign (so all-zero differences give p = 0.5 one-sided, not an error).
   */
  readonly zeroMethod?: "wilcox" | "zsplit";
  /**
   * "auto" (default): the exact distribution for at most 50 ranked differences, the normal approximation
   * above. "exact" is the permutation distribution of R+ over the 2^m sign patterns of the m nonzero
   * differences, with the observed (average, tie-aware) ranks, so it stays exact with ties and zsplit zeros.
   */
  readonly method?: "auto" | "exact" | "approx";
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** R+ (the rank sum of positive differences) for one-sided tests, min(R+, R−) for two-sided (as scipy). */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: "exact" | "approx";
  /** The z statistic of the normal approximation; NaN for the exact method. */
  readonly z: number;
  /** How many differences were ranked. */
  readonly n: number;
}

const MAX_EXACT = 50;

/**
 * The Wilcoxon signed-rank test of paired differences `d` (x − y) against "symmetric about zero", with
 * the conventions of scipy.stats.wilcoxon (no continuity correction): ties get average ranks, and the
 * normal approximation's variance is reduced by Σ(t³ − t)/48 over groups of t tied magnitudes. The exact
 * method conditions on the observed ranks (a sign-flip permutation test), so with ties or zeros it
 * stays exact where scipy 1.10's table does not apply (scipy ≥ 1.11 falls back to the approximation).
 * NaN in `d` gives a NaN p-value; ±Infinity ranks as the largest magnitude. No differences left to rank:
 * p-value NaN.
 * @example
 * wilcoxonSignedRank([1.5, 2.1, -0.3, 0.8, 1.1], { alternative: "greater" }).pValue; // 0.0625
 */
export function wilcoxonSignedRank(d: ArrayLike<number>, options: WilcoxonOptions = {}): WilcoxonResult {
  const alternative = options.alternative ?? "two-sided";
  if (!WILCOXON_ALTERNATIVES.includes(alternative)) {
    throw new InvalidArgumentError(
      `wilcoxonSignedRank(): alternative must be one of ${WILCOXON_ALTERNATIVES.join(", ")}, but got ${JSON.stringify(alternative)}.`,
      { name: "alternative", value: alternative },
    );
  }
  const values = Array.from(d);
  const kept = options.zeroMethod === "zsplit" ? values : values.filter((v) => v !== 0);
  const n = kept.length;
  if (n === 0 || kept.some(Number.isNaN)) {
    return { statistic: Number.NaN, pValue: Number.NaN, method: "approx", z: Number.NaN, n };
  }
  const { ranks, tieTerm } = averageRanks(kept.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < n; i++) {
    const v = kept[i] as number;
    const r = ranks[i] as number;
    if (v > 0) rPlus += r;
    else if (v < 0) rMinus += r;
    else {
      rPlus += r / 2;
      rMinus += r / 2;
    }
  }
  const requested = options.method ?? "auto";
  const method = requested === "auto" ? (n <= MAX_EXACT ? "exact" : "approx") : requested;
  const statistic = alternative === "two-sided" ? Math.min(rPlus, rMinus) : rPlus;
  if (method === "exact") {
    return { statistic, pValue: exactPValue(kept, ranks, rPlus, alternative), method, z: Number.NaN, n };
  }
  const mean = (n * (n + 1)) / 4;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24);
  const z = (statistic - mean) / sd;
  const pValue =
    alternative === "two-sided"
      ? Math.min(1, 2 * normalCdf(-Math.abs(z)))
      : alternative === "greater"
        ? normalCdf(-z)
        : normalCdf(z);
  return { statistic, pValue, method, z, n };
}

/** Average ranks (1-based) of `values`, and Σ t(t² − 1) over groups of t tied values. */
function averageRanks(values: number[]): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number) || 0,
  );
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j] as number] === values[order[i] as number]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k] as number] = rank;
    const t = j - i;
    tieTerm += t * (t * t - 1);
    i = j;
  }
  return { ranks, tieTerm };
}

/**
 * P-value from the exact null distribution of R+: each nonzero difference is positive or negative with
 * probability ½, independently, keeping its observed rank; zeros (zsplit) add half their rank either
 * way. Ranks are multiples of ½, so the dynamic programme runs over twice the rank sums, in integers,
 * with probabilities (not counts) so that no n overflows.
 */
function exactPValue(
  d: readonly number[],
  ranks: Float64Array,
  rPlus: number,
  alternative: WilcoxonAlternative,
): number {
  let total = 0;
  let fixed = 0;
  for (let i = 0; i < d.length; i++) {
    const r2 = Math.round(2 * (ranks[i] as number));
    if (d[i] === 0) fixed += r2 / 2;
    else total += r2;
  }
  let dist = new Float64Array(total + 1);
  let next = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 0) continue;
    const w = Math.round(2 * (ranks[i] as number));
    next.fill(0, 0, reach + w + 1);
    for (let s = 0; s <= reach; s++) {
      const p = (dist[s] as number) / 2;
      if (p === 0) continue;
      next[s] = (next[s] as number) + p;
      next[s + w] = (next[s + w] as number) + p;
    }
    reach += w;
    [dist, next] = [next, dist];
  }
  const target = Math.round(2 * rPlus - fixed);
  let pLess = 0;
  let pGreater = 0;
  for (let s = 0; s <= reach; s++) {
    const p = dist[s] as number;
    if (s <= target) pLess += p;
    if (s >= target) pGreater += p;
  }
  pLess = Math.min(1, pLess);
  pGreater = Math.min(1, pGreater);
  if (alternative === "greater") return pGreater;
  if (alternative === "less") return pLess;
  return Math.min(1, 2 * Math.min(pLess, pGreater));
}
