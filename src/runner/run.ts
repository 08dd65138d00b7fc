/**
 * `runCheck(options)`: the conformance check behind `langgraph-conformance check`.
 *
 * 1. resolve options (config file < command line), expected failures and the requirement selection;
 * 2. no URL → start the embedded mock deployment (fixtures/corpus, instant timing) on port 0;
 * 3. probe the target (unreachable → exit 2 in one line) and hand the capabilities to the workers;
 * 4. run the suites through vitest programmatically, files in sequence (side effects first), with a
 *    collecting reporter that prints progress as each requirement test finishes;
 * 5. aggregate per requirement, apply expected failures, compute the exit code, write reporters.
 *
 * Bounded: every request and stream has its own timeout (suites/support), vitest has test and hook
 * timeouts, and a watchdog closes vitest if the whole run overstays; unfinished requirements are
 * then failed with the reason.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import { createVitest, type Vitest } from "vitest/node";
import { requirementById } from "../../suites/catalogue.js";
import { DEFAULTS, type TargetConfig } from "../../suites/support/config.js";
import { probeCapabilities, TargetUnreachable, type Capabilities } from "../../suites/support/probe.js";
import { TOOL_NAME, VERSION } from "../version.js";
import { aggregate, summarise } from "./aggregate.js";
import { CheckCollector } from "./collector.js";
import {
  loadConfigFile,
  loadExpectedFailures,
  parseAssistants,
  selectIds,
  UsageError,
  validateUrl,
  type CheckOptions,
  type ReporterTarget,
} from "./options.js";
import { corpusDir, packageRoot } from "./paths.js";
import { renderJson } from "./reporters/json.js";
import { renderJunit } from "./reporters/junit.js";
import { renderMarkdown } from "./reporters/markdown.js";
import { renderTable } from "./reporters/table.js";
import { REPORT_FORMAT, type CheckResult } from "./result.js";
import { conformanceTestConfig, type ConformanceTarget } from "./vitest.js";

export { UsageError } from "./options.js";

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

interface Target {
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
}

async function startEmbeddedMock(mockOptions: Record<string, unknown> | undefined): Promise<Target> {
  const { startMockServer } = await import("../mock/serve.js");
  const fixturesDir = corpusDir();
  const server = await startMockServer({
    port: 0,
    host: "127.0.0.1",
    fixturesDir,
    timing: "instant",
    logger: false,
    ...mockOptions,
  });
  if (server.deployment.fixtures.length === 0 && mockOptions?.fixtures === undefined) {
    await server.close();
    throw new UsageError(
      `the embedded mock has no fixtures in ${fixturesDir}; record them (npm run fixtures:record) or pass --url`,
    );
  }
  return { url: server.url, embedded: true, close: () => server.close() };
}

function errorResult(url: string, embedded: boolean, started: number, message: string, options: CheckResult["options"]): CheckResult {
  return {
    format: REPORT_FORMAT,
    tool: { name: TOOL_NAME, version: VERSION },
    target: { url, embedded_mock: embedded, info: null },
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    options,
    capabilities: null,
    summary: {
      total: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      expected_failures: 0,
      unexpected_passes: 0,
      must_failed: 0,
      should_failed: 0,
      may_failed: 0,
      verdict: "error",
      exit_code: 2,
    },
    results: [],
    errors: [message],
  };
}

export function writeReports(result: CheckResult, reporters: readonly ReporterTarget[]): void {
  for (const r of reporters) {
    const text = r.kind === "json" ? renderJson(result) : r.kind === "junit" ? renderJunit(result) : renderMarkdown(result);
    try {
      mkdirSync(dirname(r.path), { recursive: true });
      writeFileSync(r.path, text);
    } catch (error) {
      throw new UsageError(`cannot write the ${r.kind} report to ${r.path}: ${(error as Error).message}`);
    }
  }
}

/**
 * Runs the check. Resolves to the result (never rejects for target problems: those are results);
 * rejects with {@link UsageError} for bad options. `result.summary.exit_code` is the process exit code.
 */
export async function runCheck(options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const out = options.output === false ? undefined : (options.output ?? ((t: string) => process.stdout.write(t)));
  const print = (line: string) => out?.(`${line}\n`);

  const file = loadConfigFile(options.config);
  const url = options.url ?? file.url;
  const timeoutMs = Math.round((options.timeoutS ?? file.timeoutS ?? DEFAULTS.timeoutMs / 1000) * 1000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout must be a positive number of seconds`);
  const graceMs = options.graceMs ?? file.graceMs ?? DEFAULTS.graceMs;
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new UsageError(`grace must be a non-negative number of ms`);
  const level = options.level ?? file.level ?? "may";
  const only = options.only ?? file.only;
  const { ids, levels } = selectIds(only, level);
  const strict = options.strict ?? file.strict ?? false;
  const expectSource = options.expectFailures ?? file.expectFailures;
  const expected = loadExpectedFailures(expectSource);
  const assistants = { ...file.assistants, ...parseAssistants(options.assistants) };
  const validatedUrl = url !== undefined ? validateUrl(url) : undefined;
  const reportOptions: CheckResult["options"] = {
    levels,
    only: only && only.length > 0 ? [...only] : null,
    strict,
    timeout_ms: timeoutMs,
    grace_ms: graceMs,
    expected_failures_file: typeof expectSource === "string" ? expectSource : null,
  };

  let target: Target;
  if (validatedUrl !== undefined) {
    target = { url: validatedUrl, embedded: false, close: async () => undefined };
  } else {
    target = await startEmbeddedMock(options.mock);
    print(`langgraph-conformance ${VERSION}: no --url given, checking the embedded mock deployment at ${target.url}`);
  }

  const savedExitCode = process.exitCode;
  try {
    const idleTimeoutMs = Math.min(timeoutMs, file.idleTimeoutS !== undefined ? file.idleTimeoutS * 1000 : DEFAULTS.idleTimeoutMs);
    const cfg: TargetConfig = {
      url: target.url,
      apiKeyEnv: options.apiKeyEnv ?? file.apiKeyEnv ?? DEFAULTS.apiKeyEnv,
      apiKey: process.env[options.apiKeyEnv ?? file.apiKeyEnv ?? DEFAULTS.apiKeyEnv] || undefined,
      headers: file.headers ?? {},
      assistants,
      input: file.input,
      timeoutMs,
      idleTimeoutMs,
      eofBoundMs: file.eofBoundMs ?? DEFAULTS.eofBoundMs,
      graceMs,
      maxEventBytes: file.maxEventBytes ?? DEFAULTS.maxEventBytes,
      capabilitiesJson: undefined,
      session: randomUUID().slice(0, 8),
    };

    let caps: Capabilities;
    try {
      caps = await probeCapabilities(cfg);
    } catch (error) {
      if (error instanceof TargetUnreachable) {
        return finish(errorResult(target.url, target.embedded, started, error.message, reportOptions));
      }
      throw error;
    }
    if (caps.assistants.default === undefined) {
      // Say why the list is empty when the search itself failed (timeout, reset, garbage body).
      const searchProblem = caps.notes.find((n) => n.startsWith("POST /assistants/search answered"));
      return finish(
        errorResult(
          target.url,
          target.embedded,
          started,
          `no assistant to run at ${target.url}: ${searchProblem ?? "/assistants/search listed none"}; pass --assistant ID`,
          reportOptions,
        ),
      );
    }
    print(
      `target ${target.url}: ${caps.referenceGraphs ? "reference graphs detected" : "no reference graphs"}; default assistant "${caps.assistants.default}"; ` +
        `${ids.length} requirement(s) selected`,
    );

    const conformanceTarget: ConformanceTarget = {
      url: target.url,
      apiKeyEnv: cfg.apiKeyEnv,
      assistants: caps.assistants,
      timeoutMs,
      idleTimeoutMs,
      graceMs,
      eofBoundMs: cfg.eofBoundMs,
      maxEventBytes: cfg.maxEventBytes,
      capabilities: caps,
      session: cfg.session,
    };
    if (file.headers) conformanceTarget.headers = file.headers;
    if (file.input !== undefined) conformanceTarget.input = file.input;

    const collector = new CheckCollector(print, new Set(ids));
    const testConfig = conformanceTestConfig(conformanceTarget);
    const escaped = ids.map((id) => id.replace(/-/g, "\\-"));
    const overallMs = options.overallTimeoutMs ?? timeoutMs * 8 + graceMs * 6 + 60_000;
    let incomplete: string | undefined;
    const errors: string[] = [];
    // Vitest sets these in the host process; put them back afterwards (this is a library call).
    const savedEnv = { VITEST: process.env.VITEST, TEST: process.env.TEST, NODE_ENV: process.env.NODE_ENV };
    let vitest: Vitest | undefined;
    try {
      vitest = await createVitest(
        "test",
        {
          config: false,
          root: packageRoot(),
          watch: false,
          reporters: [collector],
          pool: "threads",
          testNamePattern: `(?:^|\\s)(?:${escaped.join("|")})\\s`,
          passWithNoTests: false,
          ...testConfig,
        },
        { cacheDir: join(tmpdir(), "langgraph-conformance-vite"), logLevel: "silent" },
      );
      const run = vitest.start([]).then(
        () => "done" as const,
        (error: unknown) => {
          errors.push(`vitest could not run the suites: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
          return "done" as const;
        },
      );
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<"expired">((resolve) => {
        timer = setTimeout(() => resolve("expired"), overallMs);
      });
      if ((await Promise.race([run, expired])) === "expired") {
        // Watchdog: stop scheduling, give running tests a moment, then tear the workers down.
        incomplete = `the whole check exceeded its ${Math.round(overallMs / 1000)} s limit and was stopped`;
        await vitest.cancelCurrentRun("keyboard-input").catch(() => undefined);
        await Promise.race([run, delay(2_000)]);
      }
      clearTimeout(timer);
    } catch (error) {
      errors.push(`vitest could not start: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
    } finally {
      await Promise.race([vitest?.close().catch(() => undefined), delay(10_000)]);
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    errors.push(...collector.errors);
    if (!collector.finished && incomplete === undefined && errors.length === 0) incomplete = "vitest ended early";

    const results = aggregate(ids, collector.tests, expected, incomplete);
    const summary = summarise(results, strict, errors);
    const result: CheckResult = {
      format: REPORT_FORMAT,
      tool: { name: TOOL_NAME, version: VERSION },
      target: { url: target.url, embedded_mock: target.embedded, info: caps.info ?? null },
      started_at: new Date(started).toISOString(),
      duration_ms: Date.now() - started,
      options: reportOptions,
      capabilities: caps,
      summary,
      results,
      errors,
    };
    return finish(result);
  } finally {
    process.exitCode = savedExitCode;
    await target.close().catch(() => undefined);
  }

  function finish(result: CheckResult): CheckResult {
    if (out) {
      const color = options.output === undefined && process.stdout.isTTY === true && !process.env.NO_COLOR;
      out(`\n${renderTable(result, { color, width: process.stdout.columns ?? 120 })}`);
    }
    writeReports(result, options.reporters ?? []);
    return result;
  }
}

/** Title of a requirement for messages (used by the CLI). */
export function requirementTitle(id: string): string {
  return requirementById(id)?.title ?? id;
}
