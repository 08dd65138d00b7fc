import { describe, expect, test } from "vitest";
import { fc, test as propTest } from "@fast-check/vitest";
import { parseSse } from "../sse/index.js";
import { bytes } from "../sse/testing/helpers.js";
import { FRAMINGS, reframe, type Framing } from "./framing.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

// What the mock core sends: canonical LF frames, one per chunk, data JSON on one line.
const FRAMES = [
  'event: metadata\ndata: {"run_id":"1ef","attempt":1}\n\n',
  'event: updates|sub:abc\ndata: {"agent":{"messages":[{"content":"héllo ✓ \\n 🎉"}]}}\n\n',
  'event: error\ndata: {"error":"Error","message":"boom"}\n\n',
];

function source(chunks: string[], failAfter?: unknown): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < chunks.length) c.enqueue(enc.encode(chunks[i++] as string));
      else if (failAfter !== undefined) c.error(failAfter);
      else c.close();
    },
  });
}

async function drain(s: ReadableStream<Uint8Array>): Promise<{ chunks: Uint8Array[]; error?: unknown; errorAt: number }> {
  const chunks: Uint8Array[] = [];
  const reader = s.getReader();
  let lastChunkAt = Date.now();
  for (;;) {
    try {
      const r = await reader.read();
      if (r.done) return { chunks, errorAt: 0 };
      chunks.push(r.value);
      lastChunkAt = Date.now();
    } catch (error) {
      return { chunks, error, errorAt: Date.now() - lastChunkAt };
    }
  }
}

const joined = (chunks: Uint8Array[]): Uint8Array => bytes(...chunks);

const eventsOf = (bytes: Uint8Array | string) => parseSse(bytes).frames.map((f) => ({ event: f.event, data: JSON.parse(f.data) as unknown }));

describe("reframe", () => {
  const original = eventsOf(FRAMES.join(""));

  test.each(FRAMINGS)("%s keeps every event (strict WHATWG reader)", async (framing) => {
    const { chunks } = await drain(reframe(source(FRAMES), framing));
    const bytes = joined(chunks);
    const parsed = parseSse(bytes);
    expect(parsed.frames.map((f) => ({ event: f.event, data: JSON.parse(f.data) as unknown }))).toEqual(original);
    expect(parsed.diagnostics.filter((d) => d.kind !== "bom" && d.kind !== "mixed-line-endings")).toEqual([]);
  });

  const wire: Record<Framing, (text: string, chunks: Uint8Array[], stats: ReturnType<typeof parseSse>["stats"]) => void> = {
    crlf: (t) => expect(t.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/),
    cr: (t) => expect(t).not.toContain("\n"),
    comments: (_t, _c, s) => expect(s.comments).toBe(1 + 2 * FRAMES.length),
    bytewise: (_t, c) => expect(c.every((x) => x.length === 1)).toBe(true),
    "id-retry": (t, _c, s) => {
      expect(s.idLines).toBe(FRAMES.length);
      expect(t.startsWith("retry: 3000\n\n")).toBe(true);
    },
    "multiline-data": (t) => expect(t.match(/^data: /gm)?.length ?? 0).toBeGreaterThan(FRAMES.length * 3),
    "no-space": (t) => expect(t).not.toMatch(/^(event|data): /m),
    bom: (_t, c) => expect([...(c[0] ?? []).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]),
    coalesced: (_t, c) => expect(c).toHaveLength(1),
  };

  test.each(FRAMINGS)("%s really changes the wire", async (framing) => {
    const { chunks } = await drain(reframe(source(FRAMES), framing));
    const bytes = joined(chunks);
    wire[framing](dec.decode(bytes), chunks, parseSse(bytes).stats);
  });

  test("no framing passes the bytes through untouched", async () => {
    const { chunks } = await drain(reframe(source(FRAMES), undefined));
    expect(dec.decode(joined(chunks))).toBe(FRAMES.join(""));
  });

  test("events split across upstream chunks are reassembled", async () => {
    const text = FRAMES.join("");
    const pieces = [text.slice(0, 7), text.slice(7, 50), text.slice(50)];
    const { chunks } = await drain(reframe(source(pieces), "crlf"));
    expect(eventsOf(joined(chunks))).toEqual(original);
  });

  test("an upstream error arrives after everything sent before it, delayed by the grace", async () => {
    const boom = new Error("dropped");
    for (const framing of [undefined, "crlf", "coalesced"] as const) {
      const { chunks, error, errorAt } = await drain(reframe(source(FRAMES.slice(0, 2), boom), framing, { errorGraceMs: 40 }));
      expect(error).toBe(boom);
      expect(eventsOf(joined(chunks))).toEqual(original.slice(0, 2));
      expect(errorAt).toBeGreaterThanOrEqual(35);
    }
  });

  test("cancelling the reframed stream cancels the upstream body", async () => {
    let cancelled: unknown;
    const upstream = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => undefined),
      cancel: (r) => void (cancelled = r),
    });
    const reader = reframe(upstream, "bytewise").getReader();
    void reader.read().catch(() => undefined);
    await reader.cancel("bye");
    expect(cancelled).toBe("bye");
  });

  propTest.prop([fc.array(fc.record({ event: fc.constantFrom("values", "updates|a:b", "error"), data: fc.jsonValue() }), { maxLength: 8 }), fc.constantFrom(...FRAMINGS)])(
    "any JSON events survive any framing",
    async (events, framing) => {
      const frames = events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
      const { chunks } = await drain(reframe(source(frames), framing));
      // JSON round-trip on the expected side too (-0 → 0).
      expect(eventsOf(joined(chunks))).toEqual(events.map((e) => ({ event: e.event, data: JSON.parse(JSON.stringify(e.data)) as unknown })));
    },
  );
});
