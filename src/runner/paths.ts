/**
 * Where the package's own files are, from source (`src/runner/*.ts`, suites as `.suite.ts`) and
 * from the build (`dist/src/runner/*.js`, suites compiled to `dist/suites/*.suite.js`).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, packageRoot } from "../reference/paths.js";

export { corpusDir, packageRoot };

const here = dirname(fileURLToPath(import.meta.url));

/** True when this module runs from the compiled `dist/` tree. */
export const FROM_DIST = fileURLToPath(import.meta.url).endsWith(".js");

/** Folder holding the suite files that vitest runs. */
export function suitesDir(): string {
  // src/runner → ../../suites ; dist/src/runner → ../../suites (= dist/suites)
  return join(here, "..", "..", "suites");
}

/** Glob (relative to {@link suitesDir}) of the suite files for this build. */
export function suiteGlob(): string {
  return FROM_DIST ? "*.suite.js" : "*.suite.ts";
}

/** Suite files in the order they must run (side effects first: they count threads). */
export const SUITE_ORDER = ["side-effects", "stream-shape", "endpoints", "reference-graphs"] as const;

