import type { PluginConfig } from "../storage/storage.js";
import { type Pruner, registerPruner } from "./pruner.js";

/**
 * Never prunes. Use it to switch pruning off while keeping `report` calls (learning curves are still
 * recorded for the dashboard).
 * @example
 * const study = await createStudy({ pruner: new NopPruner() });
 */
export class NopPruner implements Pruner {
  readonly name = "nop";
  readonly readsStudy = false;

  /** Always false. */
  prune(): boolean {
    return false;
  }

  /** `{ name: "nop", options: {} }`. */
  toJSON(): PluginConfig {
    return { name: this.name, options: {} };
  }
}

registerPruner("nop", () => new NopPruner());
