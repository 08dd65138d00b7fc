// Every replayable fixture of the committed corpus (fixtures/corpus), requested with its own recorded
// body, comes back as recorded (ids and timestamps masked).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Fixture } from "../../src/fixtures/format.js";
import { loadFixtureDir } from "../../src/fixtures/io.js";
import { createMockDeployment, type MockDeployment } from "../../src/mock/deployment.js";
import { readReplyBody } from "../../src/mock/reply.js";
import { mask } from "./helpers.js";

const CORPUS = join(import.meta.dirname, "../../fixtures/corpus");
let fixtures: Fixture[] = [];
let d: MockDeployment;

beforeAll(async () => {
  fixtures = await loadFixtureDir(CORPUS).catch(() => []);
  d = createMockDeployment({ fixtures });
  await d.ready;
});
afterAll(() => d.close());

function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((f) => {
      const lines = f.split("\n");
      return { event: (lines[0] as string).slice(7), data: JSON.parse((lines[1] as string).slice(6)) as unknown };
    });
}

describe("corpus replay", () => {
  test("every replayable corpus fixture answers its own request as recorded", async () => {
    const replayable = fixtures.filter((f) => d.index.entries.some((e) => e.name === f.name));
    if (fixtures.length === 0) return; // corpus not recorded yet
    expect(replayable.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const fx of replayable) {
      const reply = await d.dispatch({
        method: "POST",
        url: `http://localhost:2024${fx.request.path}`,
        headers: new Headers({ "content-type": "application/json" }),
        text: async () => JSON.stringify(fx.request.body),
      });
      const text = reply ? await readReplyBody(reply) : "";
      const got = fx.response.kind === "sse" ? parseSse(text) : JSON.parse(text.trim()) as unknown;
      const want = fx.response.kind === "sse" ? (fx.response.events ?? []).map((e) => ({ event: e.event, data: e.data })) : fx.response.body;
      if (reply?.status !== 200 || JSON.stringify(mask(got)) !== JSON.stringify(mask(want))) failures.push(`${fx.name} (served by ${reply?.meta?.fixture})`);
    }
    await d.idle();
    expect(failures).toEqual([]);
    expect(d.store.threadCount).toBe(d.store.listThreads().filter((t) => t.status !== "busy").length);
  });

  test("/info reflects the recorded server", async () => {
    if (fixtures.length === 0) return;
    const reply = await d.dispatch({ method: "GET", url: "http://localhost:2024/info", headers: new Headers(), text: async () => "" });
    const info = JSON.parse(reply ? await readReplyBody(reply) : "{}") as Record<string, unknown>;
    expect(info).toMatchObject({ context: "js", langgraph_conformance_mock: true });
  });
});
