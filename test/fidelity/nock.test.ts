// Fidelity through the nock adapter: the same fixtures × comparison as fidelity.test.ts. Its own file
// because nock and MSW sit on the same interceptors (dependencies.md gotcha 5); vitest isolates
// files. Never call nock.restore() here. The real server runs again in this file (≈ 6 s) so that
// nock is compared with the real server directly, not only through the fixtures.
import nock from "nock";
import { afterAll, beforeAll, describe, test } from "vitest";
import { nockDeployment, type NockDeployment } from "../../src/mock/nock.js";
import { expectFidelity, runCase, sdkClient } from "./cases.js";
import { CASES, CORPUS_DIR, KEEP, realOutcome, runOnRealServer, type RealRun } from "./real.js";

/** Unresolvable on purpose: only nock can answer it. */
const NOCK_URL = "http://mock.invalid:2024";

let mock: NockDeployment | undefined;
let real: RealRun | undefined;

beforeAll(async () => {
  // Nothing but the loopback reference server may reach the network.
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
  mock = nockDeployment(NOCK_URL, { fixturesDir: CORPUS_DIR });
  await mock.deployment.ready;
  real = await runOnRealServer();
});

afterAll(async () => {
  mock?.close();
  nock.enableNetConnect();
  await real?.server.stop();
});

describe("nock", () => {
  const client = sdkClient(NOCK_URL);
  test.each(CASES.map((c) => [c.title, c] as const))("%s", async (_title, c) => {
    expectFidelity("nock", c, await runCase(client, c), realOutcome(real, c.name), KEEP);
  });
});
