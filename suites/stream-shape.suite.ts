/**
 * Stream shape (spec §4–§6, SR-01…SR-20, SC-01): a set of `POST /runs/stream` samples is taken
 * once (memoised, concurrently) and every requirement is judged over all samples that concern it.
 * The checks are concurrent: none of them counts threads. The one keep-mode sample (SR-15) deletes
 * its thread afterwards.
 */
import { afterAll, describe } from "vitest";
import { isStreamMode } from "../src/protocol/index.js";
import type { Role } from "./support/config.js";
import { config } from "./support/config.js";
import {
  baseName,
  isNamespaced,
  isObject,
  issueLine,
  nodeKeys,
  runIdFromContentLocation,
  streamEvidence,
  streamIssues,
  UUID_RE,
  type LocatedIssue,
} from "./support/checks.js";
import { show } from "./support/evidence.js";
import { capabilities, type Capabilities } from "./support/probe.js";
import { runBody, STANDARD_INPUT } from "./support/reference.js";
import { requirement, type RequirementContext } from "./support/requirement.js";
import { eventNames, metadataRunId, openStream, type StreamExchange } from "./support/stream.js";
import { deleteThread, marker, markerMetadata, threadsWithMarker } from "./support/threads.js";

interface SampleSpec {
  role: Role;
  streamMode?: string | string[];
  subgraphs?: boolean;
  extra?: Record<string, unknown>;
  /** Capabilities beyond the role's assistant. */
  needsKeep?: boolean;
}

interface Sample {
  name: string;
  spec: SampleSpec;
  body: Record<string, unknown>;
  stream: StreamExchange;
  issues: LocatedIssue[];
}

const SPECS = {
  default: { role: "default" },
  values: { role: "default", streamMode: ["values"] },
  emptyModes: { role: "default", streamMode: [] },
  updates: { role: "default", streamMode: "updates" },
  updatesValues: { role: "default", streamMode: ["updates", "values"] },
  fourModes: { role: "default", streamMode: ["values", "updates", "messages-tuple", "custom"] },
  debug: { role: "default", streamMode: "debug" },
  tasks: { role: "default", streamMode: "tasks" },
  events: { role: "default", streamMode: "events" },
  legacyMessages: { role: "default", streamMode: "messages" },
  checkpoints: { role: "default", streamMode: "checkpoints" },
  messagesTuple: { role: "messages", streamMode: "messages-tuple" },
  failing: { role: "failing", streamMode: ["updates", "values"] },
  nestedUpdates: { role: "nested", streamMode: "updates", subgraphs: true },
  nestedValues: { role: "nested", streamMode: "values", subgraphs: true },
  parallel: { role: "parallel", streamMode: "updates" },
  // Same modes as the recorded corpus scenario, so the mock replays the keep-mode recording.
  interruptKeep: { role: "interrupting", streamMode: ["updates", "values"], needsKeep: true },
} satisfies Record<string, SampleSpec>;
type SampleName = keyof typeof SPECS;

/** Reader diagnostics that break SR-03 (other diagnostics are tolerated variations). */
const FRAMING_ERRORS = ["invalid-utf8", "unterminated-event", "event-too-large", "event-without-data", "field-without-colon"];

const keptMarkers: string[] = [];
const memo = new Map<SampleName, Promise<Sample | undefined>>();

/** The sample, or undefined when its assistant role is not available on the target. */
function sample(name: SampleName): Promise<Sample | undefined> {
  let p = memo.get(name);
  if (p === undefined) {
    p = takeSample(name);
    memo.set(name, p);
  }
  return p;
}

async function takeSample(name: SampleName): Promise<Sample | undefined> {
  const caps = await capabilities();
  const spec: SampleSpec = SPECS[name];
  if (caps.assistants[spec.role] === undefined) return undefined;
  if (spec.needsKeep && !caps.features["keep-mode"]?.available) return undefined;
  const extra: Record<string, unknown> = { ...spec.extra };
  if (spec.subgraphs) extra.stream_subgraphs = true;
  let metadata: Record<string, unknown> | undefined;
  if (spec.needsKeep) {
    const m = marker(`shape-${name}`);
    keptMarkers.push(m);
    metadata = markerMetadata(m);
    extra.on_completion = "keep";
  }
  const body = runBody(caps, spec.role, {
    ...(spec.streamMode !== undefined ? { streamMode: spec.streamMode } : {}),
    ...(metadata ? { metadata } : {}),
    sleepMs: 200,
    extra,
  });
  const stream = await openStream({ method: "POST", path: "/runs/stream", body });
  const info = { streamMode: spec.streamMode, subgraphs: spec.subgraphs === true };
  return { name, spec, body, stream, issues: streamIssues(stream, info) };
}

/** All samples available on the target (those whose role exists). */
async function samples(names: readonly SampleName[] = Object.keys(SPECS) as SampleName[]): Promise<Sample[]> {
  const got = await Promise.all(names.map(sample));
  return got.filter((s): s is Sample => s !== undefined);
}

/** Samples that answered as an event stream (others are judged by SR-01 only). */
async function sseSamples(names?: readonly SampleName[]): Promise<Sample[]> {
  return (await samples(names)).filter((s) => s.stream.end !== "not-sse" && s.stream.status === 200);
}

function failOnIssues(ctx: RequirementContext, all: Sample[], id: string, expected: string): void {
  for (const s of all) {
    const mine = s.issues.filter((i) => i.requirementId === id);
    const first = mine[0];
    if (first) {
      return ctx.fail(
        streamEvidence(s.stream, {
          expected,
          seen: `${mine.length} violation(s) in sample "${s.name}"; first: ${issueLine(first)}`,
          eventAt: first.event,
          details: mine.slice(1, 5).map(issueLine),
        }),
      );
    }
  }
}

afterAll(async () => {
  // Keep-mode samples leave a thread on purpose; remove it so later checks start clean.
  for (const m of keptMarkers) {
    const threads = await threadsWithMarker(m).catch(() => []);
    for (const t of threads) await deleteThread(t.thread_id).catch(() => undefined);
  }
});

describe("stream shape", () => {
  requirement(
    "SR-01",
    "valid POST /runs/stream answers 200 text/event-stream",
    async (ctx) => {
      for (const s of await samples()) {
        const ok = s.stream.status === 200 && s.stream.contentType.toLowerCase().startsWith("text/event-stream");
        if (!ok) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: "HTTP 200 with Content-Type text/event-stream",
              seen: `HTTP ${s.stream.status} with Content-Type "${s.stream.contentType}" for sample "${s.name}"`,
            }),
          );
        }
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-02",
    "first event is metadata {run_id: uuid, attempt ≥ 1}",
    async (ctx) => {
      for (const s of await sseSamples()) {
        const first = s.stream.events[0];
        if (first === undefined) {
          return ctx.fail(streamEvidence(s.stream, { expected: "a first event named metadata", seen: `no events at all (sample "${s.name}")` }));
        }
        const data = first.data as Record<string, unknown> | undefined;
        const problems: string[] = [];
        if (first.event !== "metadata") problems.push(`the first event is "${first.event}"`);
        else if (!first.parsed || !isObject(data)) problems.push(`its data is not an object: ${show(first.dataText)}`);
        else {
          if (typeof data.run_id !== "string" || !UUID_RE.test(data.run_id)) problems.push(`run_id is ${show(data.run_id)}, not a UUID string`);
          if (!Number.isInteger(data.attempt) || (data.attempt as number) < 1) problems.push(`attempt is ${show(data.attempt)}, not an integer ≥ 1`);
        }
        if (problems.length > 0) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: 'first event "metadata" with data {"run_id": <uuid>, "attempt": <integer ≥ 1>}',
              seen: `${problems.join("; ")} (sample "${s.name}")`,
              eventAt: first,
            }),
          );
        }
      }
      failOnIssues(ctx, await sseSamples(), "SR-02", "metadata data valid against the MetadataPayload schema");
    },
    { concurrent: true },
  );

  requirement(
    "SR-03",
    "every event has an event name and JSON data",
    async (ctx) => {
      for (const s of await sseSamples()) {
        for (const ev of s.stream.events) {
          if (!ev.hasEventField || ev.event === "") {
            return ctx.fail(
              streamEvidence(s.stream, {
                expected: "every event to carry an event: field",
                seen: `event #${ev.index} has no event: field (it would reach clients as the SSE default type "message")`,
                eventAt: ev,
              }),
            );
          }
          if (!ev.parsed) {
            return ctx.fail(
              streamEvidence(s.stream, {
                expected: "every data: payload to parse as JSON",
                seen: `event #${ev.index} "${ev.event}" data is not JSON (${ev.parseError})`,
                eventAt: ev,
              }),
            );
          }
        }
        const framing = s.stream.diagnostics.filter((d) => FRAMING_ERRORS.includes(d.kind));
        if (framing.length > 0) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: "well-formed SSE frames (UTF-8 text, each with a data: line and ended by a blank line, within the event size cap)",
              seen: `${framing[0]!.kind}: ${framing[0]!.message} (sample "${s.name}")`,
              details: framing.slice(1, 5).map((d) => `${d.kind}: ${d.message}`),
            }),
          );
        }
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-04",
    "run_id equals Content-Location's and is new per request",
    async (ctx) => {
      const seen = new Map<string, string>();
      for (const s of await sseSamples()) {
        const runId = metadataRunId(s.stream);
        if (runId === undefined) continue; // SR-02 reports it
        const location = s.stream.headers["content-location"];
        const fromHeader = runIdFromContentLocation(location);
        if (fromHeader !== runId) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: `Content-Location: /runs/${runId} (the run_id of the metadata event)`,
              seen: location === undefined ? "no Content-Location header" : `Content-Location: ${location}`,
              eventAt: s.stream.events[0]!,
            }),
          );
        }
        const earlier = seen.get(runId);
        if (earlier !== undefined) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: "a new run_id for every request",
              seen: `run_id ${runId} of sample "${s.name}" was already returned for sample "${earlier}"`,
              eventAt: s.stream.events[0]!,
            }),
          );
        }
        seen.set(runId, s.name);
      }
      ctx.note(`${seen.size} distinct run ids across samples`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-05",
    "EOF follows the last event within the bound",
    async (ctx) => {
      const bound = config().eofBoundMs;
      let worst = 0;
      for (const s of await sseSamples()) {
        if (s.stream.end === "eof") {
          const tail = s.stream.eofAfterLastEventMs ?? 0;
          worst = Math.max(worst, tail);
          if (tail > bound) {
            return ctx.fail(
              streamEvidence(s.stream, {
                expected: `EOF within ${bound} ms after the last event`,
                seen: `EOF came ${Math.round(tail)} ms after the last event (sample "${s.name}")`,
                ...(s.stream.events.length > 0 ? { eventAt: s.stream.events[s.stream.events.length - 1]! } : {}),
              }),
            );
          }
        } else if (s.stream.end === "idle-timeout" || s.stream.end === "timeout") {
          const last = s.stream.events[s.stream.events.length - 1];
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: `EOF within ${bound} ms after the last event`,
              seen: `the stream never ended: ${s.stream.endReason} (sample "${s.name}", ${s.stream.events.length} event(s): ${eventNames(s.stream)})`,
              ...(last ? { eventAt: last } : {}),
            }),
          );
        } else if (s.stream.end === "error") {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: "the stream to end with a clean EOF",
              seen: `${s.stream.endReason} (sample "${s.name}")`,
            }),
          );
        }
      }
      ctx.note(`slowest EOF ${Math.round(worst)} ms after the last event`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-06",
    "no end event",
    async (ctx) => {
      for (const s of await sseSamples()) {
        const end = s.stream.events.find((e) => e.event === "end");
        if (end) {
          return ctx.fail(streamEvidence(s.stream, { expected: "no event named end", seen: `event #${end.index} is "end"`, eventAt: end }));
        }
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-07",
    "no id: lines without stream_resumable",
    async (ctx) => {
      for (const s of await sseSamples()) {
        const withId = s.stream.events.find((e) => e.id !== undefined);
        const idLines = s.stream.stats.idLines ?? 0;
        if (withId || idLines > 0) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: "no id: lines (stream_resumable was not set)",
              seen: withId ? `event #${withId.index} carries id: ${show(withId.id)}` : `${idLines} id: line(s)`,
              ...(withId ? { eventAt: withId } : {}),
            }),
          );
        }
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-08",
    "comment lines are tolerated",
    async (ctx) => {
      const all = await sseSamples();
      const comments = all.reduce((n, s) => n + (s.stream.stats.comments ?? 0), 0);
      ctx.note(`${comments} comment line(s) seen in ${all.length} streams; all ignored`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-09",
    "LF or CRLF line endings",
    async (ctx) => {
      const totals = { lf: 0, crlf: 0, cr: 0 };
      for (const s of await sseSamples()) {
        const le = s.stream.stats.lineEndings;
        if (le) {
          totals.lf += le.lf;
          totals.crlf += le.crlf;
          totals.cr += le.cr;
        }
      }
      ctx.note(`line endings: LF ${totals.lf}, CRLF ${totals.crlf}, CR ${totals.cr}`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-10",
    "errors before the run are plain 4xx responses",
    async (ctx) => {
      const caps = await capabilities();
      const assistant = caps.assistants.default!;
      const cases: Array<{ what: string; body?: unknown; rawBody?: string }> = [
        { what: "unknown assistant", body: { assistant_id: "00000000-0000-0000-0000-000000000000", input: STANDARD_INPUT } },
        { what: "missing assistant_id", body: { input: STANDARD_INPUT } },
        { what: "unknown stream_mode", body: { assistant_id: assistant, input: STANDARD_INPUT, stream_mode: "bogus" } },
        { what: "malformed JSON", rawBody: '{"assistant_id":"' },
      ];
      const results = await Promise.all(
        cases.map(async (c) => ({
          c,
          stream: await openStream({
            method: "POST",
            path: "/runs/stream",
            ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body }),
          }),
        })),
      );
      for (const { c, stream } of results) {
        const sse = stream.contentType.toLowerCase().startsWith("text/event-stream");
        if (stream.status < 400 || stream.status >= 500 || sse) {
          return ctx.fail(
            streamEvidence(stream, {
              expected: `a 4xx response that is not an event stream for a request with ${c.what}`,
              seen: `HTTP ${stream.status}${sse ? " text/event-stream" : ""} (${stream.contentType || "no content type"})${sse ? `; events: ${eventNames(stream)}` : ""}`,
            }),
          );
        }
      }
      ctx.note(results.map((r) => `${r.c.what} → ${r.stream.status}`).join(", "));
    },
    { concurrent: true },
  );

  requirement(
    "SR-11",
    "omitted or empty stream_mode behaves as values",
    async (ctx) => {
      for (const s of await sseSamples(["default", "emptyModes"])) {
        const bases = s.stream.events.map((e) => baseName(e.event));
        const other = s.stream.events.find((e) => !["metadata", "values", "error", "feedback", "end"].includes(baseName(e.event)));
        if (other) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: `only metadata and values events when stream_mode is ${s.spec.streamMode === undefined ? "omitted" : "[]"}`,
              seen: `event #${other.index} "${other.event}" (events: ${eventNames(s.stream)})`,
              eventAt: other,
            }),
          );
        }
        if (!bases.includes("values") && !bases.includes("error")) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: `values events when stream_mode is ${s.spec.streamMode === undefined ? "omitted" : "[]"}`,
              seen: `events: ${eventNames(s.stream)}`,
            }),
          );
        }
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-12",
    "event names follow the grammar; namespaces only with stream_subgraphs",
    async (ctx) => {
      const all = await sseSamples();
      failOnIssues(ctx, all, "SR-12", "event names metadata | error | feedback | <mode event>[|<node>:<task id>…], namespaced only with stream_subgraphs");
      ctx.note(`${all.reduce((n, s) => n + s.stream.events.length, 0)} event names checked`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-13",
    "no events of unrequested modes",
    async (ctx) => {
      failOnIssues(ctx, await sseSamples(), "SR-13", "only events of the requested stream modes (plus metadata, error, feedback)");
    },
    { concurrent: true },
  );

  requirement(
    "SR-14",
    "updates events have exactly one node key or only __interrupt__",
    async (ctx) => {
      const all = await sseSamples();
      failOnIssues(ctx, all, "SR-14", "each updates data = {<node>: <update>} (+ optional __metadata__) or {__interrupt__: […]}");
      const count = all.reduce((n, s) => n + s.stream.events.filter((e) => baseName(e.event) === "updates").length, 0);
      if (count === 0) return ctx.skip("no updates events were produced by any sample");
      ctx.note(`${count} updates events checked`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-15",
    "__interrupt__ is an array of {id, value}",
    async (ctx) => {
      const all = await sseSamples();
      failOnIssues(ctx, all, "SR-15", "__interrupt__ = [{id: <string>, value: <any>}, …]");
      const keep = await sample("interruptKeep");
      if (keep === undefined) return ctx.skip("no keep-mode interrupting sample");
      const interrupts = keep.stream.events.filter(
        (e) => baseName(e.event) === "updates" && isObject(e.data) && "__interrupt__" in e.data,
      );
      const items = interrupts.flatMap((e) => {
        const v = (e.data as Record<string, unknown>).__interrupt__;
        return Array.isArray(v) ? v.map((item) => ({ e, item })) : [];
      });
      if (items.length === 0) {
        return ctx.fail(
          streamEvidence(keep.stream, {
            expected: "an updates event {__interrupt__: [{id, value}]} from interrupt() in keep mode",
            seen: `no interrupt item (events: ${eventNames(keep.stream)})`,
          }),
        );
      }
      for (const { e, item } of items) {
        if (!isObject(item) || !("value" in item) || typeof item.id !== "string") {
          return ctx.fail(
            streamEvidence(keep.stream, {
              expected: "each interrupt item an object with value and a string id",
              seen: `item ${show(item)}`,
              eventAt: e,
            }),
          );
        }
      }
      ctx.note(`${items.length} interrupt item(s) checked`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-16",
    "a node that wrote nothing is {} or null (both accepted)",
    async (ctx) => {
      const caps = await capabilities();
      const all = await sseSamples();
      let noOps = 0;
      for (const s of all) {
        for (const e of s.stream.events) {
          if (baseName(e.event) !== "updates" || !isObject(e.data)) continue;
          for (const k of nodeKeys(e.data)) {
            const v = e.data[k];
            if (v === null || (isObject(v) && Object.keys(v).length === 0)) noOps++;
          }
        }
      }
      if (caps.referenceGraphs) {
        // agent's `finish` node returns {}: its update must exist and be {} or null.
        const s = await sample("updates");
        if (s && s.stream.status === 200) {
          const finish = s.stream.events.find((e) => baseName(e.event) === "updates" && isObject(e.data) && "finish" in e.data);
          const v = finish ? (finish.data as Record<string, unknown>).finish : undefined;
          if (!finish || !(v === null || (isObject(v) && Object.keys(v).length === 0))) {
            return ctx.fail(
              streamEvidence(s.stream, {
                expected: 'the no-op node of the reference agent reported as {"finish": {}} or {"finish": null}',
                seen: finish ? `{"finish": ${show(v)}}` : `no finish update (events: ${eventNames(s.stream)})`,
                ...(finish ? { eventAt: finish } : {}),
              }),
            );
          }
        }
      }
      ctx.note(`${noOps} no-op update(s) ({} or null) accepted`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-17",
    "parallel tasks give separate updates events",
    async (ctx) => {
      const s = await sample("parallel");
      if (s === undefined) return ctx.skip("no parallel assistant");
      if (s.stream.status !== 200) return ctx.skip(`the parallel sample answered ${s.stream.status} (judged by SR-01)`);
      const updates = s.stream.events.filter((e) => e.event === "updates");
      const merged = updates.find((e) => nodeKeys(e.data).length > 1);
      if (merged) {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: "one updates event per parallel task",
            seen: `one event carries ${nodeKeys(merged.data).length} node keys (${nodeKeys(merged.data).join(", ")})`,
            eventAt: merged,
          }),
        );
      }
      const nodes = updates.flatMap((e) => nodeKeys(e.data));
      if (new Set(nodes).size < 2) {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: "separate updates events for the parallel tasks (at least two distinct nodes)",
            seen: `updates for ${nodes.length === 0 ? "no node" : nodes.join(", ")} (events: ${eventNames(s.stream)})`,
          }),
        );
      }
      ctx.note(`updates order: ${nodes.join(" → ")}`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-18",
    "messages-tuple events are [message, metadata]",
    async (ctx) => {
      const caps = await capabilities();
      const all = await sseSamples(["messagesTuple", "fourModes"]);
      failOnIssues(ctx, all, "SR-18", "messages data = [<message with type and content>, <metadata object>]");
      const s = all.find((x) => x.name === "messagesTuple");
      if (s === undefined) return ctx.skip("no messages assistant");
      const msgs = s.stream.events.filter((e) => baseName(e.event) === "messages");
      const wrong = s.stream.events.find((e) => e.event.startsWith("messages/"));
      if (wrong) {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: 'messages-tuple events named "messages" (legacy messages/* names belong to stream_mode "messages")',
            seen: `event #${wrong.index} is "${wrong.event}"`,
            eventAt: wrong,
          }),
        );
      }
      if (msgs.length === 0) {
        if (caps.referenceGraphs) {
          return ctx.fail(
            streamEvidence(s.stream, {
              expected: "messages events for the reference agent's chat model",
              seen: `none (events: ${eventNames(s.stream)})`,
            }),
          );
        }
        return ctx.skip("the messages assistant produced no messages events");
      }
      ctx.note(`${msgs.length} messages events checked`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-19",
    "graph failure: HTTP 200, final error event {error, message}, then EOF",
    async (ctx) => {
      const s = await sample("failing");
      if (s === undefined) return ctx.skip("no failing assistant");
      if (s.stream.status !== 200) {
        return ctx.fail(streamEvidence(s.stream, { expected: "HTTP 200 (the error travels in-band)", seen: `HTTP ${s.stream.status}` }));
      }
      failOnIssues(ctx, [s], "SR-19", "error data {error: <string>, message: <string>}");
      // A trailing legacy `end` event is SR-06's business, not SR-19's.
      const events = s.stream.events.filter((e) => e.event !== "end");
      const errorIdx = events.findIndex((e) => baseName(e.event) === "error");
      if (errorIdx < 0) {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: "an error event after the graph failed",
            seen: `no error event (events: ${eventNames(s.stream)})`,
          }),
        );
      }
      const errorEvent = events[errorIdx]!;
      if (errorIdx !== events.length - 1) {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: "the error event to be the last event",
            seen: `${events.length - 1 - errorIdx} event(s) follow it (events: ${eventNames(s.stream)})`,
            eventAt: events[errorIdx + 1]!,
          }),
        );
      }
      const d = errorEvent.data;
      if (!isObject(d) || typeof d.error !== "string" || typeof d.message !== "string") {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: "error data {error: <string>, message: <string>}",
            seen: show(errorEvent.dataText),
            eventAt: errorEvent,
          }),
        );
      }
      if (s.stream.end !== "eof") {
        return ctx.fail(
          streamEvidence(s.stream, {
            expected: "EOF after the error event",
            seen: `the stream ${s.stream.end}: ${s.stream.endReason}`,
            eventAt: errorEvent,
          }),
        );
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-20",
    "values events carry the full state",
    async (ctx) => {
      const all = await sseSamples(["values", "updatesValues", "fourModes", "failing"]);
      failOnIssues(ctx, all, "SR-20", "values data is the graph state (an object)");
      let checked = 0;
      for (const s of all) {
        let prevKeys: string[] | undefined;
        for (const e of s.stream.events) {
          if (e.event !== "values" || !isObject(e.data) || "__interrupt__" in e.data) continue;
          checked++;
          const keys = Object.keys(e.data);
          const lost = (prevKeys ?? []).filter((k) => !keys.includes(k));
          if (lost.length > 0) {
            return ctx.fail(
              streamEvidence(s.stream, {
                expected: "every values event to hold the full state (channels never disappear between values events)",
                seen: `event #${e.index} lacks ${lost.join(", ")} present in the previous values event — looks like a delta`,
                eventAt: e,
              }),
            );
          }
          prevKeys = keys;
        }
        const caps = await capabilities();
        if (caps.referenceGraphs && s.name === "values" && s.stream.status === 200) {
          const last = [...s.stream.events].reverse().find((e) => e.event === "values");
          const messages = isObject(last?.data) ? (last.data as { messages?: unknown }).messages : undefined;
          if (!Array.isArray(messages) || messages.length !== 2) {
            return ctx.fail(
              streamEvidence(s.stream, {
                expected: "the reference agent's last values event to hold both messages (human and ai)",
                seen: `messages: ${show(messages)}`,
                ...(last ? { eventAt: last } : {}),
              }),
            );
          }
        }
      }
      if (checked === 0) return ctx.skip("no values events to check");
      ctx.note(`${checked} values events checked`);
    },
    { concurrent: true },
  );

  requirement(
    "SC-01",
    "event payloads validate against the protocol schemas",
    async (ctx) => {
      const all = await sseSamples();
      failOnIssues(ctx, all, "SC-01", "every payload valid against the protocol schema for its event name");
      const modes = new Set(all.flatMap((s) => s.stream.events.map((e) => baseName(e.event))));
      ctx.note(`validated event kinds: ${[...modes].filter((m) => m === "metadata" || m === "error" || isStreamMode(m) || m.includes("/")).join(", ")}`);
    },
    { concurrent: true },
  );
});

// Referenced for typing only.
export type { Capabilities };
