/**
 * Running a trial's program: the `tunekit:` line protocol, the collection of its reports into a result,
 * the child process in a group of its own, and the on-disk registry that lets a later tunekit stop the
 * groups of one that was killed.
 */

export { LineProblems } from "./line-problems.js";
export {
  type CleanOrphansResult,
  cleanOrphans,
  type GroupRecord,
  type RegisterGroupArgs,
  registerGroup,
  registryDir,
  unregisterGroup,
} from "./process-registry.js";
export {
  isProtocolProblem,
  overflowNote,
  type ProtocolMessage,
  type ProtocolProblem,
  parseProtocolLine,
} from "./protocol.js";
export {
  type CollectedFailureCode,
  type CollectedResult,
  type IntermediateReport,
  ReportCollector,
  type ReportCollectorOptions,
} from "./report-collector.js";
export {
  type ExitInfo,
  startTrialProcess,
  type TrialCommand,
  type TrialProcess,
  type TrialProcessOptions,
} from "./trial-process.js";
