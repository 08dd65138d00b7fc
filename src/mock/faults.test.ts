import { fc, test as ftest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { formatFaults, parseFaults, withErrorEvent, withStreamFaults, type FaultSpec } from "./faults.js";
import type { FrameSource } from "./reply.js";
import type { Script } from "./replay.js";
import { TimerRegistry } from "./timers.js";

describe("parseFaults", () => {
  test("names, after: prefix, whitespace, combos", () => {
    expect(parseFaults("drop-after=2, slow=50,error-event=after:1 ,malformed-frame=after:3,status=503,delay-headers=10,stall-after=0")).toEqual({
      dropAfter: 2,
      slowMs: 50,
      errorEventAfter: 1,
      malformedFrameAfter: 3,
      status: 503,
      delayHeadersMs: 10,
      stallAfter: 0,
    });
  });
  test("errors name the bad part", () => {
    expect(() => parseFaults("explode=1")).toThrow(/unknown fault "explode"/);
    expect(() => parseFaults("slow=fast")).toThrow(/"slow=fast" needs a non-negative integer/);
    expect(() => parseFaults("status=200")).toThrow(/400–599/);
  });
  ftest.prop([
    fc.record(
      { dropAfter: fc.nat(100), stallAfter: fc.nat(100), slowMs: fc.nat(1000), status: fc.integer({ min: 400, max: 599 }) },
      { requiredKeys: [] },
    ),
  ])("format → parse round-trips", (spec: FaultSpec) => {
    expect(parseFaults(formatFaults(spec))).toEqual(spec);
  });
});

const source = (chunks: string[]): FrameSource & { cancelled: boolean } => {
  let i = 0;
  const s = {
    cancelled: false,
    async next() {
      return i < chunks.length ? (chunks[i++] as string) : null;
    },
    cancel() {
      s.cancelled = true;
    },
  };
  return s;
};

async function drain(s: FrameSource): Promise<{ out: string[]; error?: Error }> {
  const out: string[] = [];
  try {
    for (;;) {
      const c = await s.next();
      if (c === null) return { out };
      out.push(c);
    }
  } catch (error) {
    return { out, error: error as Error };
  }
}

describe("stream faults", () => {
  const timers = new TimerRegistry();
  test("drop-after cancels the inner source and rejects", async () => {
    const inner = source(["a", "b", "c"]);
    const r = await drain(withStreamFaults(inner, { dropAfter: 2 }, timers));
    expect(r.out).toEqual(["a", "b"]);
    expect(r.error?.message).toMatch(/drop-after=2/);
    expect(inner.cancelled).toBe(true);
  });
  test("malformed frame is inserted once", async () => {
    const r = await drain(withStreamFaults(source(["a", "b"]), { malformedFrameAfter: 1 }, timers));
    expect(r.out).toEqual(["a", "event: values\ndata: {not json\n\n", "b"]);
  });
  test("stall holds until cancel, and releases the inner reader at once", async () => {
    const inner = source(["a", "b"]);
    const s = withStreamFaults(inner, { stallAfter: 1 }, timers);
    expect(await s.next()).toBe("a");
    const pending = s.next();
    expect(inner.cancelled).toBe(true);
    s.cancel();
    expect(await pending).toBeNull();
  });
  test("error-event truncates the script and ends it with an error", () => {
    const script: Script = {
      fixtureName: "x",
      length: 3,
      headersMs: 0,
      endMs: 10,
      waitBody: undefined,
      event: (i) => ({ event: i === 0 ? "metadata" : "updates", data: "{}", t: i }),
    };
    const s = withErrorEvent(script, 1, "error-event=1");
    expect(s.length).toBe(2);
    expect(s.event(1)).toEqual({ event: "error", data: '{"error":"MockFault","message":"Injected by x-mock-fault: error-event=1"}', t: 1 });
  });
});
