/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test of two independent samples, with SciPy's conventions
 * (`scipy.stats.mannwhitneyu`): the statistic is U of the first sample; "less" tests whether the first
 * sample tends to be smaller; method "auto" is exact when a sample has at most 8 values and there are no
 * ties, else the normal approximation with tie correction and continuity correction.
 */
import { normalCdf } from "../../src/math/normal-cdf.js";

/** The alternative hypotheses. */
export const MANN_WHITNEY_ALTERNATIVES = ["two-sided", "less", "greater"] as const;

/** One of {@link MANN_WHITNEY_ALTERNATIVES}. */
export type MannWhitneyAlternative = (typeof MANN_WHITNEY_ALTERNATIVES)[number];

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** Default "two-sided". */
  readonly alternative?: MannWhitneyAlternative;
  /** Default "auto". */
  readonly method?: "auto" | "exact" | "asymptotic";
}

/** The test's outcome. */
export interface MannWhitneyResult {
  /** U of the first sample: the number of (x, y) pairs with x > y, ties counting ½. */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: "exact" | "asymptotic";
}

/** Midranks (1-based) of `values`; and Σ(t³ − t) over groups of t tied values. */
function rank(values: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = mid;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/**
 * P(U ≥ u) for samples of sizes m and n without ties: the counts of each U over all C(m+n, m)
 * arrangements, built by adding one x (it beats every y so far) or one y at a time.
 */
function exactSurvival(u: number, m: number, n: number): number {
  const size = m * n + 1;
  // counts[j] = distribution of U for (i x's, j y's), updated in place as i grows.
  let counts: Float64Array[] = Array.from({ length: n + 1 }, () => {
    const c = new Float64Array(size);
    c[0] = 1;
    return c;
  });
  for (let i = 1; i <= m; i++) {
    const next: Float64Array[] = [];
    for (let j = 0; j <= n; j++) {
      const c = new Float64Array(size);
      const withX = counts[j] as Float64Array;
      for (let v = j; v < size; v++) c[v] = withX[v - j] as number;
      if (j > 0) {
        const withY = next[j - 1] as Float64Array;
        for (let v = 0; v < size; v++) c[v] = (c[v] as number) + (withY[v] as number);
      }
      next.push(c);
    }
    counts = next;
  }
  const all = counts[n] as Float64Array;
  let total = 0;
  let tail = 0;
  for (let v = 0; v < size; v++) {
    total += all[v] as number;
    if (v >= u) tail += all[v] as number;
  }
  return tail / total;
}

/**
 * Mann–Whitney U test of `x` against `y`.
 * @example
 * mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], { alternative: "less" }).pValue; // 1/252 ≈ 0.003968
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new Error("mannWhitneyU: both samples need at least one value.");
  if ([...x, ...y].some((v) => Number.isNaN(v)))
    throw new Error("mannWhitneyU: samples must not contain NaN.");
  const alternative = options.alternative ?? "two-sided";
  const { ranks, tieTerm } = rank([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  // Every alternative becomes an upper-tail probability of one U.
  const u = alternative === "greater" ? u1 : alternative === "less" ? u2 : Math.max(u1, u2);
  const method =
    options.method === undefined || options.method === "auto"
      ? (n1 <= 8 || n2 <= 8) && tieTerm === 0
        ? "exact"
        : "asymptotic"
      : options.method;
  let p: number;
  if (method === "exact") {
    p = exactSurvival(u, n1, n2);
  } else {
    const n = n1 + n2;
    const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
    p = Number.isNaN(z) ? 1 : normalCdf(-z);
  }
  if (alternative === "two-sided") p *= 2;
  return { statistic: u1, pValue: Math.min(1, Math.max(0, p)), method };
}
