// The case list: a pure function of the fixtures and options, so the same ids come out in vitest,
// in the programmatic runner and in an expected-failures map.
import type { Fixture } from "../fixtures/format.js";
import { FRAMINGS, type Framing } from "./framing.js";
import { classifyFixture, type FixtureUse } from "./fixtures.js";

export const STREAM_FAULTS = ["drop", "stall", "error-event", "malformed-frame", "slow", "delay-headers", "status-503"] as const;
export type StreamFault = (typeof STREAM_FAULTS)[number];
export const WAIT_FAULTS = ["error-event", "status-503", "delay-headers"] as const;
export type WaitFault = (typeof WAIT_FAULTS)[number];

/** Faults that take wall-clock time; they run on a few fixtures only (`timedFaultFixtures`). */
const TIMED: ReadonlySet<string> = new Set(["stall", "slow", "delay-headers"]);

export type CaseKind = "stream" | "framing" | "fault" | "wait" | "wait-fault" | "http-error";

export interface ClientCase {
  /** Stable id, e.g. `stream/agent-updates`, `framing/crlf/agent-updates`, `fault/drop/agent-updates`. */
  id: string;
  kind: CaseKind;
  /** One line saying what is checked. */
  title: string;
  fixture: Fixture;
  framing?: Framing;
  fault?: StreamFault | WaitFault;
  /** The `x-mock-fault` value the suite's server adds to the request. */
  faultHeader?: string;
  /** Events before the fault (drop, stall, error-event, malformed-frame). */
  faultAt?: number;
}

export interface CaseOptions {
  /** Framing variants to run (default: all of FRAMINGS). */
  framings?: readonly Framing[];
  /** Stream faults to inject (default: all of STREAM_FAULTS). */
  faults?: readonly StreamFault[];
  /** Wait faults to inject (default: all of WAIT_FAULTS). */
  waitFaults?: readonly WaitFault[];
  /** How many fixtures the timed faults (stall, slow, delay-headers) use; the ones with most events. Default 3. */
  timedFaultFixtures?: number;
  /** `slow=T` per event, ms. Default 20. */
  slowMs?: number;
  /** `delay-headers=T`, ms. Default 150. */
  delayHeadersMs?: number;
  /** Keep only the cases whose id passes. */
  filter?: (caseId: string) => boolean;
}

export interface CasePlan {
  cases: ClientCase[];
  /** Fixtures not used, with why (for the report). */
  unused: { name: string; reason: string }[];
}

/** Events before a fault: about half of the stream, at least one, so something comes before and (mostly) after. */
export function faultPoint(fixture: Fixture): number {
  return Math.max(1, Math.floor((fixture.response.events?.length ?? 0) / 2));
}

export function buildCases(fixtures: readonly Fixture[], opts: CaseOptions = {}): CasePlan {
  const framings = opts.framings ?? FRAMINGS;
  const faults = opts.faults ?? STREAM_FAULTS;
  const waitFaults = opts.waitFaults ?? WAIT_FAULTS;
  const timedCount = opts.timedFaultFixtures ?? 3;
  const slowMs = opts.slowMs ?? 20;
  const delayMs = opts.delayHeadersMs ?? 150;

  const uses: FixtureUse[] = [...fixtures].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(classifyFixture);
  const streams = uses.filter((u) => u.kind === "stream").map((u) => u.fixture);
  const waits = uses.filter((u) => u.kind === "wait").map((u) => u.fixture);
  const timed = new Set(
    [...streams]
      .sort((a, b) => (b.response.events?.length ?? 0) - (a.response.events?.length ?? 0) || (a.name < b.name ? -1 : 1))
      .slice(0, timedCount)
      .map((f) => f.name),
  );

  const cases: ClientCase[] = [];
  for (const fx of streams) {
    cases.push({ id: `stream/${fx.name}`, kind: "stream", title: "yields every recorded event in order", fixture: fx });
  }
  for (const framing of framings) {
    for (const fx of streams) {
      cases.push({ id: `framing/${framing}/${fx.name}`, kind: "framing", title: `same events with ${framing} framing`, fixture: fx, framing });
    }
  }
  for (const fault of faults) {
    for (const fx of streams) {
      if (TIMED.has(fault) && !timed.has(fx.name)) continue;
      const n = faultPoint(fx);
      const header = {
        drop: `drop-after=${n}`,
        stall: `stall-after=${n}`,
        "error-event": `error-event=${n}`,
        "malformed-frame": `malformed-frame=${n}`,
        slow: `slow=${slowMs}`,
        "delay-headers": `delay-headers=${delayMs}`,
        "status-503": "status=503",
      }[fault];
      const title = {
        drop: `connection dropped after ${n} events → an error, and the ${n} events before it`,
        stall: `stream stalls after ${n} events → the ${n} events, and the call returns on abort`,
        "error-event": `\`error\` event after ${n} events → yielded as an event`,
        "malformed-frame": `invalid JSON in a frame after ${n} events → surfaced, not skipped`,
        slow: `${slowMs} ms between events → every event`,
        "delay-headers": `headers delayed ${delayMs} ms → every event`,
        "status-503": "HTTP 503 → an error and no events",
      }[fault];
      cases.push({
        id: `fault/${fault}/${fx.name}`,
        kind: "fault",
        title,
        fixture: fx,
        fault,
        faultHeader: header,
        ...(["drop", "stall", "error-event", "malformed-frame"].includes(fault) ? { faultAt: n } : {}),
      });
    }
  }
  for (const fx of waits) cases.push({ id: `wait/${fx.name}`, kind: "wait", title: "returns the recorded final values", fixture: fx });
  for (const fault of waitFaults) {
    for (const [i, fx] of waits.entries()) {
      if (TIMED.has(fault) && (timedCount === 0 || i > 0)) continue; // timed: the first wait fixture only
      const header = { "error-event": "error-event=1", "status-503": "status=503", "delay-headers": `delay-headers=${delayMs}` }[fault];
      const title = {
        "error-event": "the run fails → an error (or the recorded `__error__` body)",
        "status-503": "HTTP 503 → an error",
        "delay-headers": `headers delayed ${delayMs} ms → the final values`,
      }[fault];
      cases.push({ id: `wait-fault/${fault}/${fx.name}`, kind: "wait-fault", title, fixture: fx, fault, faultHeader: header });
    }
  }
  for (const u of uses) {
    if (u.kind !== "http-error") continue;
    cases.push({
      id: `http-error/${u.fixture.name}`,
      kind: "http-error",
      title: `HTTP ${u.fixture.response.status} on ${u.endpoint} → an error and no events`,
      fixture: u.fixture,
    });
  }
  const unused = uses.filter((u): u is Extract<FixtureUse, { kind: "unused" }> => u.kind === "unused").map((u) => ({ name: u.fixture.name, reason: u.reason }));
  return { cases: opts.filter ? cases.filter((c) => opts.filter?.(c.id)) : cases, unused };
}

/** Match a case id against an expected-failures key: exact, or a `*` wildcard (any characters). */
export function matchesPattern(pattern: string, id: string): boolean {
  if (!pattern.includes("*")) return pattern === id;
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(id);
}

/** The reason a case is expected to fail, if a key of `map` matches it (exact keys win over wildcards). */
export function expectedFailureFor(map: Readonly<Record<string, string>> | undefined, id: string): string | undefined {
  if (!map) return undefined;
  if (Object.prototype.hasOwnProperty.call(map, id)) return map[id];
  for (const [k, v] of Object.entries(map)) if (k.includes("*") && matchesPattern(k, id)) return v;
  return undefined;
}

/** Keys of `map` that match no case: stale entries to remove (or typos). */
export function staleExpectedFailures(map: Readonly<Record<string, string>> | undefined, ids: readonly string[]): string[] {
  if (!map) return [];
  return Object.keys(map).filter((k) => !ids.some((id) => matchesPattern(k, id)));
}
