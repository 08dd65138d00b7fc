/**
 * Protocol constants of the LangGraph Agent Server stateless-run API (spec §1, §2, §5, §10).
 *
 * Environment-neutral: no Node or DOM imports, so the MSW mock can bundle it for the browser.
 * The uuid5 helper needs SHA-1 and therefore lives in `uuid5.ts`.
 */

/** Values accepted in `stream_mode` (JS 1.5.1 zod enum; `tools` is JS-only, spec §2.1). */
export const STREAM_MODES = [
  "values",
  "updates",
  "messages",
  "messages-tuple",
  "custom",
  "debug",
  "tasks",
  "checkpoints",
  "events",
  "tools",
] as const;
export type StreamMode = (typeof STREAM_MODES)[number];

/** Modes only the JS server knows (PY answers 422). */
export const JS_ONLY_STREAM_MODES: readonly StreamMode[] = ["tools"];

/** Omitted or empty `stream_mode` behaves as this (SR-11). */
export const DEFAULT_STREAM_MODES: readonly StreamMode[] = ["values"];

/**
 * Event base names each stream mode produces (spec §5.2). Note the naming trap:
 * `messages-tuple` emits events named `messages`, while the legacy `messages` mode emits
 * `messages/partial`, `messages/complete` and `messages/metadata`.
 */
export const STREAM_MODE_EVENTS = {
  values: ["values"],
  updates: ["updates"],
  messages: ["messages/partial", "messages/complete", "messages/metadata"],
  "messages-tuple": ["messages"],
  custom: ["custom"],
  debug: ["debug"],
  tasks: ["tasks"],
  checkpoints: ["checkpoints"],
  events: ["events"],
  tools: ["tools"],
} as const satisfies Record<StreamMode, readonly string[]>;

export type ModeEventBase = (typeof STREAM_MODE_EVENTS)[StreamMode][number];

/** Every event base name a stream mode can produce. */
export const MODE_EVENT_BASES: readonly ModeEventBase[] = Object.values(STREAM_MODE_EVENTS).flat();

/** Event names not tied to a stream mode. `end` is legacy: current servers never send it (SR-06). */
export const EVENT = {
  metadata: "metadata",
  error: "error",
  feedback: "feedback",
  end: "end",
} as const;
export const CONTROL_EVENTS = [EVENT.metadata, EVENT.error, EVENT.feedback, EVENT.end] as const;
export type ControlEvent = (typeof CONTROL_EVENTS)[number];

/** Every valid event base name (the part before the first `|`). */
export const EVENT_BASES: readonly (ModeEventBase | ControlEvent)[] = [...MODE_EVENT_BASES, ...CONTROL_EVENTS];
export type EventBase = ModeEventBase | ControlEvent;

/** Separator between the base name and each namespace segment: `updates|sub:<task id>`. */
export const NAMESPACE_SEPARATOR = "|";
/** Separator between node name and task id inside one namespace segment. */
export const TASK_ID_SEPARATOR = ":";

/** Reserved keys in `updates` / `values` chunks (spec §6). */
export const INTERRUPT_KEY = "__interrupt__";
export const UPDATE_METADATA_KEY = "__metadata__";
export const RESERVED_UPDATE_KEYS = [INTERRUPT_KEY, UPDATE_METADATA_KEY] as const;
/**
 * A `values` (or `updates`) chunk that only announces an interrupt, `{"__interrupt__": […]}`: the JS
 * server sends it after the last state in `values` mode, so it is not the run's final state.
 */
export function isInterruptChunk(data: unknown): boolean {
  return typeof data === "object" && data !== null && !Array.isArray(data) && Object.keys(data).length === 1 && INTERRUPT_KEY in data;
}
/** Reserved keys in a `/runs/wait` body (spec §9). */
export const WAIT_ERROR_KEY = "__error__";
export const WAIT_FEEDBACK_KEY = "__feedback__";

export const ON_COMPLETION = ["delete", "keep"] as const;
export type OnCompletion = (typeof ON_COMPLETION)[number];
export const ON_DISCONNECT = ["cancel", "continue"] as const;
export type OnDisconnect = (typeof ON_DISCONNECT)[number];
export const MULTITASK = ["reject", "rollback", "interrupt", "enqueue"] as const;
export type MultitaskStrategy = (typeof MULTITASK)[number];
export const DURABILITY = ["sync", "async", "exit"] as const;
export type Durability = (typeof DURABILITY)[number];
export const IF_NOT_EXISTS = ["reject", "create"] as const;
export type IfNotExists = (typeof IF_NOT_EXISTS)[number];
export const RUN_STATUSES = ["pending", "running", "success", "error", "timeout", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const THREAD_STATUSES = ["idle", "busy", "interrupted", "error"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];
/** `type` of a `debug` event. */
export const DEBUG_TYPES = ["task", "task_result", "checkpoint"] as const;
export type DebugType = (typeof DEBUG_TYPES)[number];
/** `event` of a `tools` event (JS ≥ 1.1.14). */
export const TOOL_EVENTS = ["on_tool_start", "on_tool_event", "on_tool_end", "on_tool_error"] as const;
export type ToolEvent = (typeof TOOL_EVENTS)[number];

/**
 * Endpoint path templates. Placeholders are `{name}`; fill them with {@link endpointPath}.
 * Stateless runs are the first group; the rest are the side-effect oracles of spec §1.2.
 */
export const ENDPOINTS = {
  runsStream: "/runs/stream",
  runsWait: "/runs/wait",
  runs: "/runs",
  runsBatch: "/runs/batch",
  /** JS only (spec §1.1); PY's `Location` header points here but has no such route. */
  runStream: "/runs/{run_id}/stream",
  /** PY only. */
  runsCancel: "/runs/cancel",
  threads: "/threads",
  threadsSearch: "/threads/search",
  threadsCount: "/threads/count",
  thread: "/threads/{thread_id}",
  threadState: "/threads/{thread_id}/state",
  threadHistory: "/threads/{thread_id}/history",
  threadRuns: "/threads/{thread_id}/runs",
  threadRun: "/threads/{thread_id}/runs/{run_id}",
  threadRunJoin: "/threads/{thread_id}/runs/{run_id}/join",
  threadRunStream: "/threads/{thread_id}/runs/{run_id}/stream",
  threadRunCancel: "/threads/{thread_id}/runs/{run_id}/cancel",
  assistant: "/assistants/{assistant_id}",
  assistantsSearch: "/assistants/search",
  info: "/info",
  /** JS only: empties the in-memory stores. */
  internalTruncate: "/internal/truncate",
} as const;
export type EndpointName = keyof typeof ENDPOINTS;

/** The four endpoints that create runs without a thread. */
export const STATELESS_RUN_ENDPOINTS = [
  ENDPOINTS.runsStream,
  ENDPOINTS.runsWait,
  ENDPOINTS.runs,
  ENDPOINTS.runsBatch,
] as const;

/**
 * Fills `{name}` placeholders of an {@link ENDPOINTS} template, URI-encoding each value.
 * Throws when a placeholder has no value, so a typo never produces `/threads/undefined`
 * (the JS SDK bug of spec §12).
 */
export function endpointPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`endpointPath: no value for "{${name}}" in ${template}; pass it in params.`);
    }
    return encodeURIComponent(value);
  });
}

/** Namespace of the uuid5 that maps a graph id to its system assistant id (spec §2.2). */
export const ASSISTANT_ID_NAMESPACE = "6ba7b821-9dad-11d1-80b4-00c04fd430c8";

export function isStreamMode(value: unknown): value is StreamMode {
  return typeof value === "string" && (STREAM_MODES as readonly string[]).includes(value);
}

/**
 * The modes a request asks for, as the servers resolve them: a single value becomes a list,
 * omitted or empty becomes `["values"]` (SR-11). Unknown values are kept (as strings) so a caller
 * can still report them; duplicates are removed.
 */
export function normalizeStreamModes(streamMode: unknown): string[] {
  const list = Array.isArray(streamMode) ? streamMode : streamMode === undefined || streamMode === null ? [] : [streamMode];
  const modes = [...new Set(list.map(String))];
  return modes.length === 0 ? [...DEFAULT_STREAM_MODES] : modes;
}

/** The event base names the given stream modes can produce (unknown modes contribute nothing). */
export function eventBasesForModes(modes: Iterable<string>): Set<ModeEventBase> {
  const bases = new Set<ModeEventBase>();
  for (const mode of modes) {
    if (isStreamMode(mode)) for (const base of STREAM_MODE_EVENTS[mode]) bases.add(base);
  }
  return bases;
}
