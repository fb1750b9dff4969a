/** What a parameter name must look like: it appears in `${name}` placeholders and `--name=value` flags. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Placeholders with a meaning of their own, so no parameter may take these names. */
export const SPECIAL_PLACEHOLDERS = ["args", "trial", "study"] as const;

/** An argument that is exactly this expands into one `--name=value` argument per active parameter. */
export const ARGS_PLACEHOLDER = `\${args}`;

/**
 * The environment variable that carries a parameter's value to the trial program: `TUNEKIT_PARAM_` and
 * the name upper-cased with every character other than a letter or digit turned into `_`.
 * @example
 * paramEnvName("opt.lr-max"); // "TUNEKIT_PARAM_OPT_LR_MAX"
 */
export function paramEnvName(name: string): string {
  return `TUNEKIT_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
