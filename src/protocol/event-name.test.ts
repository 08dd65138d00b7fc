import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { EVENT_BASES } from "./constants.js";
import { formatEventName, modeOfEventBase, parseEventName, type NamespaceSegment } from "./event-name.js";

describe("parseEventName", () => {
  it("parses root names", () => {
    expect(parseEventName("updates")).toEqual({ ok: true, name: "updates", base: "updates", mode: "updates", namespace: [] });
    expect(parseEventName("messages")).toMatchObject({ ok: true, base: "messages", mode: "messages-tuple" });
    expect(parseEventName("messages/partial")).toMatchObject({ ok: true, base: "messages/partial", mode: "messages" });
    expect(parseEventName("error")).toMatchObject({ ok: true, mode: "error" });
    expect(parseEventName("end")).toMatchObject({ ok: true, mode: "end" });
  });

  it("parses namespaces, outermost first (spec §5.3)", () => {
    const parsed = parseEventName("updates|sub:1db58c65-9719-5672-ba90-079779b39d6c|inner:abc");
    expect(parsed).toMatchObject({
      ok: true,
      base: "updates",
      namespace: [
        { node: "sub", taskId: "1db58c65-9719-5672-ba90-079779b39d6c" },
        { node: "inner", taskId: "abc" },
      ],
    });
  });

  it("splits a segment at its last colon, so node names may contain ':'", () => {
    expect(parseEventName("values|ns:node:task-1")).toMatchObject({ ok: true, namespace: [{ node: "ns:node", taskId: "task-1" }] });
  });

  it.each([
    ["", /empty/],
    ["bogus", /unknown event base "bogus"/],
    ["messages-tuple", /unknown event base "messages-tuple"/],
    ["Updates", /unknown event base/],
    ["updates|", /segment 1 is empty/],
    ["updates|sub", /"sub" is not <node>:<task id>/],
    ["updates|:abc", /not <node>:<task id>/],
    ["updates|sub:", /not <node>:<task id>/],
    ["updates|sub:a||x:b", /segment 2 is empty/],
  ])("rejects %j", (name, reason) => {
    const parsed = parseEventName(name);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe("modeOfEventBase", () => {
  it("maps bases to modes and rejects unknown ones", () => {
    expect(modeOfEventBase("messages")).toBe("messages-tuple");
    expect(modeOfEventBase("messages/metadata")).toBe("messages");
    expect(modeOfEventBase("checkpoints")).toBe("checkpoints");
    expect(modeOfEventBase("feedback")).toBe("feedback");
    expect(modeOfEventBase("nope")).toBeUndefined();
  });
});

describe("formatEventName", () => {
  it("builds namespaced names", () => {
    expect(formatEventName("debug", [{ node: "sub", taskId: "t1" }])).toBe("debug|sub:t1");
    expect(formatEventName("values")).toBe("values");
  });

  it.each([
    ["bogus", [], /unknown event base/],
    ["updates", [{ node: "a|b", taskId: "t" }], /node name "a\|b"/],
    ["updates", [{ node: "", taskId: "t" }], /node name ""/],
    ["updates", [{ node: "a", taskId: "t:1" }], /task id "t:1"/],
    ["updates", [{ node: "a", taskId: "" }], /task id ""/],
  ] as const)("refuses %j %j", (base, ns, message) => {
    expect(() => formatEventName(base, ns as readonly NamespaceSegment[])).toThrow(message);
  });
});

const base = fc.constantFrom(...EVENT_BASES);
const segment = fc.record({
  node: fc.string({ minLength: 1, unit: "grapheme" }).filter((s) => !s.includes("|")),
  taskId: fc.string({ minLength: 1, unit: "grapheme" }).filter((s) => !s.includes("|") && !s.includes(":")),
});

describe("event-name grammar properties", () => {
  test.prop([base, fc.array(segment, { maxLength: 4 })])("format → parse round-trips", (b, namespace) => {
    const name = formatEventName(b, namespace);
    const parsed = parseEventName(name);
    expect(parsed).toEqual({ ok: true, name, base: b, mode: modeOfEventBase(b), namespace });
  });

  test.prop([fc.oneof(fc.string(), base.chain((b) => fc.string().map((s) => `${b}${s}`)))])(
    "parse → format reproduces every accepted name",
    (name) => {
      const parsed = parseEventName(name);
      if (parsed.ok) expect(formatEventName(parsed.base, parsed.namespace)).toBe(name);
    },
  );
});
