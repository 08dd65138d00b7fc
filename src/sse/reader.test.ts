import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { parseSse, readSse, SseDecoder, SseLimitError, type SseFrame, type SseReadResult } from "./reader.js";
import { bytes, captureBody, decodeChunks, everyByte, splitAt } from "./testing/helpers.js";

const kinds = (r: { diagnostics: { kind: string }[] }): string[] => r.diagnostics.map((d) => d.kind);

/** Decode in one chunk and byte by byte; both must agree exactly (chunking invariance, unit-level). */
function decodeBoth(input: Uint8Array, opts?: { maxEventBytes?: number }) {
  const whole = decodeChunks([input], opts);
  expect(decodeChunks(everyByte(input), opts)).toStrictEqual(whole);
  return whole;
}

const frame = (f: Partial<SseFrame> & Pick<SseFrame, "event" | "data" | "startOffset" | "endOffset">): SseFrame => ({
  hadId: false,
  hadRetry: false,
  hasEventField: true,
  ...f,
});

describe("JS server framing (spec §4.1)", () => {
  const l1 = "event: metadata\n";
  const l2 = 'data: {"run_id":"01a21553-0269-73ba-8563-d55d8b6c6887","attempt":1}\n';
  const l3 = "event: updates\n";
  const l4 = 'data: {"finish":{}}\n';
  const body = `${l1}${l2}\n${l3}${l4}\n`;

  it("parses the byte-exact frame into two events with exact offsets and no diagnostics", () => {
    const r = decodeBoth(bytes(body));
    const second = l1.length + l2.length + 1;
    expect(r.frames).toStrictEqual([
      frame({
        event: "metadata",
        data: '{"run_id":"01a21553-0269-73ba-8563-d55d8b6c6887","attempt":1}',
        startOffset: 0,
        endOffset: l1.length + l2.length,
      }),
      frame({ event: "updates", data: '{"finish":{}}', startOffset: second, endOffset: second + l3.length + l4.length }),
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.stats).toStrictEqual({
      lineEndings: { lf: 6, crlf: 0, cr: 0 },
      comments: 0,
      idLines: 0,
      retryLines: 0,
      bytes: body.length,
      bom: false,
      events: 2,
      droppedDiagnostics: 0,
    });
    expect(r.pendingAtEof).toBeNull();
    expect(r.lastEventId).toBeUndefined();
  });

  it("[startOffset, endOffset) is exactly the event's field lines", () => {
    const input = bytes(body);
    const text = (f: SseFrame) => new TextDecoder().decode(input.subarray(f.startOffset, f.endOffset));
    const r = decodeChunks([input]);
    expect(r.frames.map(text)).toEqual([l1 + l2, l3 + l4]);
  });
});

describe("Python server framing (CRLF, heartbeat comments)", () => {
  const body =
    ": heartbeat\r\n\r\n" +
    'event: metadata\r\ndata: {"run_id":"r1","attempt":1}\r\n\r\n' +
    ": heartbeat\r\n\r\n" +
    'event: values\r\ndata: {"messages":[]}\r\n\r\n';

  it("ignores comments, counts them and reports CRLF endings", () => {
    const r = decodeBoth(bytes(body));
    expect(r.frames.map((f) => [f.event, f.data])).toEqual([
      ["metadata", '{"run_id":"r1","attempt":1}'],
      ["values", '{"messages":[]}'],
    ]);
    expect(r.frames[0]!.startOffset).toBe(": heartbeat\r\n\r\n".length);
    expect(r.diagnostics).toEqual([]);
    expect(r.stats.comments).toBe(2);
    expect(r.stats.lineEndings).toEqual({ lf: 0, crlf: 10, cr: 0 });
  });

  it("a comment inside an event does not split it", () => {
    const r = decodeBoth(bytes("event: a\r\n: heartbeat\r\ndata: 1\r\n\r\n"));
    expect(r.frames.map((f) => [f.event, f.data])).toEqual([["a", "1"]]);
    expect(r.stats.comments).toBe(1);
  });
});

describe("field syntax", () => {
  it("joins multi-line data with \\n and removes exactly one space after the colon", () => {
    const r = decodeBoth(bytes("data: a\ndata:\ndata:  b\ndata:\tc\ndata:d\n\n"));
    expect(r.frames[0]!.data).toBe("a\n\n b\n\tc\nd");
    expect(r.frames[0]!.event).toBe("message");
    expect(r.frames[0]!.hasEventField).toBe(false);
    expect(r.diagnostics).toEqual([]);
  });

  it("splits at the first colon only", () => {
    const r = decodeBoth(bytes('event: a:b\ndata: {"k":"v:w"}\n\n'));
    expect(r.frames.map((f) => [f.event, f.data])).toEqual([["a:b", '{"k":"v:w"}']]);
  });

  it("an empty data value dispatches an event with empty data", () => {
    const r = decodeBoth(bytes("data:\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual([""]);
  });

  it("a line without a colon is a field name with an empty value (and is diagnosed)", () => {
    const r = decodeBoth(bytes("event\ndata\n\n"));
    expect(r.frames).toStrictEqual([frame({ event: "message", data: "", startOffset: 0, endOffset: 11 })]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ kind: "field-without-colon", offset: 0, line: 1 }),
      expect.objectContaining({ kind: "field-without-colon", offset: 6, line: 2 }),
    ]);
    expect(r.diagnostics[0]!.message).toContain('empty "event" field');
  });

  it("unknown fields are ignored but diagnosed with offset and line; names are case-sensitive", () => {
    const r = decodeBoth(bytes("data: x\nfoo: bar\nData: y\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual(["x"]);
    expect(r.diagnostics).toEqual([
      { kind: "unknown-field", offset: 8, line: 2, message: expect.stringContaining('"foo"') },
      { kind: "unknown-field", offset: 17, line: 3, message: expect.stringContaining('"Data"') },
    ]);
  });

  it("an unknown field without a colon gets both diagnostics", () => {
    expect(kinds(decodeBoth(bytes("foo\n\n")))).toEqual(["field-without-colon", "unknown-field"]);
  });

  it("the last event line wins; an empty event name means 'message'", () => {
    const r = decodeBoth(bytes("event: a\nevent: b\ndata: 1\n\nevent:\ndata: 2\n\n"));
    expect(r.frames.map((f) => [f.event, f.hasEventField])).toEqual([
      ["b", true],
      ["message", true],
    ]);
  });

  it("a block with an event but no data is dropped and diagnosed", () => {
    const r = decodeBoth(bytes("data: a\n\nevent: lonely\n\ndata: b\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual(["a", "b"]);
    expect(r.diagnostics).toEqual([
      { kind: "event-without-data", offset: 9, line: 3, message: expect.stringContaining('"lonely"') },
    ]);
    // The event type does not leak into the next event.
    expect(r.frames[1]!.event).toBe("message");
  });

  it("extra blank lines are harmless", () => {
    const r = decodeBoth(bytes("\n\n\ndata: x\n\n\n"));
    expect(r.frames).toStrictEqual([frame({ event: "message", data: "x", hasEventField: false, startOffset: 3, endOffset: 11 })]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("line endings", () => {
  it("CR-only streams work", () => {
    const r = decodeBoth(bytes("event: a\rdata: b\r\revent: c\rdata: d\r\r"));
    expect(r.frames.map((f) => [f.event, f.data, f.startOffset, f.endOffset])).toEqual([
      ["a", "b", 0, 17],
      ["c", "d", 18, 35],
    ]);
    expect(r.stats.lineEndings).toEqual({ lf: 0, crlf: 0, cr: 6 });
    expect(r.diagnostics).toEqual([]);
  });

  it("CR at the end of one chunk and LF at the start of the next is ONE CRLF", () => {
    const r = decodeChunks([bytes("data: a\r"), bytes("\ndata: b\r"), bytes("\n\r"), bytes("\n")]);
    expect(r.frames.map((f) => f.data)).toEqual(["a\nb"]);
    expect(r.stats.lineEndings).toEqual({ lf: 0, crlf: 3, cr: 0 });
    expect(r.diagnostics).toEqual([]);
    expect(r).toStrictEqual(decodeChunks([bytes("data: a\r\ndata: b\r\n\r\n")]));
  });

  it("CR then CR across chunks are two line breaks", () => {
    const r = decodeChunks([bytes("data: a\r"), bytes("\r")]);
    expect(r.frames.map((f) => f.data)).toEqual(["a"]);
    expect(r.stats.lineEndings).toEqual({ lf: 0, crlf: 0, cr: 2 });
  });

  it("an event whose blank line ends in CR is dispatched at once, without waiting for the next chunk", () => {
    const d = new SseDecoder();
    expect(d.push(bytes("data: a\r\n\r")).map((f) => f.data)).toEqual(["a"]);
    expect(d.push(bytes("\n")).length).toBe(0);
    d.end();
    expect(d.stats.lineEndings).toEqual({ lf: 0, crlf: 2, cr: 0 });
  });

  it("a CR at EOF counts as a CR line ending", () => {
    const r = decodeChunks([bytes("data: a\n\r")]);
    expect(r.stats.lineEndings).toEqual({ lf: 1, crlf: 0, cr: 1 });
    expect(r.frames.map((f) => f.data)).toEqual(["a"]);
  });

  it("mixed styles are diagnosed once per new style, at the terminator", () => {
    const r = decodeBoth(bytes("data: a\ndata: b\r\ndata: c\r\n\r\r"));
    expect(r.frames.map((f) => f.data)).toEqual(["a\nb\nc"]);
    expect(r.stats.lineEndings).toEqual({ lf: 1, crlf: 2, cr: 2 });
    expect(r.diagnostics).toEqual([
      { kind: "mixed-line-endings", offset: 15, line: 2, message: expect.stringMatching(/line 2 ends with CRLF but line 1 ended with LF/) },
      { kind: "mixed-line-endings", offset: 26, line: 4, message: expect.stringMatching(/line 4 ends with CR but line 1/) },
    ]);
  });
});

describe("BOM", () => {
  it("a leading BOM is stripped, counted in offsets and reported", () => {
    const r = decodeBoth(bytes([0xef, 0xbb, 0xbf], "data: x\n\n"));
    expect(r.frames).toStrictEqual([frame({ event: "message", data: "x", hasEventField: false, startOffset: 3, endOffset: 11 })]);
    expect(r.stats.bom).toBe(true);
    expect(r.stats.bytes).toBe(12);
    expect(r.diagnostics).toEqual([{ kind: "bom", offset: 0, line: 1, message: expect.stringContaining("BOM") }]);
  });

  it("a BOM split over chunks is still recognised", () => {
    const input = bytes([0xef, 0xbb, 0xbf], "data: x\n\n");
    expect(decodeChunks(splitAt(input, [1, 2]))).toStrictEqual(decodeChunks([input]));
  });

  it("only at the very start: a later U+FEFF is content", () => {
    const r = decodeBoth(bytes("data: ", [0xef, 0xbb, 0xbf], "x\n\n", [0xef, 0xbb, 0xbf], "data: y\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual(["\uFEFFx"]);
    expect(r.stats.bom).toBe(false);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ kind: "unknown-field", offset: 12, message: expect.stringContaining('"\uFEFFdata"') }),
    ]);
  });

  it("a double BOM strips only the first one", () => {
    const r = decodeBoth(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], "data: x\n\n"));
    expect(kinds(r)).toEqual(["bom", "unknown-field"]);
  });

  it("a truncated BOM at EOF is invalid UTF-8, not a BOM", () => {
    const r = decodeBoth(bytes([0xef, 0xbb]));
    expect(r.stats.bom).toBe(false);
    expect(kinds(r)).toEqual(["invalid-utf8", "field-without-colon", "unknown-field", "unterminated-event"]);
  });

  it("a stream shorter than a BOM is parsed normally", () => {
    const r = decodeBoth(bytes("\n\n"));
    expect(r.frames).toEqual([]);
    expect(r.stats.lineEndings.lf).toBe(2);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("UTF-8", () => {
  const emoji = bytes("😀"); // F0 9F 98 80

  it("a 4-byte emoji split after each of its bytes decodes intact", () => {
    const input = bytes("event: e😀\ndata: ", emoji, "😀\n\n");
    const at = "event: e".length;
    const expected = decodeChunks([input]);
    expect(expected.frames.map((f) => [f.event, f.data])).toEqual([["e😀", "😀😀"]]);
    expect(expected.diagnostics).toEqual([]);
    for (let k = 1; k <= 3; k++) {
      expect(decodeChunks(splitAt(input, [at + k]))).toStrictEqual(expected);
      expect(decodeChunks(splitAt(input, [at + 11 + k]))).toStrictEqual(expected);
    }
    expect(decodeChunks(everyByte(input))).toStrictEqual(expected);
  });

  it("invalid bytes are diagnosed with their offset and decoded as U+FFFD", () => {
    const r = decodeBoth(bytes("data: a", [0xff], "b\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual(["a\uFFFDb"]);
    expect(r.diagnostics).toEqual([
      { kind: "invalid-utf8", offset: 7, line: 1, message: expect.stringContaining("FF can never appear in UTF-8") },
    ]);
  });

  it("a multi-byte sequence cut by a line break is one U+FFFD; the line break still counts", () => {
    const r = decodeBoth(bytes("data: ", [0xe2, 0x82], "\ndata: ok\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual(["\uFFFD\nok"]);
    expect(r.diagnostics).toEqual([
      { kind: "invalid-utf8", offset: 6, line: 1, message: expect.stringContaining("E2 82 is an incomplete sequence cut off by the end of the line") },
    ]);
  });

  it("overlong encodings and surrogates follow WHATWG maximal-subpart rules", () => {
    const overlong = decodeBoth(bytes("data: ", [0xc0, 0x80], "\n\n"));
    expect(overlong.frames[0]!.data).toBe("\uFFFD\uFFFD");
    expect(overlong.diagnostics.map((d) => d.offset)).toEqual([6, 7]);
    const surrogate = decodeBoth(bytes("data: ", [0xed, 0xa0, 0x80], "\n\n"));
    expect(surrogate.frames[0]!.data).toBe("\uFFFD\uFFFD\uFFFD");
    expect(surrogate.diagnostics.map((d) => d.offset)).toEqual([6, 7, 8]);
    const cut = decodeBoth(bytes("data: ", [0xf0, 0x9f, 0x98], "x\n\n"));
    expect(cut.frames[0]!.data).toBe("\uFFFDx");
    expect(cut.diagnostics).toEqual([expect.objectContaining({ offset: 6, message: expect.stringContaining("F0 9F 98 is an incomplete sequence") })]);
  });

  it("invalid UTF-8 inside comments is diagnosed too, without buffering the comment", () => {
    const r = decodeBoth(bytes(": hi ", [0xfe], "\ndata: x\n\n"));
    expect(r.frames.map((f) => f.data)).toEqual(["x"]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ kind: "invalid-utf8", offset: 5, line: 1 })]);
    expect(r.stats.comments).toBe(1);
  });

  it("diagnostics are capped by maxDiagnostics and the rest counted", () => {
    const input = bytes("data: ", new Array(2000).fill(0xff), "\n\n");
    const r = decodeChunks(splitAt(input, [100, 1000]), { maxDiagnostics: 10 });
    expect(r.diagnostics).toHaveLength(10);
    expect(r.stats.droppedDiagnostics).toBe(1990);
    expect(r.frames[0]!.data).toBe("\uFFFD".repeat(2000));
  });
});

describe("id and retry", () => {
  it("id is sticky across events; hadId marks the events that carried one", () => {
    const r = decodeBoth(bytes("id: 1\ndata: a\n\ndata: b\n\nid:\ndata: c\n\ndata: d\nid: 9\n\n"));
    expect(r.frames.map((f) => [f.data, f.id, f.hadId])).toEqual([
      ["a", "1", true],
      ["b", "1", false],
      ["c", "", true],
      ["d", "9", true],
    ]);
    expect(r.lastEventId).toBe("9");
    expect(r.stats.idLines).toBe(3);
  });

  it("an id-only block updates the last event id without dispatching", () => {
    const d = new SseDecoder();
    expect(d.push(bytes("id: 7\n\n"))).toEqual([]);
    expect(d.lastEventId).toBe("7");
    expect(d.push(bytes("data: e\n\n")).map((f) => [f.id, f.hadId])).toEqual([["7", false]]);
    expect(d.diagnostics).toEqual([]);
  });

  it("an id containing NUL is ignored and diagnosed", () => {
    const r = decodeBoth(bytes("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"));
    expect(r.frames.map((f) => [f.id, f.hadId])).toEqual([
      ["1", true],
      ["1", false],
    ]);
    expect(r.diagnostics).toEqual([{ kind: "id-with-nul", offset: 15, line: 4, message: expect.stringContaining('stays "1"') }]);
    expect(r.stats.idLines).toBe(2);
  });

  it("ids appear on no frame until an id line is seen", () => {
    const r = decodeBoth(bytes("data: a\n\n"));
    expect("id" in r.frames[0]!).toBe(false);
  });

  it("retry accepts ASCII digits only; the value is sticky", () => {
    const r = decodeBoth(
      bytes("retry: 1500\ndata: a\n\ndata: b\n\nretry: 15a\nretry: -1\nretry:\nretry:  10\nretry: ١\ndata: c\n\nretry:0\ndata: d\n\n"),
    );
    expect(r.frames.map((f) => [f.data, f.retry, f.hadRetry])).toEqual([
      ["a", 1500, true],
      ["b", 1500, false],
      ["c", 1500, false],
      ["d", 0, true],
    ]);
    expect(kinds(r)).toEqual(["invalid-retry", "invalid-retry", "invalid-retry", "invalid-retry", "invalid-retry"]);
    expect(r.diagnostics[0]).toEqual({ kind: "invalid-retry", offset: 30, line: 6, message: expect.stringContaining('"15a"') });
    expect(r.stats.retryLines).toBe(7);
  });

  it("a retry-only block sets the reconnection time", () => {
    const d = new SseDecoder();
    d.push(bytes("retry: 3000\n\n"));
    expect(d.reconnectionTime).toBe(3000);
  });
});

describe("end of stream", () => {
  it("an unterminated last line: not dispatched, diagnosed, exposed as pendingAtEof", () => {
    const text = 'event: metadata\ndata: {"a":1}\n\nevent: values\ndata: {"b":';
    const r = decodeBoth(bytes(text));
    expect(r.frames.map((f) => f.event)).toEqual(["metadata"]);
    const start = text.indexOf("event: values");
    expect(r.pendingAtEof).toStrictEqual(frame({ event: "values", data: '{"b":', startOffset: start, endOffset: text.length }));
    expect(r.diagnostics).toEqual([
      {
        kind: "unterminated-event",
        offset: start,
        line: 4,
        message: expect.stringMatching(/before the blank line .*"values".*no line terminator.*WHATWG discards it/),
      },
    ]);
  });

  it("terminated lines without the final blank line are also unterminated", () => {
    const r = decodeBoth(bytes("data: x\n"));
    expect(r.frames).toEqual([]);
    expect(r.pendingAtEof?.data).toBe("x");
    expect(kinds(r)).toEqual(["unterminated-event"]);
    expect(r.diagnostics[0]!.message).not.toContain("no line terminator");
  });

  it("an id that was never dispatched is not committed", () => {
    const r = decodeBoth(bytes("data: a\n\nid: 5\ndata: b\n"));
    expect(r.lastEventId).toBeUndefined();
    expect(r.pendingAtEof?.id).toBe("5");
  });

  it("an unfinished block without data is diagnosed but has no pending frame", () => {
    const r = decodeBoth(bytes("event: x\n"));
    expect(r.pendingAtEof).toBeNull();
    expect(r.diagnostics).toEqual([expect.objectContaining({ kind: "unterminated-event", message: expect.stringContaining("without data") })]);
  });

  it("a partial comment line is diagnosed; a terminated trailing comment is not", () => {
    expect(kinds(decodeBoth(bytes("data: a\n\n: heartb")))).toEqual(["unterminated-event"]);
    expect(kinds(decodeBoth(bytes("data: a\n\n: heartbeat\n")))).toEqual([]);
  });

  it("an empty stream is fine", () => {
    const r = decodeChunks([]);
    expect(r.frames).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(r.stats.bytes).toBe(0);
  });

  it("end() returns no frames, is idempotent, and push() afterwards throws", () => {
    const d = new SseDecoder();
    d.push(bytes("data: a\n\n"));
    expect(d.end()).toEqual([]);
    expect(d.end()).toEqual([]);
    expect(() => d.push(bytes("x"))).toThrow(/already ended/);
  });
});

describe("maxEventBytes", () => {
  it("throws SseLimitError with an event-too-large diagnostic at the exact byte", () => {
    const input = bytes("data: a\n\ndata: 0123456789\n\n");
    const whole = decodeChunks([input], { maxEventBytes: 10 });
    expect(whole.frames.map((f) => f.data)).toEqual(["a"]);
    expect(whole.error?.diagnostic).toEqual({
      kind: "event-too-large",
      offset: 9 + 10,
      line: 3,
      message: expect.stringContaining("exceeds maxEventBytes (10 bytes"),
    });
    expect(whole.diagnostics.map((d) => d.kind)).toEqual(["event-too-large"]);
    // Identical byte by byte, except stats.bytes, which counts bytes received (the whole chunk vs up to the error).
    const split = decodeChunks(everyByte(input), { maxEventBytes: 10 });
    expect(split.stats.bytes).toBe(whole.diagnostics[0]!.offset + 1);
    expect({ ...split, stats: { ...split.stats, bytes: 0 } }).toStrictEqual({ ...whole, stats: { ...whole.stats, bytes: 0 } });
  });

  it("counts every field line of the event, but not comments", () => {
    const ok = decodeChunks([bytes("data: 1\n: ", "c".repeat(100), "\ndata: 2\n\n")], { maxEventBytes: 14 });
    expect(ok.error).toBeUndefined();
    expect(ok.frames.map((f) => f.data)).toEqual(["1\n2"]);
    const tooBig = decodeChunks([bytes("data: 1\ndata: 2\n\n")], { maxEventBytes: 13 });
    expect(tooBig.error?.diagnostic.offset).toBe(8 + 6);
  });

  it("carries the frames finished earlier in the same push; the decoder then refuses input", () => {
    const d = new SseDecoder({ maxEventBytes: 8 });
    let err: unknown;
    try {
      d.push(bytes("data: a\n\ndata: too long\n\n"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SseLimitError);
    expect((err as SseLimitError).framesBeforeError.map((f) => f.data)).toEqual(["a"]);
    expect((err as SseLimitError).limit).toBe(8);
    expect(() => d.push(bytes("data: b\n\n"))).toThrow(/stopped after an SseLimitError/);
  });

  it("rejects nonsense limits", () => {
    expect(() => new SseDecoder({ maxEventBytes: 0 })).toThrow(RangeError);
    expect(() => new SseDecoder({ maxDiagnostics: -1 })).toThrow(RangeError);
  });
});

describe("input validation", () => {
  it("push rejects strings with a hint", () => {
    expect(() => new SseDecoder().push("data: x\n\n" as unknown as Uint8Array)).toThrow(/expects a Uint8Array, got string/);
  });

  it("parseSse accepts a string or bytes", () => {
    const r = parseSse("event: a\ndata: 1\n\n");
    expect(r.frames.map((f) => f.event)).toEqual(["a"]);
    expect(parseSse(bytes("event: a\ndata: 1\n\n"))).toStrictEqual(r);
  });
});

describe("real captures from the JS server (test/data/sse)", () => {
  const load = (name: string) =>
    captureBody(new Uint8Array(readFileSync(fileURLToPath(new URL(`../../test/data/sse/${name}.txt`, import.meta.url)))));

  it.each(["stream_agent_updates", "stream_agent_messages-tuple", "stream_failing_updates", "bg_get_run_stream_after"])(
    "%s parses cleanly, identically in one chunk and byte by byte",
    (name) => {
      const body = load(name);
      const r = decodeBoth(body);
      const text = new TextDecoder().decode(body);
      expect(r.diagnostics).toEqual([]);
      expect(r.pendingAtEof).toBeNull();
      expect(r.frames.length).toBe(text.match(/^event: /gm)!.length);
      expect(r.frames.length).toBeGreaterThan(1);
      expect(r.stats.lineEndings.crlf + r.stats.lineEndings.cr).toBe(0);
      expect(r.stats.comments).toBe(0);
      expect(r.frames[0]!.event).toBe("metadata");
      for (const f of r.frames) {
        expect(f.hasEventField).toBe(true);
        expect(() => JSON.parse(f.data)).not.toThrow();
      }
      expect(r.stats.bytes).toBe(body.length);
    },
  );

  it("ids in a join stream are 0-based and sticky (bg_get_run_stream_after)", () => {
    const r = decodeChunks([load("bg_get_run_stream_after")]);
    expect(r.frames.map((f) => [f.id, f.hadId])).toEqual(r.frames.map((_, i) => [String(i), true]));
    expect(r.stats.idLines).toBe(r.frames.length);
  });

  it("POST /runs/stream carries no id lines and ends with the error event for a failing graph", () => {
    const r = decodeChunks([load("stream_failing_updates")]);
    expect(r.stats.idLines).toBe(0);
    expect(r.frames.at(-1)).toMatchObject({ event: "error", data: '{"error":"Error","message":"Deliberate failure in node boom"}' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// readSse: streaming over ReadableStream / AsyncIterable

function streamOf(chunks: Uint8Array[], opts: { hang?: boolean; onCancel?: (reason: unknown) => void } = {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else if (!opts.hang) controller.close();
      // hang: never enqueue again, like a server that keeps the connection open
    },
    cancel(reason) {
      opts.onCancel?.(reason);
    },
  });
}

async function drain(gen: AsyncGenerator<SseFrame, SseReadResult>): Promise<{ frames: SseFrame[]; result: SseReadResult }> {
  const frames: SseFrame[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { frames, result: r.value };
    frames.push(r.value);
  }
}

describe("readSse", () => {
  const body = bytes("event: metadata\ndata: {}\n\n: c\ndata: 2\nid: 4\n\nfoo: 1\ndata: tail");

  it("yields frames from a ReadableStream and returns the summary", async () => {
    const onDiagnostic = vi.fn();
    const { frames, result } = await drain(readSse(streamOf(splitAt(body, [3, 20, 21])), { onDiagnostic }));
    const expected = decodeChunks([body]);
    expect(frames).toStrictEqual(expected.frames);
    expect(result).toStrictEqual({
      diagnostics: expected.diagnostics,
      stats: expected.stats,
      pendingAtEof: expected.pendingAtEof,
      lastEventId: "4",
    });
    expect(onDiagnostic.mock.calls.map(([d]) => d.kind)).toEqual(["unknown-field", "unterminated-event"]);
  });

  it("accepts an AsyncIterable source", async () => {
    async function* gen() {
      yield* splitAt(body, [5, 6, 7]);
    }
    const { frames } = await drain(readSse(gen()));
    expect(frames.map((f) => f.data)).toEqual(["{}", "2"]);
  });

  it("delivers each event as soon as its bytes arrive (does not buffer the body)", async () => {
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(bytes(`data: ${pulls}\n\n`));
      },
    });
    const gen = readSse(source);
    expect((await gen.next()).value).toMatchObject({ data: "1" });
    expect((await gen.next()).value).toMatchObject({ data: "2" });
    expect(pulls).toBeLessThanOrEqual(3);
    await gen.return(undefined as never);
  });

  it("stopping early cancels the stream and releases the lock", async () => {
    const onCancel = vi.fn();
    const source = streamOf([bytes("data: 1\n\ndata: 2\n\n")], { hang: true, onCancel });
    for await (const f of readSse(source)) {
      expect(f.data).toBe("1");
      break;
    }
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(source.locked).toBe(false);
  });

  it("stopping early calls return() on an AsyncIterable", async () => {
    let finalized = false;
    async function* gen() {
      try {
        yield bytes("data: 1\n\n");
        yield bytes("data: 2\n\n");
      } finally {
        finalized = true;
      }
    }
    for await (const f of readSse(gen())) {
      expect(f.data).toBe("1");
      break;
    }
    expect(finalized).toBe(true);
  });

  it("an abort while waiting for bytes rejects with the reason and cancels the stream", async () => {
    const onCancel = vi.fn();
    const source = streamOf([bytes("data: 1\n\n")], { hang: true, onCancel });
    const ac = new AbortController();
    const gen = readSse(source, { signal: ac.signal });
    expect((await gen.next()).value).toMatchObject({ data: "1" });
    const pending = gen.next();
    ac.abort(new Error("test abort"));
    await expect(pending).rejects.toThrow("test abort");
    expect(onCancel).toHaveBeenCalledWith(expect.objectContaining({ message: "test abort" }));
    expect(source.locked).toBe(false);
  });

  it("an abort on a hanging AsyncIterable does not wait for it", async () => {
    const ac = new AbortController();
    const never: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }),
    };
    const pending = readSse(never, { signal: ac.signal }).next();
    ac.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });

  it("an already-aborted signal throws before reading", async () => {
    const onCancel = vi.fn();
    const source = streamOf([bytes("data: 1\n\n")], { onCancel });
    await expect(readSse(source, { signal: AbortSignal.abort(new Error("early")) }).next()).rejects.toThrow("early");
    expect(source.locked).toBe(false);
  });

  it("on a limit error yields the frames completed before it, then throws and cancels", async () => {
    const onCancel = vi.fn();
    const source = streamOf([bytes("data: a\n\ndata: way too long\n\n")], { hang: true, onCancel });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const f of readSse(source, { maxEventBytes: 8 })) seen.push(f.data);
      })(),
    ).rejects.toBeInstanceOf(SseLimitError);
    expect(seen).toEqual(["a"]);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it("rejects sources that are neither streams nor async iterables", async () => {
    await expect(readSse([bytes("x")] as unknown as AsyncIterable<Uint8Array>).next()).rejects.toThrow(/ReadableStream<Uint8Array> or an AsyncIterable/);
  });
});
