/**
 * tunekit/core: the platform-free API (no Node-only imports, no runtime dependencies). Runs in Node, a
 * browser or a worker. The `tunekit` entry re-exports all of it and adds Node back-ends.
 */
export * from "./errors.js";
export {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportStudyOptions,
  exportStudy,
} from "./export/export-study.js";
export {
  parseTrialsJson,
  TRIALS_JSON_FORMAT,
  TRIALS_JSON_VERSION,
  type TrialsJson,
  type TrialsJsonStudy,
  trialsToJson,
} from "./export/trials-json.js";
export {
  CSV_COLUMN_GROUPS,
  type CsvColumnGroup,
  type TrialsCsvOptions,
  trialsToCsv,
} from "./export/trials-to-csv.js";
export {
  IMPORTANCE_EVALUATOR_NAMES,
  type ImportanceEvaluatorName,
  importanceEvaluator,
  isImportanceEvaluatorName,
} from "./importance/evaluator-by-name.js";
export { FanovaEvaluator, type FanovaPair } from "./importance/fanova/fanova-evaluator.js";
export type { ForestImportanceOptions } from "./importance/forest-importance.js";
export type { ImportanceEvaluator, ImportanceInput } from "./importance/importance-evaluator.js";
export { buildImportanceInput, importanceBounds, importanceScale } from "./importance/importance-input.js";
export { impurityDecrease, MeanDecreaseImpurityEvaluator } from "./importance/mean-decrease-impurity.js";
export {
  ACTIVE_IMPORTANCE_NOTE,
  CONDITIONAL_MODES,
  type ConditionalMode,
  getParamImportances,
  type ImportanceStudy,
  type ParamImportancesOptions,
  paramImportances,
} from "./importance/param-importances.js";
export { PedAnovaEvaluator, type PedAnovaOptions } from "./importance/ped-anova/ped-anova-evaluator.js";
export { type RankedImportance, rankedImportances } from "./importance/ranked-importances.js";
export {
  getLogSink,
  getVerbosity,
  type LogSink,
  log,
  setLogSink,
  setVerbosity,
  VERBOSITIES,
  type Verbosity,
} from "./logging/logger.js";
export type { ForestFitInput } from "./math/forest/fit-input.js";
export {
  RANDOM_FOREST_FORMAT,
  RANDOM_FOREST_VERSION,
  type RandomForestJson,
  type RegressionTreeJson,
} from "./math/forest/forest-json.js";
export type { RandomForestOptions, ResolvedForestOptions } from "./math/forest/forest-options.js";
export { leafOf } from "./math/forest/predict-tree.js";
export { type ForestPrediction, RandomForest } from "./math/forest/random-forest.js";
export type { ForestFeature, RegressionTree } from "./math/forest/regression-tree.js";
export { Rng, type RngState, randomSeed } from "./math/rng.js";
export {
  WILCOXON_ALTERNATIVES,
  type WilcoxonAlternative,
  type WilcoxonOptions,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from "./math/wilcoxon.js";
export * from "./multiobjective/index.js";
export { type PluginFactory, PluginRegistry } from "./plugins/registry.js";
export {
  createProgressReporter,
  formatProgress,
  type ProgressFactory,
  type ProgressReporter,
  type ProgressSnapshot,
  plainProgress,
  setProgressFactory,
} from "./progress/progress.js";
export { HyperbandPruner, type HyperbandPrunerOptions } from "./pruners/hyperband/hyperband-pruner.js";
export { NopPruner } from "./pruners/nop-pruner.js";
export type { ObjectiveOptions } from "./pruners/options.js";
export { PatientPruner, type PatientPrunerOptions } from "./pruners/patient-pruner.js";
export {
  MedianPruner,
  type MedianPrunerOptions,
  PercentilePruner,
  type PercentilePrunerOptions,
} from "./pruners/percentile-pruner.js";
export {
  type PruneContext,
  type Pruner,
  type PruneTarget,
  prunerRegistry,
  registerPruner,
  scalarReport,
} from "./pruners/pruner.js";
export {
  SuccessiveHalvingPruner,
  type SuccessiveHalvingPrunerOptions,
} from "./pruners/successive-halving/successive-halving-pruner.js";
export { ThresholdPruner, type ThresholdPrunerOptions } from "./pruners/threshold-pruner.js";
export { WilcoxonPruner, type WilcoxonPrunerOptions } from "./pruners/wilcoxon-pruner.js";
export {
  CMAES_FALLBACKS,
  CMAES_STATE_KEY,
  type CmaEsFallback,
  type CmaEsRecord,
  CmaEsSampler,
  type CmaEsSamplerOptions,
  parseCmaEsRecord,
} from "./samplers/cmaes/cmaes-sampler.js";
export {
  EVOLUTION_SAMPLER_KEYS,
  RegularizedEvolutionSampler,
  type RegularizedEvolutionSamplerOptions,
} from "./samplers/evolution/evolution-sampler.js";
export { GP_ACQUISITIONS, type GpAcquisition } from "./samplers/gp/acquisition.js";
export { GPSampler, type GPSamplerOptions } from "./samplers/gp/gp-sampler.js";
export { GridSampler, type GridSamplerOptions, type GridSearchSpace } from "./samplers/grid/grid-sampler.js";
export {
  claimQmcPoint,
  QMC_TYPES,
  QMCSampler,
  type QMCSamplerOptions,
  type QmcPoint,
  type QmcPointRequest,
  type QmcType,
} from "./samplers/qmc/qmc-sampler.js";
export { RandomSampler, type RandomSamplerOptions, sampleUniform } from "./samplers/random/random-sampler.js";
export {
  type IndependentSample,
  registerSampler,
  type Sampler,
  type SamplerCapabilities,
  type SamplerContext,
  samplerRegistry,
} from "./samplers/sampler.js";
export { TPESampler, type TPESamplerOptions } from "./samplers/tpe/tpe-sampler.js";
export * from "./search-space/distribution.js";
export {
  assertCompatible,
  categoricalDistribution,
  describe as describeDistribution,
  type FloatOptions,
  floatDistribution,
  type IntOptions,
  intDistribution,
  validateDistribution,
} from "./search-space/validate.js";
export { MemoryStorage } from "./storage/memory/memory-storage.js";
export * from "./storage/storage.js";
export {
  type OpenStorageOptions,
  openStorage,
  redact,
  redactStorageUrl,
  registerStorageScheme,
  type StorageOpener,
} from "./storage/storage-url.js";
export { countsTowardMax } from "./storage/trial-transitions.js";
export type { AddTrialInput } from "./study/add-trial.js";
export { type CopyStudyOptions, type CopyStudyResult, copyStudy } from "./study/copy-study.js";
export {
  type CreateStudyOptions,
  createStudy,
  type DeleteStudyOptions,
  deleteStudy,
  type ListStudiesOptions,
  type LoadStudyOptions,
  listStudies,
  loadStudy,
  type StorageInput,
} from "./study/create-study.js";
export { type ParamAtEdge, paramsAtEdge } from "./study/edge-of-range.js";
export {
  createLeaseKeeper,
  type LeaseKeeper,
  type LeaseKeeperArgs,
  type LeaseKeeperFactory,
  setLeaseKeeperFactory,
  timerLeaseKeeper,
} from "./study/lease-keeper.js";
export { DEFAULT_LEASE } from "./study/lease-session.js";
export {
  type CatchOption,
  type ObjectiveFunction,
  type OptimizeCallback,
  type OptimizeOptions,
  type OptimizeResult,
  STOP_REASONS,
  type StopReason,
} from "./study/optimize.js";
export {
  BudgetTally,
  formatSearchBudget,
  formatSeconds,
  type SearchBudget,
  searchBudget,
} from "./study/search-budget.js";
export { type AskOptions, type EnqueueOptions, failUntoldTrials, Study } from "./study/study.js";
export type { StateStore, StudyView } from "./study/study-view.js";
export type { TellResult } from "./study/tell-result.js";
export { TrialColumns } from "./study/trial-columns.js";
export { defaultWorkerId, setWorkerIdFactory } from "./study/worker-id.js";
export * from "./trial/frozen-trial.js";
export { Trial } from "./trial/trial.js";
