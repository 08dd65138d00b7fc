// The fidelity comparison is only as strict as its normaliser: it must hide volatile values and
// nothing else.
import { describe, expect, test } from "vitest";
import { normaliseIds } from "./normalise.js";

const A = "1f0c2a3b-0000-4000-8000-00000000000a";
const B = "0198d3a1-7b2c-7def-8abc-0123456789ab";
const ASSISTANT = "fe096781-5601-53d2-b2f6-0d3403f7e9ca";

describe("normaliseIds", () => {
  test("each distinct id gets one token, numbered by first appearance, wherever it sits", () => {
    const got = normaliseIds([
      { event: "metadata", data: { run_id: A } },
      { event: `updates|sub:${B}`, data: { id: `run-${B}`, ns: `agent:${A}`, [B]: 1 } },
    ]);
    expect(got).toEqual([
      { event: "metadata", data: { run_id: "<id-1>" } },
      { event: "updates|sub:<id-2>", data: { id: "run-<id-2>", ns: "agent:<id-1>", "<id-2>": 1 } },
    ]);
  });

  test("swapping two ids is a difference; renaming them consistently is not", () => {
    const seq = (x: string, y: string) => [{ run_id: x }, { run_id: y }, { parent: x }];
    expect(normaliseIds(seq(A, B))).toEqual(normaliseIds(seq(B, A)));
    expect(normaliseIds(seq(A, B))).not.toEqual(normaliseIds([{ run_id: A }, { run_id: B }, { parent: B }]));
    expect(normaliseIds(seq(A, B))).not.toEqual(normaliseIds(seq(A, A)));
  });

  test("key order does not change the numbering", () => {
    expect(normaliseIds({ a: A, b: B })).toEqual(normaliseIds({ b: B, a: A }));
  });

  test("kept ids, interrupt ids, timestamps and environment keys", () => {
    const got = normaliseIds(
      {
        assistant_id: ASSISTANT,
        interrupt: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        placeholder: "00000000000000000000000007000001",
        at: ["2026-11-27T00:36:47.884Z", "1970-01-01T00:00:01.000Z"],
        langgraph_api_url: "http://127.0.0.1:41234",
        versions: { "@langchain/core": "1.4.0" },
        n: 5,
        empty: null,
        gone: undefined,
      },
      { keep: new Set([ASSISTANT]) },
    );
    expect(got).toStrictEqual({
      assistant_id: ASSISTANT,
      interrupt: "<id-1>",
      placeholder: "<id-2>",
      at: ["<ts>", "<ts>"],
      langgraph_api_url: "<url>",
      versions: "<versions>",
      n: 5,
      empty: null,
    });
  });
});
