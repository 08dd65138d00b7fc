/**
 * `langgraph-conformance check`: conformance verdicts for a deployment (or the embedded mock).
 * Exit 0 = no MUST requirement failed, 1 = one did (or a SHOULD with --strict), 2 = could not run.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { parseReporter, UsageError, type CheckOptions, type ReporterTarget } from "../runner/options.js";
import { CliError } from "./errors.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function parseIds(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

interface CheckFlags {
  url?: string;
  assistant?: string[];
  config?: string;
  only?: string[];
  level?: "must" | "should" | "may";
  strict?: boolean;
  expectFailures?: string;
  reporter?: string[];
  timeout?: number;
  grace?: number;
  apiKeyEnv?: string;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description(
      "Check a LangGraph Agent Server deployment against the stateless-runs requirements (MUST/SHOULD/MAY). Without --url, checks the embedded mock deployment.",
    )
    .option("--url <url>", "base URL of the deployment, e.g. http://127.0.0.1:2024")
    .option("--assistant <id>", "assistant to use: ID (the default one) or ROLE=ID, ROLE one of slow, failing, interrupting, nested, parallel, messages (repeatable)", collect)
    .option("--config <file>", "JSON config file (url, assistants, headers, input, timeoutS, graceMs, …)")
    .option("--only <ids>", "only these requirement ids, comma-separated (repeatable), e.g. SR-14,SR-21", parseIds)
    .addOption(new Option("--level <level>", "lowest level to check").choices(["must", "should", "may"]))
    .option("--strict", "SHOULD failures fail the check too (exit 1)")
    .option("--expect-failures <file>", "JSON file of known failures: requirement id → reason")
    .option("--reporter <kind=path>", "write a report: json=PATH, junit=PATH or markdown=PATH (repeatable)", collect)
    .option("--timeout <seconds>", "per-request and per-stream timeout (default 30)", parseTimeout)
    .option("--grace <ms>", "side-effect grace window after a run ends (default 2000)", (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected milliseconds ≥ 0");
      return n;
    })
    .option("--api-key-env <name>", "environment variable holding the API key, sent as x-api-key (default LANGSMITH_API_KEY)")
    .action(async (flags: CheckFlags) => {
      let reporters: ReporterTarget[];
      try {
        reporters = (flags.reporter ?? []).map(parseReporter);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const options: CheckOptions = { reporters };
      if (flags.url !== undefined) options.url = flags.url;
      if (flags.assistant) options.assistants = flags.assistant;
      if (flags.config !== undefined) options.config = flags.config;
      if (flags.only) options.only = flags.only;
      if (flags.level) options.level = flags.level;
      if (flags.strict) options.strict = true;
      if (flags.expectFailures !== undefined) options.expectFailures = flags.expectFailures;
      if (flags.timeout !== undefined) options.timeoutS = flags.timeout;
      if (flags.grace !== undefined) options.graceMs = flags.grace;
      if (flags.apiKeyEnv !== undefined) options.apiKeyEnv = flags.apiKeyEnv;
      try {
        // Loaded on demand: vitest is heavy, and other sub-commands never need it.
        const { runCheck } = await import("../runner/run.js");
        const result = await runCheck(options);
        if (result.summary.exit_code === 2 && result.results.length === 0) {
          // Could not run: one clear line on stderr as well (the table went to stdout).
          throw new CliError(result.errors[0] ?? "the check could not run", 2);
        }
        process.exitCode = result.summary.exit_code;
      } catch (error) {
        if (error instanceof CliError) throw error;
        if (error instanceof UsageError) throw new CliError(error.message, 2);
        throw error;
      }
    });
}
