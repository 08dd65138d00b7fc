// Page (a) in real Chromium: a stateless run streamed with the SDK, in worker mode (MSW service worker,
// bundled fixtures) and in http mode (the mock's node:http server, CORS).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockHttpServer } from "../../src/mock/serve.js";
import { describeBrowser, FIXTURES_DIR, useBrowser } from "./support/browser.js";
import { expectedLines, loadFixture, recordedGap } from "./support/fixtures.js";
import { comparable, readLines, waitForEnd, type ShownLine, type ShownStatus } from "./support/page.js";

const updates = loadFixture("agent-updates");
const failing = loadFixture("failing-updates");
const expected = comparable(expectedLines(updates));
// What Chromium's fetch reports when the body breaks (or the connection never answers).
const NETWORK_ERROR = /^TypeError: (network error|Failed to fetch)$/;

/**
 * The first update was on the page well before the stream ended. Measured in the page (each item and the
 * status carry data-t, ms since page start), not by polling from the test: under load a poll can come
 * late. The recording has ~500 ms between the updates and the end of the stream; instant replay has ~0.
 */
function expectUpdateBeforeEnd(lines: readonly ShownLine[], status: ShownStatus): void {
  const first = lines.find((l) => l.event === "updates");
  expect(first, "no updates item shown").toBeDefined();
  const gap = recordedGap(updates);
  expect(status.t - (first?.t ?? Infinity)).toBeGreaterThanOrEqual((gap.end - gap.firstUpdate) * 0.3);
}

describeBrowser("stream page (client.runs.stream, streamMode updates)", () => {
  const env = useBrowser("stream");

  async function open(query: string): Promise<Awaited<ReturnType<typeof env.newPage>>> {
    const page = await env.newPage();
    await page.goto(`${env.base}/?${query}`);
    return page;
  }

  /** After a broken stream the page may show fewer events than were sent (seen in http mode: none, as
   * the drop follows the last event at once and the body's error overtakes chunks not yet read through
   * the SDK's stream pipeline). What it shows must be a prefix of the recording. */
  function expectPrefix(shown: ReturnType<typeof comparable>, max: number): void {
    expect(shown.length).toBeLessThanOrEqual(max);
    expect(shown).toEqual(expected.slice(0, shown.length));
  }

  describe("worker mode (MSW service worker, bundled fixtures)", () => {
    it("worker: shows every update in recorded order, then done", async () => {
      const page = await open("mode=worker&timing=instant");
      const status = await waitForEnd(page);
      expect(status).toMatchObject({ state: "done", text: "done" });
      expect(comparable(await readLines(page))).toEqual(expected);
    });

    it("worker: with recorded timing the first update is visible before the stream ends", async () => {
      const page = await open("mode=worker&timing=recorded");
      const status = await waitForEnd(page);
      expect(status.state).toBe("done");
      const lines = await readLines(page);
      expect(comparable(lines)).toEqual(expected);
      expectUpdateBeforeEnd(lines, status);
    });

    it("worker: drop-after=2 is shown as the SDK's network error", async () => {
      const page = await open("mode=worker&timing=instant&fault=drop-after=2");
      const status = await waitForEnd(page);
      expect(status.state).toBe("error");
      expect(status.text).toMatch(NETWORK_ERROR);
      expectPrefix(comparable(await readLines(page)), 2);
    });

    it("worker: error-event=after:2 shows the events, the error event and its message", async () => {
      const page = await open("mode=worker&timing=instant&fault=error-event=after:2");
      const status = await waitForEnd(page);
      expect(status).toMatchObject({ state: "error", text: "MockFault: Injected by x-mock-fault: error-event=2" });
      const lines = comparable(await readLines(page));
      expect(lines.slice(0, 2)).toEqual(expected.slice(0, 2));
      expect(lines.slice(2)).toEqual([{ event: "error", node: "", text: "MockFault: Injected by x-mock-fault: error-event=2" }]);
    });

    it("worker: a recorded run failure (failing graph) ends with its error event", async () => {
      const page = await open("mode=worker&timing=instant&assistant=failing");
      const status = await waitForEnd(page);
      expect(status).toMatchObject({ state: "error", text: "Error: Deliberate failure in node boom" });
      expect(comparable(await readLines(page))).toEqual(comparable(expectedLines(failing)));
    });

    it("worker: status=503 is shown as the SDK's HTTP error", async () => {
      const page = await open("mode=worker&fault=status=503");
      const status = await waitForEnd(page);
      expect(status.state).toBe("error");
      expect(status.text).toMatch(/HTTP 503/);
      expect(await readLines(page)).toEqual([]);
    });
  });

  describe("http mode (mock server on node:http, CORS)", () => {
    let mock: MockHttpServer;
    beforeAll(async () => {
      mock = await startMockServer({ port: 0, host: "127.0.0.1", fixturesDir: FIXTURES_DIR, timing: "recorded", logger: false });
    });
    afterAll(async () => {
      await mock?.close();
    });

    it("http: updates in recorded order over CORS, the first one before the stream ends", async () => {
      const page = await open(`mode=http&api=${mock.url}`);
      const status = await waitForEnd(page);
      expect(status).toMatchObject({ state: "done", text: "done" });
      const lines = await readLines(page);
      expect(comparable(lines)).toEqual(expected);
      expectUpdateBeforeEnd(lines, status);
    });

    it("http: drop-after=2 is shown as the SDK's network error", async () => {
      const page = await open(`mode=http&api=${mock.url}&fault=drop-after=2`);
      const status = await waitForEnd(page);
      expect(status.state).toBe("error");
      expect(status.text).toMatch(NETWORK_ERROR);
      expectPrefix(comparable(await readLines(page)), 2);
    });

    it("http: error-event=after:2 shows the error event's message", async () => {
      const page = await open(`mode=http&api=${mock.url}&fault=error-event=after:2`);
      const status = await waitForEnd(page);
      expect(status).toMatchObject({ state: "error", text: "MockFault: Injected by x-mock-fault: error-event=2" });
      expect(comparable(await readLines(page)).map((l) => l.event)).toEqual(["metadata", "updates", "error"]);
    });

    it("http: status=503 reaches the page through CORS as the SDK's HTTP error", async () => {
      const page = await open(`mode=http&api=${mock.url}&fault=status=503`);
      const status = await waitForEnd(page);
      expect(status.state).toBe("error");
      expect(status.text).toMatch(/HTTP 503/);
    });
  });
});
