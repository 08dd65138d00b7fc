// The suite's HTTP server: a real node:http server on an ephemeral loopback port in front of the mock
// core. A real socket rather than in-process MSW because the suite must drive ANY client — one built
// on the `undici` package (which MSW cannot intercept), a subprocess in another language, a browser —
// and because drops and aborts must behave as on a real connection (MSW's aborts do not).
//
// Each case has its own path prefix (`/<case slug>/runs/stream`), which selects the fixture, the fault
// and the framing; clients need no support for custom headers to be tested under faults. Each fixture
// is served by its own mock deployment holding only that fixture, so a case can never be answered
// by a neighbouring recording.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMockDeployment, FAULT_HEADER, toResponse, type MockDeployment } from "../mock/index.js";
import type { ClientCase } from "./cases.js";
import { isPaced, reframe } from "./framing.js";

/** One request the client made for a case (for failure messages). */
export interface RecordedRequest {
  method: string;
  /** Path after the case prefix, e.g. `/runs/stream`. */
  path: string;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  status: number;
  /** How the response body ended: complete, dropped (fault) or aborted by the client. */
  outcome: "pending" | "complete" | "dropped" | "aborted";
}

export interface SuiteServer {
  /** e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The base URL a case's client must use. */
  baseUrlFor(caseId: string): string;
  /** Requests received for a case so far. */
  requestsFor(caseId: string): readonly RecordedRequest[];
  /** ms since the server last received or sent anything for a case (0 before its first request). */
  idleMs(caseId: string): number;
  /** Stop every deployment and close every connection. */
  close(): Promise<void>;
}

export interface SuiteServerOptions {
  /** See ReframeOptions.errorGraceMs. */
  errorGraceMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** URL-safe, readable prefix for a case id (`fault/drop/agent-updates` → `fault.drop.agent-updates`). */
export function caseSlug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, ".");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startSuiteServer(cases: readonly ClientCase[], opts: SuiteServerOptions = {}): Promise<SuiteServer> {
  const bySlug = new Map<string, ClientCase>();
  const slugs = new Map<string, string>();
  for (const c of cases) {
    let slug = caseSlug(c.id);
    for (let i = 2; bySlug.has(slug); i++) slug = `${caseSlug(c.id)}-${i}`;
    bySlug.set(slug, c);
    slugs.set(c.id, slug);
  }
  const deployments = new Map<string, MockDeployment>();
  const deploymentFor = (c: ClientCase): MockDeployment => {
    const key = c.kind === "http-error" ? "<errors>" : c.fixture.name;
    let d = deployments.get(key);
    if (!d) {
      // Error cases get an empty deployment: unknown assistants and invalid bodies are answered by the
      // mock's own validation, as the real server answered the recording.
      d = createMockDeployment({ fixtures: c.kind === "http-error" ? [] : [c.fixture] });
      deployments.set(key, d);
    }
    return d;
  };
  const log = new Map<string, RecordedRequest[]>();
  const lastActivity = new Map<string, number>();
  const sockets = new Set<import("node:net").Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://suite.invalid");
    const [, slug = "", ...rest] = url.pathname.split("/");
    const c = bySlug.get(slug);
    if (!c) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end(`[client-suite] no case "${slug}" on this server; use the baseUrl the suite passed to the adapter as the API URL.`);
      return;
    }
    const path = `/${rest.join("/")}`;
    const text = await readBody(req);
    const entry: RecordedRequest = { method: req.method ?? "GET", path, body: parseBody(text), status: 0, outcome: "pending" };
    lastActivity.set(c.id, Date.now());
    const entries = log.get(c.id) ?? [];
    entries.push(entry);
    log.set(c.id, entries);

    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
    }
    if (c.faultHeader) {
      const own = headers.get(FAULT_HEADER);
      headers.set(FAULT_HEADER, own ? `${c.faultHeader},${own}` : c.faultHeader);
    }
    const abort = new AbortController();
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    res.on("close", () => {
      if (res.writableFinished) return;
      if (entry.outcome === "pending") entry.outcome = "aborted";
      abort.abort(new Error("client disconnected"));
      reader?.cancel("client disconnected").catch(() => undefined);
    });

    const reply = await deploymentFor(c).dispatch({
      method: entry.method,
      url: `http://mock.invalid${path}${url.search}`,
      headers,
      text: () => Promise.resolve(text),
      signal: abort.signal,
    });
    if (!reply) throw new Error(`the mock deployment did not answer ${entry.method} ${path}`);
    const response = toResponse(reply);
    entry.status = response.status;
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((v, k) => (outHeaders[k] = v));
    res.writeHead(response.status, outHeaders);
    if (!response.body) {
      entry.outcome = "complete";
      res.end();
      return;
    }
    const sse = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
    const framing = sse ? c.framing : undefined;
    const body = reframe(response.body, framing, opts.errorGraceMs !== undefined ? { errorGraceMs: opts.errorGraceMs } : {});
    reader = body.getReader();
    if (res.destroyed) {
      await reader.cancel("client disconnected").catch(() => undefined);
      return;
    }
    res.flushHeaders();
    const paced = isPaced(framing);
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch {
        // A dropped connection (drop-after fault): kill the socket mid-body, as a crashed server would.
        entry.outcome = "dropped";
        res.destroy();
        return;
      }
      if (res.destroyed) return;
      if (r.done) {
        entry.outcome = "complete";
        res.end();
        return;
      }
      // Wait until the chunk reached the socket, so a following drop cannot discard it and paced
      // chunks leave as separate writes.
      await new Promise<void>((resolve) => res.write(r.value, () => resolve()));
      lastActivity.set(c.id, Date.now());
      if (paced) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`[client-suite] server error: ${error instanceof Error ? error.message : String(error)}`);
      } else res.destroy();
    });
  });
  server.on("connection", (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    baseUrlFor(caseId) {
      const slug = slugs.get(caseId);
      if (!slug) throw new Error(`[client-suite] unknown case "${caseId}"`);
      return `${url}/${slug}`;
    },
    requestsFor(caseId) {
      return log.get(caseId) ?? [];
    },
    idleMs(caseId) {
      const at = lastActivity.get(caseId);
      return at === undefined ? 0 : Date.now() - at;
    },
    close() {
      closed ??= (async () => {
        for (const d of deployments.values()) d.close();
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
  };
}
