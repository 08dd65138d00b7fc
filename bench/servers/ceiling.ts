// Bench child: the ceiling. A bare node:http server that answers every request with the very same
// status, headers and body bytes the mock sent for the benchmark scenario (captured once by the
// parent, passed as a JSON file), doing nothing else but reading the request body. The captured
// headers include the mock's framing (content-length or not), so the response is byte-identical on
// the wire apart from the Date header.
//
// `timed`: the same frames on the served fixture's recorded timeline (headers at headers_ms, each
// frame at its `t`, EOF at end_ms) with plain setTimeout — the control for the mock's jitter: what
// the machine, the kernel and the client add on their own.
// Usage: ceiling.mjs <captured.json> [timed]
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveIpc } from "./protocol.js";

export interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
  timeline?: { headersMs: number; t: number[]; endMs: number };
}

const [file, mode] = process.argv.slice(2);
if (!file) throw new Error("usage: ceiling.mjs <captured.json> [timed]");
const captured = JSON.parse(readFileSync(file, "utf8")) as Captured;
const body = Buffer.from(captured.body, "utf8");
const frames = captured.body.split(/(?<=\n\n)/);
const timeline = captured.timeline;
if (mode === "timed" && (!timeline || timeline.t.length !== frames.length)) {
  throw new Error(`ceiling: timed mode needs a timeline with one t per frame (${frames.length} frames)`);
}
const { "content-length": _length, ...streamHeaders } = captured.headers;

function timed(res: ServerResponse, start: number): void {
  const tl = timeline as NonNullable<Captured["timeline"]>;
  const at = (ms: number, fn: () => void): void => void setTimeout(fn, Math.max(0, start + ms - performance.now()));
  at(tl.headersMs, () => {
    res.writeHead(captured.status, streamHeaders);
    res.flushHeaders();
    frames.forEach((f, i) => at(tl.headersMs + (tl.t[i] as number), () => res.write(f)));
    at(tl.headersMs + tl.endMs, () => res.end());
  });
}

const server = createServer((req, res) => {
  const start = performance.now();
  // Read (and discard) the request body before answering, as the mock must.
  req.on("data", () => undefined);
  req.on("end", () => {
    if (mode === "timed") return timed(res, start);
    res.writeHead(captured.status, captured.headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 5000; // as the mock
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  serveIpc({ type: "ready", url: `http://127.0.0.1:${port}` }, () => ({}), () => new Promise((r) => server.close(() => r())));
});
