/**
 * A faulty (or differently-valid) deployment: the mock core's `handle(Request)` wrapped by a
 * {@link Fault}, served over node:http on an ephemeral port. Faults transform requests, responses
 * and SSE streams, or poke the store through the deployment's own HTTP API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeDeployment } from "../../../src/mock/node.js";
import type { MockDeployment, MockDeploymentOptions } from "../../../src/mock/index.js";

export interface FaultContext {
  deployment: MockDeployment;
  /** The unmodified mock. */
  handle(req: Request): Promise<Response>;
  /** Convenience: a JSON request straight to the mock (for store pokes). */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Shared state of this server (faults remember run ids, thread ids, …). */
  state: Map<string, unknown>;
}

export type Fault = (req: Request, ctx: FaultContext) => Promise<Response>;

export interface FaultyServer {
  url: string;
  deployment: MockDeployment;
  close(): Promise<void>;
}

export interface ServeFaultOptions {
  fixturesDir: string;
  mock?: Omit<MockDeploymentOptions, "fixtures">;
}

const ORIGIN = "http://mock.invalid";

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  }
  const method = req.method ?? "GET";
  const init: RequestInit = { method, headers, signal };
  if (method !== "GET" && method !== "HEAD" && chunks.length > 0) init.body = Buffer.concat(chunks);
  return new Request(`${ORIGIN}${req.url ?? "/"}`, init);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    if (k !== "content-length" && k !== "transfer-encoding") headers[k] = v;
  });
  res.writeHead(response.status, headers);
  if (response.body === null) return void res.end();
  res.flushHeaders();
  const reader = response.body.getReader();
  signal.addEventListener("abort", () => void reader.cancel("client disconnected").catch(() => undefined), { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((r) => res.once("drain", r));
    }
    res.end();
  } catch {
    res.destroy();
  }
}

export async function serveFault(fault: Fault, opts: ServeFaultOptions): Promise<FaultyServer> {
  const deployment = createNodeDeployment({ ...opts.mock, fixturesDir: opts.fixturesDir });
  await deployment.ready;
  const raw = async (req: Request): Promise<Response> =>
    (await deployment.handle(req)) ?? new Response("404 Not Found", { status: 404, headers: { "content-type": "text/plain" } });
  const handle = raw;
  const ctx: FaultContext = {
    deployment,
    handle,
    async api(method, path, body) {
      const init: RequestInit = { method, headers: { "content-type": "application/json" } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const r = await handle(new Request(`${ORIGIN}${path}`, init));
      const text = await r.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: r.status, json };
    },
    state: new Map(),
  };
  const server = createServer((req, res) => {
    const abort = new AbortController();
    let finished = false;
    res.on("finish", () => (finished = true));
    res.on("close", () => {
      if (!finished) abort.abort();
    });
    toRequest(req, abort.signal)
      .then((request) => fault(request, ctx))
      .then((response) => writeResponse(response, res, abort.signal))
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(`faulty server error: ${(error as Error)?.message}`);
        } else res.destroy();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deployment,
    close: () =>
      new Promise<void>((resolve) => {
        deployment.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
