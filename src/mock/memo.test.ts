import { describe, expect, test } from "vitest";
import { BoundedCache } from "./memo.js";

describe("BoundedCache", () => {
  test("computes once per key and remembers falsy values such as null and false", () => {
    const c = new BoundedCache<boolean | null>(10, 100);
    let calls = 0;
    const compute = (v: boolean | null) => () => (calls++, v);
    expect(c.getOrSet("a", compute(false))).toBe(false);
    expect(c.getOrSet("a", compute(true))).toBe(false);
    expect(c.getOrSet("b", compute(null))).toBe(null);
    expect(c.getOrSet("b", compute(true))).toBe(null);
    expect(calls).toBe(2);
  });

  test("starts over when full", () => {
    const c = new BoundedCache<number>(2, 100);
    c.set("a", 1);
    c.set("b", 2);
    c.set("c", 3);
    expect([c.get("a"), c.get("b"), c.get("c")]).toEqual([undefined, undefined, 3]);
  });

  test("never keeps a key longer than the bound, but still returns the computed value", () => {
    const c = new BoundedCache<number>(10, 3);
    expect(c.getOrSet("long", () => 7)).toBe(7);
    expect(c.get("long")).toBeUndefined();
    c.set("abc", 1);
    expect(c.get("abc")).toBe(1);
  });
});
