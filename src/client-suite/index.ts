/**
 * `langgraph-conformance/client-suite`: the client conformance suite. The inverse of the server
 * suites: a recorded-fixture mock serves every recording (in several wire framings and under every
 * fault) and a client under test, driven through a {@link ClientAdapter}, must yield exactly the
 * recorded events, surface `error` events, and report drops and HTTP errors as errors.
 *
 * ```ts
 * // my-client.client-suite.test.ts
 * import { defineClientConformanceSuite } from "langgraph-conformance/client-suite";
 * import { langgraphSdkAdapter } from "langgraph-conformance/client-suite/langgraph-sdk";
 *
 * defineClientConformanceSuite(langgraphSdkAdapter(), {
 *   expectedFailures: { "wait/wait-echo-updates": "runs.wait cannot send stream_mode" },
 * });
 * ```
 *
 * Test names start with the case id (`stream/agent-updates`, `framing/crlf/agent-updates`,
 * `fault/drop/agent-updates`…); filter with `-t "fault/drop"`. See README.md in this folder.
 */
import { afterAll, beforeAll, describe, test, type TestContext } from "vitest";
import { expectedFailureFor, type CaseKind, type ClientCase } from "./cases.js";
import { planClientSuite, runCaseWithExpectation, skipReason, type ClientSuiteOptions } from "./runner.js";
import { startSuiteServer, type SuiteServer } from "./server.js";
import type { ClientAdapter } from "./types.js";

export type { ClientAdapter, ClientEvent, StreamRequest, StreamResult, WaitRequest, WaitResult } from "./types.js";
export { collectEvents } from "./types.js";
export {
  buildCases,
  expectedFailureFor,
  faultPoint,
  matchesPattern,
  staleExpectedFailures,
  STREAM_FAULTS,
  WAIT_FAULTS,
  type CaseKind,
  type CaseOptions,
  type CasePlan,
  type ClientCase,
  type StreamFault,
  type WaitFault,
} from "./cases.js";
export { ClientConformanceError, describeError, MALFORMED_DATA, runClientCase, type CheckTiming } from "./checks.js";
export { createMasker, diffEvents, maskEvents } from "./compare.js";
export { FRAMING_DESCRIPTIONS, FRAMINGS, reframe, type Framing, type ReframeOptions } from "./framing.js";
export { classifyFixture, defaultCorpusDir, expectedEvents, loadFixtureDirSync, type FixtureUse } from "./fixtures.js";
export {
  planClientSuite,
  runCaseWithExpectation,
  runClientConformance,
  type CaseResult,
  type CaseStatus,
  type ClientSuiteOptions,
  type ClientSuitePlan,
  type ClientSuiteRun,
} from "./runner.js";
export { caseSlug, startSuiteServer, type RecordedRequest, type SuiteServer, type SuiteServerOptions } from "./server.js";

const GROUPS: { kind: CaseKind; title: string }[] = [
  { kind: "stream", title: "stream: every recorded event, in order" },
  { kind: "framing", title: "framing: the same events under other legal SSE framings" },
  { kind: "fault", title: "faults: drops, stalls, error events, malformed frames, slow streams, HTTP errors" },
  { kind: "wait", title: "wait: final values" },
  { kind: "wait-fault", title: "wait faults" },
  { kind: "http-error", title: "http errors: recorded 4xx answers" },
];

/**
 * Register the client conformance suite for `adapter` as vitest `describe`/`test` blocks. Call it at
 * the top level of a test file. Fixtures load synchronously here; the server starts in `beforeAll`
 * on an ephemeral loopback port and stops in `afterAll`.
 */
export function defineClientConformanceSuite(adapter: ClientAdapter, options: ClientSuiteOptions = {}): void {
  const plan = planClientSuite(options);
  const timeout = (options.caseTimeoutMs ?? 10_000) + (options.abortGraceMs ?? 2_000) + 5_000;

  describe(`client conformance: ${adapter.name}`, () => {
    let server: SuiteServer | undefined;
    beforeAll(async () => {
      server = await startSuiteServer(plan.cases, options.errorGraceMs !== undefined ? { errorGraceMs: options.errorGraceMs } : {});
    });
    afterAll(async () => {
      await server?.close();
    });

    if (plan.cases.length === 0) {
      test("fixtures", () => {
        throw new Error(
          `[client-suite] no usable fixtures (${plan.unused.length} unused${plan.unused.length ? `: ${plan.unused.map((u) => `${u.name} (${u.reason})`).join(", ")}` : ""}). ` +
            "Pass fixtures or fixturesDir, or record a corpus with `langgraph-conformance record`.",
        );
      });
    }
    if (options.expectedFailures) {
      test("expected-failures: every key names a case", () => {
        if (plan.stale.length > 0) {
          throw new Error(`[client-suite] expectedFailures keys matching no case (renamed fixture? typo?): ${plan.stale.join(", ")}`);
        }
      });
    }

    for (const group of GROUPS) {
      const cases = plan.cases.filter((c) => c.kind === group.kind);
      if (cases.length === 0) continue;
      const d = options.concurrent ? describe.concurrent : describe;
      d(group.title, () => {
        for (const c of cases) registerCase(adapter, c, () => server, options, timeout);
      });
    }
  });
}

function registerCase(adapter: ClientAdapter, c: ClientCase, server: () => SuiteServer | undefined, options: ClientSuiteOptions, timeout: number): void {
  const name = `${c.id}: ${c.title}`;
  const skip = skipReason(adapter, c);
  if (skip) {
    test.skip(`${name} (skipped: ${skip})`, () => undefined);
    return;
  }
  const reason = expectedFailureFor(options.expectedFailures, c.id);
  const label = reason === undefined ? "" : ` [expected failure: ${reason}]`;
  test(
    `${name}${label}`,
    async (ctx: TestContext) => {
      const s = server();
      if (!s) throw new Error("[client-suite] the suite server did not start (see the beforeAll error)");
      const result = await runCaseWithExpectation(adapter, c, s, options);
      if (result.status === "expected-fail") {
        await ctx.annotate(`expected failure (${result.reason ?? ""}):\n${result.message ?? ""}`, "notice");
        return;
      }
      if (result.status === "fail" || result.status === "unexpected-pass") throw new Error(result.message);
    },
    timeout,
  );
}

