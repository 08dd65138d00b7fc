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

export function formatLogLine(e: MockLogEntry): string {
  const extra = [e.fixture ? `fixture=${e.fixture}` : "", e.runId ? `run=${e.runId}` : "", e.note ?? ""].filter(Boolean).join(" ");
  return `${e.method} ${e.path} ${e.status} ${e.ms}ms${extra ? ` ${extra}` : ""}`;
}

function headerAccessor(h: IncomingHttpHeaders): MockRequest["headers"] {
  return {
    get(name) {
      const v = h[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(", ") : v;
    },
    forEach(cb) {
      for (const [k, v] of Object.entries(h)) if (v !== undefined) cb(Array.isArray(v) ? v.join(", ") : v, k);
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function writeReply(reply: MockReply, res: ServerResponse, closed: () => boolean): Promise<void> {
  res.writeHead(reply.status, reply.headers);
  const { body } = reply;
  if (body === null || reply.status === 204 || reply.status === 304) return void res.end();
  if (typeof body === "string") return void res.end(body);
  await pump(body, res, closed);
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

async function pump(src: FrameSource, res: ServerResponse, closed: () => boolean): Promise<void> {
  // Headers go out with the first frames when those are ready at once (one packet for an instant
  // replay); otherwise they are flushed right away, as the JS server sends them before the run starts.
  let ready = src.tryNext?.();
  if (ready === null) return void res.end();
  if (ready === undefined) res.flushHeaders();
  for (;;) {
    if (closed()) return src.cancel("client disconnected");
    let chunk: string | null;
    if (ready !== undefined && ready !== null) {
      chunk = ready;
      ready = undefined;
    } else {
      try {
        chunk = await src.next();
      } catch {
        // A dropped connection (fault): kill the socket mid-body, as a crashed server would.
        res.destroy();
        return;
      }
    }
    if (closed()) return src.cancel("client disconnected");
    if (chunk === null) return void res.end();
    const b = batch(src, chunk);
    if (b.ended) return void res.end(b.chunk);
    if (!res.write(b.chunk)) {
      await new Promise<void>((r) => {
        const done = (): void => {
          res.off("drain", done);
          res.off("close", done);
          r();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
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

  const server = createServer((req, res) => {
    const abort = new AbortController();
    let finished = false;
    res.on("finish", () => (finished = true));
    res.on("close", () => {
      if (!finished) abort.abort();
    });
    const origin = `http://${req.headers.host ?? `${host}:${port}`}`;
    const mreq: MockRequest = {
      method: req.method ?? "GET",
      url: `${origin}${req.url ?? "/"}`,
      headers: headerAccessor(req.headers),
      text: () => readBody(req),
      signal: abort.signal,
    };
    deployment
      .dispatch(mreq)
      .then((reply) => {
        if (!reply) {
          res.writeHead(404, { "content-type": "text/plain; charset=UTF-8" });
          return void res.end("404 Not Found");
        }
        return writeReply(reply, res, () => abort.signal.aborted);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "text/plain;charset=UTF-8", "x-mock-error": "internal" });
          res.end(`[langgraph-conformance mock] internal error: ${error instanceof Error ? error.message : String(error)}`);
        } else res.destroy();
      });
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
