#!/usr/bin/env node
// Copies msw's service worker script (mockServiceWorker.js) into a public directory.
// npm 11 skips msw's postinstall (dependencies.md gotcha 9), so this is an explicit step; it runs msw's
// own CLI rather than copying the file by hand so the worker always matches the installed msw version.
//
//   node scripts/msw-init.mjs <public dir>      (default: examples/dist)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WORKER_FILE = "mockServiceWorker.js";

/** Run `npx msw init <dir> --save=false`; returns the worker file's path or throws with msw's output. */
export function mswInit(dir) {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  const root = fileURLToPath(new URL("..", import.meta.url));
  const res = spawnSync("npx", ["--no-install", "msw", "init", target, "--save=false"], {
    cwd: root,
    encoding: "utf8",
    // npx must not prompt or reach a registry: msw is a devDependency of this package.
    env: { ...process.env, npm_config_yes: "false", npm_config_update_notifier: "false" },
  });
  const file = join(target, WORKER_FILE);
  if (res.status !== 0 || !existsSync(file)) {
    throw new Error(
      `msw init failed (exit ${res.status ?? res.signal}): ${res.error?.message ?? ""}\n${res.stdout}${res.stderr}\n` +
        "Is msw installed? Run `npm ci` first.",
    );
  }
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? "examples/dist";
  console.log(`msw service worker: ${mswInit(dir)}`);
}
