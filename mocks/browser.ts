// Browser entry point. A service worker cannot read fixtures/corpus, so the fixtures come as one JSON
// array served by your dev server: write it with `node --import tsx mocks/bundle-corpus.ts
// public/langgraph-fixtures.json` (and `npx msw init public --save=false` once for the worker script).
import type { Fixture } from "../src/fixtures/format.js";
import type { MockDeploymentOptions } from "../src/mock/deployment.js";
import { setupMockWorker, type MockWorker } from "../src/mock/browser.js";
import { CORPUS_DEFAULTS } from "./handlers.js";

export interface CorpusWorkerOptions extends Omit<MockDeploymentOptions, "fixtures"> {
  /** URL of the bundled fixtures (a JSON array). Default "/langgraph-fixtures.json". */
  fixturesUrl?: string;
  /** Or the fixtures themselves. */
  fixtures?: readonly Fixture[];
}

async function fetchFixtures(url: string): Promise<Fixture[]> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`langgraph-conformance mock: GET ${url} answered ${res.status}; bundle the corpus with mocks/bundle-corpus.ts.`);
  const value = (await res.json()) as unknown;
  if (!Array.isArray(value)) throw new Error(`langgraph-conformance mock: ${url} must hold a JSON array of fixtures.`);
  return value as Fixture[];
}

/** Create the worker (call `await worker.start()` yourself, as with MSW). */
export function createCorpusWorker(options: CorpusWorkerOptions = {}): MockWorker {
  const { fixturesUrl = "/langgraph-fixtures.json", fixtures, ...rest } = options;
  return setupMockWorker({ ...CORPUS_DEFAULTS, ...rest, fixtures: fixtures ?? fetchFixtures(fixturesUrl) });
}
