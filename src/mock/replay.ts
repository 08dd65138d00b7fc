// Fixture index and matching: which recorded exchange answers a request, and the "script" (the events
// a run produces, with their recorded offsets) that the run executor publishes.
//
// A request matches a fixture by endpoint kind, graph (graph id or its uuid5), stream modes (normalised
// set; omitted or [] → values), stream_subgraphs and — under the "exact" policy — input (deep-equal
// after canonicalisation). A fixture recorded with more modes may serve a subset of them: events are
// filtered by mode, `metadata`/`error`/`feedback` always kept. That is faithful because modes are
// independent projections of one run, interleaved in production order; the one JS quirk (unrequested
// `checkpoints` events with values + stream_subgraphs) is modelled explicitly.
import { BoundedCache } from "./memo.js";
import type { Fixture } from "../fixtures/format.js";
import { normaliseFixture } from "../fixtures/normalise.js";
import { placeholderKind, PLACEHOLDER_MARK, PLACEHOLDER_RE } from "../fixtures/placeholders.js";
import { compileReplay, createIdMinter, renderTemplate, type CompiledReplay, type IdMinter } from "../fixtures/replay.js";
import { normalizeStreamModes } from "../protocol/constants.js";
import { modeOfEventBase } from "../protocol/event-name.js";
import { fillRandom, isUuid } from "./ids.js";

export type EndpointKind = "stream" | "wait" | "background";
export type MatchPolicy = "exact" | "assistant";

/** What the executor needs to know about one replayable fixture. */
export interface IndexedFixture {
  readonly fixture: Fixture;
  readonly name: string;
  /** Request path of the recording (e.g. "/runs/stream"). */
  readonly path: string;
  readonly kind: "sse" | "wait";
  readonly graphId: string;
  readonly modes: ReadonlySet<string>;
  readonly subgraphs: boolean;
  readonly inputKey: string;
  readonly body: Record<string, unknown>;
  readonly compiled: CompiledReplay;
  /** Base name of every recorded event, for mode filtering without rendering. */
  readonly eventBases: readonly string[];
  /** Run-id placeholder of the recording (from the metadata event / content-location). */
  readonly runPlaceholder: string | undefined;
  /** First thread-id placeholder of the recording (the temporary thread). */
  readonly threadPlaceholder: string | undefined;
  readonly server: string;
  /** The recording holds placeholder timestamps (1970-01-01T…) that need re-minting. */
  readonly epochTimestamps: boolean;
  /** canonicalJson of each TIE_FIELDS entry of the recorded body (tie-breaking without per-request JSON work). */
  readonly tieKeys: readonly string[];
}

export interface MatchRequest {
  endpoint: EndpointKind;
  graphId: string;
  /** Raw `stream_mode` of the request (normalised here). */
  streamMode: unknown;
  subgraphs: boolean;
  input: unknown;
  body: Record<string, unknown>;
  /** canonicalJson(input), when the caller has it already. */
  inputKey?: string;
}

export interface Match {
  fixture: IndexedFixture;
  /** Indices of recorded events to replay (after mode filtering). Undefined for wait-kind fixtures. */
  eventIndices: number[] | undefined;
  modes: string[];
}

const RUN_PATHS: Record<string, EndpointKind> = {
  "/runs/stream": "stream",
  "/runs/wait": "wait",
};

/** Canonical JSON: object keys sorted, `undefined` → null, so key order never defeats a match. */
export function canonicalJson(value: unknown): string {
  // Recursion is several times faster (it runs on every request's input), but a request `input` can
  // be nested deeper than the call stack allows (the fuzzer found a 500 at ~2,500 levels): past
  // CANONICAL_MAX_DEPTH the iterative version, which emits the same text, takes over.
  return canonicalRec(value, 0) ?? canonicalIter(value);
}

const CANONICAL_MAX_DEPTH = 200;

/** undefined = too deep (or a value JSON cannot show); the caller falls back to canonicalIter. */
function canonicalRec(v: unknown, depth: number): string | undefined {
  if (v === undefined || v === null) return "null";
  if (typeof v !== "object") return JSON.stringify(v) as string | undefined;
  if (depth > CANONICAL_MAX_DEPTH) return undefined;
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) {
      const x = canonicalRec(v[i], depth + 1);
      if (x === undefined) return undefined;
      s += i > 0 ? `,${x}` : x;
    }
    return `${s}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let s = "{";
  let first = true;
  for (const k of keys) {
    const val = o[k];
    if (val === undefined) continue;
    const x = canonicalRec(val, depth + 1);
    if (x === undefined) return undefined;
    s += `${first ? "" : ","}${JSON.stringify(k)}:${x}`;
    first = false;
  }
  return `${s}}`;
}

function canonicalIter(value: unknown): string {
  // An explicit work stack of values and literal tokens emits the same text as the recursion.
  const out: string[] = [];
  const stack: { lit?: string; val?: unknown }[] = [{ val: value }];
  while (stack.length > 0) {
    const w = stack.pop() as { lit?: string; val?: unknown };
    if (w.lit !== undefined) {
      out.push(w.lit);
      continue;
    }
    const v = w.val;
    if (v === undefined || v === null) out.push("null");
    else if (Array.isArray(v)) {
      stack.push({ lit: "]" });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ val: v[i] });
        if (i > 0) stack.push({ lit: "," });
      }
      stack.push({ lit: "[" });
    } else if (typeof v === "object") {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      stack.push({ lit: "}" });
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        stack.push({ val: o[k] });
        stack.push({ lit: `${i > 0 ? "," : ""}${JSON.stringify(k)}:` });
      }
      stack.push({ lit: "{" });
    } else out.push(JSON.stringify(v));
  }
  return out.join("");
}

const baseOf = (event: string): string => event.split("|", 1)[0] ?? event;

/** Whether an event with this name belongs in a stream that asked for `modes`. */
export function keepEvent(event: string, modes: ReadonlySet<string>, subgraphs: boolean): boolean {
  const base = baseOf(event);
  const mode = modeOfEventBase(base);
  if (mode === undefined) return true; // unknown names pass through untouched
  if (mode === "metadata" || mode === "error" || mode === "feedback" || mode === "end") return true;
  if (mode === "checkpoints" && !modes.has("checkpoints")) {
    // JS quirk (spec §5.2): values + stream_subgraphs without checkpoints leaks lightweight events.
    return subgraphs && modes.has("values");
  }
  return modes.has(mode);
}

/**
 * Can a fixture recorded with `recorded` modes faithfully serve `requested`? Subset, and the
 * checkpoints leak must agree: a request that would leak needs a recording that leaked.
 */
export function modesServable(recorded: ReadonlySet<string>, requested: ReadonlySet<string>, subgraphs: boolean): boolean {
  for (const m of requested) if (!recorded.has(m)) return false;
  if (subgraphs && requested.has("values") && !requested.has("checkpoints") && recorded.has("checkpoints")) return false;
  return true;
}

/**
 * Normalise (idempotent: already-normalised fixtures come back unchanged) so every volatile id is a
 * placeholder the replay can re-mint, then index. Returns undefined for fixtures that cannot answer a
 * run request (errors, thread endpoints, other methods) — they stay in `deployment.fixtures` for
 * reference but are never replayed.
 */
export function indexFixture(raw: Fixture, resolveGraph: (assistantId: string) => string | undefined): IndexedFixture | undefined {
  const req = raw.request;
  if (req.method !== "POST") return undefined;
  const path = req.path.split("?")[0] ?? req.path;
  const threadRun = /^\/threads\/[^/]+\/runs\/(stream|wait)$/.exec(path);
  const endpoint = RUN_PATHS[path] ?? (threadRun ? (threadRun[1] as EndpointKind) : undefined);
  if (!endpoint) return undefined;
  const res = raw.response;
  if (res.status < 200 || res.status >= 300) return undefined;
  if (endpoint === "stream" && res.kind !== "sse") return undefined;
  if (endpoint === "wait" && res.kind !== "json") return undefined;
  const body = req.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const assistant = typeof b["assistant_id"] === "string" ? (b["assistant_id"] as string) : undefined;
  const named = raw.source.graph_id && isUuid(raw.source.graph_id) ? resolveGraph(raw.source.graph_id) : raw.source.graph_id;
  const graphId = named ?? (assistant ? resolveGraph(assistant) ?? (isUuid(assistant) ? undefined : assistant) : undefined);
  if (!graphId) return undefined;

  const fixture = normaliseFixture(raw).fixture;
  const events = fixture.response.events ?? [];
  let runPlaceholder: string | undefined;
  const meta = events.find((e) => e.event === "metadata")?.data as Record<string, unknown> | undefined;
  if (meta && typeof meta["run_id"] === "string" && placeholderKind(meta["run_id"]) === "run") runPlaceholder = meta["run_id"];
  if (!runPlaceholder) {
    const loc = fixture.response.headers["content-location"];
    const m = loc ? /\/runs\/([0-9a-f-]{36})/.exec(loc) : null;
    if (m && placeholderKind(m[1] as string) === "run") runPlaceholder = m[1];
  }
  const threadPlaceholder = firstPlaceholderOfKind(fixture, "thread");
  return {
    fixture,
    name: fixture.name,
    path,
    kind: endpoint === "stream" ? "sse" : "wait",
    graphId,
    modes: new Set(normalizeStreamModes(b["stream_mode"])),
    subgraphs: b["stream_subgraphs"] === true,
    inputKey: canonicalJson(b["input"]),
    body: b,
    compiled: compileReplay(fixture),
    eventBases: events.map((e) => baseOf(e.event)),
    runPlaceholder,
    threadPlaceholder,
    server: fixture.source.server,
    epochTimestamps: JSON.stringify(fixture.response).includes("1970-01-01T"),
    tieKeys: tieKeys(b),
  };
}

function firstPlaceholderOfKind(fixture: Fixture, kind: "thread"): string | undefined {
  const text = JSON.stringify(fixture.response.events ?? fixture.response.body ?? null);
  if (!text.includes(PLACEHOLDER_MARK)) return undefined;
  for (const m of text.matchAll(PLACEHOLDER_RE)) if (placeholderKind(m[0]) === kind) return m[0];
  return undefined;
}

// Fields that do not take part in matching but break ties between candidates that all match.
const TIE_FIELDS = [
  "assistant_id", // "agent" prefers the recording made with "agent" over the one made with its uuid
  "command",
  "interrupt_before",
  "interrupt_after",
  "on_completion",
  "config",
  "context",
  "feedback_keys",
  "stream_resumable",
  "checkpoint_id",
  "after_seconds",
] as const;

function tieKeys(body: Record<string, unknown>): string[] {
  return TIE_FIELDS.map((f) => canonicalJson(body[f]));
}

/** Matches remembered per FixtureIndex; past this many distinct requests the cache starts over. */
const MATCH_CACHE_SIZE = 1000;
/** Requests whose cache key (mostly the canonical input) is longer are matched without the cache. */
const MATCH_CACHE_MAX_KEY = 16384;

export class FixtureIndex {
  readonly entries: readonly IndexedFixture[];
  readonly #byGraph = new Map<string, IndexedFixture[]>();
  // The index never changes after construction and a match depends only on what the key holds, so
  // repeated requests (the common case: a test suite or a load test sending the same body) skip
  // matching entirely. Matches are shared: nothing downstream mutates one.
  readonly #cache = new BoundedCache<Match | null>(MATCH_CACHE_SIZE, MATCH_CACHE_MAX_KEY);

  constructor(entries: readonly IndexedFixture[]) {
    // Stable, deterministic order: by name.
    this.entries = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of this.entries) {
      const list = this.#byGraph.get(e.graphId) ?? [];
      list.push(e);
      this.#byGraph.set(e.graphId, list);
    }
  }

  get graphs(): string[] {
    return [...this.#byGraph.keys()].sort();
  }

  find(req: MatchRequest, policy: MatchPolicy): Match | undefined {
    const modes = normalizeStreamModes(req.streamMode);
    const inputKey = req.inputKey ?? canonicalJson(req.input);
    const reqTies = tieKeys(req.body);
    // Everything the choice depends on. Tie keys are JSON (no raw control characters); the graph id is
    // length-prefixed, so no two requests that could match differently share a key.
    const key = `${req.endpoint}\u0000${policy}\u0000${req.subgraphs}\u0000${req.graphId.length}:${req.graphId}\u0000${modes.join("\u0001")}\u0000${reqTies.join("\u0000")}\u0000${inputKey}`;
    return this.#cache.getOrSet(key, () => this.#find(req, policy, modes, inputKey, reqTies) ?? null) ?? undefined;
  }

  #find(req: MatchRequest, policy: MatchPolicy, modes: string[], inputKey: string, reqTies: readonly string[]): Match | undefined {
    const requested = new Set(modes);
    // Score every eligible candidate first and build the Match (with its event filter) for the winner only.
    let best: { fx: IndexedFixture; score: number[] } | undefined;
    for (const fx of this.#byGraph.get(req.graphId) ?? []) {
      if (!this.#eligible(fx, req, requested, inputKey, policy)) continue;
      const score = this.#score(fx, req, requested, inputKey, reqTies);
      if (!best || lexLess(score, best.score)) best = { fx, score };
    }
    return best && this.#match(best.fx, req, requested, modes);
  }

  #eligible(fx: IndexedFixture, req: MatchRequest, requested: Set<string>, inputKey: string, policy: MatchPolicy): boolean {
    if (policy === "exact" && fx.inputKey !== inputKey) return false;
    if (req.endpoint === "wait") {
      // A wait recording's body depends only on whether `values` was streamed.
      if (fx.kind === "wait") return fx.modes.has("values") === requested.has("values");
      return !(requested.has("values") && !fx.modes.has("values"));
    }
    if (fx.kind === "wait") {
      // A background run may replay a wait recording as [metadata, values] — only for plain values.
      return req.endpoint === "background" && !req.subgraphs && requested.size === 1 && requested.has("values");
    }
    if (fx.subgraphs !== req.subgraphs) return false;
    return modesServable(fx.modes, requested, req.subgraphs);
  }

  #match(fx: IndexedFixture, req: MatchRequest, requested: Set<string>, modes: string[]): Match {
    if (fx.kind === "wait") return { fixture: fx, eventIndices: undefined, modes };
    // A stream recording serving /runs/wait keeps its own subgraph events; a stream keeps the request's.
    const subgraphs = req.endpoint === "wait" ? fx.subgraphs : req.subgraphs;
    return { fixture: fx, eventIndices: this.#filter(fx, requested, subgraphs), modes };
  }

  #filter(fx: IndexedFixture, requested: Set<string>, subgraphs: boolean): number[] {
    const out: number[] = [];
    fx.eventBases.forEach((base, i) => {
      if (keepEvent(base, requested, subgraphs)) out.push(i);
    });
    return out;
  }

  /** Lower is better, compared lexicographically. */
  #score(fx: IndexedFixture, req: MatchRequest, requested: Set<string>, inputKey: string, reqTies: readonly string[]): number[] {
    const kindPref = req.endpoint === "wait" ? (fx.kind === "wait" ? 0 : 1) : fx.kind === "sse" ? 0 : 1;
    const exactModes = fx.modes.size === requested.size ? 0 : 1;
    const sameInput = fx.inputKey === inputKey ? 0 : 1;
    let disagreements = 0;
    for (let i = 0; i < reqTies.length; i++) if (fx.tieKeys[i] !== reqTies[i]) disagreements++;
    const extraModes = fx.modes.size - requested.size;
    // Keep vs delete mode changes the stream itself (checkpointer: interrupts instead of errors,
    // debug checkpoints), so it outranks an exact stream-mode set.
    const completion = (b: Record<string, unknown>) => (b["on_completion"] === "keep" ? "keep" : "delete");
    const sameCompletion = completion(fx.body) === completion(req.body) ? 0 : 1;
    return [kindPref, sameInput, sameCompletion, exactModes, disagreements, extraModes];
  }

  /** The `n` fixtures closest to a request that found no match (for the error message). */
  closest(req: MatchRequest, n = 3): IndexedFixture[] {
    const requested = new Set(normalizeStreamModes(req.streamMode));
    const inputKey = req.inputKey ?? canonicalJson(req.input);
    const wantKind = req.endpoint === "wait" ? "wait" : "sse";
    const dist = (fx: IndexedFixture): number => {
      let d = 0;
      if (fx.graphId !== req.graphId) d += 8;
      if (fx.kind !== wantKind) d += 1;
      for (const m of requested) if (!fx.modes.has(m)) d += 2;
      for (const m of fx.modes) if (!requested.has(m)) d += 0.5;
      if (fx.subgraphs !== req.subgraphs) d += 2;
      if (fx.inputKey !== inputKey) d += 3;
      return d;
    };
    return [...this.entries]
      .map((fx) => [dist(fx), fx] as const)
      .sort((a, b) => a[0] - b[0] || (a[1].name < b[1].name ? -1 : 1))
      .slice(0, n)
      .map(([, fx]) => fx);
  }
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/** Describe a fixture for humans: `agent-updates (POST /runs/stream agent [updates])`. */
export function describeFixture(fx: IndexedFixture): string {
  const sub = fx.subgraphs ? " +subgraphs" : "";
  return `${fx.name} (POST ${fx.path} ${fx.graphId} [${[...fx.modes].join(",")}]${sub})`;
}

// ---- scripts -------------------------------------------------------------------------------------

/** One event as the run publishes it: `data` is single-line JSON text with fresh ids. */
export interface ScriptEvent {
  event: string;
  data: string;
  /** Recorded ms offset from response headers. */
  t: number;
}

/** The events one run produces, rendered lazily with the run's id mapping. */
export interface Script {
  readonly fixtureName: string;
  readonly length: number;
  /** Recorded ms from request start to response headers. */
  readonly headersMs: number;
  /** Recorded ms from headers to EOF. */
  readonly endMs: number;
  event(index: number): ScriptEvent;
  /** For wait-kind fixtures: the recorded body as JSON text (ids re-minted). */
  readonly waitBody: (() => string) | undefined;
}

const EPOCH_TS_RE = /1970-01-01T(\d\d):(\d\d):(\d\d)\.(\d{3})Z/g;

/**
 * Placeholder timestamps (1970-01-01T00:00:NN) become `base` + NN ms: fresh, still ordered, valid
 * date-times. Done as a string pass because the fixtures module re-mints ids only.
 */
export function remintTimestamps(s: string, base: number): string {
  if (!s.includes("1970-01-01T")) return s;
  return s.replace(EPOCH_TS_RE, (_m, h: string, mi: string, sec: string, ms: string) => {
    const n = Number(h) * 3600 + Number(mi) * 60 + Number(sec) + Number(ms) / 1000;
    return new Date(base + Math.round(n)).toISOString();
  });
}

export interface ScriptIds {
  runId: string;
  threadId: string;
  /** Request start (ms epoch) for timestamps. */
  now: number;
}

/** The minter of one run: the recording's run/thread placeholders map to the live ids. */
export function runMinter(fx: IndexedFixture, ids: ScriptIds): IdMinter {
  const base = createIdMinter({ now: ids.now, fillRandom });
  return (p: string) => (p === fx.runPlaceholder ? ids.runId : p === fx.threadPlaceholder ? ids.threadId : base(p));
}

/** A stream recording's script: events rendered from the fixture's templates when the run publishes them. */
class StreamScript implements Script {
  readonly fixtureName: string;
  readonly length: number;
  readonly headersMs: number;
  readonly endMs: number;
  readonly waitBody = undefined;
  readonly #fx: IndexedFixture;
  readonly #indices: readonly number[];
  readonly #mint: IdMinter;
  readonly #now: number;

  constructor(fx: IndexedFixture, indices: readonly number[], ids: ScriptIds) {
    const res = fx.fixture.response;
    this.fixtureName = fx.name;
    this.length = indices.length;
    this.headersMs = res.headers_ms;
    this.endMs = res.end_ms;
    this.#fx = fx;
    this.#indices = indices;
    this.#mint = runMinter(fx, ids);
    this.#now = ids.now;
  }

  event(i: number): ScriptEvent {
    const index = this.#indices[i] as number;
    const events = this.#fx.compiled.events;
    const e = events[index];
    if (!e) throw new RangeError(`event index ${index} out of range: fixture "${this.#fx.name}" has ${events.length} events`);
    const event = renderTemplate(e.event, this.#mint); // before data: ids count up in rendering order
    const data = renderTemplate(e.data, this.#mint);
    return { event, data: this.#fx.epochTimestamps ? remintTimestamps(data, this.#now) : data, t: e.t };
  }
}

export function buildScript(match: Match, ids: ScriptIds): Script {
  const fx = match.fixture;
  if (match.eventIndices !== undefined) return new StreamScript(fx, match.eventIndices, ids);
  // Wait-kind recording: the run's events are [metadata, values(body)] (or an error), at end_ms.
  const res = fx.fixture.response;
  const raw = fx.compiled.start(runMinter(fx, ids)).body() ?? "null";
  const bodyText = fx.epochTimestamps ? remintTimestamps(raw, ids.now) : raw;
  const events = eventsFromWaitBody(bodyText, ids.runId, res.end_ms);
  return {
    fixtureName: fx.name,
    length: events.length,
    headersMs: res.headers_ms,
    endMs: res.end_ms,
    event: (i) => events[i] as ScriptEvent,
    waitBody: () => bodyText,
  };
}

/** Events a run must have produced for a recorded /runs/wait body (JS semantics, spec §9). */
function eventsFromWaitBody(bodyText: string, runId: string, t: number): ScriptEvent[] {
  const events: ScriptEvent[] = [{ event: "metadata", data: JSON.stringify({ run_id: runId, attempt: 1 }), t: 0 }];
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = null;
  }
  if (body === null) return events;
  const err = (body as Record<string, unknown>)["__error__"] as Record<string, unknown> | undefined;
  if (err && typeof err === "object") {
    // JS double-encodes the inner error into `message`; undo it to get the original event data.
    let data: unknown = err;
    if (typeof err["message"] === "string") {
      try {
        const inner = JSON.parse(err["message"]) as unknown;
        if (inner && typeof inner === "object" && "error" in inner) data = inner;
      } catch {
        // a plain message (PY): keep as is
      }
    }
    events.push({ event: "error", data: JSON.stringify(data), t });
  } else {
    events.push({ event: "values", data: bodyText, t });
  }
  return events;
}

/**
 * The `/runs/wait` body for a stream of events, as the JS server computes it (storage/ops.mjs
 * Runs.wait): the last root `values` chunk, or `{"__error__": serializeError(data)}` for an `error`
 * event — where `data` is a plain object, so serializeError JSON-encodes it into `message`.
 */
export function waitBodyFromEvents(events: Iterable<{ event: string; data: string }>): string {
  let last = "null";
  for (const { event, data } of events) {
    if (event === "values") last = data;
    else if (event === "error") {
      last = JSON.stringify({ __error__: { error: "Error", message: data } });
    }
  }
  return last;
}
