// The real @langchain/langgraph-sdk 1.15.0 against the mock through MSW's setupServer: what it yields,
// returns and throws must be what it does against the real JS server (captures/sdk-js.log).
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { setupMockServer } from "../../src/mock/node.js";
import { collect, fixtureChunks, fixtureNamed, HELLO, mask, testFixtures } from "./helpers.js";

const server = setupMockServer({ fixtures: testFixtures() });
const client = new Client({ apiUrl: "http://localhost:2024" });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  await server.deployment.idle();
  server.deployment.reset();
});
afterAll(() => server.close());

describe("runs.stream (stateless)", () => {
  test("updates: yields the fixture's chunks in order", async () => {
    const chunks = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-agent-updates")));
    expect(chunks.map((c) => c.event)).toEqual(["metadata", "updates", "updates"]);
  });

  test("values, by assistant uuid instead of graph id", async () => {
    const chunks = await collect(client.runs.stream(null, "fe096781-5601-53d2-b2f6-0d3403f7e9ca", { input: HELLO, streamMode: "values" }));
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-agent-values")));
  });

  test("no streamMode behaves as values (SR-11)", async () => {
    const chunks = await collect(client.runs.stream(null, "agent", { input: HELLO }));
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-agent-values")));
  });

  test("four modes interleaved in production order", async () => {
    const chunks = await collect(
      client.runs.stream(null, "agent", { input: HELLO, streamMode: ["values", "updates", "messages-tuple", "custom"] }),
    );
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-agent-all-modes")));
  });

  test("a subset of a richer recording's modes is served by filtering", async () => {
    const all = await fixtureNamed("stream-agent-all-modes");
    const custom = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "custom" }));
    expect(mask(custom)).toEqual(fixtureChunks(all, (e) => e === "metadata" || e === "custom"));
    expect(custom[1]).toEqual({ event: "custom", data: { node: "agent", note: "custom event from agent node" } });
    const two = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: ["custom", "messages-tuple"] }));
    expect(two.map((c) => c.event)).toEqual(["metadata", "custom", ...Array(13).fill("messages")]);
  });

  test("subgraph namespaces are kept and re-minted consistently", async () => {
    const chunks = await collect(client.runs.stream(null, "nested", { input: HELLO, streamMode: "updates", streamSubgraphs: true }));
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-nested-updates-subgraphs")));
    expect(chunks[1]?.event).toMatch(/^updates\|sub:[0-9a-f-]{36}$/);
  });

  test("an in-stream error is yielded, then the iterator ends normally (SR-19)", async () => {
    const chunks = await collect(client.runs.stream(null, "failing", { input: HELLO, streamMode: "updates" }));
    expect(chunks.at(-1)).toEqual({ event: "error", data: { error: "Error", message: "Deliberate failure in node boom" } });
  });

  test("run ids are fresh per request and metadata.run_id equals Content-Location (SR-02, SR-04)", async () => {
    const created: { run_id: string; thread_id?: string | undefined }[] = [];
    const a = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates", onRunCreated: (m) => void created.push(m) }));
    const b = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates", onRunCreated: (m) => void created.push(m) }));
    const idA = (a[0]?.data as { run_id: string }).run_id;
    const idB = (b[0]?.data as { run_id: string }).run_id;
    expect(idA).not.toBe(idB);
    expect(created.map((c) => c.run_id)).toEqual([idA, idB]);
    // JS stateless streams report no thread id (no /threads/ in Content-Location).
    expect(created.every((c) => c.thread_id === undefined)).toBe(true);
    // Message ids are re-minted too, never the placeholders of the fixture.
    expect(JSON.stringify(a)).not.toContain("00000000-0000-4000-8000-");
  });

  test("messages-tuple metadata carries the temporary thread id, which the store really used", async () => {
    const seen = new Set<string>();
    const chunks: { event: string; data: unknown }[] = [];
    for await (const c of client.runs.stream(null, "agent", { input: HELLO, streamMode: "messages-tuple" })) {
      chunks.push(c);
      for (const t of server.deployment.store.listThreads()) seen.add(t.thread_id);
    }
    const meta = (chunks[1]?.data as [unknown, { thread_id: string; run_id: string }])[1];
    expect(meta.run_id).toBe((chunks[0]?.data as { run_id: string }).run_id);
    expect(seen.has(meta.thread_id)).toBe(true);
    expect(server.deployment.store.threadCount).toBe(0);
  });
});

describe("runs.wait (stateless)", () => {
  test("returns the final values", async () => {
    const result = await client.runs.wait(null, "agent", { input: HELLO });
    expect(mask(result)).toEqual(mask((await fixtureNamed("wait-agent")).response.body));
  });

  test("non-message state", async () => {
    expect(await client.runs.wait(null, "counter", { input: { count: 2 } })).toEqual({ count: 3, log: ["inc"] });
    const chunks = await collect(client.runs.stream(null, "counter", { input: { count: 5 }, streamMode: ["values", "updates"] }));
    expect(chunks.at(-1)).toEqual({ event: "values", data: { count: 6, log: ["inc"] } });
  });

  test("is derived from a stream recording when there is no wait recording (last values)", async () => {
    const result = await client.runs.wait(null, "echo", { input: HELLO });
    const values = (await fixtureNamed("stream-echo-values")).response.events?.at(-1)?.data;
    expect(mask(result)).toEqual(mask(values));
  });

  test("a failing graph throws the JS double-encoded error", async () => {
    await expect(client.runs.wait(null, "failing", { input: HELLO })).rejects.toThrow(
      'Error: {"error":"Error","message":"Deliberate failure in node boom"}',
    );
    const raw = await client.runs.wait(null, "failing", { input: HELLO, raiseError: false });
    expect(raw).toEqual({ __error__: { error: "Error", message: '{"error":"Error","message":"Deliberate failure in node boom"}' } });
  });

  test("wait derived from an error stream double-encodes like the server", async () => {
    // stream-failing-updates has no values: requesting stream_mode updates on wait needs a raw request.
    const res = await fetch("http://localhost:2024/runs/wait", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "failing", input: HELLO, stream_mode: "updates" }),
    });
    expect(res.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(res.headers.get("content-location")).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ __error__: { error: "Error", message: '{"error":"Error","message":"Deliberate failure in node boom"}' } });
  });
});

describe("background runs", () => {
  test("runs.create returns the JS Run object; joinStream yields what nobody consumed, with ids", async () => {
    const run = await client.runs.create(null, "agent", { input: HELLO, streamMode: "updates" });
    expect(Object.keys(run)).toEqual([
      "run_id",
      "thread_id",
      "assistant_id",
      "metadata",
      "status",
      "kwargs",
      "multitask_strategy",
      "created_at",
      "updated_at",
    ]);
    expect(run).toMatchObject({
      assistant_id: "fe096781-5601-53d2-b2f6-0d3403f7e9ca",
      metadata: { created_by: "system" },
      status: "pending",
      multitask_strategy: "reject",
      kwargs: { stream_mode: ["updates"], temporary: true, subgraphs: false, resumable: false, context: {} },
    });
    const configurable = ((run as unknown as { kwargs: Record<string, unknown> }).kwargs["config"] as { configurable: Record<string, unknown> }).configurable;
    expect(configurable).toMatchObject({ run_id: run.run_id, thread_id: run.thread_id, graph_id: "agent", assistant_id: run.assistant_id });
    const joined = await collect(client.runs.joinStream(null, run.run_id));
    expect(joined.map((c) => [c.event, c.id])).toEqual([
      ["metadata", "0"],
      ["updates", "1"],
      ["updates", "2"],
    ]);
    await server.deployment.idle();
    await expect(client.threads.get(run.thread_id)).rejects.toMatchObject({ status: 404 });
  });

  test("createBatch returns runs in request order and leaves no thread", async () => {
    const runs = await client.runs.createBatch([
      { assistantId: "agent", input: HELLO },
      { assistantId: "echo", input: HELLO },
    ]);
    expect(runs.map((r) => r.assistant_id)).toEqual(["fe096781-5601-53d2-b2f6-0d3403f7e9ca", "046b5dc7-2108-582c-9c6c-31d556d138f0"]);
    await server.deployment.idle();
    expect(await client.threads.count()).toBe(0);
  });
});

describe("errors the SDK surfaces", () => {
  test("unknown assistant → HTTPError 404 with the server's message", async () => {
    await expect(collect(client.runs.stream(null, "nope", { input: HELLO }))).rejects.toMatchObject({
      status: 404,
      message: 'HTTP 404: No assistant found for "nope". Make sure the assistant ID is for a valid assistant or a valid graph ID.',
    });
  });

  test("no fixture → readable 404 naming the closest fixtures and how to record one", async () => {
    const err = await collect(client.runs.stream(null, "agent", { input: { messages: [{ role: "user", content: "other" }] }, streamMode: "updates" })).catch(
      (e: Error & { status?: number }) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const e = err as Error & { status?: number };
    expect(e.status).toBe(404);
    expect(e.message).toContain("No recorded fixture answers POST /runs/stream");
    expect(e.message).toContain("stream-agent-updates");
    expect(e.message).toContain("langgraph-conformance record");
    expect(server.deployment.store.threadCount).toBe(0);
  });
});

describe("assistants and meta", () => {
  test("assistants.get accepts graph id or uuid; search lists every graph", async () => {
    const a = await client.assistants.get("agent");
    expect(a).toMatchObject({ assistant_id: "fe096781-5601-53d2-b2f6-0d3403f7e9ca", graph_id: "agent", name: "agent", version: 1 });
    expect((await client.assistants.get(a.assistant_id)).graph_id).toBe("agent");
    const all = await client.assistants.search({ limit: 100 });
    expect(all.map((x) => x.graph_id).sort()).toEqual(["agent", "counter", "echo", "failing", "interrupting", "nested", "slow"]);
    await expect(client.assistants.get("nope")).rejects.toMatchObject({ status: 404 });
  });

  test("/info has the JS shape plus the mock marker; /ok", async () => {
    const info = (await (await fetch("http://localhost:2024/info")).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ version: "1.5.1", context: "js", langgraph_conformance_mock: true });
    expect(await (await fetch("http://localhost:2024/ok")).json()).toEqual({ ok: true });
  });

  test("stream responses carry the JS headers", async () => {
    const res = await fetch("http://localhost:2024/runs/stream", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "agent", input: HELLO, stream_mode: "updates" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toBe("content-location,x-pagination-total");
    expect(res.headers.get("location")).toBeNull();
    const text = await res.text();
    const runId = /"run_id":"([0-9a-f-]{36})"/.exec(text)?.[1];
    expect(res.headers.get("content-location")).toBe(`/runs/${runId}`);
    expect(text.startsWith(`event: metadata\ndata: {"run_id":"${runId}","attempt":1}\n\n`)).toBe(true);
    expect(text).not.toMatch(/^id:/m);
  });
});
