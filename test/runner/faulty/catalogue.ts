/**
 * The project's catalogue of faulty servers, and of valid variants, built on the mock deployment.
 *
 * Each fault breaks one rule the way a real server could, and names the requirement id(s) that must
 * fail (`targets`). `allowed` lists MUST ids that may fail as a direct consequence (a server that
 * merges updates also breaks the reference-graph sequences). Any other MUST failure is a bug in the
 * suites (a check that fails for the wrong reason). Valid variants must pass with exit 0.
 *
 * Faults are narrow on purpose where a realistic fault would drown the report: e.g. the wrong content
 * type is served only for streams without `stream_mode`, as a server with a bug on its default path.
 */
import { randomUUID } from "node:crypto";
import { assistantIdForGraph } from "../../../src/protocol/index.js";
import type { MockDeploymentOptions } from "../../../src/mock/index.js";
import type { Fault, FaultContext } from "./server.js";
import { bodyStream, isObj, isSse, jsonOf, parseData, pathOf, readFrames, withBody, writeFrames, type BodyOptions, type Frame, type WriteOptions } from "./sse.js";

export interface FaultCase {
  name: string;
  description: string;
  /** Ids that must fail. */
  targets: string[];
  /** MUST ids that may fail too, as a consequence of the same fault. */
  allowed?: string[];
  fault: Fault;
  mock?: Omit<MockDeploymentOptions, "fixtures">;
}

export interface ValidCase {
  name: string;
  description: string;
  fault: Fault;
  mock?: Omit<MockDeploymentOptions, "fixtures">;
}

type Body = Record<string, unknown>;
const RG_ALL = ["RG-01", "RG-02", "RG-03", "RG-04", "RG-05", "RG-06", "RG-07", "RG-08"];

const passthrough: Fault = (req, ctx) => ctx.handle(req);

const isStatelessRun = (req: Request) => req.method === "POST" && ["/runs/stream", "/runs/wait", "/runs", "/runs/batch"].includes(pathOf(req));
const isStreamPost = (req: Request) => req.method === "POST" && pathOf(req) === "/runs/stream";

/** Transform the SSE frames of POST /runs/stream responses whose body matches `when`. */
function onStream(
  when: (body: Body) => boolean,
  transform: (frames: Frame[], body: Body) => Frame[],
  write: WriteOptions = {},
  bodyOpts: BodyOptions = {},
  headers: (body: Body) => Record<string, string> = () => ({}),
): Fault {
  return async (req, ctx) => {
    if (!isStreamPost(req)) return ctx.handle(req);
    const body = await jsonOf(req);
    if (!isObj(body) || !when(body)) return ctx.handle(req);
    const res = await ctx.handle(req);
    if (!isSse(res)) return res;
    const frames = transform(await readFrames(res), body);
    return withBody(res, bodyStream(writeFrames(frames, write), bodyOpts), headers(body));
  };
}

/** Rewrite every SSE response (POST streams and joins), for the valid variants. */
function everySse(transform: (frames: Frame[]) => Frame[], write: WriteOptions = {}, bodyOpts: BodyOptions = {}): Fault {
  return async (req, ctx) => {
    const res = await ctx.handle(req);
    if (!isSse(res)) return res;
    return withBody(res, bodyStream(writeFrames(transform(await readFrames(res)), write), bodyOpts));
  };
}

const always = () => true;
const defaultMode = (b: Body) => b.stream_mode === undefined;
const modeIs = (mode: string) => (b: Body) => b.stream_mode === mode;
const mapData = (f: Frame, fn: (d: unknown) => unknown): Frame => ({ ...f, data: JSON.stringify(fn(parseData(f))) });
/** The frame's data is an object whose `key` equals `value`. */
const nodeKeyIs = (f: Frame, key: string, value: unknown): boolean => {
  const d = parseData(f);
  return isObj(d) && d[key] === value;
};
const isRootUpdates = (f: Frame) => f.event === "updates";

/** Mutate a JSON response (status kept). */
function onJson(match: (req: Request) => boolean, fn: (json: unknown, req: Request) => unknown): Fault {
  return async (req, ctx) => {
    if (!match(req)) return ctx.handle(req);
    const res = await ctx.handle(req);
    if (res.status >= 300) return res;
    const json = JSON.parse((await res.text()).trim() || "null") as unknown;
    return withBody(res, JSON.stringify(fn(json, req)), { "content-type": "application/json" });
  };
}

async function leakThread(ctx: FaultContext, metadata: unknown): Promise<void> {
  await ctx.api("POST", "/threads", { metadata });
}

/** Deep-map every message-like object `{type, content}` inside a JSON value. */
function mapMessages(value: unknown, fn: (m: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => mapMessages(v, fn));
  if (isObj(value)) {
    const mapped = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapMessages(v, fn)]));
    return typeof value.type === "string" && "content" in value ? fn(mapped) : mapped;
  }
  return value;
}

// -------------------------------------------------------------------------------------------------

export const FAULTS: FaultCase[] = [
  {
    name: "sse-content-type-json",
    description: "streams without stream_mode are served as application/json",
    targets: ["SR-01"],
    fault: onStream(defaultMode, (f) => f, {}, {}, () => ({ "content-type": "application/json" })),
  },
  {
    name: "metadata-without-attempt",
    description: "the metadata event lacks attempt",
    targets: ["SR-02"],
    fault: onStream(always, (fs) => fs.map((f) => (f.event === "metadata" ? mapData(f, (d) => ({ run_id: (d as Body).run_id })) : f))),
  },
  {
    name: "metadata-not-first",
    description: "metadata comes second",
    targets: ["SR-02"],
    allowed: ["SR-04", "SR-37"],
    fault: onStream(always, (fs) => (fs.length >= 2 ? [fs[1]!, fs[0]!, ...fs.slice(2)] : fs)),
  },
  {
    name: "garbage-data",
    description: "the last event of a default-mode stream carries data that is not JSON",
    targets: ["SR-03"],
    fault: onStream(defaultMode, (fs) => fs.map((f, i) => (i === fs.length - 1 ? { ...f, data: '{"broken": ' } : f))),
  },
  {
    name: "missing-event-field",
    description: "the last frame of a default-mode stream has no event: line",
    targets: ["SR-03"],
    allowed: ["SR-11", "SR-12"],
    fault: onStream(defaultMode, (fs) => fs.map((f, i) => (i === fs.length - 1 ? { ...f, hasEvent: false } : f))),
  },
  {
    name: "content-location-mismatch",
    description: "Content-Location names another run",
    targets: ["SR-04"],
    fault: onStream(always, (f) => f, {}, {}, () => ({ "content-location": `/runs/${randomUUID()}` })),
  },
  {
    name: "reused-run-id",
    description: "every stream reports the same run id",
    targets: ["SR-04"],
    fault: (() => {
      const fixed = randomUUID();
      return onStream(
        always,
        (fs) => fs.map((f) => (f.event === "metadata" ? mapData(f, (d) => ({ ...(d as Body), run_id: fixed })) : f)),
        {},
        {},
        () => ({ "content-location": `/runs/${fixed}` }),
      );
    })(),
  },
  {
    name: "late-eof",
    description: "the connection closes 3 s after the last event",
    targets: ["SR-05"],
    fault: onStream(always, (f) => f, {}, { closeAfterMs: 3_000 }),
  },
  {
    name: "end-event",
    description: "a legacy end event closes every stream",
    targets: ["SR-06"],
    fault: onStream(always, (fs) => [...fs, { event: "end", data: "null" }]),
  },
  {
    name: "id-lines",
    description: "id: lines on a non-resumable stream",
    targets: ["SR-07"],
    fault: onStream(always, (f) => f, { ids: true }),
  },
  {
    name: "pre-run-error-as-sse",
    description: "malformed JSON answered 200 text/event-stream with an error event",
    targets: ["SR-10"],
    fault: async (req, ctx) => {
      if (isStreamPost(req) && (await jsonOf(req)) === undefined) {
        const frames = [
          { event: "metadata", data: JSON.stringify({ run_id: randomUUID(), attempt: 1 }) },
          { event: "error", data: JSON.stringify({ error: "ValueError", message: "Malformed JSON" }) },
        ];
        return new Response(writeFrames(frames), { status: 200, headers: { "content-type": "text/event-stream" } });
      }
      return ctx.handle(req);
    },
  },
  {
    name: "default-mode-updates",
    description: "omitted or empty stream_mode streams updates",
    targets: ["SR-11"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStreamPost(req) && isObj(body) && (body.stream_mode === undefined || (Array.isArray(body.stream_mode) && body.stream_mode.length === 0))) {
        return ctx.handle(new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify({ ...body, stream_mode: "updates" }) }));
      }
      return ctx.handle(req);
    },
  },
  {
    name: "namespaced-without-subgraphs",
    description: "values events get a namespace although stream_subgraphs is off",
    targets: ["SR-12"],
    fault: onStream(defaultMode, (fs) => fs.map((f) => (f.event === "values" ? { ...f, event: `values|agent:${randomUUID()}` } : f))),
  },
  {
    name: "unknown-event-name",
    description: "debug events are named trace",
    targets: ["SR-12"],
    fault: onStream(modeIs("debug"), (fs) => fs.map((f) => (f.event === "debug" ? { ...f, event: "trace" } : f))),
  },
  {
    name: "unrequested-custom",
    description: "a custom event in a tasks stream",
    targets: ["SR-13"],
    fault: onStream(modeIs("tasks"), (fs) => [fs[0]!, { event: "custom", data: '{"note":"unrequested"}' }, ...fs.slice(1)]),
  },
  {
    name: "merged-updates",
    description: "all root updates of a stream merged into one event",
    targets: ["SR-14"],
    allowed: ["SR-17", ...RG_ALL],
    fault: onStream(always, (fs) => {
      const ups = fs.filter(isRootUpdates);
      if (ups.length < 2) return fs;
      const merged = Object.assign({}, ...ups.map((f) => parseData(f) as Body)) as Body;
      const first = fs.indexOf(ups[0]!);
      return fs.flatMap((f, i) => (i === first ? [{ event: "updates", data: JSON.stringify(merged) }] : isRootUpdates(f) ? [] : [f]));
    }),
  },
  {
    name: "wrapped-updates",
    description: "updates wrapped as {update: …} (one key, so only graph-aware checks can tell)",
    targets: ["RG-01", "RG-02"],
    allowed: ["SR-15", "SR-16", "SR-17", ...RG_ALL],
    fault: onStream(always, (fs) => fs.map((f) => (isRootUpdates(f) ? mapData(f, (d) => ({ update: d })) : f))),
  },
  {
    name: "dropped-update",
    description: "the last root update of an updates stream is dropped",
    targets: ["RG-01"],
    allowed: ["SR-16", ...RG_ALL],
    fault: onStream(modeIs("updates"), (fs) => {
      const last = fs.map(isRootUpdates).lastIndexOf(true);
      return last < 0 ? fs : fs.filter((_, i) => i !== last);
    }),
  },
  {
    name: "reordered-updates",
    description: "root updates of an updates stream in reverse order",
    targets: ["RG-01"],
    allowed: RG_ALL,
    fault: onStream(modeIs("updates"), (fs) => {
      const ups = fs.filter(isRootUpdates).reverse();
      let i = 0;
      return fs.map((f) => (isRootUpdates(f) ? ups[i++]! : f));
    }),
  },
  {
    name: "interrupt-without-value",
    description: "interrupt items lose their value",
    targets: ["SR-15"],
    allowed: ["RG-08"],
    fault: onStream(always, (fs) =>
      fs.map((f) => {
        const d = parseData(f);
        if (!isObj(d) || !Array.isArray(d.__interrupt__)) return f;
        return { ...f, data: JSON.stringify({ __interrupt__: d.__interrupt__.map((it) => (isObj(it) ? { id: it.id } : it)) }) };
      }),
    ),
  },
  {
    name: "noop-as-string",
    description: 'a node that wrote nothing reported as "noop"',
    targets: ["SR-16"],
    allowed: ["RG-01"],
    fault: onStream(always, (fs) => fs.map((f) => (isRootUpdates(f) && f.data === '{"finish":{}}' ? { ...f, data: '{"finish":"noop"}' } : f))),
  },
  {
    name: "merged-parallel",
    description: "the parallel step's two updates merged into one event",
    targets: ["SR-17"],
    allowed: ["SR-14", "RG-05"],
    fault: onStream(
      (b) => b.assistant_id === "parallel",
      (fs) => {
        const ups = fs.filter((f) => isRootUpdates(f) && /"(left|right)"/.test(f.data));
        if (ups.length !== 2) return fs;
        const merged = { ...(parseData(ups[0]!) as Body), ...(parseData(ups[1]!) as Body) };
        return fs.flatMap((f) => (f === ups[0] ? [{ event: "updates", data: JSON.stringify(merged) }] : f === ups[1] ? [] : [f]));
      },
    ),
  },
  {
    name: "messages-as-object",
    description: "messages-tuple data sent as {message, metadata}",
    targets: ["SR-18"],
    fault: onStream(always, (fs) =>
      fs.map((f) => (f.event === "messages" ? mapData(f, (d) => (Array.isArray(d) ? { message: d[0], metadata: d[1] } : d)) : f)),
    ),
  },
  {
    name: "error-without-message",
    description: "error events lack message",
    targets: ["SR-19"],
    allowed: ["RG-06"],
    fault: onStream(always, (fs) => fs.map((f) => (f.event === "error" ? mapData(f, (d) => ({ error: (d as Body).error })) : f))),
  },
  {
    name: "events-after-error",
    description: "a values event follows the error event",
    targets: ["SR-19"],
    allowed: ["RG-06", "RG-08"],
    fault: onStream(always, (fs) => (fs.some((f) => f.event === "error") ? [...fs, { event: "values", data: "{}" }] : fs)),
  },
  {
    name: "values-as-delta",
    description: "values events carry only the new messages (stream_mode [values])",
    targets: ["SR-20"],
    fault: onStream(
      (b) => Array.isArray(b.stream_mode) && b.stream_mode.length === 1 && b.stream_mode[0] === "values",
      (fs) => {
        let seen = 0;
        return fs.map((f) => {
          if (f.event !== "values") return f;
          const d = parseData(f) as Body;
          const msgs = Array.isArray(d.messages) ? d.messages : [];
          const delta = { ...d, messages: msgs.slice(seen) };
          seen = msgs.length;
          return { ...f, data: JSON.stringify(delta) };
        });
      },
    ),
  },
  {
    name: "leak-unmarked-thread",
    description: "a successful /runs/wait leaves a thread without metadata",
    targets: ["SR-21"],
    fault: async (req, ctx) => {
      const res = await ctx.handle(req);
      if (req.method === "POST" && pathOf(req) === "/runs/wait" && res.status === 200) await leakThread(ctx, { leaked: true });
      return res;
    },
  },
  {
    name: "leak-marked-thread",
    description: "an updates stream leaves a thread with the request metadata",
    targets: ["SR-22"],
    allowed: ["SR-21"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      const res = await ctx.handle(req);
      if (isStreamPost(req) && isObj(body) && body.assistant_id === "agent" && body.stream_mode === "updates" && isObj(body.metadata) && res.status === 200) {
        await leakThread(ctx, body.metadata);
      }
      return res;
    },
  },
  {
    name: "mutate-preexisting",
    description: "each stateless stream rewrites the pre-existing thread's metadata",
    targets: ["SR-23"],
    fault: async (req, ctx) => {
      if (isStreamPost(req)) {
        const found = await ctx.api("POST", "/threads/search", { metadata: { lgc_role: "stateful" }, limit: 10 });
        for (const t of Array.isArray(found.json) ? found.json : []) {
          if (isObj(t)) await ctx.api("PATCH", `/threads/${String(t.thread_id)}`, { metadata: { lgc_touched: Date.now() } });
        }
      }
      return ctx.handle(req);
    },
  },
  {
    name: "smuggled-id-created",
    description: "a body thread_id creates that thread",
    targets: ["SR-24"],
    allowed: ["SR-21"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStreamPost(req) && isObj(body) && typeof body.thread_id === "string") {
        await ctx.api("POST", "/threads", { thread_id: body.thread_id, if_exists: "do_nothing" });
      }
      return ctx.handle(req);
    },
  },
  {
    name: "smuggled-id-routed",
    description: "a body thread_id naming an existing thread writes into it",
    targets: ["SR-24"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStreamPost(req) && isObj(body) && typeof body.thread_id === "string") {
        const t = await ctx.api("GET", `/threads/${body.thread_id}`);
        if (t.status === 200) await ctx.api("PATCH", `/threads/${body.thread_id}`, { metadata: { written_by_stateless_run: true } });
      }
      return ctx.handle(req);
    },
  },
  {
    name: "background-thread-visible",
    description: "the temporary thread of a background run still answers 200 afterwards",
    targets: ["SR-25"],
    fault: async (req, ctx) => {
      const path = pathOf(req);
      const known = (ctx.state.get("bg") as Set<string> | undefined) ?? new Set<string>();
      ctx.state.set("bg", known);
      const m = /^\/threads\/([^/]+)$/.exec(path);
      if (req.method === "GET" && m && known.has(m[1]!)) {
        const res = await ctx.handle(req);
        if (res.status !== 404) return res;
        const now = new Date().toISOString();
        return Response.json({ thread_id: m[1], created_at: now, updated_at: now, metadata: {}, status: "idle", config: {} });
      }
      const res = await ctx.handle(req);
      if (req.method === "POST" && (path === "/runs" || path === "/runs/batch") && res.status === 200) {
        const json = (await res.clone().json()) as unknown;
        for (const r of Array.isArray(json) ? json : [json]) if (isObj(r) && typeof r.thread_id === "string") known.add(r.thread_id);
      }
      return res;
    },
  },
  {
    name: "keep-mode-deletes",
    description: "on_completion keep is ignored for values streams",
    targets: ["SR-26"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStreamPost(req) && isObj(body) && body.on_completion === "keep" && body.stream_mode === "values") {
        return ctx.handle(new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify({ ...body, on_completion: "delete" }) }));
      }
      return ctx.handle(req);
    },
  },
  {
    name: "keep-mode-stale-state",
    description: "a thread's /state shows the state before the last step (the last message is missing), as a server that saves state before the final node's update",
    targets: ["SR-26"],
    fault: async (req, ctx) => {
      const res = await ctx.handle(req);
      if (req.method !== "GET" || !/^\/threads\/[^/]+\/state$/.test(pathOf(req)) || res.status !== 200) return res;
      const state = (await res.clone().json()) as unknown;
      if (!isObj(state) || !isObj(state.values) || !Array.isArray(state.values.messages) || state.values.messages.length < 2) return res;
      return Response.json({ ...state, values: { ...state.values, messages: state.values.messages.slice(0, -1) } }, { headers: res.headers });
    },
  },
  // The reference-graph checks (RG-*), each against a server that streams a graph's run wrongly in a
  // way no protocol-level rule sees.
  {
    name: "counter-reducer-ignored",
    description: "counter: the server overwrites state with the raw update instead of applying the graph's reducer (count 1 instead of 6)",
    targets: ["RG-03"],
    fault: onStream(
      (b) => b.assistant_id === "counter",
      (fs) => fs.map((f) => (f.event === "values" && nodeKeyIs(f, "count", 6) ? mapData(f, (d) => ({ ...(d as Body), count: 1 })) : f)),
    ),
  },
  {
    name: "subgraph-updates-unnamespaced",
    description: "nested + stream_subgraphs: the subgraph's own updates come as top-level `updates` events (namespace dropped)",
    targets: ["RG-04"],
    fault: onStream(
      (b) => b.assistant_id === "nested" && b.stream_subgraphs === true,
      (fs) => fs.map((f) => (f.event.includes("|") ? { ...f, event: f.event.slice(0, f.event.indexOf("|")) } : f)),
    ),
  },
  {
    name: "parallel-join-dropped",
    description: "parallel: the update of the node after the parallel pair (join) is never sent",
    targets: ["RG-05"],
    fault: onStream(
      (b) => b.assistant_id === "parallel",
      (fs) => fs.filter((f) => !(f.event === "updates" && isObj(parseData(f)) && "join" in (parseData(f) as Body))),
    ),
  },
  {
    name: "failing-updates-before-error-dropped",
    description: "failing: a graph error discards the updates of the nodes that completed before it",
    targets: ["RG-06"],
    fault: onStream(
      (b) => b.assistant_id === "failing",
      (fs) => (fs.some((f) => f.event === "error") ? fs.filter((f) => f.event !== "updates") : fs),
    ),
  },
  {
    name: "slow-updates-reordered",
    description: "slow: the two node updates arrive in reverse order",
    targets: ["RG-07"],
    fault: onStream(
      (b) => b.assistant_id === "slow",
      (fs) => {
        const at = fs.flatMap((f, i) => (f.event === "updates" ? [i] : []));
        if (at.length !== 2) return fs;
        const out = fs.slice();
        [out[at[0]!], out[at[1]!]] = [fs[at[1]!]!, fs[at[0]!]!];
        return out;
      },
    ),
  },
  {
    name: "interrupt-value-stringified",
    description: "interrupting: the interrupt's value arrives as a JSON string instead of the object the graph passed to interrupt()",
    targets: ["RG-08"],
    fault: onStream(
      (b) => b.assistant_id === "interrupting",
      (fs) =>
        fs.map((f) => {
          const d = parseData(f);
          if (f.event !== "updates" || !isObj(d) || !Array.isArray(d.__interrupt__)) return f;
          return mapData(f, () => ({ __interrupt__: (d.__interrupt__ as Body[]).map((i) => ({ ...i, value: JSON.stringify(i.value) })) }));
        }),
    ),
  },
  {
    name: "js-batch-partial-create",
    description: "the JS 1.5.1 batch bug: a batch with an unknown assistant answers 404 after creating the valid items",
    targets: ["SR-28"],
    mock: { quirks: { batchPartialCreate: true } },
    fault: passthrough,
  },
  {
    name: "rejected-creates-thread",
    description: "a 4xx stateless request still creates a thread",
    targets: ["SR-28"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      const res = await ctx.handle(req);
      if (isStatelessRun(req) && res.status >= 400 && res.status < 500) {
        const items = Array.isArray(body) ? body : [body];
        const md = items.map((i) => (isObj(i) ? i.metadata : undefined)).find(isObj);
        if (md) await leakThread(ctx, md);
      }
      return res;
    },
  },
  {
    name: "disconnect-leaks",
    description: "a client disconnect leaves the temporary thread behind",
    targets: ["SR-30"],
    allowed: ["SR-21", "SR-22"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (!isStreamPost(req) || !isObj(body) || body.assistant_id !== "slow") return ctx.handle(req);
      const res = await ctx.handle(req);
      if (!isSse(res)) return res;
      const text = writeFrames(await readFrames(res));
      const [first, ...rest] = text.split("\n\n");
      let sentAll = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const enc = new TextEncoder();
      // First event at once, the rest 300 ms later: a client that leaves after the first event disconnects mid-run.
      return withBody(
        res,
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(enc.encode(`${first}\n\n`));
            timer = setTimeout(() => {
              controller.enqueue(enc.encode(rest.join("\n\n")));
              sentAll = true;
              controller.close();
            }, 300);
          },
          async cancel() {
            if (timer) clearTimeout(timer);
            if (!sentAll && isObj(body.metadata)) await leakThread(ctx, body.metadata);
          },
        }),
      );
    },
  },
  {
    name: "resume-silently-ignored",
    description: "a stateless command.resume gets metadata and EOF, no error",
    targets: ["SR-31"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStreamPost(req) && isObj(body) && body.command !== undefined) {
        const id = randomUUID();
        return new Response(writeFrames([{ event: "metadata", data: JSON.stringify({ run_id: id, attempt: 1 }) }]), {
          status: 200,
          headers: { "content-type": "text/event-stream", "content-location": `/runs/${id}` },
        });
      }
      return ctx.handle(req);
    },
  },
  {
    name: "wait-trailing-garbage",
    description: "/runs/wait bodies end with garbage",
    targets: ["SR-32"],
    fault: async (req, ctx) => {
      const res = await ctx.handle(req);
      if (req.method === "POST" && pathOf(req) === "/runs/wait" && res.status === 200) return withBody(res, `${await res.text()} garbage`);
      return res;
    },
  },
  {
    name: "run-object-incomplete",
    description: "POST /runs returns a Run without kwargs and multitask_strategy",
    targets: ["SR-35"],
    fault: onJson(
      (r) => r.method === "POST" && pathOf(r) === "/runs",
      (j) => {
        if (!isObj(j)) return j;
        const { kwargs: _k, multitask_strategy: _m, ...rest } = j;
        return rest;
      },
    ),
  },
  {
    name: "batch-reversed",
    description: "POST /runs/batch answers in reverse order",
    targets: ["SR-36"],
    fault: onJson((r) => r.method === "POST" && pathOf(r) === "/runs/batch", (j) => (Array.isArray(j) ? [...j].reverse() : j)),
  },
  {
    name: "empty-batch-accepted",
    description: "POST /runs/batch [] answers 200 []",
    targets: ["SR-36"],
    fault: async (req, ctx) => {
      if (req.method === "POST" && pathOf(req) === "/runs/batch") {
        const body = await jsonOf(req);
        if (Array.isArray(body) && body.length === 0) return Response.json([]);
      }
      return ctx.handle(req);
    },
  },
  {
    name: "uuid-assistant-rejected",
    description: "the uuid5 assistant id of agent is unknown",
    targets: ["SR-37"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStatelessRun(req) && isObj(body) && body.assistant_id === assistantIdForGraph("agent")) {
        return new Response(`No assistant found for "${String(body.assistant_id)}".`, { status: 404, headers: { "content-type": "text/plain" } });
      }
      return ctx.handle(req);
    },
  },
  {
    name: "unknown-uuid-400",
    description: "an unregistered assistant UUID answers 400 instead of 404",
    targets: ["SR-38"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      const res = await ctx.handle(req);
      if (isStatelessRun(req) && isObj(body) && body.assistant_id === "00000000-0000-0000-0000-000000000000" && res.status === 404) {
        return new Response("bad assistant", { status: 400, headers: { "content-type": "text/plain" } });
      }
      return res;
    },
  },
  {
    name: "bogus-mode-accepted",
    description: "unknown stream modes are dropped instead of rejected",
    targets: ["SR-38"],
    allowed: ["SR-10"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStatelessRun(req) && isObj(body) && JSON.stringify(body.stream_mode ?? "").includes("bogus")) {
        const modes = (Array.isArray(body.stream_mode) ? body.stream_mode : [body.stream_mode]).filter((m) => m !== "bogus");
        return ctx.handle(new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify({ ...body, stream_mode: modes }) }));
      }
      return ctx.handle(req);
    },
  },
  {
    name: "unknown-fields-rejected",
    description: "unknown body fields answer 422",
    targets: ["SR-39"],
    fault: async (req, ctx) => {
      const body = await jsonOf(req);
      if (isStatelessRun(req) && isObj(body) && "lgc_unknown_field" in body) {
        return Response.json({ detail: "unexpected field lgc_unknown_field" }, { status: 422 });
      }
      return ctx.handle(req);
    },
  },
  {
    name: "debug-without-type",
    description: "debug events lack their type",
    targets: ["SC-01"],
    fault: onStream(modeIs("debug"), (fs) =>
      fs.map((f) => (f.event === "debug" ? mapData(f, (d) => (isObj(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => k !== "type")) : d)) : f)),
    ),
  },
  {
    name: "echo-reduced",
    description: "echo's raw update replaced by the reduced message (with an id)",
    targets: ["RG-02"],
    fault: onStream(
      (b) => b.assistant_id === "echo",
      (fs) => fs.map((f) => (isRootUpdates(f) ? mapData(f, (d) => mapMessages(d, (m) => ({ ...m, id: randomUUID() }))) : f)),
    ),
  },
];

// -------------------------------------------------------------------------------------------------

/** Visible for ~600 ms after a stateless stream ends: inside the grace window, so it must pass. */
const lingeringTemporaryThread: Fault = async (req, ctx) => {
  const body = await jsonOf(req);
  const res = await ctx.handle(req);
  if (!isStreamPost(req) || !isObj(body) || body.on_completion === "keep" || res.status !== 200 || !isSse(res)) return res;
  const text = writeFrames(await readFrames(res));
  const t = await ctx.api("POST", "/threads", { metadata: { ...(isObj(body.metadata) ? body.metadata : {}), graph_id: body.assistant_id } });
  const id = isObj(t.json) ? String(t.json.thread_id) : undefined;
  if (id) setTimeout(() => void ctx.api("DELETE", `/threads/${id}`).catch(() => undefined), 600);
  return withBody(res, text);
};

/**
 * Python-server message serialisation (spec §7): coerced messages (those with an id) carry their
 * unset optionals as null. Raw plain-dict node writes stay as written, as on PY.
 */
function pyMessage(m: Record<string, unknown>): Record<string, unknown> {
  if (m.id === undefined) return m;
  const extra = m.type === "ai" ? { usage_metadata: null, tool_calls: m.tool_calls ?? [], invalid_tool_calls: m.invalid_tool_calls ?? [] } : {};
  return { name: null, example: false, ...m, ...extra };
}

const pythonStyle: Fault = async (req, ctx) => {
  const res = await ctx.handle(req);
  if (isSse(res)) {
    const frames = (await readFrames(res)).map((f) => (parseData(f) === undefined ? f : mapData(f, (d) => mapMessages(d, pyMessage))));
    return withBody(res, writeFrames(frames));
  }
  if ((res.headers.get("content-type") ?? "").includes("json") || pathOf(req) === "/runs/wait") {
    const text = await res.text();
    try {
      return withBody(res, JSON.stringify(mapMessages(JSON.parse(text.trim() || "null"), pyMessage)));
    } catch {
      return withBody(res, text);
    }
  }
  return res;
};

export const VALID: ValidCase[] = [
  { name: "mock-as-is", description: "the mock deployment unchanged", fault: passthrough },
  { name: "crlf", description: "CRLF line endings", fault: everySse((f) => f, { eol: "\r\n" }) },
  { name: "heartbeat-comments", description: ": heartbeat comments before every event", fault: everySse((f) => f, { comments: true }) },
  { name: "one-byte-chunks", description: "every SSE body delivered one byte per chunk", fault: everySse((f) => f, {}, { chunkBytes: 1 }) },
  { name: "id-and-retry-lines", description: "id: and retry: lines (SR-07 may warn)", fault: everySse((f) => f, { ids: true, retry: true }) },
  {
    name: "python-style",
    description: "Python-style message fields (null optionals) and 422 {detail} error bodies",
    mock: { profile: "python" },
    fault: pythonStyle,
  },
  {
    name: "null-updates",
    description: "nodes that wrote nothing reported as null",
    fault: everySse((fs) => fs.map((f) => (isRootUpdates(f) && f.data === '{"finish":{}}' ? { ...f, data: '{"finish":null}' } : f))),
  },
  { name: "visible-temporary-thread", description: "the temporary thread lingers ~600 ms after EOF (inside the grace window)", fault: lingeringTemporaryThread },
];

/** A server whose streams never end (for the bounded-runner test). */
export const NEVER_CLOSING: Fault = onStream(always, (f) => f, {}, { neverClose: true });
