#!/usr/bin/env node
// Builds the browser examples with esbuild: examples/src/{stream.ts,react.tsx} → <outdir>/*.js, the HTML
// pages from examples/public, the fixtures bundled in as JSON (module "virtual:fixtures"), and msw's
// service worker (scripts/msw-init.mjs).
//
//   node examples/build.mjs [--outdir DIR] [--fixtures DIR] [--minify]
//
// Fixtures default to fixtures/corpus, or the mock's test fixtures while the corpus is still empty.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { mswInit } from "../scripts/msw-init.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "..");

/** Fixture files under `dir`, recursively, skipping what the corpus loader skips. */
export function listFixtureFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".")) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".json") && !name.endsWith(".schema.json") && !name.endsWith(".scenario.json")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function defaultFixturesDir() {
  const corpus = join(root, "fixtures/corpus");
  if (existsSync(corpus) && listFixtureFiles(corpus).length > 0) return corpus;
  return join(root, "test/mock/data");
}

/** Resolves `import fixtures from "virtual:fixtures"` to the fixtures of `dir` as one JSON array. */
function fixturesPlugin(dir) {
  return {
    name: "fixtures",
    setup(build) {
      build.onResolve({ filter: /^virtual:fixtures$/ }, () => ({ path: "fixtures", namespace: "fixtures" }));
      build.onLoad({ filter: /.*/, namespace: "fixtures" }, () => {
        const files = listFixtureFiles(dir);
        if (files.length === 0) throw new Error(`no fixture files (*.json) under ${dir}`);
        const fixtures = files.map((f) => {
          try {
            return JSON.parse(readFileSync(f, "utf8"));
          } catch (e) {
            throw new Error(`fixture ${f} is not valid JSON: ${e instanceof Error ? e.message : e}`);
          }
        });
        return { contents: JSON.stringify(fixtures), loader: "json", watchFiles: files, watchDirs: [dir] };
      });
    },
  };
}

/**
 * Build the examples into `outdir`. Returns the fixture files bundled.
 * @param {{ outdir?: string, fixturesDir?: string, minify?: boolean, logLevel?: import("esbuild").LogLevel }} [opts]
 */
export async function buildExamples(opts = {}) {
  const outdir = resolve(opts.outdir ?? join(here, "dist"));
  const fixturesDir = resolve(opts.fixturesDir ?? defaultFixturesDir());
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(here, "src/stream.ts"), join(here, "src/react.tsx")],
    outdir,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    sourcemap: true,
    minify: opts.minify ?? false,
    define: { "process.env.NODE_ENV": JSON.stringify(opts.minify ? "production" : "development") },
    plugins: [fixturesPlugin(fixturesDir)],
    logLevel: opts.logLevel ?? "warning",
  });
  cpSync(join(here, "public"), outdir, { recursive: true });
  mswInit(outdir);
  return { outdir, fixturesDir, fixtures: listFixtureFiles(fixturesDir) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { outdir: { type: "string" }, fixtures: { type: "string" }, minify: { type: "boolean" } },
  });
  const res = await buildExamples({
    ...(values.outdir ? { outdir: values.outdir } : {}),
    ...(values.fixtures ? { fixturesDir: values.fixtures } : {}),
    minify: values.minify ?? false,
  });
  console.log(`examples built into ${relative(process.cwd(), res.outdir) || "."} (${res.fixtures.length} fixtures from ${relative(process.cwd(), res.fixturesDir)})`);
}
