import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shellPlaceholderProblems } from "./shell-placeholders.js";
import { substituteShell } from "./substitute.js";
import { scanTemplate } from "./template.js";

function problems(script: string): string[] {
  return shellPlaceholderProblems(scanTemplate(script).parts);
}

describe("shellPlaceholderProblems", () => {
  it.each([
    [`echo "--name=\${v}"`, `inside "..." quotes: values are quoted for you; remove the quotes around \${v}`],
    [`echo '\${v}'`, `inside '...' quotes: values are quoted for you; remove the quotes around \${v}`],
    [`echo 'a b \${v} c'`, "inside '...' quotes"],
    [`echo "a \\" \${v}"`, 'inside "..." quotes'],
    [`echo \`echo \${v}\``, "inside a `...` command substitution"],
    [`echo "\`echo \${v}\`"`, "inside a `...` command substitution"],
    [`echo $((\${v} + 1))`, "inside an arithmetic ((...))"],
    [`(( x = \${v} ))`, "inside an arithmetic ((...))"],
    [`echo $\${X:-\${v}}`, `inside a \${...} expansion`],
    [`cat <<EOF\n\${v}\nEOF`, "inside a here-document"],
    [`cat <<'EOF'\nx \${v}\nEOF`, "inside a here-document"],
    [`cat <<-EOF\n\tline\n\t\${v}\n\tEOF`, "inside a here-document"],
    [`cat <<\${v}\nx\n`, "in a here-document's delimiter"],
    [`echo x # \${v}`, "inside a # comment"],
    [`echo \\\${v}`, "right after a backslash"],
    [`echo $'a' \${v}`, "$'...' quoting"],
  ])("refuses %j", (script, message) => {
    expect(problems(script).join("\n")).toContain(message);
  });

  it.each([
    `python train.py --lr=\${lr} --name \${v}`,
    `echo "quoted words" \${v} 'single' "and \\" escaped"`,
    `echo it\\'s \${v}`,
    `echo \\"\${v}\\" \\'\${v}\\'`,
    `x=$(basename \${v}); echo "$x"`,
    `echo "$(echo \${v})"`,
    `echo $((1 + 2)) \${v} \`date\` $\${HOME}`,
    `cat <<EOF\nbody with $(date) and 'quotes\nEOF\necho \${v}`,
    `cat <<EOF; echo \${v}\nbody\nEOF`,
    `echo \${v} # a comment\necho \${v}`,
    `a#\${v} b`,
    `echo \\\\\${v}`,
    `echo \${args}`,
    `echo $\${v}x \${v}`,
  ])("accepts a plain word: %j", (script) => {
    expect(problems(script)).toEqual([]);
  });

  it("is enforced when a script is filled in too (a sweep stored before the rule)", () => {
    expect(() =>
      substituteShell(`echo "\${v}"`, { params: { v: "$(id)" }, trialNumber: 0, study: "s" }),
    ).toThrow(`remove the quotes around \${v}`);
  });

  it("names the environment variable to read instead", () => {
    expect(problems(`echo \`echo \${opt.lr}\``)[0]).toContain('"$TUNEKIT_PARAM_OPT_LR"');
    expect(problems(`echo \`echo \${trial}\``)[0]).toContain('"$TUNEKIT_TRIAL_NUMBER"');
  });
});

describe("accepted scripts run hostile values as one literal word (real /bin/sh)", () => {
  const dir = mkdtempSync(join(tmpdir(), "tunekit-shell-"));
  const marker = join(dir, "pwned");
  const payloads = [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `; touch ${marker}`,
    `| touch ${marker}`,
    `&& touch ${marker}`,
    `\ntouch ${marker}\n`,
    `"; touch ${marker}; "`,
    `'; touch ${marker}; '`,
    `it's $HOME \\ \${x} */`,
  ];
  it.each([
    `printf '%s|' --v=\${v} \${v}`,
    // $(...) drops trailing newlines: the "." keeps them.
    `x="$(printf %s. \${v})"; printf '%s|' "--v=$\${x%.}" "$\${x%.}"`,
    `cat <<EOF >/dev/null\n$(true)\nEOF\nprintf '%s|' --v=\${v} \${v}`,
  ])("%j", (script) => {
    for (const v of payloads) {
      const filled = substituteShell(script, { params: { v }, trialNumber: 0, study: "s" });
      const out = execFileSync("/bin/sh", ["-c", filled], { encoding: "utf8" });
      expect(out).toBe(`--v=${v}|${v}|`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("with escaped quotes around the placeholder, which stay literal", () => {
    for (const v of payloads) {
      const filled = substituteShell(`printf '%s|' \\"\${v}\\"`, {
        params: { v },
        trialNumber: 0,
        study: "s",
      });
      expect(execFileSync("/bin/sh", ["-c", filled], { encoding: "utf8" })).toBe(`"${v}"|`);
    }
    expect(existsSync(marker)).toBe(false);
  });
});
