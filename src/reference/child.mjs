// Child-process entry that runs the real `@langchain/langgraph-api` server (started by
// `startReferenceServer` in ./server.ts; not meant to be run by hand).
//
// Plain .mjs on purpose: plain `node` runs it whether the parent is vitest, tsx or compiled dist/
// code, with no TypeScript loader in the server process (the reference graphs are .mjs too).
//
// argv[2]: JSON {host, nWorkers, cwd, graphs}. On success prints ONE line on stdout:
//   {"ready":true,"host":"127.0.0.1:PORT"}
// Server logs go to stdout/stderr as well (the parent forwards them to its `log` option).
// Exits on SIGTERM/SIGINT, or when stdin closes (the parent went away), after flushing state.
import { rmSync } from "node:fs";
import { register } from "node:module";
import process from "node:process";

const SHUTDOWN_GRACE_MS = 3000;
const ORPHANED = "parent gone";

function fail(message, error) {
  process.stderr.write(`[reference-server child] ${message}${error ? `: ${error?.stack ?? error}` : ""}\n`);
  process.exit(1);
}

let options;
try {
  options = JSON.parse(process.argv[2] ?? "");
} catch (error) {
  fail("expected the server options as a JSON argument", error);
}

// The server reads package versions with `import("<pkg>/package.json")` and no `with {type:"json"}`.
// That works under the CLI's tsx loader but throws under plain node, so run metadata would say
// langgraph_version "0.0.0" and GET /info would lack langgraph_js_version, unlike the captures.
// This resolve hook (what tsx effectively does, without loading tsx) supplies the JSON attribute.
register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.endsWith("/package.json") && context.importAttributes?.type === undefined) {
    return { ...result, importAttributes: { ...context.importAttributes, type: "json" } };
  }
  return result;
}`),
);

let startServer;
try {
  ({ startServer } = await import("@langchain/langgraph-api/server"));
} catch (error) {
  fail("cannot import @langchain/langgraph-api/server (install @langchain/langgraph-api 1.5.1 next to this package)", error);
}

let cleanup;
let stopping = false;
async function shutdown(reason) {
  if (stopping) return;
  stopping = true;
  const finish = () => {
    // Orphaned: nobody is left to remove the state directory, so do it here.
    if (reason === ORPHANED && options?.cwd) rmSync(options.cwd, { recursive: true, force: true });
    process.exit(0);
  };
  // Whatever happens, do not outlive the grace period (queue workers poll forever).
  setTimeout(finish, SHUTDOWN_GRACE_MS).unref();
  try {
    await cleanup?.();
  } catch (error) {
    if (reason !== ORPHANED) {
      process.stderr.write(`[reference-server child] cleanup after ${reason} failed: ${error?.stack ?? error}\n`);
    }
  }
  finish();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
// Orphan guard: the parent holds our stdin open; EOF means it exited (even if it was SIGKILLed).
process.stdin.on("end", () => void shutdown(ORPHANED));
process.stdin.on("error", () => void shutdown(ORPHANED));
process.stdin.resume();
// With the parent gone, every log line fails with EPIPE; unhandled, those errors crash-loop the
// process instead of letting it shut down.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", () => void shutdown(ORPHANED));
}

try {
  const started = await startServer({
    port: 0,
    host: options.host,
    nWorkers: options.nWorkers,
    cwd: options.cwd,
    graphs: options.graphs,
  });
  cleanup = started.cleanup;
  // What `langgraphjs dev` sets: runs report it as metadata.langgraph_api_url (read per run).
  process.env.LANGGRAPH_API_URL = `http://${started.host}`;
  process.env.PORT = started.host.split(":").at(-1);
  process.stdout.write(`${JSON.stringify({ ready: true, host: started.host })}\n`);
} catch (error) {
  fail("startServer failed", error);
}
