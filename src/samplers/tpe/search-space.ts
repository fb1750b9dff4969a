import {
  type Distribution,
  isSingle,
  type SearchSpace,
  sameDistribution,
} from "../../search-space/distribution.js";

/**
 * The search spaces the joint (multivariate) estimator may sample, kept up to date one finished trial at
 * a time:
 * - the *intersection*: the parameters every finished trial has, each with one distribution throughout;
 * - the *groups*: the parameters partitioned so that two parameters share a group exactly when every
 *   finished trial has both or neither (Optuna's group-decomposed search space). In a conditional space
 *   each branch's parameters form their own groups, which can then be sampled jointly.
 * A parameter whose distribution changed between trials leaves both, and is sampled on its own.
 * The result does not depend on the order trials are added in.
 */
export class SearchSpaceTracker {
  private intersection: Map<string, Distribution> | null = null;
  private groups: Map<string, Distribution>[] = [];
  private readonly known = new Map<string, Distribution>();
  private readonly conflicted = new Set<string>();

  /** Takes in one finished trial's distributions. */
  add(distributions: Readonly<Record<string, Distribution>>): void {
    const names = new Set<string>();
    for (const name of Object.keys(distributions)) {
      const dist = distributions[name] as Distribution;
      const known = this.known.get(name);
      if (known === undefined) this.known.set(name, dist);
      else if (!sameDistribution(known, dist)) this.conflict(name);
      if (!this.conflicted.has(name)) names.add(name);
    }
    this.intersect(distributions);
    this.refine(names);
  }

  /** The intersection search space, without single-valued distributions. */
  intersectionSpace(): SearchSpace {
    const out: Record<string, Distribution> = {};
    if (this.intersection === null) return out;
    for (const name of [...this.intersection.keys()].sort()) {
      const dist = this.intersection.get(name) as Distribution;
      if (!isSingle(dist)) out[name] = dist;
    }
    return out;
  }

  /** The groups (each without single-valued distributions, empty ones dropped), in a fixed order. */
  groupSpaces(): SearchSpace[] {
    const out: Record<string, Distribution>[] = [];
    for (const group of this.groups) {
      const space: Record<string, Distribution> = {};
      for (const name of [...group.keys()].sort()) {
        const dist = group.get(name) as Distribution;
        if (!isSingle(dist)) space[name] = dist;
      }
      if (Object.keys(space).length > 0) out.push(space);
    }
    return out.sort((a, b) => (Object.keys(a)[0] as string).localeCompare(Object.keys(b)[0] as string));
  }

  private intersect(distributions: Readonly<Record<string, Distribution>>): void {
    if (this.intersection === null) {
      this.intersection = new Map(Object.entries(distributions));
      return;
    }
    for (const [name, dist] of this.intersection) {
      const other = Object.hasOwn(distributions, name) ? distributions[name] : undefined;
      if (other === undefined || !sameDistribution(dist, other)) this.intersection.delete(name);
    }
  }

  /** Splits every group by membership in `names`; names in no group yet form a new one. */
  private refine(names: Set<string>): void {
    const next: Map<string, Distribution>[] = [];
    const rest = new Set(names);
    for (const group of this.groups) {
      const inside = new Map<string, Distribution>();
      const outside = new Map<string, Distribution>();
      for (const [name, dist] of group) (names.has(name) ? inside : outside).set(name, dist);
      for (const name of inside.keys()) rest.delete(name);
      if (inside.size > 0) next.push(inside);
      if (outside.size > 0) next.push(outside);
    }
    if (rest.size > 0) {
      next.push(new Map([...rest].map((name) => [name, this.known.get(name) as Distribution] as const)));
    }
    this.groups = next;
  }

  private conflict(name: string): void {
    this.conflicted.add(name);
    for (const group of this.groups) group.delete(name);
    this.groups = this.groups.filter((g) => g.size > 0);
  }
}
