/**
 * Every real capture of the JS server (test/data/captures, copied raw from the spec) must pass the
 * schemas, and the request-body schema must reject exactly the bodies the server's zod rejected.
 */
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./constants.js";
import { errorsOnly, formatIssues, validateEvent, validateEventStream, validateValue } from "./validate.js";
import type { SchemaName } from "./schemas.js";
import {
  listCaptures,
  parseCapturedSse,
  readCaptureRequest,
  readCaptureResponse,
  type CapturedRequest,
  type CapturedResponse,
} from "./testing/captures.js";

const names = listCaptures();
const captures = names.map((name) => ({ name, request: readCaptureRequest(name), response: readCaptureResponse(name) }));
const isSse = (r: CapturedResponse) => (r.headers["content-type"] ?? "").startsWith("text/event-stream");
const isJson = (r: CapturedResponse) => (r.headers["content-type"] ?? "").startsWith("application/json");

function requestJson(request: CapturedRequest): unknown {
  try {
    return JSON.parse(request.body);
  } catch {
    return undefined;
  }
}

/** Which schema a JSON response body must satisfy, from the request that produced it. */
function responseSchema(request: CapturedRequest, response: CapturedResponse): SchemaName | undefined {
  if (response.status >= 400) return "ZodErrorBody"; // JS: every JSON error body is a zod failure
  const { method, path } = request;
  if (method === "POST" && path === ENDPOINTS.runs) return "Run";
  if (method === "POST" && path === ENDPOINTS.runsBatch) return "RunList";
  if (method === "POST" && path === ENDPOINTS.runsWait) return "WaitBody";
  if (method === "GET" && /^\/threads\/[^/]+$/.test(path)) return "Thread";
  if (method === "GET" && /^\/threads\/[^/]+\/runs\/[^/]+$/.test(path)) return "Run";
  if (method === "GET" && /^\/threads\/[^/]+\/runs\/[^/]+\/join$/.test(path)) return "WaitBody";
  return undefined;
}

describe("capture set", () => {
  it("is complete: every capture has a request and a response", () => {
    expect(names.length).toBeGreaterThanOrEqual(120);
  });
});

describe("SSE captures: every event passes its schema", () => {
  const sse = captures.filter((c) => isSse(c.response));
  let eventCount = 0;

  it.each(sse.map((c) => [c.name, c] as const))("%s", (_name, { request, response }) => {
    const { events, trailing } = parseCapturedSse(response.body);
    expect(trailing, "captures end on a complete frame").toBe("");
    eventCount += events.length;
    const body = requestJson(request) as { stream_subgraphs?: boolean; stream_mode?: string | string[] } | undefined;
    const isPostStream = request.method === "POST";
    // Joined streams (GET …/stream) may start mid-run or get a share of the events (spec §4.2),
    // so the stream-level rules apply only to the POST streams.
    const issues = isPostStream
      ? validateEventStream(events, {
          subgraphs: body?.stream_subgraphs === true,
          requestedModes: body?.stream_mode ?? [],
          requireInterruptIds: true,
        })
      : events.flatMap((ev, i) => validateEvent(ev, i, { requireInterruptIds: true }));
    expect(formatIssues(errorsOnly(issues))).toBe("");
    const warnings = issues.filter((i) => i.severity === "warning");
    // The only SHOULD-level deviation in the captures is the JS leak of `checkpoints` events with
    // `values` + `stream_subgraphs` (spec §5.2, SR-13).
    for (const w of warnings) {
      expect(w.rule).toBe("stream.unrequestedMode");
      expect(w.event?.startsWith("checkpoints")).toBe(true);
    }
    if (warnings.length > 0) expect(body?.stream_subgraphs).toBe(true);
  });

  it("warns (SR-13) only where JS leaks checkpoints events", () => {
    const warned = sse
      .filter(({ request, response }) => {
        const body = requestJson(request) as { stream_subgraphs?: boolean; stream_mode?: string | string[] } | undefined;
        if (request.method !== "POST") return false;
        const { events } = parseCapturedSse(response.body);
        const opts = { subgraphs: body?.stream_subgraphs === true, requestedModes: body?.stream_mode ?? [] };
        return validateEventStream(events, opts).some((i) => i.severity === "warning");
      })
      .map((c) => c.name);
    expect(warned).toEqual(["stream_agent_values_subgraphs", "stream_nested_values_subgraphs"]);
  });

  it("covered a real number of events", () => {
    expect(sse.length).toBeGreaterThanOrEqual(60);
    expect(eventCount).toBeGreaterThanOrEqual(300);
  });
});

describe("JSON response captures pass their schemas", () => {
  const json = captures.filter((c) => isJson(c.response) && responseSchema(c.request, c.response) !== undefined);
  // JS `/runs/wait` answers text/plain with a JSON body (SR-33), so wait captures are added by path.
  const wait = captures.filter((c) => c.request.path === ENDPOINTS.runsWait && c.response.status === 200);

  it.each([...json, ...wait].map((c) => [c.name, c] as const))("%s", (_name, { request, response }) => {
    const schema = responseSchema(request, response)!;
    // Leading keep-alive newlines are part of the wait body (spec §9): strip, then parse.
    const value: unknown = JSON.parse(response.body.trimStart());
    expect(formatIssues(validateValue(schema, value))).toBe("");
    if (schema === "ZodErrorBody") expect(validateValue("ErrorBody", value)).toEqual([]);
  });

  it("found the expected kinds of bodies", () => {
    const kinds = new Set([...json, ...wait].map((c) => responseSchema(c.request, c.response)));
    expect([...kinds].sort()).toEqual(["Run", "RunList", "Thread", "WaitBody", "ZodErrorBody"]);
  });

  it("JS plain-text errors are not JSON (no schema applies; check status and Content-Type instead)", () => {
    const text = captures.filter((c) => c.response.status >= 400 && (c.response.headers["content-type"] ?? "").startsWith("text/plain"));
    expect(text.length).toBeGreaterThanOrEqual(5);
    for (const { response } of text) expect(() => JSON.parse(response.body)).toThrow();
  });
});

describe("request bodies: the schema agrees with the JS server's zod validation", () => {
  const runEndpoints: string[] = [ENDPOINTS.runsStream, ENDPOINTS.runsWait, ENDPOINTS.runs, ENDPOINTS.runsBatch];
  const posts = captures.filter(
    (c) =>
      c.request.method === "POST" &&
      runEndpoints.includes(c.request.path) &&
      // Without a JSON Content-Type JS ignores the body (spec §2.2); text/plain is parsed as JSON.
      /^(application\/json|text\/plain)/i.test(c.request.headers["content-type"] ?? "") &&
      requestJson(c.request) !== undefined,
  );

  it.each(posts.map((c) => [c.name, c] as const))("%s", (_name, { request, response }) => {
    const schema: SchemaName = request.path === ENDPOINTS.runsBatch ? "RunBatchCreateStateless" : "RunCreateStateless";
    const issues = validateValue(schema, requestJson(request));
    const zodRejected = response.status === 400 && isJson(response);
    if (zodRejected) expect(issues.length, `${request.body} should be rejected`).toBeGreaterThan(0);
    else expect(formatIssues(issues)).toBe("");
  });

  it("saw both accepted and rejected bodies", () => {
    const rejected = posts.filter((c) => c.response.status === 400 && isJson(c.response));
    expect(rejected.length).toBeGreaterThanOrEqual(10);
    expect(posts.length - rejected.length).toBeGreaterThanOrEqual(50);
  });
});
