/**
 * Protocol schemas: the single source of truth for both the JSON Schemas (draft 2020-12) and the
 * TypeScript types of the stateless-run API (spec §2, §5–§11).
 *
 * Why TypeBox: one definition yields a plain JSON Schema object (ajv compiles it as is, and other
 * tools — the mock, fixture lint, the synthetic generator — can read it) AND its `Static<>` type,
 * with no code-generation step to keep in sync. zod would need a converter for JSON Schema; hand
 * JSON Schema plus `json-schema-to-ts` would duplicate every definition in the type system.
 *
 * Conventions:
 * - Only catalog entries (bottom of the file) carry `$id`/`$schema`; building blocks are embedded
 *   by value, so every catalog schema is self-contained (no `$ref` resolution needed by readers).
 * - Objects allow unknown keys: servers add fields across versions (spec §7, §10) and the
 *   request schema must ignore unknown fields (SR-39).
 * - TypeBox's `Type.Tuple` emits draft-07 array-form `items`, which draft 2020-12 rejects; tuples
 *   use `prefixItems` through `Type.Unsafe` instead. String enums are `{type, enum}` rather than
 *   unions of literals, to keep validation errors to one per value.
 * - `x-rules` is an annotation read by `validate.ts`: per ajv keyword (or `keyword:property` for
 *   `required`), a stable rule id and a readable message. Placeholders in messages:
 *   `{got}` the offending value, `{missing}` the missing property, `{length}` an array length,
 *   `{nodeKeys}` / `{nodeKeyCount}` the non-reserved keys of an updates chunk, `{otherKeys}` the
 *   keys besides `__interrupt__`.
 *
 * Where JS and PY disagree, both shapes are accepted (JS omits unset keys, PY sends `null`). Where
 * only JS was observed, the schema follows JS 1.5.1, the reference implementation.
 */
import { Type, type SchemaOptions, type Static, type TSchema } from "@sinclair/typebox";
import {
  DEBUG_TYPES,
  DURABILITY,
  IF_NOT_EXISTS,
  INTERRUPT_KEY,
  MULTITASK,
  ON_COMPLETION,
  ON_DISCONNECT,
  RUN_STATUSES,
  STREAM_MODES,
  THREAD_STATUSES,
  TOOL_EVENTS,
  UPDATE_METADATA_KEY,
  WAIT_ERROR_KEY,
  type EventBase,
} from "./constants.js";

/** Annotation keyword carrying friendly rule ids and messages (see file header). */
export const RULES_KEYWORD = "x-rules";
export interface RuleNote {
  id: string;
  message: string;
}
export type RuleNotes = Record<string, RuleNote>;

/** Prefix of every catalog `$id`; the full id is `${SCHEMA_ID_PREFIX}${name}`. */
export const SCHEMA_ID_PREFIX = "urn:langgraph-conformance:schema:";
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

// ---------------------------------------------------------------------------------------------
// Small builders

function rules(notes: RuleNotes): SchemaOptions {
  return { [RULES_KEYWORD]: notes };
}

function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: "string", enum: [...values] });
}

/** Any JSON object. */
function JsonObject(options: SchemaOptions = {}) {
  return Type.Unsafe<Record<string, unknown>>({ ...options, type: "object" });
}

/** JSON object whose values all match `value`. */
function Dict<T extends TSchema>(value: T, options: SchemaOptions = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({ ...options, type: "object", additionalProperties: value });
}

function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** Exactly-two-element array, draft 2020-12 style. */
function Pair<A extends TSchema, B extends TSchema>(first: A, second: B, options: SchemaOptions = {}) {
  return Type.Unsafe<[Static<A>, Static<B>]>({
    ...options,
    type: "array",
    prefixItems: [first, second],
    minItems: 2,
    maxItems: 2,
  });
}

const Uuid = (options: SchemaOptions = {}) => Type.String({ format: "uuid", ...options });
const DateTime = (options: SchemaOptions = {}) => Type.String({ format: "date-time", ...options });
const Open = { additionalProperties: true } as const;

// ---------------------------------------------------------------------------------------------
// Shared building blocks

/**
 * One interrupt (spec §6 rule 8). JS and PY with LangGraph ≥ 0.6 send `{id, value}`; older PY
 * builds add `resumable`, `ns`, `when`, and may omit `id`; newer ones may add `response_schema`.
 */
function interruptItem(requireId: boolean) {
  const properties = { value: Type.Unknown(), id: Type.String() };
  const notes = rules({
    "required:value": { id: "interrupt.value", message: 'interrupt item must have a "value" (SR-15)' },
    "required:id": { id: "interrupt.id", message: 'interrupt item must have a string "id" (JS / LangGraph ≥ 0.6, SR-15)' },
    type: { id: "interrupt.object", message: "interrupt item must be an object {id, value}; got {got}" },
  });
  return requireId
    ? Type.Object(properties, { ...Open, ...notes })
    : Type.Object({ value: properties.value, id: Type.Optional(properties.id) }, { ...Open, ...notes });
}

function interruptList(requireId: boolean) {
  return Type.Array(
    interruptItem(requireId),
    rules({ type: { id: "interrupt.array", message: "__interrupt__ must be an array of interrupts; got {got}" } }),
  );
}

const InterruptItem = interruptItem(false);
const InterruptList = interruptList(false);

const ToolCall = Type.Object(
  {
    name: Type.String(),
    args: JsonObject(),
    id: Type.Optional(Nullable(Type.String())),
    type: Type.Optional(Type.String()),
  },
  Open,
);

/**
 * A serialised LangChain message (spec §7). JS sends `toDict()` data plus `type`, omitting unset
 * keys; PY sends the pydantic dump with `null`s, `name: null`, `example: false`,
 * `usage_metadata: null`, and chunk types such as `AIMessageChunk`.
 */
const MessageBlock = Type.Object(
  {
    type: Type.String({ minLength: 1 }),
    content: Type.Union([Type.String(), Type.Array(Type.Unknown())]),
    id: Type.Optional(Nullable(Type.String())),
    name: Type.Optional(Nullable(Type.String())),
    additional_kwargs: Type.Optional(JsonObject()),
    response_metadata: Type.Optional(JsonObject()),
    example: Type.Optional(Type.Boolean()),
    tool_calls: Type.Optional(Type.Array(ToolCall)),
    invalid_tool_calls: Type.Optional(Type.Array(JsonObject())),
    tool_call_chunks: Type.Optional(Type.Array(JsonObject())),
    usage_metadata: Type.Optional(Nullable(JsonObject())),
    tool_call_id: Type.Optional(Type.String()),
    status: Type.Optional(Nullable(Type.String())),
    artifact: Type.Optional(Type.Unknown()),
  },
  {
    ...Open,
    ...rules({
      type: { id: "message.object", message: 'a message must be an object with "type" and "content"; got {got}' },
      "required:type": { id: "message.type", message: 'message must have a "type" (human, ai, tool, …)' },
      "required:content": { id: "message.content", message: 'message must have "content" (string or array of blocks)' },
    }),
  },
);

const TaskInterrupts = Type.Optional(Type.Array(InterruptItem));

/** Task start, as in `tasks` events and `debug` `task` payloads. `input` is absent when undefined. */
const TaskStartBlock = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    input: Type.Optional(Type.Unknown()),
    triggers: Type.Array(Type.String()),
    interrupts: TaskInterrupts,
    metadata: Type.Optional(JsonObject()),
  },
  Open,
);

/** Task result: JS sends both `result` and `error` (`null` on success); the SDK also types an error-only form. */
const TaskResultBlock = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Unknown()),
    interrupts: TaskInterrupts,
  },
  Open,
);

const HAS_RESULT_OR_ERROR = { anyOf: [{ required: ["result"] }, { required: ["error"] }] };

/** Checkpoint payload of a `debug` event (keep mode only; spec §5.2). */
const DebugCheckpointBlock = Type.Object(
  {
    config: Type.Optional(Nullable(JsonObject())),
    parent_config: Type.Optional(Nullable(JsonObject())),
    values: Type.Optional(Type.Unknown()),
    metadata: Type.Optional(Nullable(JsonObject())),
    next: Type.Optional(Type.Array(Type.String())),
    tasks: Type.Optional(Type.Array(JsonObject())),
  },
  Open,
);

// ---------------------------------------------------------------------------------------------
// SSE event payloads (the `data` of each event)

/** `metadata` (always first, SR-02): `{run_id, attempt}`; the SDK's `thread_id` is never sent. */
const MetadataPayload = Type.Object(
  {
    run_id: Uuid(
      rules({
        format: { id: "metadata.runId", message: "run_id must be a UUID; got {got}" },
        type: { id: "metadata.runId", message: "run_id must be a UUID string; got {got}" },
      }),
    ),
    attempt: Type.Integer({
      minimum: 1,
      ...rules({
        minimum: { id: "metadata.attempt", message: "attempt must be an integer ≥ 1; got {got}" },
        type: { id: "metadata.attempt", message: "attempt must be an integer ≥ 1; got {got}" },
      }),
    }),
  },
  {
    ...Open,
    ...rules({
      type: { id: "metadata.object", message: "metadata data must be an object {run_id, attempt}; got {got}" },
      required: { id: "metadata.fields", message: "metadata data must have {missing} (SR-02)" },
    }),
  },
);

/** `values`: the full output state (SR-20); `{"__interrupt__": […]}` when the run is interrupted. */
function valuesPayload(requireInterruptId: boolean) {
  return Type.Unsafe<Record<string, unknown>>({
    type: "object",
    properties: { [INTERRUPT_KEY]: interruptList(requireInterruptId) },
    ...rules({ type: { id: "values.object", message: "values data must be a JSON object (the graph state); got {got}" } }),
  });
}
const ValuesPayload = valuesPayload(false);
const ValuesPayloadStrict = valuesPayload(true);

/**
 * `updates` (spec §6, SR-14/15/16): one task per event. Either `{"__interrupt__": [...]}` alone, or
 * exactly one node/task key (any JSON value, including `{}` and `null`) plus an optional
 * `"__metadata__": {"cached": true}`. Expressed with if/then/else rather than `oneOf`, so a failure
 * points at the rule that was broken instead of listing every alternative.
 */
function updatesPayload(requireInterruptId: boolean) {
  const oneNode = (message: string): RuleNote => ({ id: "updates.oneNode", message });
  const tooMany = oneNode("must have exactly one node key besides __metadata__; found {nodeKeyCount}: {nodeKeys}");
  return Type.Unsafe<Record<string, unknown>>({
    type: "object",
    minProperties: 1,
    ...rules({
      type: { id: "updates.object", message: "updates data must be a JSON object {<node>: <update>}; got {got}" },
      minProperties: { id: "updates.nonEmpty", message: "must have one node key (or __interrupt__); got an empty object" },
    }),
    if: { required: [INTERRUPT_KEY] },
    then: {
      properties: { [INTERRUPT_KEY]: interruptList(requireInterruptId) },
      maxProperties: 1,
      ...rules({
        maxProperties: { id: "updates.interruptAlone", message: "__interrupt__ must be the only key; also found {otherKeys}" },
      }),
    },
    else: {
      properties: {
        [UPDATE_METADATA_KEY]: JsonObject(
          rules({ type: { id: "updates.metadata", message: "__metadata__ must be an object such as {\"cached\": true}; got {got}" } }),
        ),
      },
      if: { required: [UPDATE_METADATA_KEY] },
      then: {
        minProperties: 2,
        maxProperties: 2,
        ...rules({
          minProperties: oneNode("must have exactly one node key besides __metadata__; found none"),
          maxProperties: tooMany,
        }),
      },
      else: { maxProperties: 1, ...rules({ maxProperties: tooMany }) },
    },
  });
}
const UpdatesPayload = updatesPayload(false);
const UpdatesPayloadStrict = updatesPayload(true);

/** `messages` (from `messages-tuple`, SR-18): `[message chunk, metadata]`. */
const MessagesTuplePayload = Pair(
  MessageBlock,
  JsonObject(rules({ type: { id: "messages.metadata", message: "the second tuple element must be a metadata object; got {got}" } })),
  rules({
    type: { id: "messages.tuple", message: "messages data must be a 2-element array [message, metadata]; got {got}" },
    minItems: { id: "messages.tuple", message: "messages data must be a 2-element array [message, metadata]; got {length} element(s)" },
    maxItems: { id: "messages.tuple", message: "messages data must be a 2-element array [message, metadata]; got {length} element(s)" },
  }),
);

/** Legacy `messages/partial` (cumulative content) and `messages/complete`: an array of messages. */
const MessagesListPayload = Type.Array(
  MessageBlock,
  rules({ type: { id: "messages.list", message: "messages/partial and messages/complete data must be an array of messages; got {got}" } }),
);

/** Legacy `messages/metadata`: `{"<message id>": {"metadata": {…}}}`. */
const MessagesMetadataPayload = Dict(
  Type.Object(
    { metadata: JsonObject() },
    { ...Open, ...rules({ "required:metadata": { id: "messages.metadataEntry", message: "each entry must be {\"metadata\": {…}}" } }) },
  ),
  rules({ type: { id: "messages.metadataMap", message: "messages/metadata data must be an object keyed by message id; got {got}" } }),
);

/** `custom`: whatever the node passed to its stream writer. */
const CustomPayload = Type.Unknown();

/** `error` (SR-19): `{error, message}` strings. */
const ErrorPayload = Type.Object(
  { error: Type.String(), message: Type.String() },
  {
    ...Open,
    ...rules({
      type: { id: "error.object", message: "error data must be an object {error, message}; got {got}" },
      required: { id: "error.fields", message: "error data must have a string {missing} (SR-19)" },
    }),
  },
);

/** `debug`: `{step, type, timestamp, payload}`; the payload shape follows `type`. */
const DebugPayload = Type.Unsafe<{
  step: number;
  type: (typeof DEBUG_TYPES)[number];
  timestamp: string;
  payload: Record<string, unknown>;
}>({
  type: "object",
  required: ["step", "type", "timestamp", "payload"],
  properties: {
    step: Type.Integer(),
    type: StringEnum(DEBUG_TYPES),
    timestamp: DateTime(),
    payload: JsonObject(),
  },
  allOf: [
    { if: { required: ["type"], properties: { type: { const: "task" } } }, then: { properties: { payload: TaskStartBlock } } },
    { if: { required: ["type"], properties: { type: { const: "task_result" } } }, then: { properties: { payload: TaskResultBlock } } },
    { if: { required: ["type"], properties: { type: { const: "checkpoint" } } }, then: { properties: { payload: DebugCheckpointBlock } } },
  ],
  ...rules({
    type: { id: "debug.object", message: "debug data must be an object {step, type, timestamp, payload}; got {got}" },
    required: { id: "debug.fields", message: "debug data must have {missing}" },
  }),
});

/** `tasks`: task start `{id, name, input, triggers, …}` or task result `{id, name, result, error, …}`. */
const TasksPayload = Type.Unsafe<Static<typeof TaskStartBlock> | Static<typeof TaskResultBlock>>({
  type: "object",
  if: HAS_RESULT_OR_ERROR,
  then: TaskResultBlock,
  else: TaskStartBlock,
  ...rules({ type: { id: "tasks.object", message: "tasks data must be an object; got {got}" } }),
});

/**
 * `checkpoints`: the full form `{values, metadata, next}` (JS; PY adds `config`, `parent_config`,
 * `tasks`), or the lightweight `{id, step, source}` that JS leaks with `values` + subgraphs (§5.2).
 */
const CheckpointsPayload = Type.Unsafe<Record<string, unknown>>({
  type: "object",
  if: { required: ["values"] },
  then: {
    required: ["metadata", "next"],
    properties: {
      metadata: Nullable(JsonObject()),
      next: Type.Array(Type.String()),
      config: Nullable(JsonObject()),
      parent_config: Nullable(JsonObject()),
      tasks: Type.Array(JsonObject()),
    },
    ...rules({ required: { id: "checkpoints.full", message: 'a checkpoint with "values" must also have {missing}' } }),
  },
  else: {
    required: ["id", "step", "source"],
    properties: { id: Type.String(), step: Type.Integer(), source: Type.String() },
    ...rules({
      required: {
        id: "checkpoints.shape",
        message: "checkpoints data must be {values, metadata, next} or the lightweight {id, step, source}; missing {missing}",
      },
    }),
  },
  ...rules({ type: { id: "checkpoints.object", message: "checkpoints data must be an object; got {got}" } }),
});

/** `events`: a LangChain stream-events v2 object. */
const EventsPayload = Type.Object(
  {
    event: Type.String({ minLength: 1 }),
    name: Type.String(),
    run_id: Type.String(),
    tags: Type.Optional(Type.Array(Type.String())),
    metadata: Type.Optional(JsonObject()),
    data: Type.Optional(JsonObject()),
    parent_ids: Type.Optional(Type.Array(Type.String())),
  },
  {
    ...Open,
    ...rules({
      type: { id: "events.object", message: "events data must be an object {event, name, run_id, …}; got {got}" },
      required: { id: "events.fields", message: "events data must have {missing}" },
    }),
  },
);

/** `tools` (JS ≥ 1.1.14): tool lifecycle events. */
const ToolsPayload = Type.Object(
  {
    event: StringEnum(TOOL_EVENTS),
    name: Type.String(),
    toolCallId: Type.Optional(Type.String()),
    input: Type.Optional(Type.Unknown()),
    data: Type.Optional(Type.Unknown()),
    output: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Unknown()),
  },
  {
    ...Open,
    ...rules({
      type: { id: "tools.object", message: "tools data must be an object {event, name, …}; got {got}" },
      required: { id: "tools.fields", message: "tools data must have {missing}" },
    }),
  },
);

/** `feedback`: `{"<key>": "<presigned url>"}`. */
const FeedbackPayload = Dict(
  Type.String(),
  rules({ type: { id: "feedback.object", message: "feedback data must be an object of strings; got {got}" } }),
);

/** `end`: legacy, tolerated with any data (the SDK types `{run_id, status} | null`). */
const EndPayload = Type.Unknown();

// ---------------------------------------------------------------------------------------------
// Request bodies (spec §2.1)

const StreamModeValue = StringEnum(STREAM_MODES);
const streamModeMessage = `must be a stream mode or an array of stream modes (${STREAM_MODES.join(", ")})`;

const InterruptNodes = Type.Union([StringEnum(["*"]), Type.Array(Type.String())], {
  ...rules({ anyOf: { id: "request.interruptNodes", message: "must be \"*\" or an array of node names; got {got}" } }),
});

const Send = Type.Object({ node: Type.String(), input: Type.Optional(Type.Unknown()) }, Open);
const GotoTarget = Type.Union([Type.String(), Send]);

const Command = Type.Object(
  {
    update: Type.Optional(Nullable(Type.Union([JsonObject(), Type.Array(Pair(Type.String(), Type.Unknown()))]))),
    resume: Type.Optional(Type.Unknown()),
    goto: Type.Optional(Type.Union([GotoTarget, Type.Array(GotoTarget)])),
  },
  Open,
);

const RunConfig = Type.Object(
  {
    tags: Type.Optional(Type.Array(Type.String())),
    recursion_limit: Type.Optional(Type.Integer()),
    configurable: Type.Optional(JsonObject()),
  },
  { ...Open, ...rules({ type: { id: "request.config", message: "config must be an object {tags?, recursion_limit?, configurable?}; got {got}" } }) },
);

const CheckpointRef = Type.Object(
  {
    checkpoint_id: Type.Optional(Type.String()),
    checkpoint_ns: Type.Optional(Nullable(Type.String())),
    checkpoint_map: Type.Optional(Nullable(JsonObject())),
  },
  Open,
);

/**
 * Body of `POST /runs/stream`, `/runs/wait`, `/runs` (SPEC `RunCreateStateless`, plus
 * `on_disconnect` from `RunCreateStreamingStateless`). Only `assistant_id` is required; unknown
 * fields are allowed. `null` is accepted only where JS accepts it (`input`, `context`): JS's zod
 * rejects `null` for the other optional fields.
 */
const RunCreateStateless = Type.Object(
  {
    assistant_id: Type.String(
      rules({ type: { id: "request.assistantId", message: "assistant_id must be a string (graph id or assistant UUID); got {got}" } }),
    ),
    input: Type.Optional(Type.Unknown()),
    command: Type.Optional(Command),
    metadata: Type.Optional(
      JsonObject(rules({ type: { id: "request.metadata", message: "metadata must be a JSON object; got {got}" } })),
    ),
    config: Type.Optional(RunConfig),
    context: Type.Optional(Type.Unknown()),
    stream_mode: Type.Optional(
      Type.Union([StreamModeValue, Type.Array(StreamModeValue)], {
        ...rules({ anyOf: { id: "request.streamMode", message: `${streamModeMessage}; got {got}` } }),
      }),
    ),
    stream_subgraphs: Type.Optional(Type.Boolean()),
    stream_resumable: Type.Optional(Type.Boolean()),
    feedback_keys: Type.Optional(Type.Array(Type.String())),
    interrupt_before: Type.Optional(InterruptNodes),
    interrupt_after: Type.Optional(InterruptNodes),
    /** Absolute URL, or a path on the same deployment (SPEC: `uri-reference`). */
    webhook: Type.Optional(Type.String({ format: "uri-reference", minLength: 1 })),
    on_completion: Type.Optional(StringEnum(ON_COMPLETION)),
    on_disconnect: Type.Optional(StringEnum(ON_DISCONNECT)),
    after_seconds: Type.Optional(Type.Number()),
    durability: Type.Optional(StringEnum(DURABILITY)),
    /** Deprecated (PY maps it to `durability`); JS drops it. */
    checkpoint_during: Type.Optional(Type.Boolean()),
    multitask_strategy: Type.Optional(StringEnum(MULTITASK)),
    checkpoint: Type.Optional(CheckpointRef),
    checkpoint_id: Type.Optional(Type.String()),
    if_not_exists: Type.Optional(StringEnum(IF_NOT_EXISTS)),
    langsmith_tracer: Type.Optional(
      Type.Object({ project_name: Type.Optional(Type.String()), example_id: Type.Optional(Type.String()) }, Open),
    ),
  },
  {
    ...Open,
    ...rules({
      type: { id: "request.object", message: "the request body must be a JSON object; got {got}" },
      "required:assistant_id": {
        id: "request.assistantId",
        message: 'must have required property "assistant_id" (graph id or assistant UUID)',
      },
    }),
  },
);

/** Body of `POST /runs/batch`: a non-empty array of stateless bodies (SR-36). */
const RunBatchCreateStateless = Type.Array(RunCreateStateless, {
  minItems: 1,
  ...rules({
    minItems: { id: "batch.nonEmpty", message: "a batch must contain at least one run (SR-36)" },
    type: { id: "batch.array", message: "a batch body must be an array of run bodies; got {got}" },
  }),
});

// ---------------------------------------------------------------------------------------------
// Response objects (spec §1.2, §9, §10, §11)

/** Run (SR-35). JS `kwargs` holds only keys that were set; PY adds `checkpoint_during`, `durability`. */
const Run = Type.Object(
  {
    run_id: Uuid(),
    thread_id: Uuid(),
    assistant_id: Uuid(),
    created_at: DateTime(),
    updated_at: DateTime(),
    status: StringEnum(RUN_STATUSES),
    metadata: JsonObject(),
    kwargs: JsonObject(),
    multitask_strategy: StringEnum(MULTITASK),
  },
  { ...Open, ...rules({ required: { id: "run.fields", message: "a Run must have {missing} (SR-35)" } }) },
);

const RunList = Type.Array(Run);

/**
 * Thread. JS omits `values`/`interrupts` until a run has finished on it; newer PY adds
 * `state_updated_at`, `error`, `ttl`, `extracted`. `values` may be any JSON (functional API).
 */
const Thread = Type.Object(
  {
    thread_id: Uuid(),
    created_at: DateTime(),
    updated_at: DateTime(),
    metadata: JsonObject(),
    status: StringEnum(THREAD_STATUSES),
    config: Type.Optional(JsonObject()),
    values: Type.Optional(Type.Unknown()),
    interrupts: Type.Optional(Dict(Type.Array(InterruptItem))),
  },
  { ...Open, ...rules({ required: { id: "thread.fields", message: "a Thread must have {missing}" } }) },
);

const ThreadList = Type.Array(Thread);

/**
 * `GET /threads/{id}/state` and history entries. A thread without checkpoints gives
 * `{values: {}, next: [], tasks: [], created_at: null, checkpoint: null, parent_checkpoint: null}`
 * on JS (no `metadata` key, although SPEC requires it).
 */
const ThreadState = Type.Object(
  {
    values: Type.Unknown(),
    next: Type.Array(Type.String()),
    tasks: Type.Array(JsonObject()),
    checkpoint: Nullable(JsonObject()),
    metadata: Type.Optional(Nullable(JsonObject())),
    created_at: Nullable(Type.String()),
    parent_checkpoint: Type.Optional(Nullable(JsonObject())),
    interrupts: Type.Optional(Type.Array(InterruptItem)),
  },
  { ...Open, ...rules({ required: { id: "threadState.fields", message: "a ThreadState must have {missing}" } }) },
);

const ThreadHistory = Type.Array(ThreadState);

/** `POST /threads/count`: a bare JSON integer. */
const ThreadCount = Type.Integer({ minimum: 0 });

const Assistant = Type.Object(
  {
    assistant_id: Uuid(),
    graph_id: Type.String(),
    config: JsonObject(),
    created_at: DateTime(),
    updated_at: DateTime(),
    metadata: JsonObject(),
    context: Type.Optional(Type.Unknown()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Nullable(Type.String())),
    version: Type.Optional(Type.Integer()),
  },
  Open,
);

/**
 * `POST /runs/wait` body after leading whitespace is stripped (SR-32): the final values, `null`
 * (JS, no values produced) or `{}` (PY), `{"__interrupt__": […]}`, or
 * `{"__error__": {error, message}}` (JS double-encodes the inner error into `message`, SR-34).
 * Any JSON is accepted at the top level, because a functional-API entrypoint may return a scalar.
 */
const WaitBody = Type.Unsafe<unknown>({
  if: { type: "object" },
  then: {
    properties: {
      [INTERRUPT_KEY]: InterruptList,
      [WAIT_ERROR_KEY]: Type.Object(
        { error: Type.String(), message: Type.String() },
        { ...Open, ...rules({ required: { id: "wait.error", message: "__error__ must be {error, message}; missing {missing}" } }) },
      ),
    },
  },
});

/** JS zod validation failure (HTTP 400, `application/json`). */
const ZodErrorBody = Type.Object(
  {
    success: Type.Literal(false),
    error: Type.Object(
      {
        issues: Type.Array(
          Type.Object(
            {
              code: Type.String(),
              path: Type.Array(Type.Union([Type.String(), Type.Integer()])),
              message: Type.String(),
            },
            Open,
          ),
        ),
        name: Type.Literal("ZodError"),
      },
      Open,
    ),
  },
  Open,
);

/** PY error body for every HTTP error: `{"detail": "<message>"}`; 422s may carry a list. */
const DetailErrorBody = Type.Object({ detail: Type.Union([Type.String(), Type.Array(Type.Unknown())]) }, Open);

/**
 * Any JSON error body. NOT covered: JS `HTTPException`s (404 unknown assistant/thread, 400
 * malformed JSON, unknown routes) answer `text/plain` with just the message — check those by
 * Content-Type and status, not with a schema.
 */
const ErrorBody = Type.Union([ZodErrorBody, DetailErrorBody], {
  ...rules({
    anyOf: {
      id: "errorBody.shape",
      message: "must be a JS ZodError body {success:false, error:{issues, name:\"ZodError\"}} or a PY {detail} body; got {got}",
    },
  }),
});

// ---------------------------------------------------------------------------------------------
// Catalog: every schema with an `$id`, self-contained, ready for ajv or any other reader.

function withId<T extends TSchema>(name: string, schema: T): T {
  return { $schema: JSON_SCHEMA_DIALECT, $id: `${SCHEMA_ID_PREFIX}${name}`, ...schema };
}

export const MetadataPayloadSchema = withId("MetadataPayload", MetadataPayload);
export const ValuesPayloadSchema = withId("ValuesPayload", ValuesPayload);
/** `values` with interrupt ids required (JS / LangGraph ≥ 0.6). */
export const ValuesPayloadStrictSchema = withId("ValuesPayloadStrict", ValuesPayloadStrict);
export const UpdatesPayloadSchema = withId("UpdatesPayload", UpdatesPayload);
/** `updates` with interrupt ids required (JS / LangGraph ≥ 0.6). */
export const UpdatesPayloadStrictSchema = withId("UpdatesPayloadStrict", UpdatesPayloadStrict);
export const MessagesTuplePayloadSchema = withId("MessagesTuplePayload", MessagesTuplePayload);
export const MessagesListPayloadSchema = withId("MessagesListPayload", MessagesListPayload);
export const MessagesMetadataPayloadSchema = withId("MessagesMetadataPayload", MessagesMetadataPayload);
export const CustomPayloadSchema = withId("CustomPayload", CustomPayload);
export const ErrorPayloadSchema = withId("ErrorPayload", ErrorPayload);
export const DebugPayloadSchema = withId("DebugPayload", DebugPayload);
export const TasksPayloadSchema = withId("TasksPayload", TasksPayload);
export const CheckpointsPayloadSchema = withId("CheckpointsPayload", CheckpointsPayload);
export const EventsPayloadSchema = withId("EventsPayload", EventsPayload);
export const ToolsPayloadSchema = withId("ToolsPayload", ToolsPayload);
export const FeedbackPayloadSchema = withId("FeedbackPayload", FeedbackPayload);
export const EndPayloadSchema = withId("EndPayload", EndPayload);

export const MessageSchema = withId("Message", MessageBlock);
export const InterruptSchema = withId("Interrupt", InterruptItem);
export const RunCreateStatelessSchema = withId("RunCreateStateless", RunCreateStateless);
export const RunBatchCreateStatelessSchema = withId("RunBatchCreateStateless", RunBatchCreateStateless);
export const RunSchema = withId("Run", Run);
export const RunListSchema = withId("RunList", RunList);
export const ThreadSchema = withId("Thread", Thread);
export const ThreadListSchema = withId("ThreadList", ThreadList);
export const ThreadStateSchema = withId("ThreadState", ThreadState);
export const ThreadHistorySchema = withId("ThreadHistory", ThreadHistory);
export const ThreadCountSchema = withId("ThreadCount", ThreadCount);
export const AssistantSchema = withId("Assistant", Assistant);
export const WaitBodySchema = withId("WaitBody", WaitBody);
export const ZodErrorBodySchema = withId("ZodErrorBody", ZodErrorBody);
export const DetailErrorBodySchema = withId("DetailErrorBody", DetailErrorBody);
export const ErrorBodySchema = withId("ErrorBody", ErrorBody);

/** SSE payload schemas by catalog name. */
export const eventPayloadSchemas = {
  MetadataPayload: MetadataPayloadSchema,
  ValuesPayload: ValuesPayloadSchema,
  ValuesPayloadStrict: ValuesPayloadStrictSchema,
  UpdatesPayload: UpdatesPayloadSchema,
  UpdatesPayloadStrict: UpdatesPayloadStrictSchema,
  MessagesTuplePayload: MessagesTuplePayloadSchema,
  MessagesListPayload: MessagesListPayloadSchema,
  MessagesMetadataPayload: MessagesMetadataPayloadSchema,
  CustomPayload: CustomPayloadSchema,
  ErrorPayload: ErrorPayloadSchema,
  DebugPayload: DebugPayloadSchema,
  TasksPayload: TasksPayloadSchema,
  CheckpointsPayload: CheckpointsPayloadSchema,
  EventsPayload: EventsPayloadSchema,
  ToolsPayload: ToolsPayloadSchema,
  FeedbackPayload: FeedbackPayloadSchema,
  EndPayload: EndPayloadSchema,
} as const;
export type EventPayloadSchemaName = keyof typeof eventPayloadSchemas;

/** Every schema by catalog name (event payloads, request bodies, response objects). */
export const schemaCatalog = {
  ...eventPayloadSchemas,
  Message: MessageSchema,
  Interrupt: InterruptSchema,
  RunCreateStateless: RunCreateStatelessSchema,
  RunBatchCreateStateless: RunBatchCreateStatelessSchema,
  Run: RunSchema,
  RunList: RunListSchema,
  Thread: ThreadSchema,
  ThreadList: ThreadListSchema,
  ThreadState: ThreadStateSchema,
  ThreadHistory: ThreadHistorySchema,
  ThreadCount: ThreadCountSchema,
  Assistant: AssistantSchema,
  WaitBody: WaitBodySchema,
  ZodErrorBody: ZodErrorBodySchema,
  DetailErrorBody: DetailErrorBodySchema,
  ErrorBody: ErrorBodySchema,
} as const;
export type SchemaName = keyof typeof schemaCatalog;
export const SCHEMA_NAMES = Object.keys(schemaCatalog) as SchemaName[];

/** `$id` of a catalog schema. */
export function schemaId(name: SchemaName): string {
  return `${SCHEMA_ID_PREFIX}${name}`;
}

/** Payload schema for each event base name (lenient interrupt variant). */
export const EVENT_PAYLOAD_SCHEMA: Readonly<Record<EventBase, EventPayloadSchemaName>> = {
  metadata: "MetadataPayload",
  values: "ValuesPayload",
  updates: "UpdatesPayload",
  messages: "MessagesTuplePayload",
  "messages/partial": "MessagesListPayload",
  "messages/complete": "MessagesListPayload",
  "messages/metadata": "MessagesMetadataPayload",
  custom: "CustomPayload",
  error: "ErrorPayload",
  debug: "DebugPayload",
  tasks: "TasksPayload",
  checkpoints: "CheckpointsPayload",
  events: "EventsPayload",
  tools: "ToolsPayload",
  feedback: "FeedbackPayload",
  end: "EndPayload",
};

/** Overrides of {@link EVENT_PAYLOAD_SCHEMA} when interrupt ids are required. */
export const STRICT_INTERRUPT_PAYLOAD_SCHEMA: Readonly<Partial<Record<EventBase, EventPayloadSchemaName>>> = {
  values: "ValuesPayloadStrict",
  updates: "UpdatesPayloadStrict",
};

// ---------------------------------------------------------------------------------------------
// Static types

export type MetadataPayload = Static<typeof MetadataPayloadSchema>;
export type ValuesPayload = Static<typeof ValuesPayloadSchema>;
export type UpdatesPayload = Static<typeof UpdatesPayloadSchema>;
export type MessagesTuplePayload = Static<typeof MessagesTuplePayloadSchema>;
export type MessagesListPayload = Static<typeof MessagesListPayloadSchema>;
export type MessagesMetadataPayload = Static<typeof MessagesMetadataPayloadSchema>;
export type CustomPayload = Static<typeof CustomPayloadSchema>;
export type ErrorPayload = Static<typeof ErrorPayloadSchema>;
export type DebugPayload = Static<typeof DebugPayloadSchema>;
export type TasksPayload = Static<typeof TasksPayloadSchema>;
export type CheckpointsPayload = Static<typeof CheckpointsPayloadSchema>;
export type EventsPayload = Static<typeof EventsPayloadSchema>;
export type ToolsPayload = Static<typeof ToolsPayloadSchema>;
export type FeedbackPayload = Static<typeof FeedbackPayloadSchema>;
export type EndPayload = Static<typeof EndPayloadSchema>;
export type Message = Static<typeof MessageSchema>;
export type Interrupt = Static<typeof InterruptSchema>;
export type RunCreateStateless = Static<typeof RunCreateStatelessSchema>;
export type RunBatchCreateStateless = Static<typeof RunBatchCreateStatelessSchema>;
export type Run = Static<typeof RunSchema>;
export type Thread = Static<typeof ThreadSchema>;
export type ThreadState = Static<typeof ThreadStateSchema>;
export type Assistant = Static<typeof AssistantSchema>;
export type WaitBody = Static<typeof WaitBodySchema>;
export type ZodErrorBody = Static<typeof ZodErrorBodySchema>;
export type DetailErrorBody = Static<typeof DetailErrorBodySchema>;
export type ErrorBody = Static<typeof ErrorBodySchema>;
