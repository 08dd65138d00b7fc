/**
 * The vitest Reporter of a check: records every test case as it finishes (with the requirement id,
 * the failure evidence that travelled from the worker, or the skip note) and prints a progress line.
 */
import type { Reporter, SerializedError, TestCase, TestModule } from "vitest/node";
import { requirementIdOfTestName } from "../../suites/catalogue.js";
import type { Evidence } from "../../suites/support/evidence.js";
import type { ResultStatus } from "./result.js";

export interface CollectedTest {
  requirementId: string | undefined;
  name: string;
  status: ResultStatus;
  durationMs: number;
  message: string;
  evidence: Evidence | null;
}

export interface ProgressSink {
  (line: string): void;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

export class CheckCollector implements Reporter {
  readonly tests: CollectedTest[] = [];
  readonly errors: string[] = [];
  finished = false;

  constructor(
    private readonly progress: ProgressSink | undefined,
    /** Only tests of these ids count (the others were filtered out and show as skipped). */
    private readonly selected: ReadonlySet<string>,
  ) {}

  onTestCaseResult(testCase: TestCase): void {
    const id = requirementIdOfTestName(testCase.name);
    if (id === undefined || !this.selected.has(id)) return;
    const result = testCase.result();
    const meta = testCase.meta().lgc;
    const durationMs = testCase.diagnostic()?.duration ?? 0;
    let status: ResultStatus;
    let message = "";
    let evidence: Evidence | null = null;
    if (result.state === "failed") {
      status = "failed";
      const err = result.errors[0] as (SerializedError & { evidence?: Evidence }) | undefined;
      message = err?.message ?? "failed without an error message";
      const timedOut = /^Test timed out in (\d+)ms/.exec(message);
      if (timedOut) {
        // vitest's own text ("pass a timeout value as the last argument…") speaks to a test author;
        // the person running a check needs to know it is the target that was too slow.
        message =
          `the check did not finish within its ${Math.round(Number(timedOut[1]) / 1000)} s limit (derived from --timeout): ` +
          `the target answered too slowly or not at all (each request is bounded by --timeout; this check makes several in sequence)`;
      } else if (err?.name && err.name !== "RequirementFailure") message = `${err.name}: ${message}`;
      evidence = err?.evidence ?? null;
    } else if (result.state === "skipped") {
      // Filtered-out tests (testNamePattern) never reach here: their id is not selected.
      status = "skipped";
      message = result.note ?? meta?.note ?? "skipped";
    } else if (result.state === "passed") {
      status = "passed";
      message = meta?.note ?? "";
    } else {
      return;
    }
    this.tests.push({ requirementId: id, name: testCase.name, status, durationMs, message, evidence });
    if (this.progress) {
      const mark = status === "passed" ? "✓" : status === "failed" ? "✗" : "–";
      const tail = status === "passed" ? "" : ` — ${firstLine(message)}`;
      this.progress(`  ${mark} ${testCase.name} (${Math.round(durationMs)} ms)${tail}`);
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const e of unhandledErrors) this.errors.push(`unhandled error: ${e.name ?? "Error"}: ${firstLine(e.message ?? "")}`);
    for (const m of modules) {
      // A suite file that failed to load (syntax error, import error) has module-level errors.
      for (const e of m.errors()) this.errors.push(`${m.moduleId}: ${e.name ?? "Error"}: ${firstLine(e.message ?? "")}`);
      // A failing beforeAll/afterAll hook is reported on its suite.
      for (const suite of m.children.allSuites()) {
        for (const e of suite.errors()) this.errors.push(`${suite.fullName}: ${e.name ?? "Error"}: ${firstLine(e.message ?? "")}`);
      }
    }
    this.finished = true;
  }
}
