/**
 * `requirement(id, aspect, fn)`: declares one vitest test named `"<id> <aspect>"`.
 *
 * - Skips with the reason when a needed capability is missing (probed or configured).
 * - A failed check throws {@link RequirementFailure}: its message is the human-readable evidence
 *   and its `evidence` property the structured form; vitest serialises both to the reporter.
 * - Unexpected errors inside a check (the target sent something the check did not foresee) are
 *   wrapped into a RequirementFailure, so the verdict is "failed with a reason", never a crash.
 * - MAY requirements are tolerance tests: they observe and pass; if they cannot observe they skip.
 * - Passing checks may leave an observation (`ctx.note("…")`) that the reports show.
 */
import { test, type TestContext } from "vitest";
import { requirementById, type Capability } from "../catalogue.js";
import { formatEvidence, type Evidence } from "./evidence.js";
import { capabilities, missingCapability } from "./probe.js";

export class RequirementFailure extends Error {
  override name = "RequirementFailure";
  readonly requirementId: string | undefined;
  readonly evidence: Evidence;
  constructor(evidence: Evidence, requirementId?: string) {
    super(formatEvidence(evidence));
    this.evidence = evidence;
    this.requirementId = requirementId;
  }
}

/** Metadata a check leaves on its vitest task (read by the runner's reporter). */
export interface RequirementMeta {
  requirementId: string;
  /** Observation of a passing check, or the skip reason. */
  note?: string;
}

declare module "vitest" {
  interface TaskMeta {
    lgc?: RequirementMeta;
  }
}

export interface RequirementContext {
  /** Records an observation shown for a passing (or MAY) check. */
  note(text: string): void;
  /** Skips the check with a reason (capability missing at run time, nothing to check). */
  skip(reason: string): never;
  /** Throws a RequirementFailure. */
  fail(evidence: Evidence): never;
  signal: AbortSignal;
}

export interface RequirementOptions {
  /** Extra capabilities beyond the catalogue's (rarely needed). */
  needs?: Capability[];
  /** Run concurrently with the other concurrent tests of the file. */
  concurrent?: boolean;
  /** vitest timeout for this test; defaults to the file's. */
  timeoutMs?: number;
}

export function fail(evidence: Evidence): never {
  throw new RequirementFailure(evidence);
}

/** Declares a check. `aspect` completes the test name: `SR-14 updates have one node key`. */
export function requirement(
  id: string,
  aspect: string,
  fn: (ctx: RequirementContext) => Promise<void> | void,
  opts: RequirementOptions = {},
): void {
  const req = requirementById(id);
  if (req === undefined) throw new Error(`requirement("${id}"): no such id in suites/catalogue.ts; add it there first.`);
  const name = `${id} ${aspect}`;
  const body = async (vctx: TestContext) => {
    const meta: RequirementMeta = { requirementId: id };
    vctx.task.meta.lgc = meta;
    const skip = (reason: string): never => {
      meta.note = reason;
      vctx.skip(reason);
      throw new Error("unreachable: vitest skip returned");
    };
    const caps = await capabilities();
    const missing = missingCapability(caps, [...req.capabilities, ...(opts.needs ?? [])]);
    if (missing !== undefined) skip(missing);
    const ctx: RequirementContext = {
      note: (text) => {
        meta.note = meta.note ? `${meta.note}; ${text}` : text;
      },
      skip,
      fail: (evidence) => {
        throw new RequirementFailure(evidence, id);
      },
      signal: vctx.signal,
    };
    try {
      await fn(ctx);
    } catch (error) {
      if (isVitestSkip(error)) throw error;
      if (req.level === "MAY") {
        // Tolerance rule: never a failure. Say what could not be observed instead.
        const message = error instanceof RequirementFailure ? error.evidence.seen : (error as Error)?.message;
        skip(`could not observe (MAY rule, not a failure): ${String(message).split("\n")[0]}`);
      }
      if (error instanceof RequirementFailure) throw error;
      throw new RequirementFailure(
        {
          expected: `the ${id} check to complete`,
          seen: `the check stopped with ${(error as Error)?.name ?? "an error"}: ${(error as Error)?.message ?? String(error)}`,
          details: ["this usually means the target answered something the check could not interpret; see the stack"],
        },
        id,
      );
    }
  };
  const options = opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {};
  if (opts.concurrent) test.concurrent(name, options, body);
  else test(name, options, body);
}

function isVitestSkip(error: unknown): boolean {
  // vitest's ctx.skip() throws a PendingError.
  const e = error as { name?: string; code?: string } | undefined;
  return e?.name === "PendingError" || e?.code === "VITEST_PENDING";
}
