import type { Rng } from "../../math/rng.js";
import type { SearchSpace } from "../../search-space/distribution.js";
import type { StudyView } from "../../study/study-view.js";
import { collectObservations, type Observations, runningPoints } from "./gp-data.js";
import { type Proposal, type ProposalSettings, proposePoint } from "./gp-proposal.js";
import { fromUnit, type GpDim, gpDims, snapUnit, toUnit } from "./gp-space.js";

/** Inputs of {@link proposeGroups}. */
export interface GroupsInput {
  readonly study: StudyView;
  /** The number of the trial being sampled for (left out of the running trials). */
  readonly own: number;
  /** The conditional groups: parameters that occur together, outside the intersection. */
  readonly groups: readonly SearchSpace[];
  /** The intersection's dimensions and this trial's internal values of them (proposed or enqueued). */
  readonly given: readonly GpDim[];
  readonly givenValues: Float64Array;
  /** 1 for an intersection parameter this trial already has (enqueued), which no branch choice moves. */
  readonly locked: Uint8Array;
  /**
   * The intersection GP's acquisition at its proposal in comparable units (`Proposal.value`); NaN
   * when there is none, and then the branch is not chosen by the groups' acquisitions.
   */
  readonly mainValue: number;
  readonly settings: ProposalSettings;
  readonly warm: Readonly<Record<string, readonly number[]>> | null;
  /** The loss of each row of the study's `TrialColumns` that the intersection's GP observes (NaN elsewhere). */
  readonly lossByRow: Float64Array;
  /** The best feasible loss of all the trials (see `ProposalInput.incumbent`). */
  readonly incumbent: number | null;
  /** The standardization of all the trials' losses (see `ProposalInput.scale`). */
  readonly scale: { readonly mean: number; readonly sd: number };
  /** The generator of a group's proposal (by its sorted parameter names). */
  readonly rngFor: (names: string) => Rng;
  /** The constant liar's source of running trials' unflushed values; null without the liar. */
  readonly fill: ((number: number, name: string) => number | undefined) | null;
}

/** What {@link proposeGroups} returns. */
export interface GroupsProposal {
  /** The intersection's internal values, with the branch choice applied. */
  readonly given: Float64Array;
  /** Proposed internal values of the groups' parameters. */
  readonly values: Record<string, number>;
  /** Fitted hyperparameters by model key (`group:<names>/…`). */
  readonly thetas: Record<string, number[]>;
}

/**
 * Proposes values for the conditional groups, each with a GP fitted on the COMPLETE trials that have it
 * (from the first one on; while their values are all equal, its outputs are standardized with the
 * spread of all the trials). A group's GP takes the group's parameters and the intersection's parameters, held at this
 * trial's values while its acquisition is maximized: the group's best values given the rest of the
 * configuration. A categorical of the intersection that is constant among the group's trials (the
 * choice that opens the branch) is left out and gates the group: when this trial's value differs, or a
 * categorical input takes a choice never seen with the group, the group is not proposed for (the
 * trial will most likely not suggest it; if it does, TPE samples it).
 *
 * The branch: the intersection's GP sees a branch's trials as noise around one mean, so once a branch
 * holds good trials it tends to be chosen again even when the branch's own GP is sure it cannot
 * improve. So each group's best acquisition, against the incumbent of all the trials and in units
 * comparable across GPs, is set against the intersection GP's at its proposal; when a group's is
 * larger, the trial takes that group's gate values, and so its branch. Without a comparable value
 * (UCB, Thompson sampling, cost-aware search, an enqueued intersection) the intersection GP's choice
 * stands.
 * @example
 * const { given, values, thetas } = proposeGroups({ study, own, groups, given: dims, givenValues, ... });
 */
export function proposeGroups(input: GroupsInput): GroupsProposal {
  const { given, givenValues } = input;
  const models = input.groups
    .map((group) => groupModel(input, group))
    .filter((m): m is GroupModel => m !== null);
  const initial = Float64Array.from(given, (dim, k) => snapUnit(dim, toUnit(dim, givenValues[k] as number)));
  const tried = Number.isFinite(input.mainValue) ? tryBranches(input, models, initial) : new Map();
  let chosen = initial;
  let best = input.mainValue;
  const thetas: Record<string, number[]> = {};
  for (const { at, proposal } of tried.values()) {
    Object.assign(thetas, proposal.thetas);
    if (proposal.value > best) {
      best = proposal.value;
      chosen = at;
    }
  }
  const values: Record<string, number> = {};
  for (const model of models) {
    if (!active(model, chosen)) continue;
    const earlier = tried.get(model);
    const proposal =
      earlier !== undefined && sameInputs(model, earlier.at, chosen)
        ? earlier.proposal
        : propose(input, model, chosen, false);
    Object.assign(thetas, proposal.thetas);
    model.groupDims.forEach((dim, j) => {
      values[dim.name] = fromUnit(dim, proposal.point[model.inputs.length + j] as number);
    });
  }
  const out = Float64Array.from(given, (dim, k) =>
    chosen[k] === initial[k] ? (givenValues[k] as number) : fromUnit(dim, chosen[k] as number),
  );
  return { given: out, values, thetas };
}

/** Each group's proposal, with its acquisition value, under `initial` with the group's gate values. */
function tryBranches(
  input: GroupsInput,
  models: readonly GroupModel[],
  initial: Float64Array,
): Map<GroupModel, { at: Float64Array; proposal: Proposal }> {
  const tried = new Map<GroupModel, { at: Float64Array; proposal: Proposal }>();
  for (const model of models) {
    const at = gated(model, initial, input.locked);
    if (at !== null && active(model, at)) tried.set(model, { at, proposal: propose(input, model, at, true) });
  }
  return tried;
}

/** One group's data: its GP's dimensions (inputs intersection ones first) and observations. */
interface GroupModel {
  readonly groupDims: readonly GpDim[];
  readonly dims: readonly GpDim[];
  readonly obs: Observations;
  readonly loss: Float64Array;
  /** Intersection dimensions that are GP inputs, and the choices seen with the group for categoricals. */
  readonly inputs: readonly number[];
  readonly seen: ReadonlyMap<number, ReadonlySet<number>>;
  /** Categoricals of the intersection constant among the group's trials, with that choice. */
  readonly gate: ReadonlyMap<number, number>;
}

function groupModel(input: GroupsInput, group: SearchSpace): GroupModel | null {
  const { given, study } = input;
  const groupDims = gpDims(group);
  const all = [...given, ...groupDims];
  const probe = collectObservations(study, all);
  if (probe.n === 0) return null;
  const inputs: number[] = [];
  const seen = new Map<number, Set<number>>();
  const gate = new Map<number, number>();
  for (let k = 0; k < given.length; k++) {
    const values = new Set<number>();
    for (let i = 0; i < probe.n; i++) values.add(probe.x[i * all.length + k] as number);
    if ((given[k] as GpDim).kind !== "categorical") {
      inputs.push(k);
    } else if (values.size === 1) {
      gate.set(k, probe.x[k] as number);
    } else {
      inputs.push(k);
      seen.set(k, values);
    }
  }
  const dims = [...inputs.map((k) => given[k] as GpDim), ...groupDims];
  const obs = inputs.length === given.length ? probe : collectObservations(study, dims);
  const loss = Float64Array.from(obs.rows, (row) => input.lossByRow[row] ?? Number.NaN);
  if (loss.some(Number.isNaN)) return null;
  return { groupDims, dims, obs, loss, inputs, seen, gate };
}

/** `chosen` with `model`'s gate values, or null when that would move a locked (enqueued) value. */
function gated(model: GroupModel, chosen: Float64Array, locked: Uint8Array): Float64Array | null {
  const at = chosen.slice();
  for (const [k, v] of model.gate) {
    if (at[k] !== v && locked[k] === 1) return null;
    at[k] = v;
  }
  return at;
}

/** Whether the group is suggested under the intersection values `at` (GP coordinates), as far as known. */
function active(model: GroupModel, at: Float64Array): boolean {
  for (const [k, v] of model.gate) if (at[k] !== v) return false;
  for (const [k, choices] of model.seen) if (!choices.has(at[k] as number)) return false;
  return true;
}

function sameInputs(model: GroupModel, a: Float64Array, b: Float64Array): boolean {
  return model.inputs.every((k) => a[k] === b[k]);
}

function propose(input: GroupsInput, model: GroupModel, at: Float64Array, withValue: boolean): Proposal {
  const { dims, inputs } = model;
  const fixed = new Float64Array(dims.length).fill(Number.NaN);
  inputs.forEach((k, j) => {
    fixed[j] = at[k] as number;
  });
  const names = model.groupDims.map((dim) => dim.name).join(",");
  return proposePoint(input.settings, {
    dims,
    obs: model.obs,
    warm: input.warm,
    keyPrefix: `group:${dims.map((dim) => dim.name).join(",")}/`,
    rng: input.rngFor(names),
    loss: model.loss,
    scale: input.scale,
    incumbent: input.incumbent,
    pending: input.fill === null ? null : runningPoints(input.study, dims, input.own, input.fill),
    fixed,
    withValue,
  });
}
