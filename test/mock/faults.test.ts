// Each fault through the real SDK (via MSW): what the SDK does is asserted, and documented in
// src/mock/README.md. No fault may leak a thread or a run.
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { setupMockServer } from "../../src/mock/node.js";
import { collect, eventually, HELLO, testFixtures } from "./helpers.js";

const server = setupMockServer({ fixtures: testFixtures() });
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  // Whatever the fault did to the connection, the run ends and its temporary thread goes.
  expect(await eventually(() => server.deployment.activeRuns === 0 && server.deployment.store.threadCount === 0, 2000)).toBe(true);
  server.deployment.reset();
});
afterAll(() => server.close());

function clientWith(fault: string): Client {
  return new Client({ apiUrl: "http://localhost:2024", defaultHeaders: { "x-mock-fault": fault } });
}

const STREAM = { input: HELLO, streamMode: "updates" as const };

async function run(client: Client, signal?: AbortSignal) {
  const chunks: { event: string; data: unknown }[] = [];
  const t0 = Date.now();
  try {
    for await (const c of client.runs.stream(null, "agent", { ...STREAM, ...(signal ? { signal } : {}) })) chunks.push(c);
    return { chunks, error: undefined as (Error & { status?: number }) | undefined, ms: Date.now() - t0 };
  } catch (e) {
    return { chunks, error: e as Error & { status?: number }, ms: Date.now() - t0 };
  }
}

describe("x-mock-fault through the SDK", () => {
  test("drop-after=N: the iterator throws the transport error; frames still queued in the decoder may be lost", async () => {
    const { chunks, error } = await run(clientWith("drop-after=2"));
    expect(error?.message).toBe("mock fault drop-after=2: connection dropped after 2 events");
    expect(chunks.length).toBeLessThanOrEqual(2);
    expect(chunks[0]?.event).toBe("metadata");
  });

  test("stall-after=N: the SDK waits forever (no idle reconnect without heartbeats); only an abort ends it", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const { chunks, ms } = await run(clientWith("stall-after=1"), ac.signal);
    expect(chunks.map((c) => c.event)).toEqual(["metadata"]);
    expect(ms).toBeGreaterThanOrEqual(280);
  });

  test("error-event=after:N: an `error` chunk is yielded and the iterator ends normally; wait throws it", async () => {
    const client = clientWith("error-event=after:1");
    const { chunks, error } = await run(client);
    expect(error).toBeUndefined();
    expect(chunks).toEqual([
      { event: "metadata", data: { run_id: expect.any(String), attempt: 1 } },
      { event: "error", data: { error: "MockFault", message: "Injected by x-mock-fault: error-event=1" } },
    ]);
    await expect(client.runs.wait(null, "agent", { input: HELLO })).rejects.toThrow('Error: {"error":"MockFault","message":"Injected by x-mock-fault: error-event=1"}');
  });

  test("error-event in keep mode leaves the kept thread in status error", async () => {
    const client = clientWith("error-event=after:2");
    await collect(client.runs.stream(null, "agent", { ...STREAM, onCompletion: "keep" } as never));
    const [t] = await client.threads.search();
    expect(t?.status).toBe("error");
    server.deployment.reset();
  });

  test("slow=T: every event arrives T ms later", async () => {
    const { chunks, ms } = await run(clientWith("slow=40"));
    expect(chunks).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(3 * 40 - 5);
  });

  test("malformed-frame=after:N: the SDK throws a SyntaxError from JSON.parse", async () => {
    const { chunks, error } = await run(clientWith("malformed-frame=after:1"));
    expect(error?.name).toBe("SyntaxError");
    expect(chunks.map((c) => c.event)).toEqual(["metadata"]);
  });

  test("status=503: HTTPError 503, no retry of the POST, and nothing was created", async () => {
    let calls = 0;
    const counting = server.deployment;
    const client = new Client({
      apiUrl: "http://localhost:2024",
      defaultHeaders: { "x-mock-fault": "status=503" },
      callerOptions: { fetch: (...args: Parameters<typeof fetch>) => (calls++, fetch(...args)) } as never,
    });
    const { error } = await run(client);
    expect(error?.status).toBe(503);
    expect(error?.message).toBe("HTTP 503: Injected by x-mock-fault: status=503");
    expect(calls).toBeLessThanOrEqual(1);
    expect(counting.store.threadCount).toBe(0);
  });

  test("delay-headers=T: nothing for T ms, then the stream", async () => {
    const { chunks, ms } = await run(clientWith("delay-headers=150"));
    expect(chunks).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(145);
  });

  test("combinations and syntax errors", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const { chunks, ms } = await run(clientWith("slow=20, stall-after=2"), ac.signal);
    expect(chunks.map((c) => c.event)).toEqual(["metadata", "updates"]);
    expect(ms).toBeGreaterThanOrEqual(390);
    const bad = await run(clientWith("explode=1"));
    expect(bad.error?.status).toBe(400);
    expect(bad.error?.message).toContain('unknown fault "explode"');
  });
});

describe("faults option", () => {
  test("applies to every request; the header adds to it", async () => {
    const s = setupMockServer({ fixtures: testFixtures(), faults: "error-event=after:1" });
    // A second MSW server cannot listen beside the first one: swap the handlers in instead.
    server.resetHandlers(...s.listHandlers());
    try {
      const plain = await collect(new Client({ apiUrl: "http://localhost:2024" }).runs.stream(null, "agent", STREAM));
      expect(plain.map((c) => c.event)).toEqual(["metadata", "error"]);
      const both = await run(clientWith("malformed-frame=after:0"));
      expect(both.error?.name).toBe("SyntaxError");
      expect(await eventually(() => s.deployment.activeRuns === 0 && s.deployment.store.threadCount === 0)).toBe(true);
    } finally {
      s.deployment.close();
      server.resetHandlers();
    }
  });
});
