import { describe, expect, it } from "vitest";
import { thrown } from "../../../test/helpers.js";
import { InvalidArgumentError } from "../../errors.js";
import { type GridSearchSpace, GridSpace } from "./grid-space.js";

const SPACE: GridSearchSpace = { lr: [0.1, 0.01], layers: [1, 2, 3], opt: ["adam", null, true] };

function rejects(space: unknown, name: string, text: RegExp): void {
  const error = thrown(() => new GridSpace(space as GridSearchSpace));
  expect(error).toBeInstanceOf(InvalidArgumentError);
  const e = error as InvalidArgumentError;
  expect(e.code).toBe("invalid-argument");
  expect(e.paramName).toBe(name);
  expect(e.message).toMatch(text);
}

describe("GridSpace", () => {
  it("numbers the cartesian product: every point once, and indexOf inverts pointAt", () => {
    const grid = new GridSpace(SPACE);
    expect(grid.size).toBe(18);
    expect(grid.names).toEqual(["layers", "lr", "opt"]);
    const seen = new Set<string>();
    for (let i = 0; i < grid.size; i++) {
      const point = grid.pointAt(i);
      expect(Object.keys(point).sort()).toEqual(["layers", "lr", "opt"]);
      expect(grid.indexOf(point)).toBe(i);
      seen.add(JSON.stringify([point.lr, point.layers, point.opt]));
    }
    expect(seen.size).toBe(18);
  });

  it("does not depend on the key order of the options object", () => {
    const a = new GridSpace(SPACE);
    const b = new GridSpace({ opt: ["adam", null, true], layers: [1, 2, 3], lr: [0.1, 0.01] });
    expect(b.fingerprint).toBe(a.fingerprint);
    for (let i = 0; i < a.size; i++) expect(b.pointAt(i)).toEqual(a.pointAt(i));
  });

  it("fingerprints the value lists, order included", () => {
    const a = new GridSpace(SPACE);
    expect(new GridSpace({ ...SPACE, lr: [0.01, 0.1] }).fingerprint).not.toBe(a.fingerprint);
    expect(new GridSpace({ ...SPACE, lr: [0.1, 0.02] }).fingerprint).not.toBe(a.fingerprint);
  });

  it("indexOf: −1 unless every grid parameter has a listed value; other names are ignored", () => {
    const grid = new GridSpace(SPACE);
    expect(grid.indexOf({ lr: 0.1, layers: 2 })).toBe(-1);
    expect(grid.indexOf({ lr: 0.1, layers: 2, opt: "sgd" })).toBe(-1);
    expect(grid.indexOf({ lr: 0.1, layers: "2", opt: "adam" })).toBe(-1);
    expect(grid.indexOf({ lr: 0.1, layers: 2, opt: null, extra: 5 })).toBeGreaterThanOrEqual(0);
  });

  it("a single parameter with a single value is a one-point grid", () => {
    const grid = new GridSpace({ x: [5] });
    expect(grid.size).toBe(1);
    expect(grid.pointAt(0)).toEqual({ x: 5 });
  });

  it("rejects malformed search spaces, naming the parameter", () => {
    rejects(null, "searchSpace", /must be an object of parameter name → list of values/);
    rejects([[1, 2]], "searchSpace", /must be an object/);
    rejects({}, "searchSpace", /at least one parameter/);
    rejects({ lr: [] }, "lr", /values of "lr" must be a non-empty array, but got \[\]/);
    rejects({ lr: 0.1 }, "lr", /non-empty array, but got 0\.1/);
    rejects({ lr: [0.1, Number.NaN] }, "lr", /value 1 of "lr" must be a string, a finite number/);
    rejects({ lr: [Number.POSITIVE_INFINITY] }, "lr", /finite number.*but got Infinity/);
    rejects({ opt: ["a", { b: 1 }] }, "opt", /value 1 of "opt".*but got \{"b":1\}/);
    rejects({ opt: [undefined] }, "opt", /but got undefined/);
    rejects({ opt: [[1]] }, "opt", /but got \[1\]/);
  });

  it("rejects duplicated values (−0 and 0 are one value, as in JSON)", () => {
    rejects({ opt: ["adam", "sgd", "adam"] }, "opt", /"opt" lists "adam" twice \(values 0 and 2\)/);
    rejects({ x: [0, 1, -0] }, "x", /lists 0 twice/);
    expect(new GridSpace({ x: [1, "1", true, null] }).size).toBe(4);
  });

  it("rejects grids beyond 2^52 points", () => {
    const big = Object.fromEntries(Array.from({ length: 27 }, (_, i) => [`p${i}`, [0, 1, 2, 3]]));
    rejects(big, "searchSpace", /at most 2\^52 points/);
  });
});
