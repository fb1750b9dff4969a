/**
 * Studies for the dashboard's browser tests and screenshots, written through the public API into a
 * SQLite file: learning curves with pruned and failed trials on two workers, a two-objective study with
 * a constraint, and a study whose name, parameter and choices are HTML.
 */
import {
  createStudy,
  loadStudy,
  RandomSampler,
  type Study,
  setVerbosity,
  type Trial,
  TrialPruned,
} from "../../../src/index.js";

/** The study whose name is an XSS attempt; the UI must show it as text. */
export const XSS_NAME = "<img src=x onerror=alert(1)>";
/** The single-objective study with learning curves. */
export const CURVES_NAME = "mlp-curves";
/** The two-objective study. */
export const PARETO_NAME = "accuracy-vs-latency";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An objective shaped like training a small network: a loss curve reported per epoch, every seventh trial
 * pruned after a few epochs, every thirteenth failing, optionally sleeping `delayMs` per epoch.
 */
export function curvesObjective(delayMs = 0) {
  return async (trial: Trial): Promise<number> => {
    const lr = trial.suggestFloat("lr", 1e-4, 1e-1, { log: true });
    const layers = trial.suggestInt("layers", 1, 4);
    const optimizer = trial.suggestCategorical("optimizer", ["adam", "sgd", "rmsprop"] as const);
    const dropout = trial.suggestFloat("dropout", 0, 0.5);
    trial.setUserAttr("note", `run ${trial.number}`);
    const target = Math.abs(Math.log10(lr) + 2.5) * 0.3 + 0.1 * Math.abs(layers - 3) + dropout * 0.2;
    const final = target + (optimizer === "sgd" ? 0.15 : 0);
    const epochs = 8;
    let loss = 2;
    for (let epoch = 0; epoch < epochs; epoch++) {
      loss = final + (2 - final) * Math.exp(-0.6 * (epoch + 1));
      trial.report(loss, epoch);
      if (delayMs > 0) await sleep(delayMs);
      if (trial.number % 7 === 3 && epoch === 2) {
        await trial.shouldPrune();
        throw new TrialPruned();
      }
    }
    if (trial.number % 13 === 5) throw new Error("CUDA out of memory <script>alert(2)</script>");
    return loss;
  };
}

function paretoObjective(trial: Trial): [number, number] {
  const width = trial.suggestInt("width", 16, 512, { log: true });
  const depth = trial.suggestInt("depth", 1, 8);
  const quant = trial.suggestCategorical("quantize", [true, false] as const);
  const error = 0.3 / Math.sqrt(width / 16) + 0.05 / depth + (quant ? 0.02 : 0);
  const latency = (width * depth) / (quant ? 200 : 100);
  trial.setConstraint("latency_over_budget", latency - 30);
  return [error, latency];
}

function xssObjective(trial: Trial): number {
  const x = trial.suggestFloat("<b>x</b>", -1, 1);
  const kind = trial.suggestCategorical("kind", ["<i>plain</i>", "a&b", '"quoted"'] as const);
  trial.setUserAttr("<script>", "<img src=y onerror=alert(3)>");
  return x * x + (kind === "a&b" ? 0.1 : 0);
}

/** The opened studies, for tests that keep optimizing while the browser watches. */
export interface DemoStudies {
  readonly curves: Study;
  readonly pareto: Study;
}

/**
 * Creates the demo studies in the SQLite database at `url` (a `sqlite:` URL); the HTML-named one unless
 * `withXssStudy` is false.
 * @example
 * const studies = await createDemoStudies("sqlite:/tmp/x/demo.db", { curvesTrials: 40 });
 */
export async function createDemoStudies(
  url: string,
  options: { readonly curvesTrials?: number; readonly withXssStudy?: boolean } = {},
): Promise<DemoStudies> {
  setVerbosity("silent");
  const n = options.curvesTrials ?? 40;
  const curves = await createStudy({
    studyName: CURVES_NAME,
    storage: url,
    sampler: new RandomSampler({ seed: 7 }),
    workerId: "gpu-0",
    metricNames: ["val_loss"],
  });
  const second = await loadStudy({
    studyName: CURVES_NAME,
    storage: url,
    workerId: "gpu-1",
    sampler: new RandomSampler({ seed: 8 }),
  });
  await Promise.all([
    curves.optimize(curvesObjective(), { nTrials: Math.ceil(n / 2), catch: true }),
    second.optimize(curvesObjective(), { nTrials: Math.floor(n / 2), catch: true }),
  ]);
  const pareto = await createStudy({
    studyName: PARETO_NAME,
    storage: url,
    directions: ["minimize", "minimize"],
    metricNames: ["error", "latency_ms"],
    sampler: new RandomSampler({ seed: 3 }),
    workerId: "cpu-0",
  });
  await pareto.optimize(paretoObjective, { nTrials: 40 });
  if (options.withXssStudy !== false) {
    const xss = await createStudy({
      studyName: XSS_NAME,
      storage: url,
      sampler: new RandomSampler({ seed: 1 }),
      workerId: "<b>worker</b>",
    });
    await xss.optimize(xssObjective, { nTrials: 12 });
  }
  return { curves, pareto };
}
