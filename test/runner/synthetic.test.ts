// Property: a mock that serves only seeded synthetic streams (any seed) is a conforming server, so the
// whole check passes every MUST against it. Synthetic streams vary what the recorded corpus cannot:
// node names, several nodes per step, tool calls, interrupts, custom events — a check that wrongly
// assumes the reference graphs' shapes fails here. (Seed 42 found SR-26 taking the values-mode
// `{"__interrupt__": …}` announcement for the kept thread's final state.)
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { startMockServer } from "../../src/mock/serve.js";
import { runCheck } from "../../src/runner/index.js";

test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 4, examples: [[42]] })(
  "every MUST passes against a synthetic-only mock",
  async (seed) => {
    const server = await startMockServer({ port: 0, fixtures: [], synthetic: { seed }, logger: false });
    try {
      const result = await runCheck({ url: server.url, assistants: ["agent"], level: "must", output: false });
      const failed = result.results.filter((r) => r.status === "failed");
      expect(failed.map((r) => `${r.id}: ${r.message}`), `synthetic seed ${seed}`).toEqual([]);
      expect(result.results.filter((r) => r.status === "passed").length).toBeGreaterThan(20);
    } finally {
      await server.close();
    }
  },
  120_000,
);
