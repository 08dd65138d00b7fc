// Abort storm against the standalone mock (`startMockServer` in this process, real HTTP on port 0):
// thousands of stateless streams and waits, each aborted by the client at a random point — before
// the headers, between events, or not at all — with bounded concurrency, on a scaled recorded
// timeline so the streams are really in flight. Afterwards the server must be back where it started:
// the same active handles (sockets, timers, server), no run, stream or timer held by the deployment,
// no leftover temporary thread, and a bounded heap/RSS growth.
//
// Shared by test/hardening/abort-storm.test.ts (npm test) and scripts/fuzz-long.ts (10,000 aborts).
// The plan is drawn with fast-check from a seed (ABORT_SEED), so a run is reproducible.
import { seedFromEnv } from "../support/seed.js";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { Pool } from "undici";
import type { Fixture } from "../../src/fixtures/format.js";
import { loadFixtureDir } from "../../src/fixtures/io.js";
import { startMockServer, type MockHttpServer } from "../../src/mock/serve.js";
import { CORPUS_DIR } from "./paths.js";

export interface AbortStormOptions {
  seed: number;
  /** Requests in the storm (each aborted at a random point, some after EOF). */
  requests: number;
  /** Requests in flight at once. Default 100. */
  concurrency?: number;
  /** Multiplier for recorded timing (0.1 = ten times faster than recorded). Default 0.1. */
  scale?: number;
  /** Requests before the baseline is taken (JIT, pools, lazy module state). Default 1,000. */
  warmup?: number;
  /** The storm runs in this many equal phases, memory sampled after each (a leak grows every phase). Default 2. */
  phases?: number;
  /** Progress lines (e.g. console.log). */
  log?: (line: string) => void;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

export interface AbortStormReport {
  seed: number;
  requests: number;
  concurrency: number;
  scale: number;
  ms: number;
  /** How each request ended. */
  outcomes: { abortedBeforeHeaders: number; abortedMidBody: number; completed: number; otherErrors: number };
  otherErrorSamples: string[];
  /** Active resources (process.getActiveResourcesInfo) by type. */
  resourcesBefore: Record<string, number>;
  resourcesAfter: Record<string, number>;
  /** ms until resources and counters were back to the baseline (or the limit, if they never were). */
  settleMs: number;
  settled: boolean;
  deploymentAfter: MockHttpServer["deployment"]["stats"];
  serverConnectionsAfter: number;
  temporaryThreadsLeft: number;
  memoryBefore: MemorySample;
  /** After each phase (deployment reset, two GCs). */
  memoryPhases: MemorySample[];
  memoryAfter: MemorySample;
}

const gc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  // --expose-gc at run time (works in vitest workers and plain node alike).
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

function memory(): MemorySample {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};

interface Scenario {
  name: string;
  path: string;
  body: string;
  /** Recorded ms from request to EOF, before scaling. */
  durationMs: number;
}

/** Stateless, temporary-thread recordings of the corpus: streams and waits. */
export async function stormScenarios(): Promise<Scenario[]> {
  const fixtures: Fixture[] = await loadFixtureDir(CORPUS_DIR);
  return fixtures
    .filter((f) => f.request.method === "POST" && (f.request.path === "/runs/stream" || f.request.path === "/runs/wait"))
    .filter((f) => f.response.status === 200 && (f.request.body as Record<string, unknown>)["on_completion"] !== "keep")
    .map((f) => ({ name: f.name, path: f.request.path, body: JSON.stringify(f.request.body), durationMs: f.response.headers_ms + f.response.end_ms }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

interface Step {
  scenario: number;
  /**
   * Where the abort clock starts: at the request, or at the response headers. Under load the
   * headers come late, so request-relative aborts alone would mostly land before them.
   */
  from: "request" | "headers";
  /** Abort point as a fraction of the scaled duration (> 1: mostly after EOF, i.e. no abort). */
  at: number;
}

/** Wait until nothing is running or connected (and, with a baseline, the active resources match it). */
async function settle(server: MockHttpServer, baseline: Record<string, number> | undefined, limitMs: number): Promise<{ ms: number; ok: boolean }> {
  const t0 = Date.now();
  for (;;) {
    const s = server.deployment.stats;
    const connections = await new Promise<number>((r) => server.server.getConnections((_, n) => r(n)));
    const ok = s.activeRuns === 0 && s.openStreams === 0 && s.timers === 0 && connections === 0 && (baseline === undefined || sameCounts(resources(), baseline));
    if (ok || Date.now() - t0 > limitMs) return { ms: Date.now() - t0, ok };
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function fire(
  pool: Pool,
  scenarios: Scenario[],
  steps: Step[],
  concurrency: number,
  scale: number,
  outcomes: AbortStormReport["outcomes"],
  errors: Set<string>,
): Promise<void> {
  let next = 0;
  const one = async (step: Step): Promise<void> => {
    const sc = scenarios[step.scenario] as Scenario;
    const ac = new AbortController();
    const delay = Math.max(0, step.at * sc.durationMs * scale);
    let timer = step.from === "request" ? setTimeout(() => ac.abort(new Error("storm abort")), delay) : undefined;
    let phase: "headers" | "body" = "headers";
    try {
      const res = await pool.request({ method: "POST", path: sc.path, headers: { "content-type": "application/json" }, body: sc.body, signal: ac.signal });
      phase = "body";
      timer ??= setTimeout(() => ac.abort(new Error("storm abort")), delay);
      for await (const chunk of res.body) void chunk;
      if (res.statusCode !== 200) throw new Error(`${sc.name}: status ${res.statusCode}`);
      outcomes.completed++;
    } catch (error) {
      if (ac.signal.aborted) {
        if (phase === "headers") outcomes.abortedBeforeHeaders++;
        else outcomes.abortedMidBody++;
      } else {
        outcomes.otherErrors++;
        if (errors.size < 5) errors.add(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    } finally {
      clearTimeout(timer);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, steps.length) }, async () => {
      while (next < steps.length) await one(steps[next++] as Step);
    }),
  );
}

export async function runAbortStorm(opts: AbortStormOptions): Promise<AbortStormReport> {
  const concurrency = opts.concurrency ?? 100;
  const scale = opts.scale ?? 0.1;
  const warmup = opts.warmup ?? 1000;
  const log = opts.log ?? (() => undefined);
  const scenarios = await stormScenarios();
  if (scenarios.length === 0) throw new Error(`abort storm: no stateless stream/wait recordings in ${CORPUS_DIR}`);
  // Mostly aborts spread over the whole stream, a few after EOF (completed streams mixed in).
  const step: fc.Arbitrary<Step> = fc.record({
    scenario: fc.integer({ min: 0, max: scenarios.length - 1 }),
    from: fc.constantFrom("request", "headers", "headers"),
    at: fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: 1.05, max: 1.5, noNaN: true }) }),
  });
  const steps = fc.sample(step, { seed: opts.seed, numRuns: warmup + opts.requests });

  const server = await startMockServer({ port: 0, fixturesDir: CORPUS_DIR, timing: { scale }, logger: false });
  const outcomes = { abortedBeforeHeaders: 0, abortedMidBody: 0, completed: 0, otherErrors: 0 };
  const errors = new Set<string>();
  try {
    // Warm-up with the same client setup, then the baseline: everything closed and idle.
    let pool = new Pool(server.url, { connections: concurrency });
    await fire(pool, scenarios, steps.slice(0, warmup), concurrency, scale, { ...outcomes }, new Set());
    await pool.close();
    await server.deployment.idle();
    const pre = await settle(server, undefined, 10_000);
    if (!pre.ok) log(`abort storm: the warm-up did not settle within 10 s (${JSON.stringify(server.deployment.stats)})`);
    const resourcesBefore = resources();
    server.deployment.reset(); // forget finished runs kept for joins (bounded by design), so memory compares like with like
    const memoryBefore = memory();
    log(`abort storm: seed ${opts.seed}, ${opts.requests} requests, ${concurrency} at a time, timing x${scale}; baseline ${JSON.stringify(resourcesBefore)}`);

    const phases = Math.max(1, opts.phases ?? 2);
    const storm = steps.slice(warmup);
    const per = Math.ceil(storm.length / phases);
    const memoryPhases: MemorySample[] = [];
    let ms = 0;
    let after = { ms: 0, ok: true };
    let temporaryThreadsLeft = 0;
    for (let p = 0; p < phases; p++) {
      const t0 = Date.now();
      pool = new Pool(server.url, { connections: concurrency });
      await fire(pool, scenarios, storm.slice(p * per, (p + 1) * per), concurrency, scale, outcomes, errors);
      ms += Date.now() - t0;
      await pool.close();
      await server.deployment.idle();
      const settled = await settle(server, resourcesBefore, 15_000);
      after = { ms: Math.max(after.ms, settled.ms), ok: after.ok && settled.ok };
      temporaryThreadsLeft += server.deployment.store.listThreads({ includeHidden: true }).filter((t) => server.deployment.store.isTemporary(t.thread_id)).length;
      if (p < phases - 1) {
        server.deployment.reset();
        memoryPhases.push(memory());
      }
    }
    const deploymentAfter = server.deployment.stats;
    const serverConnectionsAfter = await new Promise<number>((r) => server.server.getConnections((_, n) => r(n)));
    const resourcesAfter = resources();
    server.deployment.reset();
    const memoryAfter = memory();
    memoryPhases.push(memoryAfter);
    const report: AbortStormReport = {
      seed: opts.seed,
      requests: opts.requests,
      concurrency,
      scale,
      ms,
      outcomes,
      otherErrorSamples: [...errors],
      resourcesBefore,
      resourcesAfter,
      settleMs: after.ms,
      settled: after.ok,
      deploymentAfter,
      serverConnectionsAfter,
      temporaryThreadsLeft,
      memoryBefore,
      memoryPhases,
      memoryAfter,
    };
    log(`abort storm: ${JSON.stringify(report)}`);
    return report;
  } finally {
    await server.close();
  }
}

/** ABORT_SEED from the environment, or a fresh one. */
export const abortSeed = (): number => seedFromEnv("ABORT_SEED");
