// Abort storm: client aborts at random points of in-flight streams and waits against the standalone
// mock; afterwards handles, timers, sockets, runs and temporary threads are back to the baseline and
// memory growth is bounded. 10,000 aborts take ~15 s here; ABORT_STORM_REQUESTS changes the count,
// ABORT_SEED reproduces a plan. scripts/fuzz-long.ts runs the same storm outside vitest.
import { expect, test } from "vitest";
import { abortSeed, runAbortStorm } from "./abort-storm-harness.js";

const REQUESTS = Number(process.env["ABORT_STORM_REQUESTS"] ?? 10_000);
const seed = abortSeed();
const MB = 2 ** 20;

test(`${REQUESTS} client aborts leave no handle, timer, socket, run or temporary thread behind (ABORT_SEED=${seed})`, async () => {
  const r = await runAbortStorm({ seed, requests: REQUESTS, concurrency: 100, scale: 0.1, log: (l) => console.log(l) });
  const { outcomes } = r;
  console.log(
    `abort storm: ${r.requests} requests in ${r.ms} ms; ${outcomes.abortedBeforeHeaders} aborted before headers, ${outcomes.abortedMidBody} mid-body, ` +
      `${outcomes.completed} completed; settled in ${r.settleMs} ms; heap ${(r.memoryBefore.heapUsed / MB).toFixed(1)} → ${(r.memoryAfter.heapUsed / MB).toFixed(1)} MB, ` +
      `RSS ${[r.memoryBefore, ...r.memoryPhases].map((m) => (m.rss / MB).toFixed(0)).join(" → ")} MB (baseline, after each half)`,
  );
  expect(outcomes.otherErrors, r.otherErrorSamples.join("; ")).toBe(0);
  // The plan really aborted streams in every phase.
  expect(outcomes.abortedBeforeHeaders).toBeGreaterThan(REQUESTS / 50);
  expect(outcomes.abortedMidBody).toBeGreaterThan(REQUESTS / 10);
  expect(outcomes.completed).toBeGreaterThan(0);
  expect(r.deploymentAfter).toMatchObject({ activeRuns: 0, openStreams: 0, timers: 0, threads: 0, runs: 0 });
  expect(r.temporaryThreadsLeft).toBe(0);
  expect(r.serverConnectionsAfter).toBe(0);
  expect(r.resourcesAfter).toEqual(r.resourcesBefore);
  expect(r.settled).toBe(true);
  // Bounded growth: nothing per aborted request is retained (10,000 leaked streams would be tens of
  // MB of heap). RSS rises once (the allocator keeps freed socket and buffer memory) and then stays:
  // the second half of the storm must not add what the first did.
  expect(r.memoryAfter.heapUsed - r.memoryBefore.heapUsed).toBeLessThan(8 * MB);
  expect(r.memoryPhases).toHaveLength(2);
  const [half, end] = r.memoryPhases.map((m) => m.rss) as [number, number];
  expect(end - half).toBeLessThan(32 * MB);
  expect(r.memoryAfter.rss - r.memoryBefore.rss).toBeLessThan(128 * MB);
}, 120_000);
