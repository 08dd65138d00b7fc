/**
 * The result of a check — the in-memory form and the JSON report (`--reporter json=PATH`), which is
 * the same object. Its shape is a stable, documented contract: {@link REPORT_SCHEMA} (JSON Schema
 * 2020-12) describes it and a test validates written reports against it. Additive changes only;
 * a breaking change bumps `format`.
 */
import type { Evidence } from "../../suites/support/evidence.js";
import type { Capabilities } from "../../suites/support/probe.js";
import type { Level } from "../../suites/catalogue.js";

export const REPORT_FORMAT = "langgraph-conformance/report@1";

export type ResultStatus = "passed" | "failed" | "skipped";

/** One vitest test behind a requirement (some requirements have several). */
export interface TestOutcome {
  name: string;
  status: ResultStatus;
  duration_ms: number;
  message: string;
}

export interface RequirementResult {
  id: string;
  level: Level;
  title: string;
  status: ResultStatus;
  /** Failure text (expected / seen / evidence), the observation of a pass, or the skip reason. */
  message: string;
  /** Structured evidence of a failure; null otherwise. */
  evidence: Evidence | null;
  duration_ms: number;
  /** Set when the expected-failures file lists this id (with its reason). */
  expected_failure: { reason: string } | null;
  /** Listed as an expected failure, yet it passed: time to update the file. */
  unexpected_pass: boolean;
  tests: TestOutcome[];
}

export interface CheckSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Failures listed in the expected-failures file (not fatal). */
  expected_failures: number;
  unexpected_passes: number;
  /** Failures that count, per level (expected failures excluded). */
  must_failed: number;
  should_failed: number;
  may_failed: number;
  verdict: "pass" | "fail" | "error";
  exit_code: 0 | 1 | 2;
}

export interface CheckResult {
  format: typeof REPORT_FORMAT;
  tool: { name: string; version: string };
  target: { url: string; embedded_mock: boolean; info: unknown };
  started_at: string;
  duration_ms: number;
  options: {
    levels: Level[];
    only: string[] | null;
    strict: boolean;
    timeout_ms: number;
    grace_ms: number;
    expected_failures_file: string | null;
  };
  /** What probing found; null when the target could not be probed. */
  capabilities: Capabilities | null;
  summary: CheckSummary;
  results: RequirementResult[];
  /** Problems that kept the check from running cleanly (exit code 2), one line each. */
  errors: string[];
}

const evidenceSchema = {
  type: ["object", "null"],
  required: ["expected", "seen"],
  properties: {
    expected: { type: "string" },
    seen: { type: "string" },
    request: {
      type: "object",
      required: ["method", "url", "headers"],
      properties: {
        method: { type: "string" },
        url: { type: "string" },
        headers: { type: "object", additionalProperties: { type: "string" } },
        body: { type: "string" },
      },
    },
    status: { type: "integer" },
    contentType: { type: "string" },
    event: {
      type: "object",
      required: ["index", "name", "data"],
      properties: { index: { type: "integer" }, name: { type: "string" }, data: { type: "string" } },
    },
    threadIds: { type: "array", items: { type: "string" } },
    curl: { type: "string" },
    details: { type: "array", items: { type: "string" } },
  },
} as const;

const status = { enum: ["passed", "failed", "skipped"] } as const;

/** JSON Schema (2020-12) of the JSON report. */
export const REPORT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:langgraph-conformance:schema:Report",
  title: "langgraph-conformance check report",
  type: "object",
  required: ["format", "tool", "target", "started_at", "duration_ms", "options", "capabilities", "summary", "results", "errors"],
  properties: {
    format: { const: REPORT_FORMAT },
    tool: {
      type: "object",
      required: ["name", "version"],
      properties: { name: { type: "string" }, version: { type: "string" } },
    },
    target: {
      type: "object",
      required: ["url", "embedded_mock", "info"],
      properties: { url: { type: "string" }, embedded_mock: { type: "boolean" }, info: {} },
    },
    started_at: { type: "string", format: "date-time" },
    duration_ms: { type: "number", minimum: 0 },
    options: {
      type: "object",
      required: ["levels", "only", "strict", "timeout_ms", "grace_ms", "expected_failures_file"],
      properties: {
        levels: { type: "array", items: { enum: ["MUST", "SHOULD", "MAY"] } },
        only: { type: ["array", "null"], items: { type: "string" } },
        strict: { type: "boolean" },
        timeout_ms: { type: "number" },
        grace_ms: { type: "number" },
        expected_failures_file: { type: ["string", "null"] },
      },
    },
    capabilities: {
      type: ["object", "null"],
      required: ["target", "graphIds", "assistants", "referenceGraphs", "features", "notes"],
      properties: {
        referenceGraphs: { type: "boolean" },
        graphIds: { type: "array", items: { type: "string" } },
        assistants: { type: "object", additionalProperties: { type: "string" } },
        features: {
          type: "object",
          additionalProperties: {
            type: "object",
            required: ["available"],
            properties: { available: { type: "boolean" }, reason: { type: "string" } },
          },
        },
        notes: { type: "array", items: { type: "string" } },
      },
    },
    summary: {
      type: "object",
      required: [
        "total",
        "passed",
        "failed",
        "skipped",
        "expected_failures",
        "unexpected_passes",
        "must_failed",
        "should_failed",
        "may_failed",
        "verdict",
        "exit_code",
      ],
      properties: {
        total: { type: "integer", minimum: 0 },
        passed: { type: "integer", minimum: 0 },
        failed: { type: "integer", minimum: 0 },
        skipped: { type: "integer", minimum: 0 },
        expected_failures: { type: "integer", minimum: 0 },
        unexpected_passes: { type: "integer", minimum: 0 },
        must_failed: { type: "integer", minimum: 0 },
        should_failed: { type: "integer", minimum: 0 },
        may_failed: { type: "integer", minimum: 0 },
        verdict: { enum: ["pass", "fail", "error"] },
        exit_code: { enum: [0, 1, 2] },
      },
    },
    results: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "level", "title", "status", "message", "evidence", "duration_ms", "expected_failure", "unexpected_pass", "tests"],
        properties: {
          id: { type: "string", pattern: "^[A-Z]{2}-\\d{2}$" },
          level: { enum: ["MUST", "SHOULD", "MAY"] },
          title: { type: "string" },
          status,
          message: { type: "string" },
          evidence: evidenceSchema,
          duration_ms: { type: "number", minimum: 0 },
          expected_failure: {
            type: ["object", "null"],
            required: ["reason"],
            properties: { reason: { type: "string" } },
          },
          unexpected_pass: { type: "boolean" },
          tests: {
            type: "array",
            items: {
              type: "object",
              required: ["name", "status", "duration_ms", "message"],
              properties: { name: { type: "string" }, status, duration_ms: { type: "number" }, message: { type: "string" } },
            },
          },
        },
      },
    },
    errors: { type: "array", items: { type: "string" } },
  },
} as const;
