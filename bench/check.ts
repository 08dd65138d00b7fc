// Bench child: one full `runCheck` (what `langgraph-conformance check` runs), against the embedded
// mock (no URL) or a URL. Reports its wall time and verdict to the parent over IPC.
// Usage (forked by bench/run.ts): check.ts [URL]
import { runCheck } from "../src/runner/index.js";

export interface CheckRun {
  ms: number;
  summary: { total: number; passed: number; failed: number; verdict: string };
  errors: string[];
}

const url = process.argv[2];
const t0 = performance.now();
const r = await runCheck({ output: false, ...(url ? { url } : {}) });
const out: CheckRun = {
  ms: performance.now() - t0,
  summary: { total: r.summary.total, passed: r.summary.passed, failed: r.summary.failed, verdict: r.summary.verdict },
  errors: r.errors,
};
process.send?.(out);
process.disconnect?.();
