// The nock adapter (own file: nock and MSW share interceptors, gotcha 5). Never nock.restore() here.
// Default import on purpose: an ESM named import of `request` binds the unpatched function, and
// nock (like any interceptor) patches the module object.
import http from "node:http";
import { Client } from "@langchain/langgraph-sdk";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nockDeployment, type NockDeployment } from "../../src/mock/nock.js";
import { collect, eventually, fixtureChunks, fixtureNamed, HELLO, mask, testFixtures } from "./helpers.js";

let mock: NockDeployment;
beforeAll(async () => {
  nock.disableNetConnect();
  mock = nockDeployment("http://localhost:2024", { fixtures: await testFixtures(), timing: { scale: 0.05 } });
  await mock.deployment.ready;
});
afterAll(() => {
  mock.close();
  nock.enableNetConnect();
});

describe("nockDeployment", () => {
  const client = new Client({ apiUrl: "http://localhost:2024" });

  test("the SDK (global fetch) streams the fixture", async () => {
    const chunks = await collect(client.runs.stream(null, "agent", { input: HELLO, streamMode: "updates" }));
    expect(mask(chunks)).toEqual(fixtureChunks(await fixtureNamed("stream-agent-updates")));
  });

  test("events arrive over time, not all at the end", async () => {
    const at: number[] = [];
    const t0 = performance.now();
    for await (const c of client.runs.stream(null, "slow", { input: HELLO, streamMode: "updates", config: { configurable: { sleep_ms: 3000 } } })) {
      void c;
      at.push(performance.now() - t0);
    }
    expect(at).toHaveLength(3);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThan(100); // 3000 ms × 0.05
  });

  test("wait, threads and errors", async () => {
    expect(await client.runs.wait(null, "counter", { input: { count: 2 } })).toEqual({ count: 3, log: ["inc"] });
    await expect(collect(client.runs.stream(null, "nope", { input: HELLO }))).rejects.toMatchObject({ status: 404 });
    await mock.deployment.idle();
    expect(await client.threads.count()).toBe(0);
  });

  test("node:http clients are intercepted as well", async () => {
    const body = JSON.stringify({ assistant_id: "agent", input: HELLO, stream_mode: "updates" });
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.request("http://localhost:2024/runs/stream", { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        let t = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (t += c));
        res.on("end", () => resolve(t));
      });
      req.on("error", reject);
      req.end(body);
    });
    expect(text.match(/^event: /gm)).toHaveLength(3);
    expect(await eventually(() => mock.deployment.store.threadCount === 0)).toBe(true);
  });
});
