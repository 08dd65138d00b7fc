// Load generation for the bench.
//
// - Throughput (completed streams/s) comes from autocannon: a kept, lean load generator with its own
//   HTTP parser, so at tens of thousands of streams/s the client costs less CPU than any
//   fetch/undici loop would, and the server (not the client) is what gets measured.
// - Time-to-first-event and time-to-EOF need per-stream timestamps of the first SSE frame, which
//   autocannon cannot give (its latency is request → complete response). For those, undici's Pool
//   with streaming body reads, parsed by our own `readSse`, timestamps each frame as it arrives.
import autocannon from "autocannon";
import { Pool } from "undici";
import { readSse } from "../../src/sse/index.js";
import { percentile } from "./stats.js";

export interface Scenario {
  path: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
}

export interface ThroughputResult {
  /** Completed 2xx responses per second. */
  rps: number;
  completed: number;
  errors: number;
  non2xx: number;
  seconds: number;
}

/** autocannon for `seconds` (or until `amount` responses) with `connections` concurrent streams. */
export async function throughput(
  url: string,
  scenario: Scenario,
  connections: number,
  limit: { seconds: number } | { amount: number },
): Promise<ThroughputResult> {
  const r = await autocannon({
    url: `${url}${scenario.path}`,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections,
    pipelining: 1,
    timeout: 60,
    ...("seconds" in limit ? { duration: limit.seconds } : { amount: limit.amount }),
  });
  const completed = r["2xx"];
  return {
    rps: completed / r.duration,
    completed,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    seconds: r.duration,
  };
}

/** One stream as the client saw it (ms from sending the request). */
export interface StreamTiming {
  ok: boolean;
  status: number;
  headersMs: number;
  /** Arrival time of each SSE frame. */
  frameMs: number[];
  frames: string[];
  eofMs: number;
  error?: string;
}

/** Send one streaming request through `pool` and timestamp headers, every frame and EOF. */
export async function timedStream(pool: Pool, scenario: Scenario, signal?: AbortSignal): Promise<StreamTiming> {
  const t0 = performance.now();
  const timing: StreamTiming = { ok: false, status: 0, headersMs: Number.NaN, frameMs: [], frames: [], eofMs: Number.NaN };
  try {
    const res = await pool.request({
      path: scenario.path,
      method: scenario.method,
      headers: scenario.headers,
      body: scenario.body,
      ...(signal ? { signal } : {}),
    });
    timing.status = res.statusCode;
    timing.headersMs = performance.now() - t0;
    for await (const frame of readSse(res.body)) {
      timing.frameMs.push(performance.now() - t0);
      timing.frames.push(frame.event);
    }
    timing.eofMs = performance.now() - t0;
    timing.ok = res.statusCode === 200 && timing.frames.length > 0;
  } catch (error) {
    timing.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return timing;
}

export interface LatencyResult {
  completed: number;
  errors: number;
  /** Completed streams / wall time of the pass. */
  rps: number;
  ttfeP50: number;
  ttfeP99: number;
  eofP50: number;
  eofP99: number;
  streams: StreamTiming[];
}

/** `total` streams, at most `concurrency` in flight, over one undici Pool of `concurrency` connections. */
export async function latencyPass(url: string, scenario: Scenario, concurrency: number, total: number): Promise<LatencyResult> {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 10_000 });
  const streams: StreamTiming[] = [];
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, total) }, async () => {
        while (next < total) {
          next++;
          streams.push(await timedStream(pool, scenario));
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const wall = (performance.now() - t0) / 1000;
  const ok = streams.filter((s) => s.ok);
  const ttfe = ok.map((s) => s.frameMs[0] as number);
  const eof = ok.map((s) => s.eofMs);
  return {
    completed: ok.length,
    errors: streams.length - ok.length,
    rps: ok.length / wall,
    ttfeP50: percentile(ttfe, 50),
    ttfeP99: percentile(ttfe, 99),
    eofP50: percentile(eof, 50),
    eofP99: percentile(eof, 99),
    streams,
  };
}

export interface BurstResult {
  streams: StreamTiming[];
  errors: number;
  errorSamples: string[];
  wallMs: number;
  /** Most streams that had headers and no EOF yet at the same time (proves they were concurrent). */
  peakOpen: number;
}

/** Most intervals [headers, EOF] overlapping at one instant. */
function peakOverlap(streams: readonly StreamTiming[]): number {
  const edges: [number, number][] = [];
  for (const s of streams) if (s.ok) edges.push([s.headersMs, 1], [s.eofMs, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (open += d));
  return peak;
}

/** A pool for bursts: one connection per stream, kept alive between bursts (see `burst`). */
export function burstPool(url: string, connections: number): Pool {
  return new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
}

/**
 * `count` streams sent at once (one connection each) and held to EOF. Pass a pool that already
 * holds the connections (a warm-up burst) to measure streaming rather than 1,000 TCP handshakes
 * through a 511-deep accept queue.
 */
export async function burst(pool: Pool, scenario: Scenario, count: number, expectedFrames: number): Promise<BurstResult> {
  const t0 = performance.now();
  {
    const streams = await Promise.all(Array.from({ length: count }, () => timedStream(pool, scenario)));
    for (const s of streams) {
      if (s.ok && s.frames.length !== expectedFrames) {
        s.ok = false;
        s.error = `expected ${expectedFrames} events, got ${s.frames.length}`;
      }
    }
    const bad = streams.filter((s) => !s.ok);
    return {
      streams,
      errors: bad.length,
      errorSamples: [...new Set(bad.map((s) => s.error ?? `status ${s.status}, ${s.frames.length} frames`))].slice(0, 5),
      wallMs: performance.now() - t0,
      peakOpen: peakOverlap(streams),
    };
  }
}

/**
 * Inter-event jitter of replayed streams: for each stream, (arrival gap − recorded gap) between
 * consecutive events, the first gap counted from the response headers (recorded `t` is relative to
 * headers). Positive = later than recorded.
 */
export function jitter(streams: readonly StreamTiming[], recordedT: readonly number[]): number[] {
  const out: number[] = [];
  for (const s of streams) {
    if (!s.ok || s.frameMs.length !== recordedT.length) continue;
    let prevArrival = s.headersMs;
    let prevRecorded = 0;
    for (let i = 0; i < recordedT.length; i++) {
      const arrival = s.frameMs[i] as number;
      const recorded = recordedT[i] as number;
      out.push(arrival - prevArrival - (recorded - prevRecorded));
      prevArrival = arrival;
      prevRecorded = recorded;
    }
  }
  return out;
}
