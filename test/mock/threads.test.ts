// Stateless semantics (spec §8) through the real SDK: temporary threads come and go with their runs,
// keep mode leaves exactly one thread, existing threads are never touched.
import { Client } from "@langchain/langgraph-sdk";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "../../src/mock/deployment.js";
import { deploymentHandlers } from "../../src/mock/handlers.js";
import { collect, eventually, HELLO, mask, sleep, testFixtures } from "./helpers.js";

const server = setupServer();
const client = new Client({ apiUrl: "http://localhost:2024" });
let deployment: MockDeployment | undefined;

async function use(opts: MockDeploymentOptions = {}): Promise<MockDeployment> {
  deployment?.close();
  deployment = createMockDeployment({ fixtures: await testFixtures(), ...opts });
  server.resetHandlers(...deploymentHandlers(deployment));
  await deployment.ready;
  return deployment;
}

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  deployment?.close();
  deployment = undefined;
});
afterAll(() => server.close());

/** Iterate until the stream ends or the abort surfaces as an error (both are fine here). */
async function consumeAborting<T>(it: AsyncIterable<T>, onChunk: (c: T) => void): Promise<void> {
  try {
    for await (const c of it) onChunk(c);
  } catch (error) {
    expect((error as Error).name).toMatch(/AbortError|TypeError/);
  }
}

const SLOW = { input: HELLO, streamMode: "updates" as const, config: { configurable: { sleep_ms: 3000 } } };

describe("delete mode leaves no thread (SR-21, SR-25, SR-30)", () => {
  test("after stream, wait, background and batch runs (instant)", async () => {
    const d = await use();
    await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    expect(d.store.threadCount).toBe(0); // gone by EOF, no grace period needed
    await client.runs.wait(null, "agent", { input: HELLO });
    expect(d.store.threadCount).toBe(0);
    const run = await client.runs.create(null, "echo", { input: HELLO });
    await client.runs.createBatch([{ assistantId: "agent", input: HELLO }]);
    await d.idle();
    expect(await client.threads.count()).toBe(0);
    expect(d.store.runCount).toBe(0);
    await expect(client.runs.get(run.thread_id, run.run_id)).rejects.toMatchObject({ status: 404 });
  });

  test("after the client aborts mid-stream, the run goes on and then cleans up (JS on_disconnect semantics)", async () => {
    const d = await use({ timing: { scale: 0.1 } });
    const ac = new AbortController();
    const seen: string[] = [];
    // Under MSW an aborted fetch body may end quietly instead of rejecting (gotcha 4): accept both.
    await consumeAborting(client.runs.stream(null, "slow", { ...SLOW, signal: ac.signal }), (c) => {
      seen.push(c.event);
      ac.abort();
    });
    expect(seen).toEqual(["metadata"]);
    // The run is still going (3000 ms × 0.1): its temporary thread is still busy…
    expect(d.store.listThreads().map((t) => t.status)).toEqual(["busy"]);
    expect(d.activeRuns).toBe(1);
    // …and disappears when the recorded run would have ended.
    expect(await eventually(() => d.store.threadCount === 0, 2000)).toBe(true);
    expect(d.activeRuns).toBe(0);
  });

  test("after the client aborts mid-stream in instant mode", async () => {
    const d = await use();
    const ac = new AbortController();
    const t0 = Date.now();
    await consumeAborting(client.runs.stream(null, "agent", { input: HELLO, streamMode: "messages-tuple", signal: ac.signal }), (c) => {
      if (c.event === "messages") ac.abort();
    });
    expect(await eventually(() => d.store.threadCount === 0, 1500)).toBe(true);
    // The abort itself ended the run (request.signal), not the idle fallback.
    expect(Date.now() - t0).toBeLessThan(500);
  });

  test("a consumer that stops reading without aborting does not leak (break out of the loop)", async () => {
    const d = await use();
    for await (const c of client.runs.stream(null, "agent", { input: HELLO, streamMode: "messages-tuple" })) {
      if (c.event === "messages") break;
    }
    expect(await eventually(() => d.store.threadCount === 0, 1500)).toBe(true);
  });

  test("50 concurrent runs of every kind leave nothing behind", async () => {
    const d = await use({ timing: { scale: 0.05 } });
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      const kind = i % 3;
      if (kind === 0) jobs.push(collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" })));
      else if (kind === 1) jobs.push(client.runs.wait(null, "agent", { input: HELLO }));
      else jobs.push(client.runs.create(null, "agent", { input: HELLO, streamMode: "updates" }));
    }
    // Runs are concurrent: their temporary threads coexist.
    await eventually(() => d.store.threadCount > 1, 500, 1);
    await Promise.all(jobs);
    await d.idle();
    expect(d.store.threadCount).toBe(0);
    expect(d.store.runCount).toBe(0);
    expect(await client.threads.count()).toBe(0);
  });

  test("a thread_id in a stateless body is ignored (SR-24)", async () => {
    const d = await use();
    const own = "11111111-1111-4111-8111-111111111111";
    const res = await fetch("http://localhost:2024/runs/wait", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "agent", input: HELLO, thread_id: own }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect(d.store.getThread(own)).toBeUndefined();
    expect(d.store.threadCount).toBe(0);
  });
});

describe("the temporary thread while the run is active (SR-27)", () => {
  test("visible, busy, searchable by a metadata marker, counted; gone after", async () => {
    const d = await use({ timing: { scale: 0.1 } });
    const marker = { marker: `m-${Math.random()}` };
    const it = client.runs.stream(null, "slow", { ...SLOW, metadata: marker });
    const first = await it.next();
    expect(first.value?.event).toBe("metadata");
    const found = await client.threads.search({ metadata: marker });
    expect(found).toHaveLength(1);
    const t = found[0] as (typeof found)[number];
    expect(t.status).toBe("busy");
    expect(t.metadata).toEqual({ graph_id: "slow", assistant_id: "cad1b5ad-d177-59d1-ab39-5e327188ed3a", ...marker });
    expect(t.values).toBeUndefined();
    expect(await client.threads.count()).toBe(1);
    expect(await client.threads.getState(t.thread_id)).toEqual({ values: {}, next: [], tasks: [], created_at: null, checkpoint: null, parent_checkpoint: null });
    expect(await client.threads.getHistory(t.thread_id)).toEqual([]);
    const runs = await client.runs.list(t.thread_id);
    expect(runs.map((r) => r.status)).toEqual(["running"]);
    await collect({ [Symbol.asyncIterator]: () => it });
    expect(await client.threads.count()).toBe(0);
    await expect(client.threads.get(t.thread_id)).rejects.toMatchObject({ status: 404, message: `HTTP 404: Thread with ID ${t.thread_id} not found` });
  });

  test("temporaryThreadVisible: false hides it from every thread endpoint", async () => {
    const d = await use({ timing: { scale: 0.1 }, temporaryThreadVisible: false });
    const it = client.runs.stream(null, "slow", SLOW);
    await it.next();
    expect(d.store.threadCount).toBe(1); // it exists…
    expect(await client.threads.count()).toBe(0); // …but is not visible
    expect(await client.threads.search()).toEqual([]);
    const id = (d.store.listThreads()[0] as { thread_id: string }).thread_id;
    await expect(client.threads.get(id)).rejects.toMatchObject({ status: 404 });
    await collect({ [Symbol.asyncIterator]: () => it });
    expect(d.store.threadCount).toBe(0);
  });
});

describe("keep mode (SR-26)", () => {
  test("leaves exactly one idle thread holding the final values", async () => {
    const d = await use();
    const marker = { marker: "keep-1" };
    const chunks = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "values", onCompletion: "keep", metadata: marker } as never));
    expect(await client.threads.count()).toBe(1);
    const [t] = await client.threads.search({ metadata: marker });
    expect(t).toBeDefined();
    if (!t) return;
    expect(t.status).toBe("idle");
    expect(t.metadata).toEqual({ graph_id: "agent", assistant_id: "fe096781-5601-53d2-b2f6-0d3403f7e9ca", marker: "keep-1" });
    expect(t.values).toEqual(chunks.at(-1)?.data);
    expect(t.interrupts).toEqual({});
    expect((await client.threads.getState(t.thread_id)).values).toEqual(chunks.at(-1)?.data);
    const history = await client.threads.getHistory(t.thread_id);
    expect(history).toHaveLength(1);
    const runs = await client.runs.list(t.thread_id);
    expect(runs.map((r) => [r.status, (r as unknown as { kwargs: Record<string, unknown> }).kwargs["temporary"]])).toEqual([["success", false]]);
    expect(d.store.threadCount).toBe(1);
  });

  test("keep via /runs/wait of a stream-only mode still stores the values (from a recording of the same input)", async () => {
    await use();
    await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates", onCompletion: "keep" } as never));
    const [t] = await client.threads.search();
    expect(mask(t?.values)).toEqual(mask((await client.runs.wait(null, "agent", { input: HELLO })) as unknown));
  });

  test("interrupt() in keep mode → thread interrupted with the interrupt", async () => {
    await use();
    const chunks = await collect(
      client.runs.stream(null, "interrupting", { input: HELLO, streamMode: ["updates", "values"], onCompletion: "keep" } as never),
    );
    const last = chunks.at(-1)?.data as { __interrupt__: { id: string; value: unknown }[] };
    const [t] = await client.threads.search();
    expect(t?.status).toBe("interrupted");
    expect(Object.values(t?.interrupts ?? {})).toEqual([last.__interrupt__]);
    expect((t?.values as { messages: unknown[] }).messages).toHaveLength(2);
    expect(await client.threads.count({ status: "interrupted" })).toBe(1);
  });

  test("a failing run in keep mode → thread status error", async () => {
    await use();
    await collect(client.runs.stream(null, "failing", { input: HELLO, streamMode: "updates", onCompletion: "keep" } as never));
    const [t] = await client.threads.search();
    expect(t?.status).toBe("error");
    expect((await client.runs.list(t?.thread_id as string)).map((r) => r.status)).toEqual(["error"]);
  });
});

describe("existing threads are never touched (SR-23)", () => {
  test("a thread with a run, state and history stays byte-identical across stateless runs", async () => {
    const d = await use({ match: "assistant" });
    const thread = await client.threads.create({ metadata: { purpose: "invariants" } });
    expect(Object.keys(thread)).toEqual(["thread_id", "created_at", "updated_at", "metadata", "status", "config"]);
    await client.runs.wait(thread.thread_id, "agent", { input: HELLO });
    const snap = async (): Promise<string> =>
      JSON.stringify([
        await client.threads.get(thread.thread_id),
        await client.threads.getState(thread.thread_id),
        await client.threads.getHistory(thread.thread_id, { limit: 100 }),
        await client.runs.list(thread.thread_id),
      ]);
    const before = await snap();
    const count = await client.threads.count();
    await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    await collect(client.runs.stream(null, "failing", { input: HELLO, streamMode: "updates" }));
    await client.runs.wait(null, "agent", { input: HELLO });
    await client.runs.create(null, "agent", { input: HELLO });
    await client.runs.createBatch([{ assistantId: "echo", input: HELLO }]);
    await d.idle();
    await sleep(5);
    expect(await snap()).toBe(before);
    expect(await client.threads.count()).toBe(count);
  });
});

describe("thread runs (what useStream does)", () => {
  test("create thread, stream into it twice: values accumulate, status, history and runs update", async () => {
    await use({ match: "assistant" });
    const thread = await client.threads.create();
    const ids: string[] = [];
    const first = await collect(
      client.runs.stream(thread.thread_id, "agent", { input: HELLO, streamMode: ["values", "messages-tuple"], onRunCreated: (m) => void ids.push(m.thread_id ?? "") }),
    );
    expect(ids).toEqual([thread.thread_id]); // Content-Location /threads/<t>/runs/<r>
    const m1 = (first.at(-1)?.data as { messages: unknown[] }).messages;
    expect(m1).toHaveLength(2);
    const second = await collect(client.runs.stream(thread.thread_id, "agent", { input: HELLO, streamMode: "values" }));
    const m2 = (second.at(-1)?.data as { messages: unknown[] }).messages;
    expect(m2).toHaveLength(4);
    expect(m2.slice(0, 2)).toEqual(m1);
    const t = await client.threads.get(thread.thread_id);
    expect(t.status).toBe("idle");
    expect(t.values).toEqual({ messages: m2 });
    expect((await client.threads.getHistory(thread.thread_id)).map((s) => (s.values as { messages: unknown[] }).messages.length)).toEqual([4, 2]);
    expect((await client.runs.list(thread.thread_id)).map((r) => r.status)).toEqual(["success", "success"]);
  });

  test("thread streams carry id: lines; busy threads reject a second run (multitask reject)", async () => {
    await use({ match: "assistant", timing: { scale: 0.1 } });
    const thread = await client.threads.create();
    const it = client.runs.stream(thread.thread_id, "slow", SLOW);
    const first = await it.next();
    expect(first.value).toMatchObject({ event: "metadata", id: "0" });
    await expect(client.runs.wait(thread.thread_id, "agent", { input: HELLO })).rejects.toMatchObject({ status: 422 });
    expect((await client.threads.get(thread.thread_id)).status).toBe("busy");
    const rest = await collect({ [Symbol.asyncIterator]: () => it });
    expect(rest.map((c) => c.id)).toEqual(["1", "2"]);
    expect((await client.threads.get(thread.thread_id)).status).toBe("idle");
  });

  test("on_disconnect cancel on a thread stream interrupts the run (thread idle)", async () => {
    const d = await use({ match: "assistant", timing: { scale: 0.1 } });
    const thread = await client.threads.create();
    const ac = new AbortController();
    await consumeAborting(client.runs.stream(thread.thread_id, "slow", { ...SLOW, onDisconnect: "cancel", signal: ac.signal }), () => ac.abort());
    expect(await eventually(() => d.activeRuns === 0, 1000)).toBe(true);
    expect((await client.runs.list(thread.thread_id)).map((r) => r.status)).toEqual(["interrupted"]);
    expect((await client.threads.get(thread.thread_id)).status).toBe("idle");
  });

  test("thread endpoints: patch, search filters and pagination headers, delete", async () => {
    await use();
    const a = await client.threads.create({ metadata: { k: 1 } });
    await sleep(2);
    const b = await client.threads.create({ metadata: { k: 2 } });
    expect((await client.threads.search()).map((t) => t.thread_id)).toEqual([b.thread_id, a.thread_id]); // created_at desc
    expect((await client.threads.search({ sortOrder: "asc" })).map((t) => t.thread_id)).toEqual([a.thread_id, b.thread_id]);
    expect((await client.threads.search({ metadata: { k: 2 } })).map((t) => t.thread_id)).toEqual([b.thread_id]);
    const patched = await client.threads.update(a.thread_id, { metadata: { extra: true } });
    expect(patched.metadata).toEqual({ k: 1, extra: true });
    const res = await fetch("http://localhost:2024/threads/search", { method: "POST", headers: { "content-type": "application/json" }, body: '{"limit":1}' });
    // JS off-by-one kept: total of 2 matches, limit 1 → total header 2, no next (spec §1.2).
    expect(res.headers.get("x-pagination-total")).toBe("2");
    expect(res.headers.get("x-pagination-next")).toBeNull();
    await res.text();
    await client.threads.delete(a.thread_id);
    expect(await client.threads.count()).toBe(1);
    await expect(client.threads.delete(a.thread_id)).rejects.toMatchObject({ status: 404 });
    await expect(client.threads.get("not-a-uuid")).rejects.toMatchObject({ status: 400 });
  });
});
