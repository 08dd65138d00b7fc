/**
 * Renders the requirement catalogue as the Markdown table of the README, between
 * `<!-- requirements:start -->` and `<!-- requirements:end -->` (scripts/gen-readme-table.ts writes it,
 * suites/catalogue.test.ts checks it is current).
 */
import { PROFILES, REQUIREMENTS, type ProfileVerdict, type Requirement } from "./catalogue.js";

export const START_MARKER = "<!-- requirements:start -->";
export const END_MARKER = "<!-- requirements:end -->";

const MARK: Record<ProfileVerdict, string> = { pass: "✔", fail: "✘", unknown: "?" };
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function row(r: Requirement): string {
  const needs = r.capabilities.length > 0 ? r.capabilities.join(", ") : "—";
  const status = r.status === "checked" ? (r.level === "MAY" ? "tolerance" : "checked") : `not yet: ${r.notYet ?? ""}`;
  return `| ${r.id} | ${r.level} | ${cell(r.statement)} | ${cell(r.why)} | ${cell(r.sources.join("; "))} | ${cell(needs)} | ${MARK[r.profiles.js]} | ${MARK[r.profiles.py]} | ${MARK[r.profiles.mock]} | ${cell(status)} |`;
}

/** The generated block, markers included. */
export function renderRequirementTable(): string {
  const counts = (["MUST", "SHOULD", "MAY"] as const).map((l) => `${REQUIREMENTS.filter((r) => r.level === l).length} ${l}`).join(", ");
  return [
    START_MARKER,
    `<!-- generated from suites/catalogue.ts by scripts/gen-readme-table.ts; do not edit by hand -->`,
    "",
    `${REQUIREMENTS.length} requirements (${counts}). Profiles: JS = ${PROFILES.js}; PY = ${PROFILES.py}; mock = ${PROFILES.mock}. ✔ satisfies, ✘ known deviation, ? unknown.`,
    "",
    "| ID | Level | Requirement | Why it matters | Source | Needs | JS | PY | mock | Check |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...REQUIREMENTS.map(row),
    "",
    END_MARKER,
  ].join("\n");
}

/**
 * README text with the block replaced, or `undefined` when the README has no markers (then nothing
 * is written; the caller prints the table instead).
 */
export function updateReadme(readme: string): string | undefined {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < 0 || end < start) return undefined;
  return `${readme.slice(0, start)}${renderRequirementTable()}${readme.slice(end + END_MARKER.length)}`;
}
