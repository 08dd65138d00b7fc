/**
 * Reads one SSE response the way the checks need it: through the project's strict SSE reader
 * (src/sse), bounded three ways — a whole-stream timeout, an idle timeout (no event and no EOF
 * for too long) and a cap on one event's size — and timed, so SR-05 can measure how long EOF
 * took after the last event. It never throws for target misbehaviour: the result says how the
 * stream ended and why.
 */
import { readSse, SseLimitError, type SseDiagnostic, type SseFrame, type SseReadResult } from "../../src/sse/index.js";
import { config, type TargetConfig } from "./config.js";
import { curlFor, excerpt, type EventEvidence, type RequestEvidence } from "./evidence.js";
import { describeFetchError, headersObject, requestEvidence, type HttpRequest } from "./http.js";

export interface StreamEvent {
  index: number;
  event: string;
  /** Raw data text as received (lines joined with `\n`). */
  dataText: string;
  /** Parsed JSON, when `parsed` is true. */
  data: unknown;
  parsed: boolean;
  parseError?: string;
  /** `id:` field, when the frame had one. */
  id?: string;
  /** Whether the frame had an `event:` line (SR-03). */
  hasEventField: boolean;
  /** Milliseconds since the request was sent. */
  atMs: number;
}

export type StreamEnd =
  /** The server closed the body normally. */
  | "eof"
  /** The caller aborted on purpose (`abortAfter`). */
  | "aborted"
  /** No event and no EOF within the idle timeout. */
  | "idle-timeout"
  /** The whole stream took longer than the stream timeout. */
  | "timeout"
  /** Connection error, reader error or an oversized event. */
  | "error"
  /** Not an event stream: non-2xx or another content type; `body` holds the text. */
  | "not-sse";

export type StreamStats = Partial<SseReadResult["stats"]>;

export interface StreamExchange {
  request: RequestEvidence;
  curl: string;
  /** 0 when no response arrived. */
  status: number;
  headers: Record<string, string>;
  contentType: string;
  events: StreamEvent[];
  end: StreamEnd;
  /** Why the stream ended other than by EOF, in one sentence. */
  endReason?: string;
  /** Time from the last event (or the headers, without events) to EOF; set when `end` is `eof`. */
  eofAfterLastEventMs?: number;
  /** Time from the request to the response headers. */
  headersAtMs?: number;
  durationMs: number;
  /** Body text when `end` is `not-sse`. */
  body?: string;
  stats: StreamStats;
  /** Framing diagnostics of the SSE reader (plus reading problems as kind "read"). */
  diagnostics: Array<{ kind: string; message: string }>;
}

export interface StreamOptions {
  /** Abort (client disconnect) once this many events have arrived. */
  abortAfterEvents?: number;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  /** Called for every event as it arrives (e.g. to act mid-stream). */
  onEvent?: (event: StreamEvent) => void | Promise<void>;
}

/** Sends `req` (normally a POST to /runs/stream) and reads the SSE response, bounded. */
export async function openStream(
  req: HttpRequest,
  opts: StreamOptions = {},
  cfg: TargetConfig = config(),
): Promise<StreamExchange> {
  const timeoutMs = opts.timeoutMs ?? cfg.timeoutMs;
  const idleTimeoutMs = Math.min(opts.idleTimeoutMs ?? cfg.idleTimeoutMs, timeoutMs);
  const { evidence, sentHeaders, body } = requestEvidence(req, cfg);
  const curl = curlFor(evidence, { stream: true });
  const started = performance.now();
  const since = () => performance.now() - started;

  const result: StreamExchange = {
    request: evidence,
    curl,
    status: 0,
    headers: {},
    contentType: "",
    events: [],
    end: "error",
    durationMs: 0,
    stats: {},
    diagnostics: [],
  };

  const controller = new AbortController();
  let abortKind: StreamEnd | undefined;
  let abortReason: string | undefined;
  const abort = (kind: StreamEnd, reason: string) => {
    if (abortKind !== undefined) return;
    abortKind = kind;
    abortReason = reason;
    controller.abort(new Error(reason));
  };
  // A server that never sends its headers did not start a stream at all: say so, rather than
  // "the stream did not end", which reads as if events had flowed.
  const noHeaders = (ms: number, which: string) => `no response headers within ${ms} ms (${which})`;
  const total = setTimeout(
    () =>
      abort(
        "timeout",
        result.headersAtMs === undefined ? noHeaders(timeoutMs, "stream timeout") : `the stream did not end within ${timeoutMs} ms (stream timeout)`,
      ),
    timeoutMs,
  );
  let idle: ReturnType<typeof setTimeout> | undefined;
  const armIdle = (after: string) => {
    if (idle !== undefined) clearTimeout(idle);
    idle = setTimeout(
      () =>
        abort(
          "idle-timeout",
          result.headersAtMs === undefined ? noHeaders(idleTimeoutMs, "idle timeout") : `no event and no end of stream for ${idleTimeoutMs} ms after ${after}`,
        ),
      idleTimeoutMs,
    );
  };
  if (req.signal) req.signal.addEventListener("abort", () => abort("aborted", "aborted by the caller"), { once: true });

  const finish = (end: StreamEnd, reason?: string): StreamExchange => {
    clearTimeout(total);
    if (idle !== undefined) clearTimeout(idle);
    result.end = end;
    if (reason !== undefined) result.endReason = reason;
    result.durationMs = since();
    return result;
  };

  let response: Response;
  try {
    armIdle("the request was sent");
    const init: RequestInit = { method: req.method, headers: sentHeaders, signal: controller.signal };
    if (body !== undefined) init.body = body;
    response = await fetch(evidence.url, init);
  } catch (error) {
    if (abortKind !== undefined) return finish(abortKind, abortReason);
    return finish("error", `no response: ${describeFetchError(error, timeoutMs)}`);
  }
  result.headersAtMs = since();
  result.status = response.status;
  result.headers = headersObject(response.headers);
  result.contentType = response.headers.get("content-type") ?? "";

  if (!response.ok || !result.contentType.toLowerCase().startsWith("text/event-stream") || response.body === null) {
    try {
      const text = await readTextCapped(response, cfg.maxEventBytes);
      result.body = text;
    } catch (error) {
      result.body = "";
      result.diagnostics.push({ kind: "read", message: `reading the body failed: ${describeFetchError(error, timeoutMs)}` });
    }
    return finish(
      "not-sse",
      response.body === null ? "the response has no body" : `HTTP ${response.status} ${result.contentType || "(no content type)"}`,
    );
  }

  const reader = readSse(response.body, { maxEventBytes: cfg.maxEventBytes, signal: controller.signal });
  let lastEventAt = result.headersAtMs;
  armIdle("the response headers");
  try {
    for (;;) {
      const step = await reader.next();
      if (step.done) {
        const summary: SseReadResult = step.value;
        result.stats = summary.stats;
        result.diagnostics.push(...summary.diagnostics.map((d: SseDiagnostic) => ({ kind: d.kind, message: `line ${d.line}: ${d.message}` })));
        result.eofAfterLastEventMs = since() - lastEventAt;
        return finish("eof");
      }
      const frame: SseFrame = step.value;
      const atMs = since();
      lastEventAt = atMs;
      const dataText = frame.data;
      const ev: StreamEvent = {
        index: result.events.length,
        event: frame.event,
        dataText,
        data: undefined,
        parsed: false,
        hasEventField: frame.hasEventField,
        atMs,
      };
      if (frame.hadId) ev.id = frame.id ?? "";
      try {
        ev.data = JSON.parse(dataText);
        ev.parsed = true;
      } catch (error) {
        ev.parseError = (error as Error).message;
      }
      result.events.push(ev);
      armIdle(`event #${ev.index} "${ev.event}"`);
      if (opts.onEvent) await opts.onEvent(ev);
      if (opts.abortAfterEvents !== undefined && result.events.length >= opts.abortAfterEvents) {
        abort("aborted", `client disconnected after ${result.events.length} event(s)`);
        await reader.return?.(undefined as never).catch(() => undefined);
        return finish("aborted", abortReason);
      }
    }
  } catch (error) {
    if (abortKind !== undefined) return finish(abortKind, abortReason);
    if (error instanceof SseLimitError) {
      result.diagnostics.push({ kind: error.diagnostic.kind, message: error.message });
      return finish("error", `an event exceeded the ${cfg.maxEventBytes}-byte cap: ${error.message}`);
    }
    return finish("error", `reading the stream failed: ${describeFetchError(error, timeoutMs)}`);
  } finally {
    controller.abort();
  }
}

async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    text += decoder.decode(value, { stream: true });
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return `${text}… (cut at ${maxBytes} bytes)`;
    }
  }
  return text + decoder.decode();
}

/** Evidence form of one event. */
export function eventEvidence(ev: StreamEvent): EventEvidence {
  return { index: ev.index, name: ev.event, data: excerpt(ev.dataText) };
}

/** Short description of the event sequence, e.g. `metadata, updates, updates`. */
export function eventNames(stream: StreamExchange, max = 30): string {
  const names = stream.events.map((e) => e.event);
  return names.length > max ? `${names.slice(0, max).join(", ")}, … (${names.length} events)` : names.join(", ") || "(no events)";
}

/** The run id of the `metadata` event, when well-formed. */
export function metadataRunId(stream: StreamExchange): string | undefined {
  const first = stream.events[0];
  if (first?.event !== "metadata" || !first.parsed) return undefined;
  const runId = (first.data as { run_id?: unknown } | null)?.run_id;
  return typeof runId === "string" ? runId : undefined;
}
