// Page (b) in real Chromium: React 19 + useStream (threads) against the mock, worker and http mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockLogEntry } from "../../src/mock/index.js";
import { startMockServer, type MockHttpServer } from "../../src/mock/serve.js";
import { describeBrowser, FIXTURES_DIR, useBrowser } from "./support/browser.js";
import { finalMessages, loadFixture } from "./support/fixtures.js";
import { readMessages, waitForEnd } from "./support/page.js";

// useStream asks for ["messages-tuple", "values"]; the mock serves them from the all-modes recording.
const expected = finalMessages(loadFixture("agent-all-modes"));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeBrowser("React useStream page", () => {
  const env = useBrowser("react");

  async function send(query: string): Promise<Awaited<ReturnType<typeof env.newPage>>> {
    const page = await env.newPage();
    await page.goto(`${env.base}/react.html?${query}`);
    await page.click("#send", { timeout: 15_000 });
    return page;
  }

  it("fixture sanity: the recording ends with the human and the AI message", () => {
    expect(expected.map((m) => m.type)).toEqual(["human", "ai"]);
  });

  it("worker: useStream shows the final messages of the run", async () => {
    const page = await send("mode=worker&timing=instant");
    const status = await waitForEnd(page);
    expect(status.state).toBe("done");
    expect(await readMessages(page)).toEqual(expected);
    expect(await page.textContent("#thread")).toMatch(UUID);
  });

  it("worker: a dropped stream is shown as useStream's error", async () => {
    const page = await send("mode=worker&timing=instant&fault=drop-after=2");
    const status = await waitForEnd(page);
    expect(status.state).toBe("error");
    expect(status.text).toMatch(/^TypeError: (network error|Failed to fetch)$/);
  });

  it("worker: an error event becomes useStream's error (name and message from the event)", async () => {
    const page = await send("mode=worker&timing=instant&fault=error-event=after:2");
    const status = await waitForEnd(page);
    expect(status).toMatchObject({ state: "error", text: "MockFault: Injected by x-mock-fault: error-event=2" });
  });

  describe("http mode (mock server on node:http, CORS)", () => {
    let mock: MockHttpServer;
    const log: MockLogEntry[] = [];
    beforeAll(async () => {
      mock = await startMockServer({ port: 0, fixturesDir: FIXTURES_DIR, timing: "recorded", logger: false, log: (e) => log.push(e) });
    });
    afterAll(async () => {
      await mock?.close();
    });

    it("http: useStream creates a thread, streams a thread run and shows the final messages", async () => {
      const page = await send(`mode=http&api=${mock.url}`);
      const status = await waitForEnd(page);
      expect(status.state).toBe("done");
      expect(await readMessages(page)).toEqual(expected);
      const threadId = await page.textContent("#thread");
      expect(threadId).toMatch(UUID);
      const calls = log.filter((e) => e.method !== "OPTIONS").map((e) => `${e.method} ${e.path} ${e.status}`);
      expect(calls).toEqual(["POST /threads 200", `POST /threads/${threadId}/runs/stream 200`]);
      expect(log.find((e) => e.path.endsWith("/runs/stream") && e.method === "POST")?.fixture).toBe("agent-all-modes");
    });
  });
});
