import type { StudyView } from "../../study/study-view.js";
import type { JsonValue } from "../../trial/frozen-trial.js";

/** The study state record holding the last fitted hyperparameters. */
export const GP_STATE_KEY = "sampler:gp";
const VERSION = 1;

/** Fitted log-hyperparameters by model ("objective", "constraint:<name>"), with the parameters they cover. */
export interface GpFits {
  readonly names: readonly string[];
  readonly thetas: Readonly<Record<string, readonly number[]>>;
}

/**
 * The hyperparameters each GP was last fitted to, per study: the warm start of the next fit. Kept in
 * memory and mirrored to the study's state record `"sampler:gp"` (`{ version: 1, names, thetas }`), so a
 * run resumed from storage, or another worker, starts from the same fit and a seeded run reproduces
 * its parameters after a restart. The record is last-writer-wins; a lost compare-and-set is ignored,
 * since any recent fit is a good start.
 */
export class FitCache {
  private readonly byStudy = new Map<string, GpFits>();

  /** The last fits for `study` over `names` (from memory, else from the state record), or null. */
  async load(study: StudyView, names: readonly string[]): Promise<GpFits | null> {
    let fits = this.byStudy.get(study.studyName);
    if (fits === undefined) {
      const record = await study.state.get(GP_STATE_KEY);
      const parsed = record === null ? null : parse(record.value);
      if (parsed === null) return null;
      fits = parsed;
      this.byStudy.set(study.studyName, fits);
    }
    return sameNames(fits.names, names) ? fits : null;
  }

  /** Remembers `fits` and writes them to the state record. */
  async store(study: StudyView, fits: GpFits): Promise<void> {
    this.byStudy.set(study.studyName, fits);
    const record = await study.state.get(GP_STATE_KEY);
    const value: JsonValue = { version: VERSION, names: [...fits.names], thetas: fits.thetas };
    await study.state.compareAndSet(GP_STATE_KEY, record?.version ?? 0, value);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function parse(value: JsonValue): GpFits | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const record = value as { version?: unknown; names?: unknown; thetas?: unknown };
  if (record.version !== VERSION || !Array.isArray(record.names)) return null;
  if (record.thetas === null || typeof record.thetas !== "object") return null;
  return { names: record.names as string[], thetas: record.thetas as Record<string, number[]> };
}
