// Shared by the runner tests: where the fixture corpus for the mock is.
import { readdirSync } from "node:fs";
import { corpusDir } from "../../src/runner/paths.js";

/** The committed corpus (fixtures/corpus), or LGC_TEST_CORPUS_DIR when set (e.g. a fresh recording). */
export function testCorpusDir(): string {
  const dir = process.env.LGC_TEST_CORPUS_DIR || corpusDir();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    // reported below
  }
  if (files.length === 0) {
    throw new Error(`no fixtures in ${dir}: record the corpus (npm run fixtures:record) or set LGC_TEST_CORPUS_DIR`);
  }
  return dir;
}
