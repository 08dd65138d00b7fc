import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ASSISTANT_ID_NAMESPACE,
  ENDPOINTS,
  EVENT_BASES,
  STREAM_MODES,
  STREAM_MODE_EVENTS,
  endpointPath,
  eventBasesForModes,
  normalizeStreamModes,
} from "./constants.js";
import { assistantIdForGraph, uuid5 } from "./uuid5.js";

describe("assistantIdForGraph (uuid5, spec §2.2)", () => {
  it.each([
    ["agent", "fe096781-5601-53d2-b2f6-0d3403f7e9ca"],
    ["echo", "046b5dc7-2108-582c-9c6c-31d556d138f0"],
    ["slow", "cad1b5ad-d177-59d1-ab39-5e327188ed3a"],
    ["failing", "7dfb5300-69cc-586d-be0d-9adc6b95ff79"],
    ["interrupting", "b36cd173-3273-5443-bcde-dfec8278e2f2"],
    ["nested", "0813419b-f0e6-579e-bdee-18d9fdf48632"],
    ["counter", "09d6caf4-2ef3-5a8b-b1a7-114690ed5d45"],
  ])("%s → %s (captures/README.md)", (graphId, expected) => {
    expect(assistantIdForGraph(graphId)).toBe(expected);
  });

  it("uses the RFC 4122 URL namespace", () => {
    expect(ASSISTANT_ID_NAMESPACE).toBe("6ba7b821-9dad-11d1-80b4-00c04fd430c8");
  });

  it("matches the RFC 4122 example (python.org in the DNS namespace)", () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
    expect(uuid5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  });

  it("sets version 5 and the RFC variant, hashing UTF-8 names", () => {
    const id = uuid5("grâph-ü", ASSISTANT_ID_NAMESPACE);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const digest = createHash("sha1")
      .update(Buffer.from(ASSISTANT_ID_NAMESPACE.replace(/-/g, ""), "hex"))
      .update("grâph-ü")
      .digest("hex");
    expect(id.replace(/-/g, "").slice(0, 12)).toBe(digest.slice(0, 12));
  });

  it("rejects a namespace that is not a UUID", () => {
    expect(() => uuid5("x", "not-a-uuid")).toThrow(/namespace "not-a-uuid" is not a UUID/);
  });
});

describe("stream modes and event names", () => {
  it("lists the ten modes of JS 1.5.1", () => {
    expect([...STREAM_MODES].sort()).toEqual(
      ["checkpoints", "custom", "debug", "events", "messages", "messages-tuple", "tasks", "tools", "updates", "values"],
    );
  });

  it("maps messages-tuple to `messages` and legacy messages to messages/*", () => {
    expect(STREAM_MODE_EVENTS["messages-tuple"]).toEqual(["messages"]);
    expect(STREAM_MODE_EVENTS.messages).toEqual(["messages/partial", "messages/complete", "messages/metadata"]);
    expect(EVENT_BASES).toEqual(expect.arrayContaining(["metadata", "error", "feedback", "end"]));
  });

  it("normalizes stream_mode like the servers (SR-11)", () => {
    expect(normalizeStreamModes(undefined)).toEqual(["values"]);
    expect(normalizeStreamModes([])).toEqual(["values"]);
    expect(normalizeStreamModes("updates")).toEqual(["updates"]);
    expect(normalizeStreamModes(["updates", "values", "updates"])).toEqual(["updates", "values"]);
  });

  it("gives the event bases of requested modes", () => {
    expect([...eventBasesForModes(["messages-tuple", "bogus", "values"])].sort()).toEqual(["messages", "values"]);
  });
});

describe("endpointPath", () => {
  it("fills and encodes placeholders", () => {
    expect(endpointPath(ENDPOINTS.threadRun, { thread_id: "t 1", run_id: "r/2" })).toBe("/threads/t%201/runs/r%2F2");
    expect(endpointPath(ENDPOINTS.runsStream)).toBe("/runs/stream");
  });

  it("refuses a missing placeholder instead of producing /threads/undefined", () => {
    expect(() => endpointPath(ENDPOINTS.thread, {})).toThrow(/no value for "\{thread_id\}"/);
  });
});
