/**
 * From vitest test outcomes to requirement verdicts, expected failures and the exit code.
 */
import { requirementById, type Requirement } from "../../suites/catalogue.js";
import type { CollectedTest } from "./collector.js";
import type { CheckSummary, RequirementResult, ResultStatus } from "./result.js";

export function aggregate(
  ids: readonly string[],
  tests: readonly CollectedTest[],
  expected: ReadonlyMap<string, string>,
  incomplete: string | undefined,
): RequirementResult[] {
  return ids.map((id) => {
    const req = requirementById(id) as Requirement;
    const mine = tests.filter((t) => t.requirementId === id);
    let status: ResultStatus;
    let message: string;
    const failed = mine.filter((t) => t.status === "failed");
    const passed = mine.filter((t) => t.status === "passed");
    if (mine.length === 0) {
      if (req.status === "not-yet") {
        status = "skipped";
        message = `not checked yet: ${req.notYet ?? "no reason given"}`;
      } else if (incomplete !== undefined) {
        status = "failed";
        message = `the check did not finish: ${incomplete}`;
      } else {
        status = "skipped";
        message = "no test ran for this requirement";
      }
    } else if (failed.length > 0) {
      status = "failed";
      message = failed.map((t) => (mine.length > 1 ? `[${t.name}] ${t.message}` : t.message)).join("\n\n");
    } else if (passed.length > 0) {
      status = "passed";
      message = mine.map((t) => t.message).filter(Boolean).join("; ");
    } else {
      status = "skipped";
      message = mine.map((t) => t.message).filter(Boolean).join("; ");
    }
    // MAY rules are tolerance tests: they never count as failures (the suites skip instead).
    if (req.level === "MAY" && status === "failed") status = "skipped";
    const reason = expected.get(id);
    return {
      id,
      level: req.level,
      title: req.title,
      status,
      message,
      evidence: failed[0]?.evidence ?? null,
      duration_ms: Math.round(mine.reduce((n, t) => n + t.durationMs, 0)),
      expected_failure: reason !== undefined ? { reason } : null,
      unexpected_pass: reason !== undefined && status === "passed",
      tests: mine.map((t) => ({ name: t.name, status: t.status, duration_ms: Math.round(t.durationMs), message: t.message })),
    };
  });
}

export function summarise(results: readonly RequirementResult[], strict: boolean, errors: readonly string[]): CheckSummary {
  const counted = results.filter((r) => r.status === "failed" && r.expected_failure === null);
  const mustFailed = counted.filter((r) => r.level === "MUST").length;
  const shouldFailed = counted.filter((r) => r.level === "SHOULD").length;
  const exitCode: 0 | 1 | 2 = errors.length > 0 ? 2 : mustFailed > 0 || (strict && shouldFailed > 0) ? 1 : 0;
  return {
    total: results.length,
    passed: results.filter((r) => r.status === "passed").length,
    failed: results.filter((r) => r.status === "failed").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    expected_failures: results.filter((r) => r.status === "failed" && r.expected_failure !== null).length,
    unexpected_passes: results.filter((r) => r.unexpected_pass).length,
    must_failed: mustFailed,
    should_failed: shouldFailed,
    may_failed: 0,
    verdict: exitCode === 2 ? "error" : exitCode === 1 ? "fail" : "pass",
    exit_code: exitCode,
  };
}
