// Node entry point: `import { server } from "langgraph-conformance/mocks/node"` (or this file), then
// server.listen() / server.close() as with MSW's setupServer. Replays fixtures/corpus.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setupMockServer, type MockServer, type NodeMockOptions } from "../src/mock/node.js";
import { CORPUS_DEFAULTS } from "./handlers.js";

/** fixtures/corpus of this package, from the sources (mocks/) or the build (dist/mocks/). */
export function corpusDir(): string {
  for (const rel of ["../fixtures/corpus/", "../../fixtures/corpus/"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  throw new Error("langgraph-conformance: fixtures/corpus not found next to the package; pass fixturesDir explicitly.");
}

/** A mock server over the corpus; options override the corpus defaults (match "assistant", instant). */
export function createCorpusServer(options: NodeMockOptions = {}): MockServer {
  return setupMockServer({ ...CORPUS_DEFAULTS, fixturesDir: corpusDir(), ...options });
}

/** Ready-made server over the corpus (not listening until you call `server.listen()`). */
export const server: MockServer = createCorpusServer();
