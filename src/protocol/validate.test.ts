import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { RESERVED_UPDATE_KEYS } from "./constants.js";
import {
  errorsOnly,
  formatIssue,
  formatIssues,
  isValidValue,
  resolveSchemaName,
  validateEvent,
  validateEventStream,
  validateValue,
  type ValidateEventOptions,
  type ValidationIssue,
} from "./validate.js";

const RUN_ID = "01a21553-0269-73ba-8563-d55d8b6c6887";
const TS = "2026-11-26T00:48:45.722Z";

/** JS-shaped AI chunk (unset keys omitted). */
const jsChunk = {
  content: "You ",
  tool_calls: [],
  invalid_tool_calls: [],
  tool_call_chunks: [],
  additional_kwargs: {},
  response_metadata: {},
  id: "run-01a21553-06e9-748d-bca0-a22206e96cbf",
  type: "ai",
};
/** Python-shaped messages (FIXTURE, spec §7): nulls, `example: false`, chunk type names. */
const pyHuman = { content: "hi", additional_kwargs: {}, response_metadata: {}, type: "human", name: null, id: "4d99", example: false };
const pyChunk = {
  content: "Hello",
  additional_kwargs: {},
  response_metadata: { finish_reason: "stop", model_name: "gpt-4o-mini" },
  type: "AIMessageChunk",
  name: null,
  id: "run--7f0c1a52-2ee6-4a4e-9a31-3f3bfc0e5b0e",
  example: false,
  tool_calls: [],
  invalid_tool_calls: [],
  usage_metadata: null,
  tool_call_chunks: [],
};
const pyTool = {
  content: "42",
  additional_kwargs: {},
  response_metadata: {},
  type: "tool",
  name: "calculator",
  id: null,
  tool_call_id: "call_1",
  artifact: null,
  status: "success",
};
const taskStart = {
  id: "004368a1-519f-55b2-8125-b394863ea9b8",
  name: "agent",
  input: { messages: [] },
  triggers: ["branch:to:agent"],
  interrupts: [],
  metadata: { graph_id: "agent" },
};
const taskResult = { id: taskStart.id, name: "agent", result: { messages: [] }, interrupts: [], error: null };

function ok(event: string, data: unknown, opts?: ValidateEventOptions) {
  const issues = validateEvent({ event, data }, 1, opts);
  expect(formatIssues(issues)).toBe("");
}

/** Asserts a rejection and that its one-line message names index, event, pointer and rule. */
function rejected(
  index: number,
  event: string,
  data: unknown,
  expected: { pointer: string; rule: string },
  opts?: ValidateEventOptions,
): string {
  const issues = errorsOnly(validateEvent({ event, data }, index, opts));
  const issue = issues.find((i) => i.rule === expected.rule && i.pointer === expected.pointer);
  expect(issue, `expected ${expected.rule} at ${expected.pointer}, got:\n${formatIssues(issues)}`).toBeDefined();
  const line = formatIssue(issue!);
  expect(line).toContain(`event #${index} "${event}"`);
  expect(line).toContain(expected.pointer === "" ? "event name" : `at ${expected.pointer} `);
  expect(line).toContain(`(rule: ${expected.rule})`);
  expect(line).not.toContain("\n");
  return line;
}

describe("metadata", () => {
  it("accepts {run_id, attempt} and extra keys", () => {
    ok("metadata", { run_id: RUN_ID, attempt: 1 });
    ok("metadata", { run_id: RUN_ID, attempt: 2, thread_id: RUN_ID });
  });
  it("rejects a non-UUID run_id", () => {
    expect(rejected(0, "metadata", { run_id: "run-1", attempt: 1 }, { pointer: "/run_id", rule: "metadata.runId" })).toBe(
      'event #0 "metadata": at /run_id → run_id must be a UUID; got "run-1" (rule: metadata.runId)',
    );
  });
  it("rejects attempt 0 and a missing attempt", () => {
    rejected(0, "metadata", { run_id: RUN_ID, attempt: 0 }, { pointer: "/attempt", rule: "metadata.attempt" });
    rejected(0, "metadata", { run_id: RUN_ID, attempt: 1.5 }, { pointer: "/attempt", rule: "metadata.attempt" });
    rejected(0, "metadata", { run_id: RUN_ID }, { pointer: "/", rule: "metadata.fields" });
  });
});

describe("updates (spec §6)", () => {
  it.each([
    [{ agent: { messages: [jsChunk] } }],
    [{ finish: {} }],
    [{ finish: null }],
    [{ double: 42 }],
    [{ node: [{ a: 1 }, { b: 2 }] }],
    [{ node: {}, __metadata__: { cached: true } }],
    [{ __interrupt__: [] }],
    [{ __interrupt__: [{ id: "d5bab46e9c48f0e432fb9de08c2460f2", value: { question: "Approve?" } }] }],
    [{ __interrupt__: [{ value: "old PY", resumable: true, ns: ["a:1"], when: "during" }] }],
  ])("accepts %j", (data) => ok("updates", data));

  it("rejects two node keys", () => {
    expect(rejected(3, "updates", { agent: {}, finish: {} }, { pointer: "/", rule: "updates.oneNode" })).toBe(
      'event #3 "updates": at / → must have exactly one node key besides __metadata__; found 2: "agent", "finish" (rule: updates.oneNode)',
    );
    rejected(3, "updates", { a: 1, b: 2, __metadata__: { cached: true } }, { pointer: "/", rule: "updates.oneNode" });
  });
  it("rejects __metadata__ without a node key, and a non-object __metadata__", () => {
    rejected(2, "updates", { __metadata__: { cached: true } }, { pointer: "/", rule: "updates.oneNode" });
    rejected(2, "updates", { node: {}, __metadata__: true }, { pointer: "/__metadata__", rule: "updates.metadata" });
  });
  it("rejects __interrupt__ with other keys", () => {
    expect(rejected(4, "updates", { __interrupt__: [], agent: {} }, { pointer: "/", rule: "updates.interruptAlone" })).toContain(
      '__interrupt__ must be the only key; also found "agent"',
    );
  });
  it("rejects an interrupt item without value, a non-array __interrupt__, and non-objects", () => {
    rejected(5, "updates", { __interrupt__: [{ id: "x" }] }, { pointer: "/__interrupt__/0", rule: "interrupt.value" });
    rejected(5, "updates", { __interrupt__: { value: 1 } }, { pointer: "/__interrupt__", rule: "interrupt.array" });
    rejected(5, "updates", { __interrupt__: ["x"] }, { pointer: "/__interrupt__/0", rule: "interrupt.object" });
    rejected(5, "updates", {}, { pointer: "/", rule: "updates.nonEmpty" });
    rejected(5, "updates", [{ a: 1 }], { pointer: "/", rule: "updates.object" });
    rejected(5, "updates", null, { pointer: "/", rule: "updates.object" });
  });
  it("requires interrupt ids only with requireInterruptIds (JS / LangGraph ≥ 0.6)", () => {
    ok("updates", { __interrupt__: [{ value: 1 }] });
    rejected(6, "updates", { __interrupt__: [{ value: 1 }] }, { pointer: "/__interrupt__/0", rule: "interrupt.id" }, {
      requireInterruptIds: true,
    });
    rejected(6, "values", { __interrupt__: [{ value: 1, id: 7 }] }, { pointer: "/__interrupt__/0/id", rule: "type #/properties/__interrupt__/items/properties/id/type" }, {
      requireInterruptIds: true,
    });
  });
  it("applies the same rules to namespaced updates", () => {
    ok("updates|sub:1db58c65", { inner_step: { messages: [] } }, { subgraphs: true });
    rejected(7, "updates|sub:1db58c65", { a: 1, b: 2 }, { pointer: "/", rule: "updates.oneNode" }, { subgraphs: true });
  });
});

const nodeName = fc.string({ minLength: 1 }).filter((k) => !(RESERVED_UPDATE_KEYS as readonly string[]).includes(k));

describe("updates properties", () => {
  test.prop([nodeName, fc.jsonValue()])("one node key with any JSON value is accepted", (node, value) => {
    expect(validateEvent({ event: "updates", data: { [node]: value } }, 0)).toEqual([]);
    expect(validateEvent({ event: "updates", data: { [node]: value, __metadata__: { cached: true } } }, 0)).toEqual([]);
  });

  test.prop([fc.uniqueArray(nodeName, { minLength: 2, maxLength: 6 }), fc.jsonValue()])(
    "two or more non-reserved keys are rejected with updates.oneNode",
    (nodes, value) => {
      const data = Object.fromEntries(nodes.map((n) => [n, value]));
      const issues = validateEvent({ event: "updates", data }, 0);
      expect(issues.map((i) => i.rule)).toEqual(["updates.oneNode"]);
      expect(issues[0]!.message).toContain(`found ${nodes.length}:`);
    },
  );
});

describe("values", () => {
  it("accepts state objects and interrupt chunks", () => {
    ok("values", { messages: [jsChunk] });
    ok("values", { count: 5, log: [] });
    ok("values", { __interrupt__: [] });
  });
  it("rejects non-objects and bad interrupts", () => {
    rejected(2, "values", [1, 2], { pointer: "/", rule: "values.object" });
    rejected(2, "values", { __interrupt__: [{}] }, { pointer: "/__interrupt__/0", rule: "interrupt.value" });
  });
});

describe("messages (messages-tuple, SR-18)", () => {
  it("accepts JS and Python tuples", () => {
    ok("messages", [jsChunk, { tags: [], langgraph_node: "agent", thread_id: RUN_ID }]);
    ok("messages", [pyChunk, { langgraph_step: 1, langgraph_node: "agent", ls_provider: "openai" }]);
    ok("messages", [pyTool, {}]);
  });
  it("rejects 3 elements, 1 element, a missing metadata object, and bad messages", () => {
    expect(rejected(3, "messages", [jsChunk, {}, {}], { pointer: "/", rule: "messages.tuple" })).toBe(
      'event #3 "messages": at / → messages data must be a 2-element array [message, metadata]; got 3 element(s) (rule: messages.tuple)',
    );
    rejected(3, "messages", [jsChunk], { pointer: "/", rule: "messages.tuple" });
    rejected(3, "messages", jsChunk, { pointer: "/", rule: "messages.tuple" });
    rejected(3, "messages", [jsChunk, "meta"], { pointer: "/1", rule: "messages.metadata" });
    rejected(3, "messages", [{ content: "x" }, {}], { pointer: "/0", rule: "message.type" });
    rejected(3, "messages", [{ type: "ai" }, {}], { pointer: "/0", rule: "message.content" });
    rejected(3, "messages", [{ type: "ai", content: 5 }, {}], { pointer: "/0/content", rule: "anyOf #/prefixItems/0/properties/content/anyOf" });
  });
});

describe("legacy messages/*", () => {
  it("accepts partial/complete lists and the metadata map", () => {
    ok("messages/partial", [jsChunk]);
    ok("messages/complete", [pyHuman]);
    ok("messages/complete", []);
    ok("messages/metadata", { [jsChunk.id]: { metadata: { langgraph_node: "agent" } } });
  });
  it("rejects a bare message, a message without type, and metadata entries without metadata", () => {
    rejected(4, "messages/partial", jsChunk, { pointer: "/", rule: "messages.list" });
    rejected(4, "messages/complete", [{ content: "x" }], { pointer: "/0", rule: "message.type" });
    rejected(4, "messages/metadata", { abc: { langgraph_node: "x" } }, { pointer: "/abc", rule: "messages.metadataEntry" });
    rejected(4, "messages/metadata", [], { pointer: "/", rule: "messages.metadataMap" });
  });
});

describe("custom and end", () => {
  it("accept any JSON", () => {
    for (const data of [{ node: "agent", note: "x" }, "text", 1, null, [1]]) {
      ok("custom", data);
      ok("end", data);
    }
  });
});

describe("error (SR-19)", () => {
  it("accepts {error, message} with extras", () => {
    ok("error", { error: "GraphRecursionError", message: "Recursion limit of 1 reached…" });
    ok("error", { error: "Error", message: "x", stack: "…" });
  });
  it("rejects a missing message, a non-string error, and a string payload", () => {
    expect(rejected(9, "error", { error: "Error" }, { pointer: "/", rule: "error.fields" })).toBe(
      'event #9 "error": at / → error data must have a string "message" (SR-19) (rule: error.fields)',
    );
    rejected(9, "error", { error: 1, message: "x" }, { pointer: "/error", rule: "type #/properties/error/type" });
    rejected(9, "error", "boom", { pointer: "/", rule: "error.object" });
  });
});

describe("debug", () => {
  it("accepts task, task_result and JS/PY checkpoint entries", () => {
    ok("debug", { step: 1, type: "task", timestamp: TS, payload: taskStart });
    ok("debug", { step: 1, type: "task_result", timestamp: TS, payload: taskResult });
    ok("debug", {
      step: -1,
      type: "checkpoint",
      timestamp: TS,
      payload: { config: {}, values: { messages: [] }, metadata: { source: "input", step: -1, parents: {} }, next: ["__start__"], tasks: [], checkpoint: {}, parent_checkpoint: null },
    });
    ok("debug", {
      step: 0,
      type: "checkpoint",
      timestamp: "2025-03-01T10:00:00.000000+00:00",
      payload: { config: {}, parent_config: null, values: {}, metadata: { source: "loop", writes: null, step: 0, parents: {} }, next: ["agent"], tasks: [{ id: "t", name: "agent", interrupts: [], state: null }] },
    });
    ok("debug", { step: 1, type: "task_result", timestamp: TS, payload: { id: "t", name: "agent", error: null, result: [["messages", []]], interrupts: [] } });
  });
  it("rejects unknown types, bad timestamps and payloads not matching the type", () => {
    rejected(2, "debug", { step: 1, type: "checkpoints", timestamp: TS, payload: {} }, { pointer: "/type", rule: "enum #/properties/type/enum" });
    rejected(2, "debug", { step: 1, type: "task", timestamp: "yesterday", payload: taskStart }, { pointer: "/timestamp", rule: "format #/properties/timestamp/format" });
    rejected(2, "debug", { step: "1", type: "task", timestamp: TS, payload: taskStart }, { pointer: "/step", rule: "type #/properties/step/type" });
    rejected(2, "debug", { type: "task", timestamp: TS, payload: taskStart }, { pointer: "/", rule: "debug.fields" });
    rejected(2, "debug", { step: 1, type: "task", timestamp: TS, payload: { id: "t", name: "n" } }, { pointer: "/payload", rule: "required #/allOf/0/then/properties/payload/required" });
    rejected(2, "debug", { step: 1, type: "checkpoint", timestamp: TS, payload: { next: "x" } }, { pointer: "/payload/next", rule: "type #/allOf/2/then/properties/payload/properties/next/type" });
  });
});

describe("tasks", () => {
  it("accepts starts, results, and error-only results", () => {
    ok("tasks", taskStart);
    ok("tasks", taskResult);
    ok("tasks", { id: "t", name: "boom", interrupts: [], error: "Error: Deliberate failure" });
    ok("tasks", { id: "t", name: "double", triggers: ["__pregel_push"] });
  });
  it("rejects a start without triggers and a result without id", () => {
    rejected(3, "tasks", { id: "t", name: "agent", input: {} }, { pointer: "/", rule: "required #/else/required" });
    rejected(3, "tasks", { name: "agent", result: {} }, { pointer: "/", rule: "required #/then/required" });
    rejected(3, "tasks", { id: "t", name: "agent", triggers: [], interrupts: [{ id: "i" }] }, { pointer: "/interrupts/0", rule: "interrupt.value" });
  });
});

describe("checkpoints", () => {
  it("accepts the JS full form, the leaked lightweight form and PY extras", () => {
    ok("checkpoints", { values: { messages: [] }, metadata: { source: "input", step: -1, parents: {} }, next: ["__start__"] });
    ok("checkpoints", { id: "1f1e9331-4c7a-6c30-8000-51f76c4c228a", step: 0, source: "loop" });
    ok("checkpoints", { values: {}, metadata: null, next: [], config: {}, parent_config: null, tasks: [] });
  });
  it("rejects neither shape and an incomplete full form", () => {
    expect(rejected(1, "checkpoints", { step: 0 }, { pointer: "/", rule: "checkpoints.shape" })).toContain('missing "id", "source"');
    rejected(1, "checkpoints", { values: {} }, { pointer: "/", rule: "checkpoints.full" });
    rejected(1, "checkpoints", [], { pointer: "/", rule: "checkpoints.object" });
  });
});

describe("events", () => {
  it("accepts LangChain v2 stream events", () => {
    ok("events", { event: "on_chain_start", data: { input: {} }, name: "LangGraph", tags: [], run_id: RUN_ID, metadata: {} });
    ok("events", { event: "on_chat_model_stream", data: { chunk: jsChunk }, name: "Echo", run_id: "r", parent_ids: [RUN_ID] });
  });
  it("rejects missing fields and a non-object data", () => {
    rejected(5, "events", { event: "on_chain_start", name: "x" }, { pointer: "/", rule: "events.fields" });
    rejected(5, "events", { event: "on_chain_start", name: "x", run_id: "r", data: "d" }, { pointer: "/data", rule: "type #/properties/data/type" });
  });
});

describe("tools", () => {
  it("accepts the four tool events", () => {
    ok("tools", { event: "on_tool_start", toolCallId: "call_1", name: "search", input: { q: "x" } });
    ok("tools", { event: "on_tool_event", name: "search", data: { progress: 0.5 } });
    ok("tools", { event: "on_tool_end", toolCallId: "call_1", name: "search", output: "result" });
    ok("tools", { event: "on_tool_error", name: "search", error: { message: "boom" } });
  });
  it("rejects unknown tool events and a missing name", () => {
    rejected(1, "tools", { event: "on_tool_stream", name: "x" }, { pointer: "/event", rule: "enum #/properties/event/enum" });
    rejected(1, "tools", { event: "on_tool_end" }, { pointer: "/", rule: "tools.fields" });
  });
});

describe("feedback", () => {
  it("accepts a key → URL map and rejects non-string values", () => {
    ok("feedback", { correctness: "https://example.test/feedback/abc" });
    rejected(8, "feedback", { correctness: 1 }, { pointer: "/correctness", rule: "type #/additionalProperties/type" });
    rejected(8, "feedback", "x", { pointer: "/", rule: "feedback.object" });
  });
});

describe("event names (SR-12)", () => {
  it("rejects unknown names", () => {
    expect(rejected(2, "bogus", {}, { pointer: "", rule: "event.name" })).toMatch(
      /^event #2 "bogus": event name → invalid event name: unknown event base "bogus"; expected one of .* \(SR-12\) \(rule: event\.name\)$/,
    );
    rejected(2, "messages-tuple", [], { pointer: "", rule: "event.name" });
    rejected(2, "updates|sub", {}, { pointer: "", rule: "event.name" });
  });
  it("rejects namespaced names without stream_subgraphs, accepts them with it", () => {
    expect(rejected(4, "values|sub:abc", { a: 1 }, { pointer: "", rule: "event.namespace" })).toBe(
      'event #4 "values|sub:abc": event name → namespaced event names (base|node:task) may only appear with stream_subgraphs: true (SR-12) (rule: event.namespace)',
    );
    ok("values|sub:abc", { a: 1 }, { subgraphs: true });
    ok("error|sub:abc", { error: "E", message: "m" }, { subgraphs: true });
  });
  it("never namespaces metadata, feedback or end", () => {
    rejected(0, "metadata|sub:abc", { run_id: RUN_ID, attempt: 1 }, { pointer: "", rule: "event.namespacedControl" }, { subgraphs: true });
  });
  it("still validates the payload of a badly namespaced event", () => {
    const rules = validateEvent({ event: "updates|sub:a", data: {} }, 0).map((i) => i.rule);
    expect(rules).toEqual(["event.namespace", "updates.nonEmpty"]);
  });
  it("warns about modes that were not requested (SR-13), never about control events", () => {
    const issues = validateEvent({ event: "checkpoints", data: { id: "c", step: 0, source: "loop" } }, 3, { requestedModes: "values" });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.severity).toBe("warning");
    expect(formatIssue(issues[0]!)).toBe(
      'warning: event #3 "checkpoints": event name → stream mode "checkpoints" was not requested (stream_mode: values) (SR-13) (rule: stream.unrequestedMode)',
    );
    expect(errorsOnly(issues)).toEqual([]);
    expect(validateEvent({ event: "messages", data: [jsChunk, {}] }, 1, { requestedModes: ["messages-tuple"] })).toEqual([]);
    expect(validateEvent({ event: "messages/partial", data: [jsChunk] }, 1, { requestedModes: ["messages"] })).toEqual([]);
    expect(validateEvent({ event: "values", data: {} }, 1, { requestedModes: [] })).toEqual([]);
    expect(validateEvent({ event: "error", data: { error: "E", message: "m" } }, 1, { requestedModes: ["updates"] })).toEqual([]);
  });
  it("reports an event without a name", () => {
    const issues = validateEvent({ data: {} } as unknown as { event: string; data: unknown }, 0);
    expect(issues.map((i) => i.rule)).toEqual(["event.name"]);
  });
});

describe("validateEventStream", () => {
  const metadata = { event: "metadata", data: { run_id: RUN_ID, attempt: 1 } };
  it("accepts a well-formed stream", () => {
    expect(validateEventStream([metadata, { event: "updates", data: { finish: {} } }])).toEqual([]);
    expect(validateEventStream([])).toEqual([]);
  });
  it("requires metadata first and error last, and warns about end", () => {
    const issues = validateEventStream([
      { event: "updates", data: { a: {} } },
      { event: "error", data: { error: "E", message: "m" } },
      { event: "end", data: null },
    ]);
    expect(issues.map((i: ValidationIssue) => `${i.index}:${i.rule}:${i.severity ?? "error"}`)).toEqual([
      "0:stream.metadataFirst:error",
      "1:stream.errorLast:error",
      "2:stream.legacyEnd:warning",
    ]);
  });
});

describe("validateValue / formatIssue", () => {
  it("accepts names and $ids, and throws for unknown schemas", () => {
    expect(resolveSchemaName("urn:langgraph-conformance:schema:Run")).toBe("Run");
    expect(validateValue("urn:langgraph-conformance:schema:ThreadCount", 3)).toEqual([]);
    expect(() => validateValue("Nope", {})).toThrow(/unknown schema "Nope"; use one of .*RunCreateStateless/);
  });
  it("names the schema in the line", () => {
    const [issue] = validateValue("RunCreateStateless", { assistant_id: "agent", on_completion: "never" });
    expect(formatIssue(issue!)).toBe(
      'RunCreateStateless: at /on_completion → must be one of "delete", "keep"; got "never" (rule: enum #/properties/on_completion/enum)',
    );
  });
  it("is a type guard", () => {
    const value: unknown = { detail: "Thread not found" };
    expect(isValidValue("DetailErrorBody", value)).toBe(true);
    if (isValidValue("DetailErrorBody", value)) expect(typeof value.detail).toBe("string");
  });
  it("keeps multi-line messages on one line", () => {
    const line = formatIssue({ index: 1, event: "x", pointer: "/", rule: "r", message: "a\nb" });
    expect(line).toBe('event #1 "x": at / → a\\nb (rule: r)');
  });
});
