/**
 * Locates files shipped next to the code (the child entry, the reference graphs) from the package
 * root, so the same lookup works from `src/` (vitest, tsx) and from compiled `dist/src/`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_NAME = "langgraph-conformance";

/**
 * Directory of the first `package.json` named `langgraph-conformance` at or above `from`'s directory.
 */
export function findPackageRoot(from: string): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: unknown };
        if (pkg.name === PACKAGE_NAME) return dir;
      } catch {
        // An unreadable package.json on the way up is not ours; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `reference: no package.json named "${PACKAGE_NAME}" above ${from}; ` +
          "run from inside the package (source checkout or installed copy).",
      );
    }
    dir = parent;
  }
}

let cachedRoot: string | undefined;

/** This package's root directory (walks up from this module; works from src/ and dist/src/). */
export function packageRoot(): string {
  cachedRoot ??= findPackageRoot(fileURLToPath(import.meta.url));
  return cachedRoot;
}

/** `fixtures/corpus/` — the recorded corpus the embedded mock, `serve` and the Node adapters replay by default. */
export function corpusDir(): string {
  return join(packageRoot(), "fixtures", "corpus");
}

/** `fixtures/graphs/` — the deterministic reference graphs (.mjs). */
export function referenceGraphsDir(): string {
  return join(packageRoot(), "fixtures", "graphs");
}

/**
 * The child entry. Always the `.mjs` source file (tsc does not copy .mjs to dist/), resolved from
 * the package root, so compiled code uses it too; `package.json` `files` must therefore ship it.
 */
export function childEntryPath(): string {
  return join(packageRoot(), "src", "reference", "child.mjs");
}
