// Standalone mock server on node:http. It calls the core's transport-neutral `dispatch()` directly
// instead of going through msw's getResponse() or @mswjs/http-middleware: no web Request/Response
// objects and no ReadableStream per response, frames go straight from the run queue to
// `res.write()` (ready frames batched into one write), with backpressure via 'drain'. That keeps it
// within reach of a bare node:http server writing the same bytes, and gives exact control over
// disconnects: a closed socket cancels the body source, which releases the run's reader.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MockDeployment, MockLogEntry } from "./deployment.js";
import { createNodeDeployment, type NodeMockOptions } from "./node-deployment.js";
import type { FrameSource, MockReply } from "./reply.js";
import type { MockRequest } from "./request.js";

export interface ServeOptions extends NodeMockOptions {
  /** Default 2024 (the LangGraph dev port); use 0 for an ephemeral port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** One line per request; default console.log. Pass `false` to disable. */
  logger?: ((line: string) => void) | false;
}

export interface MockHttpServer {
  /** e.g. "http://127.0.0.1:54321" */
  readonly url: string;
  readonly port: number;
  readonly deployment: MockDeployment;
  readonly server: Server;
  /** Stop runs and timers, end open streams, close every connection. */
  close(): Promise<void>;
}

const NOT_FOUND_HEADERS = { "content-type": "text/plain; charset=UTF-8" };

export function formatLogLine(e: MockLogEntry): string {
  const extra = [e.fixture ? `fixture=${e.fixture}` : "", e.runId ? `run=${e.runId}` : "", e.note ?? ""].filter(Boolean).join(" ");
  return `${e.method} ${e.path} ${e.status} ${e.ms}ms${extra ? ` ${extra}` : ""}`;
}

class NodeHeaders {
  readonly #h: IncomingHttpHeaders;
  constructor(h: IncomingHttpHeaders) {
    this.#h = h;
  }
  get(name: string): string | null {
    const v = this.#h[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(", ") : v;
  }
  forEach(cb: (value: string, key: string) => void): void {
    const h = this.#h;
    for (const k in h) {
      const v = h[k];
      if (v !== undefined) cb(Array.isArray(v) ? v.join(", ") : v, k);
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    req.on("data", (c: Buffer) => {
      if (!first) first = c;
      else (rest ??= [first]).push(c);
    });
    req.on("end", () => resolve(rest ? Buffer.concat(rest).toString("utf8") : first ? first.toString("utf8") : ""));
    req.on("error", reject);
  });
}

/**
 * One request as the core sees it, and its connection state. No AbortController per request: the
 * signal is created only if the core asks for it (delays before a reply); a disconnect cancels the
 * reply body directly (`cancelsBody`).
 */
class NodeRequest implements MockRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: NodeHeaders;
  readonly #req: IncomingMessage;
  #abort: AbortController | undefined;
  /** The response closed before it finished: the client went away. */
  closed = false;
  /** The streaming body being written, cancelled on disconnect. */
  body: FrameSource | undefined;

  constructor(req: IncomingMessage, origin: string) {
    this.#req = req;
    this.method = req.method ?? "GET";
    this.url = `${origin}${req.url ?? "/"}`;
    this.headers = new NodeHeaders(req.headers);
  }

  readonly cancelsBody = true;

  get signal(): AbortSignal {
    if (!this.#abort) {
      this.#abort = new AbortController();
      if (this.closed) this.#abort.abort();
    }
    return this.#abort.signal;
  }

  text(): Promise<string> {
    return readBody(this.#req);
  }

  disconnected(): void {
    this.closed = true;
    this.#abort?.abort();
    this.body?.cancel("client disconnected");
  }
}

const REQ = Symbol("mockRequest");
/** One shared 'close' listener (no closure per request): the request travels on the response. */
function onResponseClose(this: ServerResponse & { [REQ]?: NodeRequest }): void {
  if (!this.writableFinished) this[REQ]?.disconnected();
}

/** Synchronous unless the body has to be waited for (a promise then). */
function writeReply(reply: MockReply, res: ServerResponse, mreq: NodeRequest): void | Promise<void> {
  res.writeHead(reply.status, reply.headers);
  const { body } = reply;
  if (body === null || reply.status === 204 || reply.status === 304) return void res.end();
  if (typeof body === "string") return void res.end(body);
  mreq.body = body;
  if (mreq.closed) body.cancel("client disconnected"); // gone while the reply was prepared
  return pump(body, res, mreq);
}

/** Everything the source has ready now (up to ~64 KiB), and whether that reached EOF. */
function batch(src: FrameSource, first: string): { chunk: string; ended: boolean } {
  let chunk = first;
  if (src.tryNext) {
    let extra: string | null | undefined;
    while (chunk.length < 65536 && (extra = src.tryNext()) !== undefined) {
      if (extra === null) return { chunk, ended: true };
      chunk += extra;
    }
  }
  return { chunk, ended: false };
}

/**
 * Write a streaming body. What is ready at once goes out synchronously (an instant replay: headers and
 * every frame in one write, and no promise at all); the rest is awaited in pumpLoop.
 */
function pump(src: FrameSource, res: ServerResponse, conn: { readonly closed: boolean }): void | Promise<void> {
  // Headers go out with the first frames when those are ready at once (one packet for an instant
  // replay); otherwise they are flushed right away, as the JS server sends them before the run starts.
  const ready = src.tryNext?.();
  if (ready === null) return void res.end();
  if (ready === undefined) {
    res.flushHeaders();
    return pumpLoop(src, res, conn, false);
  }
  if (conn.closed) return src.cancel("client disconnected");
  const b = batch(src, ready);
  if (b.ended) return void res.end(b.chunk);
  return pumpLoop(src, res, conn, !res.write(b.chunk));
}

async function pumpLoop(src: FrameSource, res: ServerResponse, conn: { readonly closed: boolean }, drain: boolean): Promise<void> {
  if (drain) await drained(res);
  for (;;) {
    if (conn.closed) return src.cancel("client disconnected");
    let chunk: string | null;
    try {
      chunk = await src.next();
    } catch {
      // A dropped connection (fault): kill the socket mid-body, as a crashed server would.
      res.destroy();
      return;
    }
    if (conn.closed) return src.cancel("client disconnected");
    if (chunk === null) return void res.end();
    const b = batch(src, chunk);
    if (b.ended) return void res.end(b.chunk);
    if (!res.write(b.chunk)) await drained(res);
  }
}

/** Backpressure: resolves on 'drain' (or 'close', so a gone client never leaves it hanging). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((r) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      r();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Start the mock on a real port. Resolves once listening and fixtures are loaded. */
export async function startMockServer(options: ServeOptions = {}): Promise<MockHttpServer> {
  const { port = 2024, host = "127.0.0.1", logger, log, ...rest } = options;
  const write = logger === false ? undefined : (logger ?? ((line: string) => console.log(line)));
  const deployment = createNodeDeployment({
    ...rest,
    log: (entry) => {
      write?.(formatLogLine(entry));
      log?.(entry);
    },
  });
  await deployment.ready;

  const fallbackHost = `${host}:${port}`;
  const handle = async (mreq: NodeRequest, res: ServerResponse): Promise<void> => {
    try {
      const reply = await deployment.dispatch(mreq);
      if (!reply) {
        res.writeHead(404, NOT_FOUND_HEADERS);
        return void res.end("404 Not Found");
      }
      const writing = writeReply(reply, res, mreq);
      if (writing) await writing;
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain;charset=UTF-8", "x-mock-error": "internal" });
        res.end(`[langgraph-conformance mock] internal error: ${error instanceof Error ? error.message : String(error)}`);
      } else res.destroy();
    }
  };
  const server = createServer((req, res) => {
    const mreq = new NodeRequest(req, `http://${req.headers.host ?? fallbackHost}`);
    (res as ServerResponse & { [REQ]?: NodeRequest })[REQ] = mreq;
    res.on("close", onResponseClose);
    void handle(mreq, res);
  });
  server.keepAliveTimeout = 5000; // as the JS server (Keep-Alive: timeout=5)

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    deployment,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        deployment.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
