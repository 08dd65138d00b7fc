// Fidelity (issue #4): for every stateless stream, wait, create and batch fixture of the committed
// corpus, error answers included, the real @langchain/langgraph-sdk 1.15.0 gets the same chunks
// (event names and data, ids normalised; for errors, the HTTPError status and body) from the mock in-process (MSW setupServer), from the mock on a real port
// (startMockServer), and from the real @langchain/langgraph-api server — and all of them match the
// fixture. The nock adapter is the same matrix in nock.test.ts (nock and MSW share interceptors,
// dependencies.md gotcha 5). Cases, skipped fixtures and the one known difference (header copies in
// run configs on intercepted transports): cases.ts.
import type { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setupMockServer } from "../../src/mock/node.js";
import { startMockServer, type MockHttpServer } from "../../src/mock/serve.js";
import { expectFidelity, runCase, sdkClient, type FidelityCase, type Outcome } from "./cases.js";
import { CASES, CORPUS_DIR, KEEP, realOutcome, runOnRealServer, SKIPPED, type RealRun } from "./real.js";

/** Unresolvable on purpose: only MSW can answer it, and everything else bypasses MSW. */
const MSW_URL = "http://mock.invalid:2024";

const msw = setupMockServer({ fixturesDir: CORPUS_DIR, baseUrl: MSW_URL });
let serve: MockHttpServer | undefined;
let real: RealRun | undefined;

beforeAll(async () => {
  // MSW stays on for the whole file: the real server's and serve's loopback requests must bypass it.
  msw.listen({ onUnhandledRequest: "bypass" });
  serve = await startMockServer({ port: 0, fixturesDir: CORPUS_DIR, logger: false });
  real = await runOnRealServer();
  console.info(`fidelity: ${CASES.length} cases on the real server in ${Math.round(real.ms)} ms (startup ${real.server.startupMs} ms)`);
});

afterAll(async () => {
  msw.close();
  await serve?.close();
  await real?.server.stop();
});

const clients: Record<"msw" | "serve", () => Client> = {
  msw: () => sdkClient(MSW_URL),
  serve: () => sdkClient(serve!.url),
};

async function outcomeOn(transport: "msw" | "serve" | "real", c: FidelityCase): Promise<Outcome> {
  if (transport === "real") return realOutcome(real, c.name);
  return runCase(clients[transport](), c);
}

test("the corpus yields cases for every stateless endpoint, error answers included; only malformed JSON is skipped", () => {
  expect(new Set(CASES.map((c) => c.endpoint))).toEqual(new Set(["stream", "wait", "create", "batch"]));
  expect(CASES.filter((c) => c.expectsError).length).toBeGreaterThanOrEqual(7);
  expect(SKIPPED.map((s) => s.name)).toEqual(["error-malformed-json"]);
  expect(CASES.length + SKIPPED.length).toBeGreaterThan(40);
});

// Listed in the report as skipped, each with its reason (cases.ts).
test.skip.each(SKIPPED.map((s) => `${s.name}: ${s.reason}`))("skipped %s", () => {});

test("known difference: intercepted requests carry no user-agent for the server to copy into the run config", async () => {
  // See withoutClientHeaderCopies in cases.ts: undici adds `user-agent: node` below MSW's interception.
  const c = CASES.find((x) => x.endpoint === "create");
  const configurable = (o: Outcome): Record<string, unknown> =>
    ((o.run as { kwargs: { config: { configurable: Record<string, unknown> } } }).kwargs.config.configurable);
  expect(configurable(realOutcome(real, c!.name))).toHaveProperty("user-agent", "node");
  expect(configurable(await runCase(clients.serve(), c!))).toHaveProperty("user-agent", "node");
  expect(configurable(await runCase(clients.msw(), c!))).not.toHaveProperty("user-agent");
});

describe.each(["msw", "serve", "real"] as const)("%s", (transport) => {
  test.each(CASES.map((c) => [c.title, c] as const))("%s", async (_title, c) => {
    expectFidelity(transport, c, await outcomeOn(transport, c), realOutcome(real, c.name), KEEP);
  });
});
