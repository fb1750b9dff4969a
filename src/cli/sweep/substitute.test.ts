import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellQuote, substituteArgs, substituteShell, valueText } from "./substitute.js";

const base = { trialNumber: 7, study: "my study" };

describe("substituteArgs", () => {
  it("fills each argument on its own, so a hostile value stays one argument", () => {
    const argv = ["python", "train.py", "--name", `\${name}`, `--opt=\${opt}`];
    expect(
      substituteArgs(argv, { ...base, params: { name: "; rm -rf ~", opt: "$(id) `id` 'q' \"d\"" } }),
    ).toEqual(["python", "train.py", "--name", "; rm -rf ~", "--opt=$(id) `id` 'q' \"d\""]);
  });

  it("writes numbers with String(), booleans and null as words", () => {
    expect(
      substituteArgs([`\${a}`, `\${b}`, `\${c}`, `\${d}`, `\${e}`], {
        ...base,
        params: { a: 1e-5, b: 0.1, c: true, d: null, e: 256 },
      }),
    ).toEqual(["0.00001", "0.1", "true", "null", "256"]);
    expect(valueText(1e-7)).toBe("1e-7");
  });

  it("expands an argument that is exactly $args into one --name=value per active parameter", () => {
    expect(
      substituteArgs(["run", `\${args}`, "end"], { ...base, params: { lr: 0.1, opt: "a b", epochs: 3 } }),
    ).toEqual(["run", "--lr=0.1", "--opt=a b", "--epochs=3", "end"]);
    expect(substituteArgs(["run", `\${args}`], { ...base, params: {} })).toEqual(["run"]);
  });

  it("drops an argument naming an inactive parameter, flag and value together", () => {
    const argv = ["run", `--momentum=\${momentum}`, "--lr", `\${lr}`];
    expect(substituteArgs(argv, { ...base, params: { lr: 0.1 } })).toEqual(["run", "--lr", "0.1"]);
    expect(substituteArgs(argv, { ...base, params: { lr: 0.1, momentum: 0.9 } })).toEqual([
      "run",
      "--momentum=0.9",
      "--lr",
      "0.1",
    ]);
  });

  it("fills trial and study, and reads $${ as a literal (left to right)", () => {
    expect(
      substituteArgs([`--out=runs/\${study}/\${trial}`, `$\${lr}`, `$$\${lr}`, "$HOME", "a$b"], {
        ...base,
        params: { lr: 2 },
      }),
    ).toEqual(["--out=runs/my study/7", `\${lr}`, `$\${lr}`, "$HOME", "a$b"]);
  });

  it("refuses a malformed template or $args inside an argument", () => {
    expect(() => substituteArgs([`\${lr`], { ...base, params: {} })).toThrow(/has no closing "}"/);
    expect(() => substituteArgs([`--all=\${args}`], { ...base, params: {} })).toThrow(
      /must be a whole argument/,
    );
  });
});

describe("substituteShell", () => {
  it("single-quotes every value for sh", () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(substituteShell(`echo \${a} --b=\${b}`, { ...base, params: { a: "x y", b: 3 } })).toBe(
      "echo 'x y' --b='3'",
    );
  });

  it("passes values containing quotes, $(...) and ; to sh as literal text", () => {
    const value = 'it\'s $(echo PWNED); `echo PWNED` $HOME \\ "q" && exit 3';
    const script = substituteShell(`printf '%s\\n' \${v} \${trial} \${study}`, {
      ...base,
      params: { v: value },
    });
    const out = execFileSync("/bin/sh", ["-c", script], { encoding: "utf8" });
    expect(out).toBe(`${value}\n7\nmy study\n`);
  });

  it("expands $args into quoted words and an inactive parameter into nothing", () => {
    const script = substituteShell(`printf '[%s]' \${args} \${gone}; echo $\${HOME:+home}`, {
      ...base,
      params: { a: "x'y", n: 1 },
    });
    expect(script).toBe(`printf '[%s]' '--a=x'\\''y' '--n=1' ; echo \${HOME:+home}`);
    const out = execFileSync("/bin/sh", ["-c", script], { encoding: "utf8", env: { HOME: "/h" } });
    expect(out).toBe("[--a=x'y][--n=1]home\n");
  });
});
