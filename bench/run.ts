// `npm run bench`: every performance figure of the mock, measured side by side in one run and printed
// as one Markdown table (also written as JSON to bench/results/, gitignored, for comparisons).
//
//   node --import tsx bench/run.ts [--quick] [--no-real] [--no-check]
//
// Servers under test run in their own processes (bench/servers/*, the real server via
// startReferenceServer), so the load generator in this process never competes with the server's
// event loop; on a 2-core machine that is one core each. Targets are interleaved within every repeat
// so drift (other load on the machine) hits them alike; each figure is the median of the repeats
// with their min–max.
import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { loadFixtureDir } from "../src/fixtures/io.js";
import { startReferenceServer, type ReferenceServer } from "../src/reference/server.js";
import type { CheckRun } from "./check.js";
import type { InProcessResult } from "./inprocess.js";
import type { Captured } from "./servers/ceiling.js";
import { bundleChildren, bundlePath } from "./lib/build.js";
import { procStats, startServerChild, type ServerChild } from "./lib/child.js";
import { burst, burstPool, jitter, latencyPass, throughput, timedStream, type Scenario } from "./lib/load.js";
import { fmtNumber, fmtRatio, fmtSpread, percentile, spread, type Spread } from "./lib/stats.js";

// ---- options -------------------------------------------------------------------------------------

const argv = new Set(process.argv.slice(2));
for (const a of argv) {
  if (!["--quick", "--no-real", "--no-check", "--help"].includes(a)) {
    console.error(`bench: unknown option ${a}; use --quick, --no-real, --no-check`);
    process.exit(2);
  }
}
if (argv.has("--help")) {
  console.log("usage: npm run bench -- [--quick] [--no-real] [--no-check]");
  process.exit(0);
}
const QUICK = argv.has("--quick");
const WITH_REAL = !argv.has("--no-real");
const WITH_CHECK = !argv.has("--no-check");

const CONCURRENCY = [1, 10, 100] as const;
type Conc = (typeof CONCURRENCY)[number];
const PLAN = QUICK
  ? {
      repeats: 1,
      autocannonSeconds: 1,
      latencyStreams: { 1: 100, 10: 300, 100: 1000 } as Record<Conc, number>,
      // The real server runs ~10 streams at a time and each takes ~0.5–1 s: few streams, undici only.
      realStreams: { 1: 2, 10: 10, 100: 0 } as Record<Conc, number>,
      burstRounds: 1,
      inprocessSeconds: 1,
      mockChecks: 1,
      realChecks: 0,
    }
  : {
      repeats: 3,
      autocannonSeconds: 3,
      latencyStreams: { 1: 500, 10: 2000, 100: 5000 } as Record<Conc, number>,
      realStreams: { 1: 5, 10: 20, 100: 100 } as Record<Conc, number>,
      burstRounds: 3,
      inprocessSeconds: 2,
      mockChecks: 3,
      realChecks: 1,
    };

const TARGETS = { ceilingRatio: 0.8, jitterP99Ms: 5, burstRssMb: 150, checkSeconds: 10 };

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const started = Date.now();
const loadAtStart = loadavg();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)}s`;

// ---- scenario ------------------------------------------------------------------------------------

const corpusDir = join(import.meta.dirname, "../fixtures/corpus");
const corpus = await loadFixtureDir(corpusDir);
const fixture = corpus.find((f) => f.name === "agent-updates");
if (!fixture || fixture.response.kind !== "sse") throw new Error("bench: fixtures/corpus/agent-updates.json (an SSE recording) is missing");
/** The recording the mock actually replays for the scenario (its matcher decides; see capture). */
let served = fixture;
let recordedT: number[] = [];
const scenario: Scenario = {
  path: "/runs/stream",
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(fixture.request.body),
};

// ---- results -------------------------------------------------------------------------------------

type TargetName = "ceiling" | "mock" | "real";
interface StreamFigures {
  rps: number[];
  ttfeP50: number[];
  ttfeP99: number[];
  eofP50: number[];
  eofP99: number[];
  cpuPct: number[];
  errors: number;
  /** Where streams/s came from: autocannon (fixed duration) or the undici latency pass. */
  rpsSource: "autocannon" | "undici";
}
const streamResults: Record<TargetName, Partial<Record<Conc, StreamFigures>>> = { ceiling: {}, mock: {}, real: {} };
const figures = (t: TargetName, c: Conc): StreamFigures =>
  (streamResults[t][c] ??= { rps: [], ttfeP50: [], ttfeP99: [], eofP50: [], eofP99: [], cpuPct: [], errors: 0, rpsSource: t === "real" ? "undici" : "autocannon" });

interface BurstFigures {
  target: "mock" | "ceiling";
  count: number;
  peakOpen: number[];
  errors: number[];
  errorSamples: string[];
  jitterP50: number[];
  jitterP99: number[];
  jitterMaxAbs: number[];
  /** Per round: p99 of each gap (0 = headers → first event). Shows where lateness piles up. */
  jitterP99ByGap: number[][];
  wallMs: number[];
}
const bursts: Record<string, BurstFigures> = {};
let burstMemory:
  | { baselineRss: number; peakRss: number; afterRss: number; afterHeap: number; afterStats: unknown; ceilingBaselineRss: number; ceilingPeakRss: number }
  | undefined;
let inprocess: InProcessResult | undefined;
const checks: { mock: CheckRun[]; real: CheckRun[] } = { mock: [], real: [] };
const notes: string[] = [];

// ---- helpers -------------------------------------------------------------------------------------

/** Fork a child that sends one result; `tsx: true` runs the .ts source, otherwise the bundle. */
function forkResult<T>(name: string, args: string[], opts: { tsx?: boolean } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const file = opts.tsx ? join(import.meta.dirname, `${name}.ts`) : bundlePath(name);
    const child = fork(file, args, { execArgv: opts.tsx ? ["--import", "tsx"] : [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let result: T | undefined;
    child.on("message", (m: T) => (result = m));
    child.on("exit", (code) => (result !== undefined ? resolve(result) : reject(new Error(`bench: ${file} exited with code ${code} without a result`))));
  });
}

async function capture(url: string): Promise<Captured> {
  const pool = new Pool(url);
  try {
    const res = await pool.request({ ...scenario });
    const headers: Record<string, string> = {};
    // Node adds these itself for the ceiling too; everything else is copied verbatim.
    for (const [k, v] of Object.entries(res.headers)) if (!["date", "transfer-encoding", "keep-alive"].includes(k) && typeof v === "string") headers[k] = v;
    return { status: res.statusCode, headers, body: await res.body.text() };
  } finally {
    await pool.close();
  }
}

/** Server CPU use over `fn`, as % of one core. */
async function withCpu<T>(cpuOf: () => Promise<number | undefined>, fn: () => Promise<T>): Promise<[T, number]> {
  const c0 = await cpuOf();
  const t0 = performance.now();
  const r = await fn();
  const c1 = await cpuOf();
  const wallMicros = (performance.now() - t0) * 1000;
  return [r, c0 === undefined || c1 === undefined ? Number.NaN : ((c1 - c0) / wallMicros) * 100];
}

// ---- run -----------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), "lgc-bench-"));
const children: ServerChild[] = [];
let real: ReferenceServer | undefined;
try {
  log(`bench: ${QUICK ? "quick" : "full"} run on ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);

  await bundleChildren(["servers/mock", "servers/ceiling", "inprocess"]);
  const mock = await startServerChild("mock", [corpusDir, "instant"]);
  children.push(mock);
  const sample = await capture(mock.url);
  if (sample.status !== 200) throw new Error(`bench: the mock answered ${sample.status} to the scenario: ${sample.body.slice(0, 300)}`);
  const servedName = (await mock.stats()).lastFixture;
  served = corpus.find((f) => f.name === servedName) ?? fixture;
  recordedT = (served.response.events ?? []).map((e) => e.t);
  if (served !== fixture) {
    notes.push(
      `The mock's matcher replays ${served.name}.json (not agent-updates.json) for this request: the two recordings tie on every match criterion and ties go by name; jitter is measured against ${served.name}'s timeline.`,
    );
  }
  sample.timeline = { headersMs: served.response.headers_ms, t: recordedT, endMs: served.response.end_ms };
  const capturedFile = join(tmp, "captured.json");
  writeFileSync(capturedFile, JSON.stringify(sample));
  const ceiling = await startServerChild("ceiling", [capturedFile]);
  children.push(ceiling);
  const check = await capture(ceiling.url);
  if (check.body !== sample.body) throw new Error("bench: the ceiling server does not send the mock's bytes");
  log(`bench: scenario agent-updates (served: ${served.name}), ${Buffer.byteLength(sample.body)} body bytes, ${recordedT.length} events; mock ${mock.url}, ceiling ${ceiling.url}`);

  if (WITH_REAL) {
    real = await startReferenceServer();
    const probePool = new Pool(real.url);
    const probe = await timedStream(probePool, scenario);
    await probePool.close();
    if (!probe.ok) throw new Error(`bench: the real server failed the scenario: ${probe.error ?? probe.status}`);
    log(`bench: real server ${real.url} (pid ${real.pid}) started in ${real.startupMs} ms; one stream took ${probe.eofMs.toFixed(0)} ms`);
  }

  const realPid = (): number | undefined => real?.pid;
  const cpuOf = (t: TargetName) => async (): Promise<number | undefined> => {
    if (t === "ceiling") return (await ceiling.stats()).cpuMicros;
    if (t === "mock") return (await mock.stats()).cpuMicros;
    const pid = realPid();
    return pid === undefined ? undefined : procStats(pid)?.cpuMicros;
  };
  const urlOf = (t: TargetName): string => (t === "ceiling" ? ceiling.url : t === "mock" ? mock.url : (real as ReferenceServer).url);

  // Warm-up: JIT both servers and the client paths before anything is recorded.
  for (const t of ["ceiling", "mock"] as const) {
    await throughput(urlOf(t), scenario, 10, { seconds: 1 });
    await latencyPass(urlOf(t), scenario, 10, 500);
  }

  for (let rep = 0; rep < PLAN.repeats; rep++) {
    for (const c of CONCURRENCY) {
      const targets: TargetName[] = ["ceiling", "mock", ...(real && PLAN.realStreams[c] > 0 ? (["real"] as const) : [])];
      for (const t of targets) {
        const f = figures(t, c);
        if (t !== "real") {
          const [tp, cpu] = await withCpu(cpuOf(t), () => throughput(urlOf(t), scenario, c, { seconds: PLAN.autocannonSeconds }));
          f.rps.push(tp.rps);
          f.cpuPct.push(cpu);
          f.errors += tp.errors + tp.non2xx;
        }
        const [lat, cpu] = await withCpu(cpuOf(t), () => latencyPass(urlOf(t), scenario, c, t === "real" ? PLAN.realStreams[c] : PLAN.latencyStreams[c]));
        if (t === "real") {
          f.rps.push(lat.rps);
          f.cpuPct.push(cpu);
        }
        f.ttfeP50.push(lat.ttfeP50);
        f.ttfeP99.push(lat.ttfeP99);
        f.eofP50.push(lat.eofP50);
        f.eofP99.push(lat.eofP99);
        f.errors += lat.errors;
        log(`bench: [${elapsed()}] rep ${rep + 1}/${PLAN.repeats} c=${c} ${t}: ${fmtNumber(f.rps.at(-1) ?? Number.NaN)} streams/s, TTFE p50 ${lat.ttfeP50.toFixed(2)} ms, EOF p99 ${lat.eofP99.toFixed(2)} ms`);
      }
    }
  }
  await mock.stop();
  await ceiling.stop();
  children.length = 0;

  // Concurrent streams at recorded timing, on fresh processes so the mock's peak RSS is this load's.
  // The timed ceiling (same frames on the same timeline with plain setTimeout) is the control: the
  // jitter the machine, kernel and client add by themselves.
  const timed = await startServerChild("mock", [corpusDir, "recorded"], { exposeGc: true });
  children.push(timed);
  const timedCeiling = await startServerChild("ceiling", [capturedFile, "timed"]);
  children.push(timedCeiling);
  const base = await timed.stats({ gc: true });
  const ceilingBase = await timedCeiling.stats();
  const pools = { ceiling: burstPool(timedCeiling.url, 1000), mock: burstPool(timed.url, 1000) };
  // Warm-up burst: opens the 1,000 keep-alive connections each round then reuses.
  for (const pool of Object.values(pools)) await burst(pool, scenario, 1000, recordedT.length);
  for (let round = 0; round < PLAN.burstRounds; round++) {
    for (const count of [100, 1000]) {
      for (const target of ["ceiling", "mock"] as const) {
        const b = await burst(pools[target], scenario, count, recordedT.length);
        const j = jitter(b.streams, recordedT);
        const fig = (bursts[`${target}-${count}`] ??= { target, count, peakOpen: [], errors: [], errorSamples: [], jitterP50: [], jitterP99: [], jitterMaxAbs: [], jitterP99ByGap: [], wallMs: [] });
        fig.errors.push(b.errors);
        fig.errorSamples.push(...b.errorSamples);
        fig.peakOpen.push(b.peakOpen);
        fig.jitterP50.push(percentile(j, 50));
        fig.jitterP99.push(percentile(j, 99));
        fig.jitterMaxAbs.push(j.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
        fig.jitterP99ByGap.push(recordedT.map((_, gap) => percentile(j.filter((_, i) => i % recordedT.length === gap), 99)));
        fig.wallMs.push(b.wallMs);
        log(
          `bench: [${elapsed()}] ${count} streams at recorded timing, ${target}: ${b.errors} errors, ${b.peakOpen} open at once, ` +
            `jitter p50 ${percentile(j, 50).toFixed(2)} ms p99 ${percentile(j, 99).toFixed(2)} ms, wall ${b.wallMs.toFixed(0)} ms`,
        );
      }
    }
  }
  await Promise.all(Object.values(pools).map((p) => p.close()));
  if ((await timed.stats()).lastFixture !== served.name) notes.push("the recorded-timing mock replayed another fixture than the instant one; jitter figures are suspect");
  // Let the last runs finish (a run ends with its primary stream) before reading leak counters.
  await new Promise((r) => setTimeout(r, 1500));
  const after = await timed.stats({ gc: true });
  const ceilingAfter = await timedCeiling.stats();
  burstMemory = {
    baselineRss: base.rss,
    peakRss: after.maxRss,
    afterRss: after.rss,
    afterHeap: after.heapUsed,
    afterStats: after.deployment,
    ceilingBaselineRss: ceilingBase.rss,
    ceilingPeakRss: ceilingAfter.maxRss,
  };
  await timed.stop();
  await timedCeiling.stop();
  children.length = 0;

  log(`bench: [${elapsed()}] in-process SDK through MSW…`);
  inprocess = await forkResult<InProcessResult>("inprocess", [corpusDir, String(PLAN.inprocessSeconds), String(PLAN.repeats), "1,10"]);

  if (WITH_CHECK) {
    for (let i = 0; i < PLAN.mockChecks; i++) {
      const r = await forkResult<CheckRun>("check", [], { tsx: true });
      checks.mock.push(r);
      log(`bench: [${elapsed()}] check against the embedded mock: ${(r.ms / 1000).toFixed(1)} s, ${r.summary.passed}/${r.summary.total} passed`);
    }
    if (real) {
      for (let i = 0; i < PLAN.realChecks; i++) {
        const r = await forkResult<CheckRun>("check", [real.url], { tsx: true });
        checks.real.push(r);
        log(`bench: [${elapsed()}] check against the real server: ${(r.ms / 1000).toFixed(1)} s, ${r.summary.passed}/${r.summary.total} passed`);
      }
    }
    if (checks.real.length === 0) notes.push(real ? "real-server check skipped in --quick (it takes ~20 s)" : "real server not started (--no-real)");
  } else notes.push("checks skipped (--no-check)");
} finally {
  for (const c of children) await c.stop().catch(() => undefined);
  await real?.stop().catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
}

// ---- table ---------------------------------------------------------------------------------------

const s = (t: TargetName, c: Conc, k: keyof Omit<StreamFigures, "errors" | "rpsSource">): Spread | undefined => {
  const v = streamResults[t][c]?.[k];
  return v && v.length > 0 ? spread(v) : undefined;
};
const mark = (ok: boolean | undefined): string => (ok === undefined ? "" : ok ? " ✓" : " ✗");

const rows: string[][] = [];
for (const c of CONCURRENCY) {
  const rc = s("ceiling", c, "rps");
  const rm = s("mock", c, "rps");
  const rr = s("real", c, "rps");
  const ratio = rm && rc ? rm.median / rc.median : undefined;
  rows.push([
    `streams/s, c=${c}`,
    fmtSpread(rc),
    fmtSpread(rm),
    fmtSpread(rr, rr && rr.median < 100 ? 1 : 0),
    fmtRatio(rm, rc),
    fmtRatio(rm, rr),
    `mock ≥ ${TARGETS.ceilingRatio}× ceiling${mark(ratio === undefined ? undefined : ratio >= TARGETS.ceilingRatio)}`,
  ]);
  for (const [k, label] of [
    ["ttfeP50", "time to first event p50, ms"],
    ["ttfeP99", "time to first event p99, ms"],
    ["eofP50", "time to EOF p50, ms"],
    ["eofP99", "time to EOF p99, ms"],
  ] as const) {
    rows.push([`${label}, c=${c}`, fmtSpread(s("ceiling", c, k), 2), fmtSpread(s("mock", c, k), 2), fmtSpread(s("real", c, k), 0), fmtRatio(s("mock", c, k), s("ceiling", c, k)), fmtRatio(s("mock", c, k), s("real", c, k)), ""]);
  }
  // CPU time the server spent per completed stream: the cost that bounds its throughput.
  const perStream = (t: TargetName): Spread | undefined => {
    const f = streamResults[t][c];
    if (!f || f.rps.length === 0) return undefined;
    return spread(f.rps.map((rps, i) => ((f.cpuPct[i] as number) / 100) * 1e6 / rps));
  };
  const cpuCell = (t: TargetName): string => {
    const pct = s(t, c, "cpuPct");
    return pct ? `${fmtSpread(pct)} % / ${fmtSpread(perStream(t))} µs` : "n/a";
  };
  rows.push([`server CPU: % of a core / µs per stream, c=${c}`, cpuCell("ceiling"), cpuCell("mock"), cpuCell("real"), fmtRatio(perStream("mock"), perStream("ceiling")), fmtRatio(perStream("mock"), perStream("real")), ""]);
}
if (inprocess) {
  for (const c of ["1", "10"]) {
    const bare = spread(inprocess.callsPerSecond.bare[c] ?? []);
    const m = spread(inprocess.callsPerSecond.mock[c] ?? []);
    rows.push([`in-process SDK runs.stream calls/s via MSW, c=${c}`, `${fmtSpread(bare)} (bare MSW handler)`, fmtSpread(m), "", fmtRatio(m, bare), "", ""]);
  }
}
for (const count of [100, 1000]) {
  const m = bursts[`mock-${count}`];
  const c = bursts[`ceiling-${count}`];
  if (!m) continue;
  const jit = (b: BurstFigures | undefined): string => (b ? `${fmtSpread(spread(b.jitterP50), 2)} / ${fmtSpread(spread(b.jitterP99), 2)}` : "");
  const p99 = spread(m.jitterP99);
  rows.push([
    `${count} concurrent streams, recorded timing: inter-event jitter p50 / p99, ms`,
    c ? `${jit(c)} (timed bare server)` : "",
    jit(m),
    "",
    "",
    "",
    count === 100 ? `p99 ≤ ${TARGETS.jitterP99Ms} ms${mark(p99.median <= TARGETS.jitterP99Ms)}` : "",
  ]);
  const errs = (b: BurstFigures | undefined): string => (b ? `${b.errors.reduce((x, y) => x + y, 0)} (max ${Math.max(...b.peakOpen)} open at once)` : "");
  rows.push([
    `${count} concurrent streams: errors over ${m.errors.length} round(s)`,
    errs(c),
    errs(m),
    "",
    "",
    "",
    count === 1000 ? `0 errors${mark(m.errors.every((e) => e === 0))}` : "",
  ]);
}
if (burstMemory) {
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
  rows.push([
    "peak RSS of the server process (1,000 concurrent streams)",
    `${mb(burstMemory.ceilingPeakRss)} (idle ${mb(burstMemory.ceilingBaselineRss)}; timed bare server)`,
    `${mb(burstMemory.peakRss)} (idle ${mb(burstMemory.baselineRss)})`,
    "",
    "",
    "",
    `< ${TARGETS.burstRssMb} MB${mark(burstMemory.peakRss < TARGETS.burstRssMb * 2 ** 20)}`,
  ]);
}
const cm = checks.mock.length ? spread(checks.mock.map((r) => r.ms / 1000)) : undefined;
const cr = checks.real.length ? spread(checks.real.map((r) => r.ms / 1000)) : undefined;
rows.push([
  "full check (runCheck) wall time, s",
  "",
  cm ? `${fmtSpread(cm, 1)} (embedded mock)` : "pending",
  cr ? `${fmtSpread(cr, 1)}${checks.real.length === 1 ? " (1 run)" : ""}` : "pending",
  "",
  fmtRatio(cm, cr),
  `mock ≤ ${TARGETS.checkSeconds} s${mark(cm ? cm.median <= TARGETS.checkSeconds : undefined)}`,
]);

const header = ["figure", "ceiling (bare node:http)", "mock (serve)", "real server", "mock/ceiling", "mock/real", "target"];
const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
const errorsTotal = (["ceiling", "mock", "real"] as const).flatMap((t) => CONCURRENCY.map((c) => streamResults[t][c]?.errors ?? 0)).reduce((a, b) => a + b, 0);
const footer = [
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}, at end ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ` +
    `${QUICK ? "--quick: 1 repeat" : `${PLAN.repeats} repeats`}, median (min–max); scenario fixtures/corpus/agent-updates.json (POST /runs/stream, ${recordedT.length} events). Servers run as bundled JS in their own processes.`,
  `Ceiling and mock streams/s: autocannon ${PLAN.autocannonSeconds} s per repeat; latencies: undici streaming reads (${Object.values(PLAN.latencyStreams).join("/")} streams). ` +
    `Real server (default 10 queue workers): streams/s and latencies from undici passes of ${Object.values(PLAN.realStreams).join("/")} streams.`,
  `Stream errors during the throughput/latency passes: ${errorsTotal}.`,
  ...notes,
].join("\n");
console.log(`\n${table}\n\n${footer}\n`);

// ---- JSON ----------------------------------------------------------------------------------------

const resultsDir = join(import.meta.dirname, "results");
mkdirSync(resultsDir, { recursive: true });
const json = {
  format: "langgraph-conformance/bench@1",
  started_at: new Date(started).toISOString(),
  duration_s: (Date.now() - started) / 1000,
  quick: QUICK,
  machine: { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg() },
  plan: PLAN,
  targets: TARGETS,
  streams: Object.fromEntries(
    (["ceiling", "mock", "real"] as const).map((t) => [
      t,
      Object.fromEntries(
        Object.entries(streamResults[t]).map(([c, f]) => [
          c,
          {
            rps_source: f.rpsSource,
            errors: f.errors,
            rps: spread(f.rps),
            ttfe_p50_ms: spread(f.ttfeP50),
            ttfe_p99_ms: spread(f.ttfeP99),
            eof_p50_ms: spread(f.eofP50),
            eof_p99_ms: spread(f.eofP99),
            server_cpu_pct: spread(f.cpuPct),
          },
        ]),
      ),
    ]),
  ),
  inprocess,
  served_fixture: served.name,
  bursts,
  burst_memory: burstMemory,
  checks,
  table,
};
const stamp = new Date(started).toISOString().replace(/[:.]/g, "-");
writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(json, null, 2)}\n`);
log(`bench: done in ${elapsed()}; results in bench/results/${stamp}.json (and latest.json)`);
