// The oracle: every case run once against the real `@langchain/langgraph-api` server (the corpus was
// recorded from it, with the same reference graphs), results cached for the whole test file.
import { join } from "node:path";
import { loadFixtureDirSync } from "../../src/client-suite/fixtures.js";
import { startReferenceServer, type ReferenceServer } from "../../src/reference/server.js";
import { mapLimit } from "../reference/helpers.js";
import { assistantIds, fidelityCases, runCase, sdkClient, type FidelityCase, type Outcome } from "./cases.js";

export const CORPUS_DIR = join(import.meta.dirname, "../../fixtures/corpus");

/** Loaded synchronously: vitest collects `test.each` rows synchronously. */
export const CORPUS = loadFixtureDirSync(CORPUS_DIR);
export const { cases: CASES, skipped: SKIPPED } = fidelityCases(CORPUS);
export const KEEP = assistantIds(CORPUS);

/**
 * Real-server requests at once. Each stream costs ≈ 0.5–1.5 s of mostly idle waiting (queue poll,
 * 500 ms tail; spec §4.3), so a few in flight cut the wall time without crowding the server's 10
 * workers on a 2-core machine. The SDK client caps itself at 4 as well (maxConcurrency).
 */
const REAL_CONCURRENCY = 4;

export type RealResult = { outcome: Outcome } | { error: unknown };

export interface RealRun {
  server: ReferenceServer;
  results: Map<string, RealResult>;
  ms: number;
}

/** Start the reference server and run every case on it; the caller must `server.stop()`. */
export async function runOnRealServer(cases: readonly FidelityCase[] = CASES): Promise<RealRun> {
  const server = await startReferenceServer();
  const t0 = performance.now();
  try {
    const client = sdkClient(server.url);
    const results = new Map<string, RealResult>();
    await mapLimit(cases, REAL_CONCURRENCY, async (c) => {
      try {
        results.set(c.name, { outcome: await runCase(client, c) });
      } catch (error) {
        results.set(c.name, { error });
      }
    });
    return { server, results, ms: performance.now() - t0 };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The real server's outcome for `name`, or its error rethrown (so the test shows it). */
export function realOutcome(run: RealRun | undefined, name: string): Outcome {
  const r = run?.results.get(name);
  if (r === undefined) throw new Error(`no real-server result for ${name}: the reference server did not start or the case was not run (see beforeAll)`);
  if ("error" in r) throw r.error;
  return r.outcome;
}
