/**
 * Starts the real open-source LangGraph.js server (`@langchain/langgraph-api`) in a child process on
 * 127.0.0.1 with an ephemeral port, serving the reference graphs of `fixtures/graphs/`.
 *
 * Why a child process: the server keeps global state (graph registry, stores, queue workers that poll
 * forever) and logs through winston; a child keeps all of that out of the test process and can be
 * stopped by PID. The child is `src/reference/child.mjs`, run by plain `node` (see paths.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { childEntryPath, referenceGraphsDir } from "./paths.js";

export interface ReferenceServerOptions {
  /** Queue workers = runs executing at once. Default 10 (the `langgraphjs dev` default). */
  nWorkers?: number;
  /**
   * Graph id → `"<file>:<export>"`. Relative files are resolved against `fixtures/graphs/`.
   * Default: every reference graph (`REFERENCE_GRAPHS` of `fixtures/graphs/index.mjs`).
   */
  graphs?: Record<string, string>;
  /**
   * Extra environment for the server process, applied last (overrides the defaults). The child
   * inherits this process's environment minus credentials (`*API_KEY*`, `*_TOKEN*`, `*SECRET*`,
   * `*PASSWORD*`), `LANGSMITH_*`/`LANGCHAIN_*`/`LANGGRAPH_*`, `NODE_OPTIONS` and `VITEST*`; it gets
   * `LANGGRAPH_CLI_NO_ANALYTICS=1`, tracing off, `NODE_ENV=development`, `LOG_JSON=true`, `LOG_LEVEL=info`.
   */
  env?: Record<string, string>;
  /** Budget for spawning, listening and the first `GET /ok`. Default 30 000 ms. */
  startTimeoutMs?: number;
  /** Receives every line the server logs (stdout and stderr), e.g. `console.error`. */
  log?: (line: string) => void;
}

export interface ReferenceServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  pid: number;
  /** Body of `GET /info`. */
  info: unknown;
  /** Graph map actually served (absolute paths). */
  graphs: Record<string, string>;
  /** Fresh temporary directory holding the server's state; removed by `stop()`. */
  stateDir: string;
  /** Milliseconds from spawning to a successful `GET /ok`. */
  startupMs: number;
  /** SIGTERM, then SIGKILL after a grace period; removes `stateDir`. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_WORKERS = 10;
const DEFAULT_START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_LINES = 40;

/** Environment variables never passed to the server: credentials, and settings that would change it. */
const DROPPED_ENV = /API_KEY|_TOKEN|SECRET|PASSWORD|^LANGSMITH_|^LANGCHAIN_|^LANGGRAPH_|^NODE_OPTIONS$|^VITEST/i;

/** The reference graph map with absolute paths (from `fixtures/graphs/index.mjs`). */
export async function referenceGraphs(): Promise<Record<string, string>> {
  const dir = referenceGraphsDir();
  const mod = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as { REFERENCE_GRAPHS: Record<string, string> };
  return absoluteGraphs(mod.REFERENCE_GRAPHS, dir);
}

/** Resolves each spec's file part against `baseDir` (the server resolves specs against its own cwd). */
export function absoluteGraphs(graphs: Record<string, string>, baseDir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(graphs).map(([id, spec]) => {
      // The server splits on the first ":" (`file:export`); absolute POSIX paths contain none.
      const sep = spec.lastIndexOf(":");
      const file = sep > 0 ? spec.slice(0, sep) : spec;
      const exportName = sep > 0 ? spec.slice(sep + 1) : "";
      const abs = isAbsolute(file) ? file : resolve(baseDir, file);
      return [id, exportName ? `${abs}:${exportName}` : abs];
    }),
  );
}

function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!DROPPED_ENV.test(key)) env[key] = value;
  }
  Object.assign(env, {
    LANGGRAPH_CLI_NO_ANALYTICS: "1",
    LANGSMITH_TRACING: "false",
    LANGCHAIN_TRACING_V2: "false",
    // What `langgraphjs dev` sets for its server process.
    NODE_ENV: "development",
    // One JSON object per log line (readable through `log`); info keeps per-request noise down.
    LOG_JSON: "true",
    LOG_LEVEL: "info",
    ...extra,
  });
  return env;
}

/** Starts a reference server; see {@link ReferenceServerOptions}. Always `stop()` it. */
export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const t0 = performance.now();
  const timeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const nWorkers = opts.nWorkers ?? DEFAULT_WORKERS;
  const graphs = opts.graphs ? absoluteGraphs(opts.graphs, referenceGraphsDir()) : await referenceGraphs();
  const stateDir = mkdtempSync(join(tmpdir(), "langgraph-reference-"));
  const payload = { host: "127.0.0.1", nWorkers, cwd: stateDir, graphs };

  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [childEntryPath(), JSON.stringify(payload)], {
      cwd: stateDir,
      env: childEnv(opts.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }

  const tail: string[] = [];
  const remember = (line: string): void => {
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
  };
  const tailText = (): string => (tail.length ? `\n--- server output (last ${tail.length} lines) ---\n${tail.join("\n")}` : "");

  let exited = false;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once("exit", () => {
      exited = true;
      resolveExit();
    });
  });

  // Safety net if the caller forgets stop() (the child also exits when its stdin closes).
  const killOnExit = (): void => {
    if (!exited) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  let stopPromise: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      process.removeListener("exit", killOnExit);
      if (!exited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => {
          if (!exited) child.kill("SIGKILL");
        }, STOP_GRACE_MS);
        await exitPromise;
        clearTimeout(timer);
      }
      child.stdin?.destroy();
      rmSync(stateDir, { recursive: true, force: true });
    })();
    return stopPromise;
  };

  try {
    const host = await new Promise<string>((resolveReady, rejectReady) => {
      const timer = setTimeout(
        () => rejectReady(new Error(`reference server: not ready within ${timeoutMs} ms (startTimeoutMs).${tailText()}`)),
        timeoutMs,
      );
      const done = (): void => clearTimeout(timer);
      child.once("error", (error) => {
        done();
        rejectReady(new Error(`reference server: cannot spawn ${process.execPath}: ${error.message}`));
      });
      child.once("exit", (code, signal) => {
        done();
        rejectReady(
          new Error(
            `reference server: the child exited before it was ready (code ${code}, signal ${signal}).${tailText()}`,
          ),
        );
      });
      // Keep draining both pipes for the child's whole life: a full pipe would block its logging.
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line.startsWith('{"ready":')) {
          try {
            const msg = JSON.parse(line) as { ready?: unknown; host?: unknown };
            if (msg.ready === true && typeof msg.host === "string") {
              done();
              resolveReady(msg.host);
              return;
            }
          } catch {
            // Not our line after all; treat as a log line.
          }
        }
        remember(line);
        opts.log?.(line);
      });
      createInterface({ input: child.stderr! }).on("line", (line) => {
        remember(line);
        opts.log?.(line);
      });
    });

    const url = `http://${host}`;
    await waitForOk(url, t0 + timeoutMs, () => exited, tailText);
    const info = await (await fetch(`${url}/info`)).json();
    return { url, pid: child.pid!, info, graphs, stateDir, startupMs: Math.round(performance.now() - t0), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForOk(url: string, deadline: number, hasExited: () => boolean, tailText: () => string): Promise<void> {
  let lastError = "";
  while (performance.now() < deadline) {
    if (hasExited()) throw new Error(`reference server: the child exited while answering GET /ok.${tailText()}`);
    try {
      const res = await fetch(`${url}/ok`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`reference server: GET ${url}/ok did not succeed in time (last: ${lastError}).${tailText()}`);
}
