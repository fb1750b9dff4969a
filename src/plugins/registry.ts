import { UnknownPluginError } from "../errors.js";
import type { PluginConfig } from "../storage/storage.js";

/** Builds a plug-in from the JSON options its `toJSON()` wrote. */
export type PluginFactory<T> = (options: PluginConfig["options"]) => T;

/**
 * A name → factory table, so samplers and pruners can be rebuilt from the config stored with a study
 * (the command line and remote workers do this).
 * @example
 * const samplers = new PluginRegistry<Sampler>("sampler");
 * samplers.register("random", (o) => new RandomSampler(o));
 * samplers.create({ name: "random", options: { seed: 1 } });
 */
export class PluginRegistry<T> {
  private readonly factories = new Map<string, PluginFactory<T>>();

  constructor(private readonly kind: string) {}

  /** Registers `factory` under `name`, replacing any earlier one. */
  register(name: string, factory: PluginFactory<T>): void {
    this.factories.set(name, factory);
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.factories.has(name);
  }

  /** The registered names, sorted. */
  names(): string[] {
    return [...this.factories.keys()].sort();
  }

  /** Rebuilds a plug-in from its config. Throws {@link UnknownPluginError} for an unregistered name. */
  create(config: PluginConfig): T {
    const factory = this.factories.get(config.name);
    if (factory === undefined) {
      throw new UnknownPluginError(
        `Unknown ${this.kind} "${config.name}": registered ${this.kind}s are ${this.names().join(", ") || "(none)"}. Register it with register${capitalize(this.kind)}() before loading the study.`,
        { name: config.name, value: config },
      );
    }
    return factory(config.options);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
