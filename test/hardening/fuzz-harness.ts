// Fuzzing the standalone mock (`startMockServer`, real HTTP on port 0) with fast-check: generated
// requests of every kind — run bodies with one field of the wrong type, JSON values of every type and
// size, broken JSON, odd content types and headers, fault headers, unknown paths and methods — and, for
// each response, the invariants of a well-behaved server:
//
//   1. no 5xx unless the request injected one (`x-mock-fault: status=5xx`), no hang, no dropped
//      connection unless injected (`drop-after`);
//   2. every 4xx (but HEAD) has a body that says what was wrong: a zod error whose issues name the
//      offending field, or a message naming the problem;
//   3. a rejected request (≥ 400) leaves the thread/run store exactly as it was;
//   4. at the end, nothing is left running or open (deployment.stats) and `GET /ok` still answers.
//
// Shared by test/hardening/fuzz.test.ts (short, in `npm test`) and scripts/fuzz-long.ts (≥ 10,000).
// Seeded: FUZZ_SEED reproduces a run; fast-check prints seed and path of any counterexample.
import { seedFromEnv } from "../support/seed.js";
import fc from "fast-check";
import { Pool } from "undici";
import { startMockServer, type MockHttpServer } from "../../src/mock/serve.js";
import { CORPUS_DIR } from "./paths.js";

export { CORPUS_DIR };

/** Threads that exist before every request (fixed ids, so generated paths can target them). */
export const FIXED_THREADS = ["00000000-0000-4000-8000-00000000f001", "00000000-0000-4000-8000-00000000f002"] as const;

const HELLO = { messages: [{ role: "user", content: "Hello! My name is Bagatur and I am 26 years old." }] };
/** A run body the corpus answers (fixtures/corpus/agent-updates.json). */
export const VALID_RUN = { assistant_id: "agent", input: HELLO, stream_mode: "updates" } as const;

export interface FuzzRequest {
  /** Generator family, for statistics and for the expected outcome. */
  kind: "wrong-type" | "any-json" | "broken-json" | "content-type" | "headers" | "fault" | "path-method" | "thread-route";
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** wrong-type: the run-body field that holds a value of the wrong type. */
  field?: string;
  /** Where zod reports that field: ["field"] or [index, "field"] for /runs/batch. */
  fieldPath?: (string | number)[];
  /** broken-json on a route that parses its body as JSON: expect 400 Malformed JSON. */
  expectMalformed?: boolean;
}

// ---- generators ----------------------------------------------------------------------------------

const uuid = fc.uuid();
const notUuidString = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g"));
const scalar = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const smallJson = fc.jsonValue({ maxDepth: 2 });
const anArray = fc.array(smallJson, { maxLength: 3 });
const anObject = fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 3 });
const notString = fc.oneof(scalar.filter((v) => typeof v !== "string"), anArray, anObject);
const notBoolean = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.string({ maxLength: 6 }), anArray, anObject);
const notNumber = fc.oneof(fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }), anArray, anObject);
const notPlainObject = fc.oneof(scalar, fc.string({ maxLength: 10 }), anArray);
// Not an array of strings (and not a string either: callers add strings where those are wrong).
const notStringArray = fc.oneof(scalar, anObject, fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), anObject), { minLength: 1, maxLength: 3 }));
const notEnum = (values: readonly string[]) =>
  fc.oneof(
    notString,
    fc.string({ maxLength: 12 }).filter((s) => !values.includes(s)),
  );
const STREAM_MODES = ["values", "messages", "messages-tuple", "updates", "events", "tasks", "checkpoints", "debug", "custom", "tools"];

/**
 * For every field of the run body (RunCreate of @langchain/langgraph-api 1.5.1, src/mock/schemas.ts):
 * values the schema must reject. `input` and `context` accept anything, so they have none.
 */
export const WRONG_RUN_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  assistant_id: notString,
  checkpoint_id: notString,
  checkpoint: fc.oneof(
    notPlainObject,
    fc.record({ checkpoint_id: notUuidString }),
    fc.record({ checkpoint_ns: fc.oneof(fc.integer(), fc.boolean(), anArray, anObject) }),
    fc.record({ checkpoint_map: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), anArray) }),
  ),
  command: fc.oneof(
    notPlainObject,
    fc.record({ goto: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) }),
    fc.record({ update: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)) }),
  ),
  metadata: notPlainObject,
  config: fc.oneof(
    notPlainObject,
    fc.record({ tags: fc.oneof(notStringArray, fc.string({ maxLength: 6 })) }),
    fc.record({ recursion_limit: fc.oneof(notNumber, fc.double({ min: 0.1, max: 0.9, noNaN: true })) }),
    fc.record({ configurable: fc.oneof(notPlainObject, fc.record({ thread_id: notString })) }),
  ),
  webhook: notString,
  interrupt_before: fc.oneof(notStringArray, fc.string({ maxLength: 8 }).filter((s) => s !== "*")),
  interrupt_after: fc.oneof(notStringArray, fc.string({ maxLength: 8 }).filter((s) => s !== "*")),
  on_disconnect: notEnum(["cancel", "continue"]),
  multitask_strategy: notEnum(["reject", "rollback", "interrupt", "enqueue"]),
  stream_mode: fc.oneof(
    notEnum(STREAM_MODES).filter((v) => !Array.isArray(v)),
    fc.array(notEnum(STREAM_MODES), { minLength: 1, maxLength: 3 }),
  ),
  stream_subgraphs: notBoolean,
  stream_resumable: notBoolean,
  after_seconds: notNumber,
  if_not_exists: notEnum(["reject", "create"]),
  on_completion: notEnum(["delete", "keep"]),
  feedback_keys: fc.oneof(notStringArray, fc.string({ maxLength: 6 })),
  langsmith_tracer: fc.oneof(notPlainObject, fc.record({ project_name: notString }), fc.record({ example_id: notString })),
};

const RUN_ROUTES = ["/runs/stream", "/runs/wait", "/runs", "/runs/batch", "/threads/{fixed}/runs", "/threads/{fixed}/runs/stream", "/threads/{fixed}/runs/wait"];

/** Routes that parse a JSON body and answer 400 when it does not parse (JS profile). */
const JSON_BODY_ROUTES = [
  "/runs/stream",
  "/runs/wait",
  "/runs",
  "/runs/batch",
  "/threads",
  "/threads/search",
  "/threads/count",
  "/assistants/search",
  "/assistants/count",
  "/threads/{fixed}/runs/stream",
  "/threads/{fixed}/runs/wait",
  "/threads/{fixed}/runs",
  "/threads/{fixed}/state",
  "/threads/{fixed}/history",
];

const fixedThread = fc.constantFrom(...FIXED_THREADS);
const withThread = (path: string) => fixedThread.map((id) => path.replace("{fixed}", id));

const JSON_CT = { "content-type": "application/json" };

const wrongType: fc.Arbitrary<FuzzRequest> = fc
  .record({
    field: fc.constantFrom(...Object.keys(WRONG_RUN_FIELDS)),
    route: fc.constantFrom(...RUN_ROUTES),
    thread: fixedThread,
    batchSize: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ field, route, thread, batchSize }) =>
    (WRONG_RUN_FIELDS[field] as fc.Arbitrary<unknown>).map((value): FuzzRequest => {
      const bad = { ...VALID_RUN, [field]: value };
      const path = route.replace("{fixed}", thread);
      if (route === "/runs/batch") {
        // The bad item is the last one: zod reports it at [index, field].
        const items = [...Array.from({ length: batchSize - 1 }, () => VALID_RUN), bad];
        return { kind: "wrong-type", method: "POST", path, headers: { ...JSON_CT }, body: JSON.stringify(items), field, fieldPath: [batchSize - 1, field] };
      }
      return { kind: "wrong-type", method: "POST", path, headers: { ...JSON_CT }, body: JSON.stringify(bad), field, fieldPath: [field] };
    }),
  );

/**
 * Deepest nesting the generators produce. The mock overflows its stack on an `input` nested ~2,500
 * deep (canonicalJson in src/mock/replay.ts recurses) and answers 500; that known bug is pinned by
 * its own test in fuzz.test.ts, so the property stays below it.
 */
export const MAX_FUZZ_DEPTH = 2000;

// A body of any JSON type and size: scalars, deep nesting, wide arrays, long strings, odd keys.
const deepArray = fc.integer({ min: 1, max: MAX_FUZZ_DEPTH }).map((d) => "[".repeat(d) + "]".repeat(d));
const bigString = fc.integer({ min: 1000, max: 1_000_000 }).map((n) => JSON.stringify("x".repeat(n)));
const wideArray = fc.integer({ min: 100, max: 50_000 }).map((n) => `[${Array(n).fill("0").join(",")}]`);
const oddKeys = fc
  .subarray(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "", "\u0000"], { minLength: 1 })
  .map((keys) => `{${keys.map((k) => `${JSON.stringify(k)}:{"polluted":true}`).join(",")}}`);
const runWithOddValue = fc
  .record({
    key: fc.constantFrom("input", "context", "metadata", "config", "__proto__", "constructor"),
    // Value as JSON text: a parsed 5,000-deep array would overflow JSON.stringify in the generator.
    value: fc.oneof(smallJson.map((v) => JSON.stringify(v)), deepArray, oddKeys),
  })
  .map(({ key, value }) => {
    // Spliced as text: JSON.stringify would drop or convert a literal __proto__ key.
    const base = JSON.stringify(VALID_RUN);
    return `${base.slice(0, -1)},${JSON.stringify(key)}:${value}}`;
  });
const anyJsonText = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: deepArray },
  { weight: 1, arbitrary: bigString },
  { weight: 1, arbitrary: wideArray },
  { weight: 1, arbitrary: oddKeys },
  { weight: 3, arbitrary: runWithOddValue },
);
const anyRoute = fc.oneof(fc.constantFrom(...JSON_BODY_ROUTES, "/internal/truncate").chain(withThread), fc.constantFrom("/runs/stream", "/runs/wait"));
const anyJson: fc.Arbitrary<FuzzRequest> = fc
  .record({ path: anyRoute, body: anyJsonText, method: fc.constantFrom("POST", "POST", "POST", "PATCH", "PUT") })
  .map(({ path, body, method }) => ({ kind: "any-json", method, path, headers: { ...JSON_CT }, body }));

const brokenText = fc.oneof(
  fc.constantFrom("", "{", "[", '{"assistant_id":', '{"assistant_id":"agent",}', "{'a':1}", "undefined", "NaN", "01", '"unterminated', "{}{}", "\u0000", "\uFEFF{}"),
  fc.jsonValue({ maxDepth: 2 }).chain((v) => {
    const s = JSON.stringify(v);
    return fc.integer({ min: 0, max: Math.max(0, s.length - 1) }).map((cut) => s.slice(0, cut) + (s.length > 1 ? "" : "{"));
  }),
  fc.string({ maxLength: 40 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => {
  const out = new Uint8Array(b.length + 2);
  out.set([0xc3, 0x28]); // an invalid 2-byte sequence, then noise
  out.set(b, 2);
  return out;
});
const brokenJson: fc.Arbitrary<FuzzRequest> = fc
  .record({ path: fc.constantFrom(...JSON_BODY_ROUTES).chain(withThread), text: fc.oneof({ weight: 4, arbitrary: brokenText }, { weight: 1, arbitrary: invalidUtf8 }) })
  .map(({ path, text }) => {
    // Invalid UTF-8 decodes to U+FFFD, which never parses as JSON either.
    const parses = (() => {
      try {
        JSON.parse(typeof text === "string" ? text : new TextDecoder().decode(text));
        return true;
      } catch {
        return false;
      }
    })();
    return { kind: "broken-json", method: "POST", path, headers: { ...JSON_CT }, body: text, expectMalformed: !parses };
  });

const contentTypes = fc.oneof(
  fc.constantFrom(
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/json; charset=latin1",
    "application/JSON",
    "application/vnd.api+json",
    "application/problem+json; q=0.5",
    "application/json, text/html",
    "*/*",
    ";",
    "",
  ),
  fc.stringMatching(/^[a-z]{1,8}\/[a-z0-9.+-]{1,12}$/),
);
const contentType: fc.Arbitrary<FuzzRequest> = fc
  .record({ path: fc.constantFrom(...JSON_BODY_ROUTES).chain(withThread), ct: fc.option(contentTypes, { nil: undefined }), body: fc.oneof(fc.constant(JSON.stringify(VALID_RUN)), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), brokenText) })
  .map(({ path, ct, body }): FuzzRequest => ({ kind: "content-type", method: "POST", path, headers: ct === undefined ? {} : { "content-type": ct }, body }));

const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,24}$/).filter((n) => !n.startsWith("x-mock-"));
// Long values stay under Node's 16 KiB header limit in total (beyond it node:http itself answers
// 431 with an empty body, before the mock sees the request).
const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,64}$/).map((s) => s.trim()), fc.integer({ min: 100, max: 1500 }).map((n) => "v".repeat(n)));
const oddHeaders: fc.Arbitrary<FuzzRequest> = fc
  .record({
    path: fc.constantFrom("/runs/stream", "/runs/wait", "/runs", "/threads/{fixed}/runs/wait", "/threads").chain(withThread),
    extra: fc.dictionary(headerName, headerValue, { minKeys: 1, maxKeys: 6 }),
    std: fc.record(
      {
        accept: fc.constantFrom("*/*", "text/event-stream", "application/json", "garbage", ""),
        "user-agent": headerValue,
        "last-event-id": fc.oneof(fc.constant("-1"), fc.integer().map(String), fc.string({ maxLength: 5 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
        "accept-encoding": fc.constantFrom("gzip", "br", "identity", "*"),
        authorization: fc.constantFrom("Bearer x", "Basic Zm9vOmJhcg==", "garbage"),
        "x-api-key": fc.constantFrom("secret", ""),
      },
      { requiredKeys: [] },
    ),
  })
  .map(({ path, extra, std }) => ({ kind: "headers", method: "POST", path, headers: { ...JSON_CT, ...std, ...extra }, body: JSON.stringify(VALID_RUN) }));

// Faults: valid specs (injected 4xx/5xx, error events, drops, malformed frames) and invalid ones.
const faultSpec = fc.oneof(
  fc.integer({ min: 400, max: 599 }).map((s) => `status=${s}`),
  fc.integer({ min: 0, max: 4 }).map((n) => `error-event=after:${n}`),
  fc.integer({ min: 0, max: 4 }).map((n) => `drop-after=${n}`),
  fc.integer({ min: 0, max: 4 }).map((n) => `malformed-frame=${n}`),
  fc.integer({ min: 0, max: 20 }).map((n) => `delay-headers=${n}`),
  fc.integer({ min: 0, max: 5 }).map((n) => `slow=${n}`),
  fc.constantFrom("status=200", "status=99999", "drop-after=-1", "nope", "slow=fast", "=", ",,,", "status", "drop-after=1.5"),
  fc.stringMatching(/^[\x20-\x7e]{1,30}$/),
);
const fault: fc.Arbitrary<FuzzRequest> = fc
  .record({ path: fc.constantFrom("/runs/stream", "/runs/wait", "/runs", "/threads/search", "/threads/{fixed}/runs/stream").chain(withThread), specs: fc.array(faultSpec, { minLength: 1, maxLength: 2 }) })
  .map(({ path, specs }) => ({ kind: "fault", method: "POST", path, headers: { ...JSON_CT, "x-mock-fault": specs.join(",") }, body: path === "/threads/search" ? "{}" : JSON.stringify(VALID_RUN) }));

const pathSegment = fc.oneof(
  fc.webSegment(),
  fc.constantFrom("runs", "threads", "assistants", "stream", "wait", "batch", "state", "history", "search", "count", "join", "cancel", "ok", "info", "%", "%zz", "%E0%A4%A", "..", "%2F", "%00", ""),
  uuid,
);
const anyPath = fc.tuple(fc.array(pathSegment, { minLength: 0, maxLength: 6 }), fc.option(fc.webQueryParameters(), { nil: undefined }), fc.boolean()).map(([segs, query, slash]) => `/${segs.join("/")}${slash ? "/" : ""}${query ? `?${query}` : ""}`);
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS") },
  { weight: 1, arbitrary: fc.constantFrom("PROPFIND", "TRACE", "QUERY", "PURGE", "M-SEARCH") },
);
const pathMethod: fc.Arbitrary<FuzzRequest> = fc
  .record({ method, path: anyPath, body: fc.option(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), { nil: undefined }) })
  .map(({ method, path, body }) => ({
    kind: "path-method",
    method,
    path,
    headers: body === undefined ? {} : { ...JSON_CT },
    ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {}),
  }));

// Every thread/run route with fixed, unknown or malformed ids and arbitrary (small) bodies.
const threadIdArb = fc.oneof(fixedThread, uuid, notUuidString.filter((s) => s !== "" && !s.includes("/") && !s.includes("?") && !s.includes("#")).map(encodeURIComponent));
const threadRoute: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(
      "GET /threads/{t}",
      "DELETE /threads/{t}",
      "PATCH /threads/{t}",
      "GET /threads/{t}/state",
      "POST /threads/{t}/state",
      "GET /threads/{t}/history",
      "POST /threads/{t}/history",
      "GET /threads/{t}/runs",
      "GET /threads/{t}/runs/{r}",
      "DELETE /threads/{t}/runs/{r}",
      "GET /threads/{t}/runs/{r}/join",
      "GET /threads/{t}/runs/{r}/stream",
      "POST /threads/{t}/runs/{r}/cancel",
      "GET /runs/{r}/stream",
      "GET /assistants/{a}",
      "POST /threads",
      "POST /threads/search",
      "POST /threads/count",
      "POST /assistants/search",
      "POST /assistants/count",
    ),
    t: threadIdArb,
    r: fc.oneof(uuid, notUuidString.filter((s) => s !== "" && !/[/?#]/.test(s)).map(encodeURIComponent)),
    a: fc.oneof(fc.constantFrom("agent", "echo", "nope"), uuid),
    query: fc.option(fc.constantFrom("limit=2", "limit=abc", "wait=true", "wait=1&action=rollback", "action=nope", "cancel_on_disconnect=true", "status=busy", "before=x", "offset=-1"), { nil: undefined }),
    body: fc.oneof(
      fc.constant("{}"),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.record({ metadata: fc.oneof(anObject, notPlainObject), limit: fc.oneof(fc.integer({ min: -5, max: 2000 }), notNumber), values: fc.oneof(anObject, anArray, scalar), thread_id: fc.oneof(uuid, fixedThread, notString), if_exists: fc.constantFrom("raise", "do_nothing", "nope") }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    ),
  })
  .map(({ route, t, r, a, query, body }) => {
    const [m, p] = route.split(" ") as [string, string];
    const path = p.replace("{t}", t).replace("{r}", r).replace("{a}", a) + (query ? `?${query}` : "");
    return { kind: "thread-route", method: m, path, headers: m === "GET" ? {} : { ...JSON_CT }, ...(m === "GET" ? {} : { body }) };
  });

/** Every kind of request, weighted towards the run endpoints (printed compactly in counterexamples). */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .oneof(
  { weight: 6, arbitrary: wrongType },
  { weight: 3, arbitrary: anyJson },
  { weight: 2, arbitrary: brokenJson },
  { weight: 2, arbitrary: contentType },
  { weight: 1, arbitrary: oddHeaders },
  { weight: 2, arbitrary: fault },
  { weight: 2, arbitrary: pathMethod },
  { weight: 3, arbitrary: threadRoute },
  )
  .map((r) => Object.assign(r, { [fc.toStringMethod]: () => describeRequest(r) }));

// ---- the harness ---------------------------------------------------------------------------------

export interface FuzzStats {
  requests: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  /** 5xx answers that the request injected with x-mock-fault. */
  injected5xx: number;
  /** Connections dropped by an injected drop-after fault. */
  injectedDrops: number;
  /** 4xx answers checked for an explaining body. */
  explained4xx: number;
  /** wrong-type requests whose 400 named the field, per field. */
  wrongTypeFields: Record<string, number>;
  /** Rejected requests (≥ 400) after which the store was compared. */
  storeChecks: number;
}

export interface FuzzHarness {
  readonly server: MockHttpServer;
  readonly stats: FuzzStats;
  /** Send one request and check every invariant; throws an Error describing the violation. */
  check(req: FuzzRequest): Promise<void>;
  /** Final checks: nothing left running or open, the server still answers. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** Words a 4xx text body must contain one of (every message the mock and the JS server emit). */
const EXPLAINS =
  /required|invalid|malformed|not found|no recorded fixture|no assistant|already|busy|has no graph|x-mock-fault|expected|must|unknown|unrecognized|closed/i;

export function describeRequest(req: FuzzRequest): string {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v]));
  const body = req.body === undefined ? "" : typeof req.body === "string" ? req.body : `<${req.body.length} bytes>`;
  return `${req.method} ${req.path} headers=${JSON.stringify(headers)} body=${body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body}`;
}

function storeSnapshot(server: MockHttpServer): string {
  const d = server.deployment;
  return JSON.stringify({ threads: d.store.listThreads({ includeHidden: true }), runs: d.store.runCount, stats: d.stats });
}

/** The status a valid `x-mock-fault` header injects (the last `status=` wins, as in parseFaults). */
function injectedStatus(req: FuzzRequest): number | undefined {
  const all = [...(req.headers["x-mock-fault"] ?? "").matchAll(/(?:^|,)\s*status\s*=\s*(\d+)\s*(?=,|$)/gi)];
  const last = all.at(-1);
  return last ? Number(last[1]) : undefined;
}

export async function startFuzzHarness(opts: { resetEvery?: number } = {}): Promise<FuzzHarness> {
  const server = await startMockServer({ port: 0, fixturesDir: CORPUS_DIR, timing: "instant", logger: false });
  // One connection, requests one at a time: the property is sequential.
  const pool = new Pool(server.url, { connections: 4, headersTimeout: 15_000, bodyTimeout: 15_000 });
  const resetEvery = opts.resetEvery ?? 250;
  const stats: FuzzStats = { requests: 0, byKind: {}, byStatus: {}, injected5xx: 0, injectedDrops: 0, explained4xx: 0, wrongTypeFields: {}, storeChecks: 0 };

  async function seedThreads(): Promise<void> {
    for (const id of FIXED_THREADS) {
      if (server.deployment.store.hasThread(id, { includeHidden: true })) continue;
      const res = await pool.request({ method: "POST", path: "/threads", headers: { ...JSON_CT }, body: JSON.stringify({ thread_id: id, metadata: { fuzz: true } }) });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`fuzz setup: creating thread ${id} failed: ${res.statusCode} ${text}`);
    }
  }

  async function check(req: FuzzRequest): Promise<void> {
    stats.requests++;
    stats.byKind[req.kind] = (stats.byKind[req.kind] ?? 0) + 1;
    if (stats.requests % resetEvery === 0) server.deployment.reset(); // keep snapshots cheap
    await server.deployment.idle();
    await seedThreads();
    const before = storeSnapshot(server);
    const where = (): string => `\n  request: ${describeRequest(req)}`;

    let status: number;
    let text: string;
    try {
      const res = await pool.request({ method: req.method, path: req.path, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (/drop-after/i.test(req.headers["x-mock-fault"] ?? "") && !/timeout/i.test(msg)) {
        stats.injectedDrops++;
        return;
      }
      throw new Error(`request failed (${msg})${where()}`);
    }
    stats.byStatus[String(status)] = (stats.byStatus[String(status)] ?? 0) + 1;

    if (status >= 500) {
      if (injectedStatus(req) === status) stats.injected5xx++;
      else throw new Error(`answered ${status} (not injected): ${text.slice(0, 500)}${where()}`);
    }
    if (status >= 400 && status < 500 && req.method !== "HEAD") {
      if (text.trim() === "") throw new Error(`answered ${status} with an empty body${where()}`);
      let zodIssues: { path: (string | number)[]; message: string }[] | undefined;
      if (text.startsWith("{")) {
        try {
          const json = JSON.parse(text) as { success?: boolean; error?: { issues?: { path: (string | number)[]; message: string }[] } };
          if (json.success === false) zodIssues = json.error?.issues ?? [];
        } catch {
          // not JSON: judged as text below
        }
      }
      if (zodIssues) {
        if (zodIssues.length === 0) throw new Error(`answered ${status} with a zod error without issues: ${text}${where()}`);
        for (const issue of zodIssues) {
          if (typeof issue.message !== "string" || issue.message === "") throw new Error(`zod issue without a message: ${JSON.stringify(issue)}${where()}`);
        }
      } else if (!EXPLAINS.test(text)) {
        throw new Error(`answered ${status} with a body that does not say what was wrong: ${JSON.stringify(text.slice(0, 300))}${where()}`);
      }
      stats.explained4xx++;
      if (req.kind === "wrong-type" && injectedStatus(req) === undefined) {
        const want = req.fieldPath as (string | number)[];
        const named = zodIssues?.some((i) => want.every((p, k) => i.path[k] === p));
        if (status !== 400 || !named) {
          throw new Error(`a wrong ${req.field} should be rejected with 400 naming ${JSON.stringify(want)}; got ${status}: ${text.slice(0, 400)}${where()}`);
        }
        stats.wrongTypeFields[req.field as string] = (stats.wrongTypeFields[req.field as string] ?? 0) + 1;
      }
    }
    if (req.kind === "wrong-type" && status < 400) {
      throw new Error(`a wrong ${req.field} was accepted (${status})${where()}`);
    }
    if (req.expectMalformed && req.headers["content-type"] === "application/json" && injectedStatus(req) === undefined) {
      if (status !== 400 || !/json/i.test(text)) throw new Error(`unparseable JSON should be 400 Malformed JSON; got ${status}: ${text.slice(0, 300)}${where()}`);
    }
    if (status >= 400) {
      // Nothing may have been created, changed or started by a rejected request.
      await server.deployment.idle();
      const after = storeSnapshot(server);
      if (after !== before) throw new Error(`a rejected request (${status}) changed the store:\n  before ${before.slice(0, 400)}\n  after  ${after.slice(0, 400)}${where()}`);
      stats.storeChecks++;
    }
  }

  async function finish(): Promise<void> {
    await server.deployment.idle();
    // Streams of runs that finished must all be closed by now; allow the last socket writes to drain.
    const deadline = Date.now() + 5000;
    while (server.deployment.stats.openStreams > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const s = server.deployment.stats;
    if (s.activeRuns !== 0 || s.openStreams !== 0 || s.timers !== 0) throw new Error(`after the fuzz the mock still holds ${JSON.stringify(s)}`);
    const res = await pool.request({ method: "GET", path: "/ok" });
    const body = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET /ok after the fuzz answered ${res.statusCode}: ${body}`);
  }

  return {
    server,
    stats,
    check,
    finish,
    async close() {
      await pool.close();
      await server.close();
    },
  };
}

/** FUZZ_SEED from the environment, or a fresh one. */
export const fuzzSeed = (): number => seedFromEnv("FUZZ_SEED");

/** Run `numRuns` generated requests through the harness with fast-check (shrinks and reports on failure). */
export async function runFuzz(harness: FuzzHarness, seed: number, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fuzzRequest, (req) => harness.check(req)),
    { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: 30 * 60_000 },
  );
}
