#!/usr/bin/env node
// `npm test`: build (the CLI tests run the compiled bin), type-check everything, run vitest, and end
// with the plain line `N passed, N failed` that CI reads (vitest's own summary has another form).
// Extra arguments are passed through to vitest (e.g. a file filter).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";

const args = process.argv.slice(2);
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: "inherit", shell: false }).status ?? 1;

let failedSteps = 0;
if (run("npx", ["tsc", "-p", "tsconfig.build.json"]) !== 0) {
  console.error("build failed (tsc -p tsconfig.build.json)");
  failedSteps++;
}
if (run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]) !== 0) {
  console.error("type-check failed (tsc --noEmit)");
  failedSteps++;
}

mkdirSync("test-output", { recursive: true });
const jsonPath = "test-output/vitest.json";
rmSync(jsonPath, { force: true });
const vitestStatus = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${jsonPath}`,
  ...args,
]);

let passed = 0;
let failed = failedSteps;
let skipped = 0;
if (existsSync(jsonPath)) {
  const report = JSON.parse(readFileSync(jsonPath, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no failed test but a failed suite: count it.
  failed += (report.testResults ?? []).filter(
    (r) => r.status === "failed" && (r.assertionResults ?? []).every((a) => a.status !== "failed"),
  ).length;
} else {
  failed += 1;
}
if (vitestStatus !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
