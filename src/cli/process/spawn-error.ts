import { existsSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Says in a sentence why a program could not start, for a trial's fail reason. ENOENT on a path that
 * exists means the kernel could not find the interpreter its `#!` line names, which the bare error
 * code would hide.
 * @example
 * describeSpawnError(Object.assign(new Error("spawn foo ENOENT"), { code: "ENOENT" }), "foo", "/work");
 * // "command not found: foo"
 */
export function describeSpawnError(error: unknown, command: string, cwd: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") {
    if (!command.includes("/")) return `command not found: ${command}`;
    return existsSync(resolve(cwd, command))
      ? `cannot run ${command}: the interpreter its #! line names was not found`
      : `no such file: ${command}`;
  }
  if (code === "EACCES") {
    return `permission denied: ${command} (make it executable with chmod +x, or run it through its interpreter)`;
  }
  return `cannot start ${command}: ${error instanceof Error ? error.message : String(error)}`;
}
