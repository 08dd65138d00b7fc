/**
 * Integration test against the REAL LangGraph.js server (`@langchain/langgraph-api`) serving the
 * reference graphs: every graph × every stream mode × stream_subgraphs false/true as a stateless
 * `POST /runs/stream`. All 160 streams run once in `beforeAll` (bounded concurrency; each stream
 * lasts ≥ 500 ms because the server closes it ~500 ms after the last event), then each case asserts
 * on its recorded result.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsOnly, formatIssue, validateEventStream, type ValidationIssue } from "../../src/protocol/index.js";
import { startReferenceServer, type ReferenceServer } from "../../src/reference/index.js";
import { readSse, type SseDiagnostic } from "../../src/sse/index.js";
import { HELLO, MESSAGES_INPUT, STREAM_MODES, mapLimit } from "./helpers.js";

const GRAPHS = ["agent", "echo", "slow", "failing", "interrupting", "nested", "counter", "parallel"] as const;
type GraphId = (typeof GRAPHS)[number];
type Mode = (typeof STREAM_MODES)[number];

/** At most this many streams in flight; below nWorkers so no run waits for a worker. */
const CONCURRENCY = 8;
const N_WORKERS = 10;
/** `slow` sleeps this long instead of its 1000 ms default, to keep the file fast. */
const SLOW_SLEEP_MS = 100;

interface Case {
  graph: GraphId;
  mode: Mode;
  subgraphs: boolean;
}

interface Parsed {
  event: string;
  data: unknown;
}

interface StreamResult {
  status: number;
  contentType: string | null;
  contentLocation: string | null;
  events: Parsed[];
  /** Events whose data was not JSON. */
  badData: string[];
  /** Framing problems the strict SSE reader reported (none expected from the real server). */
  diagnostics: string[];
  ms: number;
}

const CASES: Case[] = GRAPHS.flatMap((graph) =>
  STREAM_MODES.flatMap((mode) => [false, true].map((subgraphs) => ({ graph, mode, subgraphs }))),
);
const key = (c: Case): string => `${c.graph} ${c.mode} subgraphs=${c.subgraphs}`;

let server: ReferenceServer;
const results = new Map<string, StreamResult>();
let matrixMs = 0;

async function runStream(c: Case): Promise<StreamResult> {
  const body: Record<string, unknown> = {
    assistant_id: c.graph,
    input: c.graph === "counter" ? { count: 5 } : MESSAGES_INPUT,
    stream_mode: c.mode,
    stream_subgraphs: c.subgraphs,
  };
  if (c.graph === "slow") body.config = { configurable: { sleep_ms: SLOW_SLEEP_MS } };
  const t0 = performance.now();
  const res = await fetch(`${server.url}/runs/stream`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const badData: string[] = [];
  const diagnostics: SseDiagnostic[] = [];
  const events: Parsed[] = [];
  for await (const frame of readSse(res.body!, { onDiagnostic: (d) => diagnostics.push(d) })) {
    try {
      events.push({ event: frame.event, data: JSON.parse(frame.data) as unknown });
    } catch {
      badData.push(`${frame.event}: ${frame.data.slice(0, 200)}`);
      events.push({ event: frame.event, data: frame.data });
    }
  }
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    contentLocation: res.headers.get("content-location"),
    events,
    badData,
    diagnostics: diagnostics.map((d) => `${d.kind} at line ${d.line}: ${d.message}`),
    ms: performance.now() - t0,
  };
}

beforeAll(async () => {
  server = await startReferenceServer({ nWorkers: N_WORKERS });
  const t0 = performance.now();
  const all = await mapLimit(CASES, CONCURRENCY, runStream);
  matrixMs = performance.now() - t0;
  CASES.forEach((c, i) => results.set(key(c), all[i]!));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (results.size > 0) {
    const times = [...results.values()].map((r) => r.ms).sort((a, b) => a - b);
    const pct = (p: number): number => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]!);
    console.log(
      `reference server: startup ${server.startupMs} ms; ${results.size} streams in ${Math.round(matrixMs)} ms ` +
        `(concurrency ${CONCURRENCY}); per stream p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms`,
    );
  }
});

/** Event name with the task id of a namespace replaced: `updates|sub:<uuid>` → `updates|sub:*`. */
function shape(ev: Parsed): string {
  const name = ev.event.replace(/\|([^|:]+):[0-9a-f-]{36}/g, "|$1:*");
  if (name.startsWith("updates") && ev.data !== null && typeof ev.data === "object") {
    return `${name}(${Object.keys(ev.data).join(",")})`;
  }
  if (name === "error" && ev.data !== null && typeof ev.data === "object") {
    return `error(${String((ev.data as { error?: unknown }).error)})`;
  }
  return name;
}

const UPDATES: Record<GraphId, { plain: string[]; subgraphs?: string[] }> = {
  agent: { plain: ["updates(agent)", "updates(finish)"] },
  echo: { plain: ["updates(echo)"] },
  slow: { plain: ["updates(wait)", "updates(after)"] },
  failing: { plain: ["updates(ok)", "error(Error)"] },
  interrupting: { plain: ["updates(ask)", "error(GraphValueError)"] },
  nested: {
    plain: ["updates(sub)", "updates(outer_step)"],
    subgraphs: ["updates|sub:*(inner_step)", "updates(sub)", "updates(outer_step)"],
  },
  counter: { plain: ["updates(inc)"] },
  // SR-17: parallel tasks of one step → one event each, in completion order (left sleeps less).
  parallel: { plain: ["updates(left)", "updates(right)", "updates(join)"] },
};

describe.each(GRAPHS)("graph %s", (graph) => {
  it.each(STREAM_MODES.flatMap((mode) => [false, true].map((subgraphs) => ({ mode, subgraphs }))))(
    "stream_mode $mode, stream_subgraphs $subgraphs: valid SSE",
    ({ mode, subgraphs }) => {
      const r = results.get(key({ graph, mode, subgraphs }));
      expect(r, "stream was not recorded (beforeAll failed?)").toBeDefined();
      const { status, contentType, contentLocation, events, badData, diagnostics } = r!;

      expect(status).toBe(200);
      expect(contentType).toMatch(/^text\/event-stream/);
      expect(badData).toEqual([]);
      expect(diagnostics).toEqual([]);

      // First event: metadata {run_id, attempt}, run_id = the id in Content-Location (SR-02).
      const runId = /^\/runs\/([0-9a-f-]{36})$/.exec(contentLocation ?? "")?.[1];
      expect(runId, `content-location ${contentLocation}`).toBeDefined();
      expect(events[0]).toEqual({ event: "metadata", data: { run_id: runId, attempt: 1 } });

      const issues: ValidationIssue[] = validateEventStream(events, { subgraphs, requestedModes: mode, requireInterruptIds: true });
      expect(errorsOnly(issues).map(formatIssue)).toEqual([]);

      // Failures end the stream with exactly one error event (SR-19); other graphs never error.
      const errors = events.filter((ev) => ev.event === "error");
      if (graph === "failing") {
        expect(errors).toEqual([{ event: "error", data: { error: "Error", message: "Deliberate failure in node boom" } }]);
        expect(events.at(-1)?.event).toBe("error");
      } else if (graph === "interrupting") {
        expect(errors).toHaveLength(1);
        expect(errors[0]!.data).toMatchObject({ error: "GraphValueError", message: expect.stringMatching(/^No checkpointer set/) });
        expect(events.at(-1)?.event).toBe("error");
      } else {
        expect(errors).toEqual([]);
      }

      if (mode === "updates") {
        const expected = (subgraphs ? UPDATES[graph].subgraphs : undefined) ?? UPDATES[graph].plain;
        expect(events.slice(1).map(shape)).toEqual(expected);
      }
    },
  );
});

describe("exact payloads (as in the captures)", () => {
  const get = (graph: GraphId, mode: Mode, subgraphs = false): Parsed[] =>
    results.get(key({ graph, mode, subgraphs }))!.events.slice(1);

  it("agent/updates: the echo reply, then finish's empty update", () => {
    const [agent, finish] = get("agent", "updates");
    expect(agent!.data).toMatchObject({
      agent: { messages: [{ type: "ai", content: `You said: ${HELLO}`, id: expect.stringMatching(/^run-/) }] },
    });
    expect(finish).toEqual({ event: "updates", data: { finish: {} } });
  });

  it("agent/messages-tuple: 13 word chunks that add up to the reply, one message id", () => {
    const events = get("agent", "messages-tuple");
    expect(events).toHaveLength(13);
    const chunks = events.map((ev) => ev.data as [{ content: string; id: string; type: string }, Record<string, unknown>]);
    expect(chunks.map(([m]) => m.content).join("")).toBe(`You said: ${HELLO}`);
    expect(chunks[0]![0].content).toBe("You ");
    expect(new Set(chunks.map(([m]) => m.id)).size).toBe(1);
    expect(chunks[0]![1]).toMatchObject({ langgraph_node: "agent", ls_provider: "EchoChatModel", langgraph_version: "1.7.3" });
  });

  it("agent/custom: the node's writer payload", () => {
    expect(get("agent", "custom")).toEqual([{ event: "custom", data: { node: "agent", note: "custom event from agent node" } }]);
  });

  it("echo/updates: the raw plain-dict message, without id", () => {
    expect(get("echo", "updates")).toEqual([
      { event: "updates", data: { echo: { messages: [{ type: "ai", content: `You said: ${HELLO}` }] } } },
    ]);
  });

  it("slow/updates: slept N ms, then after sleep", () => {
    expect(get("slow", "updates").map((ev) => ev.data)).toEqual([
      { wait: { messages: [{ type: "ai", content: `slept ${SLOW_SLEEP_MS} ms` }] } },
      { after: { messages: [{ type: "ai", content: "after sleep" }] } },
    ]);
  });

  it("nested/updates with subgraphs: inner_step under sub:<task id>, then the parent's updates", () => {
    const [inner, sub, outer] = get("nested", "updates", true);
    expect(inner!.event).toMatch(/^updates\|sub:[0-9a-f-]{36}$/);
    expect(inner!.data).toEqual({ inner_step: { messages: [{ type: "ai", content: `inner saw: ${HELLO}` }] } });
    expect((sub!.data as { sub: { messages: unknown[] } }).sub.messages).toHaveLength(2);
    expect(outer!.data).toEqual({ outer_step: { messages: [{ type: "ai", content: "outer done" }] } });
  });

  it("counter/values and updates: defaults applied, count summed, log appended", () => {
    expect(get("counter", "values").map((ev) => ev.data)).toEqual([
      { count: 5, log: [] },
      { count: 6, log: ["inc"] },
    ]);
    expect(get("counter", "updates").map((ev) => ev.data)).toEqual([{ inc: { count: 1, log: ["inc"] } }]);
  });

  it("parallel/values: one state per step (left+right together), then join", () => {
    const contents = get("parallel", "values").map((ev) =>
      (ev.data as { messages: { content: string }[] }).messages.map((m) => m.content),
    );
    expect(contents).toEqual([
      [HELLO],
      [HELLO, "left done", "right done"],
      [HELLO, "left done", "right done", "joined left and right"],
    ]);
  });

  it("delete mode has no checkpointer: checkpoints and tools streams carry only metadata", () => {
    for (const graph of ["agent", "echo", "slow", "nested", "counter", "parallel"] as const) {
      for (const subgraphs of [false, true]) {
        expect(get(graph, "checkpoints", subgraphs), `${graph} checkpoints`).toEqual([]);
        expect(get(graph, "tools", subgraphs), `${graph} tools`).toEqual([]);
      }
    }
  });
});
