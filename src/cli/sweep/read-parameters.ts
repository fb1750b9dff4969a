import { type FieldReader, given, isRawMap } from "./field-reader.js";
import type { Path } from "./issues.js";
import { PARAM_NAME, paramEnvName, SPECIAL_PLACEHOLDERS } from "./param-name.js";
import { type ConditionScope, readCondition } from "./read-condition.js";
import { readDefinition } from "./read-definition.js";
import type { SweepParameter } from "./sweep.js";

/** The parameters (undefined when any is wrong), and what the `forbidden:` rules may name regardless. */
export interface ReadParameters {
  readonly parameters: SweepParameter[] | undefined;
  readonly scope: ConditionScope;
}

const EXAMPLE = "{lr: {type: float, low: 1.0e-5, high: 0.1, log: true}}";

/**
 * Reads `parameters:` in file order: each definition, its `when:` (naming only earlier parameters),
 * and the names, which must be valid placeholders and stay distinct as `TUNEKIT_PARAM_*` variables.
 * The scope is returned even when some definition is wrong, so the forbidden rules are checked too.
 * @example
 * readParameters(reader, { lr: { type: "float", low: 1e-5, high: 0.1, log: true }, opt: ["adam", "sgd"] });
 */
export function readParameters(reader: FieldReader, raw: unknown): ReadParameters {
  const none: ReadParameters = { parameters: undefined, scope: { declared: [], built: new Map() } };
  if (raw === undefined) {
    reader.required(["parameters"], `is required: a map of parameter name → definition, such as ${EXAMPLE}.`);
    return none;
  }
  const map = reader.map(["parameters"], raw, EXAMPLE);
  if (map === undefined) return none;
  const declared = Object.keys(map);
  if (declared.length === 0) {
    reader.fail(["parameters"], `must define at least one parameter, such as ${EXAMPLE}.`);
    return none;
  }
  const before = reader.issues.count;
  const built = new Map<string, SweepParameter>();
  const envNames = new Map<string, string>();
  for (const name of declared) {
    const path = ["parameters", name];
    const named = checkName(reader, path, name, envNames);
    const def = map[name];
    const param = readDefinition(reader, path, name, def);
    const when =
      isRawMap(def) && given(def.when)
        ? readCondition(reader, [...path, "when"], def.when, { declared, built }, name)
        : null;
    if (named && param !== undefined && when !== undefined) built.set(name, { ...param, when });
  }
  const parameters = reader.issues.count === before ? [...built.values()] : undefined;
  return { parameters, scope: { declared, built } };
}

function checkName(reader: FieldReader, path: Path, name: string, envNames: Map<string, string>): boolean {
  if (!PARAM_NAME.test(name)) {
    reader.fail(
      path,
      `a parameter name must start with a letter or _ and hold only letters, digits, _ . and -, but got "${name}". Rename it.`,
      "key",
    );
    return false;
  }
  if ((SPECIAL_PLACEHOLDERS as readonly string[]).includes(name) || name === "__proto__") {
    const why = name === "__proto__" ? "is reserved" : `is reserved for the \${${name}} placeholder`;
    reader.fail(path, `the name "${name}" ${why}. Rename the parameter.`, "key");
    return false;
  }
  const env = paramEnvName(name);
  const other = envNames.get(env);
  if (other !== undefined) {
    reader.fail(
      path,
      `"${other}" and "${name}" both reach the program as the environment variable ${env}. Rename one of them.`,
      "key",
    );
    return false;
  }
  envNames.set(env, name);
  return true;
}
