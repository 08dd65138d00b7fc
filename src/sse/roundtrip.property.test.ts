import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { SseFrame } from "./reader.js";
import { bytes, decodeChunks, everyByte, splitAt, type DecodeOutcome } from "./testing/helpers.js";
import { formatSseComment, formatSseFrame, type SseLineEnding } from "./writer.js";

const enc = new TextEncoder();
const NUM_RUNS = 1000;

// ---- arbitraries ------------------------------------------------------------------------------------------

/** Text for one line: arbitrary Unicode (astral included) mixed with characters that matter to SSE. */
const lineText = fc
  .string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.constantFrom(":", " ", "\0", "😀", "👩‍👩‍👧", "é", "\uFEFF", "\t", "data:", "id: ", "event:", "{}") },
    ),
    maxLength: 12,
  })
  .map((s) => s.replace(/[\r\n]/g, ""));

/** Possibly multi-line text, with any mix of CR, LF and CRLF between lines. */
const multiLine = fc
  .tuple(fc.array(lineText, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom("\n", "\r", "\r\n"), { minLength: 3, maxLength: 3 }))
  .map(([parts, breaks]) => parts.reduce((acc, p, i) => acc + breaks[(i - 1) % 3]! + p));

interface GenEvent {
  event: string | undefined;
  data: string;
  id: string | undefined;
  retry: number | undefined;
  comment: { text: string; blankLine: boolean } | undefined;
}

const eventArb: fc.Arbitrary<GenEvent> = fc.record({
  event: fc.option(lineText.filter((s) => s.length > 0), { nil: undefined }),
  data: multiLine,
  id: fc.option(lineText.map((s) => s.replace(/\0/g, "")), { nil: undefined }),
  retry: fc.option(fc.nat({ max: 2_000_000_000 }), { nil: undefined }),
  comment: fc.option(fc.record({ text: multiLine, blankLine: fc.boolean() }), { nil: undefined }),
});

/** How to re-chunk n bytes: one byte at a time, or random split points (per mille of the length). */
const chunking = fc.oneof(
  { weight: 1, arbitrary: fc.constant("every-byte" as const) },
  { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 24 }) },
);

function rechunk(input: Uint8Array, how: "every-byte" | number[]): Uint8Array[] {
  return how === "every-byte" ? everyByte(input) : splitAt(input, how.map((p) => Math.floor((p * input.length) / 1000)));
}

/** Byte soup made of SSE syntax, Unicode, BOMs and invalid UTF-8, so interesting paths are hit often. */
const sseBytes = fc
  .array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .constantFrom("data", "data:", "data: ", "event: ", "event:", "id: ", "id:", "retry: ", "retry:", ":", " ", "\n", "\r", "\r\n", "\n\n", "\0", "42", "x", "Data", "😀", "é", "\uFEFF")
          .map((s) => enc.encode(s)),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom([0xef, 0xbb, 0xbf], [0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0x80])
          .map((b) => Uint8Array.from(b)),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => bytes(...parts));

// ---- write → re-chunk → read --------------------------------------------------------------------------------

function writeAll(events: GenEvent[], lineEnding: SseLineEnding): { text: string; expected: SseFrame[]; comments: number } {
  let text = "";
  let pos = 0;
  let id: string | undefined;
  let retry: number | undefined;
  let comments = 0;
  const expected: SseFrame[] = [];
  const eolBytes = enc.encode(lineEnding).length;
  for (const ev of events) {
    if (ev.comment) {
      const c = formatSseComment(ev.comment.text, { lineEnding, blankLine: ev.comment.blankLine });
      comments += ev.comment.text.split(/\r\n|\r|\n/).length;
      text += c;
      pos += enc.encode(c).length;
    }
    const input: Parameters<typeof formatSseFrame>[0] = { data: ev.data };
    if (ev.event !== undefined) input.event = ev.event;
    if (ev.id !== undefined) input.id = id = ev.id;
    if (ev.retry !== undefined) input.retry = retry = ev.retry;
    const f = formatSseFrame(input, { lineEnding });
    const size = enc.encode(f).length;
    expected.push({
      event: ev.event ?? "message",
      data: ev.data.replace(/\r\n|\r/g, "\n"),
      ...(id !== undefined ? { id } : {}),
      hadId: ev.id !== undefined,
      ...(retry !== undefined ? { retry } : {}),
      hadRetry: ev.retry !== undefined,
      hasEventField: ev.event !== undefined,
      startOffset: pos,
      endOffset: pos + size - eolBytes,
    });
    text += f;
    pos += size;
  }
  return { text, expected, comments };
}

describe.each([
  ["LF", "\n", "lf"],
  ["CRLF", "\r\n", "crlf"],
  ["CR", "\r", "cr"],
] as const)("write → re-chunk → read with %s line endings", (_name, lineEnding, key) => {
  test.prop([fc.array(eventArb, { maxLength: 8 }), chunking], { numRuns: NUM_RUNS })(
    "yields identical events and no diagnostics",
    (events, how) => {
      const { text, expected, comments } = writeAll(events, lineEnding);
      const input = enc.encode(text);
      const r = decodeChunks(rechunk(input, how));
      expect(r.diagnostics).toEqual([]);
      expect(r.frames).toStrictEqual(expected);
      expect(r.pendingAtEof).toBeNull();
      expect(r.stats.comments).toBe(comments);
      expect(r.stats.events).toBe(events.length);
      expect(r.stats.bytes).toBe(input.length);
      const terminators = text.split(lineEnding).length - 1;
      expect(r.stats.lineEndings).toEqual({ lf: 0, crlf: 0, cr: 0, [key]: terminators });
      // Offsets point at the event's own bytes.
      for (const [i, f] of r.frames.entries()) {
        const raw = new TextDecoder().decode(input.subarray(f.startOffset, f.endOffset));
        expect(raw.startsWith(events[i]!.event !== undefined ? "event: " : "data: ")).toBe(true);
        expect(raw.endsWith(lineEnding)).toBe(true);
      }
    },
  );
});

// ---- chunking invariance for arbitrary bytes ------------------------------------------------------------------

/** A limit error stops reading mid-chunk, so `stats.bytes` (bytes received) legitimately differs; nothing else may. */
const comparable = (o: DecodeOutcome): DecodeOutcome => (o.error ? { ...o, stats: { ...o.stats, bytes: -1 } } : o);

describe("chunking invariance", () => {
  test.prop(
    [
      sseBytes,
      chunking,
      fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    ],
    { numRuns: 2000 },
  )("any bytes, any chunking: same frames, diagnostics, stats and pending event as one chunk", (input, how, maxEventBytes, maxDiagnostics) => {
    const opts = { ...(maxEventBytes !== undefined ? { maxEventBytes } : {}), ...(maxDiagnostics !== undefined ? { maxDiagnostics } : {}) };
    const whole = decodeChunks([input], opts);
    expect(comparable(decodeChunks(rechunk(input, how), opts))).toStrictEqual(comparable(whole));
    if (!whole.error) expect(whole.stats.bytes).toBe(input.length);
  });
});

// ---- differential check against a naive WHATWG reading of the decoded text ------------------------------------

/** The WHATWG algorithm written as plainly as possible over the whole decoded string. */
function naiveWhatwg(input: Uint8Array): { event: string; data: string; id?: string; retry?: number }[] {
  const text = new TextDecoder().decode(input); // UTF-8 decode: strips one leading BOM, U+FFFD for errors
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop(); // the unterminated remainder is discarded at EOF
  const out: { event: string; data: string; id?: string; retry?: number }[] = [];
  let data = "";
  let type = "";
  let id: string | undefined;
  let retry: number | undefined;
  for (const line of lines) {
    if (line === "") {
      if (data !== "") {
        out.push({
          event: type || "message",
          data: data.endsWith("\n") ? data.slice(0, -1) : data,
          ...(id !== undefined ? { id } : {}),
          ...(retry !== undefined ? { retry } : {}),
        });
      }
      data = "";
      type = "";
      continue;
    }
    if (line.startsWith(":")) continue;
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? "" : line.slice(i + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") type = value;
    else if (field === "data") data += value + "\n";
    else if (field === "id" && !value.includes("\0")) id = value;
    else if (field === "retry" && /^[0-9]+$/.test(value)) retry = Number(value);
  }
  return out;
}

describe("agreement with a naive WHATWG implementation", () => {
  test.prop([sseBytes, chunking], { numRuns: NUM_RUNS })("same events for any bytes and chunking", (input, how) => {
    const r = decodeChunks(rechunk(input, how));
    expect(r.frames.map(({ event, data, id, retry }) => ({ event, data, ...(id !== undefined ? { id } : {}), ...(retry !== undefined ? { retry } : {}) }))).toStrictEqual(
      naiveWhatwg(input),
    );
  });
});
