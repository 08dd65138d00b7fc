import { describe, expect, test } from "vitest";
import { createMasker, diffEvents, jsonEqual } from "./compare.js";

const A = "00000000-0000-4000-8000-010000000001";
const B = "00000000-0000-4000-8000-040000000001";
const X = "01965f3c-1111-7000-8000-aaaaaaaaaaaa";
const Y = "01965f3c-2222-7000-8000-bbbbbbbbbbbb";

describe("createMasker", () => {
  test("numbers ids by first appearance, inside strings too, one mapping per masker", () => {
    const m = createMasker();
    expect(m({ run_id: A, ns: `updates|sub:${B}`, msg: `run-${A}`, i: "0000000000000000000000000700000a", at: "2025-01-01T00:00:00.000Z" })).toEqual({
      run_id: "<uuid:1>",
      ns: "updates|sub:<uuid:2>",
      msg: "run-<uuid:1>",
      i: "<hex:1>",
      at: "<ts:1>",
    });
  });

  test("user-agent values are ignored", () => {
    expect(createMasker()({ configurable: { "user-agent": "node" } })).toEqual({ configurable: { "user-agent": "<user-agent>" } });
  });
});

describe("diffEvents", () => {
  const expected = [
    { event: "metadata", data: { run_id: A } },
    { event: `updates|sub:${B}`, data: { run: A } },
  ];

  test("equal up to a consistent renaming of ids", () => {
    expect(diffEvents(expected, [
      { event: "metadata", data: { run_id: X } },
      { event: `updates|sub:${Y}`, data: { run: X } },
    ])).toBeUndefined();
  });

  test("an inconsistent renaming is a difference", () => {
    expect(diffEvents(expected, [
      { event: "metadata", data: { run_id: X } },
      { event: `updates|sub:${Y}`, data: { run: Y } },
    ])).toMatch(/event #1 .*data differs/s);
  });

  test("missing, extra and renamed events are named", () => {
    expect(diffEvents(expected, expected.slice(0, 1))).toMatch(/got 1 of 2 events: missing from #1 on: \[updates\|sub:/);
    expect(diffEvents(expected.slice(0, 1), expected)).toMatch(/got 2 events, expected 1: extra from #1/);
    expect(diffEvents(expected, [expected[0]!, { event: "values", data: {} }])).toMatch(/event #1: expected "updates\|sub:<uuid:2>", got "values"/);
  });
});

test("jsonEqual ignores key order and undefined members", () => {
  expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1, d: undefined })).toBe(true);
  expect(jsonEqual({ a: 1 }, { a: "1" })).toBe(false);
  expect(jsonEqual([1], { 0: 1 })).toBe(false);
});
