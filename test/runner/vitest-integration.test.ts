/**
 * `langgraph-conformance/vitest`: the suites run inside a user's own vitest setup through
 * `conformanceTestConfig({ url })`, tests named by requirement id and filterable with `-t`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createVitest, type TestCase } from "vitest/node";
import { conformanceTestConfig } from "../../src/runner/vitest.js";
import { serveFault, type FaultyServer } from "./faulty/server.js";
import { testCorpusDir } from "./helpers.js";

let server: FaultyServer;
beforeAll(async () => {
  server = await serveFault((req, ctx) => ctx.handle(req), { fixturesDir: testCorpusDir() });
});
afterAll(() => server?.close());

test("a user's vitest run executes the conformance tests by requirement id", async () => {
  const results: Array<{ name: string; state: string }> = [];
  const root = mkdtempSync(join(tmpdir(), "lgc-user-project-"));
  const saved = process.exitCode;
  const vitest = await createVitest(
    "test",
    {
      config: false,
      root,
      watch: false,
      pool: "threads",
      testNamePattern: "SR-0[1-4] ",
      reporters: [{ onTestCaseResult: (t: TestCase) => void results.push({ name: t.name, state: t.result().state }) }],
      ...conformanceTestConfig({ url: server.url }),
    },
    { cacheDir: join(root, ".vite"), logLevel: "silent" },
  );
  try {
    await vitest.start([]);
  } finally {
    await vitest.close();
    process.exitCode = saved;
  }
  const ran = results.filter((r) => r.state !== "skipped");
  expect(ran.map((r) => r.name.slice(0, 5)).sort()).toEqual(["SR-01", "SR-02", "SR-03", "SR-04", "SR-04"]);
  expect(ran.every((r) => r.state === "passed")).toBe(true);
}, 120_000);
