import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { buildCases, expectedFailureFor, faultPoint, staleExpectedFailures } from "./cases.js";
import { loadFixtureDirSync } from "./fixtures.js";
import { FRAMINGS } from "./framing.js";

const fixtures = loadFixtureDirSync(join(import.meta.dirname, "..", "..", "test", "mock", "data"));

describe("buildCases", () => {
  const { cases, unused } = buildCases(fixtures);
  const ids = cases.map((c) => c.id);
  const streams = fixtures.filter((f) => f.request.path === "/runs/stream" && f.response.status === 200);

  test("one stream case and one case per framing for every stream fixture; ids unique", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of streams) {
      expect(ids).toContain(`stream/${f.name}`);
      for (const fr of FRAMINGS) expect(ids).toContain(`framing/${fr}/${f.name}`);
      expect(ids).toContain(`fault/drop/${f.name}`);
    }
    expect(unused).toEqual([]);
  });

  test("timed faults run on the fixtures with most events only", () => {
    const stalls = cases.filter((c) => c.fault === "stall");
    expect(stalls).toHaveLength(3);
    const most = Math.min(...stalls.map((c) => c.fixture.response.events?.length ?? 0));
    expect(streams.filter((f) => (f.response.events?.length ?? 0) > most).every((f) => stalls.some((c) => c.fixture.name === f.name))).toBe(true);
  });

  test("fault headers say where the fault goes", () => {
    const c = cases.find((x) => x.id === "fault/drop/stream-agent-updates");
    expect(c?.faultAt).toBe(faultPoint(c!.fixture));
    expect(c?.faultHeader).toBe(`drop-after=${c?.faultAt}`);
    expect(cases.find((x) => x.id === "wait-fault/status-503/wait-agent")?.faultHeader).toBe("status=503");
  });

  test("filter keeps only matching ids", () => {
    expect(buildCases(fixtures, { filter: (id) => id.startsWith("wait/") }).cases.map((c) => c.kind)).toEqual(["wait", "wait", "wait", "wait"]);
  });
});

describe("expected failures", () => {
  const map = { "stream/a": "exact", "framing/cr/*": "no CR", "fault/nope/*": "stale" };
  test("exact keys and * wildcards", () => {
    expect(expectedFailureFor(map, "stream/a")).toBe("exact");
    expect(expectedFailureFor(map, "framing/cr/x-y")).toBe("no CR");
    expect(expectedFailureFor(map, "framing/crlf/x")).toBeUndefined();
  });
  test("keys matching no case are stale", () => {
    expect(staleExpectedFailures(map, ["stream/a", "framing/cr/b"])).toEqual(["fault/nope/*"]);
  });
});
