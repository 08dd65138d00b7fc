/**
 * Target configuration of a conformance run, read from environment variables.
 *
 * The runner (src/runner/run.ts) sets these for the vitest workers; a user's own vitest run sets
 * them through `langgraph-conformance/vitest` or by hand. Env vars rather than vitest's
 * `provide`/`inject` so that the suites also run under a plain `vitest` command.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `LGC_TARGET_URL` | base URL of the deployment | required |
 * | `LGC_API_KEY_ENV` | NAME of the env var that holds the API key (sent as `x-api-key`) | `LANGSMITH_API_KEY` |
 * | `LGC_HEADERS` | JSON object of extra request headers | `{}` |
 * | `LGC_ASSISTANTS` | JSON object role → assistant id (`default`, `slow`, `failing`, …) | probed |
 * | `LGC_INPUT` | JSON input for the default assistant | the spec's greeting |
 * | `LGC_TIMEOUT_MS` | bound for one request, and for one whole stream | 30000 |
 * | `LGC_IDLE_TIMEOUT_MS` | longest silence tolerated inside a stream (no event, no EOF) | 10000 |
 * | `LGC_EOF_BOUND_MS` | SR-05: EOF must follow the last event within this | 2000 |
 * | `LGC_GRACE_MS` | side-effect grace window after a run ends (SR-21) | 2000 |
 * | `LGC_MAX_EVENT_BYTES` | cap on one SSE event (and on a non-stream body) | 4 MiB |
 * | `LGC_CAPABILITIES` | JSON capabilities probed by the runner (skips probing) | probed |
 * | `LGC_SESSION` | marker prefix, unique per run | random |
 */
import { randomUUID } from "node:crypto";

/** Assistant roles a check can ask for. `default` runs every generic check. */
export const ROLES = ["default", "slow", "failing", "interrupting", "nested", "parallel", "messages"] as const;
export type Role = (typeof ROLES)[number];

export interface TargetConfig {
  /** Base URL without a trailing slash. */
  url: string;
  /** Name of the env var holding the API key (the key itself is never printed). */
  apiKeyEnv: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
  /** Configured role → assistant id (graph id or UUID); probing fills the rest. */
  assistants: Partial<Record<Role, string>>;
  /** Input for the default assistant when it is not a reference graph. */
  input: unknown | undefined;
  timeoutMs: number;
  idleTimeoutMs: number;
  eofBoundMs: number;
  graceMs: number;
  maxEventBytes: number;
  /** Capabilities JSON from the runner, if it probed already. */
  capabilitiesJson: string | undefined;
  /** Unique per run: prefixes every metadata marker. */
  session: string;
}

export const DEFAULTS = {
  apiKeyEnv: "LANGSMITH_API_KEY",
  timeoutMs: 30_000,
  idleTimeoutMs: 10_000,
  eofBoundMs: 2_000,
  graceMs: 2_000,
  maxEventBytes: 4 * 1024 * 1024,
} as const;

/** The env var names, for the runner and `langgraph-conformance/vitest`. */
export const ENV = {
  url: "LGC_TARGET_URL",
  apiKeyEnv: "LGC_API_KEY_ENV",
  headers: "LGC_HEADERS",
  assistants: "LGC_ASSISTANTS",
  input: "LGC_INPUT",
  timeoutMs: "LGC_TIMEOUT_MS",
  idleTimeoutMs: "LGC_IDLE_TIMEOUT_MS",
  eofBoundMs: "LGC_EOF_BOUND_MS",
  graceMs: "LGC_GRACE_MS",
  maxEventBytes: "LGC_MAX_EVENT_BYTES",
  capabilities: "LGC_CAPABILITIES",
  session: "LGC_SESSION",
} as const;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function parseJsonEnv<T>(env: NodeJS.ProcessEnv, name: string, fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch (error) {
    throw new ConfigError(`${name} is not valid JSON (${(error as Error).message}); fix or unset it.`);
  }
}

function parseMsEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name}=${raw} is not a positive number of milliseconds.`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TargetConfig {
  const url = env[ENV.url];
  if (url === undefined || url === "") {
    throw new ConfigError(
      `${ENV.url} is not set: run the suites through \`langgraph-conformance check --url URL\` or set ${ENV.url} to the deployment's base URL.`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${ENV.url}=${url} is not a valid URL (expected e.g. http://127.0.0.1:2024).`);
  }
  const apiKeyEnv = env[ENV.apiKeyEnv] || DEFAULTS.apiKeyEnv;
  return {
    url: parsed.toString().replace(/\/+$/, ""),
    apiKeyEnv,
    apiKey: env[apiKeyEnv] || undefined,
    headers: parseJsonEnv<Record<string, string>>(env, ENV.headers, {}),
    assistants: parseJsonEnv<Partial<Record<Role, string>>>(env, ENV.assistants, {}),
    input: parseJsonEnv<unknown>(env, ENV.input, undefined),
    timeoutMs: parseMsEnv(env, ENV.timeoutMs, DEFAULTS.timeoutMs),
    idleTimeoutMs: parseMsEnv(env, ENV.idleTimeoutMs, DEFAULTS.idleTimeoutMs),
    eofBoundMs: parseMsEnv(env, ENV.eofBoundMs, DEFAULTS.eofBoundMs),
    graceMs: parseMsEnv(env, ENV.graceMs, DEFAULTS.graceMs),
    maxEventBytes: parseMsEnv(env, ENV.maxEventBytes, DEFAULTS.maxEventBytes),
    capabilitiesJson: env[ENV.capabilities] || undefined,
    session: env[ENV.session] || randomUUID().slice(0, 8),
  };
}

let cached: TargetConfig | undefined;

/** The config of this worker (read once). */
export function config(): TargetConfig {
  cached ??= loadConfig();
  return cached;
}
