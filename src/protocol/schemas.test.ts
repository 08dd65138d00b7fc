import { createAjv } from "./ajv.js";
import { describe, expect, it } from "vitest";
import { STREAM_MODES } from "./constants.js";
import {
  EVENT_PAYLOAD_SCHEMA,
  JSON_SCHEMA_DIALECT,
  SCHEMA_ID_PREFIX,
  SCHEMA_NAMES,
  eventPayloadSchemas,
  schemaCatalog,
  type RunCreateStateless,
} from "./schemas.js";
import { formatIssues, validateValue } from "./validate.js";

describe("schema catalog", () => {
  it("gives every schema its $id and the 2020-12 dialect, and is plain JSON", () => {
    for (const name of SCHEMA_NAMES) {
      const schema = schemaCatalog[name] as Record<string, unknown>;
      expect(schema.$id).toBe(`${SCHEMA_ID_PREFIX}${name}`);
      expect(schema.$schema).toBe(JSON_SCHEMA_DIALECT);
      // Self-contained: no $ref, and no nested $id that could collide when several are loaded.
      const text = JSON.stringify(schema);
      expect(text).not.toContain('"$ref"');
      expect(text.match(/"\$id"/g)).toHaveLength(1);
    }
  });

  it("is valid against the draft 2020-12 meta-schema (independent ajv)", () => {
    const ajv = createAjv({ strict: false });
    for (const name of SCHEMA_NAMES) {
      expect(ajv.validateSchema(JSON.parse(JSON.stringify(schemaCatalog[name]))), `${name}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it("has a payload schema for every event base", () => {
    for (const schema of Object.values(EVENT_PAYLOAD_SCHEMA)) expect(eventPayloadSchemas[schema]).toBeDefined();
  });
});

describe("RunCreateStateless (spec §2.1)", () => {
  const every: RunCreateStateless = {
    assistant_id: "agent",
    input: { messages: [{ role: "user", content: "hi" }] },
    command: { update: { a: 1 }, resume: "yes", goto: ["a", { node: "b", input: { x: 1 } }] },
    metadata: { marker: "m-1" },
    config: { tags: ["t"], recursion_limit: 5, configurable: { sleep_ms: 10 }, ...{ run_name: "extra" } },
    context: { user: "u" },
    stream_mode: ["values", "updates"],
    stream_subgraphs: true,
    stream_resumable: false,
    feedback_keys: ["correctness"],
    interrupt_before: "*",
    interrupt_after: ["finish"],
    webhook: "https://example.test/hook",
    on_completion: "keep",
    on_disconnect: "cancel",
    after_seconds: 2,
    durability: "exit",
    checkpoint_during: true,
    multitask_strategy: "interrupt",
    checkpoint: { checkpoint_id: "1f1e9331-4c7a-6c30-8000-51f76c4c228a", checkpoint_ns: "", checkpoint_map: null },
    checkpoint_id: "1f0",
    if_not_exists: "create",
    langsmith_tracer: { project_name: "p", example_id: "e" },
  };

  it("accepts a body using every field", () => {
    expect(formatIssues(validateValue("RunCreateStateless", every))).toBe("");
  });

  const accepted: [string, unknown][] = [
    ["the minimal body", { assistant_id: "agent" }],
    ["an assistant UUID", { assistant_id: "fe096781-5601-53d2-b2f6-0d3403f7e9ca" }],
    ["stream_mode: []", { assistant_id: "a", stream_mode: [] }],
    ["unknown fields and a body thread_id", { assistant_id: "a", thread_id: "abc", bogus_field: 1 }],
    ["any JSON input", { assistant_id: "a", input: null }],
    ["a string input", { assistant_id: "a", input: "hello" }],
    ["goto as a string", { assistant_id: "a", command: { goto: "next" } }],
    ["goto as a Send", { assistant_id: "a", command: { goto: { node: "n", input: 1 } } }],
    ["update as tuples", { assistant_id: "a", command: { update: [["messages", []]] } }],
    ["a relative webhook", { assistant_id: "a", webhook: "/my-hook" }],
    ["interrupt_before: []", { assistant_id: "a", interrupt_before: [] }],
    ...STREAM_MODES.map((mode): [string, unknown] => [`stream_mode ${mode}`, { assistant_id: "a", stream_mode: mode }]),
  ];
  it.each(accepted)("accepts %s", (_what, body) => {
    expect(formatIssues(validateValue("RunCreateStateless", body))).toBe("");
  });

  it.each([
    ['stream_mode: "bogus"', { assistant_id: "a", stream_mode: "bogus" }, "/stream_mode", "request.streamMode"],
    ['stream_mode: ["updates","bogus"]', { assistant_id: "a", stream_mode: ["updates", "bogus"] }, "/stream_mode/1", "enum #/properties/stream_mode/anyOf/1/items/enum"],
    ["stream_mode: 5", { assistant_id: "a", stream_mode: 5 }, "/stream_mode", "request.streamMode"],
    ['on_completion: "never"', { assistant_id: "a", on_completion: "never" }, "/on_completion", "enum #/properties/on_completion/enum"],
    ['on_disconnect: "explode"', { assistant_id: "a", on_disconnect: "explode" }, "/on_disconnect", "enum #/properties/on_disconnect/enum"],
    ["assistant_id: 123", { assistant_id: 123 }, "/assistant_id", "request.assistantId"],
    ["missing assistant_id", { input: {} }, "/", "request.assistantId"],
    ['config: "x"', { assistant_id: "a", config: "x" }, "/config", "request.config"],
    ["config.recursion_limit: 1.5", { assistant_id: "a", config: { recursion_limit: 1.5 } }, "/config/recursion_limit", "type #/properties/config/properties/recursion_limit/type"],
    ["metadata: [1]", { assistant_id: "a", metadata: [1] }, "/metadata", "request.metadata"],
    ['stream_subgraphs: "yes"', { assistant_id: "a", stream_subgraphs: "yes" }, "/stream_subgraphs", "type #/properties/stream_subgraphs/type"],
    ['interrupt_before: "finish"', { assistant_id: "a", interrupt_before: "finish" }, "/interrupt_before", "request.interruptNodes"],
    ['durability: "never"', { assistant_id: "a", durability: "never" }, "/durability", "enum #/properties/durability/enum"],
    ['multitask_strategy: "drop"', { assistant_id: "a", multitask_strategy: "drop" }, "/multitask_strategy", "enum #/properties/multitask_strategy/enum"],
    ["goto: 5", { assistant_id: "a", command: { goto: 5 } }, "/command/goto", "anyOf #/properties/command/properties/goto/anyOf"],
    ["command: null (JS zod rejects null)", { assistant_id: "a", command: null }, "/command", "type #/properties/command/type"],
    ["the body is an array", [{ assistant_id: "a" }], "/", "request.object"],
    ["the body is a string", "agent", "/", "request.object"],
  ])("rejects %s", (_what, body, pointer, rule) => {
    const issues = validateValue("RunCreateStateless", body);
    expect(issues.map((i) => `${i.pointer} ${i.rule}`)).toEqual([`${pointer} ${rule}`]);
  });

  it("explains the allowed stream modes", () => {
    const [issue] = validateValue("RunCreateStateless", { assistant_id: "a", stream_mode: 5 });
    expect(issue!.message).toBe(
      "must be a stream mode or an array of stream modes (values, updates, messages, messages-tuple, custom, debug, tasks, checkpoints, events, tools); got 5",
    );
  });
});

describe("RunBatchCreateStateless (SR-36)", () => {
  it("accepts a non-empty array and rejects [] and bad items by index", () => {
    expect(validateValue("RunBatchCreateStateless", [{ assistant_id: "echo" }, { assistant_id: "counter", input: { count: 1 } }])).toEqual([]);
    expect(validateValue("RunBatchCreateStateless", []).map((i) => i.rule)).toEqual(["batch.nonEmpty"]);
    expect(validateValue("RunBatchCreateStateless", [{ assistant_id: "a" }, {}]).map((i) => `${i.pointer} ${i.rule}`)).toEqual([
      "/1 request.assistantId",
    ]);
    expect(validateValue("RunBatchCreateStateless", { assistant_id: "a" }).map((i) => i.rule)).toEqual(["batch.array"]);
  });
});

const uuid = "01a21553-6b44-75a8-8f49-9cab1cd065fd";
const run = {
  run_id: uuid,
  thread_id: uuid,
  assistant_id: "046b5dc7-2108-582c-9c6c-31d556d138f0",
  metadata: {},
  status: "pending",
  kwargs: {},
  multitask_strategy: "reject",
  created_at: "2026-11-26T00:48:38.212Z",
  updated_at: "2026-11-26T00:48:38.212Z",
};

describe("response objects", () => {
  it("Run: accepts every status, rejects unknown statuses and missing fields", () => {
    for (const status of ["pending", "running", "success", "error", "timeout", "interrupted"]) {
      expect(validateValue("Run", { ...run, status })).toEqual([]);
    }
    expect(validateValue("Run", { ...run, status: "done" }).map((i) => i.pointer)).toEqual(["/status"]);
    const { kwargs: _kwargs, ...noKwargs } = run;
    expect(formatIssues(validateValue("Run", noKwargs))).toBe('Run: at / → a Run must have "kwargs" (SR-35) (rule: run.fields)');
    expect(validateValue("RunList", [run, run])).toEqual([]);
  });

  it("Thread: JS busy thread without values, kept thread with values/interrupts, PY extras", () => {
    const thread = { thread_id: uuid, status: "busy", metadata: {}, config: {}, created_at: run.created_at, updated_at: run.updated_at };
    expect(validateValue("Thread", thread)).toEqual([]);
    expect(validateValue("Thread", { ...thread, status: "interrupted", values: { m: [] }, interrupts: { t1: [{ id: "i", value: 1 }] } })).toEqual([]);
    expect(validateValue("Thread", { ...thread, state_updated_at: run.updated_at, error: null, values: null })).toEqual([]);
    expect(validateValue("Thread", { ...thread, status: "gone" }).map((i) => i.pointer)).toEqual(["/status"]);
    expect(validateValue("ThreadList", [thread])).toEqual([]);
  });

  it("ThreadState: the JS empty state and a PY state", () => {
    const empty = { values: {}, next: [], tasks: [], created_at: null, checkpoint: null, parent_checkpoint: null };
    expect(validateValue("ThreadState", empty)).toEqual([]);
    expect(validateValue("ThreadHistory", [])).toEqual([]);
    expect(
      validateValue("ThreadState", {
        ...empty,
        values: { messages: [] },
        metadata: { step: 1 },
        checkpoint: { checkpoint_id: "c" },
        created_at: run.created_at,
        interrupts: [{ id: "i", value: 1 }],
      }),
    ).toEqual([]);
    expect(validateValue("ThreadState", { values: {} }).map((i) => i.rule)).toEqual(["threadState.fields"]);
  });

  it("ThreadCount and Assistant", () => {
    expect(validateValue("ThreadCount", 0)).toEqual([]);
    expect(validateValue("ThreadCount", -1)).toHaveLength(1);
    expect(validateValue("ThreadCount", "1")).toHaveLength(1);
    expect(
      validateValue("Assistant", {
        assistant_id: run.assistant_id,
        graph_id: "echo",
        config: {},
        metadata: { created_by: "system" },
        created_at: run.created_at,
        updated_at: run.updated_at,
        version: 1,
        name: "echo",
        description: null,
      }),
    ).toEqual([]);
  });

  it("WaitBody: values, null, {}, interrupts, errors (SR-32)", () => {
    for (const body of [{ count: 3 }, null, {}, 42, { __interrupt__: [{ id: "i", value: 1 }] }, { __error__: { error: "Error", message: "m" } }]) {
      expect(validateValue("WaitBody", body)).toEqual([]);
    }
    expect(validateValue("WaitBody", { __error__: { error: "Error" } }).map((i) => i.rule)).toEqual(["wait.error"]);
    expect(validateValue("WaitBody", { __interrupt__: {} }).map((i) => i.rule)).toEqual(["interrupt.array"]);
  });

  it("error bodies: JS ZodError and PY detail", () => {
    const zod = {
      success: false,
      error: { issues: [{ code: "too_small", minimum: 1, path: [], message: "Array must contain at least 1 element(s)" }], name: "ZodError" },
    };
    expect(validateValue("ZodErrorBody", zod)).toEqual([]);
    expect(validateValue("ErrorBody", zod)).toEqual([]);
    expect(validateValue("ErrorBody", { detail: "Thread or assistant not found." })).toEqual([]);
    expect(validateValue("ErrorBody", { detail: [{ loc: ["body", "assistant_id"], msg: "field required" }] })).toEqual([]);
    expect(validateValue("ErrorBody", { message: "x" }).map((i) => i.rule)).toEqual(["errorBody.shape"]);
    expect(validateValue("ZodErrorBody", { ...zod, success: true }).map((i) => i.pointer)).toEqual(["/success"]);
  });
});
