/**
 * The final verdict table printed by `check`: one row per requirement, then the counts and the
 * verdict line. Plain text; colour only when the output is a TTY (NO_COLOR is honoured).
 */
import type { CheckResult, RequirementResult } from "../result.js";

export interface TableOptions {
  color?: boolean;
  /** Terminal width used to cut notes; default 120. */
  width?: number;
}

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

function verdict(r: RequirementResult): { text: string; code: number } {
  if (r.status === "passed") return r.unexpected_pass ? { text: "PASS*", code: 33 } : { text: "PASS", code: 32 };
  if (r.status === "skipped") return { text: "SKIP", code: 90 };
  if (r.expected_failure) return { text: "XFAIL", code: 33 };
  return r.level === "MUST" ? { text: "FAIL", code: 31 } : { text: "WARN", code: 33 };
}

export function renderTable(result: CheckResult, opts: TableOptions = {}): string {
  const color = opts.color ?? false;
  const width = Math.max(80, opts.width ?? 120);
  const rows = result.results.map((r) => {
    const v = verdict(r);
    const note = r.expected_failure
      ? `expected: ${r.expected_failure.reason}`
      : r.status === "failed"
        ? (r.evidence ? `expected ${r.evidence.expected}; seen ${r.evidence.seen}` : (r.message.split("\n")[0] ?? ""))
        : (r.message.split("\n")[0] ?? "");
    return { r, v, note: note.replace(/\s+/g, " ") };
  });
  const titleWidth = Math.min(44, Math.max(...rows.map((x) => x.r.title.length), 5));
  const header = `${"ID".padEnd(6)} ${"LEVEL".padEnd(6)} ${"VERDICT".padEnd(7)} ${"TITLE".padEnd(titleWidth)} NOTE`;
  const noteWidth = Math.max(20, width - header.length + 4);
  const lines = [paint(color, 1, header)];
  for (const { r, v, note } of rows) {
    const title = r.title.length > titleWidth ? `${r.title.slice(0, titleWidth - 1)}…` : r.title.padEnd(titleWidth);
    const cut = note.length > noteWidth ? `${note.slice(0, noteWidth - 1)}…` : note;
    lines.push(`${r.id.padEnd(6)} ${r.level.padEnd(6)} ${paint(color, v.code, v.text.padEnd(7))} ${title} ${cut}`);
  }
  const s = result.summary;
  lines.push(
    "",
    `${s.total} requirements: ${s.passed} passed, ${s.failed} failed (${s.must_failed} MUST, ${s.should_failed} SHOULD, ${s.expected_failures} expected), ${s.skipped} skipped${s.unexpected_passes ? `; ${s.unexpected_passes} expected failure(s) now pass (PASS*) — update the expected-failures file` : ""}`,
  );
  for (const e of result.errors) lines.push(paint(color, 31, `error: ${e}`));
  const line =
    s.verdict === "pass"
      ? paint(color, 32, `PASS — no MUST requirement failed${s.should_failed ? ` (${s.should_failed} SHOULD warning(s))` : ""} · exit 0`)
      : s.verdict === "fail"
        ? paint(color, 31, `FAIL — ${s.must_failed} MUST${s.should_failed ? ` and ${s.should_failed} SHOULD` : ""} requirement(s) failed · exit 1`)
        : paint(color, 31, `ERROR — the check could not run cleanly · exit 2`);
  lines.push(line);
  return `${lines.join("\n")}\n`;
}
