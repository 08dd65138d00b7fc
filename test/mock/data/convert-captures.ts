// One-off converter: real captures (test/data/captures, copied from the spec) → mock test fixtures in
// the fixture@1 format, normalised. Captures carry no per-event timing, so offsets are assigned:
// metadata at 15 ms, then 5 ms between events, the `slow` graph's `wait` node at its sleep_ms, and the
// JS server's ~500 ms tail before EOF. Run: node --import tsx test/mock/data/convert-captures.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { normaliseFixture } from "../../../src/fixtures/normalise.js";
import { serializeFixture } from "../../../src/fixtures/io.js";
import type { Fixture, FixtureEvent } from "../../../src/fixtures/format.js";

const CAPTURES = join(import.meta.dirname, "../../data/captures");
const OUT = import.meta.dirname;

const NAMES = [
  "stream_agent_updates",
  "stream_agent_values",
  "stream_agent_all_modes",
  "stream_agent_messages-tuple",
  "stream_echo_updates",
  "stream_echo_values",
  "stream_failing_updates",
  "stream_interrupting_keep",
  "stream_nested_updates_subgraphs",
  "stream_nested_values_subgraphs",
  "stream_slow_3000ms",
  "stream_counter_values_updates",
  "wait_agent",
  "wait_counter",
  "wait_failing",
  "wait_slow_1500ms",
];

function split(text: string): [string, string] {
  const i = text.indexOf("\r\n\r\n");
  if (i >= 0) return [text.slice(0, i), text.slice(i + 4)];
  const j = text.indexOf("\n\n");
  return [text.slice(0, j), text.slice(j + 2)];
}

for (const name of NAMES) {
  const reqText = readFileSync(join(CAPTURES, `${name}.request.txt`), "utf8");
  const [reqHead, reqBody] = split(reqText);
  const [requestLine, ...reqHeaderLines] = reqHead.split(/\r?\n/);
  const [method, path] = (requestLine as string).split(" ") as [string, string];
  const reqHeaders = Object.fromEntries(reqHeaderLines.filter(Boolean).map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  const body = JSON.parse(reqBody.trim()) as Record<string, unknown>;

  const resText = readFileSync(join(CAPTURES, `${name}.txt`), "utf8");
  const [resHead, resBody] = split(resText);
  const [statusLine, ...resHeaderLines] = resHead.split(/\r?\n/);
  const status = Number((statusLine as string).split(" ")[1]);
  const allHeaders = Object.fromEntries(resHeaderLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  const headers: Record<string, string> = {};
  for (const k of ["content-type", "content-location", "cache-control"]) if (allHeaders[k]) headers[k] = allHeaders[k] as string;

  const sleep = Number(((body["config"] as Record<string, unknown> | undefined)?.["configurable"] as Record<string, unknown> | undefined)?.["sleep_ms"] ?? 1000);
  const graph = String(body["assistant_id"]);
  let response: Fixture["response"];
  if (headers["content-type"]?.startsWith("text/event-stream")) {
    const events: FixtureEvent[] = [];
    let t = 15;
    for (const frame of resBody.split("\n\n")) {
      if (!frame.trim()) continue;
      const lines = frame.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) as string;
      const data = JSON.parse(lines.find((l) => l.startsWith("data: "))?.slice(6) as string) as unknown;
      if (graph === "slow" && event.startsWith("updates") && JSON.stringify(data).startsWith('{"wait"')) t += sleep;
      events.push({ event, data, t });
      t += 5;
    }
    response = { status, headers, kind: "sse", headers_ms: 3, end_ms: t - 5 + 500, events };
  } else {
    const lead = /^\s*/.exec(resBody)?.[0] ?? "";
    const dur = graph === "slow" ? sleep + 30 : 40;
    response = { status, headers, kind: "json", headers_ms: 3, end_ms: dur, body: JSON.parse(resBody) as unknown, ...(lead ? { leading_whitespace: lead } : {}) };
  }
  const fixture: Fixture = {
    format: "langgraph-conformance/fixture@1",
    name: name.replace(/_/g, "-").toLowerCase(),
    description: `Converted from the spec capture ${name} (timing offsets assigned, see convert-captures.ts).`,
    source: {
      server: "@langchain/langgraph-api",
      version: "1.5.1",
      graph_id: graph,
      recorded_at: "2026-11-26T00:48:11.000Z",
      recorder: "langgraph-conformance@0.1.0",
    },
    request: { method: method as "POST", path, headers: reqHeaders, body },
    response,
    ...(response.kind === "sse" ? { framing: { line_ending: "lf" as const, comments: 0, id_lines: 0, retry_lines: 0, diagnostics: [] } } : {}),
    normalisation: { applied: [], placeholders: 0 },
    redaction: { count: 0, by_rule: {} },
  };
  const normalised = normaliseFixture(fixture).fixture;
  writeFileSync(join(OUT, `${fixture.name}.json`), serializeFixture(normalised));
  console.log(`${fixture.name}: ${response.kind} ${response.events?.length ?? ""}`);
}
