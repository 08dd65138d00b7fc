// The suite without vitest: plan the cases, start the server, run every case, return results.
// `defineClientConformanceSuite` (index.ts) registers the same plan as vitest tests.
import type { Fixture } from "../fixtures/format.js";
import { buildCases, expectedFailureFor, staleExpectedFailures, type CaseOptions, type ClientCase } from "./cases.js";
import { runClientCase, type CheckTiming } from "./checks.js";
import { defaultCorpusDir, loadFixtureDirSync } from "./fixtures.js";
import { startSuiteServer, type SuiteServer } from "./server.js";
import type { ClientAdapter } from "./types.js";

export interface ClientSuiteOptions extends CaseOptions, CheckTiming {
  /** Fixtures to replay. Default: the package's corpus (`fixtures/corpus`). */
  fixtures?: readonly Fixture[];
  /** Load fixtures from this directory instead (combined with `fixtures`). */
  fixturesDir?: string;
  /**
   * Case id (or `*` wildcard pattern) → why the client fails it. Such cases pass while they fail
   * (the failure is attached to the test as an annotation) and fail once they pass, so a fixed
   * bug is noticed. Keys matching no case fail the `expected-failures` test.
   */
  expectedFailures?: Readonly<Record<string, string>>;
  /** See ReframeOptions.errorGraceMs. Default 25 ms. */
  errorGraceMs?: number;
  /** vitest only: run the cases of each group concurrently. Default false. */
  concurrent?: boolean;
}

export interface ClientSuitePlan {
  cases: ClientCase[];
  /** Fixtures the suite could not use, with why. */
  unused: { name: string; reason: string }[];
  /** expectedFailures keys that match no case. */
  stale: string[];
}

/** Load the fixtures (synchronously) and build the case list. */
export function planClientSuite(options: ClientSuiteOptions = {}): ClientSuitePlan {
  const fixtures: Fixture[] = [...(options.fixtures ?? [])];
  if (options.fixturesDir) fixtures.push(...loadFixtureDirSync(options.fixturesDir));
  else if (!options.fixtures) fixtures.push(...loadFixtureDirSync(defaultCorpusDir()));
  const plan = buildCases(fixtures, options);
  return { ...plan, stale: staleExpectedFailures(options.expectedFailures, plan.cases.map((c) => c.id)) };
}

export type CaseStatus = "pass" | "fail" | "expected-fail" | "unexpected-pass" | "skip";

export interface CaseResult {
  id: string;
  kind: ClientCase["kind"];
  status: CaseStatus;
  /** Failure message (fail, expected-fail), or why it was skipped. */
  message?: string;
  /** The expected-failures reason, when one applies. */
  reason?: string;
  ms: number;
}

export interface ClientSuiteRun {
  results: CaseResult[];
  unused: ClientSuitePlan["unused"];
  stale: string[];
}

/** Whether a case can run with this adapter (wait cases need `wait`). */
export function skipReason(adapter: ClientAdapter, c: ClientCase): string | undefined {
  const wait = c.kind === "wait" || c.kind === "wait-fault" || (c.kind === "http-error" && c.fixture.request.path.startsWith("/runs/wait"));
  return wait && !adapter.wait ? "the adapter has no wait()" : undefined;
}

/** Run one case with the expected-failures map applied. */
export async function runCaseWithExpectation(
  adapter: ClientAdapter,
  c: ClientCase,
  server: SuiteServer,
  options: ClientSuiteOptions,
): Promise<CaseResult> {
  const t0 = Date.now();
  const reason = expectedFailureFor(options.expectedFailures, c.id);
  const skip = skipReason(adapter, c);
  if (skip) return { id: c.id, kind: c.kind, status: "skip", message: skip, ms: 0 };
  try {
    await runClientCase(adapter, c, server, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: c.id, kind: c.kind, status: reason === undefined ? "fail" : "expected-fail", message, ...(reason !== undefined ? { reason } : {}), ms: Date.now() - t0 };
  }
  if (reason !== undefined) {
    return {
      id: c.id,
      kind: c.kind,
      status: "unexpected-pass",
      message: `${c.id} passes but is listed in expectedFailures ("${reason}"): the client was fixed — remove the entry`,
      reason,
      ms: Date.now() - t0,
    };
  }
  return { id: c.id, kind: c.kind, status: "pass", ms: Date.now() - t0 };
}

/** Run every case, one at a time, and return the results (no vitest needed). */
export async function runClientConformance(adapter: ClientAdapter, options: ClientSuiteOptions = {}): Promise<ClientSuiteRun> {
  const plan = planClientSuite(options);
  const server = await startSuiteServer(plan.cases, options.errorGraceMs !== undefined ? { errorGraceMs: options.errorGraceMs } : {});
  try {
    const results: CaseResult[] = [];
    for (const c of plan.cases) results.push(await runCaseWithExpectation(adapter, c, server, options));
    return { results, unused: plan.unused, stale: plan.stale };
  } finally {
    await server.close();
  }
}
