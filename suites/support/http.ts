/**
 * Bounded HTTP client for the suites: global `fetch` (so MSW and a user's interceptors see it),
 * an AbortSignal timeout on every request, and a cap on how much of a body is read. It never
 * throws for HTTP-level problems: a refused connection, a timeout or an oversized body come back
 * as an {@link HttpExchange} with `error` set, so checks can report them as evidence.
 */
import { concatBytes } from "../../src/sse/bytes.js";
import { config, type TargetConfig } from "./config.js";
import { formatBytes, Utf8Validator, type Utf8Error } from "../../src/sse/utf8.js";
import { curlFor, type RequestEvidence } from "./evidence.js";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** JSON-encoded unless `rawBody` is given. */
  body?: unknown;
  /** Sent verbatim (e.g. malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Defaults to the configured request timeout. */
  timeoutMs?: number;
  /** An outside signal (e.g. a test's), combined with the timeout. */
  signal?: AbortSignal;
}

export interface HttpExchange {
  request: RequestEvidence;
  curl: string;
  /** 0 when no response arrived. */
  status: number;
  headers: Record<string, string>;
  contentType: string;
  text: string;
  /** Parsed `text` (after leading whitespace), when it is JSON. */
  json?: unknown;
  isJson: boolean;
  durationMs: number;
  /** Set when the exchange did not complete or its body is unusable: connection error, timeout, body too large, body not UTF-8. */
  error?: string;
}

/** Absolute URL for a path on the target. */
export function urlFor(path: string, cfg: TargetConfig = config()): string {
  return `${cfg.url}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * Headers for a request, and their evidence form (API key replaced by `$ENV_NAME`, so evidence
 * and curl commands never contain the secret).
 */
export function buildHeaders(
  extra: Record<string, string> | undefined,
  hasBody: boolean,
  cfg: TargetConfig = config(),
): { sent: Record<string, string>; shown: Record<string, string> } {
  const sent: Record<string, string> = {};
  const shown: Record<string, string> = {};
  if (hasBody) {
    sent["content-type"] = "application/json";
    shown["content-type"] = "application/json";
  }
  for (const [k, v] of Object.entries({ ...cfg.headers, ...extra })) {
    sent[k.toLowerCase()] = v;
    shown[k.toLowerCase()] = v;
  }
  if (cfg.apiKey !== undefined) {
    sent["x-api-key"] = cfg.apiKey;
    shown["x-api-key"] = `$${cfg.apiKeyEnv}`;
  }
  return { sent, shown };
}

export function bodyText(req: Pick<HttpRequest, "body" | "rawBody">): string | undefined {
  if (req.rawBody !== undefined) return req.rawBody;
  if (req.body === undefined) return undefined;
  return JSON.stringify(req.body);
}

export function requestEvidence(req: HttpRequest, cfg: TargetConfig = config()): {
  evidence: RequestEvidence;
  sentHeaders: Record<string, string>;
  body: string | undefined;
} {
  const body = bodyText(req);
  const { sent, shown } = buildHeaders(req.headers, body !== undefined, cfg);
  const evidence: RequestEvidence = { method: req.method, url: urlFor(req.path, cfg), headers: shown };
  if (body !== undefined) evidence.body = body.length > 4000 ? `${body.slice(0, 4000)}…` : body;
  return { evidence, sentHeaders: sent, body };
}

export function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/** Reads a body up to `maxBytes`; reports the overflow instead of buffering garbage forever. */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ text: string; overflow: boolean; invalidUtf8?: string }> {
  if (body === null) return { text: "", overflow: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { text: new TextDecoder().decode(concatBytes(chunks)), overflow: true };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = concatBytes(chunks);
  const result: { text: string; overflow: boolean; invalidUtf8?: string } = { text: new TextDecoder().decode(bytes), overflow: false };
  // JSON over HTTP must be UTF-8 (RFC 8259 §8.1). The replacing decoder above would let U+FFFD pass
  // for text, so a body with bad bytes could satisfy a shape check; name the first bad sequence.
  if (result.text.includes("\uFFFD")) {
    let first: Utf8Error | undefined;
    const validator = new Utf8Validator();
    const onError = (e: Utf8Error) => void (first ??= e);
    validator.feed(bytes, 0, onError);
    validator.end(onError, "the end of the body");
    if (first !== undefined) {
      result.invalidUtf8 = `the response body is not valid UTF-8: bytes ${formatBytes(first.bytes)} at byte ${first.offset} ${first.reason}`;
    }
  }
  return result;
}


/**
 * Transport failures in plain words. fetch (undici) only says "fetch failed" / "terminated" and hides
 * the reason in `cause.code`; a report reader should not need to know undici's error codes.
 */
const TRANSPORT_ERRORS: Record<string, string> = {
  ECONNRESET: "the server reset the connection",
  ECONNREFUSED: "the connection was refused (is the server listening at this address?)",
  ENOTFOUND: "the host name does not resolve",
  EPIPE: "the server closed the connection while the request was being sent",
  UND_ERR_SOCKET: "the server closed the connection before the response was complete",
  UND_ERR_HEADERS_OVERFLOW: "the response headers exceed the HTTP client's size limit (Node's --max-http-header-size, 16 KiB by default)",
};

export function describeFetchError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError") return `no complete response within ${timeoutMs} ms (request timeout)`;
  if (err?.name === "AbortError") return "the request was aborted";
  const code = err?.cause?.code;
  const plain = code !== undefined ? TRANSPORT_ERRORS[code] : undefined;
  if (plain !== undefined) return `${err?.message ?? String(error)}: ${plain} (${code})`;
  const cause = code ?? err?.cause?.message;
  return `${err?.message ?? String(error)}${cause ? ` (${cause})` : ""}`;
}

/** One bounded request; the whole body is read (capped) before it returns. */
export async function send(req: HttpRequest, cfg: TargetConfig = config()): Promise<HttpExchange> {
  const timeoutMs = req.timeoutMs ?? cfg.timeoutMs;
  const { evidence, sentHeaders, body } = requestEvidence(req, cfg);
  const curl = curlFor(evidence);
  const started = performance.now();
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (req.signal) signals.push(req.signal);
  const base = { request: evidence, curl, headers: {}, contentType: "", text: "", isJson: false };
  let response: Response;
  try {
    const init: RequestInit = { method: req.method, headers: sentHeaders, signal: AbortSignal.any(signals) };
    if (body !== undefined) init.body = body;
    response = await fetch(evidence.url, init);
  } catch (error) {
    return { ...base, status: 0, durationMs: performance.now() - started, error: describeFetchError(error, timeoutMs) };
  }
  const headers = headersObject(response.headers);
  const contentType = response.headers.get("content-type") ?? "";
  let text = "";
  let error: string | undefined;
  try {
    const read = await readCapped(response.body, cfg.maxEventBytes);
    text = read.text;
    if (read.overflow) error = `the response body exceeded ${cfg.maxEventBytes} bytes; reading stopped`;
    else if (read.invalidUtf8 !== undefined) error = read.invalidUtf8;
  } catch (e) {
    error = `reading the response body failed: ${describeFetchError(e, timeoutMs)}`;
  }
  const exchange: HttpExchange = {
    ...base,
    status: response.status,
    headers,
    contentType,
    text,
    isJson: false,
    durationMs: performance.now() - started,
  };
  if (error !== undefined) exchange.error = error;
  const trimmed = text.replace(/^\s+/, "");
  if (trimmed.length > 0) {
    try {
      exchange.json = JSON.parse(trimmed);
      exchange.isJson = true;
    } catch {
      // Not JSON: checks decide whether that matters.
    }
  }
  return exchange;
}

export const get = (path: string, extra: Partial<HttpRequest> = {}, cfg?: TargetConfig) =>
  send({ method: "GET", path, ...extra }, cfg);
export const post = (path: string, body: unknown, extra: Partial<HttpRequest> = {}, cfg?: TargetConfig) =>
  send({ method: "POST", path, body, ...extra }, cfg);
export const del = (path: string, extra: Partial<HttpRequest> = {}, cfg?: TargetConfig) =>
  send({ method: "DELETE", path, ...extra }, cfg);
