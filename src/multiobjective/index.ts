/**
 * Multi-objective building blocks shared by samplers (NSGA-II, MOTPE), studies (best trials) and the
 * dashboard: Pareto dominance, non-dominated sorting, the Pareto front of a study and hypervolumes.
 * Platform-free: no Node imports, no dependencies.
 */
export { dominates } from "./dominates.js";
export { hypervolume, hypervolume2d, hypervolumeContributions2d } from "./hypervolume.js";
export { nonDominatedSort, paretoFrontIndices } from "./non-dominated-sort.js";
export { paretoFront } from "./pareto-front.js";
