// The fast path must be indistinguishable from zod: whenever it answers, zod accepts the body and
// returns the same value with the same key order; whenever zod would reject, it defers to zod.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseRunCreateFast } from "./run-create-fast.js";
import { RunCreate } from "./schemas.js";

/** Key order matters (it is what JSON shows), so compare the structure key by key. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === "object") return Object.entries(v).map(([k, x]) => [k, shape(x)]);
  return v;
}

const MODES = ["values", "messages", "messages-tuple", "updates", "events", "tasks", "checkpoints", "debug", "custom", "tools"];
const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("", "*", "nope", "VALUES", 1.5, -1, null, true, [], {}));
/** A mostly valid value for a field, sometimes junk. */
const field = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: valid, weight: 19 }, { arbitrary: junk, weight: 1 });
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("__proto__", "thread_id", "tags", "constructor", "1", "0"));
const looseObject = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const uuid = fc.uuid();

const common = fc.record(
  {
    assistant_id: field(fc.oneof(fc.constantFrom("agent", "echo"), uuid, fc.string())),
    checkpoint_id: field(fc.string()),
    input: fc.jsonValue({ maxDepth: 3 }),
    metadata: field(looseObject),
    context: fc.jsonValue({ maxDepth: 2 }),
    config: field(
      fc.record(
        {
          tags: field(fc.array(fc.string(), { maxLength: 3 })),
          recursion_limit: field(fc.oneof(fc.integer(), fc.double({ noNaN: true }))),
          configurable: field(fc.record({ thread_id: field(fc.string()), thread_ts: field(fc.string()), user: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })),
          other: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
    ),
    webhook: field(fc.string()),
    interrupt_before: field(fc.oneof(fc.constant("*"), fc.array(fc.string(), { maxLength: 3 }))),
    interrupt_after: field(fc.oneof(fc.constant("*"), fc.array(fc.string(), { maxLength: 3 }))),
    on_disconnect: field(fc.constantFrom("cancel", "continue")),
    multitask_strategy: field(fc.constantFrom("reject", "rollback", "interrupt", "enqueue")),
    stream_mode: field(fc.oneof(fc.constantFrom(...MODES), fc.array(fc.constantFrom(...MODES), { maxLength: 4 }))),
    stream_subgraphs: field(fc.boolean()),
    stream_resumable: field(fc.boolean()),
    after_seconds: field(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
    if_not_exists: field(fc.constantFrom("reject", "create")),
    on_completion: field(fc.constantFrom("delete", "keep")),
    feedback_keys: field(fc.array(fc.string(), { maxLength: 3 })),
    durability: fc.jsonValue({ maxDepth: 1 }),
    ["__proto__"]: fc.jsonValue({ maxDepth: 1 }), // computed: an own key, not the prototype
  },
  { requiredKeys: ["assistant_id"] },
);
// Fields the fast path always leaves to zod: present now and then.
const rare = fc.record(
  {
    checkpoint: fc.record({ checkpoint_id: uuid }, { requiredKeys: [] }),
    command: fc.record({ resume: fc.jsonValue({ maxDepth: 1 }) }),
    langsmith_tracer: fc.record({ project_name: fc.string() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const body = fc.tuple(common, fc.option(rare, { freq: 10 })).map(([c, r]) => ({ ...c, ...r }));

describe("parseRunCreateFast", () => {
  // Bodies go through JSON (as every request body does): that also makes `__proto__` an own key.
  let answered = 0;
  test.prop([body], { numRuns: 3000 })("agrees with zod whenever it answers", (b) => {
    const value: unknown = JSON.parse(JSON.stringify(b));
    const fast = parseRunCreateFast(value);
    const slow = RunCreate.safeParse(value);
    if (fast === undefined) return;
    answered++;
    expect(slow.success).toBe(true);
    expect(shape(fast)).toEqual(shape(slow.data));
  });

  test("the property above exercised the fast path", () => {
    expect(answered).toBeGreaterThan(100);
  });

  test.prop([fc.jsonValue({ maxDepth: 3 })], { numRuns: 1000 })("agrees with zod on arbitrary JSON", (v) => {
    const fast = parseRunCreateFast(v);
    if (fast === undefined) return;
    const slow = RunCreate.safeParse(v);
    expect(slow.success).toBe(true);
    expect(shape(fast)).toEqual(shape(slow.data));
  });

  test.each([
    { assistant_id: "agent", input: { messages: [{ role: "user", content: "hi" }] }, stream_mode: "updates" },
    { assistant_id: "fe096781-5601-53d2-b2f6-0d3403f7e9ca", input: null, stream_mode: ["values", "updates"], stream_subgraphs: true },
    { assistant_id: "agent", input: {}, metadata: { a: 1 }, config: { configurable: { user_id: "u" }, tags: ["x"] }, on_completion: "keep", on_disconnect: "cancel" },
    { assistant_id: "agent", input: 1, interrupt_before: "*", feedback_keys: ["k"], after_seconds: 0, durability: "async", checkpoint_during: true },
  ])("takes the fast path for common valid bodies: %j", (b) => {
    const fast = parseRunCreateFast(JSON.parse(JSON.stringify(b)));
    expect(fast).toBeDefined();
    expect(shape(fast)).toEqual(shape(RunCreate.parse(b)));
  });

  test.each([
    {},
    { assistant_id: 1 },
    { assistant_id: "agent", stream_mode: "nope" },
    { assistant_id: "agent", config: { recursion_limit: 1.5 } },
    { assistant_id: "agent", command: { resume: 1 } },
    { assistant_id: "agent", metadata: [] },
    [],
    null,
  ])("defers to zod otherwise: %j", (b) => {
    expect(parseRunCreateFast(b)).toBeUndefined();
  });
});
