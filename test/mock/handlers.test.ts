// MSW integration details: per-route handlers, any-origin vs baseUrl, coexistence with user handlers,
// and no leaks after a mixed workload.
import { Client } from "@langchain/langgraph-sdk";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMockDeployment } from "../../src/mock/deployment.js";
import { deploymentHandlers } from "../../src/mock/handlers.js";
import { collect, eventually, HELLO, testFixtures } from "./helpers.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("deploymentHandlers", () => {
  test("one handler per route (plus OPTIONS), exposing the deployment", async () => {
    const handlers = deploymentHandlers({ fixtures: await testFixtures() });
    expect(handlers.length).toBeGreaterThan(30);
    expect(handlers.map((h) => h.info.header)).toContain("POST */runs/stream");
    expect(handlers.deployment.store.threadCount).toBe(0);
    handlers.deployment.close();
  });

  test("any-origin mode answers every API URL, and leaves other paths to other handlers", async () => {
    const handlers = deploymentHandlers({ fixtures: await testFixtures() });
    server.resetHandlers(...handlers, http.get("*/api/info", () => HttpResponse.json({ mine: true })));
    const a = await collect(new Client({ apiUrl: "http://localhost:2024" }).runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    const b = await collect(new Client({ apiUrl: "https://my.deployment.example" }).runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
    expect(await (await fetch("http://localhost:2024/api/info")).json()).toEqual({ mine: true });
    handlers.deployment.close();
  });

  test("baseUrl mode: only that origin (and path prefix); unknown routes under it get the server's 404", async () => {
    const handlers = deploymentHandlers({ fixtures: await testFixtures(), baseUrl: "http://lg.test/api" });
    server.resetHandlers(...handlers, http.get("http://other.test/ok", () => HttpResponse.text("other")));
    expect(await (await fetch("http://lg.test/api/ok")).json()).toEqual({ ok: true });
    const chunks = await collect(new Client({ apiUrl: "http://lg.test/api" }).runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    expect(chunks).toHaveLength(3);
    const nf = await fetch("http://lg.test/api/nope");
    expect([nf.status, await nf.text()]).toEqual([404, "404 Not Found"]);
    expect(await (await fetch("http://other.test/ok")).text()).toBe("other");
    handlers.deployment.close();
  });

  test("a mixed workload leaves nothing held: no runs, streams, timers, threads", async () => {
    const d = createMockDeployment({ fixtures: await testFixtures(), timing: { scale: 0.02 } });
    server.resetHandlers(...deploymentHandlers(d));
    const client = new Client({ apiUrl: "http://localhost:2024" });
    await Promise.all([
      collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" })),
      client.runs.wait(null, "slow", { input: HELLO, config: { configurable: { sleep_ms: 1500 } } }),
      client.runs.create(null, "agent", { input: HELLO }).then((r) => collect(client.runs.joinStream(null, r.run_id))),
      collect(new Client({ apiUrl: "http://localhost:2024", defaultHeaders: { "x-mock-fault": "drop-after=1" } }).runs.stream(null, "agent", { input: HELLO, streamMode: "updates" })).catch(() => []),
    ]);
    expect(await eventually(() => Object.values(d.stats).every((v) => v === 0), 2000)).toBe(true);
    d.close();
  });
});
