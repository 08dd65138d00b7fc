import { beforeAll, describe, expect, test } from "vitest";
import type { Fixture } from "../fixtures/format.js";
import { loadFixtureDir } from "../fixtures/io.js";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "./deployment.js";
import { readReplyBody, type MockReply } from "./reply.js";
import type { MockRequest } from "./request.js";

let fixtures: Fixture[];
beforeAll(async () => {
  fixtures = await loadFixtureDir(new URL("../../test/mock/data", import.meta.url).pathname);
});
const HELLO = { messages: [{ role: "user", content: "Hello! My name is Bagatur and I am 26 years old." }] };

function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, base = "http://localhost:2024"): MockRequest {
  const h = new Headers(body === undefined ? headers : { "content-type": "application/json", ...headers });
  return { method, url: `${base}${path}`, headers: h, text: async () => (body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body)) };
}

async function call(d: MockDeployment, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ reply: MockReply; text: string }> {
  const reply = await d.dispatch(req(method, path, body, headers));
  if (!reply) throw new Error("not handled");
  return { reply, text: await readReplyBody(reply) };
}

const make = async (opts: MockDeploymentOptions = {}) => {
  const d = createMockDeployment({ fixtures, ...opts });
  await d.ready;
  return d;
};

const frames = (text: string) =>
  text
    .split("\n\n")
    .filter(Boolean)
    .map((f) => Object.fromEntries(f.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)])));

describe("python profile error bodies", () => {
  test("422/404 {detail} forms", async () => {
    const d = await make({ profile: "python" });
    expect(JSON.parse((await call(d, "POST", "/runs/stream", "{oops")).text)).toEqual({ detail: "Invalid JSON in request body" });
    const missing = await call(d, "POST", "/runs/stream", { input: {} });
    expect(missing.reply.status).toBe(422);
    expect(JSON.parse(missing.text)).toEqual({ detail: "Invalid request body: assistant_id: Required" });
    const bogus = await call(d, "POST", "/runs/stream", { assistant_id: "agent", stream_mode: "bogus" });
    expect(JSON.parse(bogus.text).detail).toContain("stream_mode: Invalid enum value");
    const uuid = await call(d, "POST", "/runs/wait", { assistant_id: "00000000-0000-0000-0000-000000000000" });
    expect([uuid.reply.status, JSON.parse(uuid.text)]).toEqual([404, { detail: "Thread or assistant not found." }]);
    const graph = await call(d, "POST", "/runs/wait", { assistant_id: "nope" });
    expect(graph.reply.status).toBe(422);
    expect(JSON.parse(graph.text).detail).toMatch(/^Invalid assistant: 'nope'.*agent, counter, echo/s);
    expect(JSON.parse((await call(d, "GET", "/nowhere")).text)).toEqual({ detail: "Not Found" });
    const wait = await call(d, "POST", "/runs/wait", { assistant_id: "agent", input: HELLO });
    expect(wait.reply.headers["content-type"]).toBe("application/json");
    d.close();
  });
});

describe("routing", () => {
  test("baseUrl: other origins are not handled; a path prefix is stripped", async () => {
    const d = await make({ baseUrl: "http://api.test/lg" });
    expect(await d.dispatch(req("GET", "/ok"))).toBeUndefined();
    expect(await d.dispatch(req("GET", "/ok", undefined, {}, "http://api.test"))).toBeUndefined(); // outside the /lg prefix
    const ok = await d.dispatch(req("GET", "/lg/ok", undefined, {}, "http://api.test"));
    expect(ok && (await readReplyBody(ok))).toBe('{"ok":true}');
    d.close();
  });

  test("HEAD is served by GET routes without a body; unknown methods 404", async () => {
    const d = await make();
    const head = await call(d, "HEAD", "/ok");
    expect([head.reply.status, head.text]).toEqual([200, ""]);
    expect((await call(d, "PUT", "/runs/wait", {})).text).toBe("404 Not Found");
    d.close();
  });

  test("fixture loading failure is reported on every request", async () => {
    const d = createMockDeployment({ fixtures: Promise.reject(new Error("disk on fire")) });
    await expect(d.ready).rejects.toThrow("disk on fire");
    const r = await call(d, "GET", "/ok");
    expect(r.reply.status).toBe(500);
    expect(r.text).toContain("fixtures failed to load: disk on fire");
    expect(r.reply.headers["x-mock-error"]).toBe("fixtures");
  });
});

describe("runs", () => {
  test("x-* headers and user-agent are copied into configurable, except secrets and x-mock-*", async () => {
    const d = await make();
    const { text } = await call(d, "POST", "/runs", { assistant_id: "agent", input: HELLO }, { "x-foo": "bar", "x-api-key": "secret", "user-agent": "ua", "x-mock-fault": "slow=0", authorization: "Bearer x" });
    const run = JSON.parse(text) as { kwargs: { config: { configurable: Record<string, unknown> } }; thread_id: string };
    expect(run.kwargs.config.configurable).toMatchObject({ "x-foo": "bar", "user-agent": "ua" });
    expect(run.kwargs.config.configurable).not.toHaveProperty("x-api-key");
    expect(run.kwargs.config.configurable).not.toHaveProperty("x-mock-fault");
    expect(run.kwargs.config.configurable).not.toHaveProperty("authorization");
    expect(d.store.getThread(run.thread_id)?.config).toEqual({ configurable: { "x-foo": "bar", "user-agent": "ua" } });
    await d.idle();
    d.close();
  });

  test("two joiners split one run's events (JS queue semantics), with ids", async () => {
    const d = await make({ timing: { scale: 0.05 } });
    const run = JSON.parse((await call(d, "POST", "/runs", { assistant_id: "agent", input: HELLO, stream_mode: ["values", "updates", "messages-tuple", "custom"] })).text) as { run_id: string };
    const [a, b] = await Promise.all([call(d, "GET", `/runs/${run.run_id}/stream`), call(d, "GET", `/runs/${run.run_id}/stream`)]);
    const ids = [...frames(a.text), ...frames(b.text)].map((f) => Number(f["id"]));
    expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: 19 }, (_, i) => i));
    d.close();
  });

  test("resumable runs replay from Last-Event-ID; a finished run joined without it yields nothing", async () => {
    const d = await make();
    const run = JSON.parse((await call(d, "POST", "/runs", { assistant_id: "agent", input: HELLO, stream_mode: "updates", stream_resumable: true })).text) as { run_id: string };
    await d.idle();
    expect((await call(d, "GET", `/runs/${run.run_id}/stream`)).text).toBe("");
    const from1 = frames((await call(d, "GET", `/runs/${run.run_id}/stream`, undefined, { "last-event-id": "0" })).text);
    expect(from1.map((f) => f["id"])).toEqual(["1", "2"]);
    const all = frames((await call(d, "GET", `/runs/${run.run_id}/stream`, undefined, { "last-event-id": "-1" })).text);
    expect(all.map((f) => f["event"])).toEqual(["metadata", "updates", "updates"]);
    d.close();
  });

  test("joining an unknown run: 200 empty stream; a non-uuid: 400", async () => {
    const d = await make();
    const r = await call(d, "GET", "/runs/00000000-0000-0000-0000-000000000000/stream");
    expect([r.reply.status, r.reply.headers["content-type"], r.text]).toEqual([200, "text/event-stream", ""]);
    expect((await call(d, "GET", "/runs/nope/stream")).reply.status).toBe(400);
    d.close();
  });

  test("batch with an unknown assistant: rejected whole by default and on python, JS quirk on request", async () => {
    const body = [{ assistant_id: "agent", input: HELLO }, { assistant_id: "nope", input: {} }];
    const conforming = await make({ timing: { scale: 0.05 } });
    expect((await call(conforming, "POST", "/runs/batch", body)).reply.status).toBe(404);
    expect(conforming.store.threadCount).toBe(0);
    conforming.close();
    const js = await make({ timing: { scale: 0.05 }, quirks: { batchPartialCreate: true } });
    expect((await call(js, "POST", "/runs/batch", body)).reply.status).toBe(404);
    expect(js.store.threadCount).toBe(1);
    await js.idle();
    expect(js.store.threadCount).toBe(0);
    js.close();
    const py = await make({ profile: "python" });
    expect((await call(py, "POST", "/runs/batch", body)).reply.status).toBe(422);
    expect(py.store.threadCount).toBe(0);
    py.close();
  });

  test("thread run join waits for the result", async () => {
    const d = await make({ timing: { scale: 0.02 }, match: "assistant" });
    const t = JSON.parse((await call(d, "POST", "/threads", {})).text) as { thread_id: string };
    const run = JSON.parse((await call(d, "POST", `/threads/${t.thread_id}/runs`, { assistant_id: "agent", input: HELLO })).text) as { run_id: string; status: string };
    expect(run.status).toBe("pending");
    const joined = JSON.parse((await call(d, "GET", `/threads/${t.thread_id}/runs/${run.run_id}/join`)).text) as { messages: unknown[] };
    expect(joined.messages).toHaveLength(2);
    expect(JSON.parse((await call(d, "GET", `/threads/${t.thread_id}/runs/${run.run_id}`)).text).status).toBe("success");
    d.close();
  });

  test("POST /threads/{id}/state merges values and adds a checkpoint", async () => {
    const d = await make();
    const t = JSON.parse((await call(d, "POST", "/threads", { metadata: { graph_id: "agent" } })).text) as { thread_id: string };
    const up = await call(d, "POST", `/threads/${t.thread_id}/state`, { values: { messages: [{ id: "m1", type: "human", content: "hi" }] }, as_node: "agent" });
    expect(JSON.parse(up.text)).toMatchObject({ checkpoint: { thread_id: t.thread_id, checkpoint_ns: "" } });
    await call(d, "POST", `/threads/${t.thread_id}/state`, { values: { messages: [{ id: "m2", type: "ai", content: "yo" }] } });
    const state = JSON.parse((await call(d, "GET", `/threads/${t.thread_id}/state`)).text) as { values: { messages: unknown[] }; parent_checkpoint: unknown };
    expect(state.values.messages).toHaveLength(2);
    expect(state.parent_checkpoint).not.toBeNull();
    expect(JSON.parse((await call(d, "POST", `/threads/${t.thread_id}/history`, { limit: 5 })).text)).toHaveLength(2);
    const noGraph = JSON.parse((await call(d, "POST", "/threads", {})).text) as { thread_id: string };
    expect((await call(d, "POST", `/threads/${noGraph.thread_id}/state`, { values: {} })).text).toBe(`Thread ${noGraph.thread_id} has no graph ID`);
    d.close();
  });

  test("/internal/truncate empties threads and runs", async () => {
    const d = await make();
    await call(d, "POST", "/threads", {});
    expect(JSON.parse((await call(d, "POST", "/internal/truncate", { threads: true, runs: true })).text)).toEqual({ ok: true });
    expect(d.store.threadCount).toBe(0);
    d.close();
  });
});

describe("synthetic streams", () => {
  test("any graph id gets a seeded stream; same seed → same shapes, fresh ids", async () => {
    const d = await make({ synthetic: { seed: 7 } });
    const body = { assistant_id: "my-graph", input: { messages: [] }, stream_mode: "updates" };
    const a = frames((await call(d, "POST", "/runs/stream", body)).text);
    const b = frames((await call(d, "POST", "/runs/stream", body)).text);
    expect(a[0]?.["event"]).toBe("metadata");
    expect(a.length).toBeGreaterThan(1);
    expect(a.map((f) => f["event"]?.split("|")[0])).toEqual(b.map((f) => f["event"]?.split("|")[0]));
    expect(a[0]?.["data"]).not.toBe(b[0]?.["data"]);
    const asst = JSON.parse((await call(d, "GET", "/assistants/my-graph")).text) as { graph_id: string };
    expect(asst.graph_id).toBe("my-graph");
    // Modes no scenario has still answer (metadata at least).
    const dbg = frames((await call(d, "POST", "/runs/stream", { ...body, stream_mode: "debug" })).text);
    expect(dbg[0]?.["event"]).toBe("metadata");
    expect((await call(d, "POST", "/runs/wait", { assistant_id: "my-graph", input: {} })).reply.status).toBe(200);
    // Recorded fixtures still win for their graphs.
    const agent = frames((await call(d, "POST", "/runs/stream", { assistant_id: "agent", input: HELLO, stream_mode: "updates" })).text);
    expect(agent.map((f) => f["event"])).toEqual(["metadata", "updates", "updates"]);
    await d.idle();
    d.close();
  });
});

describe("a deployment with nothing to replay", () => {
  test("run requests get a 404 that names the set-up mistake and the fix; other routes still answer", async () => {
    const d = createMockDeployment({});
    await d.ready;
    for (const path of ["/runs/stream", "/runs/wait", "/runs"]) {
      const { reply, text } = await call(d, "POST", path, { assistant_id: "agent", input: HELLO });
      expect(reply.status).toBe(404);
      expect(reply.headers["x-mock-error"]).toBe("no-fixtures");
      expect(text).toContain("no fixtures loaded");
      expect(text).toContain("fixturesDir");
    }
    expect((await call(d, "POST", "/threads/search", {})).text).toBe("[]");
    expect((await call(d, "GET", "/ok")).reply.status).toBe(200);
    d.close();
  });

  test("with fixtures loaded, an unknown assistant keeps the real server's answer", async () => {
    const d = await make();
    const { reply, text } = await call(d, "POST", "/runs/stream", { assistant_id: "nope", input: HELLO });
    expect([reply.status, reply.headers["x-mock-error"]]).toEqual([404, undefined]);
    expect(text).toMatch(/^No assistant found for "nope"/);
    d.close();
  });
});
