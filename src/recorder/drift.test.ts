import { describe, expect, it } from "vitest";
import { compareFixtures, formatDrift } from "./drift.js";
import type { Fixture } from "../fixtures/format.js";

const base: Fixture = {
  format: "langgraph-conformance/fixture@1",
  name: "agent-updates",
  source: { server: "@langchain/langgraph-api", version: "1.5.1", graph_id: "agent", recorded_at: "2026-11-26T00:00:00.000Z", recorder: "x" },
  request: { method: "POST", path: "/runs/stream", body: { assistant_id: "agent" } },
  response: {
    status: 200,
    headers: { "content-type": "text/event-stream" },
    kind: "sse",
    headers_ms: 3,
    end_ms: 520,
    events: [
      { event: "metadata", data: { run_id: "00000000-0000-4000-8000-010000000001", attempt: 1 }, t: 40 },
      { event: "updates", data: { agent: { messages: [{ type: "ai", content: "You said: hi" }] } }, t: 45 },
      { event: "updates", data: { finish: {} }, t: 46 },
    ],
  },
  normalisation: { applied: ["run_id"], placeholders: 1 },
  redaction: { count: 0, by_rule: {} },
};

const clone = (f: Fixture): Fixture => structuredClone(f);

describe("compareFixtures", () => {
  it("ignores timing, recording time and key order", () => {
    const other = clone(base);
    other.source.recorded_at = "2027-01-01T00:00:00.000Z";
    other.response.headers_ms = 99;
    other.response.end_ms = 1;
    other.response.events = other.response.events!.map((e) => ({ t: e.t + 500, data: e.data, event: e.event }));
    expect(compareFixtures(base, other)).toEqual([]);
  });

  it("reports a changed update with its pointer and both values", () => {
    const altered = clone(base);
    (altered.response.events![1]!.data as any).agent.messages[0].content = "You said: bye";
    const diffs = compareFixtures(base, altered);
    expect(diffs).toEqual([
      {
        fixture: "agent-updates",
        pointer: "/response/events/1/data/agent/messages/0/content",
        committed: "You said: hi",
        recorded: "You said: bye",
      },
    ]);
    expect(formatDrift(diffs)).toContain('- committed: "You said: hi"');
  });

  it("reports dropped and added events", () => {
    const dropped = clone(base);
    dropped.response.events!.pop();
    const diffs = compareFixtures(base, dropped);
    expect(diffs[0]!.pointer).toBe("/response/events/2");
    expect(formatDrift(diffs)).toContain("(absent)");
  });
});
