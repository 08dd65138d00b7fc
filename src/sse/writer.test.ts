import { describe, expect, it } from "vitest";
import { parseSse } from "./reader.js";
import { formatJsonEvent, formatSseComment, formatSseFrame } from "./writer.js";

describe("formatSseFrame", () => {
  it("reproduces the JS server's bytes (spec §4.1)", () => {
    const out =
      formatJsonEvent("metadata", { run_id: "01a21553-0269-73ba-8563-d55d8b6c6887", attempt: 1 }) +
      formatJsonEvent("updates", { finish: {} });
    expect(out).toBe(
      'event: metadata\ndata: {"run_id":"01a21553-0269-73ba-8563-d55d8b6c6887","attempt":1}\n\n' +
        'event: updates\ndata: {"finish":{}}\n\n',
    );
  });

  it("writes fields in canonical order event, data, id, retry", () => {
    expect(formatSseFrame({ retry: 5, id: "3", data: "x", event: "values" })).toBe("event: values\ndata: x\nid: 3\nretry: 5\n\n");
  });

  it("writes one data line per line of data, splitting on CR, LF and CRLF", () => {
    expect(formatSseFrame({ data: "a\nb\r\nc\rd\n" })).toBe("data: a\ndata: b\ndata: c\ndata: d\ndata: \n\n");
    expect(formatSseFrame({ data: "" })).toBe("data: \n\n");
  });

  it("honours the line ending option", () => {
    expect(formatSseFrame({ event: "e", data: "1\n2", id: "7" }, { lineEnding: "\r\n" })).toBe(
      "event: e\r\ndata: 1\r\ndata: 2\r\nid: 7\r\n\r\n",
    );
    expect(formatSseFrame({ data: "x" }, { lineEnding: "\r" })).toBe("data: x\r\r");
    expect(() => formatSseFrame({ data: "x" }, { lineEnding: "\n\n" as "\n" })).toThrow(/lineEnding must be/);
  });

  it("omits an empty event name like Hono, keeps an empty id", () => {
    expect(formatSseFrame({ event: "", data: "x", id: "" })).toBe("data: x\nid: \n\n");
  });

  it("rejects values that would corrupt the stream", () => {
    expect(() => formatSseFrame({ event: "a\nb", data: "" })).toThrow(/event name "a\\nb" contains CR or LF/);
    expect(() => formatSseFrame({ event: "a\r", data: "" })).toThrow(/contains CR or LF/);
    expect(() => formatSseFrame({ data: "", id: "1\0" })).toThrow(/contains NUL, CR or LF/);
    expect(() => formatSseFrame({ data: "", id: "1\n" })).toThrow(/contains NUL, CR or LF/);
    expect(() => formatSseFrame({ data: "", retry: -1 })).toThrow(/non-negative integer/);
    expect(() => formatSseFrame({ data: "", retry: 1.5 })).toThrow(/non-negative integer/);
    expect(() => formatSseFrame({ data: { a: 1 } as unknown as string })).toThrow(/data must be a string, got object; use formatJsonEvent/);
  });

  it("output reads back as the same event", () => {
    const text = formatSseFrame({ event: "updates|sub:1", data: "l1\nl2", id: "1-0", retry: 10 }, { lineEnding: "\r\n" });
    const r = parseSse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.frames).toMatchObject([{ event: "updates|sub:1", data: "l1\nl2", id: "1-0", hadId: true, retry: 10, hadRetry: true }]);
  });
});

describe("formatSseComment", () => {
  it("writes ': text' lines, optionally followed by a blank line", () => {
    expect(formatSseComment("heartbeat")).toBe(": heartbeat\n");
    expect(formatSseComment("heartbeat", { lineEnding: "\r\n", blankLine: true })).toBe(": heartbeat\r\n\r\n");
    expect(formatSseComment("a\nb")).toBe(": a\n: b\n");
    expect(formatSseComment("")).toBe(":\n");
  });

  it("is invisible to a reader", () => {
    const r = parseSse(formatSseComment("x\ny", { blankLine: true }) + formatSseFrame({ data: "1" }));
    expect(r.frames.map((f) => f.data)).toEqual(["1"]);
    expect(r.stats.comments).toBe(2);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("formatJsonEvent", () => {
  it("stringifies data onto one line and passes id/retry through", () => {
    expect(formatJsonEvent("values", { text: "a\nb" }, { id: "2", retry: 100 })).toBe(
      'event: values\ndata: {"text":"a\\nb"}\nid: 2\nretry: 100\n\n',
    );
    expect(formatJsonEvent("values", null)).toBe("event: values\ndata: null\n\n");
  });

  it("rejects values JSON cannot represent", () => {
    expect(() => formatJsonEvent("values", undefined)).toThrow(/not JSON-serialisable/);
    expect(() => formatJsonEvent("values", () => 1)).toThrow(/not JSON-serialisable/);
  });
});
