// Node entry point: `import { server } from "langgraph-conformance/mocks/node"` (or this file), then
// server.listen() / server.close() as with MSW's setupServer. Replays fixtures/corpus.
import { setupMockServer, type MockServer, type NodeMockOptions } from "../src/mock/node.js";
import { corpusDir } from "../src/reference/paths.js";
import { CORPUS_DEFAULTS } from "./handlers.js";

/** fixtures/corpus of this package (from the sources or the build). */
export { corpusDir };

/** A mock server over the corpus; options override the corpus defaults (match "assistant", instant). */
export function createCorpusServer(options: NodeMockOptions = {}): MockServer {
  return setupMockServer({ ...CORPUS_DEFAULTS, fixturesDir: corpusDir(), ...options });
}

/** Ready-made server over the corpus (not listening until you call `server.listen()`). */
export const server: MockServer = createCorpusServer();
