/**
 * The requirement catalogue: every rule the conformance suites check, as data.
 *
 * One entry per requirement id. The suites name their tests by these ids (`requirement("SR-14", …)`),
 * the runner reads levels and titles from here, and `scripts/gen-readme-table.ts` renders the README
 * table from it. `SR-xx` ids are the rules of spec §15 (docs: stateless-runs.md); `RG-xx` are the
 * graph-aware checks that need the project's reference graphs; `SC-01` is schema conformance of
 * payloads beyond what an SR rule names.
 *
 * Environment-neutral data: no imports besides types.
 */

export type Level = "MUST" | "SHOULD" | "MAY";
export const LEVELS: readonly Level[] = ["MUST", "SHOULD", "MAY"];

/**
 * What the target must offer for a check to run. A check whose capability is missing is skipped
 * with the reason (never failed). Capabilities are detected by probing (suites/support/probe.ts) or
 * configured (`--assistant ROLE=ID`).
 */
export type Capability =
  /** `POST /threads/search`, `/threads/count`, `GET /threads/{id}`: the side-effect oracles. */
  | "threads"
  /** `POST /threads` plus a run on that thread: pre-existing threads with state and history. */
  | "thread-runs"
  /** `POST /runs/wait`. */
  | "wait"
  /** `POST /runs` (background runs). */
  | "background"
  /** `POST /runs/batch`. */
  | "batch"
  /** `GET /runs/{run_id}/stream` (joining a run by id; JS only). */
  | "join"
  /** An assistant that sleeps `config.configurable.sleep_ms` (role `slow`). */
  | "slow-assistant"
  /** An assistant whose graph throws after a first node (role `failing`). */
  | "failing-assistant"
  /** An assistant whose graph calls `interrupt()` (role `interrupting`). */
  | "interrupting-assistant"
  /** An assistant with a compiled subgraph node (role `nested`). */
  | "subgraph-assistant"
  /** An assistant running two nodes in one step (role `parallel`). */
  | "parallel-assistant"
  /** An assistant that streams chat-model messages (role `messages`). */
  | "messages-assistant"
  /** `on_completion: "keep"` leaves a thread that the suite can delete afterwards. */
  | "keep-mode"
  /** The project's deterministic reference graphs (fixtures/graphs), detected by probing. */
  | "reference-graphs";

/** Server profiles the catalogue records a verdict for. */
export type ProfileId = "js" | "py" | "mock";
export const PROFILES: Readonly<Record<ProfileId, string>> = {
  js: "@langchain/langgraph-api 1.5.1 (observed)",
  py: "Python langgraph-api (from source, not run)",
  mock: "this project's mock deployment (JS profile: it reproduces the JS server's SHOULD-level deviations; its MUST-level batch bug only with `quirks.batchPartialCreate`)",
};
/** ✔ satisfies, ✘ violates (a known deviation), ? unknown. */
export type ProfileVerdict = "pass" | "fail" | "unknown";

export type SuiteName = "side-effects" | "stream-shape" | "endpoints" | "reference-graphs";

export interface Requirement {
  /** Stable id; tests are named `"<id> <aspect>"`. */
  id: string;
  level: Level;
  /** A few words, for tables. */
  title: string;
  /** One sentence: what the server must (should, may) do. */
  statement: string;
  /** Why it matters to clients. */
  why: string;
  /** What it rests on: spec sections, server source, captures, issues. */
  sources: string[];
  /** Capabilities the check needs; missing ones skip it with the reason. */
  capabilities: Capability[];
  profiles: Record<ProfileId, ProfileVerdict>;
  /** The suite file that checks it (`suites/<suite>.suite.ts`). */
  suite: SuiteName;
  /** `checked`, or `not-yet` with a reason. MAY rules are tolerance tests: they never fail. */
  status: "checked" | "not-yet";
  notYet?: string;
}

const all = (v: ProfileVerdict = "pass"): Record<ProfileId, ProfileVerdict> => ({ js: v, py: v, mock: v });
const p = (js: ProfileVerdict, py: ProfileVerdict, mock: ProfileVerdict): Record<ProfileId, ProfileVerdict> => ({
  js,
  py,
  mock,
});

export const REQUIREMENTS: readonly Requirement[] = [
  // ----------------------------------------------------------------------------------------------
  // Transport and framing
  {
    id: "SR-01",
    level: "MUST",
    title: "stream answers 200 SSE",
    statement: "A valid `POST /runs/stream` answers 200 with a `Content-Type` beginning `text/event-stream`.",
    why: "SDKs refuse to parse a stream with another content type (the JS SDK throws).",
    sources: ["spec §15 SR-01", "spec §3", "SDK src/utils/stream.ts"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-02",
    level: "MUST",
    title: "metadata event first",
    statement: "The first event is `metadata` with `data` an object holding `run_id` (a UUID string) and `attempt` (an integer ≥ 1).",
    why: "Clients take the run id from the first event to cancel, join or correlate the run.",
    sources: ["spec §15 SR-02", "spec §5.1"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-03",
    level: "MUST",
    title: "event field, JSON data",
    statement: "Every event has an `event:` field and one `data:` payload that parses as JSON.",
    why: "The SDK decoder `JSON.parse`s every data payload; invalid JSON throws inside the client.",
    sources: ["spec §15 SR-03", "spec §4.1", "spec §12 Parsing"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-04",
    level: "MUST",
    title: "run_id matches Content-Location, unique",
    statement: "`run_id` in `metadata` equals the id in `Content-Location: /runs/{run_id}`, and is new for every request (also for 20 concurrent requests).",
    why: "The SDK's `onRunCreated` reads `Content-Location`; reused ids would make joins and cancels hit the wrong run.",
    sources: ["spec §15 SR-04", "spec §3", "spec §12 onRunCreated"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-05",
    level: "MUST",
    title: "EOF within 2 s of the last event",
    statement: "The server closes the response within 2 s after the run's last event, without requiring an `end` event.",
    why: "Clients (and `for await` loops) only finish when the connection closes; a stream that lingers hangs the UI.",
    sources: ["spec §15 SR-05", "spec §4.3", "JS src/storage/ops.mts Stream.join"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-06",
    level: "SHOULD",
    title: "no end event",
    statement: "No `end` event is emitted.",
    why: "Current SDKs pass unknown events through to applications; an `end` event shows up as data.",
    sources: ["spec §15 SR-06", "spec §4.1 (Aegra emits end)"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-07",
    level: "SHOULD",
    title: "no id: lines unless resumable",
    statement: "`POST /runs/stream` without `stream_resumable` carries no `id:` lines.",
    why: "An `id:` invites clients to reconnect with `Last-Event-ID` to a run that cannot be resumed.",
    sources: ["spec §15 SR-07", "spec §4.2"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-08",
    level: "MAY",
    title: "comment lines tolerated",
    statement: "Comment lines (`: heartbeat`) may appear between events; clients and suites ignore them.",
    why: "The Python server sends a heartbeat every 5 s; a client that chokes on it breaks on PY.",
    sources: ["spec §15 SR-08", "spec §4.1", "PYOLD langgraph_api/sse.py"],
    capabilities: [],
    profiles: p("pass", "pass", "pass"),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-09",
    level: "MAY",
    title: "LF or CRLF line endings",
    statement: "Line endings may be LF or CRLF.",
    why: "JS writes LF, the Python SSE writer CRLF; both are valid event streams.",
    sources: ["spec §15 SR-09", "spec §4.1"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-10",
    level: "MUST",
    title: "pre-run errors are plain 4xx",
    statement: "Errors detected before the run starts are returned as non-2xx, non-SSE responses (4xx for client errors).",
    why: "SDKs raise `HTTPError` from the status; an SSE 200 with an error inside hides a bad request as a failed run.",
    sources: ["spec §15 SR-10", "spec §11"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },

  // ----------------------------------------------------------------------------------------------
  // Event content
  {
    id: "SR-11",
    level: "MUST",
    title: "default stream_mode is values",
    statement: "Omitted or empty `stream_mode` behaves as `[\"values\"]`.",
    why: "The SDKs send no `stream_mode` by default and expect `values` events.",
    sources: ["spec §15 SR-11", "spec §2.1", "cap:stream_agent_default_mode", "cap:err_stream_mode_empty_array"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-12",
    level: "MUST",
    title: "event names follow the grammar",
    statement: "Event names are `metadata`, `error`, `feedback` or a stream-mode event name, optionally followed by `|<node>:<task id>` segments only when `stream_subgraphs` is true.",
    why: "Clients dispatch on the name; the SDK splits on `|` to find the mode and the namespace.",
    sources: ["spec §15 SR-12", "spec §5.2", "spec §5.3", "CORE src/pregel/remote.ts"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-13",
    level: "SHOULD",
    title: "no unrequested modes",
    statement: "No events of unrequested stream modes appear.",
    why: "Clients that switch on the event name see unexpected data (JS leaks `checkpoints` with values + subgraphs).",
    sources: ["spec §15 SR-13", "spec §5.2 JS quirk", "cap:stream_nested_values_subgraphs"],
    capabilities: [],
    profiles: p("fail", "unknown", "fail"),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-14",
    level: "MUST",
    title: "updates: one node per event",
    statement: "Each root `updates` event's data is an object with exactly one non-reserved key naming a node or task (plus optional `__metadata__`), or only the key `__interrupt__`.",
    why: "Clients read `Object.keys(chunk)[0]` as the node that ran; wrapped or merged updates misattribute work.",
    sources: ["spec §15 SR-14", "spec §6"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-15",
    level: "MUST",
    title: "__interrupt__ is a list of {id, value}",
    statement: "`__interrupt__` holds an array whose items are objects with `value` and, on LangGraph ≥ 0.6 / JS, a string `id`.",
    why: "Human-in-the-loop UIs render `value` and resume by interrupt `id`.",
    sources: ["spec §15 SR-15", "spec §5.4", "spec §6 rule 8", "cap:stream_interrupting_keep", "cap:stream_interrupt_before"],
    capabilities: ["interrupting-assistant", "keep-mode"],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-16",
    level: "MUST",
    title: "no-op node: {} or null",
    statement: "A node that wrote nothing is reported as `{}` or `null`; the suite accepts both (tolerance rule).",
    why: "JS sends `{}`, PY `null`; a client that accepts only one breaks on the other server.",
    sources: ["spec §15 SR-16", "spec §6 rule 4", "PYLG langgraph/pregel/_io.py"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-17",
    level: "MUST",
    title: "parallel tasks: separate updates",
    statement: "Parallel tasks of one step produce separate `updates` events (a suite must not require one event per step).",
    why: "Clients must see each task's update on its own; merged step updates break the one-node-per-event contract.",
    sources: ["spec §15 SR-17", "spec §6 rule 1", "CORE src/pregel/loop.ts"],
    capabilities: ["parallel-assistant"],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-18",
    level: "MUST",
    title: "messages-tuple: [message, metadata]",
    statement: "`messages-tuple` events are named `messages` (or `messages|<ns>`) with data a 2-element array `[message with type and content, metadata object]`.",
    why: "Token-streaming UIs destructure `[chunk, metadata]`; any other shape drops the text.",
    sources: ["spec §15 SR-18", "spec §5.2", "cap:stream_agent_messages-tuple"],
    capabilities: ["messages-assistant"],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-19",
    level: "MUST",
    title: "graph error: 200 + final error event",
    statement: "A graph failure after streaming started yields HTTP 200 and a final `error` event with string `error` and `message`, then EOF.",
    why: "Clients surface in-band errors from this event; events after it or a missing message leave them guessing.",
    sources: ["spec §15 SR-19", "spec §5.5", "cap:stream_failing_updates"],
    capabilities: ["failing-assistant"],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },
  {
    id: "SR-20",
    level: "SHOULD",
    title: "values carry full state",
    statement: "`values` events carry the full output state (every output channel that has a value), not a delta.",
    why: "Clients replace their state with each `values` chunk; a delta silently loses data.",
    sources: ["spec §15 SR-20", "spec §5.2", "cap:stream_agent_values"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },

  // ----------------------------------------------------------------------------------------------
  // Thread side effects
  {
    id: "SR-21",
    level: "MUST",
    title: "no thread left after a stateless run",
    statement: "After a delete-mode run (stream, wait, background or batch; success, error or interrupt) has ended plus a grace period, the thread count and the set of thread ids equal their values before the request.",
    why: "Stateless runs are the no-persistence contract: leaked temporary threads grow storage and show up in thread lists.",
    sources: ["spec §15 SR-21", "spec §8.1", "spec §8.4", "captures/thread-invariants.log"],
    capabilities: ["threads"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-22",
    level: "MUST",
    title: "no thread carries the run's marker",
    statement: "No thread whose metadata contains the run's unique metadata marker is returned by `POST /threads/search` after the grace period.",
    why: "Catches leaks that a concurrent client's thread churn would hide from a bare count.",
    sources: ["spec §15 SR-22", "spec §8.1"],
    capabilities: ["threads"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-23",
    level: "MUST",
    title: "pre-existing threads untouched",
    statement: "Every pre-existing thread is byte-identical in `GET /threads/{id}`, `GET …/state`, `POST …/history {limit:100}` and `GET …/runs` before and after stateless runs.",
    why: "A stateless run must never write into a user's conversation.",
    sources: ["spec §15 SR-23", "spec §8.5", "captures/thread-invariants.log"],
    capabilities: ["threads"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-24",
    level: "MUST",
    title: "smuggled thread_id ignored",
    statement: "A `thread_id` field placed in a stateless body neither routes the run to that thread nor creates a thread with that id.",
    why: "Stateless endpoints must not become a back door to write into (or squat) a thread id.",
    sources: ["spec §15 SR-24", "spec §2.2", "cap:extra_unknown_fields"],
    capabilities: ["threads"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-25",
    level: "MUST",
    title: "background run's thread is gone",
    statement: "For a background run, once it has finished and the grace period passed, `GET /threads/{run.thread_id}` and `GET /threads/{run.thread_id}/runs/{run_id}` answer 404.",
    why: "The Run object exposes the temporary thread id; it must not stay reachable.",
    sources: ["spec §15 SR-25", "spec §10", "cap:bg_get_thread_after", "cap:bg_get_thread_run_after"],
    capabilities: ["threads", "background"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-26",
    level: "MUST",
    title: "keep mode leaves one correct thread",
    statement: "Keep mode leaves exactly one new thread whose metadata holds `graph_id`, `assistant_id` and the request metadata, whose status is `idle`, `interrupted` or `error`, and whose `/state` values equal the run's final `values`.",
    why: "`on_completion: keep` is how clients persist a one-off run for later inspection.",
    sources: ["spec §15 SR-26", "spec §8.2", "cap:bg_keep_get_thread_after"],
    capabilities: ["threads", "keep-mode"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-27",
    level: "MAY",
    title: "temporary thread visible while running",
    statement: "The temporary thread may be visible (status `busy`) through thread endpoints while the run is active; suites must not fail on it.",
    why: "Both servers expose it during the run; only what remains afterwards matters.",
    sources: ["spec §15 SR-27", "spec §8.1", "cap:bg_slow_get_thread_during"],
    capabilities: ["threads", "background", "slow-assistant"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-28",
    level: "MUST",
    title: "rejected requests create nothing",
    statement: "Rejected requests (4xx) create no thread and no run — including `/runs/batch` with a bad item after good ones.",
    why: "A client that gets an error retries; if the failed request still ran, work is done twice.",
    sources: ["spec §15 SR-28", "spec §10 batch quirk", "cap:batch_one_bad"],
    capabilities: ["threads"],
    profiles: p("fail", "unknown", "pass"),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-29",
    level: "SHOULD",
    title: "on_disconnect cancel cancels",
    statement: "With `on_disconnect: \"cancel\"`, dropping the connection cancels the run (keep mode: the kept thread's run ends `interrupted`).",
    why: "Clients close the stream to stop a runaway run; JS ignores it for stateless runs.",
    sources: ["spec §15 SR-29", "spec §8.3", "captures/client-disconnect.log"],
    capabilities: ["threads", "keep-mode", "slow-assistant"],
    profiles: p("fail", "pass", "fail"),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-30",
    level: "MUST",
    title: "disconnect leaves nothing",
    statement: "After a client disconnect, the temporary thread disappears once the run ends (grace period as SR-21).",
    why: "Browsers drop connections all the time; each drop must not leak a thread.",
    sources: ["spec §15 SR-30", "spec §8.3", "captures/client-disconnect.log"],
    capabilities: ["threads"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },
  {
    id: "SR-31",
    level: "MUST",
    title: "stateless resume/interrupt changes nothing",
    statement: "A stateless `command.resume` or `interrupt()` in delete mode ends the request without changing any thread (4xx, `error` event, or `__interrupt__` then EOF).",
    why: "Without a thread there is nothing to resume; the request must end cleanly instead of hanging or writing somewhere.",
    sources: ["spec §15 SR-31", "spec §8.6", "cap:stateless_command_resume", "cap:stream_interrupting_updates"],
    capabilities: ["threads", "interrupting-assistant"],
    profiles: all(),
    suite: "side-effects",
    status: "checked",
  },

  // ----------------------------------------------------------------------------------------------
  // Other endpoints
  {
    id: "SR-32",
    level: "MUST",
    title: "/runs/wait body is JSON",
    statement: "`POST /runs/wait` answers 200 with a body that, after leading whitespace, parses as JSON: the final values, `{\"__interrupt__\":[…]}`, `{\"__error__\":{error,message}}`, or `null`/`{}`.",
    why: "The SDK's `runs.wait` calls `response.json()`; keep-alive newlines are allowed only before the document.",
    sources: ["spec §15 SR-32", "spec §9", "cap:wait_agent", "cap:wait_failing", "cap:wait_echo_stream_mode_updates"],
    capabilities: ["wait"],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-33",
    level: "SHOULD",
    title: "/runs/wait is application/json",
    statement: "`/runs/wait` uses `Content-Type: application/json`.",
    why: "Generic HTTP clients and proxies decide how to treat the body from its content type.",
    sources: ["spec §15 SR-33", "spec §9"],
    capabilities: ["wait"],
    profiles: p("fail", "pass", "fail"),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-34",
    level: "SHOULD",
    title: "__error__.message is plain text",
    statement: "`__error__.message` is the plain exception message, not a JSON-encoded error object.",
    why: "Clients show the message to users; a JSON string inside it reads as garbage.",
    sources: ["spec §15 SR-34", "spec §9", "cap:wait_failing", "spec §16 q9"],
    capabilities: ["wait", "failing-assistant"],
    profiles: p("fail", "pass", "fail"),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-35",
    level: "MUST",
    title: "POST /runs returns a Run",
    statement: "`POST /runs` answers 2xx with a Run object (`run_id`, `thread_id`, `assistant_id`, `status` in the run-status enum, `created_at`, `updated_at`, `metadata`, `kwargs`, `multitask_strategy`).",
    why: "`client.runs.create(null, …)` returns this object; clients poll and join by its ids.",
    sources: ["spec §15 SR-35", "spec §10", "cap:bg_create_echo"],
    capabilities: ["background"],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-36",
    level: "MUST",
    title: "batch: Runs in order, [] rejected",
    statement: "`POST /runs/batch` returns an array of Run in request order; an empty array is rejected with 4xx.",
    why: "Clients pair results with requests by position.",
    sources: ["spec §15 SR-36", "spec §10", "cap:batch_two", "cap:batch_empty"],
    capabilities: ["batch"],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-37",
    level: "MUST",
    title: "graph id ≡ uuid5 assistant id",
    statement: "A graph id is accepted as `assistant_id` and is equivalent to its uuid5 assistant id.",
    why: "Every quick-start passes the graph id (`\"agent\"`); others pass the id returned by `/assistants/search`.",
    sources: ["spec §15 SR-37", "spec §2.2", "cap:stream_agent_by_uuid"],
    capabilities: [],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-38",
    level: "MUST",
    title: "invalid bodies 4xx, unknown assistant 404",
    statement: "Unknown `stream_mode` values and a missing `assistant_id` are rejected with 4xx; an unregistered assistant UUID with 404.",
    why: "Clients must learn about their mistake from the status, not from an empty or odd stream.",
    sources: ["spec §15 SR-38", "spec §11"],
    capabilities: [],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-39",
    level: "SHOULD",
    title: "unknown fields ignored",
    statement: "Unknown top-level body fields are ignored rather than rejected.",
    why: "Newer SDKs send newer fields (`durability`, `checkpoint_during`) to older servers.",
    sources: ["spec §15 SR-39", "spec §2.2", "cap:extra_unknown_fields"],
    capabilities: [],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-40",
    level: "SHOULD",
    title: "every reader gets every event",
    statement: "Several readers of one run (`GET /runs/{id}/stream` joiners) each receive every event.",
    why: "A second tab or a reconnecting client must not steal events from the first.",
    sources: ["spec §15 SR-40", "spec §4.2", "cap:bg_two_joiners_A", "cap:bg_two_joiners_B"],
    capabilities: ["background", "join", "slow-assistant"],
    profiles: p("fail", "pass", "fail"),
    suite: "endpoints",
    status: "checked",
  },
  {
    id: "SR-41",
    level: "MAY",
    title: "Location header optional",
    statement: "`Location` is optional; if present, `GET <Location>` with `Last-Event-ID` should resume the stream.",
    why: "The SDK reconnects only when `Location` is present; its absence is valid.",
    sources: ["spec §15 SR-41", "spec §3", "spec §12 Reconnect"],
    capabilities: [],
    profiles: all(),
    suite: "endpoints",
    status: "checked",
  },

  // ----------------------------------------------------------------------------------------------
  // Schema conformance
  {
    id: "SC-01",
    level: "SHOULD",
    title: "payloads match the protocol schemas",
    statement: "Every event payload, `/runs/wait` body and Run object validates against the protocol schema for its event name or endpoint (src/protocol).",
    why: "Typed clients (the SDKs' TypeScript types, Pydantic models) assume these shapes.",
    sources: ["spec §5.2", "spec §7", "spec §10", "src/protocol/schemas.ts"],
    capabilities: [],
    profiles: all(),
    suite: "stream-shape",
    status: "checked",
  },

  // ----------------------------------------------------------------------------------------------
  // Graph-aware checks (the project's reference graphs)
  {
    id: "RG-01",
    level: "MUST",
    title: "agent: updates agent → finish",
    statement: "For the reference `agent` graph, `updates` are exactly `{agent: {messages: [ai \"You said: <input>\"]}}` then `{finish: {} | null}`, and `values` end with the human and the AI message.",
    why: "A server that wraps, drops, merges or reorders updates is caught against a known graph.",
    sources: ["spec §6", "cap:stream_agent_updates", "cap:stream_agent_values", "fixtures/graphs"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-02",
    level: "MUST",
    title: "echo: raw plain-dict update",
    statement: "For `echo`, the single update is the node's raw write `{echo: {messages: [{type: \"ai\", content: \"You said: <input>\"}]}}`.",
    why: "`updates` carry the raw node write, not the reduced state (spec §6 rule 3).",
    sources: ["spec §6 rule 3", "cap:stream_echo_updates"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-03",
    level: "MUST",
    title: "counter: reducers and defaults",
    statement: "For `counter` with input `{count: 5}`, `values` go `{count: 5, log: []}` → `{count: 6, log: [\"inc\"]}` around the update `{inc: {count: 1, log: [\"inc\"]}}`.",
    why: "Non-message state must be streamed as-is, with channel defaults and reducers applied in `values` only.",
    sources: ["spec §5.2", "cap:stream_counter_values_updates"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-04",
    level: "MUST",
    title: "nested: subgraph namespacing",
    statement: "For `nested`, updates are `sub` then `outer_step`; with `stream_subgraphs` an `updates|sub:<task id>` event for `inner_step` precedes them.",
    why: "Subgraph events must be namespaced, and root events must keep their bare names.",
    sources: ["spec §5.3", "spec §6 rule 10", "cap:stream_nested_updates_subgraphs", "cap:stream_nested_updates_nosub"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-05",
    level: "MUST",
    title: "parallel: one event per task",
    statement: "For `parallel`, the two parallel nodes give two separate updates (in either order) before any later node.",
    why: "Concrete form of SR-17 on a known graph.",
    sources: ["spec §6 rule 1", "fixtures/graphs"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-06",
    level: "MUST",
    title: "failing: ok, then error",
    statement: "For `failing`, the stream is the `ok` update then an `error` event whose message is `Deliberate failure in node boom`.",
    why: "Errors must follow the events already produced and carry the exception message.",
    sources: ["spec §5.5", "cap:stream_failing_updates"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-07",
    level: "MUST",
    title: "slow: wait, after",
    statement: "For `slow` with `sleep_ms`, updates are `wait` (\"slept <n> ms\") then `after`.",
    why: "Configurable values must reach the graph (`config.configurable.sleep_ms`).",
    sources: ["spec §2.1 config", "cap:stream_config_configurable"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
  {
    id: "RG-08",
    level: "MUST",
    title: "interrupting: ask, then interrupt or error",
    statement: "For `interrupting` in delete mode, the `ask` update is followed by either `__interrupt__` with the approval question or an `error` event, then EOF; in keep mode by `__interrupt__` `{question: \"Approve?\", options: [\"yes\", \"no\"]}`.",
    why: "Shows the interrupt payload reaches the client intact.",
    sources: ["spec §5.4", "spec §8.6", "cap:stream_interrupting_updates", "cap:stream_interrupting_keep"],
    capabilities: ["reference-graphs"],
    profiles: all(),
    suite: "reference-graphs",
    status: "checked",
  },
];

const BY_ID: ReadonlyMap<string, Requirement> = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function requirementById(id: string): Requirement | undefined {
  return BY_ID.get(id);
}

/** Requirement ids at or above a level: `must` → MUST; `should` → MUST+SHOULD; `may` → all. */
export function idsAtLevel(level: "must" | "should" | "may"): string[] {
  const keep: Level[] = level === "must" ? ["MUST"] : level === "should" ? ["MUST", "SHOULD"] : ["MUST", "SHOULD", "MAY"];
  return REQUIREMENTS.filter((r) => keep.includes(r.level)).map((r) => r.id);
}

/** The id a test name starts with (`"SR-14 updates …"` → `"SR-14"`), or undefined. */
export function requirementIdOfTestName(name: string): string | undefined {
  const match = /^([A-Z]{2}-\d{2})\b/.exec(name);
  return match?.[1];
}
