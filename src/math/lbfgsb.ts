/**
 * Bound-constrained minimization by a projected limited-memory BFGS method.
 *
 * This is the simpler relative of Byrd, Lu, Nocedal & Zhu's L-BFGS-B (1995), without its generalized
 * Cauchy point and subspace minimization, in the form of Bertsekas' projected quasi-Newton methods
 * (1982) and Kim, Sra & Dhillon (2010):
 * 1. the *binding set* is every variable at a bound whose gradient pushes it further out; those
 *    variables are held fixed for the step;
 * 2. the direction on the free variables is −H·g, H the L-BFGS inverse-Hessian approximation restricted
 *    to the free variables (two-loop recursion over their coordinates); if that is not a descent
 *    direction the memory is dropped and −g is used;
 * 3. the step x(t) = P(x + t·d), P the projection onto the box, is chosen by backtracking from t = 1
 *    until the Armijo condition f(x(t)) ≤ f(x) + c₁·gᵀ(x(t) − x) holds along the projection arc; a
 *    non-finite f(x(t)) counts as a failed trial, so regions where the function is NaN or ±Infinity are
 *    stepped back from, never entered;
 * 4. a curvature pair (s, y) enters the memory only when sᵀy > ε·yᵀy, which keeps H positive definite.
 * Projected gradient steps with an Armijo arc search converge to stationary points of the bounded
 * problem; the quasi-Newton scaling only changes the speed. Stops when the projected gradient's largest
 * entry is below `pgtol`, when f decreases by less than `ftol` relative, or after `maxIterations`.
 */

/** The function to minimize: writes ∇f(x) into `grad` and returns f(x). */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeBounded}. */
export interface BoundedMinimizeOptions {
  /** Lower bounds (−Infinity for none); same length as x0. */
  readonly lower: Float64Array | readonly number[];
  /** Upper bounds (+Infinity for none). */
  readonly upper: Float64Array | readonly number[];
  /** Stored curvature pairs. Default 10. */
  readonly memory?: number;
  /** Iteration limit. Default 200. */
  readonly maxIterations?: number;
  /** Function-evaluation limit (line-search trials included). Default 20 × maxIterations. */
  readonly maxEvaluations?: number;
  /** Stop when max |projected gradient| ≤ pgtol. Default 1e-5. */
  readonly pgtol?: number;
  /** Stop when (f_k − f_{k+1}) ≤ ftol·max(|f_k|, |f_{k+1}|, 1). Default 1e-10. */
  readonly ftol?: number;
  /**
   * f alone, when it costs much less than f with its gradient. The line search then evaluates each trial
   * point with it and calls `fg` only at the point it accepts, where `fg` must return the same value
   * (and may reuse what this call computed at that x); the iterates are the same as without it.
   */
  readonly value?: (x: Float64Array) => number;
}

/** Why {@link minimizeBounded} stopped. */
export const MINIMIZE_REASONS = [
  "projected-gradient",
  "small-decrease",
  "max-iterations",
  "max-evaluations",
  "line-search-failed",
  "non-finite-start",
] as const;
/** One of {@link MINIMIZE_REASONS}. */
export type MinimizeReason = (typeof MINIMIZE_REASONS)[number];

/** The outcome of {@link minimizeBounded}: the best point found and how the run ended. */
export interface BoundedMinimizeResult {
  /** The best point (inside the bounds). */
  readonly x: Float64Array;
  /** f(x); NaN only with reason "non-finite-start". */
  readonly f: number;
  /** ∇f(x). */
  readonly grad: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  /** True for "projected-gradient" and "small-decrease". */
  readonly converged: boolean;
  readonly reason: MinimizeReason;
}

const ARMIJO_C1 = 1e-4;
const MAX_BACKTRACKS = 40;

/**
 * Minimizes `fg` over the box [lower, upper] from `x0` (projected into the box first). See the module
 * comment for the method. Deterministic; allocates O(memory·n) once.
 * @example
 * const r = minimizeBounded((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; },
 *   Float64Array.of(0), { lower: [0], upper: [2] });
 * r.x[0]; // 2 (the bound)
 */
export function minimizeBounded(
  fg: ValueAndGradient,
  x0: Float64Array | readonly number[],
  options: BoundedMinimizeOptions,
): BoundedMinimizeResult {
  const n = x0.length;
  const lower = Float64Array.from(options.lower);
  const upper = Float64Array.from(options.upper);
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = options.maxEvaluations ?? 20 * maxIterations;
  const pgtol = options.pgtol ?? 1e-5;
  const ftol = options.ftol ?? 1e-10;
  const valueOnly = options.value;

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i] as number, lower[i] as number, upper[i] as number);
  const g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  const done = (reason: MinimizeReason, iterations: number): BoundedMinimizeResult => ({
    x,
    f,
    grad: g,
    iterations,
    evaluations,
    converged: reason === "projected-gradient" || reason === "small-decrease",
    reason,
  });
  if (!Number.isFinite(f) || !allFinite(g)) return done("non-finite-start", 0);

  const memory = new LbfgsMemory(n, m);
  const free = new Uint8Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    if (projectedGradientNorm(x, g, lower, upper) <= pgtol) return done("projected-gradient", iter);
    markFree(x, g, lower, upper, free);
    memory.direction(g, free, d);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      memory.clear();
      for (let i = 0; i < n; i++) d[i] = free[i] === 1 ? -(g[i] as number) : 0;
      slope = dot(g, d);
    }
    // Without curvature information the first step is scaled to move about one unit.
    let t = memory.size === 0 ? Math.min(1, 1 / Math.max(maxAbs(d), 1e-300)) : 1;
    let accepted = false;
    let fNew = Number.NaN;
    for (let k = 0; k < MAX_BACKTRACKS; k++) {
      if (evaluations >= maxEvaluations) return done("max-evaluations", iter);
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        const v = clamp((x[i] as number) + t * (d[i] as number), lower[i] as number, upper[i] as number);
        xNew[i] = v;
        decrease += (g[i] as number) * (v - (x[i] as number));
      }
      evaluations++;
      if (valueOnly !== undefined) {
        fNew = valueOnly(xNew);
        if (!(Number.isFinite(fNew) && fNew <= f + ARMIJO_C1 * decrease)) {
          t *= 0.5;
          continue;
        }
      }
      fNew = fg(xNew, gNew);
      if (Number.isFinite(fNew) && allFinite(gNew) && fNew <= f + ARMIJO_C1 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return done("line-search-failed", iter);
    memory.push(x, xNew, g, gNew);
    const previous = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (previous - f <= ftol * Math.max(Math.abs(previous), Math.abs(f), 1)) {
      return done("small-decrease", iter + 1);
    }
  }
  return done("max-iterations", maxIterations);
}

/** The L-BFGS curvature pairs, in a ring buffer. */
class LbfgsMemory {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly alpha: Float64Array;
  private count = 0;
  private head = 0;

  constructor(
    private readonly n: number,
    private readonly m: number,
  ) {
    this.s = Array.from({ length: m }, () => new Float64Array(n));
    this.y = Array.from({ length: m }, () => new Float64Array(n));
    this.alpha = new Float64Array(m);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
    this.head = 0;
  }

  /** Adds (x' − x, g' − g) when its curvature sᵀy is safely positive. */
  push(x: Float64Array, xNew: Float64Array, g: Float64Array, gNew: Float64Array): void {
    const s = this.s[this.head] as Float64Array;
    const y = this.y[this.head] as Float64Array;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < this.n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
      sy += (s[i] as number) * (y[i] as number);
      yy += (y[i] as number) * (y[i] as number);
    }
    if (!(sy > 1e-10 * yy) || !(yy > 0)) return;
    this.head = (this.head + 1) % this.m;
    this.count = Math.min(this.count + 1, this.m);
  }

  /** d = −H·g over the free coordinates (0 elsewhere), by the two-loop recursion restricted to them. */
  direction(g: Float64Array, free: Uint8Array, d: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) d[i] = free[i] === 1 ? -(g[i] as number) : 0;
    const order = (j: number) => (this.head - 1 - j + this.m * 2) % this.m;
    let gamma = 1;
    for (let j = 0; j < this.count; j++) {
      const s = this.s[order(j)] as Float64Array;
      const y = this.y[order(j)] as Float64Array;
      const sy = maskedDot(s, y, free);
      if (!(sy > 0)) {
        this.alpha[j] = 0;
        continue;
      }
      const a = maskedDot(s, d, free) / sy;
      this.alpha[j] = a;
      for (let i = 0; i < n; i++) if (free[i] === 1) d[i] = (d[i] as number) - a * (y[i] as number);
      if (j === 0) gamma = sy / Math.max(maskedDot(y, y, free), 1e-300);
    }
    for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    for (let j = this.count - 1; j >= 0; j--) {
      const s = this.s[order(j)] as Float64Array;
      const y = this.y[order(j)] as Float64Array;
      const sy = maskedDot(s, y, free);
      if (!(sy > 0)) continue;
      const b = maskedDot(y, d, free) / sy;
      const a = this.alpha[j] as number;
      for (let i = 0; i < n; i++) if (free[i] === 1) d[i] = (d[i] as number) + (a - b) * (s[i] as number);
    }
  }
}

/** Marks variables not held at a bound by their gradient (within a relative 1e-12 of the bound). */
function markFree(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  free: Uint8Array,
) {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const gi = g[i] as number;
    const atLower = xi <= (lower[i] as number) + 1e-12 * Math.max(1, Math.abs(lower[i] as number));
    const atUpper = xi >= (upper[i] as number) - 1e-12 * Math.max(1, Math.abs(upper[i] as number));
    free[i] = (atLower && gi > 0) || (atUpper && gi < 0) ? 0 : 1;
  }
}

/** max |P(x − g) − x|: zero exactly at the stationary points of the bounded problem. */
function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array) {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const step = clamp(xi - (g[i] as number), lower[i] as number, upper[i] as number) - xi;
    worst = Math.max(worst, Math.abs(step));
  }
  return worst;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maskedDot(a: Float64Array, b: Float64Array, mask: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (mask[i] === 1) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] as number)) return false;
  return true;
}
