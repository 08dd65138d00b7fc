// Fault injection, chosen per request with the `x-mock-fault` header (comma-separated) or for every
// request with the deployment's `faults` option:
//
//   drop-after=N          deliver N events, then break the connection (the body stream errors)
//   stall-after=N         deliver N events, then send nothing more and never close
//   error-event=after:N   the run emits N events, then an `error` event, and ends in error
//   slow=T                wait T ms before every event
//   malformed-frame=after:N  after N events send `event: values` with `data: {not json`, then go on
//   status=S              answer status S (4xx/5xx) before any run or thread is created
//   delay-headers=T       wait T ms before answering at all
//
// "after:N" and "=N" are interchangeable. Transport faults (drop, stall, slow, malformed) act on one
// response only: the run itself goes on, as a real run does when its client misbehaves. error-event
// changes the run (every reader, the wait body and a kept thread's status see the error).
import type { Script, ScriptEvent } from "./replay.js";
import type { FrameSource } from "./reply.js";
import type { TimerRegistry } from "./timers.js";

export interface FaultSpec {
  dropAfter?: number;
  stallAfter?: number;
  errorEventAfter?: number;
  slowMs?: number;
  malformedFrameAfter?: number;
  status?: number;
  delayHeadersMs?: number;
}

export const FAULT_HEADER = "x-mock-fault";

const KEYS: Record<string, keyof FaultSpec> = {
  "drop-after": "dropAfter",
  "stall-after": "stallAfter",
  "error-event": "errorEventAfter",
  slow: "slowMs",
  "malformed-frame": "malformedFrameAfter",
  status: "status",
  "delay-headers": "delayHeadersMs",
};

export class FaultSyntaxError extends Error {
  override readonly name = "FaultSyntaxError";
}

/** Parse `drop-after=2,slow=50` (whitespace tolerant). Throws FaultSyntaxError naming the bad part. */
export function parseFaults(value: string): FaultSpec {
  const spec: FaultSpec = {};
  for (const raw of value.split(",")) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const key = KEYS[name];
    if (!key) {
      throw new FaultSyntaxError(
        `${FAULT_HEADER}: unknown fault "${name}" in "${value}"; expected one of ${Object.keys(KEYS).join(", ")} (e.g. "drop-after=2,slow=50").`,
      );
    }
    let arg = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (arg.toLowerCase().startsWith("after:")) arg = arg.slice(6).trim();
    if (!/^\d+$/.test(arg)) {
      throw new FaultSyntaxError(`${FAULT_HEADER}: "${part}" needs a non-negative integer, e.g. "${name}=${name === "status" ? 503 : 2}".`);
    }
    const n = Number(arg);
    if (key === "status" && (n < 400 || n > 599)) {
      throw new FaultSyntaxError(`${FAULT_HEADER}: "${part}": status must be 400–599.`);
    }
    spec[key] = n;
  }
  return spec;
}

export function formatFaults(spec: FaultSpec): string {
  const names = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [v, k]));
  return Object.entries(spec)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${names[k]}=${v}`)
    .join(",");
}

export function mergeFaults(base: FaultSpec | undefined, over: FaultSpec | undefined): FaultSpec | undefined {
  if (!base) return over;
  if (!over) return base;
  return { ...base, ...over };
}

export function hasStreamFaults(spec: FaultSpec | undefined): boolean {
  return !!spec && (spec.dropAfter !== undefined || spec.stallAfter !== undefined || spec.slowMs !== undefined || spec.malformedFrameAfter !== undefined);
}

export const INJECTED_ERROR = "MockFault";

/** The run's script cut after `n` events, followed by an `error` event. */
export function withErrorEvent(script: Script, n: number, spec: string): Script {
  const keep = Math.min(n, script.length);
  let lastT: number | undefined;
  const error = (t: number): ScriptEvent => ({
    event: "error",
    data: JSON.stringify({ error: INJECTED_ERROR, message: `Injected by ${FAULT_HEADER}: ${spec}` }),
    t,
  });
  return {
    ...script,
    length: keep + 1,
    waitBody: undefined,
    event(i) {
      if (i < keep) {
        const e = script.event(i);
        lastT = e.t;
        return e;
      }
      // At the time the next recorded event would have come (or right after the last kept one).
      const t = keep < script.length ? script.event(keep).t : (lastT ?? 0);
      return error(t);
    },
  };
}

/** The frame a `malformed-frame` fault sends: the SDK's JSON.parse of `data` must fail. */
export const MALFORMED_FRAME = "event: values\ndata: {not json\n\n";

/** Wrap a stream body with the transport faults of `spec` (drop, stall, slow, malformed). */
export function withStreamFaults(inner: FrameSource, spec: FaultSpec, timers: TimerRegistry): FrameSource {
  let sent = 0;
  let malformedSent = false;
  let cancelled = false;
  let innerCancelled = false;
  const abort = new AbortController();
  let stallRelease: (() => void) | undefined;
  const cancelInner = (reason?: unknown): void => {
    if (innerCancelled) return;
    innerCancelled = true;
    inner.cancel(reason);
  };
  return {
    async next() {
      if (cancelled) return null;
      if (spec.malformedFrameAfter !== undefined && !malformedSent && sent >= spec.malformedFrameAfter) {
        malformedSent = true;
        return MALFORMED_FRAME;
      }
      if (spec.dropAfter !== undefined && sent >= spec.dropAfter) {
        cancelInner();
        throw new Error(`mock fault drop-after=${spec.dropAfter}: connection dropped after ${sent} events`);
      }
      if (spec.stallAfter !== undefined && sent >= spec.stallAfter) {
        // The server-side run goes on without this reader; the connection just hangs.
        cancelInner();
        await new Promise<void>((r) => {
          stallRelease = r;
          if (cancelled) r();
        });
        return null;
      }
      if (spec.slowMs) {
        await timers.delay(spec.slowMs, abort.signal);
        if (cancelled) return null;
      }
      const chunk = await inner.next();
      if (chunk !== null) sent++;
      return chunk;
    },
    cancel(reason) {
      cancelled = true;
      abort.abort();
      stallRelease?.();
      cancelInner(reason);
    },
  };
}
