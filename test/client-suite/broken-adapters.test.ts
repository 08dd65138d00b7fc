// The suite must be able to fail: deliberately broken clients fail exactly the cases they should,
// both through the plain runner and end to end through vitest (startVitest on a file that
// registers the suite), with the case names in the failures.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, test } from "vitest";
import { startVitest, type Reporter, type TestCase } from "vitest/node";
import { expectedEvents, planClientSuite, runClientConformance, type CaseResult, type ClientAdapter } from "../../src/client-suite/index.js";
import { dropsLastEvent, ignoresAbort, naiveSseParser, silentOnErrors, swallowsErrorEvents } from "./broken/adapters.js";

const ROOT = join(import.meta.dirname, "..", "..");
const plan = planClientSuite();
const byId = new Map(plan.cases.map((c) => [c.id, c]));

async function run(adapter: ClientAdapter, filter: (id: string) => boolean, abortGraceMs?: number): Promise<Map<string, CaseResult>> {
  const { results } = await runClientConformance(adapter, { filter, timedFaultFixtures: 1, ...(abortGraceMs ? { abortGraceMs } : {}) });
  return new Map(results.map((r) => [r.id, r]));
}

const failed = (m: Map<string, CaseResult>): string[] => [...m.values()].filter((r) => r.status === "fail").map((r) => r.id).sort();
const hasErrorEvent = (id: string): boolean => expectedEvents(byId.get(id)!.fixture).some((e) => e.event === "error");

describe("broken clients fail the right cases (plain runner)", () => {
  test("dropping the last event fails every stream and framing case", async () => {
    const results = await run(dropsLastEvent, (id) => /^(stream|framing\/(crlf|bytewise))\//.test(id));
    expect(results.size).toBeGreaterThan(20);
    expect(failed(results)).toEqual([...results.keys()].sort());
    expect(results.get("stream/agent-updates")?.message).toMatch(/^stream\/agent-updates: got 2 of 3 events: missing from #2 on: \[updates\]/);
  });

  test("swallowing error events fails exactly the streams that carry one, and the injected ones", async () => {
    const results = await run(swallowsErrorEvents, (id) => /^(stream\/|fault\/error-event\/)/.test(id));
    const expected = [...results.keys()].filter((id) => id.startsWith("fault/error-event/") || hasErrorEvent(id)).sort();
    expect(expected.length).toBeGreaterThan(3);
    expect(failed(results)).toEqual(expected);
    expect(results.get("stream/failing-updates")?.message).toMatch(/missing from #2 on: \[error\]/);
  });

  test("ending silently on errors fails drops, malformed frames, HTTP errors and 503s", async () => {
    const results = await run(silentOnErrors, (id) => /^(fault\/(drop|malformed-frame|status-503|slow)\/|http-error\/(?!.*wait))/.test(id));
    const expected = [...results.keys()].filter((id) => !id.startsWith("fault/slow/")).sort();
    expect(failed(results)).toEqual(expected);
    expect(results.get("fault/drop/agent-updates")?.message).toContain("the connection dropped after 1 of 3 events, but the client reported success");
    expect(results.get("fault/malformed-frame/agent-updates")?.message).toContain("stopped at the frame with invalid JSON data (after 1 of 3 events) but reported no error");
    expect(results.get("fault/slow/agent-events")?.status).toBe("pass");
  });

  test("a client that ignores its abort signal hangs on a stall, and fails that case", async () => {
    const results = await run(ignoresAbort, (id) => id.startsWith("fault/stall/"), 300);
    expect(results.size).toBe(1);
    const [r] = [...results.values()];
    expect(r?.status).toBe("fail");
    expect(r?.message).toContain("the stream stalled and the suite aborted the signal, but the client did not return");
  });

  test("a naive SSE parser passes the canonical framing and fails the other legal ones", async () => {
    const results = await run(naiveSseParser, (id) => /^(stream|framing\/[a-z-]+)\/agent-updates$/.test(id));
    expect(results.get("stream/agent-updates")?.status).toBe("pass");
    for (const framing of ["crlf", "cr", "multiline-data", "no-space"]) {
      expect(results.get(`framing/${framing}/agent-updates`)?.status, framing).toBe("fail");
    }
    // Whole-body reads are immune to chunking, Response.text() strips a BOM, and the prefix match
    // skips comment and id lines.
    for (const framing of ["bytewise", "coalesced", "bom", "id-retry", "comments"]) {
      expect(results.get(`framing/${framing}/agent-updates`)?.status, framing).toBe("pass");
    }
  });
});

class Collect implements Reporter {
  readonly tests: { name: string; suite: string; state: string; message: string; annotations: string[] }[] = [];
  onTestCaseResult(t: TestCase): void {
    const r = t.result();
    this.tests.push({
      name: t.name,
      suite: t.fullName,
      state: r.state,
      message: r.state === "failed" ? (r.errors?.[0]?.message ?? "") : "",
      annotations: t.annotations().map((a) => a.message),
    });
  }
}

test("end to end through vitest: failures carry the case names; expected failures pass, stale ones fail", async () => {
  const collect = new Collect();
  const vitest = await startVitest(
    "test",
    [],
    {
      config: false,
      root: ROOT,
      include: ["test/client-suite/broken/broken.client.ts"],
      watch: false,
      reporters: [collect],
      pool: "threads",
    },
    { cacheDir: join(tmpdir(), "langgraph-conformance-client-suite-vite"), logLevel: "silent" },
  );
  await vitest.close();
  const get = (adapter: string, id: string) => collect.tests.find((t) => t.suite.includes(adapter) && t.name.startsWith(`${id}:`));

  // drops the last event: every case fails, except the listed one, which passes with an annotation.
  for (const id of ["stream/failing-updates", "fault/drop/agent-updates", "fault/error-event/agent-updates"]) {
    const t = get("drops the last event", id);
    expect(t?.state, id).toBe("failed");
    expect(t?.message.startsWith(`${id}: `), t?.message).toBe(true);
  }
  const known = get("drops the last event", "stream/agent-updates");
  expect(known?.name).toContain("[expected failure: known off-by-one]");
  expect(known?.state).toBe("passed");
  expect(known?.annotations.join("\n")).toMatch(/expected failure \(known off-by-one\):\nstream\/agent-updates: got 2 of 3 events/);

  // swallows error events: the error cases fail, the clean ones pass, the stale expectation fails.
  expect(get("swallows error events", "stream/failing-updates")?.state).toBe("failed");
  expect(get("swallows error events", "fault/error-event/agent-updates")?.message).toContain("the run's `error` event must be yielded");
  expect(get("swallows error events", "fault/drop/agent-updates")?.state).toBe("passed");
  const fixed = get("swallows error events", "stream/agent-updates");
  expect(fixed?.state).toBe("failed");
  expect(fixed?.message).toContain('passes but is listed in expectedFailures ("thought to be broken")');
  const stale = collect.tests.find((t) => t.suite.includes("swallows error events") && t.name.startsWith("expected-failures"));
  expect(stale?.state).toBe("failed");
  expect(stale?.message).toContain("fault/nope/*");
}, 120_000);
