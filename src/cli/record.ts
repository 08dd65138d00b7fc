// `langgraph-conformance record`: capture streams from a deployment into fixtures.
import { resolve } from "node:path";
import type { Command } from "commander";
import { CliError } from "./errors.js";
import { readScenarioFile, ScenarioError, type Scenario, type ScenarioEndpoint } from "../recorder/scenario.js";
import { recordScenarios } from "../recorder/session.js";

interface RecordFlags {
  url: string;
  scenarios?: string;
  only?: string[];
  out: string;
  name?: string;
  assistant?: string;
  endpoint: string;
  input?: string;
  streamMode?: string[];
  subgraphs?: boolean;
  onCompletion?: string;
  redact?: string[];
  timeout: string;
  apiKeyEnv: string;
  apiKey?: string;
  raw?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(",").filter(Boolean)];

function parseJsonFlag(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${flag} must be JSON (got ${JSON.stringify(text)}): ${(error as Error).message}`);
  }
}

function singleScenario(flags: RecordFlags): Scenario {
  if (!flags.assistant) throw new CliError("give --scenarios FILE, or --assistant ID for a single request");
  if (!["stream", "wait", "create"].includes(flags.endpoint)) {
    throw new CliError(`--endpoint must be stream, wait or create (got "${flags.endpoint}"); use a scenario file for batch`);
  }
  const body: Record<string, unknown> = { assistant_id: flags.assistant };
  if (flags.input !== undefined) body["input"] = parseJsonFlag("--input", flags.input);
  if (flags.streamMode?.length) body["stream_mode"] = flags.streamMode.length === 1 ? flags.streamMode[0] : flags.streamMode;
  if (flags.subgraphs) body["stream_subgraphs"] = true;
  if (flags.onCompletion) body["on_completion"] = flags.onCompletion;
  const name = flags.name ?? `${flags.assistant}-${flags.endpoint}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) throw new CliError(`--name must be kebab-case (got "${name}")`);
  return { name, endpoint: flags.endpoint as ScenarioEndpoint, body };
}

export function registerRecord(program: Command): void {
  program
    .command("record")
    .description(
      "Record requests against a deployment into fixtures (secrets redacted, volatile ids normalised). " +
        "The API key is read from an environment variable (default LANGSMITH_API_KEY), never from the command line.",
    )
    .requiredOption("--url <url>", "deployment base URL, e.g. http://127.0.0.1:2024")
    .option("--scenarios <file>", "scenario file (see fixtures/scenarios/default.json)")
    .option("--only <names>", "record only these scenario names (comma-separated, repeatable)", collect)
    .option("--out <dir>", "output directory", "fixtures/recorded")
    .option("--assistant <id>", "single request: assistant or graph id")
    .option("--endpoint <endpoint>", "single request: stream | wait | create", "stream")
    .option("--input <json>", "single request: the run input as JSON")
    .option("--stream-mode <mode>", "single request: stream mode (repeatable)", collect)
    .option("--subgraphs", "single request: stream_subgraphs true")
    .option("--on-completion <mode>", "single request: delete | keep")
    .option("--name <name>", "single request: fixture name (kebab-case)")
    .option("--redact <regex>", "extra secret pattern to redact (repeatable)", (v: string, p: string[] = []) => [...p, v])
    .option("--timeout <seconds>", "per-request timeout", "60")
    .option("--api-key-env <name>", "environment variable holding the API key", "LANGSMITH_API_KEY")
    .option("--api-key <key>", "(refused: keys are never accepted on the command line)")
    .option("--raw", "skip id normalisation (debugging only; redaction still applies)")
    .action(async (flags: RecordFlags) => {
      if (flags.apiKey !== undefined) {
        throw new CliError(
          `API keys are never accepted on the command line (they end up in shell history); set ${flags.apiKeyEnv} instead`,
        );
      }
      let url: URL;
      try {
        url = new URL(flags.url);
      } catch {
        throw new CliError(`--url is not a valid URL: ${JSON.stringify(flags.url)}`);
      }
      const timeout = Number(flags.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError(`--timeout must be a positive number of seconds`);
      const patterns = (flags.redact ?? []).map((p) => {
        try {
          return new RegExp(p, "g");
        } catch (error) {
          throw new CliError(`--redact ${JSON.stringify(p)} is not a valid regular expression: ${(error as Error).message}`);
        }
      });

      let scenarios: Scenario[];
      if (flags.scenarios) {
        try {
          scenarios = (await readScenarioFile(flags.scenarios)).scenarios;
        } catch (error) {
          if (error instanceof ScenarioError) throw new CliError(error.message);
          throw error;
        }
        if (flags.only?.length) {
          const unknown = flags.only.filter((n) => !scenarios.some((s) => s.name === n));
          if (unknown.length) throw new CliError(`--only names not in ${flags.scenarios}: ${unknown.join(", ")}`);
          scenarios = scenarios.filter((s) => flags.only!.includes(s.name));
        }
      } else {
        scenarios = [singleScenario(flags)];
      }

      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      const outDir = resolve(flags.out);
      const apiKey = process.env[flags.apiKeyEnv];
      process.stderr.write(`recording ${scenarios.length} scenario(s) from ${url.origin} into ${outDir}\n`);
      try {
        const result = await recordScenarios({
          baseUrl: flags.url,
          scenarios,
          outDir,
          timeoutMs: timeout * 1000,
          redactPatterns: patterns,
          signal: controller.signal,
          ...(apiKey ? { apiKey } : {}),
          ...(flags.raw ? { raw: true } : {}),
          onProgress: (p) => {
            const tag = `[${p.index + 1}/${p.total}] ${p.scenario.name}`;
            if (p.error) process.stderr.write(`${tag} FAILED: ${p.error.message}\n`);
            else {
              const f = p.fixture!;
              const what = f.response.kind === "sse" ? `${f.response.events?.length ?? 0} events` : f.response.kind;
              process.stderr.write(`${tag} → HTTP ${f.response.status}, ${what}, ${p.redactions ?? 0} redaction(s)\n`);
            }
          },
        });
        if (controller.signal.aborted) {
          throw new CliError(`interrupted: ${result.files.length} fixture(s) written, the one in progress was discarded`, 130);
        }
        const rules = Object.entries(result.redactions.byRule).map(([r, n]) => `${r}=${n}`).join(", ");
        process.stderr.write(
          `${result.files.length} fixture(s) written, ${result.failures.length} failed; ` +
            `${result.redactions.count} secret(s) redacted${rules ? ` (${rules})` : ""}\n`,
        );
        if (result.failures.length) process.exitCode = 1;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
