// Fixture → SDK call: which corpus fixtures the fidelity test replays through
// `@langchain/langgraph-sdk`, with which options, and what the fixture says the SDK should produce.
import { Client } from "@langchain/langgraph-sdk";
import { expect } from "vitest";
import type { Fixture } from "../../src/fixtures/format.js";
import { assistantIdForGraph } from "../../src/protocol/uuid5.js";
import { normaliseIds } from "./normalise.js";

export type Endpoint = "stream" | "wait" | "create" | "batch";

/** What the SDK yields for `runs.stream` / `runs.joinStream` (`id` only on join streams). */
export interface Chunk {
  event: string;
  data: unknown;
  id?: string | undefined;
}

/** What the SDK threw for an error answer: its `HTTPError` status and the body (parsed when JSON). */
export interface HttpFailure {
  status: number;
  body: unknown;
}

/**
 * What one SDK call sequence produced: chunks (stream), the returned body (wait), the Run plus its
 * join (create), the Run objects (batch), or the HTTP error it threw.
 */
export interface Outcome {
  chunks?: Chunk[];
  body?: unknown;
  run?: unknown;
  runs?: unknown;
  error?: HttpFailure;
}

export interface FidelityCase {
  /** The fixture's name. */
  name: string;
  /** Test title: endpoint, name, and what is compared when the fixture cannot be. */
  title: string;
  endpoint: Endpoint;
  /** Undefined only to reproduce a recorded body without `assistant_id` (the SDK then omits it). */
  assistantId: string | undefined;
  /** SDK options (camelCase), built from the recorded body; for batch, the recorded items. */
  payload: Record<string, unknown> | Record<string, unknown>[];
  /** The fixture records an error answer: the SDK call must throw, and what it throws is compared. */
  expectsError: boolean;
  /** The fixture's own outcome, in the shape of {@link Outcome}, or why it cannot be compared. */
  expected: { outcome: Outcome } | { unavailable: string };
}

export interface SkippedFixture {
  name: string;
  reason: string;
}

/**
 * Recorded body key → SDK option (spec §12 "Body mapping"). `assistant_id` is the call's argument.
 * A key outside this table makes the fixture skipped, loudly, rather than sent wrong.
 */
const OPTION_OF: Record<string, string> = {
  input: "input",
  command: "command",
  config: "config",
  context: "context",
  metadata: "metadata",
  webhook: "webhook",
  checkpoint: "checkpoint",
  durability: "durability",
  stream_mode: "streamMode",
  stream_subgraphs: "streamSubgraphs",
  stream_resumable: "streamResumable",
  feedback_keys: "feedbackKeys",
  interrupt_before: "interruptBefore",
  interrupt_after: "interruptAfter",
  checkpoint_id: "checkpointId",
  multitask_strategy: "multitaskStrategy",
  after_seconds: "afterSeconds",
  if_not_exists: "ifNotExists",
  on_completion: "onCompletion",
  on_disconnect: "onDisconnect",
};

/** Keys the SDK never puts on the wire for an endpoint (spec §12), whatever the options say. */
const NOT_SENT: Record<Endpoint, readonly string[]> = {
  stream: [],
  wait: ["stream_mode", "stream_subgraphs", "stream_resumable", "feedback_keys"],
  create: ["on_disconnect"],
  batch: [],
};

const ENDPOINT_OF: Record<string, Endpoint> = { "/runs/stream": "stream", "/runs/wait": "wait", "/runs": "create", "/runs/batch": "batch" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Sort `fixtures` into replayable cases and skipped fixtures (each with its reason). */
export function fidelityCases(fixtures: readonly Fixture[]): { cases: FidelityCase[]; skipped: SkippedFixture[] } {
  const cases: FidelityCase[] = [];
  const skipped: SkippedFixture[] = [];
  for (const fx of fixtures) {
    const c = toCase(fx);
    if ("reason" in c) skipped.push(c);
    else cases.push(c);
  }
  return { cases, skipped };
}

function toCase(fx: Fixture): FidelityCase | SkippedFixture {
  const skip = (reason: string): SkippedFixture => ({ name: fx.name, reason });
  const { request, response } = fx;
  const path = request.path.split("?")[0] ?? "";
  const endpoint = ENDPOINT_OF[path];
  if (request.method !== "POST" || endpoint === undefined) return skip(`${request.method} ${request.path} is not a stateless stream, wait, create or batch`);
  // A recorded body the SDK cannot produce: it always sends JSON.stringify of its payload.
  if (request.raw_body !== undefined) return skip("malformed JSON: the SDK only ever sends valid JSON; the mock's answer is checked byte for byte in src/mock/capture-errors.test.ts");
  const expectsError = response.status < 200 || response.status >= 300;
  const failure = (): HttpFailure => ({ status: response.status, body: response.kind === "json" ? response.body : response.text });

  if (endpoint === "batch") {
    // `runs.createBatch` sends its items verbatim plus `assistant_id` from `assistantId` (spec §12).
    if (!Array.isArray(request.body) || !request.body.every(isObject)) return skip("a batch recording whose body is not an array of objects");
    const items = request.body;
    const base = { name: fx.name, title: `batch ${fx.name}`, endpoint, assistantId: undefined, payload: items, expectsError };
    if (expectsError) return { ...base, expected: { outcome: { error: failure() } } };
    if (response.kind !== "json") return skip("a 2xx /runs/batch recording that is not JSON");
    return { ...base, expected: { outcome: { runs: response.body } } };
  }
  if (!isObject(request.body)) return skip("the request body is not an object");
  const assistantId = request.body["assistant_id"];
  if (assistantId !== undefined && typeof assistantId !== "string") return skip("the recorded assistant_id is not a string");

  const payload: Record<string, unknown> = {};
  const unsent: string[] = [];
  for (const [key, value] of Object.entries(request.body)) {
    if (key === "assistant_id") continue;
    const option = OPTION_OF[key];
    if (option === undefined) return skip(`the body field "${key}" has no SDK option`);
    if (NOT_SENT[endpoint].includes(key)) unsent.push(key);
    else payload[option] = value;
  }
  // wait: raiseError off, so a recorded `__error__` body is returned instead of thrown and can be compared.
  if (endpoint === "wait") payload["raiseError"] = false;

  const base = { name: fx.name, title: `${endpoint} ${fx.name}`, endpoint, assistantId, payload, expectsError };
  if (expectsError) return { ...base, expected: { outcome: { error: failure() } } };
  if (unsent.length > 0) {
    return {
      ...base,
      title: `${base.title} (real server only: the SDK cannot send ${unsent.join(", ")})`,
      expected: {
        unavailable:
          `the SDK's runs.${endpoint} never sends ${unsent.join(", ")} (spec §12), so the recorded answer to a request with ` +
          `${unsent.length > 1 ? "them" : "it"} cannot be reproduced; transports are still compared with the real server`,
      },
    };
  }
  if (endpoint === "stream") {
    if (response.kind !== "sse" || !response.events) return skip("a 2xx /runs/stream recording without SSE events");
    return { ...base, expected: { outcome: { chunks: response.events.map((e) => ({ event: e.event, data: e.data, ...(e.id !== undefined ? { id: e.id } : {}) })) } } };
  }
  if (response.kind !== "json") return skip(`a 2xx ${path} recording that is not JSON`);
  // create: the fixture holds the Run object only; the join stream is compared with the real server.
  return { ...base, expected: { outcome: endpoint === "wait" ? { body: response.body } : { run: response.body } } };
}

/** Assistant ids are uuid5 of the graph id (spec §2.2): stable, so kept verbatim by the normaliser. */
export function assistantIds(fixtures: readonly Fixture[]): Set<string> {
  const graphs = new Set(fixtures.map((f) => f.source.graph_id).filter((g): g is string => typeof g === "string"));
  return new Set([...graphs].map(assistantIdForGraph));
}

/** `value` normalised for comparison (ids `<id-N>`, timestamps `<ts>`, assistant ids kept). */
export function normalise(value: unknown, keep: ReadonlySet<string>): unknown {
  return normaliseIds(value, { keep });
}

/**
 * The same client settings on every transport: no API key (an env key would be sent as `x-api-key`
 * and copied into run configs, spec §2.2), no retries (a retried POST would hide a transport fault).
 */
export function sdkClient(apiUrl: string): Client {
  return new Client({ apiUrl, apiKey: null, callerOptions: { maxRetries: 0 } });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Chunks as plain `{event, data, id?}` (the SDK's objects may carry `id: undefined`). */
function plain(chunks: readonly { event: string; data: unknown; id?: unknown }[]): Chunk[] {
  return chunks.map((c) => ({ event: c.event, data: c.data, ...(c.id !== undefined ? { id: String(c.id) } : {}) }));
}

/**
 * Make the case's SDK calls: `runs.stream(null, …)`, `runs.wait(null, …)`, or `runs.create(null, …)`
 * followed by `runs.joinStream(null, run_id)`. Stateless calls only, so the `null` overloads are
 * used directly (gotcha 14: a `string | null` variable would not type-check).
 */
export async function runCase(client: Client, c: FidelityCase): Promise<Outcome> {
  if (!c.expectsError) return call(client, c);
  try {
    await call(client, c);
  } catch (error) {
    if (isHttpError(error)) return { error: { status: error.status, body: parsedText(error.text) } };
    throw error;
  }
  throw new Error(`${c.name}: the SDK call succeeded, but the recording is an HTTP error answer`);
}

async function call(client: Client, c: FidelityCase): Promise<Outcome> {
  // The stateless overloads' types hide `onCompletion`, yet the SDK sends it (spec §8.2): the payload
  // is built from the recording, so it is passed through as the SDK's own payload type. A missing
  // assistant id is passed as undefined on purpose (error-missing-assistant-id).
  const assistantId = c.assistantId as string;
  if (c.endpoint === "batch") {
    const items = (c.payload as Record<string, unknown>[]).map((item) => ({ ...item, assistantId: item["assistant_id"] }));
    return { runs: await client.runs.createBatch(items as Parameters<Client["runs"]["createBatch"]>[0]) };
  }
  if (c.endpoint === "stream") {
    const payload = c.payload as Parameters<Client["runs"]["stream"]>[2];
    return { chunks: plain(await collect(client.runs.stream(null, assistantId, payload))) };
  }
  if (c.endpoint === "wait") {
    const payload = c.payload as Parameters<Client["runs"]["wait"]>[2];
    return { body: await client.runs.wait(null, assistantId, payload) };
  }
  const run = await client.runs.create(null, assistantId, c.payload as Parameters<Client["runs"]["create"]>[2]);
  const chunks = await collect(client.runs.joinStream(null, run.run_id));
  return { run, chunks: plain(chunks) };
}

/** The SDK's `HTTPError` (not exported from its entry point): `status` and the response `text`. */
function isHttpError(e: unknown): e is { status: number; text: string } {
  return e instanceof Error && typeof (e as { status?: unknown }).status === "number" && typeof (e as { text?: unknown }).text === "string";
}

function parsedText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The parts of `got` that the fixture's outcome describes (a create fixture holds no join stream). */
function comparableWith(got: Outcome, expected: Outcome): Outcome {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, got[key as keyof Outcome]])) as Outcome;
}

/**
 * The one known difference, a property of the client side rather than of the server or the mock: the JS server copies request headers such as
 * `user-agent` into `config.configurable` (spec §2.2, visible in the Run object of `POST /runs`).
 * Node's fetch adds its default `user-agent: node` below the layer MSW and nock intercept, so an
 * intercepted request has none and the mock copies none; and the corpus was recorded with
 * `undici.request`, which sends none. Comparisons that cross that line drop the copy.
 */
export const CLIENT_HEADER_COPIES = ["user-agent"] as const;

export function withoutClientHeaderCopies(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutClientHeaderCopies);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "configurable" && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).filter(([h]) => !(CLIENT_HEADER_COPIES as readonly string[]).includes(h)));
    } else out[k] = withoutClientHeaderCopies(v);
  }
  return out;
}

export type Transport = "msw" | "serve" | "nock" | "real";

/** Transports whose requests never reach a socket, so carry no fetch default headers. */
const INTERCEPTED: readonly Transport[] = ["msw", "nock"];

/**
 * The fidelity assertion: `got` (from `transport`) equals the real server's outcome and the
 * fixture's, after normalisation and the known differences above.
 */
export function expectFidelity(transport: Transport, c: FidelityCase, got: Outcome, real: Outcome, keep: ReadonlySet<string>): void {
  if (transport !== "real") {
    const strip = INTERCEPTED.includes(transport) ? withoutClientHeaderCopies : (v: unknown) => v;
    expect(normalise(strip(got), keep), `${transport} ≠ real server`).toEqual(normalise(strip(real), keep));
  }
  if ("outcome" in c.expected) {
    const want = c.expected.outcome;
    expect(normalise(withoutClientHeaderCopies(comparableWith(got, want)), keep), `${transport} ≠ fixture`).toEqual(normalise(want, keep));
  }
}
