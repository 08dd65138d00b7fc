// Public API of the check runner (programmatic use of `langgraph-conformance check`).
export { runCheck, writeReports, UsageError } from "./run.js";
export type { CheckOptions, ConfigFile, ReporterKind, ReporterTarget } from "./options.js";
export { loadExpectedFailures, parseAssistants, parseReporter, selectIds } from "./options.js";
export { REPORT_FORMAT, REPORT_SCHEMA } from "./result.js";
export type { CheckResult, CheckSummary, RequirementResult, ResultStatus, TestOutcome } from "./result.js";
export { renderJson } from "./reporters/json.js";
export { renderJunit } from "./reporters/junit.js";
export { renderMarkdown } from "./reporters/markdown.js";
export { renderTable } from "./reporters/table.js";
export { conformanceEnv, conformanceInclude, conformanceTestConfig, ConformanceSequencer } from "./vitest.js";
export type { ConformanceTarget } from "./vitest.js";
