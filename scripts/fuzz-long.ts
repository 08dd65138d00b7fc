// The long hardening run of the mock (the short ones are test/hardening/*.test.ts in `npm test`):
//
//   node --import tsx scripts/fuzz-long.ts [--runs N] [--aborts N] [--abort-rounds N] [--only fuzz|abort]
//
//   fuzz:  N generated requests (default 10,000) against `serve` over real HTTP, every response
//          checked (no 5xx but injected ones, explained 4xx, store untouched by rejections), then a
//          probe of nesting depths around the known stack-overflow limit;
//   abort: rounds (default 2) of N client aborts (default 10,000) at random points of in-flight
//          streams; after each, handles/timers/sockets/runs/temporary threads must be back to the
//          baseline, and memory is reported round by round (a leak grows every round).
//
// Seeds: FUZZ_SEED and ABORT_SEED reproduce a run (printed at the start). Exit code 1 on any failure.
import { parseArgs } from "node:util";
import { runAbortStorm, abortSeed, type AbortStormReport } from "../test/hardening/abort-storm-harness.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: process.env["FUZZ_RUNS"] ?? "10000" },
    aborts: { type: "string", default: "10000" },
    "abort-rounds": { type: "string", default: "2" },
    only: { type: "string" },
  },
});
const runs = Number(values.runs);
const aborts = Number(values.aborts);
const rounds = Number(values["abort-rounds"]);
if (![runs, aborts, rounds].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("fuzz-long: --runs, --aborts and --abort-rounds take positive integers");
  process.exit(2);
}
if (values.only !== undefined && values.only !== "fuzz" && values.only !== "abort") {
  console.error("fuzz-long: --only takes fuzz or abort");
  process.exit(2);
}

// A crash of the mock in this process would surface here, not as a response.
const crashes: string[] = [];
process.on("uncaughtException", (e) => crashes.push(`uncaughtException: ${e.stack ?? e.message}`));
process.on("unhandledRejection", (e) => crashes.push(`unhandledRejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

let failed = false;
const MB = 2 ** 20;

if (values.only !== "abort") {
  // Loaded only for the fuzz: building its generators allocates ~80 MB (fast-check tables) that
  // would otherwise sit in the abort storm's memory figures.
  const { fuzzSeed, runFuzz, startFuzzHarness } = await import("../test/hardening/fuzz-harness.js");
  const seed = fuzzSeed();
  console.log(`fuzz: FUZZ_SEED=${seed}, ${runs} requests`);
  const harness = await startFuzzHarness();
  const check = harness.check.bind(harness);
  const t0 = Date.now();
  // Progress every 1,000 requests (the property itself runs quietly).
  harness.check = async (req) => {
    await check(req);
    if (harness.stats.requests % 1000 === 0) console.log(`fuzz: ${harness.stats.requests} requests, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };
  try {
    await runFuzz(harness, seed, runs);
    await harness.finish();
    console.log(`fuzz: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    console.error(`fuzz: FAILED (FUZZ_SEED=${seed})\n${error instanceof Error ? error.message : String(error)}`);
  }
  const st = harness.stats;
  const byClass: Record<string, number> = {};
  for (const [code, n] of Object.entries(st.byStatus)) byClass[`${code[0]}xx`] = (byClass[`${code[0]}xx`] ?? 0) + n;
  console.log(
    `fuzz: ${st.requests} requests; by kind ${JSON.stringify(st.byKind)}; by status class ${JSON.stringify(byClass)} ` +
      `(common: ${Object.entries(st.byStatus).filter(([, n]) => n >= 20).map(([c, n]) => `${c}×${n}`).join(", ")}); ` +
      `injected 5xx ${st.injected5xx}, injected drops ${st.injectedDrops}; 4xx with an explaining body ${st.explained4xx}; ` +
      `store compared after ${st.storeChecks} rejections; wrong-type fields named in the 400 ${JSON.stringify(st.wrongTypeFields)}`,
  );

  // The known limit: nesting depth at which the mock stops answering 4xx/2xx and overflows (500).
  const depths = [500, 1000, 2000, 2500, 3000, 5000, 10_000, 100_000];
  const probe: string[] = [];
  for (const depth of depths) {
    const body = `{"assistant_id":"agent","stream_mode":"updates","input":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const res = await fetch(`${harness.server.url}/runs/stream`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await res.text();
    probe.push(`${depth}: ${res.status}${res.status >= 500 ? ` (${text.slice(0, 80)})` : ""}`);
  }
  console.log(`fuzz: input nesting depth → status: ${probe.join(", ")}`);
  await harness.close();
}

if (values.only !== "fuzz") {
  const seed = abortSeed();
  const reports: AbortStormReport[] = [];
  for (let round = 0; round < rounds; round++) {
    // Each round: a fresh server, a fresh plan (seed + round), the same checks as the test.
    const r = await runAbortStorm({ seed: seed + round, requests: aborts, concurrency: 100, scale: 0.1 });
    reports.push(r);
    const problems: string[] = [];
    if (r.outcomes.otherErrors > 0) problems.push(`${r.outcomes.otherErrors} unexpected errors: ${r.otherErrorSamples.join("; ")}`);
    if (!r.settled) problems.push(`did not settle: resources ${JSON.stringify(r.resourcesAfter)} vs ${JSON.stringify(r.resourcesBefore)}, deployment ${JSON.stringify(r.deploymentAfter)}`);
    if (r.temporaryThreadsLeft > 0) problems.push(`${r.temporaryThreadsLeft} temporary threads left`);
    if (r.serverConnectionsAfter > 0) problems.push(`${r.serverConnectionsAfter} server connections left`);
    console.log(
      `abort storm ${round + 1}/${rounds} (ABORT_SEED=${seed + round}): ${r.requests} requests in ${(r.ms / 1000).toFixed(1)} s; ` +
        `${r.outcomes.abortedBeforeHeaders} aborted before headers, ${r.outcomes.abortedMidBody} mid-body, ${r.outcomes.completed} completed; ` +
        `settled in ${r.settleMs} ms; resources ${JSON.stringify(r.resourcesAfter)}; heap ${(r.memoryBefore.heapUsed / MB).toFixed(1)} → ${(r.memoryAfter.heapUsed / MB).toFixed(1)} MB; ` +
        `RSS ${[r.memoryBefore, ...r.memoryPhases].map((m) => (m.rss / MB).toFixed(0)).join(" → ")} MB (baseline, after each half)` +
        (problems.length ? `\n  FAILED: ${problems.join("\n  FAILED: ")}` : ""),
    );
    if (problems.length) failed = true;
  }
}

if (crashes.length > 0) {
  failed = true;
  console.error(`crashes: ${crashes.length}\n${crashes.slice(0, 5).join("\n")}`);
} else console.log("crashes: 0");
process.exit(failed ? 1 : 0);
