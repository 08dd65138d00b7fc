// Drift check: re-record the default scenarios from the real server and compare them with the committed
// corpus. This is how a new @langchain/langgraph-api (or SDK) release that changes a stream is noticed.
// To accept a change on purpose: `npm run fixtures:record` and review the diff of fixtures/corpus.
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServer } from "../../src/reference/server.js";
import { readScenarioFile } from "../../src/recorder/scenario.js";
import { recordScenarios } from "../../src/recorder/session.js";
import { compareFixtures, formatDrift } from "../../src/recorder/drift.js";
import { loadFixtureDir } from "../../src/fixtures/io.js";
import type { Fixture } from "../../src/fixtures/format.js";

let server: ReferenceServer;
let recorded: Fixture[] = [];
let failures: { scenario: string; error: string }[] = [];

beforeAll(async () => {
  server = await startReferenceServer();
  const { scenarios } = await readScenarioFile(resolve("fixtures/scenarios/default.json"));
  const result = await recordScenarios({ baseUrl: server.url, scenarios, concurrency: 4 });
  recorded = result.fixtures;
  failures = result.failures;
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe("drift against the committed corpus", () => {
  it("re-records every scenario without failure", () => {
    expect(failures).toEqual([]);
  });

  it("matches fixtures/corpus after normalisation", async () => {
    const committed = new Map((await loadFixtureDir(resolve("fixtures/corpus"))).map((f) => [f.name, f]));
    const missing = recorded.filter((f) => !committed.has(f.name)).map((f) => f.name);
    expect(missing, "scenarios without a committed fixture: run npm run fixtures:record").toEqual([]);
    const diffs = recorded.flatMap((f) => compareFixtures(committed.get(f.name)!, f));
    expect(diffs, `the stream changed:\n${formatDrift(diffs)}\n(re-record with npm run fixtures:record if intended)`).toEqual([]);
  });

  it("fails with a readable diff when a committed fixture is altered", async () => {
    const committed = (await loadFixtureDir(resolve("fixtures/corpus"))).find((f) => f.name === "agent-updates")!;
    const altered = structuredClone(committed);
    (altered.response.events![2]!.data as Record<string, unknown>) = { finished: {} };
    const fresh = recorded.find((f) => f.name === "agent-updates")!;
    const diffs = compareFixtures(altered, fresh);
    expect(diffs.map((d) => d.pointer)).toEqual(["/response/events/2/data/finish", "/response/events/2/data/finished"]);
    expect(formatDrift(diffs)).toContain("agent-updates at /response/events/2/data/finished\n  - committed: {}\n  + recorded:  (absent)");
  });
});
