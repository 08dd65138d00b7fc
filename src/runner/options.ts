/**
 * Options of a check, the config file (`--config FILE`) and the expected-failures file.
 * Every problem here is a usage error: the check cannot run, exit code 2, one clear line.
 */
import { readFileSync } from "node:fs";
import { REQUIREMENTS, requirementById, type Level } from "../../suites/catalogue.js";
import { ROLES, type Role } from "../../suites/support/config.js";

export class UsageError extends Error {
  override name = "UsageError";
}

export type ReporterKind = "json" | "junit" | "markdown";
export const REPORTER_KINDS: readonly ReporterKind[] = ["json", "junit", "markdown"];

export interface ReporterTarget {
  kind: ReporterKind;
  path: string;
}

export interface CheckOptions {
  /** Base URL of the deployment; omitted → the embedded mock deployment. */
  url?: string;
  /** `ID` (the default assistant) or `ROLE=ID` (roles: default, slow, failing, interrupting, nested, parallel, messages). */
  assistants?: string[];
  /** A config file path, or its parsed content. */
  config?: string | ConfigFile;
  /** Only these requirement ids. */
  only?: string[];
  /** Lowest level to check: `must` → MUST only; `should` → MUST+SHOULD; `may` (default) → all. */
  level?: "must" | "should" | "may";
  /** SHOULD failures fail the check (exit 1). */
  strict?: boolean;
  /** Expected-failures file path, or the map id → reason. */
  expectFailures?: string | Record<string, string>;
  reporters?: ReporterTarget[];
  /** Per-request / per-stream timeout in seconds (default 30). */
  timeoutS?: number;
  /** Side-effect grace window in ms (default 2000). */
  graceMs?: number;
  /** Name of the env var with the API key (default LANGSMITH_API_KEY). */
  apiKeyEnv?: string;
  /** Where live progress and the final table go; default process.stdout. `false` = silent. */
  output?: ((text: string) => void) | false;
  /** Options for the embedded mock (no `url`), e.g. a fixtures dir or a profile. */
  mock?: Record<string, unknown>;
  /** Overall limit for the whole run in ms (default derived from the timeout). */
  overallTimeoutMs?: number;
}

/** The `--config FILE` format (JSON). Command-line options win over it. */
export interface ConfigFile {
  url?: string;
  apiKeyEnv?: string;
  headers?: Record<string, string>;
  assistants?: Partial<Record<Role, string>>;
  input?: unknown;
  timeoutS?: number;
  idleTimeoutS?: number;
  graceMs?: number;
  eofBoundMs?: number;
  maxEventBytes?: number;
  only?: string[];
  level?: "must" | "should" | "may";
  strict?: boolean;
  expectFailures?: string | Record<string, string>;
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function loadConfigFile(config: string | ConfigFile | undefined): ConfigFile {
  if (config === undefined) return {};
  const value = typeof config === "string" ? readJsonFile(config, "config file") : config;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`config file must hold a JSON object (url, assistants, timeoutS, …)`);
  }
  return value as ConfigFile;
}

/** `["agent", "slow=slow-graph"]` → `{default: "agent", slow: "slow-graph"}`. */
export function parseAssistants(specs: readonly string[] | undefined): Partial<Record<Role, string>> {
  const out: Partial<Record<Role, string>> = {};
  for (const spec of specs ?? []) {
    const eq = spec.indexOf("=");
    const role = (eq < 0 ? "default" : spec.slice(0, eq)) as Role;
    const id = eq < 0 ? spec : spec.slice(eq + 1);
    if (!ROLES.includes(role)) {
      throw new UsageError(`--assistant ${spec}: unknown role "${role}"; use ID or ROLE=ID with ROLE one of ${ROLES.join(", ")}`);
    }
    if (id === "") throw new UsageError(`--assistant ${spec}: the assistant id is empty`);
    out[role] = id;
  }
  return out;
}

/**
 * Expected failures: a JSON object `{"SR-28": "reason", …}`, or `{"expected_failures": {…}}` with
 * other documenting keys beside it. Keys starting with `$` or `_` are comments.
 */
export function loadExpectedFailures(source: string | Record<string, string> | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (source === undefined) return map;
  const raw = typeof source === "string" ? readJsonFile(source, "expected-failures file") : source;
  const where = typeof source === "string" ? source : "expected failures";
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${where} must be a JSON object mapping requirement id → reason`);
  }
  const obj = raw as Record<string, unknown>;
  const entries = typeof obj.expected_failures === "object" && obj.expected_failures !== null ? (obj.expected_failures as Record<string, unknown>) : obj;
  for (const [id, reason] of Object.entries(entries)) {
    if (id.startsWith("$") || id.startsWith("_")) continue;
    if (entries !== obj || !["format", "target", "description"].includes(id)) {
      if (requirementById(id) === undefined) {
        throw new UsageError(`${where}: "${id}" is not a requirement id (see suites/catalogue.ts, e.g. SR-28)`);
      }
      if (typeof reason !== "string" || reason.trim() === "") {
        throw new UsageError(`${where}: the reason for ${id} must be a non-empty string`);
      }
      map.set(id, reason);
    }
  }
  return map;
}

const LEVELS_FOR: Record<"must" | "should" | "may", Level[]> = {
  must: ["MUST"],
  should: ["MUST", "SHOULD"],
  may: ["MUST", "SHOULD", "MAY"],
};

/** The requirement ids to run. */
export function selectIds(only: readonly string[] | undefined, level: "must" | "should" | "may" = "may"): { ids: string[]; levels: Level[] } {
  if (!(level in LEVELS_FOR)) throw new UsageError(`--level ${String(level)}: use must, should or may`);
  const levels = LEVELS_FOR[level];
  for (const id of only ?? []) {
    if (requirementById(id) === undefined) throw new UsageError(`--only ${id}: no such requirement id (e.g. SR-01 … SR-41, RG-01 … RG-08, SC-01)`);
  }
  const ids = REQUIREMENTS.filter((r) => levels.includes(r.level) && (only === undefined || only.length === 0 || only.includes(r.id))).map((r) => r.id);
  if (ids.length === 0) throw new UsageError(`no requirement matches --only ${(only ?? []).join(",")} at --level ${level}`);
  return { ids, levels };
}

/** `json=out.json` → {kind, path}. */
export function parseReporter(spec: string): ReporterTarget {
  const eq = spec.indexOf("=");
  const kind = (eq < 0 ? spec : spec.slice(0, eq)) as ReporterKind;
  const path = eq < 0 ? "" : spec.slice(eq + 1);
  if (!REPORTER_KINDS.includes(kind)) throw new UsageError(`--reporter ${spec}: kind must be one of ${REPORTER_KINDS.join(", ")} (KIND=PATH)`);
  if (path === "") throw new UsageError(`--reporter ${spec}: give a file path, e.g. ${kind}=report.${kind === "markdown" ? "md" : kind === "junit" ? "xml" : "json"}`);
  return { kind, path };
}

export function validateUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${url}: not a valid URL (expected e.g. http://127.0.0.1:2024)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`--url ${url}: only http and https are supported`);
  }
  return parsed.toString().replace(/\/+$/, "");
}
