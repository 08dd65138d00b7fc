// startMockServer over real HTTP (port 0): SDK streaming, CORS preflight, routing errors, client
// disconnects, faults on a real socket, logging and a clean close().
import { request as httpRequest } from "node:http";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockServer, type MockHttpServer } from "../../src/mock/serve.js";
import { collect, eventually, fixtureChunks, fixtureNamed, HELLO, mask, testFixtures } from "./helpers.js";

let srv: MockHttpServer;
const lines: string[] = [];

beforeAll(async () => {
  srv = await startMockServer({ port: 0, fixtures: testFixtures(), timing: { scale: 0.1 }, logger: (l) => lines.push(l) });
});
afterAll(async () => {
  await srv.close();
});

describe("startMockServer", () => {
  test("listens on an ephemeral port and streams to the real SDK", async () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(srv.port).not.toBe(2024);
    const client = new Client({ apiUrl: srv.url });
    const chunks = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-agent-updates")));
    expect(lines.some((l) => /^POST \/runs\/stream 200 \d+ms fixture=stream-agent-updates run=[0-9a-f-]{36}$/.test(l))).toBe(true);
  });

  test("chunks arrive incrementally on the wire (not buffered to EOF)", async () => {
    const res = await fetch(`${srv.url}/runs/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "slow", input: HELLO, stream_mode: "updates", config: { configurable: { sleep_ms: 3000 } } }),
    });
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(res.headers.get("connection")).toBe("keep-alive");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const t0 = performance.now();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith("event: metadata\n")).toBe(true);
    expect(performance.now() - t0).toBeLessThan(150); // the 300 ms (scaled) node has not run yet
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest.match(/^event: /gm)).toHaveLength(2);
  });

  test("CORS preflight is answered like the JS server", async () => {
    const res = await fetch(`${srv.url}/runs/stream`, {
      method: "OPTIONS",
      headers: { origin: "http://example.test", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-api-key" },
    });
    expect(res.status).toBe(204);
    expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith("access-control") || k === "vary"))).toEqual({
      "access-control-allow-headers": "content-type,x-api-key",
      "access-control-allow-methods": "GET,HEAD,PUT,POST,DELETE,PATCH,QUERY",
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "content-location,x-pagination-total",
      vary: "Access-Control-Request-Headers",
    });
  });

  test("unknown routes and methods: 404 text", async () => {
    const res = await fetch(`${srv.url}/runs/stream`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(await res.text()).toBe("404 Not Found");
  });

  test("a client disconnect mid-stream releases the reader; the run ends on schedule and cleans up", async () => {
    const ac = new AbortController();
    const client = new Client({ apiUrl: srv.url });
    let error: unknown;
    try {
      for await (const c of client.runs.stream(null, "slow", { input: HELLO, streamMode: "updates", config: { configurable: { sleep_ms: 3000 } }, signal: ac.signal })) {
        void c;
        ac.abort();
      }
    } catch (e) {
      error = e;
    }
    // Aborting between chunks ends the SDK's iterator quietly (awaiting a chunk it throws AbortError).
    if (error !== undefined) expect((error as Error).name).toBe("AbortError");
    expect(srv.deployment.store.threadCount).toBe(1); // the run goes on (JS semantics)
    expect(await eventually(() => srv.deployment.store.threadCount === 0 && srv.deployment.activeRuns === 0, 2000)).toBe(true);
  });

  test("a stalled stream is released when the client gives up", async () => {
    const ac = new AbortController();
    const client = new Client({ apiUrl: srv.url, defaultHeaders: { "x-mock-fault": "stall-after=1" } });
    setTimeout(() => ac.abort(), 200);
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates", signal: ac.signal })) got.push(c.event);
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(got).toEqual(["metadata"]);
    expect(await eventually(() => srv.deployment.activeRuns === 0 && srv.deployment.store.threadCount === 0, 2000)).toBe(true);
  });

  test("drop-after on a real socket: the SDK throws a network error (TypeError: terminated)", async () => {
    const client = new Client({ apiUrl: srv.url, defaultHeaders: { "x-mock-fault": "drop-after=1" } });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" })) got.push(c.event);
    })().catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe("terminated");
    expect(got.length).toBeLessThanOrEqual(1);
  });

  test("node:http clients (no fetch) work too, including a raw no-content-type body", async () => {
    const body = JSON.stringify({ assistant_id: "echo", input: HELLO, stream_mode: "updates" });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${srv.url}/runs/stream`, { method: "POST" }, (res) => {
        let t = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (t += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: t }));
      });
      req.on("error", reject);
      req.end(body);
    });
    expect(status).toBe(400); // no content type → body ignored → "assistant_id Required" (cap:ct_missing)
    expect(JSON.parse(text)).toMatchObject({ success: false, error: { name: "ZodError" } });
  });

  test("close() ends open streams and connections", async () => {
    const s = await startMockServer({ port: 0, fixtures: testFixtures(), timing: "recorded", logger: false });
    const client = new Client({ apiUrl: s.url });
    const it = client.runs.stream(null, "slow", { input: HELLO, streamMode: "updates", config: { configurable: { sleep_ms: 3000 } } });
    await it.next();
    const t0 = performance.now();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(500);
    const rest = await collect({ [Symbol.asyncIterator]: () => it }).catch(() => []);
    expect(rest).toEqual([]);
    expect(s.deployment.activeRuns).toBe(0);
  });
});

describe("defaults", () => {
  test("with no fixtures named, the Node adapters replay the bundled corpus (as `serve` does)", async () => {
    const bare = await startMockServer({ port: 0, logger: false });
    try {
      const client = new Client({ apiUrl: bare.url, callerOptions: { maxRetries: 0 } });
      const chunks = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
      expect(chunks.map((c) => c.event)).toEqual(["metadata", "updates", "updates"]);
      expect(bare.deployment.index.entries.length).toBeGreaterThan(30);
    } finally {
      await bare.close();
    }
  });

  test("synthetic only: no corpus is loaded behind the caller's back", async () => {
    const synth = await startMockServer({ port: 0, logger: false, synthetic: { seed: 7 } });
    try {
      expect(synth.deployment.index.entries).toEqual([]);
    } finally {
      await synth.close();
    }
  });
});
