import { didYouMean } from "../../options/closest-name.js";
import { type FieldReader, given, type RawMap, received } from "./field-reader.js";
import type { Path } from "./issues.js";
import { ARGS_PLACEHOLDER, SPECIAL_PLACEHOLDERS } from "./param-name.js";
import { splitCommand } from "./split-command.js";
import type { SweepCommand } from "./sweep.js";
import { scanTemplate } from "./template.js";

const EXAMPLE = `python train.py --lr \${lr}`;

/**
 * Reads `command` and `shell`. Without a shell the command is an argument vector: a list as given, or a
 * string split by {@link splitCommand}. With `shell: true` it is one script for `/bin/sh -c`. Every
 * placeholder must name a parameter or `${args}`, `${trial}`, `${study}`; without a shell `${args}` must
 * be a whole argument, since it expands into several.
 * @example
 * readCommand(reader, { command: "python train.py --lr=${lr}" }, ["lr"]);
 * // { kind: "argv", argv: ["python", "train.py", "--lr=${lr}"] }
 */
export function readCommand(
  reader: FieldReader,
  raw: RawMap,
  params: readonly string[],
): SweepCommand | undefined {
  const shell = given(raw.shell) ? reader.boolean(["shell"], raw.shell) : false;
  if (!given(raw.command)) {
    return reader.required(
      ["command"],
      `is required: the program each trial runs, such as command: ${EXAMPLE}.`,
    );
  }
  const command = raw.command;
  if (shell === true) {
    if (typeof command !== "string") {
      return reader.fail(
        ["command"],
        `must be one string (the script for /bin/sh -c) when shell is true, but ${received(command)}. Join it into one line, or set shell: false.`,
      );
    }
    const script = reader.string(["command"], command);
    if (script === undefined || !placeholdersOk(reader, ["command"], script, params, true)) return undefined;
    return { kind: "shell", script };
  }
  const argv = readArgv(reader, command);
  if (argv === undefined || shell === undefined) return undefined;
  const listed = Array.isArray(command);
  const ok = argv.map((arg, i) =>
    placeholdersOk(reader, listed ? ["command", i] : ["command"], arg, params, false),
  );
  return ok.every(Boolean) ? { kind: "argv", argv } : undefined;
}

function readArgv(reader: FieldReader, command: unknown): string[] | undefined {
  let argv: string[];
  if (typeof command === "string") {
    const split = splitCommand(command);
    if (!split.ok) return reader.fail(["command"], `cannot be split into arguments: ${split.message}.`);
    argv = split.argv;
  } else if (Array.isArray(command)) {
    const bad = command.findIndex(
      (a) => typeof a !== "string" && typeof a !== "number" && typeof a !== "boolean",
    );
    if (bad >= 0) {
      return reader.fail(
        ["command", bad],
        `an argument must be a string or a number, but ${received(command[bad])}.`,
      );
    }
    argv = command.map(String);
  } else {
    return reader.fail(
      ["command"],
      `must be a string or a list of arguments such as [python, train.py], but ${received(command)}.`,
    );
  }
  const program = argv[0];
  if (program === undefined || program.trim() === "" || program === ARGS_PLACEHOLDER) {
    return reader.fail(
      ["command"],
      `must start with the program to run, such as ${EXAMPLE}, but ${received(command)}.`,
    );
  }
  return argv;
}

/** Reports malformed and unknown placeholders of one argument (or the whole script); true when none. */
function placeholdersOk(
  reader: FieldReader,
  path: Path,
  text: string,
  params: readonly string[],
  shell: boolean,
): boolean {
  const before = reader.issues.count;
  const { parts, errors } = scanTemplate(text);
  for (const error of errors) reader.fail(path, `${error}.`);
  const known = [...params, ...SPECIAL_PLACEHOLDERS];
  for (const part of parts) {
    if (part.kind !== "ref") continue;
    if (!known.includes(part.name)) {
      reader.fail(
        path,
        `unknown placeholder \${${part.name}}: it must name a parameter or be \${args}, \${trial} or \${study}.${didYouMean(part.name, known)} Write $\${ for a literal \${.`,
      );
    } else if (part.name === "args" && !shell && text !== ARGS_PLACEHOLDER) {
      reader.fail(
        path,
        `\${args} must be a whole argument (it expands into one --name=value argument per parameter), but got ${JSON.stringify(text)}. Put \${args} on its own.`,
      );
    }
  }
  return reader.issues.count === before;
}
