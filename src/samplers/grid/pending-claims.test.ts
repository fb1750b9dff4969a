import { describe, expect, it } from "vitest";
import { PendingClaims } from "./pending-claims.js";

describe("PendingClaims", () => {
  it("counts let-throughs per study until they settle", () => {
    const pending = new PendingClaims();
    pending.add("a");
    pending.add("a");
    pending.add("b");
    expect([pending.count("a"), pending.count("b"), pending.count("c")]).toEqual([2, 1, 0]);
    const generation = pending.generation("a");
    pending.settle("a");
    expect(pending.count("a")).toBe(1);
    expect(pending.generation("a")).toBe(generation + 1);
    expect(pending.generation("b")).toBe(0);
  });

  it("a let-through that never settles stops counting after the time to live", () => {
    let now = 1000;
    const pending = new PendingClaims(50, () => now);
    pending.add("a");
    now = 1049;
    expect(pending.count("a")).toBe(1);
    now = 1050;
    expect(pending.count("a")).toBe(0);
  });

  it("changed() resolves at the next settle", async () => {
    const pending = new PendingClaims(60_000);
    pending.add("a");
    let woke = false;
    const waiting = pending.changed("a").then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    pending.settle("a");
    await waiting;
    expect(woke).toBe(true);
  });

  it("changed() resolves when the oldest let-through expires", async () => {
    const pending = new PendingClaims(20);
    pending.add("a");
    const started = Date.now();
    await pending.changed("a");
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
