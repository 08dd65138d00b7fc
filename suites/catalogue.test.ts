// The requirement catalogue is complete, consistent with the suites, and mirrored in the README.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { idsAtLevel, REQUIREMENTS, requirementById, requirementIdOfTestName, type Capability } from "./catalogue.js";
import { renderRequirementTable, updateReadme, START_MARKER, END_MARKER } from "./readme-table.js";

const here = new URL(".", import.meta.url).pathname;
const suiteSource = (name: string) => readFileSync(join(here, `${name}.suite.ts`), "utf8");
const CAPABILITIES: Capability[] = [
  "threads",
  "thread-runs",
  "wait",
  "background",
  "batch",
  "join",
  "slow-assistant",
  "failing-assistant",
  "interrupting-assistant",
  "subgraph-assistant",
  "parallel-assistant",
  "messages-assistant",
  "keep-mode",
  "reference-graphs",
];

describe("catalogue", () => {
  test("covers every rule of spec §15 (SR-01 … SR-41) exactly once", () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (let n = 1; n <= 41; n++) expect(ids).toContain(`SR-${String(n).padStart(2, "0")}`);
  });

  test("levels match spec §15", () => {
    const spec15: Record<string, string> = {
      "SR-06": "SHOULD", "SR-07": "SHOULD", "SR-13": "SHOULD", "SR-20": "SHOULD", "SR-29": "SHOULD",
      "SR-33": "SHOULD", "SR-34": "SHOULD", "SR-39": "SHOULD", "SR-40": "SHOULD",
      "SR-08": "MAY", "SR-09": "MAY", "SR-27": "MAY", "SR-41": "MAY",
    };
    for (const r of REQUIREMENTS.filter((x) => x.id.startsWith("SR-"))) expect(r.level, r.id).toBe(spec15[r.id] ?? "MUST");
  });

  test("every entry is complete: statement, why, sources, known capabilities, a suite", () => {
    for (const r of REQUIREMENTS) {
      expect(r.id, r.id).toMatch(/^(SR|RG|SC)-\d{2}$/);
      expect(r.title.length, r.id).toBeGreaterThan(3);
      expect(r.statement, r.id).toMatch(/\.$/);
      expect(r.why.length, r.id).toBeGreaterThan(10);
      expect(r.sources.length, r.id).toBeGreaterThan(0);
      for (const c of r.capabilities) expect(CAPABILITIES, r.id).toContain(c);
      expect(existsSync(join(here, `${r.suite}.suite.ts`)), r.id).toBe(true);
    }
  });

  test("every MUST and SHOULD is checked, or marked not-yet with a reason", () => {
    for (const r of REQUIREMENTS.filter((x) => x.level !== "MAY")) {
      if (r.status === "not-yet") expect(r.notYet?.length ?? 0, r.id).toBeGreaterThan(10);
      else expect(r.status, r.id).toBe("checked");
    }
  });

  test("every checked requirement has a test named by its id in its suite", () => {
    for (const r of REQUIREMENTS.filter((x) => x.status === "checked")) {
      expect(suiteSource(r.suite), `${r.id} in suites/${r.suite}.suite.ts`).toMatch(new RegExp(`requirement\\(\\s*"${r.id}"`));
    }
  });

  test("suites only name catalogued ids", () => {
    for (const name of ["side-effects", "stream-shape", "endpoints", "reference-graphs"]) {
      for (const m of suiteSource(name).matchAll(/requirement\(\s*"([^"]+)"/g)) expect(requirementById(m[1]!), `${m[1]} in ${name}`).toBeDefined();
    }
  });

  test("helpers", () => {
    expect(requirementIdOfTestName("SR-14 updates have one node key")).toBe("SR-14");
    expect(requirementIdOfTestName("RG-01 agent")).toBe("RG-01");
    expect(requirementIdOfTestName("something else")).toBeUndefined();
    expect(idsAtLevel("must").every((id) => requirementById(id)?.level === "MUST")).toBe(true);
    expect(idsAtLevel("may").length).toBe(REQUIREMENTS.length);
  });
});

describe("README requirement table", () => {
  test("is generated with one row per requirement", () => {
    const table = renderRequirementTable();
    expect(table.startsWith(START_MARKER)).toBe(true);
    expect(table.endsWith(END_MARKER)).toBe(true);
    for (const r of REQUIREMENTS) expect(table).toContain(`| ${r.id} | ${r.level} |`);
  });

  test("README.md's block is up to date (when the README has the markers)", () => {
    const path = join(here, "..", "README.md");
    const readme = readFileSync(path, "utf8");
    const updated = updateReadme(readme);
    // Without markers the generator writes nothing (it prints the table), so there is nothing to compare.
    if (updated !== undefined) expect(updated, "run: node --import tsx scripts/gen-readme-table.ts").toBe(readme);
  });

  test("updateReadme replaces only the marked block", () => {
    const before = `# Title\n\nintro\n\n${START_MARKER}\nold\n${END_MARKER}\n\nafter\n`;
    const after = updateReadme(before)!;
    expect(after.startsWith("# Title\n\nintro\n\n")).toBe(true);
    expect(after.endsWith("\n\nafter\n")).toBe(true);
    expect(after).not.toContain("\nold\n");
    expect(updateReadme("# no markers")).toBeUndefined();
  });
});
