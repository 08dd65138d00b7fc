// `langgraph-conformance serve`: the mock deployment as a standalone HTTP server for frontend work.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { CliError } from "./errors.js";
import { corpusDir } from "../reference/paths.js";
import { parseFaults, FaultSyntaxError } from "../mock/faults.js";
import type { Timing } from "../mock/deployment.js";

interface ServeFlags {
  port: string;
  host: string;
  fixtures?: string;
  timing: string;
  match: string;
  profile: string;
  fault?: string;
  synthetic?: string;
  quiet?: boolean;
}

/** `instant`, `recorded`, or `xN` / `N` (recorded gaps × N). */
export function parseTiming(text: string): Timing {
  if (text === "instant" || text === "recorded") return text;
  const m = /^x?(\d+(?:\.\d+)?)$/.exec(text);
  const scale = m ? Number(m[1]) : NaN;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    throw new CliError(`--timing must be instant, recorded or xN with N > 0 (e.g. x0.5, x3); got ${JSON.stringify(text)}`);
  }
  return { scale };
}

export const defaultFixturesDir = corpusDir;

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the mock deployment (recorded fixtures, stateless semantics, thread store) as an HTTP server")
    .option("--port <port>", "port (0 = any free port)", "2024")
    .option("--host <host>", "bind address (loopback by default)", "127.0.0.1")
    .option("--fixtures <dir>", "fixture directory (default: the bundled corpus)")
    .option("--timing <timing>", "instant | recorded | xN (recorded gaps scaled by N)", "instant")
    .option("--match <policy>", "input matching: exact | assistant (any input for that assistant)", "exact")
    .option("--profile <profile>", "error dialect: js | python (422 {detail})", "js")
    .option("--fault <spec>", "fault for every request, e.g. drop-after=2 or slow=50 (also per request: x-mock-fault header)")
    .option("--synthetic <seed>", "serve seeded synthetic streams for assistants no fixture covers")
    .option("--quiet", "no per-request log lines")
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) throw new CliError(`--port must be 0–65535 (got ${JSON.stringify(flags.port)})`);
      const timing = parseTiming(flags.timing);
      if (!["exact", "assistant"].includes(flags.match)) throw new CliError(`--match must be exact or assistant (got ${JSON.stringify(flags.match)})`);
      if (!["js", "python"].includes(flags.profile)) throw new CliError(`--profile must be js or python (got ${JSON.stringify(flags.profile)})`);
      if (flags.fault) {
        try {
          parseFaults(flags.fault);
        } catch (error) {
          if (error instanceof FaultSyntaxError) throw new CliError(`--fault: ${error.message}`);
          throw error;
        }
      }
      let synthetic: { seed: number } | undefined;
      if (flags.synthetic !== undefined) {
        if (!/^\d+$/.test(flags.synthetic)) throw new CliError(`--synthetic takes a whole-number seed (got ${JSON.stringify(flags.synthetic)})`);
        synthetic = { seed: Number(flags.synthetic) };
      }
      const fixturesDir = resolve(flags.fixtures ?? defaultFixturesDir());
      if (!existsSync(fixturesDir)) throw new CliError(`fixture directory not found: ${fixturesDir} (record some with "langgraph-conformance record")`);

      const { startMockServer } = await import("../mock/serve.js");
      let server: Awaited<ReturnType<typeof startMockServer>>;
      try {
        server = await startMockServer({
          port,
          host: flags.host,
          fixturesDir,
          timing,
          match: flags.match as "exact" | "assistant",
          profile: flags.profile as "js" | "python",
          ...(flags.fault ? { faults: flags.fault } : {}),
          ...(synthetic ? { synthetic } : {}),
          logger: flags.quiet ? false : (line: string) => process.stdout.write(`${line}\n`),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw new CliError(`port ${port} on ${flags.host} is in use; pick another with --port (or --port 0 for a free one)`);
        if (code === "EACCES") throw new CliError(`not allowed to listen on ${flags.host}:${port}; use a port above 1023`);
        throw new CliError(`could not start the mock: ${(error as Error).message}`);
      }
      const count = server.deployment.fixtures.length;
      const loopback = /^(127\.|::1$|localhost$)/.test(flags.host);
      process.stdout.write(
        `mock deployment listening on ${server.url} (${count} fixtures from ${fixturesDir}, timing ${flags.timing})\n`,
      );
      if (!loopback) process.stderr.write(`warning: bound to ${flags.host}, reachable from other machines\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          process.stdout.write("shutting down\n");
          void server.close().then(done, done);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
