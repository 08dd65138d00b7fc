#!/usr/bin/env node
// A tiny static file server for the built examples (and the browser tests). Hand-written on node:http
// because it is ~50 lines and the project needs nothing more: GET/HEAD of files under one directory,
// no caching (a rebuilt bundle or service worker is always picked up). Serve on 127.0.0.1: the MSW
// service worker needs a secure context, and http://127.0.0.1 / http://localhost count as one.
//
//   node examples/serve.mjs [--dir examples/dist] [--port 5173] [--host 127.0.0.1]
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/**
 * @param {{ dir: string, port?: number, host?: string }} opts
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startStaticServer({ dir, port = 0, host = "127.0.0.1" }) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end("bad path");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = join(root, path);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end("outside the served directory");
      return;
    }
    let size;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error("not a file");
      size = st.size;
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`404 ${path} not found under ${root} (did you run \`npm run examples:build\`?)`);
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": size,
      "cache-control": "no-store",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok(undefined));
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok(undefined));
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { dir: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
  });
  const dir = values.dir ?? fileURLToPath(new URL("dist", import.meta.url));
  const s = await startStaticServer({ dir, port: Number(values.port ?? 5173), host: values.host ?? "127.0.0.1" });
  console.log(`examples at ${s.url}/ (from ${dir})`);
  console.log(`  worker mode: ${s.url}/?mode=worker&timing=recorded`);
  console.log(`  http mode:   ${s.url}/?mode=http&api=http://127.0.0.1:2024   (npx langgraph-conformance serve --port 2024)`);
  console.log(`  React:       ${s.url}/react.html?mode=worker`);
}
