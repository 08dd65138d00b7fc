/**
 * The other stateless endpoints (spec §9–§11, SR-32…SR-41): `/runs/wait` bodies, the Run object of
 * `POST /runs`, batch order, graph id ≡ uuid5 assistant id, request validation, unknown fields,
 * joiners and the optional `Location` header. Concurrent: nothing here counts threads.
 */
import { describe } from "vitest";
import { assistantIdForGraph, formatIssue, RUN_STATUSES, validateValue } from "../src/protocol/index.js";
import { exchangeEvidence, isObject, streamEvidence, UUID_RE } from "./support/checks.js";
import { show } from "./support/evidence.js";
import { get, post, type HttpExchange } from "./support/http.js";
import { capabilities } from "./support/probe.js";
import { runBody, SLOW_SLEEP_MS, STANDARD_INPUT, STANDARD_TEXT } from "./support/reference.js";
import { requirement, type RequirementContext } from "./support/requirement.js";
import { eventNames, openStream, type StreamExchange } from "./support/stream.js";

const memo = new Map<string, Promise<HttpExchange>>();
function once(key: string, make: () => Promise<HttpExchange>): Promise<HttpExchange> {
  let p = memo.get(key);
  if (p === undefined) {
    p = make();
    memo.set(key, p);
  }
  return p;
}

const waitSuccess = async () => once("wait-success", async () => post("/runs/wait", runBody(await capabilities(), "default")));
const waitFailing = async () => once("wait-failing", async () => post("/runs/wait", runBody(await capabilities(), "failing")));
const waitUpdatesOnly = async () =>
  once("wait-updates", async () => post("/runs/wait", runBody(await capabilities(), "default", { streamMode: "updates" })));

function requireExchange(ctx: RequirementContext, res: HttpExchange, what: string): void {
  if (res.status === 0 || res.error) {
    return ctx.fail(exchangeEvidence(res, { expected: `${what} to answer`, seen: res.error ?? "no response" }));
  }
}

/** Parses a /runs/wait body the way clients do: leading whitespace (keep-alive newlines) removed. */
function waitBody(res: HttpExchange): { ok: boolean; value?: unknown; error?: string } {
  const trimmed = res.text.replace(/^\s+/, "");
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

describe("other endpoints", () => {
  requirement(
    "SR-32",
    "/runs/wait answers 200 with a JSON body of the right kind",
    async (ctx) => {
      const caps = await capabilities();
      const cases: Array<{ what: string; res: HttpExchange; kind: "values" | "error" | "empty" }> = [
        { what: "success", res: await waitSuccess(), kind: "values" },
        { what: "stream_mode updates only", res: await waitUpdatesOnly(), kind: "empty" },
      ];
      if (caps.assistants.failing !== undefined) cases.push({ what: "graph error", res: await waitFailing(), kind: "error" });
      for (const c of cases) {
        requireExchange(ctx, c.res, `POST /runs/wait (${c.what})`);
        const parsed = waitBody(c.res);
        if (c.res.status !== 200 || !parsed.ok) {
          return ctx.fail(
            exchangeEvidence(c.res, {
              expected: `HTTP 200 whose body parses as JSON after leading whitespace (${c.what})`,
              seen: `HTTP ${c.res.status}${parsed.ok ? "" : `; body is not JSON (${parsed.error})`}`,
            }),
          );
        }
        const v = parsed.value;
        const problem =
          c.kind === "values"
            ? !isObject(v) || "__error__" in v
              ? "expected the final values (an object without __error__)"
              : undefined
            : c.kind === "error"
              ? !isObject(v) || !isObject(v.__error__) || typeof v.__error__.error !== "string" || typeof v.__error__.message !== "string"
                ? 'expected {"__error__": {"error": <string>, "message": <string>}}'
                : undefined
              : !(v === null || (isObject(v) && (Object.keys(v).length === 0 || !("__error__" in v))))
                ? "expected null, {} or values when no values mode was requested"
                : undefined;
        if (problem) {
          return ctx.fail(exchangeEvidence(c.res, { expected: `${problem} (${c.what})`, seen: `body ${show(v)}` }));
        }
        const issues = validateValue("WaitBody", v);
        if (issues.length > 0 && c.kind !== "empty") {
          return ctx.fail(
            exchangeEvidence(c.res, {
              expected: `a body valid against the WaitBody schema (${c.what})`,
              seen: formatIssue(issues[0]!),
              details: issues.slice(1, 4).map(formatIssue),
            }),
          );
        }
      }
      if (caps.referenceGraphs) {
        const v = waitBody(await waitSuccess()).value as { messages?: Array<{ content?: unknown }> } | undefined;
        const last = v?.messages?.[v.messages.length - 1];
        if (v?.messages?.length !== 2 || last?.content !== `You said: ${STANDARD_TEXT}`) {
          return ctx.fail(
            exchangeEvidence(await waitSuccess(), {
              expected: `the reference agent's final values: [human, ai "You said: ${STANDARD_TEXT}"]`,
              seen: `messages ${show(v?.messages)}`,
            }),
          );
        }
      }
      ctx.note(cases.map((c) => `${c.what} → ${c.res.status} ${show(waitBody(c.res).value, 60)}`).join("; "));
    },
    { concurrent: true },
  );

  requirement(
    "SR-33",
    "/runs/wait is application/json",
    async (ctx) => {
      const res = await waitSuccess();
      requireExchange(ctx, res, "POST /runs/wait");
      if (!res.contentType.toLowerCase().startsWith("application/json")) {
        return ctx.fail(exchangeEvidence(res, { expected: "Content-Type: application/json", seen: `Content-Type: ${res.contentType || "(none)"}` }));
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-34",
    "__error__.message is the plain message",
    async (ctx) => {
      const res = await waitFailing();
      requireExchange(ctx, res, "POST /runs/wait (failing)");
      const v = waitBody(res).value;
      const message = isObject(v) && isObject(v.__error__) ? v.__error__.message : undefined;
      if (typeof message !== "string") return ctx.skip("no __error__.message to judge (SR-32 reports the body)");
      let inner: unknown;
      try {
        inner = JSON.parse(message);
      } catch {
        inner = undefined;
      }
      if (isObject(inner) && ("message" in inner || "error" in inner)) {
        return ctx.fail(
          exchangeEvidence(res, {
            expected: "__error__.message to be the exception message itself",
            seen: `a JSON-encoded error object: ${show(message)}`,
          }),
        );
      }
      ctx.note(`message: ${show(message, 80)}`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-35",
    "POST /runs returns a Run object",
    async (ctx) => {
      const caps = await capabilities();
      const res = await post("/runs", runBody(caps, "default", { metadata: { lgc_probe: "run-object" } }));
      requireExchange(ctx, res, "POST /runs");
      if (res.status < 200 || res.status >= 300 || !isObject(res.json)) {
        return ctx.fail(exchangeEvidence(res, { expected: "2xx with a Run object", seen: `HTTP ${res.status}` }));
      }
      const run = res.json as Record<string, unknown>;
      const problems: string[] = [];
      for (const key of ["run_id", "thread_id", "assistant_id", "created_at", "updated_at", "metadata", "kwargs", "multitask_strategy", "status"]) {
        if (!(key in run)) problems.push(`missing ${key}`);
      }
      if (typeof run.run_id !== "string" || !UUID_RE.test(run.run_id)) problems.push(`run_id ${show(run.run_id)} is not a UUID`);
      if (!(RUN_STATUSES as readonly string[]).includes(String(run.status))) problems.push(`status ${show(run.status)} not in ${RUN_STATUSES.join("|")}`);
      const issues = validateValue("Run", run);
      problems.push(...issues.slice(0, 3).map(formatIssue));
      if (problems.length > 0) {
        return ctx.fail(exchangeEvidence(res, { expected: "a Run object (run_id, thread_id, assistant_id, status, created_at, updated_at, metadata, kwargs, multitask_strategy)", seen: problems.join("; ") }));
      }
      ctx.note(`status ${String(run.status)}`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-36",
    "POST /runs/batch returns Runs in request order; [] is rejected",
    async (ctx) => {
      const caps = await capabilities();
      const items = [0, 1, 2].map((i) => runBody(caps, "default", { metadata: { lgc_batch_index: i } }));
      const res = await post("/runs/batch", items);
      requireExchange(ctx, res, "POST /runs/batch");
      if (res.status < 200 || res.status >= 300 || !Array.isArray(res.json) || res.json.length !== items.length) {
        return ctx.fail(
          exchangeEvidence(res, {
            expected: `2xx with an array of ${items.length} Run objects`,
            seen: `HTTP ${res.status}, ${Array.isArray(res.json) ? `${res.json.length} items` : "not an array"}`,
          }),
        );
      }
      const order = (res.json as unknown[]).map((r) => (isObject(r) && isObject(r.metadata) ? r.metadata.lgc_batch_index : undefined));
      if (order.some((x, i) => x !== i)) {
        return ctx.fail(
          exchangeEvidence(res, {
            expected: "Run i to carry the metadata of request item i (lgc_batch_index 0, 1, 2)",
            seen: `lgc_batch_index in response order: ${show(order)}`,
          }),
        );
      }
      for (const [i, r] of (res.json as unknown[]).entries()) {
        const issues = validateValue("Run", r);
        if (issues.length > 0) {
          return ctx.fail(exchangeEvidence(res, { expected: "each item a Run object", seen: `item ${i}: ${formatIssue(issues[0]!)}` }));
        }
      }
      const empty = await post("/runs/batch", []);
      if (empty.status < 400 || empty.status >= 500) {
        return ctx.fail(exchangeEvidence(empty, { expected: "4xx for an empty batch", seen: `HTTP ${empty.status}` }));
      }
      ctx.note(`empty batch → ${empty.status}`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-37",
    "a graph id is accepted and equivalent to its uuid5 assistant id",
    async (ctx) => {
      const caps = await capabilities();
      const assistant = caps.assistants.default!;
      let graphId: string | undefined = UUID_RE.test(assistant) ? undefined : assistant;
      if (graphId === undefined) {
        const a = await get(`/assistants/${assistant}`);
        graphId = isObject(a.json) && typeof a.json.graph_id === "string" ? a.json.graph_id : undefined;
      }
      if (graphId === undefined) return ctx.skip(`cannot tell the graph id of assistant ${assistant}`);
      const uuid = assistantIdForGraph(graphId);
      const body = (id: string) => ({ ...runBody(caps, "default", { streamMode: "updates" }), assistant_id: id });
      const [byGraph, byUuid] = await Promise.all([
        openStream({ method: "POST", path: "/runs/stream", body: body(graphId) }),
        openStream({ method: "POST", path: "/runs/stream", body: body(uuid) }),
      ]);
      for (const [what, s] of [
        [`graph id "${graphId}"`, byGraph],
        [`uuid5 assistant id ${uuid}`, byUuid],
      ] as const) {
        if (s.status !== 200 || s.events[0]?.event !== "metadata") {
          return ctx.fail(streamEvidence(s, { expected: `assistant_id = ${what} accepted (200, metadata first)`, seen: `HTTP ${s.status}; events: ${eventNames(s)}` }));
        }
      }
      const names = (s: StreamExchange) => s.events.map((e) => e.event).join(",");
      if (names(byGraph) !== names(byUuid)) {
        return ctx.fail(
          streamEvidence(byUuid, {
            expected: `the same events for "${graphId}" and ${uuid}`,
            seen: `by graph id: ${eventNames(byGraph)} | by uuid: ${eventNames(byUuid)}`,
          }),
        );
      }
      const a = await get(`/assistants/${uuid}`);
      if (a.status === 200 && isObject(a.json) && a.json.graph_id !== graphId) {
        return ctx.fail(exchangeEvidence(a, { expected: `GET /assistants/${uuid} to be the system assistant of graph "${graphId}"`, seen: `graph_id ${show(a.json.graph_id)}` }));
      }
      ctx.note(`${graphId} ≡ ${uuid}`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-38",
    "unknown stream_mode and missing assistant_id → 4xx; unknown assistant UUID → 404",
    async (ctx) => {
      const caps = await capabilities();
      const unknown = "00000000-0000-0000-0000-000000000000";
      const cases: Array<{ what: string; path: string; body: unknown; expect: "4xx" | "404" }> = [];
      for (const path of ["/runs/stream", "/runs/wait", "/runs"]) {
        cases.push({ what: `unknown stream_mode on ${path}`, path, body: { ...runBody(caps, "default"), stream_mode: "bogus" }, expect: "4xx" });
        cases.push({ what: `stream_mode ["updates","bogus"] on ${path}`, path, body: { ...runBody(caps, "default"), stream_mode: ["updates", "bogus"] }, expect: "4xx" });
        cases.push({ what: `missing assistant_id on ${path}`, path, body: { input: STANDARD_INPUT }, expect: "4xx" });
        cases.push({ what: `unregistered assistant UUID on ${path}`, path, body: { assistant_id: unknown, input: STANDARD_INPUT }, expect: "404" });
      }
      const results = await Promise.all(cases.map(async (c) => ({ c, res: await post(c.path, c.body, { timeoutMs: 15_000 }) })));
      for (const { c, res } of results) {
        const ok = c.expect === "404" ? res.status === 404 : res.status >= 400 && res.status < 500;
        if (!ok) {
          return ctx.fail(exchangeEvidence(res, { expected: `${c.expect === "404" ? "404" : "a 4xx"} for ${c.what}`, seen: `HTTP ${res.status}` }));
        }
      }
      ctx.note(`${results.length} invalid requests rejected`);
    },
    { concurrent: true },
  );

  requirement(
    "SR-39",
    "unknown top-level fields are ignored",
    async (ctx) => {
      const caps = await capabilities();
      const body = { ...runBody(caps, "default", { streamMode: "updates" }), lgc_unknown_field: 1, lgc_unknown_object: { nested: true } };
      const s = await openStream({ method: "POST", path: "/runs/stream", body });
      if (s.status !== 200 || s.events[0]?.event !== "metadata") {
        return ctx.fail(streamEvidence(s, { expected: "200 and a normal stream despite unknown fields", seen: `HTTP ${s.status}; events: ${eventNames(s)}` }));
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-40",
    "every joiner of a run receives every event",
    async (ctx) => {
      const caps = await capabilities();
      const created = await post("/runs", runBody(caps, "slow", { streamMode: "updates", sleepMs: SLOW_SLEEP_MS }));
      const runId = isObject(created.json) ? created.json.run_id : undefined;
      if (typeof runId !== "string") return ctx.skip(`POST /runs answered ${created.status}; judged by SR-35`);
      const join = () => openStream({ method: "GET", path: `/runs/${runId}/stream` });
      const [a, b] = await Promise.all([join(), join()]);
      const payload = (s: StreamExchange) => s.events.filter((e) => e.event !== "metadata").map((e) => `${e.event} ${e.dataText}`);
      const pa = payload(a);
      const pb = payload(b);
      if (pa.length === 0 && pb.length === 0) return ctx.skip("neither joiner received events (the run ended before the joins)");
      if (pa.join("\n") !== pb.join("\n")) {
        return ctx.fail(
          streamEvidence(b, {
            expected: "both joiners of one run to receive the same, complete event sequence",
            seen: `joiner A got ${pa.length} event(s) (${eventNames(a)}), joiner B got ${pb.length} (${eventNames(b)})`,
          }),
        );
      }
    },
    { concurrent: true },
  );

  requirement(
    "SR-41",
    "Location header is optional",
    async (ctx) => {
      const caps = await capabilities();
      const s = await openStream({ method: "POST", path: "/runs/stream", body: runBody(caps, "default", { streamMode: "updates" }) });
      const location = s.headers.location;
      if (location === undefined) {
        ctx.note("no Location header (valid)");
        return;
      }
      const resumed = await openStream({ method: "GET", path: location.replace(/^[a-z]+:\/\/[^/]+/i, ""), headers: { "last-event-id": "-1" } });
      ctx.note(`Location: ${location}; GET <Location> → ${resumed.status}, ${resumed.events.length} event(s)`);
    },
    { concurrent: true },
  );
});
