// The mock deployment core: routes web-standard requests to the store and the fixture replay.
// Environment-neutral (no Node imports), so one implementation serves MSW in Node, the MSW service
// worker, a standalone node:http server and nock. See README.md in this folder for the semantics.
import { BoundedCache } from "./memo.js";
import type { Fixture } from "../fixtures/format.js";
import { normalizeStreamModes } from "../protocol/constants.js";
import {
  httpError,
  MOCK_ERROR_HEADER,
  routeNotFound,
  threadNotFound,
  unknownAssistant,
  type ServerProfile,
} from "./errors.js";
import {
  FAULT_HEADER,
  FaultSyntaxError,
  formatFaults,
  hasStreamFaults,
  mergeFaults,
  parseFaults,
  withErrorEvent,
  withStreamFaults,
  type FaultSpec,
} from "./faults.js";
import { assistantIdForGraphAsync, hex32, isUuid, uuid7 } from "./ids.js";
import {
  buildScript,
  canonicalJson,
  describeFixture,
  FixtureIndex,
  indexFixture,
  keepEvent,
  type EndpointKind,
  type IndexedFixture,
  type Match,
  type MatchPolicy,
  type MatchRequest,
  type Script,
} from "./replay.js";
import { CORS_HEADERS, emptyReply, jsonReply, textReply, TEXT_CT, toResponse, type FrameSource, type MockReply } from "./reply.js";
import {
  copyHeadersToConfigurable,
  parseRequestTarget,
  readJsonBody,
  readJsonBodyText,
  validate,
  type MockRequest,
  type Parsed,
} from "./request.js";
import { matchRoute, type RouteName } from "./routes.js";
import { parseRunCreateFast } from "./run-create-fast.js";
import { RunExecution, WaitSource, type RunOutcome } from "./runs.js";
import * as S from "./schemas.js";
import { MockStore, type RunRecord, type RunStatus, type ThreadRecord, type ThreadStateRecord, type ThreadStatus } from "./store.js";
import { resolveTiming, TimerRegistry, type ResolvedTiming, type Timing } from "./timers.js";

export type { Timing } from "./timers.js";
export type { MatchPolicy } from "./replay.js";
export type { ServerProfile } from "./errors.js";

/** Generates fixtures for the `synthetic` option (src/fixtures/synthetic.ts has the reference one). */
export type SyntheticGenerator = (opts: { seed: number; count: number; assistantId?: string }) => Fixture[];

export interface MockLogEntry {
  method: string;
  path: string;
  status: number;
  /** ms until the reply (headers) was ready. */
  ms: number;
  fixture?: string | undefined;
  runId?: string | undefined;
  threadId?: string | undefined;
  note?: string | undefined;
}

export interface MockDeploymentOptions {
  /** Fixtures to replay (a promise is awaited before the first request is answered). */
  fixtures?: readonly Fixture[] | Promise<readonly Fixture[]>;
  /** Replay speed: "instant" (default), "recorded" offsets, or recorded × scale. */
  timing?: Timing;
  /** Input matching: "exact" (default; deep-equal after canonicalisation) or "assistant" (any input). */
  match?: MatchPolicy;
  /** Error dialect: "js" (default) or "python". */
  profile?: ServerProfile;
  /** Temporary threads of stateless runs visible through thread endpoints while they run (JS: true). */
  temporaryThreadVisible?: boolean;
  /** Faults for every request (merged under the `x-mock-fault` header of a request). */
  faults?: FaultSpec | string | ((request: MockRequest) => FaultSpec | string | undefined);
  /** Serve seeded synthetic streams for any assistant that no fixture covers. */
  synthetic?: { seed: number; generate?: SyntheticGenerator };
  /** Only answer requests under this URL (e.g. "http://localhost:2024"); default: any origin. */
  baseUrl?: string;
  /** Extra graph ids to register as assistants (answered with no-fixture errors unless synthetic). */
  graphs?: readonly string[];
  /** One entry per answered request. */
  log?: (entry: MockLogEntry) => void;
  /**
   * Reproduce known bugs of the real JS server that break a MUST requirement (off by default, so the
   * mock is a conforming server). `batchPartialCreate`: a batch with an unknown assistant after valid
   * items answers 404 although the valid items were created and run (JS 1.5.1, spec §10; SR-28).
   */
  quirks?: { batchPartialCreate?: boolean };
}

export interface MockDeployment {
  /** Answer a web Request; undefined when it is outside `baseUrl` (let the caller pass it through). */
  handle(request: Request): Promise<Response | undefined>;
  /** Transport-neutral variant of `handle` (adapters that write to node:http or nock use it). */
  dispatch(request: MockRequest): Promise<MockReply | undefined>;
  readonly store: MockStore;
  /** The `baseUrl` option (undefined = any origin). */
  readonly baseUrl: string | undefined;
  /** The fixtures as given (after `ready`). */
  readonly fixtures: readonly Fixture[];
  /** The replayable fixtures, normalised and indexed (after `ready`). */
  readonly index: FixtureIndex;
  /** Resolves once fixtures are loaded and assistants registered; rejects if loading failed. */
  readonly ready: Promise<void>;
  /** Runs not finished yet. */
  readonly activeRuns: number;
  /** Leak check: what is still held (all zero when idle and no stream is open). */
  readonly stats: { activeRuns: number; openStreams: number; timers: number; threads: number; runs: number };
  /** Resolves when no run is active. */
  idle(): Promise<void>;
  /** Forget every thread and run (assistants and fixtures stay). */
  reset(): void;
  /** Stop every run, clear every timer, end every open stream. Idempotent. */
  close(): void;
}

interface Assistant {
  assistant_id: string;
  graph_id: string;
  created_at: string;
}

interface RunContext {
  run: RunRecord;
  graphId: string;
  temporary: boolean;
  /** Thread values before the run (thread runs), for the messages merge and keep fallbacks. */
  priorValues: unknown;
  inputKey: string;
}

interface Ctx {
  req: MockRequest;
  path: string;
  /** The query string (`?a=1` or ""); see queryOf. */
  search: string;
  params: Record<string, string>;
  faults: FaultSpec | undefined;
  faultText: string | undefined;
  startedAt: number;
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" };

/** CORS_HEADERS + SSE_HEADERS + content-location, as one literal (cheaper than spreading per request). */
function sseHeaders(location: string): Record<string, string> {
  return {
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "content-location,x-pagination-total",
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "content-location": location,
  };
}
const MAX_FINISHED_RUNS = 1000;
/** Run plans cached by request body text (see #plan): how many, and the longest body cached. */
const PLAN_CACHE_SIZE = 512;
const PLAN_CACHE_MAX_TEXT = 16384;

// Several records per request take the current time; one Date per millisecond is enough.
let isoMs = -1;
let isoText = "";
function nowIso(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** The request's query parameters as an object (last value wins, as Object.fromEntries gives). */
const queryOf = (c: Ctx): Record<string, string> => Object.fromEntries(new URLSearchParams(c.search));

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function createMockDeployment(options: MockDeploymentOptions = {}): MockDeployment {
  return new Deployment(options);
}

class Deployment implements MockDeployment {
  readonly store = new MockStore();
  readonly ready: Promise<void>;
  readonly #profile: ServerProfile;
  readonly #policy: MatchPolicy;
  readonly #timing: ResolvedTiming;
  readonly #visible: boolean;
  readonly #timers = new TimerRegistry();
  readonly #opts: MockDeploymentOptions;
  #fixtures: readonly Fixture[] = [];
  #index = new FixtureIndex([]);
  readonly #assistants = new Map<string, Assistant>(); // by assistant id
  readonly #graphToAssistant = new Map<string, string>();
  readonly #runs = new Map<string, RunExecution>(); // active + recently finished, insertion order
  readonly #active = new Set<RunExecution>();
  readonly #idleWaiters = new Set<() => void>();
  readonly #synthetic = new Map<string, Promise<FixtureIndex>>();
  readonly #valuesOracle = new Map<string, string | null>();
  readonly #openSources = new Set<FrameSource>();
  // Keys are bounded by PLAN_CACHE_MAX_TEXT where they are built (#plan).
  readonly #planCache = new BoundedCache<Plan>(PLAN_CACHE_SIZE, Number.POSITIVE_INFINITY);
  #version = "1.5.1";
  #info: Record<string, unknown> | undefined;
  #closed = false;
  /** `ready` has resolved: requests need not await it (one microtask hop less per request). */
  #loaded = false;

  constructor(opts: MockDeploymentOptions) {
    this.#opts = opts;
    this.#profile = opts.profile ?? "js";
    this.#policy = opts.match ?? "exact";
    this.#timing = resolveTiming(opts.timing);
    this.#visible = opts.temporaryThreadVisible ?? true;
    if (opts.baseUrl !== undefined) new URL(opts.baseUrl); // fail fast on a bad base URL
    if (typeof opts.faults === "string") parseFaults(opts.faults); // and on a bad fault string
    this.ready = this.#init(opts);
    // Avoid unhandled-rejection noise: the failure is reported by every request and by `ready` awaiters.
    this.ready.catch(() => undefined);
  }

  async #init(opts: MockDeploymentOptions): Promise<void> {
    const fixtures = [...(await (opts.fixtures ?? []))];
    this.#fixtures = fixtures;
    const graphs = new Set<string>(opts.graphs ?? []);
    // A recording made with the assistant UUID may name that UUID as its graph: it is resolved below.
    // Only successful recordings prove a graph exists ("nope" in an unknown-assistant fixture does not).
    for (const f of fixtures) {
      if (f.response.status >= 200 && f.response.status < 300 && f.source.graph_id && !isUuid(f.source.graph_id)) graphs.add(f.source.graph_id);
    }
    for (const g of [...graphs].sort()) await this.#registerGraph(g);
    const resolve = (a: string): string | undefined => this.#assistants.get(a)?.graph_id ?? (this.#graphToAssistant.has(a) ? a : undefined);
    const indexed: IndexedFixture[] = [];
    for (const f of fixtures) {
      const bodyAssistant = (f.request.body as Record<string, unknown> | null)?.["assistant_id"];
      if (!f.source.graph_id && typeof bodyAssistant === "string" && !isUuid(bodyAssistant)) await this.#registerGraph(bodyAssistant);
      const ix = indexFixture(f, resolve);
      if (ix) indexed.push(ix);
    }
    this.#index = new FixtureIndex(indexed);
    const js = fixtures.find((f) => f.source.server !== "synthetic" && f.source.version);
    if (js?.source.version) this.#version = js.source.version;
    if (js && isPlainObject(js.source.info)) this.#info = js.source.info;
    this.#loaded = true;
  }

  async #registerGraph(graphId: string): Promise<Assistant> {
    const known = this.#graphToAssistant.get(graphId);
    if (known) return this.#assistants.get(known) as Assistant;
    const assistant: Assistant = { assistant_id: await assistantIdForGraphAsync(graphId), graph_id: graphId, created_at: nowIso() };
    this.#assistants.set(assistant.assistant_id, assistant);
    this.#graphToAssistant.set(graphId, assistant.assistant_id);
    return assistant;
  }

  get fixtures(): readonly Fixture[] {
    return this.#fixtures;
  }
  get baseUrl(): string | undefined {
    return this.#opts.baseUrl;
  }
  get index(): FixtureIndex {
    return this.#index;
  }
  get activeRuns(): number {
    return this.#active.size;
  }
  get stats(): MockDeployment["stats"] {
    return {
      activeRuns: this.#active.size,
      openStreams: this.#openSources.size,
      timers: this.#timers.size,
      threads: this.store.threadCount,
      runs: this.store.runCount,
    };
  }

  idle(): Promise<void> {
    if (this.#active.size === 0) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.add(r));
  }

  reset(): void {
    for (const exec of [...this.#active]) exec.cancel();
    this.#runs.clear();
    this.store.clear();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const exec of [...this.#active]) exec.cancel();
    for (const s of [...this.#openSources]) s.cancel("deployment closed");
    this.#openSources.clear();
    this.#timers.clearAll();
    this.#runs.clear();
    for (const w of this.#idleWaiters) w();
    this.#idleWaiters.clear();
  }

  async handle(request: Request): Promise<Response | undefined> {
    const reply = await this.dispatch(request);
    return reply ? toResponse(reply) : undefined;
  }

  async dispatch(req: MockRequest): Promise<MockReply | undefined> {
    const parsed = parseRequestTarget(req.url, this.#opts.baseUrl);
    if (!parsed) return undefined;
    const startedAt = Date.now();
    // The internal steps answer synchronously when they can (no promise per layer); one await here.
    const pending = this.#dispatch(req, parsed.path, parsed.search, startedAt);
    const reply = pending instanceof Promise ? await pending : pending;
    this.#opts.log?.({
      method: req.method,
      path: parsed.path,
      status: reply.status,
      ms: Date.now() - startedAt,
      fixture: reply.meta?.fixture,
      runId: reply.meta?.runId,
      threadId: reply.meta?.threadId,
      note: reply.meta?.note,
    });
    return reply;
  }

  #dispatch(req: MockRequest, path: string, search: string, startedAt: number): MockReply | Promise<MockReply> {
    if (this.#closed) return this.#mockError(503, "closed", "[langgraph-conformance mock] the mock deployment was closed.");
    if (req.method === "OPTIONS") return this.#preflight(req);
    if (!this.#loaded) return this.#dispatchWhenReady(req, path, search, startedAt);
    return this.#dispatchLoaded(req, path, search, startedAt);
  }

  async #dispatchWhenReady(req: MockRequest, path: string, search: string, startedAt: number): Promise<MockReply> {
    try {
      await this.ready;
    } catch (error) {
      return this.#mockError(500, "fixtures", `[langgraph-conformance mock] fixtures failed to load: ${errorMessage(error)}`);
    }
    return this.#dispatchLoaded(req, path, search, startedAt);
  }

  #dispatchLoaded(req: MockRequest, path: string, search: string, startedAt: number): MockReply | Promise<MockReply> {
    let faults: FaultSpec | undefined;
    let faultText: string | undefined;
    try {
      faults = this.#faultsFor(req);
      if (faults) faultText = formatFaults(faults);
    } catch (error) {
      if (error instanceof FaultSyntaxError) return this.#mockError(400, "fault-syntax", error.message);
      throw error;
    }
    if (faults?.delayHeadersMs) {
      const f = faults;
      const text = faultText;
      return this.#timers.delay(f.delayHeadersMs as number, req.signal).then(() => this.#routeRequest(req, path, search, startedAt, f, text));
    }
    return this.#routeRequest(req, path, search, startedAt, faults, faultText);
  }

  #routeRequest(req: MockRequest, path: string, search: string, startedAt: number, faults: FaultSpec | undefined, faultText: string | undefined): MockReply | Promise<MockReply> {
    if (faults?.status !== undefined) {
      const reply = this.#profile === "js"
        ? textReply(faults.status, `Injected by ${FAULT_HEADER}: status=${faults.status}`, TEXT_CT, { [MOCK_ERROR_HEADER]: "fault" })
        : jsonReply(faults.status, { detail: `Injected by ${FAULT_HEADER}: status=${faults.status}` }, { [MOCK_ERROR_HEADER]: "fault" });
      return { ...reply, meta: { note: `fault:${faultText}` } };
    }
    const m = matchRoute(req.method, path);
    if (!m) return routeNotFound(this.#profile);
    const ctx: Ctx = { req, path, search, params: m.params, faults, faultText, startedAt };
    const reply = this.#route(m.route.name, ctx);
    if (req.method !== "HEAD") return reply;
    return reply instanceof Promise ? reply.then((r) => ({ ...r, body: null })) : { ...reply, body: null };
  }

  #faultsFor(req: MockRequest): FaultSpec | undefined {
    const opt = this.#opts.faults;
    const base = typeof opt === "function" ? opt(req) : opt;
    const baseSpec = typeof base === "string" ? parseFaults(base) : base;
    const header = req.headers.get(FAULT_HEADER);
    const spec = mergeFaults(baseSpec, header ? parseFaults(header) : undefined);
    return spec && Object.keys(spec).length > 0 ? spec : undefined;
  }

  #preflight(req: MockRequest): MockReply {
    // hono/cors preflight: 204, allow-methods, echoed request headers, Vary.
    const headers: Record<string, string> = {
      ...CORS_HEADERS,
      "access-control-allow-methods": "GET,HEAD,PUT,POST,DELETE,PATCH,QUERY",
    };
    const requested = req.headers.get("access-control-request-headers");
    if (requested) {
      headers["access-control-allow-headers"] = requested;
      headers["vary"] = "Access-Control-Request-Headers";
    }
    return emptyReply(204, headers);
  }

  #mockError(status: number, kind: string, message: string): MockReply {
    return { ...textReply(status, message, TEXT_CT, { [MOCK_ERROR_HEADER]: kind }), meta: { note: kind } };
  }

  #route(name: RouteName, c: Ctx): MockReply | Promise<MockReply> {
    switch (name) {
      case "runsStream":
        return this.#statelessRun(c, "stream");
      case "runsWait":
        return this.#statelessRun(c, "wait");
      case "runsCreate":
        return this.#statelessRun(c, "background");
      case "runsBatch":
        return this.#batch(c);
      case "runStreamJoin":
        return this.#joinRunStream(c);
      case "threadRunsStream":
        return this.#threadRun(c, "stream");
      case "threadRunsWait":
        return this.#threadRun(c, "wait");
      case "threadRunsCreate":
        return this.#threadRun(c, "background");
      case "threadsCreate":
        return this.#threadsCreate(c);
      case "threadsSearch":
        return this.#threadsSearch(c);
      case "threadsCount":
        return this.#threadsCount(c);
      case "threadGet":
        return this.#withThread(c, (t) => jsonReply(200, t));
      case "threadDelete":
        return this.#threadDelete(c);
      case "threadPatch":
        return this.#threadPatch(c);
      case "threadStateGet":
        return this.#withThread(c, (t) => jsonReply(200, this.#stateOf(t.thread_id)));
      case "threadStatePost":
        return this.#threadStatePost(c);
      case "threadHistoryGet":
        return this.#threadHistory(c, "query");
      case "threadHistoryPost":
        return this.#threadHistory(c, "body");
      case "threadRunsList":
        return this.#threadRunsList(c);
      case "threadRunGet":
        return this.#threadRunGet(c);
      case "threadRunDelete":
        return this.#threadRunDelete(c);
      case "threadRunJoin":
        return this.#threadRunJoin(c);
      case "threadRunStream":
        return this.#threadRunStream(c);
      case "threadRunCancel":
        return this.#threadRunCancel(c);
      case "assistantsSearch":
        return this.#assistantsSearch(c);
      case "assistantsCount":
        return this.#assistantsCount(c);
      case "assistantGet":
        return this.#assistantGet(c);
      case "info":
        return jsonReply(200, this.#infoBody());
      case "ok":
        return jsonReply(200, { ok: true });
      case "internalTruncate":
        return this.#truncate(c);
    }
  }

  // ---- assistants / meta -----------------------------------------------------------------------

  #assistantObject(a: Assistant): Record<string, unknown> {
    // Key order of the JS in-memory store (storage/ops.mjs Assistants.put).
    return {
      assistant_id: a.assistant_id,
      version: 1,
      config: {},
      context: {},
      created_at: a.created_at,
      updated_at: a.created_at,
      graph_id: a.graph_id,
      metadata: { created_by: "system" },
      name: a.graph_id,
      description: null,
    };
  }

  /** Graph id for an assistant id or graph id (JS getAssistantId), registering synthetic graphs. */
  async #resolveAssistant(assistantId: string): Promise<Assistant | undefined> {
    const byId = this.#assistants.get(assistantId);
    if (byId) return byId;
    const byGraph = this.#graphToAssistant.get(assistantId);
    if (byGraph) return this.#assistants.get(byGraph);
    if (this.#opts.synthetic && !isUuid(assistantId)) return this.#registerGraph(assistantId);
    return undefined;
  }

  async #assistantGet(c: Ctx): Promise<MockReply> {
    const a = await this.#resolveAssistant(c.params["assistant_id"] as string);
    if (!a) return httpError(this.#profile, 404, "Assistant not found");
    return jsonReply(200, this.#assistantObject(a));
  }

  #sortedAssistants(): Assistant[] {
    // JS sorts by created_at desc; registration is in graph-id order, so ties keep that order.
    return [...this.#assistants.values()].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  }

  async #assistantsSearch(c: Ctx): Promise<MockReply> {
    const body = await this.#body(c, S.AssistantSearchRequest);
    if (!body.ok) return body.reply;
    const p = body.value;
    const matches = this.#sortedAssistants()
      .map((a) => this.#assistantObject(a))
      .filter(
        (a) =>
          (p.graph_id == null || a["graph_id"] === p.graph_id) &&
          (p.name == null || String(a["name"]).toLowerCase().includes(p.name.toLowerCase())) &&
          (p.metadata == null || Object.entries(p.metadata).every(([k, v]) => (a["metadata"] as Record<string, unknown>)[k] === v)),
      );
    const offset = p.offset ?? 0;
    const page = matches.slice(offset, offset + (p.limit ?? 10));
    const total = page.length > 0 ? matches.length : 0;
    const headers: Record<string, string> = {};
    if (total === p.limit) {
      headers["x-pagination-next"] = String(offset + total);
      headers["x-pagination-total"] = String(offset + total + 1);
    } else headers["x-pagination-total"] = String(offset + total);
    const out = page.map((a) => (p.select ? Object.fromEntries(Object.entries(a).filter(([k]) => p.select?.includes(k))) : a));
    return jsonReply(200, out, headers);
  }

  async #assistantsCount(c: Ctx): Promise<MockReply> {
    const body = await this.#body(c, S.AssistantCountRequest);
    if (!body.ok) return body.reply;
    const p = body.value;
    const n = [...this.#assistants.values()].filter(
      (a) => (p.graph_id == null || a.graph_id === p.graph_id) && (p.name == null || a.graph_id.toLowerCase().includes(p.name.toLowerCase())),
    ).length;
    return jsonReply(200, n);
  }

  #infoBody(): Record<string, unknown> {
    const base: Record<string, unknown> = this.#info
      ? { ...this.#info }
      : {
          version: this.#version,
          context: this.#profile === "js" ? "js" : "python",
          flags: { assistants: true, crons: false, langsmith: false, langsmith_tracing_replicas: true },
        };
    base["langgraph_conformance_mock"] = true;
    return base;
  }

  async #truncate(c: Ctx): Promise<MockReply> {
    const body = await readJsonBody(c.req, this.#profile);
    const flags = body.ok && isPlainObject(body.value) ? body.value : {};
    if (flags["runs"] || flags["threads"]) {
      for (const exec of [...this.#active]) exec.cancel();
      this.store.clear({ threads: !!flags["threads"], runs: !!flags["runs"] });
    }
    return jsonReply(200, { ok: true });
  }

  // ---- threads ---------------------------------------------------------------------------------

  async #body<Sc extends S.ZodTypeAny>(c: Ctx, schema: Sc): Promise<Parsed<import("zod/v3").infer<Sc>>> {
    const raw = await readJsonBody(c.req, this.#profile);
    if (!raw.ok) return raw;
    return validate(schema, raw.value, this.#profile, "body");
  }

  #threadParam(c: Ctx): Parsed<string> {
    const p = validate(S.ThreadIdParam, { thread_id: c.params["thread_id"] }, this.#profile, "path");
    return p.ok ? { ok: true, value: p.value.thread_id } : p;
  }

  #getThread(id: string): ThreadRecord | undefined {
    return this.store.getThread(id, { includeHidden: false });
  }

  #withThread(c: Ctx, fn: (t: ThreadRecord) => MockReply): MockReply {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    const t = this.#getThread(id.value);
    return t ? fn(t) : threadNotFound(this.#profile, id.value);
  }

  async #threadsCreate(c: Ctx): Promise<MockReply> {
    const body = await this.#body(c, S.ThreadCreate);
    if (!body.ok) return body.reply;
    const p = body.value;
    const id = p.thread_id ?? uuid7();
    const existing = this.store.getThread(id, { includeHidden: true });
    if (existing) {
      if ((p.if_exists ?? "raise") === "raise") return httpError(this.#profile, 409, "Thread already exists");
      return jsonReply(200, existing);
    }
    const now = nowIso();
    const thread: ThreadRecord = { thread_id: id, created_at: now, updated_at: now, metadata: p.metadata ?? {}, status: "idle", config: {} };
    this.store.insertThread(thread);
    if (p.supersteps?.length) {
      let values: unknown = {};
      for (const step of p.supersteps) for (const u of step.updates) if (isPlainObject(u.values)) values = mergeState(values, u.values);
      this.#addCheckpoint(id, values, { source: "update", step: p.supersteps.length - 1 });
      this.store.updateThread(id, { values });
    }
    return jsonReply(200, this.store.getThread(id, { includeHidden: true }));
  }

  async #threadsSearch(c: Ctx): Promise<MockReply> {
    const body = await this.#body(c, S.ThreadSearchRequest);
    if (!body.ok) return body.reply;
    const p = body.value;
    const { threads, total: matched } = this.store.searchThreads(p);
    // JS (api/threads.mjs): `total` is the first item's total, and the headers compare it with
    // `limit` — an off-by-one kept for fidelity (spec §1.2).
    const total = threads.length > 0 ? matched : 0;
    const next = (p.offset ?? 0) + total;
    const headers: Record<string, string> = {};
    if (total === p.limit) {
      headers["x-pagination-next"] = String(next);
      headers["x-pagination-total"] = String(next + 1);
    } else headers["x-pagination-total"] = String(next);
    const out = threads.map((t) => (p.select ? Object.fromEntries(Object.entries(t).filter(([k]) => p.select?.includes(k))) : t));
    return jsonReply(200, out, headers);
  }

  async #threadsCount(c: Ctx): Promise<MockReply> {
    const body = await this.#body(c, S.ThreadCountRequest);
    if (!body.ok) return body.reply;
    return jsonReply(200, this.store.countThreads(body.value));
  }

  #threadDelete(c: Ctx): MockReply {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    if (!this.#getThread(id.value)) return threadNotFound(this.#profile, id.value);
    for (const exec of this.#active) if (exec.threadId === id.value) exec.cancel();
    this.store.deleteThread(id.value);
    return emptyReply(204);
  }

  async #threadPatch(c: Ctx): Promise<MockReply> {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    const body = await this.#body(c, S.ThreadPatchRequest);
    if (!body.ok) return body.reply;
    const t = this.#getThread(id.value);
    if (!t) return httpError(this.#profile, 404, "Thread not found");
    return jsonReply(200, this.store.updateThread(id.value, { metadata: { ...t.metadata, ...body.value.metadata }, updated_at: nowIso() }));
  }

  #emptyState(): Record<string, unknown> {
    return { values: {}, next: [], tasks: [], created_at: null, checkpoint: null, parent_checkpoint: null };
  }

  #stateOf(threadId: string): unknown {
    return this.store.latestState(threadId) ?? this.#emptyState();
  }

  #addCheckpoint(
    threadId: string,
    values: unknown,
    meta: Record<string, unknown>,
    extra: { next?: string[]; tasks?: unknown[] } = {},
  ): ThreadStateRecord {
    const parent = this.store.latestState(threadId);
    const state: ThreadStateRecord = {
      values,
      next: extra.next ?? [],
      tasks: extra.tasks ?? [],
      metadata: { ...meta, parents: {} },
      created_at: nowIso(),
      checkpoint: { thread_id: threadId, checkpoint_id: uuid7(), checkpoint_ns: "", checkpoint_map: null },
      parent_checkpoint: parent ? parent.checkpoint : null,
    };
    this.store.addState(threadId, state);
    return state;
  }

  async #threadStatePost(c: Ctx): Promise<MockReply> {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    const body = await this.#body(c, S.ThreadStateUpdate);
    if (!body.ok) return body.reply;
    const t = this.#getThread(id.value);
    if (!t) return httpError(this.#profile, 404, `Thread ${id.value} not found`);
    if (this.store.inflightRuns(id.value).length > 0) return httpError(this.#profile, 409, "Thread is busy");
    if (t.metadata["graph_id"] == null) return httpError(this.#profile, 400, `Thread ${id.value} has no graph ID`);
    const prev = this.store.latestState(id.value);
    const updates = Array.isArray(body.value.values) ? body.value.values : body.value.values ? [body.value.values] : [];
    let values = prev?.values ?? {};
    for (const u of updates) values = mergeState(values, u);
    const step = typeof prev?.metadata["step"] === "number" ? (prev.metadata["step"] as number) + 1 : 0;
    const state = this.#addCheckpoint(id.value, values, { source: "update", step, writes: body.value.as_node ? { [body.value.as_node]: body.value.values } : {} });
    this.store.updateThread(id.value, { values });
    return jsonReply(200, { checkpoint: { thread_id: id.value, checkpoint_ns: "", checkpoint_id: state.checkpoint.checkpoint_id } });
  }

  async #threadHistory(c: Ctx, from: "query" | "body"): Promise<MockReply> {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    let opts: { limit?: number; before?: string; metadata?: Record<string, unknown>; checkpointId?: string };
    if (from === "query") {
      const q = validate(S.HistoryQuery, queryOf(c), this.#profile, "query");
      if (!q.ok) return q.reply;
      opts = { limit: q.value.limit, ...(q.value.before ? { before: q.value.before } : {}) };
    } else {
      const b = await this.#body(c, S.ThreadHistoryRequest);
      if (!b.ok) return b.reply;
      opts = { limit: b.value.limit, ...(b.value.before ? { before: b.value.before } : {}), ...(b.value.metadata ? { metadata: b.value.metadata } : {}) };
      if (b.value.checkpoint?.checkpoint_id) opts.checkpointId = b.value.checkpoint.checkpoint_id;
    }
    const t = this.#getThread(id.value);
    if (!t) return threadNotFound(this.#profile, id.value);
    return jsonReply(200, this.store.history(id.value, opts));
  }

  #threadRunParams(c: Ctx): Parsed<{ thread_id: string; run_id: string }> {
    return validate(S.ThreadRunParam, { thread_id: c.params["thread_id"], run_id: c.params["run_id"] }, this.#profile, "path");
  }

  #threadRunsList(c: Ctx): MockReply {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    const q = validate(S.ListRunsQuery, queryOf(c), this.#profile, "query");
    if (!q.ok) return q.reply;
    if (!this.#getThread(id.value)) return threadNotFound(this.#profile, id.value);
    const opts: { limit?: number; offset?: number; status?: string } = {};
    if (q.value.limit != null) opts.limit = q.value.limit;
    if (q.value.offset != null) opts.offset = q.value.offset;
    if (q.value.status != null) opts.status = q.value.status;
    return jsonReply(200, this.store.listRuns(id.value, opts));
  }

  #threadRunGet(c: Ctx): MockReply {
    const p = this.#threadRunParams(c);
    if (!p.ok) return p.reply;
    if (!this.#getThread(p.value.thread_id)) return threadNotFound(this.#profile, p.value.thread_id);
    const run = this.store.getRun(p.value.run_id, p.value.thread_id);
    return run ? jsonReply(200, run) : httpError(this.#profile, 404, "Run not found");
  }

  #threadRunDelete(c: Ctx): MockReply {
    const p = this.#threadRunParams(c);
    if (!p.ok) return p.reply;
    const run = this.store.getRun(p.value.run_id, p.value.thread_id);
    if (!run || !this.#getThread(p.value.thread_id)) return httpError(this.#profile, 404, "Run not found");
    this.#runs.get(run.run_id)?.cancel();
    this.store.deleteRun(run.run_id);
    return emptyReply(204);
  }

  async #threadRunJoin(c: Ctx): Promise<MockReply> {
    const p = this.#threadRunParams(c);
    if (!p.ok) return p.reply;
    if (!this.#getThread(p.value.thread_id)) return threadNotFound(this.#profile, p.value.thread_id);
    const exec = this.#runs.get(p.value.run_id);
    if (exec && exec.threadId === p.value.thread_id) {
      await exec.done;
      const body = exec.waitBody();
      if (body !== "null") return { ...jsonReply(200, null), body };
    } else if (!this.store.getRun(p.value.run_id, p.value.thread_id)) {
      return httpError(this.#profile, 404, "Run not found");
    }
    const t = this.store.getThread(p.value.thread_id, { includeHidden: true });
    return jsonReply(200, t?.values ?? null);
  }

  #threadRunStream(c: Ctx): MockReply {
    const p = this.#threadRunParams(c);
    if (!p.ok) return p.reply;
    const q = validate(S.JoinStreamQuery, queryOf(c), this.#profile, "query");
    if (!q.ok) return q.reply;
    const exec = this.#runs.get(p.value.run_id);
    const headers = { ...CORS_HEADERS, ...SSE_HEADERS };
    if (!exec || exec.threadId !== p.value.thread_id) {
      // JS yields `event: error` "Run not found" for a thread stream of an unknown run.
      const source = this.#track(oneShot(`event: error\ndata: ${JSON.stringify("Run not found")}\n\n`));
      return { status: 200, headers, body: source };
    }
    const reader = exec.reader({ withIds: true, lastEventId: c.req.headers.get("last-event-id") ?? undefined });
    if (q.value.cancel_on_disconnect) reader.cancelRunOnDisconnect();
    return { status: 200, headers, body: this.#streamBody(c, reader), meta: { runId: exec.runId, threadId: exec.threadId } };
  }

  async #threadRunCancel(c: Ctx): Promise<MockReply> {
    const p = this.#threadRunParams(c);
    if (!p.ok) return p.reply;
    const q = validate(S.CancelQuery, queryOf(c), this.#profile, "query");
    if (!q.ok) return q.reply;
    const run = this.store.getRun(p.value.run_id, p.value.thread_id);
    if (!run) return httpError(this.#profile, 404, "Run not found");
    const exec = this.#runs.get(run.run_id);
    if (exec && !exec.finished) {
      exec.cancel();
      if (q.value.action === "rollback") this.store.deleteRun(run.run_id);
    }
    if (q.value.wait && exec) await exec.done;
    return emptyReply(q.value.wait ? 204 : 202);
  }

  // ---- runs ------------------------------------------------------------------------------------

  /** The run-creation body: the fast path for bodies zod certainly accepts, zod for everything else. */
  #runPayload(value: unknown): Parsed<S.RunCreatePayload> {
    const fast = parseRunCreateFast(value);
    return fast ? { ok: true, value: fast } : validate(S.RunCreate, value, this.#profile, "body");
  }

  async #statelessRun(c: Ctx, endpoint: EndpointKind): Promise<MockReply> {
    const raw = await readJsonBodyText(c.req, this.#profile);
    if (!raw.ok) return raw.reply;
    const body = this.#runPayload(raw.value.value);
    if (!body.ok) return body.reply;
    const planned = this.#plan(body.value, endpoint, raw.value.text);
    const plan = planned instanceof Promise ? await planned : planned;
    if (!plan.ok) return plan.reply;
    const started = this.#createRun(c, body.value, plan.value, undefined);
    if (!started.ok) return started.reply;
    return this.#respond(c, endpoint, started.value, `/runs/${started.value.exec.runId}`, false);
  }

  async #threadRun(c: Ctx, endpoint: EndpointKind): Promise<MockReply> {
    const id = this.#threadParam(c);
    if (!id.ok) return id.reply;
    const raw = await readJsonBodyText(c.req, this.#profile);
    if (!raw.ok) return raw.reply;
    const body = this.#runPayload(raw.value.value);
    if (!body.ok) return body.reply;
    const exists = !!this.#getThread(id.value);
    if (!exists && body.value.if_not_exists !== "create") {
      // JS answers a confusing 422 here (its multitask "reject" path); the mock names the real cause.
      return threadNotFound(this.#profile, id.value);
    }
    const plan = await this.#plan(body.value, endpoint, raw.value.text);
    if (!plan.ok) return plan.reply;
    const started = this.#createRun(c, body.value, plan.value, id.value);
    if (!started.ok) return started.reply;
    const { exec } = started.value;
    return this.#respond(c, endpoint, started.value, `/threads/${exec.threadId}/runs/${exec.runId}`, true);
  }

  async #batchBody(c: Ctx): Promise<Parsed<S.RunCreatePayload[]>> {
    const raw = await readJsonBody(c.req, this.#profile);
    if (!raw.ok) return raw;
    if (Array.isArray(raw.value) && raw.value.length > 0) {
      const items: S.RunCreatePayload[] = [];
      for (const item of raw.value as unknown[]) {
        const fast = parseRunCreateFast(item);
        if (!fast) return validate(S.RunBatchCreate, raw.value, this.#profile, "body");
        items.push(fast);
      }
      return { ok: true, value: items };
    }
    return validate(S.RunBatchCreate, raw.value, this.#profile, "body");
  }

  async #batch(c: Ctx): Promise<MockReply> {
    const body = await this.#batchBody(c);
    if (!body.ok) return body.reply;
    // Every item needs a fixture before anything starts (a mock-only condition). A bad item rejects the
    // whole batch before anything is created (SR-28), unless the JS quirk is switched on: then items
    // before the bad one are created and run, and the request answers 404, as JS 1.5.1 does.
    const plans: (Parsed<Plan> | undefined)[] = [];
    for (const item of body.value) {
      const plan = await this.#plan(item, "background");
      if (!plan.ok && plan.reply.headers[MOCK_ERROR_HEADER] === "no-fixture") return plan.reply;
      plans.push(plan);
    }
    if (this.#profile === "python" || !this.#opts.quirks?.batchPartialCreate) {
      const bad = plans.find((p) => p && !p.ok);
      if (bad && !bad.ok) return bad.reply;
    }
    const runs: string[] = [];
    for (const [i, item] of body.value.entries()) {
      const plan = plans[i] as Parsed<Plan>;
      if (!plan.ok) return plan.reply;
      const started = this.#createRun(c, item, plan.value, undefined);
      if (!started.ok) return started.reply;
      runs.push(JSON.stringify(started.value.run)); // serialised while pending
      started.value.exec.start();
    }
    return { ...jsonReply(200, null), body: `[${runs.join(",")}]` };
  }

  /**
   * Assistant and fixture for a run request. A plan depends only on the payload (so on the body text
   * it was parsed from) and the endpoint — assistants, once they resolve, and the fixture index never
   * change — so successful plans are cached by body text: repeated requests skip canonicalising the
   * input and matching.
   */
  #plan(payload: S.RunCreatePayload, endpoint: EndpointKind, text?: string): Parsed<Plan> | Promise<Parsed<Plan>> {
    const key = text !== undefined && text.length <= PLAN_CACHE_MAX_TEXT ? `${endpoint}\u0000${text}` : undefined;
    const hit = key === undefined ? undefined : this.#planCache.get(key);
    if (hit) return { ok: true, value: hit };
    return this.#planUncached(payload, endpoint).then((plan) => {
      if (key !== undefined && plan.ok) this.#planCache.set(key, plan.value);
      return plan;
    });
  }

  async #planUncached(payload: S.RunCreatePayload, endpoint: EndpointKind): Promise<Parsed<Plan>> {
    if (this.#index.entries.length === 0 && !this.#opts.synthetic) return { ok: false, reply: this.#noFixturesLoaded() };
    const assistant = await this.#resolveAssistant(payload.assistant_id);
    if (!assistant) return { ok: false, reply: unknownAssistant(this.#profile, payload.assistant_id, this.#index.graphs) };
    const inputKey = canonicalJson(payload.input);
    const mreq: MatchRequest = {
      endpoint,
      graphId: assistant.graph_id,
      streamMode: payload.stream_mode,
      subgraphs: payload.stream_subgraphs ?? false,
      input: payload.input,
      body: payload as Record<string, unknown>,
      inputKey,
    };
    let match = this.#index.find(mreq, this.#policy);
    if (!match && this.#opts.synthetic) match = await this.#syntheticMatch(mreq);
    if (!match) return { ok: false, reply: this.#noFixture(mreq) };
    return { ok: true, value: { assistant, match, inputKey } };
  }

  /** A run request to a deployment with nothing to replay: a set-up mistake, said as such. */
  #noFixturesLoaded(): MockReply {
    return this.#mockError(
      404,
      "no-fixtures",
      "[langgraph-conformance mock] This mock deployment has no fixtures loaded, so it cannot answer a run request. " +
        "Pass `fixtures` or `fixturesDir` (in Node, leave both out to replay the bundled corpus), or `synthetic: { seed }` for generated streams; " +
        "in the browser, fetch the bundled corpus written by mocks/bundle-corpus.ts and pass it as `fixtures`.",
    );
  }

  async #syntheticMatch(mreq: MatchRequest): Promise<Match | undefined> {
    const synth = this.#opts.synthetic as NonNullable<MockDeploymentOptions["synthetic"]>;
    let ix = this.#synthetic.get(mreq.graphId);
    if (!ix) {
      ix = (async () => {
        const generate = synth.generate ?? (await loadSyntheticGenerator());
        const count = 10; // one of each scenario of the reference generator
        const fixtures = generate({ seed: synth.seed, count, assistantId: mreq.graphId }).map((f) => ({
          ...f,
          name: `${mreq.graphId.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}-${f.name}`,
          source: { ...f.source, graph_id: mreq.graphId },
        }));
        const entries = fixtures.map((f) => indexFixture(f, () => mreq.graphId)).filter((e): e is IndexedFixture => !!e);
        return new FixtureIndex(entries);
      })();
      this.#synthetic.set(mreq.graphId, ix);
    }
    const index = await ix;
    const found = index.find(mreq, "assistant");
    if (found) return found;
    // No synthetic scenario has these modes: replay the richest one, filtered (at least `metadata`).
    const richest = [...index.entries].filter((e) => e.kind === (mreq.endpoint === "wait" ? "wait" : "sse")).sort((a, b) => b.modes.size - a.modes.size)[0];
    if (!richest) return undefined;
    const modes = new Set(normalizeStreamModes(mreq.streamMode));
    return {
      fixture: richest,
      eventIndices: richest.kind === "wait" ? undefined : richest.eventBases.map((_, i) => i).filter((i) => keepForModes(richest, i, modes, mreq.subgraphs)),
      modes: [...modes],
    };
  }

  #noFixture(mreq: MatchRequest): MockReply {
    const modes = normalizeStreamModes(mreq.streamMode);
    const path = mreq.endpoint === "stream" ? "/runs/stream" : mreq.endpoint === "wait" ? "/runs/wait" : "/runs";
    const closest = this.#index.closest(mreq);
    const input = mreq.inputKey ?? canonicalJson(mreq.input);
    const lines = [
      `[langgraph-conformance mock] No recorded fixture answers POST ${path} for graph "${mreq.graphId}" with stream_mode [${modes.join(",")}]` +
        `${mreq.subgraphs ? ", stream_subgraphs true" : ""}, match policy "${this.#policy}"` +
        `${this.#policy === "exact" ? ` and input ${input.length > 200 ? `${input.slice(0, 200)}…` : input}` : ""}.`,
      closest.length > 0
        ? `Closest fixtures: ${closest.map((f) => `${describeFixture(f)}${f.inputKey !== input ? " (other input)" : ""}`).join("; ")}.`
        : "The mock has no replayable fixtures loaded.",
      `Record one against a real server with \`langgraph-conformance record\` (same request body), ` +
        `serve a subset of a richer recording's modes, use match: "assistant" to ignore the input, or synthetic: { seed } for generated streams.`,
    ];
    return { ...textReply(404, lines.join("\n"), TEXT_CT, { [MOCK_ERROR_HEADER]: "no-fixture" }), meta: { note: "no-fixture" } };
  }

  /** Create the run (and its thread) as the JS server's Runs.put does, and its execution. */
  #createRun(c: Ctx, payload: S.RunCreatePayload, plan: Plan, threadId: string | undefined): Parsed<Started> {
    const { assistant, match } = plan;
    const runId = uuid7();
    const now = nowIso();
    // A single mode (the usual request) needs no de-duplication: what normalizeStreamModes returns for it.
    const streamMode = typeof payload.stream_mode === "string" ? [payload.stream_mode] : normalizeStreamModes(payload.stream_mode);
    const multitask = payload.multitask_strategy ?? "reject";
    const config: Record<string, unknown> = { ...(payload.config ?? {}) };
    if (payload.checkpoint_id) ((config["configurable"] ??= {}) as Record<string, unknown>)["checkpoint_id"] = payload.checkpoint_id;
    if (payload.checkpoint) Object.assign((config["configurable"] ??= {}) as Record<string, unknown>, payload.checkpoint);
    if (payload.langsmith_tracer) {
      Object.assign((config["configurable"] ??= {}) as Record<string, unknown>, {
        langsmith_project: payload.langsmith_tracer.project_name,
        langsmith_example_id: payload.langsmith_tracer.example_id,
      });
    }
    if (config["configurable"]) config["configurable"] = { ...(config["configurable"] as Record<string, unknown>) };
    copyHeadersToConfigurable(config, c.req.headers);
    const temporary = threadId === undefined && (payload.on_completion ?? "delete") === "delete";
    const requestMetadata = payload.metadata ?? {};
    const configurable = (config["configurable"] ?? {}) as Record<string, unknown>;

    let existing: ThreadRecord | undefined;
    let tid: string;
    let priorValues: unknown;
    if (threadId === undefined) {
      tid = uuid7();
      // The temporary (or kept) thread: Runs.put key order, status busy, metadata graph/assistant + request.
      this.store.insertThread(
        {
          thread_id: tid,
          status: "busy",
          metadata: { graph_id: assistant.graph_id, assistant_id: assistant.assistant_id, ...requestMetadata },
          config: { ...config, configurable: { ...configurable } },
          created_at: now,
          updated_at: now,
        } as unknown as ThreadRecord,
        { temporary, hidden: temporary && !this.#visible, owned: true },
      );
    } else {
      tid = threadId;
      existing = this.store.getThread(tid, { includeHidden: true });
      if (existing) {
        const inflight = this.store.inflightRuns(tid);
        if (inflight.length > 0) {
          if (multitask === "reject") {
            return {
              ok: false,
              reply: httpError(this.#profile, 422, "Thread is already running a task. Wait for it to finish or choose a different multitask strategy."),
            };
          }
          if (multitask === "interrupt" || multitask === "rollback") {
            for (const r of inflight) {
              this.#runs.get(r.run_id)?.cancel();
              if (multitask === "rollback") this.store.deleteRun(r.run_id);
            }
          }
          // "enqueue": the mock starts the run at once instead of queueing it (documented).
        }
        priorValues = existing.values;
        this.store.updateThread(tid, {
          status: "busy",
          metadata: { ...existing.metadata, graph_id: assistant.graph_id, assistant_id: assistant.assistant_id },
          config: {
            ...existing.config,
            ...config,
            configurable: { ...((existing.config["configurable"] as Record<string, unknown>) ?? {}), ...configurable },
          },
          updated_at: now,
        });
      } else {
        // if_not_exists: "create"
        this.store.insertThread({
          thread_id: tid,
          status: "busy",
          metadata: { graph_id: assistant.graph_id, assistant_id: assistant.assistant_id, ...requestMetadata },
          config: { ...config, configurable: { ...configurable } },
          created_at: now,
          updated_at: now,
        } as unknown as ThreadRecord,
        { owned: true },
        );
      }
    }

    const runConfigurable = {
      ...((existing?.config["configurable"] as Record<string, unknown>) ?? {}),
      ...configurable,
      run_id: runId,
      thread_id: tid,
      graph_id: assistant.graph_id,
      assistant_id: assistant.assistant_id,
    };
    const mergedMetadata = { created_by: "system", ...(existing?.metadata ?? {}), ...requestMetadata };
    const createdAt = payload.after_seconds ? new Date(Date.parse(now) + payload.after_seconds * 1000).toISOString() : now;
    // The JS kwargs, in its key order, without undefined values (so the stored copy is what JSON shows).
    const kwargs: Record<string, unknown> = {};
    if (payload.input !== undefined) kwargs["input"] = payload.input;
    if (payload.command !== undefined) kwargs["command"] = payload.command;
    kwargs["config"] = { ...config, configurable: runConfigurable, metadata: mergedMetadata };
    kwargs["context"] = isPlainObject(payload.context) ? { ...payload.context } : payload.context === undefined ? {} : payload.context;
    kwargs["stream_mode"] = streamMode;
    if (payload.interrupt_before !== undefined) kwargs["interrupt_before"] = payload.interrupt_before;
    if (payload.interrupt_after !== undefined) kwargs["interrupt_after"] = payload.interrupt_after;
    if (payload.webhook !== undefined) kwargs["webhook"] = payload.webhook;
    if (payload.feedback_keys?.length) kwargs["feedback_keys"] = payload.feedback_keys;
    kwargs["temporary"] = temporary;
    kwargs["subgraphs"] = payload.stream_subgraphs ?? false;
    kwargs["resumable"] = payload.stream_resumable ?? false;
    const run: RunRecord = {
      run_id: runId,
      thread_id: tid,
      assistant_id: assistant.assistant_id,
      metadata: mergedMetadata,
      status: "pending",
      kwargs,
      multitask_strategy: multitask,
      created_at: createdAt,
      updated_at: now,
    };
    // Handed over: nothing mutates `run` afterwards except the store (status, updated_at), and replies
    // that show it serialise before the run starts.
    this.store.putRun(run, { owned: true });

    let script: Script = buildScript(match, { runId, threadId: tid, now: c.startedAt });
    if (threadId !== undefined) script = withPriorValues(script, priorValues);
    if (c.faults?.errorEventAfter !== undefined) script = withErrorEvent(script, c.faults.errorEventAfter, c.faultText ?? "");
    const ctx: RunContext = {
      run,
      graphId: assistant.graph_id,
      temporary,
      priorValues,
      inputKey: plan.inputKey,
    };
    const exec = new RunExecution({
      runId,
      threadId: tid,
      script,
      timing: this.#timing,
      timers: this.#timers,
      resumable: payload.stream_resumable ?? false,
      startedAt: c.startedAt,
      onStart: () => {
        this.store.updateRun(runId, { status: "running" });
      },
      onFinish: (e, outcome) => this.#finishRun(e, ctx, outcome, match),
    });
    if (c.faults?.errorEventAfter !== undefined) exec.markAltered();
    this.#runs.set(runId, exec);
    this.#active.add(exec);
    this.#evictFinished();
    return { ok: true, value: { exec, run, match, onDisconnectCancel: threadId !== undefined && payload.on_disconnect === "cancel" } };
  }

  #evictFinished(): void {
    if (this.#runs.size <= MAX_FINISHED_RUNS) return;
    for (const exec of this.#runs.values()) {
      if (this.#runs.size <= MAX_FINISHED_RUNS) break;
      if (exec.finished) this.#runs.delete(exec.runId);
    }
  }

  #respond(c: Ctx, endpoint: EndpointKind, started: Started, location: string, threadRun: boolean): MockReply | Promise<MockReply> {
    const { exec, run, match } = started;
    const meta = { fixture: match.fixture.name, runId: run.run_id, threadId: run.thread_id, ...(c.faultText ? { note: `fault:${c.faultText}` } : {}) };
    if (endpoint === "background") {
      const reply = { ...jsonReply(200, run, { "content-location": location }), meta }; // serialised while pending
      exec.start();
      return reply;
    }
    const headersDelay = this.#timing.instant ? 0 : exec.script.headersMs * this.#timing.scale - (Date.now() - c.startedAt);
    if (endpoint === "wait") {
      const source = this.#track(new WaitSource(exec, this.#timing.instant ? 0 : 1000 * this.#timing.scale));
      this.#cancelOnAbort(c, source);
      exec.start();
      const ct = this.#profile === "js" ? "text/plain; charset=UTF-8" : "application/json";
      const reply: MockReply = { status: 200, headers: { ...CORS_HEADERS, "content-type": ct, "content-location": location }, body: source, meta };
      return this.#afterDelay(headersDelay, c, reply);
    }
    const reader = exec.reader({ withIds: threadRun, primary: true, lastEventId: run.kwargs["resumable"] ? "-1" : undefined });
    if (started.onDisconnectCancel) reader.cancelRunOnDisconnect();
    exec.start();
    const reply: MockReply = { status: 200, headers: sseHeaders(location), body: this.#streamBody(c, reader), meta };
    return this.#afterDelay(headersDelay, c, reply);
  }

  #afterDelay(ms: number, c: Ctx, reply: MockReply): MockReply | Promise<MockReply> {
    return ms > 1 ? this.#timers.delay(ms, c.req.signal).then(() => reply) : reply;
  }

  /** A stream body with the request's transport faults applied, cancelled on abort or close(). */
  #streamBody(c: Ctx, inner: FrameSource): FrameSource {
    const source = this.#track(c.faults && hasStreamFaults(c.faults) ? withStreamFaults(inner, c.faults, this.#timers) : inner);
    this.#cancelOnAbort(c, source);
    return source;
  }

  #cancelOnAbort(c: Ctx, source: FrameSource): void {
    if (c.req.cancelsBody) return; // the adapter cancels the body itself (and then needs no signal)
    const signal = c.req.signal;
    if (!signal) return;
    if (signal.aborted) source.cancel(signal.reason);
    else signal.addEventListener("abort", () => source.cancel(signal.reason), { once: true });
  }

  /** Keep a handle on open bodies so close() can end them; forget them once they end. */
  #track(source: FrameSource): FrameSource {
    const tracked = new TrackedSource(source, this.#openSources);
    this.#openSources.add(tracked);
    return tracked;
  }

  async #joinRunStream(c: Ctx): Promise<MockReply> {
    const p = validate(S.RunIdParam, { run_id: c.params["run_id"] }, this.#profile, "path");
    if (!p.ok) return p.reply;
    const q = validate(S.JoinStreamQuery, queryOf(c), this.#profile, "query");
    if (!q.ok) return q.reply;
    const headers = { ...CORS_HEADERS, ...SSE_HEADERS, "content-location": `/runs/${p.value.run_id}` };
    const exec = this.#runs.get(p.value.run_id);
    if (!exec) return { status: 200, headers, body: "" }; // JS: unknown run → empty 200 stream
    const reader = exec.reader({ withIds: true, lastEventId: c.req.headers.get("last-event-id") ?? undefined });
    return { status: 200, headers, body: this.#streamBody(c, reader), meta: { runId: exec.runId, threadId: exec.threadId } };
  }

  // ---- run completion --------------------------------------------------------------------------

  #finishRun(exec: RunExecution, ctx: RunContext, outcome: RunOutcome, match: Match): void {
    this.#active.delete(exec);
    try {
      this.#applyOutcome(exec, ctx, outcome, match);
    } finally {
      if (this.#active.size === 0) {
        for (const w of this.#idleWaiters) w();
        this.#idleWaiters.clear();
      }
    }
  }

  #applyOutcome(exec: RunExecution, ctx: RunContext, outcome: RunOutcome, match: Match): void {
    const threadId = exec.threadId;
    const runStatus: RunStatus = outcome.cancelled ? "interrupted" : outcome.lastError !== undefined ? "error" : "success";
    if (ctx.temporary) {
      // Delete mode: the thread and its runs go, whatever the outcome (JS queue.mjs `finally`).
      this.store.deleteThread(threadId);
      return;
    }
    const now = nowIso();
    this.store.updateRun(exec.runId, { status: runStatus, updated_at: now });
    const thread = this.store.getThread(threadId, { includeHidden: true });
    if (!thread) return;
    if (outcome.cancelled) {
      this.store.updateThread(threadId, { status: "idle", updated_at: now });
      return;
    }
    let values: unknown = parseJson(outcome.lastStateValues);
    if (values === undefined) values = this.#oracleValues(ctx) ?? ctx.priorValues ?? {};
    let status: ThreadStatus = "idle";
    let interrupts: Record<string, unknown[]> = {};
    let next: string[] = [];
    let tasks: unknown[] = [];
    const interruptChunk = parseJson(outcome.lastInterrupt) as Record<string, unknown> | undefined;
    if (outcome.lastError !== undefined) status = "error";
    else if (interruptChunk && Array.isArray(interruptChunk["__interrupt__"])) {
      status = "interrupted";
      const items = interruptChunk["__interrupt__"] as unknown[];
      const taskId = uuid7();
      interrupts = items.length > 0 ? { [taskId]: items } : {};
      next = ["__interrupt__"];
      tasks = [{ id: taskId, name: "__interrupt__", path: [], error: null, interrupts: items, checkpoint: null, state: null, result: null }];
    }
    const prev = this.store.latestState(threadId);
    const step = typeof prev?.metadata["step"] === "number" ? (prev.metadata["step"] as number) + 1 : 1;
    this.#addCheckpoint(
      threadId,
      values,
      { source: "loop", step, run_id: exec.runId, graph_id: ctx.graphId, assistant_id: ctx.run.assistant_id, thread_id: threadId },
      { next, tasks },
    );
    this.store.updateThread(threadId, { updated_at: now, status, values, interrupts });
  }

  /** Final values for a kept run whose replay streamed no `values`: a recording of the same input that did. */
  #oracleValues(ctx: RunContext): unknown {
    const key = `${ctx.graphId}\u0000${ctx.inputKey}`;
    let text = this.#valuesOracle.get(key);
    if (text === undefined) {
      text = null;
      for (const fx of this.#index.entries) {
        if (fx.graphId !== ctx.graphId || fx.inputKey !== ctx.inputKey) continue;
        const m: Match = { fixture: fx, eventIndices: fx.kind === "wait" ? undefined : fx.eventBases.map((_, i) => i), modes: ["values"] };
        const s = buildScript(m, { runId: ctx.run.run_id, threadId: ctx.run.thread_id, now: Date.now() });
        let last: string | undefined;
        if (s.waitBody) last = s.waitBody();
        else for (let i = 0; i < s.length; i++) {
          const e = s.event(i);
          if (e.event === "values" && !e.data.startsWith('{"__interrupt__"')) last = e.data;
        }
        if (last && last !== "null" && !last.startsWith('{"__error__"')) {
          text = last;
          break;
        }
      }
      this.#valuesOracle.set(key, text);
    }
    return text === null ? undefined : parseJson(text);
  }
}

interface Plan {
  assistant: Assistant;
  match: Match;
  /** canonicalJson of the request input (computed once per request). */
  inputKey: string;
}

interface Started {
  exec: RunExecution;
  run: RunRecord;
  match: Match;
  onDisconnectCancel: boolean;
}

function keepForModes(fx: IndexedFixture, i: number, modes: Set<string>, subgraphs: boolean): boolean {
  return keepEvent(fx.eventBases[i] as string, modes, subgraphs);
}

/** A body in the deployment's set of open bodies until it ends (EOF, error or cancel). */
class TrackedSource implements FrameSource {
  readonly #inner: FrameSource;
  readonly #open: Set<FrameSource>;

  constructor(inner: FrameSource, open: Set<FrameSource>) {
    this.#inner = inner;
    this.#open = open;
  }

  async next(): Promise<string | null> {
    try {
      const chunk = await this.#inner.next();
      if (chunk === null) this.#open.delete(this);
      return chunk;
    } catch (error) {
      this.#open.delete(this);
      throw error;
    }
  }

  /** Without a fast path in the inner source, always "await next()" — as if there were none. */
  tryNext(): string | null | undefined {
    if (!this.#inner.tryNext) return undefined;
    const chunk = this.#inner.tryNext();
    if (chunk === null) this.#open.delete(this);
    return chunk;
  }

  cancel(reason?: unknown): void {
    this.#open.delete(this);
    this.#inner.cancel(reason);
  }
}

function oneShot(text: string): FrameSource {
  let sent = false;
  return {
    async next() {
      if (sent) return null;
      sent = true;
      return text;
    },
    cancel() {
      sent = true;
    },
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Shallow state merge with a messages-aware reducer: `messages` arrays merge by message `id`
 * (replace same id, append new) like LangGraph's add_messages; other keys are replaced.
 */
export function mergeState(prev: unknown, update: Record<string, unknown>): Record<string, unknown> {
  const base = isPlainObject(prev) ? { ...prev } : {};
  for (const [k, v] of Object.entries(update)) {
    if (k === "messages" && Array.isArray(v) && Array.isArray(base[k])) base[k] = mergeMessages(base[k] as unknown[], v);
    else base[k] = v;
  }
  return base;
}

function mergeMessages(prev: unknown[], next: unknown[]): unknown[] {
  const out = [...prev];
  const index = new Map<unknown, number>();
  out.forEach((m, i) => {
    if (isPlainObject(m) && m["id"] != null) index.set(m["id"], i);
  });
  for (const m of next) {
    const id = isPlainObject(m) ? m["id"] : undefined;
    const at = id != null ? index.get(id) : undefined;
    if (at !== undefined) out[at] = m;
    else {
      if (id != null) index.set(id, out.length);
      out.push(m);
    }
  }
  return out;
}

/**
 * A thread run replays a stateless recording, whose `values` start from an empty state. Prepend the
 * thread's prior state (messages merged by id) so multi-turn clients such as useStream see the
 * conversation grow, as they would on a real server.
 */
function withPriorValues(script: Script, prior: unknown): Script {
  if (!isPlainObject(prior) || Object.keys(prior).length === 0) return script;
  const merge = (data: string): string => {
    const v = parseJson(data);
    if (!isPlainObject(v) || "__interrupt__" in v) return data;
    return JSON.stringify(mergeState(prior, v));
  };
  const waitBody = script.waitBody;
  return {
    ...script,
    event(i) {
      const e = script.event(i);
      return e.event === "values" ? { ...e, data: merge(e.data) } : e;
    },
    waitBody: waitBody ? () => merge(waitBody()) : undefined,
  };
}

type SyntheticModule = { generateSyntheticFixtures: SyntheticGenerator };

/**
 * The reference generator needs Node (faker, node:crypto). Imported lazily through a non-literal
 * specifier so browser bundlers never pull it in; in a browser, pass `synthetic.generate` instead.
 */
async function loadSyntheticGenerator(): Promise<SyntheticGenerator> {
  const specifier = "../fixtures/synthetic.js";
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as SyntheticModule;
    return mod.generateSyntheticFixtures;
  } catch (error) {
    throw new Error(
      `synthetic: could not load the reference generator (${errorMessage(error)}); it needs Node. Pass synthetic.generate (e.g. generateSyntheticFixtures from langgraph-conformance/fixtures).`,
    );
  }
}
