import { InvalidArgumentError } from "../../errors.js";
import type { KnownKeys } from "../../options/option-keys.js";
import type { JsonValue } from "../../trial/frozen-trial.js";
import { GP_ACQUISITIONS, type GpAcquisition } from "./acquisition.js";
import { OUTPUT_WARPS, type OutputWarp } from "./warp-choice.js";

/** Options of `GPSampler`; every one has a default (see the class). */
export interface GPSamplerOptions {
  readonly seed?: number;
  readonly nStartupTrials?: number;
  readonly acquisition?: GpAcquisition;
  readonly beta?: number;
  readonly deterministicObjective?: boolean;
  readonly constantLiar?: boolean;
  readonly nCandidates?: number;
  readonly nLocalSearch?: number;
  readonly warnIndependentSampling?: boolean;
  readonly costAware?: boolean;
  readonly outputWarp?: OutputWarp;
  readonly avoidDuplicates?: boolean;
}

/** The keys of {@link GPSamplerOptions}, checked at runtime (JavaScript callers have no types). */
export const GP_SAMPLER_KEYS = {
  seed: true,
  nStartupTrials: true,
  acquisition: true,
  beta: true,
  deterministicObjective: true,
  constantLiar: true,
  nCandidates: true,
  nLocalSearch: true,
  warnIndependentSampling: true,
  costAware: true,
  outputWarp: true,
  avoidDuplicates: true,
} satisfies KnownKeys<GPSamplerOptions>;

/**
 * Throws an `InvalidArgumentError` naming the option, the rule and the value when an option is invalid.
 * @example
 * validateOptions(42, { nStartupTrials: -1 }); // throws
 */
export function validateOptions(seed: number, options: GPSamplerOptions): void {
  const fail = (name: string, value: unknown, rule: string): never => {
    throw new InvalidArgumentError(`GPSampler: ${name} ${rule}, but got ${String(value)}.`, {
      name,
      value: (value ?? null) as JsonValue,
    });
  };
  if (!Number.isInteger(seed)) fail("seed", seed, "must be an integer");
  const int = (name: "nStartupTrials" | "nCandidates" | "nLocalSearch", min: number) => {
    const v = options[name];
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) fail(name, v, `must be an integer ≥ ${min}`);
  };
  int("nStartupTrials", 0);
  int("nCandidates", 1);
  int("nLocalSearch", 0);
  const acq = options.acquisition;
  if (acq !== undefined && !GP_ACQUISITIONS.includes(acq))
    fail("acquisition", acq, `must be one of ${GP_ACQUISITIONS.join(", ")}`);
  if (options.costAware === true && acq !== undefined && acq !== "logei" && acq !== "ei")
    fail(
      "costAware",
      true,
      `needs acquisition "logei" or "ei" (expected improvement per unit cost), not "${acq}"`,
    );
  const warp = options.outputWarp;
  if (warp !== undefined && !OUTPUT_WARPS.includes(warp))
    fail("outputWarp", warp, `must be one of ${OUTPUT_WARPS.join(", ")}`);
  const beta = options.beta;
  if (beta !== undefined && !(typeof beta === "number" && beta >= 0 && Number.isFinite(beta)))
    fail("beta", beta, "must be a finite number ≥ 0");
}
