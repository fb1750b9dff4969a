/**
 * Sweep files: the YAML that `tunekit run` reads, validated into a normalized {@link Sweep}, and the
 * helpers that turn it into trials (parameters, forbidden rules) and commands (placeholders).
 */
export { describeCondition, matches } from "./condition.js";
export { diffSweeps, type SweepChange } from "./diff-sweeps.js";
export { parseDuration } from "./duration.js";
export { loadSweepFile } from "./load-sweep-file.js";
export { paramEnvName } from "./param-name.js";
export { parseSweep } from "./parse-sweep.js";
export { parseStoredSweep } from "./stored-sweep.js";
export { type SubstituteValues, shellQuote, substituteArgs, substituteShell } from "./substitute.js";
export { suggestSweepParams } from "./suggest-sweep-params.js";
export {
  type Condition,
  MATCH_OPS,
  type MatchOp,
  type MatchOps,
  type Sweep,
  type SweepBudget,
  type SweepCommand,
  type SweepParameter,
} from "./sweep.js";
