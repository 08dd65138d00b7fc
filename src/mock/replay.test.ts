import { fc, test as ftest } from "@fast-check/vitest";
import { beforeAll, describe, expect, test } from "vitest";
import type { Fixture } from "../fixtures/format.js";
import { loadFixtureDir } from "../fixtures/io.js";
import { STREAM_MODES } from "../protocol/constants.js";
import { buildScript, canonicalJson, FixtureIndex, indexFixture, keepEvent, modesServable, remintTimestamps, waitBodyFromEvents, type MatchRequest } from "./replay.js";

let fixtures: Fixture[];
let index: FixtureIndex;
const HELLO = { messages: [{ role: "user", content: "Hello! My name is Bagatur and I am 26 years old." }] };

beforeAll(async () => {
  fixtures = await loadFixtureDir(new URL("../../test/mock/data", import.meta.url).pathname);
  index = new FixtureIndex(fixtures.map((f) => indexFixture(f, () => undefined)).filter((x) => x !== undefined));
});

const req = (over: Partial<MatchRequest>): MatchRequest => ({
  endpoint: "stream",
  graphId: "agent",
  streamMode: undefined,
  subgraphs: false,
  input: HELLO,
  body: {},
  ...over,
});

describe("matching", () => {
  test("by endpoint, graph, modes and input; prefers an exact mode set over a superset", () => {
    expect(index.find(req({ streamMode: "updates" }), "exact")?.fixture.name).toBe("stream-agent-updates");
    expect(index.find(req({ streamMode: ["values"] }), "exact")?.fixture.name).toBe("stream-agent-values");
    expect(index.find(req({ streamMode: [] }), "exact")?.fixture.name).toBe("stream-agent-values");
    expect(index.find(req({ streamMode: "custom" }), "exact")?.fixture.name).toBe("stream-agent-all-modes");
    expect(index.find(req({ streamMode: "debug" }), "exact")).toBeUndefined();
    expect(index.find(req({ input: { messages: [] }, streamMode: "updates" }), "exact")).toBeUndefined();
    expect(index.find(req({ input: { messages: [] }, streamMode: "updates" }), "assistant")?.fixture.name).toBe("stream-agent-updates");
  });

  test("key order never defeats an exact input match", () => {
    const input = { messages: [{ content: HELLO.messages[0]?.content, role: "user" }] };
    expect(index.find(req({ input, streamMode: "updates" }), "exact")?.fixture.name).toBe("stream-agent-updates");
  });

  test("wait prefers a wait recording, else derives from a stream with values", () => {
    expect(index.find(req({ endpoint: "wait" }), "exact")?.fixture.name).toBe("wait-agent");
    expect(index.find(req({ endpoint: "wait", graphId: "echo" }), "exact")?.fixture.name).toBe("stream-echo-values");
  });

  test("subgraphs must agree; the checkpoints leak is only served by recordings that leaked", () => {
    expect(index.find(req({ graphId: "nested", streamMode: "updates" }), "exact")).toBeUndefined();
    const m = index.find(req({ graphId: "nested", streamMode: "values", subgraphs: true }), "exact");
    expect(m?.fixture.name).toBe("stream-nested-values-subgraphs");
    const names = m?.eventIndices?.map((i) => m.fixture.eventBases[i]);
    expect(names).toContain("checkpoints");
  });

  test("closest fixtures for the error message", () => {
    const c = index.closest(req({ streamMode: "debug" }));
    expect(c).toHaveLength(3);
    expect(c.every((f) => f.graphId === "agent")).toBe(true);
  });

  test("scripts re-mint ids: run and thread placeholders map to the live ids", () => {
    const m = index.find(req({ streamMode: "messages-tuple" }), "exact");
    if (!m) throw new Error("no match");
    const runId = "11111111-1111-7111-8111-111111111111";
    const threadId = "22222222-2222-7222-8222-222222222222";
    const s = buildScript(m, { runId, threadId, now: Date.now() });
    expect(JSON.parse(s.event(0).data)).toEqual({ run_id: runId, attempt: 1 });
    const meta = (JSON.parse(s.event(1).data) as [unknown, Record<string, unknown>])[1];
    expect(meta["thread_id"]).toBe(threadId);
    expect(meta["run_id"]).toBe(runId);
    // Same placeholder → same fresh id within a replay; different replays differ.
    const msgId = (JSON.parse(s.event(1).data) as [{ id: string }])[0].id;
    expect((JSON.parse(s.event(2).data) as [{ id: string }])[0].id).toBe(msgId);
    const s2 = buildScript(m, { runId, threadId, now: Date.now() });
    expect((JSON.parse(s2.event(1).data) as [{ id: string }])[0].id).not.toBe(msgId);
  });
});

describe("mode filtering", () => {
  test("event bases map to modes; control events always pass", () => {
    const modes = new Set(["messages-tuple"]);
    expect(keepEvent("messages", modes, false)).toBe(true);
    expect(keepEvent("messages/partial", modes, false)).toBe(false);
    expect(keepEvent("metadata", modes, false)).toBe(true);
    expect(keepEvent("error", modes, false)).toBe(true);
    expect(keepEvent("updates|sub:x", new Set(["updates"]), true)).toBe(true);
    expect(keepEvent("checkpoints|sub:x", new Set(["values"]), true)).toBe(true);
    expect(keepEvent("checkpoints", new Set(["values"]), false)).toBe(false);
  });

  ftest.prop([fc.subarray([...STREAM_MODES]), fc.subarray([...STREAM_MODES]), fc.boolean()])(
    "a servable subset is a subset",
    (recorded, requested, subgraphs) => {
      const ok = modesServable(new Set(recorded), new Set(requested), subgraphs);
      if (ok) for (const m of requested) expect(recorded).toContain(m);
      if (requested.every((m) => recorded.includes(m)) && !(subgraphs && requested.includes("values") && !requested.includes("checkpoints") && recorded.includes("checkpoints"))) {
        expect(ok).toBe(true);
      }
    },
  );
});

describe("helpers", () => {
  test("canonicalJson ignores key order and undefined", () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: undefined }] })).toBe(canonicalJson({ a: [{ y: 2 }], b: 1 }));
    expect(canonicalJson(undefined)).toBe("null");
  });

  test("waitBodyFromEvents follows JS Runs.wait", () => {
    expect(waitBodyFromEvents([{ event: "values", data: '{"a":1}' }, { event: "updates", data: "{}" }])).toBe('{"a":1}');
    expect(waitBodyFromEvents([{ event: "updates", data: "{}" }])).toBe("null");
    expect(JSON.parse(waitBodyFromEvents([{ event: "values", data: "{}" }, { event: "error", data: '{"error":"E","message":"m"}' }]))).toEqual({
      __error__: { error: "Error", message: '{"error":"E","message":"m"}' },
    });
  });

  test("placeholder timestamps become fresh, ordered date-times", () => {
    const base = Date.parse("2026-01-01T00:00:00.000Z");
    expect(remintTimestamps('{"a":"1970-01-01T00:00:02.000Z","b":"1970-01-01T00:00:01.000Z"}', base)).toBe(
      '{"a":"2026-01-01T00:00:00.002Z","b":"2026-01-01T00:00:00.001Z"}',
    );
  });
});
