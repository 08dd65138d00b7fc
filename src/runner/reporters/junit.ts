/**
 * `--reporter junit=PATH`: one <testcase> per requirement. Failures become <failure> (type = level);
 * skipped requirements and expected failures become <skipped> — an expected failure is a known,
 * non-fatal result, so CI tools that read JUnit stay green exactly when the exit code is 0 for MUST
 * rules. The failure text (expected / seen / evidence / curl) is the element body.
 */
import type { CheckResult, RequirementResult } from "../result.js";

export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function testcase(r: RequirementResult): string {
  const name = xmlEscape(`${r.id} ${r.title}`);
  const time = (r.duration_ms / 1000).toFixed(3);
  const open = `    <testcase classname="${xmlEscape(`langgraph-conformance.${r.level}`)}" name="${name}" time="${time}">`;
  const firstLine = (t: string) => xmlEscape(t.split("\n")[0] ?? "");
  let inner = "";
  if (r.status === "failed" && r.expected_failure) {
    inner = `      <skipped message="expected failure: ${xmlEscape(r.expected_failure.reason)}"/>\n      <system-out>${xmlEscape(r.message)}</system-out>\n`;
  } else if (r.status === "failed") {
    inner = `      <failure type="${r.level}" message="${firstLine(r.message)}">${xmlEscape(r.message)}</failure>\n`;
  } else if (r.status === "skipped") {
    inner = `      <skipped message="${firstLine(r.message)}"/>\n`;
  } else if (r.message) {
    inner = `      <system-out>${xmlEscape(r.message)}${r.unexpected_pass ? "\n(listed as an expected failure, but passed)" : ""}</system-out>\n`;
  }
  return inner ? `${open}\n${inner}    </testcase>` : `${open}</testcase>`;
}

export function renderJunit(result: CheckResult): string {
  const failures = result.results.filter((r) => r.status === "failed" && !r.expected_failure).length;
  const skipped = result.results.filter((r) => r.status === "skipped" || (r.status === "failed" && r.expected_failure)).length;
  const time = (result.duration_ms / 1000).toFixed(3);
  const attrs = `name="langgraph-conformance" tests="${result.results.length}" failures="${failures}" errors="${result.errors.length}" skipped="${skipped}" time="${time}"`;
  const props = [
    ["target", result.target.url],
    ["tool.version", result.tool.version],
    ["verdict", result.summary.verdict],
    ["exit_code", String(result.summary.exit_code)],
  ]
    .map(([k, v]) => `      <property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`)
    .join("\n");
  const errors = result.errors.map((e) => `    <system-err>${xmlEscape(e)}</system-err>`).join("\n");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites ${attrs}>`,
    `  <testsuite ${attrs} timestamp="${xmlEscape(result.started_at)}">`,
    `    <properties>\n${props}\n    </properties>`,
    ...result.results.map(testcase),
    ...(errors ? [errors] : []),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
