/**
 * `langgraph-conformance/vitest`: run the conformance suites inside your own vitest setup.
 *
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from "vitest/config";
 * import { conformanceTestConfig } from "langgraph-conformance/vitest";
 *
 * export default defineConfig({
 *   test: {
 *     projects: [
 *       { test: { name: "unit", include: ["src/**\/*.test.ts"] } },
 *       { test: { name: "conformance", ...conformanceTestConfig({ url: "http://127.0.0.1:2024" }) } },
 *     ],
 *   },
 * });
 * ```
 *
 * Each test is named by its requirement id (`SR-14 …`); filter with `-t "SR-14"`. The suites read
 * their target from `LGC_*` environment variables (suites/support/config.ts), which this config sets.
 */
import { join } from "node:path";
import { ENV } from "../../suites/support/config.js";
import type { Role } from "../../suites/support/config.js";
import { SUITE_ORDER, suiteGlob, suitesDir } from "./paths.js";

export interface ConformanceTarget {
  /** Base URL of the deployment. */
  url: string;
  /** Name of the env var holding the API key (sent as `x-api-key`). Default `LANGSMITH_API_KEY`. */
  apiKeyEnv?: string;
  /** Role → assistant id; `default` runs the generic checks. Probed when omitted. */
  assistants?: Partial<Record<Role, string>>;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Input for the default assistant (when it is not a reference graph). */
  input?: unknown;
  /** Per-request and per-stream timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Longest silence inside a stream, ms. Default 10 000. */
  idleTimeoutMs?: number;
  /** Side-effect grace window, ms. Default 2 000. */
  graceMs?: number;
  /** SR-05 bound, ms. Default 2 000. */
  eofBoundMs?: number;
  /** Cap on one SSE event, bytes. Default 4 MiB. */
  maxEventBytes?: number;
  /** Capabilities already probed (JSON-able), to skip probing in every worker. */
  capabilities?: unknown;
  /** Marker prefix. */
  session?: string;
}

/** The `LGC_*` environment for a target. */
export function conformanceEnv(target: ConformanceTarget): Record<string, string> {
  const env: Record<string, string> = { [ENV.url]: target.url };
  if (target.apiKeyEnv) env[ENV.apiKeyEnv] = target.apiKeyEnv;
  if (target.assistants) env[ENV.assistants] = JSON.stringify(target.assistants);
  if (target.headers) env[ENV.headers] = JSON.stringify(target.headers);
  if (target.input !== undefined) env[ENV.input] = JSON.stringify(target.input);
  if (target.timeoutMs) env[ENV.timeoutMs] = String(target.timeoutMs);
  if (target.idleTimeoutMs) env[ENV.idleTimeoutMs] = String(target.idleTimeoutMs);
  if (target.graceMs) env[ENV.graceMs] = String(target.graceMs);
  if (target.eofBoundMs) env[ENV.eofBoundMs] = String(target.eofBoundMs);
  if (target.maxEventBytes) env[ENV.maxEventBytes] = String(target.maxEventBytes);
  if (target.capabilities !== undefined) env[ENV.capabilities] = JSON.stringify(target.capabilities);
  if (target.session) env[ENV.session] = target.session;
  return env;
}

interface SpecLike {
  moduleId: string;
}

/**
 * Runs the suite files in {@link SUITE_ORDER}: the side-effect suite counts threads and must not
 * overlap other requests, so it goes first and files never run in parallel.
 */
export class ConformanceSequencer {
  async shard<T extends SpecLike>(files: T[]): Promise<T[]> {
    return files;
  }
  async sort<T extends SpecLike>(files: T[]): Promise<T[]> {
    const rank = (f: T) => {
      const i = SUITE_ORDER.findIndex((name) => f.moduleId.includes(`${name}.suite.`));
      return i < 0 ? SUITE_ORDER.length : i;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/** Absolute paths of the suite files (for `include`). */
export function conformanceInclude(): string[] {
  return [join(suitesDir(), suiteGlob())];
}

/**
 * A vitest `test` config fragment that runs the conformance suites against `target`. Spread it into
 * a project (recommended) or your root `test` config.
 */
export function conformanceTestConfig(target: ConformanceTarget) {
  const timeoutMs = target.timeoutMs ?? 30_000;
  const graceMs = target.graceMs ?? 2_000;
  return {
    include: conformanceInclude(),
    // The defaults exclude node_modules/ and dist/, which is where an installed package keeps its suites.
    exclude: [],
    env: conformanceEnv(target),
    fileParallelism: false,
    sequence: { sequencer: ConformanceSequencer },
    testTimeout: timeoutMs * 3 + graceMs + 10_000,
    hookTimeout: timeoutMs * 6 + graceMs * 4 + 30_000,
  };
}
