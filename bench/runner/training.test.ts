import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { choleskyInPlace, choleskySolveInPlace } from "../../src/math/cholesky.js";
import { loadProblems, type Problem } from "./problems.js";
import { Rng, readCsv, splitRows, standardize } from "./training/data.js";
import {
  kernelRidgeDiabetes,
  logregBreastCancer,
  MAX_CROSS_ENTROPY,
  MAX_RELATIVE_MSE,
  mlpDigits,
  sgdRegressionDiabetes,
  TRAINING_FUNCTIONS,
  type TrainingParams,
} from "./training.js";

const EXTRA = join(import.meta.dirname, "../extra");
const SET = loadProblems(EXTRA);
const problem = (id: string) => SET.problems.find((p) => p.id === id) as Problem;

/** Every combination of the lowest and highest value of each parameter (first and last choice). */
function corners(p: Problem, fixed: TrainingParams = {}): TrainingParams[] {
  let out: Record<string, number | string>[] = [{}];
  for (const spec of p.space) {
    const ends =
      spec.name in fixed
        ? [fixed[spec.name] as number | string]
        : spec.type === "categorical"
          ? [spec.choices?.[0] as string, spec.choices?.[(spec.choices?.length ?? 1) - 1] as string]
          : [spec.low as number, spec.high as number];
    out = out.flatMap((params) => ends.map((v) => ({ ...params, [spec.name]: v })));
  }
  return out;
}

describe("extra/problems.json", () => {
  it("holds the training problems, each implemented, with the estimated optimum reproduced", () => {
    expect(SET.checkpoints).toEqual([25, 50, 100]);
    const training = SET.problems.filter((p) => TRAINING_FUNCTIONS[p.function ?? ""] !== undefined);
    expect(training.map((p) => p.id)).toEqual([
      "logreg_breast_cancer",
      "mlp_digits",
      "kernel_ridge_diabetes",
      "sgd_regression_diabetes",
    ]);
    for (const p of training) {
      const optimum = p.optimum as { value?: number; params?: TrainingParams };
      expect(Number.isFinite(optimum.value), p.id).toBe(true);
      const f = TRAINING_FUNCTIONS[p.function as string] as (params: TrainingParams) => number;
      expect(f(optimum.params ?? {}), p.id).toBe(optimum.value);
    }
  });
});

describe("training data", () => {
  it("reads the CSVs with their documented shapes", () => {
    const data = join(EXTRA, "data");
    const cancer = readCsv(join(data, "breast-cancer.csv"));
    expect([cancer.rows, cancer.cols]).toEqual([569, 30]);
    expect(new Set(cancer.y)).toEqual(new Set([0, 1]));
    const digits = readCsv(join(data, "digits.csv"));
    expect([digits.rows, digits.cols]).toEqual([1797, 64]);
    expect(Math.max(...digits.x)).toBe(16);
    expect(new Set(digits.y).size).toBe(10);
    const diabetes = readCsv(join(data, "diabetes.csv"));
    expect([diabetes.rows, diabetes.cols]).toEqual([442, 10]);
  });

  it("splits the same way every time and standardizes with the training rows' statistics", () => {
    const table = readCsv(join(EXTRA, "data/diabetes.csv"));
    const a = standardize(splitRows(table, 0.25, 1));
    const b = standardize(splitRows(table, 0.25, 1));
    expect([a.train.rows, a.valid.rows]).toEqual([331, 111]);
    expect(a.valid.y).toEqual(b.valid.y);
    expect(a.train.x).toEqual(b.train.x);
    for (let c = 0; c < a.train.cols; c++) {
      let mean = 0;
      let square = 0;
      for (let r = 0; r < a.train.rows; r++) {
        const v = a.train.x[r * a.train.cols + c] as number;
        mean += v / a.train.rows;
        square += (v * v) / a.train.rows;
      }
      expect(mean).toBeCloseTo(0, 12);
      expect(square).toBeCloseTo(1, 12);
    }
    expect(splitRows(table, 0.25, 1, 50).train.rows).toBe(50);
  });

  it("Rng: a fixed stream per seed, uniform in [0, 1)", () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 1000 }, () => rng.next());
    };
    const xs = draw(7);
    expect(draw(7)).toEqual(xs);
    expect(draw(8)).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("Cholesky as kernel ridge calls it (no jitter) solves a small SPD system and refuses a non-SPD one", () => {
    const a = Float64Array.of(4, 2, 2, 3);
    expect(choleskyInPlace(a, 2, { maxJitter: 0 }).ok).toBe(true);
    expect([a[0], a[2]]).toEqual([2, 1]);
    expect(a[3]).toBeCloseTo(Math.SQRT2, 15);
    const b = Float64Array.of(6, 5);
    choleskySolveInPlace(a, 2, b);
    expect(b[0]).toBeCloseTo(1, 14);
    expect(b[1]).toBeCloseTo(1, 14);
    expect(choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2, { maxJitter: 0 }).ok).toBe(false);
  });
});

describe("training objectives", () => {
  it("are deterministic: the same parameters give the same value", () => {
    const logreg = { lr: 0.3, l2: 1e-3, momentum: 0.5, batch_size: 20, epochs: 7 };
    expect(logregBreastCancer(logreg)).toBe(logregBreastCancer({ ...logreg }));
    const mlp = {
      lr: 0.05,
      l2: 1e-4,
      hidden: 33,
      momentum: 0.8,
      batch_size: 24,
      epochs: 5,
      activation: "tanh",
    };
    expect(mlpDigits(mlp)).toBe(mlpDigits({ ...mlp }));
    expect(kernelRidgeDiabetes({ alpha: 0.3, gamma: 0.02 })).toBe(
      kernelRidgeDiabetes({ alpha: 0.3, gamma: 0.02 }),
    );
    const sgd = { lr: 0.003, l2: 1e-3, epochs: 9 };
    expect(sgdRegressionDiabetes(sgd)).toBe(sgdRegressionDiabetes({ ...sgd }));
  });

  it("are finite at every corner of their spaces", () => {
    for (const id of ["logreg_breast_cancer", "kernel_ridge_diabetes", "sgd_regression_diabetes"]) {
      const p = problem(id);
      const f = TRAINING_FUNCTIONS[p.function as string] as (params: TrainingParams) => number;
      for (const params of corners(p))
        expect(Number.isFinite(f(params)), `${id} ${JSON.stringify(params)}`).toBe(true);
    }
    // mlp_digits: every corner of lr, l2, momentum and activation, at its cheapest and costliest size.
    const mlp = problem("mlp_digits");
    for (const size of [
      { hidden: 8, batch_size: 256, epochs: 1 },
      { hidden: 128, batch_size: 16, epochs: 20 },
    ]) {
      for (const params of corners(mlp, size)) {
        const value = mlpDigits(params);
        expect(Number.isFinite(value), JSON.stringify(params)).toBe(true);
        expect(value).toBeLessThanOrEqual(MAX_CROSS_ENTROPY);
      }
    }
  }, 30_000);

  it("logreg_breast_cancer: a sensible setting beats a terrible one; divergence scores the penalty", () => {
    const logreg = (lr: number, l2: number, momentum: number, batch_size: number, epochs: number) =>
      logregBreastCancer({ lr, l2, momentum, batch_size, epochs });
    expect(logreg(0.1, 1e-4, 0.9, 32, 20)).toBeLessThan(0.05);
    expect(logreg(0.1, 1e-6, 0, 32, 20)).toBeLessThan(0.1);
    // Barely trained: about ln 2.
    expect(logreg(1e-4, 1e-6, 0, 256, 1)).toBeGreaterThan(0.6);
    // lr·l2 = 10 makes the weight decay overshoot: the weights blow up to ∞.
    expect(logreg(10, 1, 0.99, 8, 50)).toBe(MAX_CROSS_ENTROPY);
  });

  it("mlp_digits: a sensible setting beats a terrible one", () => {
    const sensible = { lr: 0.1, l2: 1e-3, hidden: 64, momentum: 0.9, batch_size: 16, epochs: 20 };
    expect(mlpDigits({ ...sensible, activation: "tanh" })).toBeLessThan(0.7);
    expect(mlpDigits({ ...sensible, activation: "relu" })).toBeLessThan(1);
    // Barely trained: about ln 10 ≈ 2.30 or worse.
    const barely = { lr: 1e-4, l2: 1e-7, hidden: 8, momentum: 0, batch_size: 256, epochs: 1 };
    expect(mlpDigits({ ...barely, activation: "relu" })).toBeGreaterThan(2);
    // Effective learning rate 100: confidently wrong on many rows.
    const wild = { lr: 1, l2: 1e-7, hidden: 128, momentum: 0.99, batch_size: 16, epochs: 20 };
    expect(mlpDigits({ ...wild, activation: "relu" })).toBeGreaterThan(10);
  });

  it("kernel_ridge_diabetes: a sensible setting beats a terrible one; the constant predictor scores ≈ 1", () => {
    expect(kernelRidgeDiabetes({ alpha: 0.1, gamma: 0.01 })).toBeLessThan(0.6);
    // A very narrow kernel predicts the training mean away from the training rows.
    expect(kernelRidgeDiabetes({ alpha: 100, gamma: 10 })).toBeCloseTo(1, 1);
    // Almost no ridge on an ill-conditioned kernel: overfits badly.
    expect(kernelRidgeDiabetes({ alpha: 1e-6, gamma: 0.03 })).toBeGreaterThan(2);
  });

  it("sgd_regression_diabetes: a sensible setting beats a terrible one; divergence scores the cap", () => {
    expect(sgdRegressionDiabetes({ lr: 0.01, l2: 1e-4, epochs: 20 })).toBeLessThan(0.6);
    // Untrained: predicts ≈ 0 on a target with mean ≈ 150.
    expect(sgdRegressionDiabetes({ lr: 1e-5, l2: 1e-4, epochs: 1 })).toBeGreaterThan(4);
    expect(sgdRegressionDiabetes({ lr: 1, l2: 1e-4, epochs: 1 })).toBe(MAX_RELATIVE_MSE);
  });
});
