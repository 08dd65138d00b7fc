// Start a bench server child with `fork` (own process, own event loop: the load generator in the
// parent never steals the server's CPU time) and talk to it over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { ChildMessage, StatsMessage } from "../servers/protocol.js";
import { bundlePath } from "./build.js";

export interface ServerChild {
  url: string;
  pid: number;
  /** CPU time, RSS and (mock) leak counters of the server process. */
  stats(opts?: { gc?: boolean }): Promise<StatsMessage>;
  stop(): Promise<void>;
}

/** `node bench/.tmp-build/<name>.mjs ...args` (see build.ts) with IPC; resolves once it listens. */
export async function startServerChild(name: string, args: string[] = [], opts: { exposeGc?: boolean; execArgv?: string[] } = {}): Promise<ServerChild> {
  const child: ChildProcess = fork(bundlePath(name), args, {
    execArgv: [...(opts.exposeGc ? ["--expose-gc"] : []), ...(opts.execArgv ?? [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench server ${name} did not start within 30 s`)), 30_000);
    child.once("exit", (code) => reject(new Error(`bench server ${name} exited with code ${code} before listening`)));
    child.on("message", (m: ChildMessage) => {
      if (m.type === "ready") {
        clearTimeout(timer);
        resolve(m.url);
      }
    });
  });
  child.removeAllListeners("exit");
  // Stats replies come back in request order: one listener, a FIFO of waiters.
  const waiting: ((m: StatsMessage) => void)[] = [];
  child.on("message", (m: ChildMessage) => {
    if (m.type === "stats") waiting.shift()?.(m);
  });
  return {
    url,
    pid: child.pid as number,
    stats(o = {}) {
      return new Promise((resolve) => {
        waiting.push(resolve);
        child.send({ type: "stats", gc: o.gc ?? false });
      });
    },
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.send({ type: "exit" });
      });
    },
  };
}

/** CPU time (µs) and RSS of any process from /proc (Linux); undefined elsewhere. Used for the real server. */
export function procStats(pid: number): { cpuMicros: number; rss: number; maxRss: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    // USER_HZ is 100 on every mainstream Linux build.
    return { cpuMicros: (ticks / 100) * 1e6, rss: kb("VmRSS"), maxRss: kb("VmHWM") };
  } catch {
    return undefined;
  }
}
