// Records one HTTP exchange with a deployment into a fixture. undici's `request` gives us the body as a
// stream, so events are read (and timed) as they arrive; nothing buffers the whole SSE response.
// The recorder never writes a file itself: `recordScenarios` writes each finished fixture atomically,
// so an interrupted recording leaves nothing behind.
import { performance } from "node:perf_hooks";
import { request, type Dispatcher } from "undici";
import { readSse } from "../sse/index.js";
import type { SseFramingStats } from "../sse/index.js";
import { FIXTURE_FORMAT, KEPT_RESPONSE_HEADERS, RECORDER_ID, type Fixture, type FixtureEvent } from "../fixtures/format.js";
import { normaliseFixture } from "../fixtures/normalise.js";
import { redactFixture } from "../fixtures/redact.js";
import { SCENARIO_ENDPOINTS, scenarioGraphId, type Scenario } from "./scenario.js";

export interface RecordOptions {
  /** Deployment base URL, e.g. http://127.0.0.1:2024 */
  baseUrl: string;
  /** Sent as `x-api-key`; taken from the environment by the CLI, never from its arguments. */
  apiKey?: string;
  /** Whole-exchange timeout (headers and body), ms. Default 60 s. */
  timeoutMs?: number;
  /** Largest single SSE event accepted, bytes. Default 16 MiB. */
  maxEventBytes?: number;
  /** Extra secret patterns to redact (in addition to the built-in rules). */
  redactPatterns?: RegExp[];
  /** Skip normalisation (keeps real ids; for debugging only). */
  raw?: boolean;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  /** GET /info body, fetched once per session by `recordScenarios`. */
  info?: unknown;
}

export interface RecordResult {
  fixture: Fixture;
  redactions: { count: number; byRule: Record<string, number> };
}

export class RecordError extends Error {
  override name = "RecordError";
}

const MAX_TEXT_BODY = 64 * 1024 * 1024;

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

function lineEnding(stats: SseFramingStats | undefined): "lf" | "crlf" | "cr" | "mixed" {
  if (!stats) return "lf";
  const { lf, crlf, cr } = stats.lineEndings;
  const used = [lf > 0, crlf > 0, cr > 0].filter(Boolean).length;
  if (used > 1) return "mixed";
  if (crlf > 0) return "crlf";
  if (cr > 0) return "cr";
  return "lf";
}

function serverName(info: unknown): string {
  const ctx = info && typeof info === "object" ? (info as { context?: unknown }).context : undefined;
  if (ctx === "js") return "@langchain/langgraph-api";
  if (ctx === "python" || ctx === "py") return "langgraph-api";
  return "unknown";
}

function serverVersion(info: unknown): string | null {
  const v = info && typeof info === "object" ? (info as { version?: unknown }).version : undefined;
  return typeof v === "string" ? v : null;
}

/** Fetches `GET /info` (null when the server has none, e.g. not a LangGraph server). */
export async function fetchInfo(opts: Pick<RecordOptions, "baseUrl" | "apiKey" | "timeoutMs" | "dispatcher" | "signal">): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (opts.apiKey) headers["x-api-key"] = opts.apiKey;
  const res = await request(joinUrl(opts.baseUrl, "/info"), {
    method: "GET",
    headers,
    signal: opts.signal ?? AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The graph id behind an assistant UUID (`GET /assistants/{id}`), so fixtures always name the graph. */
async function resolveGraphId(id: string | null, opts: RecordOptions): Promise<string | null> {
  if (!id || !UUID.test(id)) return id;
  try {
    const headers: Record<string, string> = opts.apiKey ? { "x-api-key": opts.apiKey } : {};
    const res = await request(joinUrl(opts.baseUrl, `/assistants/${id}`), {
      method: "GET",
      headers,
      signal: AbortSignal.timeout(10_000),
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    const body = (await res.body.json().catch(() => null)) as { graph_id?: unknown } | null;
    return res.statusCode === 200 && typeof body?.graph_id === "string" ? body.graph_id : id;
  } catch {
    return id;
  }
}

/** Sends one scenario's request and turns the response into a redacted, normalised fixture. */
export async function recordScenario(scenario: Scenario, opts: RecordOptions): Promise<RecordResult> {
  const { method, path } = SCENARIO_ENDPOINTS[scenario.endpoint];
  const headers: Record<string, string> = { "content-type": "application/json", ...(scenario.headers ?? {}) };
  const sentHeaders = { ...headers };
  if (opts.apiKey) headers["x-api-key"] = opts.apiKey;
  const body = scenario.raw_body ?? JSON.stringify(scenario.body);

  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 60_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const started = performance.now();
  let res: Dispatcher.ResponseData;
  try {
    res = await request(joinUrl(opts.baseUrl, path), {
      method,
      headers,
      body,
      signal,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
  } catch (error) {
    throw new RecordError(`${scenario.name}: ${method} ${joinUrl(opts.baseUrl, path)} failed: ${(error as Error).message}`);
  }
  const headersAt = performance.now();
  const responseHeaders: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const v = res.headers[name];
    if (v !== undefined) responseHeaders[name] = Array.isArray(v) ? v.join(", ") : v;
  }
  const contentType = responseHeaders["content-type"] ?? "";

  let response: Fixture["response"];
  let framing: Fixture["framing"];
  try {
    if (contentType.toLowerCase().startsWith("text/event-stream")) {
      const events: FixtureEvent[] = [];
      const extraDiagnostics: string[] = [];
      const iterator = readSse(res.body, { maxEventBytes: opts.maxEventBytes ?? 16 * 1024 * 1024, signal });
      let step = await iterator.next();
      while (!step.done) {
        const frame = step.value;
        const t = Math.max(0, Math.round(performance.now() - headersAt));
        let data: unknown = frame.data;
        try {
          data = frame.data.trim() === "" ? null : JSON.parse(frame.data);
        } catch {
          extraDiagnostics.push(`event #${events.length} "${frame.event}": data is not valid JSON (kept as a string)`);
        }
        const ev: FixtureEvent = { event: frame.event, data, t };
        if (frame.hadId && frame.id !== undefined) ev.id = frame.id;
        events.push(ev);
        step = await iterator.next();
      }
      const summary = step.value;
      framing = {
        line_ending: lineEnding(summary?.stats),
        comments: summary?.stats.comments ?? 0,
        id_lines: summary?.stats.idLines ?? 0,
        retry_lines: summary?.stats.retryLines ?? 0,
        diagnostics: [...(summary?.diagnostics ?? []).map((d) => `${d.kind}: ${d.message}`), ...extraDiagnostics],
      };
      response = { status: res.statusCode, headers: responseHeaders, kind: "sse", headers_ms: 0, end_ms: 0, events };
    } else {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_TEXT_BODY) throw new RecordError(`${scenario.name}: response body exceeds ${MAX_TEXT_BODY} bytes`);
        chunks.push(chunk as Buffer);
      }
      const text = Buffer.concat(chunks).toString("utf8");
      const trimmed = text.trimStart();
      let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
      if (trimmed !== "") {
        try {
          parsed = { ok: true, value: JSON.parse(trimmed) };
        } catch {
          /* not JSON: kept as text */
        }
      }
      response = parsed.ok
        ? {
            status: res.statusCode,
            headers: responseHeaders,
            kind: "json",
            headers_ms: 0,
            end_ms: 0,
            body: parsed.value,
            ...(text.length !== trimmed.length ? { leading_whitespace: text.slice(0, text.length - trimmed.length) } : {}),
          }
        : { status: res.statusCode, headers: responseHeaders, kind: "text", headers_ms: 0, end_ms: 0, text };
    }
  } catch (error) {
    res.body.destroy();
    if (error instanceof RecordError) throw error;
    throw new RecordError(`${scenario.name}: reading the response failed: ${(error as Error).message}`);
  }
  const ended = performance.now();
  response.headers_ms = Math.round(headersAt - started);
  response.end_ms = Math.round(ended - headersAt);

  let requestBody: unknown = null;
  if (scenario.raw_body === undefined) requestBody = scenario.body ?? null;
  const fixture: Fixture = {
    format: FIXTURE_FORMAT,
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    source: {
      server: serverName(opts.info),
      version: serverVersion(opts.info),
      ...(opts.info !== undefined && opts.info !== null ? { info: opts.info } : {}),
      graph_id: await resolveGraphId(scenarioGraphId(scenario), opts),
      recorded_at: new Date().toISOString(),
      recorder: RECORDER_ID,
    },
    request: {
      method,
      path,
      headers: sentHeaders,
      body: requestBody,
      ...(scenario.raw_body !== undefined ? { raw_body: scenario.raw_body } : {}),
    },
    response,
    ...(framing ? { framing } : {}),
    normalisation: { applied: [], placeholders: 0 },
    redaction: { count: 0, by_rule: {} },
  };

  const redacted = redactFixture(fixture, { patterns: opts.redactPatterns ?? [] });
  const final = opts.raw ? redacted.fixture : normaliseFixture(redacted.fixture).fixture;
  return { fixture: final, redactions: { count: redacted.count, byRule: redacted.byRule } };
}
