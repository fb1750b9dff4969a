import { describe, expect, it } from "vitest";
import type { Distribution } from "../../search-space/distribution.js";
import { blankTrial } from "../../storage/trial-record.js";
import type { StudyView } from "../../study/study-view.js";
import type { FrozenTrial, TrialState } from "../../trial/frozen-trial.js";
import { TriedConfigurations } from "./tried-configurations.js";

const INT: Distribution = { type: "int", low: 0, high: 9, log: false, step: 1 };
const CAT: Distribution = { type: "categorical", choices: ["a", "b"] };
const ONE: Distribution = { type: "categorical", choices: ["only"] };
const FLOAT: Distribution = { type: "float", low: 0, high: 1, log: false, step: null };
const SPACE = { n: INT, c: CAT };

function trial(
  number: number,
  state: TrialState,
  params: FrozenTrial["params"],
  distributions: FrozenTrial["distributions"],
): FrozenTrial {
  return { ...blankTrial(number, number, state), params, distributions };
}

const view = (trials: FrozenTrial[]) => ({ trials }) as unknown as StudyView;
const none = () => undefined;

describe("TriedConfigurations", () => {
  it("knows finished configurations by internal value, ignoring order and single-valued parameters", () => {
    const tried = new TriedConfigurations();
    tried.addFinished(trial(0, "COMPLETE", { n: 3, c: "b", k: "only" }, { n: INT, c: CAT, k: ONE }));
    const v = view([]);
    expect(tried.has({ c: 1, n: 3 }, SPACE, v, new Int32Array(0), 9, none)).toBe(true);
    expect(tried.has({ n: 3, c: 0 }, SPACE, v, new Int32Array(0), 9, none)).toBe(false);
    // A configuration is the whole set: a subset or superset is another configuration.
    expect(tried.has({ n: 3 }, SPACE, v, new Int32Array(0), 9, none)).toBe(false);
    expect(tried.has({ n: 3, c: 1, m: 0 }, SPACE, v, new Int32Array(0), 9, none)).toBe(false);
  });

  it("skips trials with a continuous float (they do not repeat)", () => {
    const tried = new TriedConfigurations();
    tried.addFinished(trial(0, "COMPLETE", { n: 3, x: 0.5 }, { n: INT, x: FLOAT }));
    expect(tried.has({ n: 3, x: 0.5 }, { n: INT, x: FLOAT }, view([]), new Int32Array(0), 9, none)).toBe(
      false,
    );
  });

  it("sees running and enqueued trials other than its own, with this process's unflushed proposals", () => {
    const tried = new TriedConfigurations();
    const trials = [
      trial(0, "RUNNING", { n: 1 }, { n: INT }),
      trial(1, "WAITING", { n: 2, c: "a" }, {}),
      trial(2, "RUNNING", { n: 4, c: "a" }, { n: INT, c: CAT }),
    ];
    const v = view(trials);
    const rows = Int32Array.of(0, 1, 2);
    const proposed = (n: number) => (n === 0 ? new Map([["c", 1]]) : undefined);
    // Trial 0 has flushed n = 1; this process proposed c = "b" for it.
    expect(tried.has({ n: 1, c: 1 }, SPACE, v, rows, 9, proposed)).toBe(true);
    expect(tried.has({ n: 1, c: 1 }, SPACE, v, rows, 9, none)).toBe(false);
    // The enqueued trial's fixed params have no distributions yet; the names' distributions read them.
    expect(tried.has({ n: 2, c: 0 }, SPACE, v, rows, 9, none)).toBe(true);
    expect(tried.has({ n: 2, c: 0 }, { n: INT }, v, rows, 9, none)).toBe(false);
    // Its own trial does not count.
    expect(tried.has({ n: 4, c: 0 }, SPACE, v, rows, 2, none)).toBe(false);
    expect(tried.has({ n: 4, c: 0 }, SPACE, v, rows, 9, none)).toBe(true);
  });
});
