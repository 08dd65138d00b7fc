// The bench runs its children as plain JavaScript, bundled once per run with esbuild (the project's
// own bundler): that is how the published package runs (compiled JS, no loader), and it keeps tsx
// out of the measurement — under `--import tsx` a server carries tsx's loader thread (~50 MB RSS)
// and esbuild's keepNames helpers on hot paths. npm packages stay external (resolved from
// node_modules), so the bundles live inside the repo, in a gitignored `.tmp-build` folder.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const BUILD_DIR = join(import.meta.dirname, "../.tmp-build");

/** Bundle `bench/<entry>.ts` files to `bench/.tmp-build/<basename>.mjs`. */
export async function bundleChildren(entries: readonly string[]): Promise<void> {
  mkdirSync(BUILD_DIR, { recursive: true });
  await build({
    // Flat output names (`servers/mock` → `mock.mjs`), whatever folder the entry lives in.
    entryPoints: entries.map((e) => ({ in: join(import.meta.dirname, "..", `${e}.ts`), out: e.split("/").at(-1) as string })),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    outdir: BUILD_DIR,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
}

export const bundlePath = (name: string): string => join(BUILD_DIR, `${name}.mjs`);
