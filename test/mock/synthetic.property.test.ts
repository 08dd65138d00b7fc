// Property: whatever the synthetic generator produces (any seed: several nodes per step, subgraph
// namespaces, tool calls, interrupts, errors, custom events), the mock replays it exactly when asked
// with the recorded request, every replayed event is valid against the protocol schemas, and the
// stateless runs leave no thread and no run behind (but the one of a keep-mode run).
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { generateSyntheticFixtures } from "../../src/fixtures/synthetic.js";
import { createMockDeployment } from "../../src/mock/deployment.js";
import { readReplyBody } from "../../src/mock/reply.js";
import { validateEventStream, formatIssue } from "../../src/protocol/index.js";
import { parseSse } from "../../src/sse/index.js";
import { fixtureChunks, mask } from "./helpers.js";

test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 100 })("synthetic fixtures replay exactly, validly, and leave nothing behind", async (seed) => {
  const fixtures = generateSyntheticFixtures({ seed, count: 8 });
  const d = createMockDeployment({ fixtures });
  try {
    await d.ready;
    for (const fx of fixtures) {
      const reply = await d.dispatch({
        method: fx.request.method,
        url: `http://localhost:2024${fx.request.path}`,
        headers: new Headers({ "content-type": "application/json" }),
        text: async () => JSON.stringify(fx.request.body),
      });
      expect(reply?.status, `${fx.name}: status`).toBe(fx.response.status);
      const { frames, diagnostics } = parseSse(await readReplyBody(reply!));
      expect(diagnostics, `${fx.name}: framing`).toEqual([]);
      const events = frames.map((f) => ({ event: f.event, data: JSON.parse(f.data) as unknown }));
      expect(mask(events), `${fx.name}: events`).toEqual(fixtureChunks(fx));
      const body = fx.request.body as { stream_subgraphs?: boolean; stream_mode?: string | string[] };
      const opts = { subgraphs: body.stream_subgraphs === true, ...(body.stream_mode ? { requestedModes: body.stream_mode } : {}) };
      expect(validateEventStream(events, opts).map(formatIssue), `${fx.name}: schemas`).toEqual([]);
    }
    await d.idle();
    // Only `on_completion: "keep"` runs (the generator's interrupt scenario) leave their thread and run.
    const kept = fixtures.filter((f) => (f.request.body as { on_completion?: string }).on_completion === "keep").length;
    expect([d.store.threadCount, d.store.runCount]).toEqual([kept, kept]);
  } finally {
    d.close();
  }
});
