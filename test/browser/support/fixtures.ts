// What the example pages should show for the fixtures in test/browser/data.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeChunk, messageText, type ChunkLine } from "../../../examples/src/render.js";
import type { Fixture } from "../../../src/fixtures/format.js";
import { FIXTURES_DIR } from "./browser.js";

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), "utf8")) as Fixture;
}

/** One expected list item per recorded event, as the stream page renders it. */
export function expectedLines(fixture: Fixture): ChunkLine[] {
  return (fixture.response.events ?? []).map((e) => describeChunk({ event: e.event, data: e.data }));
}

/** The messages of the fixture's last `values` event: what `useStream` ends with. */
export function finalMessages(fixture: Fixture): { type: string; text: string }[] {
  const last = [...(fixture.response.events ?? [])].reverse().find((e) => e.event === "values");
  const values = last?.data as { messages?: { type?: string; content?: unknown }[] } | undefined;
  return (values?.messages ?? []).map((m) => ({ type: String(m.type), text: messageText(m) }));
}

/** Offset (ms) of the first `updates` event and of the end of the stream, as recorded. */
export function recordedGap(fixture: Fixture): { firstUpdate: number; end: number } {
  const first = (fixture.response.events ?? []).find((e) => e.event.startsWith("updates"));
  return { firstUpdate: first?.t ?? 0, end: fixture.response.end_ms };
}
