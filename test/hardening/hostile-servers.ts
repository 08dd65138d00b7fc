/**
 * Hostile servers for the check runner: plain node:http on 127.0.0.1 port 0 (deliberately not the
 * mock core — the point is bytes and sockets no well-behaved framework would produce).
 *
 * Each server is a minimal, benign Agent Server for what probing and the thread oracles need
 * (`GET /ok`, `GET /info`, the eight reference assistants, a tiny in-memory thread store so that
 * `POST /threads`, `/threads/count`, `/threads/search`, `GET /threads/{id}`, `/state`, `/history`,
 * `/runs`, `DELETE` answer sensibly) and hostile on the run endpoints — or, with `scope:
 * "everything"`, hostile on every route, probing included.
 *
 * Run endpoints: `POST /runs/stream|wait|batch`, `POST /runs`, the same under `/threads/{id}/`, and
 * the join route `GET /runs/{id}/stream`. Streaming routes (…`/stream`) get the SSE form of a
 * behaviour, the others its JSON form.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const HOSTILE_BEHAVIOURS = [
  /** Accept the request, never send a byte. */
  "hang",
  /** Send 200 and the headers, then nothing, never end. */
  "headers-then-silence",
  /** A valid-looking event every 100 ms (JSON routes: a body that trickles forever). */
  "stream-forever",
  /** One 50 MB event (JSON routes: a 50 MB body). */
  "huge-event",
  /** Events whose data holds bytes that are not UTF-8 (JSON routes: such a body). */
  "invalid-utf8",
  /** Headers and a first event, then a TCP reset (JSON routes: half a body, then a reset). */
  "reset-mid-stream",
  /** `Content-Type: text/event-stream` over an HTML error page. */
  "non-sse-body",
  /** ~100 KB of response headers (Node's client limit is 16 KiB). */
  "huge-headers",
] as const;
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

export interface HostileServerOptions {
  /** `runs` (default): hostile on run endpoints only; `everything`: on every route, probes included. */
  scope?: "runs" | "everything";
  /** Size of the huge event / body (default 50 MB). */
  hugeBytes?: number;
  /** Bytes of extra response headers for `huge-headers` (default 100 KB). */
  hugeHeaderBytes?: number;
}

export interface HostileServer {
  url: string;
  behaviour: HostileBehaviour;
  /** Hostile responses started, per route (e.g. `POST /runs/stream`), so a test can show they were hit. */
  hostileHits: Map<string, number>;
  /** Total bytes the hostile responses managed to write (huge-event: proves the client stopped reading). */
  hostileBytesWritten(): number;
  close(): Promise<void>;
}

const REFERENCE_GRAPH_IDS = ["agent", "echo", "slow", "failing", "interrupting", "nested", "counter", "parallel"];
const NOW = "2025-01-01T00:00:00.000Z";

const RUN_ROUTE = /^\/(?:threads\/[^/]+\/)?runs(?:\/(?:stream|wait|batch))?$/;
const JOIN_ROUTE = /^\/(?:threads\/[^/]+\/)?runs\/[^/]+\/stream$/;

function isRunEndpoint(method: string, path: string): boolean {
  return (method === "POST" && RUN_ROUTE.test(path)) || (method === "GET" && JOIN_ROUTE.test(path));
}

interface Thread {
  thread_id: string;
  created_at: string;
  updated_at: string;
  metadata: Record<string, unknown>;
  status: "idle";
  config: Record<string, unknown>;
  values: Record<string, unknown>;
  interrupts: Record<string, unknown>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
  } catch {
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The benign part: just enough of an Agent Server for probing and the thread oracles. */
async function benign(req: IncomingMessage, res: ServerResponse, path: string, threads: Map<string, Thread>): Promise<void> {
  const method = req.method ?? "GET";
  const body = method === "POST" ? await readJson(req) : undefined;
  const assistants = REFERENCE_GRAPH_IDS.map((g) => ({
    assistant_id: g,
    graph_id: g,
    name: g,
    config: {},
    context: {},
    metadata: { created_by: "system" },
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    description: null,
  }));
  if (method === "GET" && path === "/ok") return sendJson(res, 200, { ok: true });
  if (method === "GET" && path === "/info") return sendJson(res, 200, { version: "hostile-test-server", flags: {} });
  if (method === "POST" && path === "/assistants/search") return sendJson(res, 200, assistants);
  const assistant = /^\/assistants\/([^/]+)$/.exec(path);
  if (method === "GET" && assistant) {
    const found = assistants.find((a) => a.assistant_id === assistant[1]);
    return found ? sendJson(res, 200, found) : sendJson(res, 404, { detail: "Assistant not found" });
  }
  if (method === "POST" && path === "/threads") {
    const id = randomUUID();
    const metadata = isRecord(body) && isRecord(body.metadata) ? body.metadata : {};
    const t: Thread = { thread_id: id, created_at: NOW, updated_at: NOW, metadata, status: "idle", config: {}, values: {}, interrupts: {} };
    threads.set(id, t);
    return sendJson(res, 200, t);
  }
  if (method === "POST" && (path === "/threads/search" || path === "/threads/count")) {
    const filter = isRecord(body) && isRecord(body.metadata) ? body.metadata : {};
    const hits = [...threads.values()].filter((t) => Object.entries(filter).every(([k, v]) => JSON.stringify(t.metadata[k]) === JSON.stringify(v)));
    if (path === "/threads/count") return sendJson(res, 200, hits.length);
    const offset = isRecord(body) && typeof body.offset === "number" ? body.offset : 0;
    const limit = isRecord(body) && typeof body.limit === "number" ? body.limit : 10;
    return sendJson(res, 200, hits.slice(offset, offset + limit));
  }
  const thread = /^\/threads\/([^/]+)(\/state|\/history|\/runs)?$/.exec(path);
  if (thread) {
    const t = threads.get(thread[1]!);
    if (t === undefined) return sendJson(res, 404, { detail: `Thread ${thread[1]} not found` });
    const sub = thread[2];
    if (method === "DELETE" && sub === undefined) {
      threads.delete(t.thread_id);
      res.writeHead(204).end();
      return;
    }
    if (method === "GET" && sub === undefined) return sendJson(res, 200, t);
    if (method === "GET" && sub === "/state") return sendJson(res, 200, { values: {}, next: [], tasks: [], metadata: {}, created_at: null, checkpoint: null, parent_checkpoint: null, interrupts: [] });
    if (method === "POST" && sub === "/history") return sendJson(res, 200, []);
    if (method === "GET" && sub === "/runs") return sendJson(res, 200, []);
  }
  return sendJson(res, 404, { detail: `Not Found: ${method} ${path}` });
}

const sse = (event: string, data: string) => `event: ${event}\ndata: ${data}\n\n`;
const metadataEvent = () => sse("metadata", JSON.stringify({ run_id: randomUUID(), attempt: 1 }));

export async function startHostileServer(behaviour: HostileBehaviour, opts: HostileServerOptions = {}): Promise<HostileServer> {
  const scope = opts.scope ?? "runs";
  const hugeBytes = opts.hugeBytes ?? 50 * 1024 * 1024;
  const hugeHeaderBytes = opts.hugeHeaderBytes ?? 100 * 1024;
  const threads = new Map<string, Thread>();
  const hostileHits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  let written = 0;
  const chunk64k = Buffer.alloc(64 * 1024, "x");

  /** Writes with backpressure; false once the client is gone (the write loops stop then). */
  const write = async (res: ServerResponse, data: string | Buffer): Promise<boolean> => {
    if (res.destroyed || res.writableEnded) return false;
    written += typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
    if (res.write(data)) return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        res.off("drain", onDrain);
        res.off("close", onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      res.on("drain", onDrain);
      res.on("close", onClose);
    });
  };

  const hostile = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const key = `${req.method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, "{id}")}`;
    hostileHits.set(key, (hostileHits.get(key) ?? 0) + 1);
    const streaming = path.endsWith("/stream");
    const contentType = streaming ? "text/event-stream" : "application/json";
    // Never read: hostile handlers answer (or not) regardless of the request body.
    req.resume();
    switch (behaviour) {
      case "hang":
        return; // the socket stays open until the client gives up or the server closes
      case "headers-then-silence":
        res.writeHead(200, { "content-type": contentType });
        res.flushHeaders();
        return;
      case "stream-forever": {
        res.writeHead(200, { "content-type": contentType, "content-location": `/runs/${randomUUID()}` });
        let n = 0;
        await write(res, streaming ? metadataEvent() : "[");
        const timer = setInterval(() => {
          n++;
          void write(res, streaming ? sse("values", JSON.stringify({ messages: [], tick: n })) : `{"tick":${n}},`);
        }, 100);
        timers.add(timer);
        res.on("close", () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case "huge-event": {
        res.writeHead(200, { "content-type": contentType });
        if (streaming && !(await write(res, `${metadataEvent()}event: values\ndata: {"messages":"`))) return;
        if (!streaming && !(await write(res, `{"messages":"`))) return;
        for (let sent = 0; sent < hugeBytes; sent += chunk64k.byteLength) {
          if (!(await write(res, chunk64k))) return;
        }
        await write(res, streaming ? `"}\n\n` : `"}`);
        res.end();
        return;
      }
      case "invalid-utf8": {
        // FF and FE never occur in UTF-8; C3 28 is a lead byte followed by a non-continuation byte.
        const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
        res.writeHead(200, { "content-type": contentType });
        if (streaming) {
          await write(res, metadataEvent());
          await write(res, Buffer.concat([Buffer.from('event: values\ndata: {"messages":"'), bad, Buffer.from('"}\n\n')]));
        } else {
          await write(res, Buffer.concat([Buffer.from('{"messages":"'), bad, Buffer.from('"}')]));
        }
        res.end();
        return;
      }
      case "reset-mid-stream": {
        if (streaming) {
          res.writeHead(200, { "content-type": contentType });
          await write(res, metadataEvent());
        } else {
          // Announce a length, send half of it: the reset cannot pass for a complete body.
          res.writeHead(200, { "content-type": contentType, "content-length": 200 });
          await write(res, `{"messages":[{"type":"ai","content":"${"x".repeat(60)}`);
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          res.socket?.resetAndDestroy();
        }, 50);
        timers.add(timer);
        return;
      }
      case "non-sse-body": {
        const page = "<!doctype html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><p>upstream went away</p></body></html>\n";
        res.writeHead(200, { "content-type": "text/event-stream", "content-length": Buffer.byteLength(page) });
        res.end(page);
        return;
      }
      case "huge-headers": {
        const headers: Record<string, string> = { "content-type": contentType };
        const value = "h".repeat(1000);
        for (let i = 0; i * 1000 < hugeHeaderBytes; i++) headers[`x-padding-${i}`] = value;
        res.writeHead(200, headers);
        res.end(streaming ? metadataEvent() : "{}");
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    // A client that hangs up mid-write must never crash the server.
    res.on("error", () => undefined);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const handler = scope === "everything" || isRunEndpoint(method, path) ? hostile(req, res, path) : benign(req, res, path, threads);
    handler.catch(() => res.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_err, socket) => socket.destroy());
  // The client's own bounds are under test: the server must not time out on its behalf.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    behaviour,
    hostileHits,
    hostileBytesWritten: () => written,
    close: async () => {
      for (const t of timers) clearInterval(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
