/**
 * Green on the real thing (issue #5, part 5): the full check against the real
 * @langchain/langgraph-api server with the reference graphs passes (exit 0) once the deviations the
 * spec predicts are listed in suites/expected-failures/langgraph-js-1.5.1.json — and each listed
 * deviation really fails (none passes unexpectedly), so the file stays honest.
 */
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReferenceServer, type ReferenceServer } from "../../src/reference/index.js";
import { runCheck } from "../../src/runner/index.js";
import { packageRoot } from "../../src/runner/paths.js";

const EXPECTED = join(packageRoot(), "suites", "expected-failures", "langgraph-js-1.5.1.json");
let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

test("check against the real server: exit 0 with its expected-failures file", async () => {
  const result = await runCheck({ url: server.url, expectFailures: EXPECTED, output: false });
  const unexpected = result.results.filter((r) => r.status === "failed" && r.expected_failure === null && r.level === "MUST");
  expect(unexpected.map((r) => `${r.id}: ${r.message.split("\n").slice(0, 2).join(" | ")}`)).toEqual([]);
  expect(result.errors).toEqual([]);
  expect(result.summary.exit_code).toBe(0);
  expect(result.capabilities?.referenceGraphs).toBe(true);
  // Every listed deviation is still observed (a pass would mean the file is stale).
  const stale = result.results.filter((r) => r.unexpected_pass).map((r) => r.id);
  expect(stale).toEqual([]);
  expect(result.summary.expected_failures).toBe(6);
  // Nothing skipped: the reference server offers every capability the suites use.
  expect(result.results.filter((r) => r.status === "skipped").map((r) => `${r.id}: ${r.message}`)).toEqual([]);
}, 300_000);
