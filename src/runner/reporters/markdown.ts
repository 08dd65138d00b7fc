/**
 * `--reporter markdown=PATH`: a summary fit for `$GITHUB_STEP_SUMMARY` — verdict, counts, the
 * requirement table, then the evidence of every failure in a collapsible block.
 */
import type { CheckResult, RequirementResult } from "../result.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function mark(r: RequirementResult): string {
  if (r.status === "passed") return r.unexpected_pass ? "✅ (expected to fail)" : "✅ passed";
  if (r.status === "skipped") return "⏭️ skipped";
  if (r.expected_failure) return "⚠️ expected failure";
  return r.level === "MUST" ? "❌ failed" : r.level === "SHOULD" ? "⚠️ failed" : "ℹ️ failed";
}

export function renderMarkdown(result: CheckResult): string {
  const s = result.summary;
  const verdict = s.verdict === "pass" ? "✅ PASS" : s.verdict === "fail" ? "❌ FAIL" : "💥 ERROR";
  const lines = [
    `## LangGraph conformance: ${verdict}`,
    "",
    `Target \`${result.target.url}\`${result.target.embedded_mock ? " (embedded mock deployment)" : ""} · ${result.tool.name} ${result.tool.version} · ${(result.duration_ms / 1000).toFixed(1)} s · exit code ${s.exit_code}`,
    "",
    `**${s.passed}** passed · **${s.failed}** failed (${s.must_failed} MUST, ${s.should_failed} SHOULD, ${s.expected_failures} expected) · **${s.skipped}** skipped${s.unexpected_passes ? ` · **${s.unexpected_passes}** expected failure(s) now pass` : ""}`,
    "",
  ];
  if (result.errors.length > 0) {
    lines.push("### Errors", "", ...result.errors.map((e) => `- ${e}`), "");
  }
  lines.push("| Requirement | Level | Verdict | Title | Note |", "|---|---|---|---|---|");
  for (const r of result.results) {
    const note = r.expected_failure ? `expected: ${r.expected_failure.reason}` : (r.message.split("\n")[0] ?? "");
    lines.push(`| ${r.id} | ${r.level} | ${mark(r)} | ${cell(r.title)} | ${cell(note.length > 140 ? `${note.slice(0, 140)}…` : note)} |`);
  }
  const failures = result.results.filter((r) => r.status === "failed");
  if (failures.length > 0) {
    lines.push("", "### Failures", "");
    for (const r of failures) {
      lines.push(`<details><summary><b>${r.id}</b> (${r.level}) ${cell(r.title)}${r.expected_failure ? " — expected" : ""}</summary>`, "");
      if (r.expected_failure) lines.push(`Expected failure: ${r.expected_failure.reason}`, "");
      lines.push("```text", r.message.replace(/```/g, "``\u200b`"), "```", "", "</details>", "");
    }
  }
  return `${lines.join("\n")}\n`;
}
