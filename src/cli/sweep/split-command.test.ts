import { describe, expect, it } from "vitest";
import { splitCommand } from "./split-command.js";

function argv(line: string): string[] {
  const result = splitCommand(line);
  if (!result.ok) throw new Error(result.message);
  return result.argv;
}

describe("splitCommand", () => {
  it("separates arguments by any run of blanks", () => {
    expect(argv("  python\ttrain.py   --lr 1 \n")).toEqual(["python", "train.py", "--lr", "1"]);
    expect(argv("")).toEqual([]);
  });

  it("keeps single-quoted text literal, backslashes included", () => {
    expect(argv(`echo 'a  b' 'c\\d' 'say "hi"'`)).toEqual(["echo", "a  b", "c\\d", 'say "hi"']);
  });

  it('honours \\" \\\\ \\$ and \\` inside double quotes and keeps other backslashes', () => {
    expect(argv(`x "a \\"b\\" \\\\ \\$HOME \\\` \\n"`)).toEqual(["x", 'a "b" \\ $HOME ` \\n']);
  });

  it("escapes the next character with a backslash outside quotes", () => {
    expect(argv(`a\\ b c\\'d \\"e`)).toEqual(["a b", "c'd", '"e']);
  });

  it("joins lines at a backslash-newline", () => {
    expect(argv("python \\\n  train.py")).toEqual(["python", "train.py"]);
    expect(argv('"a\\\nb"')).toEqual(["ab"]);
  });

  it("glues adjacent quoted and bare parts into one argument, and keeps empty quotes", () => {
    expect(argv(`--name='my run'"!"x '' ""`)).toEqual(["--name=my run!x", "", ""]);
  });

  it("gives operators, globs and variables no meaning", () => {
    expect(argv("a; rm -rf ~ | cat && b > out * $HOME $(id) `id` #c")).toEqual([
      "a;",
      "rm",
      "-rf",
      "~",
      "|",
      "cat",
      "&&",
      "b",
      ">",
      "out",
      "*",
      "$HOME",
      "$(id)",
      "`id`",
      "#c",
    ]);
  });

  it("leaves placeholders for later, quoted or not", () => {
    expect(argv(`run --x=\${x} "\${y} z" '\${w}'`)).toEqual(["run", `--x=\${x}`, `\${y} z`, `\${w}`]);
  });

  it("reports unterminated quotes and a trailing backslash", () => {
    expect(splitCommand("python 'oops")).toEqual({
      ok: false,
      message:
        "the ' at character 8 is never closed. Close the quote, or give the command as a list of arguments",
    });
    expect(splitCommand('a "b \\"')).toMatchObject({
      ok: false,
      message: expect.stringContaining('the " at character 3'),
    });
    expect(splitCommand("a \\")).toMatchObject({
      ok: false,
      message: expect.stringContaining("lone backslash"),
    });
  });
});
