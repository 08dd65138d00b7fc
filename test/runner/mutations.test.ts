/**
 * Proof that the checks can fail (issue #5, part 4): every faulty server of the catalogue makes the
 * check fail with the requirement id that names its fault and no unrelated MUST failure; every valid
 * variant passes with exit 0. One table runs them all, each against its own server on port 0.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { REQUIREMENTS, requirementById } from "../../suites/catalogue.js";
import { runCheck } from "../../src/runner/index.js";
import { FAULTS, VALID } from "./faulty/catalogue.js";
import { serveFault } from "./faulty/server.js";
import { testCorpusDir } from "./helpers.js";
import { limiter } from "../support/limit.js";

let fixturesDir: string;
beforeAll(() => {
  fixturesDir = testCorpusDir();
});

const mustIds = (ids: string[]) => ids.filter((id) => requirementById(id)?.level === "MUST");

// Each case is a full check (a vitest run of its own): run a few at a time, not all at once.
const slot = limiter(Number(process.env.LGC_MUTATION_CONCURRENCY) || 3);
const CASE_TIMEOUT = 900_000;

test("every MUST requirement that is checked is the target of at least one faulty server", () => {
  const targeted = new Set(FAULTS.flatMap((f) => f.targets));
  const unproven = REQUIREMENTS.filter((r) => r.level === "MUST" && r.status === "checked" && !targeted.has(r.id)).map((r) => r.id);
  expect(unproven, "a check that no faulty server makes fail is not proven to be able to fail").toEqual([]);
});

describe.concurrent("faulty servers fail the targeted requirement", () => {
  test.each(FAULTS.map((f) => [f.name, f] as const))("%s", (_name, c) => slot(async () => {
    const server = await serveFault(c.fault, { fixturesDir, ...(c.mock ? { mock: c.mock } : {}) });
    try {
      const result = await runCheck({ url: server.url, output: false, timeoutS: 10 });
      const failed = result.results.filter((r) => r.status === "failed").map((r) => r.id);
      const why = (id: string) => result.results.find((r) => r.id === id)?.message.split("\n").slice(0, 2).join(" | ");
      for (const target of c.targets) expect(failed, `${c.description}: ${target} must fail`).toContain(target);
      const unrelated = mustIds(failed).filter((id) => !c.targets.includes(id) && !(c.allowed ?? []).includes(id));
      expect(unrelated, `unrelated MUST failures: ${unrelated.map((id) => `${id}: ${why(id)}`).join("; ")}`).toEqual([]);
      const targetsMust = mustIds(c.targets).length > 0;
      expect(result.summary.exit_code).toBe(targetsMust ? 1 : 0);
      expect(result.errors).toEqual([]);
    } finally {
      await server.close();
    }
  }), CASE_TIMEOUT);
});

describe.concurrent("valid variants pass", () => {
  test.each(VALID.map((v) => [v.name, v] as const))("%s", (_name, c) => slot(async () => {
    const server = await serveFault(c.fault, { fixturesDir, ...(c.mock ? { mock: c.mock } : {}) });
    try {
      const result = await runCheck({ url: server.url, output: false, timeoutS: 10 });
      const mustFailed = result.results.filter((r) => r.status === "failed" && r.level === "MUST");
      expect(mustFailed.map((r) => `${r.id}: ${r.message.split("\n")[1] ?? r.message}`)).toEqual([]);
      expect(result.summary.exit_code).toBe(0);
    } finally {
      await server.close();
    }
  }), CASE_TIMEOUT);
});
