// One case: call the adapter against the suite server and judge the result. Plain functions that
// throw ClientConformanceError, so they run inside vitest tests or anywhere else.
import { FAULT_HEADER, INJECTED_ERROR } from "../mock/index.js";
import type { ClientCase } from "./cases.js";
import { createMasker, diffEvents, jsonEqual, preview } from "./compare.js";
import { expectedEvents, requestOf } from "./fixtures.js";
import type { RecordedRequest, SuiteServer } from "./server.js";
import type { ClientAdapter, ClientEvent, StreamResult, WaitResult } from "./types.js";

export class ClientConformanceError extends Error {
  override readonly name = "ClientConformanceError";
  constructor(
    readonly caseId: string,
    readonly problems: readonly string[],
    context: string,
  ) {
    super(`${caseId}: ${problems.join("; ")}${context ? `\n${context}` : ""}`);
  }
}

export interface CheckTiming {
  /** Abort a stalled stream after the server has sent nothing for this long, ms. Default 300. */
  stallMs?: number;
  /** Abort any call still running after this long, ms. Default 10 000. */
  caseTimeoutMs?: number;
  /** After an abort, how long the adapter may take to return, ms. Default 2 000. */
  abortGraceMs?: number;
}

/** The raw data of the frame the mock's `malformed-frame` fault sends (`data: {not json`). */
export const MALFORMED_DATA = "{not json";

interface Invocation<T> {
  result: T | undefined;
  /** The adapter rejected instead of returning `{ error }`. */
  rejected: boolean;
  /** Still running `abortGraceMs` after the abort. */
  hung: boolean;
  ms: number;
}

/**
 * Call the adapter with a signal the suite aborts when `shouldAbort()` turns true (polled) or after
 * `deadlineMs`; then give it `graceMs` to return before declaring it hung.
 */
async function invoke<T>(
  call: (signal: AbortSignal) => Promise<T>,
  deadlineMs: number,
  shouldAbort: (() => boolean) | undefined,
  graceMs: number,
  wrap: (e: unknown) => T,
): Promise<Invocation<T>> {
  const ac = new AbortController();
  const t0 = Date.now();
  let poll: ReturnType<typeof setInterval> | undefined;
  let hangTimer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((resolve) => {
    poll = setInterval(() => {
      if (ac.signal.aborted) return;
      const late = Date.now() - t0 >= deadlineMs;
      if (!late && !shouldAbort?.()) return;
      clearInterval(poll);
      ac.abort(new Error(late ? `client-suite: aborted after ${deadlineMs} ms` : "client-suite: aborted a stalled stream"));
      hangTimer = setTimeout(() => resolve("hung"), graceMs);
    }, 20);
  });
  let rejected = false;
  const done = call(ac.signal).catch((e: unknown) => {
    rejected = true;
    return wrap(e);
  });
  try {
    const r = await Promise.race([done, hung]);
    if (r === "hung") return { result: undefined, rejected: false, hung: true, ms: Date.now() - t0 };
    return { result: r as T, rejected, hung: false, ms: Date.now() - t0 };
  } finally {
    clearInterval(poll);
    clearTimeout(hangTimer);
  }
}

/** `Name: message (status N)`, plus the cause's message, for reports. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const status = (e as { status?: unknown }).status;
    const cause = e.cause instanceof Error ? ` (cause: ${e.cause.name}: ${e.cause.message})` : "";
    return `${e.name}: ${e.message}${typeof status === "number" ? ` [status ${status}]` : ""}${cause}`;
  }
  return preview(e, 200);
}

function statusOf(e: unknown): number | undefined {
  const s = e !== null && typeof e === "object" ? (e as { status?: unknown }).status : undefined;
  return typeof s === "number" ? s : undefined;
}

function describeRequests(reqs: readonly RecordedRequest[]): string {
  if (reqs.length === 0) return "the client made no request to the case URL";
  return `requests: ${reqs.map((r) => `${r.method} ${r.path} → ${r.status || "?"}${r.outcome === "complete" ? "" : ` (${r.outcome})`}`).join(", ")}`;
}

function context(inv: Invocation<StreamResult | WaitResult>, reqs: readonly RecordedRequest[]): string {
  const lines: string[] = [];
  const r = inv.result;
  if (r && "events" in r) lines.push(`  client yielded ${r.events.length} event(s): [${r.events.map((e) => e.event).join(", ")}]`);
  if (r && "body" in r && r.body !== undefined) lines.push(`  client returned ${preview(r.body)}`);
  if (r?.error !== undefined) lines.push(`  client ${inv.rejected ? "adapter rejected with" : "reported error"} ${describeError(r.error)}`);
  else if (r) lines.push("  client reported no error");
  lines.push(`  ${describeRequests(reqs)}; ${inv.ms} ms`);
  return lines.join("\n");
}

/** Run one case; resolves when the client behaved, throws ClientConformanceError otherwise. */
export async function runClientCase(adapter: ClientAdapter, c: ClientCase, server: SuiteServer, timing: CheckTiming = {}): Promise<void> {
  const stallMs = timing.stallMs ?? 300;
  const caseTimeoutMs = timing.caseTimeoutMs ?? 10_000;
  const graceMs = timing.abortGraceMs ?? 2_000;
  const baseUrl = server.baseUrlFor(c.id);
  const req = requestOf(c.fixture);
  const isWait = c.kind === "wait" || c.kind === "wait-fault" || (c.kind === "http-error" && c.fixture.request.path.startsWith("/runs/wait"));

  if (isWait) {
    const wait = adapter.wait?.bind(adapter);
    if (!wait) throw new ClientConformanceError(c.id, ["the adapter has no wait()"], "");
    const inv = await invoke<WaitResult>((signal) => wait({ ...req, baseUrl, signal }), caseTimeoutMs, undefined, graceMs, (error) => ({ error }));
    const problems = [...mismatch(c, server.requestsFor(c.id)), ...judgeWait(c, inv)];
    if (problems.length > 0) throw new ClientConformanceError(c.id, problems, context(inv, server.requestsFor(c.id)));
    return;
  }

  // A stall is declared after `stallMs` of server-side silence (not of wall-clock time since the
  // call), so a slow machine cannot abort the client before it has read the events sent.
  const stalled = c.fault === "stall" ? () => server.idleMs(c.id) >= stallMs : undefined;
  const inv = await invoke<StreamResult>((signal) => adapter.stream({ ...req, baseUrl, signal }), caseTimeoutMs, stalled, graceMs, (error) => ({ events: [], error }));
  const reqs = server.requestsFor(c.id);
  const problems = [...mismatch(c, reqs), ...judgeStream(c, inv, reqs)];
  if (problems.length > 0) throw new ClientConformanceError(c.id, problems, context(inv, server.requestsFor(c.id)));
}

/**
 * A 4xx/5xx the case did not ask for means the client's request did not reproduce the recording
 * (another input, stream mode or assistant): the mock's answer, in the client's error, says why.
 * Reported first, because it also explains any other problem (and would otherwise pass the cases
 * that only require an error).
 */
function mismatch(c: ClientCase, reqs: readonly RecordedRequest[]): string[] {
  if (c.kind === "http-error" || c.fault === "status-503") return [];
  const bad = reqs.find((r) => r.status >= 400);
  if (!bad) return [];
  return [
    `the mock answered ${bad.method} ${bad.path} with HTTP ${bad.status}: the client's request did not reproduce the recorded one ` +
      `(body sent: ${preview(bad.body, 300)}; recorded: ${preview(c.fixture.request.body, 300)})`,
  ];
}

function judgeStream(c: ClientCase, inv: Invocation<StreamResult>, reqs: readonly RecordedRequest[]): string[] {
  if (inv.hung || !inv.result) {
    return [
      c.fault === "stall"
        ? "the stream stalled and the suite aborted the signal, but the client did not return: it must stop reading when its signal aborts"
        : "the client did not return before the case time-out, nor after its signal was aborted",
    ];
  }
  const { events, error } = inv.result;
  const expected = expectedEvents(c.fixture);
  const problems: string[] = [];
  if (!Array.isArray(events)) return [`the adapter returned no events array (got ${preview(events)})`];
  const n = c.faultAt ?? 0;

  switch (c.fault) {
    case "drop": {
      const d = diffEvents(expected.slice(0, n), events);
      if (d) problems.push(`the ${n} events sent before the drop differ: ${d}`);
      if (error === undefined) {
        problems.push(
          `the connection dropped after ${n} of ${expected.length} events, but the client reported success: a truncated stream must surface an error, not end silently`,
        );
      }
      return problems;
    }
    case "stall": {
      const d = diffEvents(expected.slice(0, n), events);
      if (d) problems.push(`the ${n} events sent before the stall differ: ${d}`);
      return problems;
    }
    case "error-event": {
      const injected: ClientEvent = { event: "error", data: { error: INJECTED_ERROR, message: `Injected by ${FAULT_HEADER}: error-event=${n}` } };
      const d = diffEvents([...expected.slice(0, n), injected], events);
      if (d) problems.push(`the run's \`error\` event must be yielded like any event, after the ${n} before it: ${d}`);
      return problems;
    }
    case "malformed-frame": {
      const before = diffEvents(expected.slice(0, n), events.slice(0, n));
      if (before) return [`the ${n} events before the malformed frame differ: ${before}`];
      if (error !== undefined) {
        if (events.length > n) problems.push(`after the malformed frame the client yielded ${events.length - n} more event(s) and then also reported an error`);
        return problems;
      }
      const raw = events[n];
      if (raw && raw.event === "values" && raw.data === MALFORMED_DATA) {
        const rest = diffEvents(expected.slice(n), events.slice(n + 1));
        if (rest) problems.push(`after the malformed frame (yielded raw): ${rest}`);
        return problems;
      }
      if (!diffEvents(expected, events)) return [`the frame with invalid JSON data after event #${n - 1} was skipped silently; it must surface as an error (or be yielded raw)`];
      if (events.length === n) return [`the client stopped at the frame with invalid JSON data (after ${n} of ${expected.length} events) but reported no error`];
      return [`the frame with invalid JSON data was neither reported as an error nor yielded raw: ${diffEvents(expected, events)}`];
    }
    case "status-503":
      return httpErrorProblems(503, events, error);
    default:
      break;
  }
  if (c.kind === "http-error") {
    const status = reqs.find((r) => r.status >= 400)?.status ?? c.fixture.response.status;
    return httpErrorProblems(status, events, error);
  }
  // stream, framing, slow, delay-headers: the complete recording.
  const endsInError = expected.at(-1)?.event === "error";
  if (error !== undefined && !endsInError) problems.push("the client reported an error (below) on a complete stream");
  const d = diffEvents(expected, events);
  if (d) problems.push(d);
  if (inv.rejected) problems.push("the adapter rejected instead of returning { events, error }");
  return problems;
}

function httpErrorProblems(status: number, events: readonly ClientEvent[], error: unknown): string[] {
  const problems: string[] = [];
  if (error === undefined) problems.push(`the server answered HTTP ${status}, but the client reported success`);
  else {
    const s = statusOf(error);
    if (s !== undefined && s !== status) problems.push(`the client's error says status ${s}, the server answered ${status}`);
  }
  if (events.length > 0) problems.push(`the client yielded ${events.length} event(s) from an HTTP ${status} response`);
  return problems;
}

function isErrorBody(v: unknown): v is { __error__: unknown } {
  return typeof v === "object" && v !== null && "__error__" in v;
}

function judgeWait(c: ClientCase, inv: Invocation<WaitResult>): string[] {
  if (inv.hung || !inv.result) return ["runs.wait did not return before the case time-out, nor after its signal was aborted"];
  const { body, error } = inv.result;
  if (c.kind === "http-error") {
    return error === undefined ? [`the server answered HTTP ${c.fixture.response.status}, but the client returned ${preview(body)}`] : [];
  }
  if (c.fault === "status-503") return error === undefined ? [`the server answered HTTP 503, but the client returned ${preview(body)}`] : [];
  if (c.fault === "error-event") {
    if (error !== undefined || isErrorBody(body)) return [];
    return [`the run failed, but the client returned ${preview(body)} as if it succeeded`];
  }
  const expected = c.fixture.response.body;
  if (isErrorBody(expected)) {
    if (error !== undefined) return [];
    if (jsonEqual(createMasker()(expected), createMasker()(body))) return [];
    return [`the run failed (recorded body ${preview(expected)}), but the client returned ${preview(body)} without an error`];
  }
  const problems: string[] = [];
  if (error !== undefined) problems.push("the client reported an error (below) where the run succeeded");
  else if (!jsonEqual(createMasker()(expected), createMasker()(body))) {
    problems.push(`the final values differ (ids masked):\n  expected ${preview(expected)}\n  got      ${preview(body)}`);
  }
  return problems;
}
