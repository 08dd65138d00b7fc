// Recorded timing: event offsets, the JS tail before EOF and /runs/wait keep-alives, scaled.
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setupServer } from "msw/node";
import { createMockDeployment, type MockDeploymentOptions } from "../../src/mock/deployment.js";
import { deploymentHandlers } from "../../src/mock/handlers.js";
import { HELLO, testFixtures } from "./helpers.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

async function use(opts: MockDeploymentOptions) {
  const d = createMockDeployment({ fixtures: await testFixtures(), ...opts });
  server.resetHandlers(...deploymentHandlers(d));
  return d;
}

async function timedStream(client: Client, assistant: string, payload: Record<string, unknown>) {
  const t0 = performance.now();
  const at: [string, number][] = [];
  for await (const c of client.runs.stream(null, assistant, payload as never)) at.push([c.event, performance.now() - t0]);
  return { at, total: performance.now() - t0 };
}

describe("timing", () => {
  const client = new Client({ apiUrl: "http://localhost:2024" });

  test("scaled: a 3000 ms node becomes a ~300 ms gap at scale 0.1, EOF after the scaled tail", async () => {
    const d = await use({ timing: { scale: 0.1 } });
    const { at, total } = await timedStream(client, "slow", { input: HELLO, streamMode: "updates", config: { configurable: { sleep_ms: 3000 } } });
    expect(at.map(([e]) => e)).toEqual(["metadata", "updates", "updates"]);
    // The update is due at (3 + 3020) ms × 0.1 ≈ 302 ms after the request (lower bound is strict,
    // the upper one generous: 2 shared cores).
    expect(at[1]?.[1] ?? 0).toBeGreaterThan(290);
    expect(at[1]?.[1] ?? 0).toBeLessThan(1200);
    expect(at[0]?.[1] ?? 0).toBeLessThan(at[1]?.[1] ?? 0);
    // end_ms 3525 → EOF ≈ 353 ms; the run (and its thread) ended with the last event, before EOF.
    expect(total).toBeGreaterThan(330);
    expect(total).toBeLessThan(1500);
    expect(d.store.threadCount).toBe(0);
    d.close();
  });

  test("recorded: offsets at 1×, including the ~500 ms JS tail", async () => {
    const d = await use({ timing: "recorded" });
    const { at, total } = await timedStream(client, "agent", { input: HELLO, streamMode: "updates" });
    expect(at).toHaveLength(3);
    expect(at[2]?.[1] ?? 0).toBeLessThan(450);
    expect(total).toBeGreaterThan(500);
    expect(total).toBeLessThan(2000);
    d.close();
  });

  test("instant: no waiting at all", async () => {
    const d = await use({ timing: "instant" });
    const { total } = await timedStream(client, "slow", { input: HELLO, streamMode: "updates", config: { configurable: { sleep_ms: 3000 } } });
    expect(total).toBeLessThan(400);
    d.close();
  });

  test("/runs/wait writes a keep-alive newline per (scaled) second until the result", async () => {
    const d = await use({ timing: { scale: 0.2 } });
    const t0 = performance.now();
    const res = await fetch("http://localhost:2024/runs/wait", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "slow", input: HELLO, config: { configurable: { sleep_ms: 1500 } } }),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    // 1530 ms recorded → ~306 ms; one keep-alive at 200 ms (JS: `\n` every 1000 ms).
    expect(text.startsWith("\n{")).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ messages: expect.any(Array) });
    expect(ms).toBeGreaterThan(280);
    expect(ms).toBeLessThan(1500);
    d.close();
  });

  test("close() ends open streams and clears every timer", async () => {
    const d = await use({ timing: "recorded" });
    const it = client.runs.stream(null, "slow", { input: HELLO, streamMode: "updates", config: { configurable: { sleep_ms: 3000 } } });
    await it.next();
    d.close();
    const rest: unknown[] = [];
    for await (const c of { [Symbol.asyncIterator]: () => it }) rest.push(c);
    expect(rest).toEqual([]);
    expect(d.activeRuns).toBe(0);
  });
});
