/**
 * Thread oracles for the side-effect checks (spec §1.2, §8): counts, full id sets (paged
 * `/threads/search`), marker searches, byte-level snapshots of a thread, and polling helpers.
 */
import { randomUUID } from "node:crypto";
import { config } from "./config.js";
import { del, get, post, type HttpExchange } from "./http.js";

export const MARKER_KEY = "lgc_marker";

/** A metadata marker unique to this run of the suites and to one request variant. */
export function marker(variant: string): string {
  return `lgc-${config().session}-${variant}-${randomUUID().slice(0, 8)}`;
}

export function markerMetadata(value: string): Record<string, string> {
  return { [MARKER_KEY]: value };
}

export class OracleError extends Error {
  override name = "OracleError";
  constructor(
    message: string,
    readonly exchange: HttpExchange,
  ) {
    super(message);
  }
}

export async function countThreads(): Promise<number> {
  const res = await post("/threads/count", {});
  if (res.status !== 200 || typeof res.json !== "number") {
    throw new OracleError(`POST /threads/count answered ${res.status} ${res.text.slice(0, 120)}${res.error ? ` (${res.error})` : ""}`, res);
  }
  return res.json;
}

export interface ThreadSummary {
  thread_id: string;
  status?: string;
  metadata?: Record<string, unknown>;
}

/** Every thread id, paging `/threads/search` until a short page (the pagination headers are unreliable on JS). */
export async function allThreadIds(pageSize = 1000, maxPages = 50): Promise<string[]> {
  const ids = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const res = await post("/threads/search", { limit: pageSize, offset: page * pageSize });
    if (res.status !== 200 || !Array.isArray(res.json)) {
      throw new OracleError(`POST /threads/search answered ${res.status} ${res.text.slice(0, 120)}`, res);
    }
    const items = res.json as ThreadSummary[];
    for (const t of items) if (typeof t?.thread_id === "string") ids.add(t.thread_id);
    if (items.length < pageSize) break;
  }
  return [...ids].sort();
}

/** Threads whose metadata contains the marker. */
export async function threadsWithMarker(value: string): Promise<ThreadSummary[]> {
  const res = await post("/threads/search", { metadata: markerMetadata(value), limit: 100 });
  if (res.status !== 200 || !Array.isArray(res.json)) {
    throw new OracleError(`POST /threads/search by marker answered ${res.status} ${res.text.slice(0, 120)}`, res);
  }
  return res.json as ThreadSummary[];
}

export async function threadExists(threadId: string): Promise<{ exists: boolean; status: number; text: string }> {
  const res = await get(`/threads/${encodeURIComponent(threadId)}`);
  return { exists: res.status === 200, status: res.status, text: res.text };
}

/** What the thread endpoints answer for one thread, byte for byte. */
export interface ThreadSnapshot {
  thread: { status: number; body: string };
  state: { status: number; body: string };
  history: { status: number; body: string };
  runs: { status: number; body: string };
}

export async function snapshotThread(threadId: string): Promise<ThreadSnapshot> {
  const id = encodeURIComponent(threadId);
  const [thread, state, history, runs] = await Promise.all([
    get(`/threads/${id}`),
    get(`/threads/${id}/state`),
    post(`/threads/${id}/history`, { limit: 100 }),
    get(`/threads/${id}/runs`),
  ]);
  const pick = (r: HttpExchange) => ({ status: r.status, body: r.text });
  return { thread: pick(thread), state: pick(state), history: pick(history), runs: pick(runs) };
}

/** The parts of two snapshots that differ, as readable lines. */
export function snapshotDiff(before: ThreadSnapshot, after: ThreadSnapshot): string[] {
  const lines: string[] = [];
  for (const key of ["thread", "state", "history", "runs"] as const) {
    const a = before[key];
    const b = after[key];
    if (a.status !== b.status || a.body !== b.body) {
      const where = key === "thread" ? "GET /threads/{id}" : key === "history" ? "POST …/history" : `GET …/${key}`;
      lines.push(`${where}: before ${a.status} ${clip(a.body)} | after ${b.status} ${clip(b.body)}`);
    }
  }
  return lines;
}

function clip(text: string, max = 200): string {
  const one = text.replace(/\s+/g, " ");
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

export async function deleteThread(threadId: string): Promise<number> {
  const res = await del(`/threads/${encodeURIComponent(threadId)}`);
  return res.status;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every `intervalMs` until it returns true or `timeoutMs` passed; resolves to the
 * last result (so callers can assert on it). Never sleeps blindly past success.
 */
export async function pollUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(Math.min(intervalMs, Math.max(0, deadline - performance.now())));
  }
}

/**
 * Waits until the thread count stays the same for `stableMs` (no run of a previous check is still
 * cleaning up), at most `timeoutMs`. Returns the settled count.
 */
export async function settledCount(timeoutMs: number, stableMs = 300): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = await countThreads();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(100);
    const now = await countThreads();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= stableMs) {
      return now;
    }
  }
  return last;
}
