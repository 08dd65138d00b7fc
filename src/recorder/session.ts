// Records a list of scenarios into a directory, one fixture file each, written atomically.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFixtureAtomic } from "../fixtures/io.js";
import type { Fixture } from "../fixtures/format.js";
import { fetchInfo, recordScenario, type RecordOptions, type RecordResult } from "./record.js";
import type { Scenario } from "./scenario.js";

export interface RecordSessionOptions extends Omit<RecordOptions, "info"> {
  scenarios: Scenario[];
  /** Where fixtures go (`<outDir>/<scenario name>.json`); omit to only return them. */
  outDir?: string;
  /** Called after each scenario, in order. */
  onProgress?: (p: RecordProgress) => void;
  /** Fail when a response status differs from the scenario's `expect_status`. Default true. */
  checkStatus?: boolean;
  /** Requests in flight at once (results keep scenario order). Default 1. */
  concurrency?: number;
}

export interface RecordProgress {
  index: number;
  total: number;
  scenario: Scenario;
  fixture?: Fixture;
  file?: string;
  redactions?: number;
  error?: Error;
}

export interface RecordSessionResult {
  fixtures: Fixture[];
  files: string[];
  failures: { scenario: string; error: string }[];
  redactions: { count: number; byRule: Record<string, number> };
}

export async function recordScenarios(opts: RecordSessionOptions): Promise<RecordSessionResult> {
  const info = await fetchInfo(opts).catch(() => null);
  if (opts.outDir) await mkdir(opts.outDir, { recursive: true });
  const result: RecordSessionResult = { fixtures: [], files: [], failures: [], redactions: { count: 0, byRule: {} } };
  const total = opts.scenarios.length;
  type Outcome = { fixture?: Fixture; file?: string; redactions?: RecordResult["redactions"]; error?: Error };
  const outcomes: (Outcome | undefined)[] = new Array(total);
  const recordOne = async (index: number): Promise<Outcome> => {
    const scenario = opts.scenarios[index]!;
    try {
      const { fixture, redactions } = await recordScenario(scenario, { ...opts, info });
      const expected = scenario.expect_status;
      if ((opts.checkStatus ?? true) && expected !== undefined && fixture.response.status !== expected) {
        throw new Error(
          `expected HTTP ${expected}, got ${fixture.response.status}` +
            (fixture.response.kind === "text" ? `: ${fixture.response.text?.slice(0, 200)}` : ""),
        );
      }
      let file: string | undefined;
      if (opts.outDir) {
        file = join(opts.outDir, `${scenario.name}.json`);
        await writeFixtureAtomic(file, fixture);
      }
      return { fixture, redactions, ...(file ? { file } : {}) };
    } catch (error) {
      return { error: error as Error };
    }
  };
  // A small worker pool; progress is reported in scenario order as soon as a prefix is complete.
  let next = 0;
  let reported = 0;
  const report = () => {
    while (reported < total && outcomes[reported]) {
      const o = outcomes[reported]!;
      const scenario = opts.scenarios[reported]!;
      if (o.error) {
        if (!opts.signal?.aborted) {
          result.failures.push({ scenario: scenario.name, error: o.error.message });
          opts.onProgress?.({ index: reported, total, scenario, error: o.error });
        }
      } else {
        result.fixtures.push(o.fixture!);
        if (o.file) result.files.push(o.file);
        result.redactions.count += o.redactions!.count;
        for (const [rule, n] of Object.entries(o.redactions!.byRule)) {
          result.redactions.byRule[rule] = (result.redactions.byRule[rule] ?? 0) + n;
        }
        opts.onProgress?.({
          index: reported,
          total,
          scenario,
          fixture: o.fixture!,
          redactions: o.redactions!.count,
          ...(o.file ? { file: o.file } : {}),
        });
      }
      reported++;
    }
  };
  const worker = async () => {
    while (next < total && !opts.signal?.aborted) {
      const index = next++;
      outcomes[index] = await recordOne(index);
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, total)) }, worker));
  return result;
}
