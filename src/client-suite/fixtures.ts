// Which fixtures the client suite can use, and how. Loading is synchronous on purpose: vitest
// collects tests synchronously, and one test per fixture needs the fixture list at collection time.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Fixture } from "../fixtures/format.js";
import { FixtureFileError, parseFixture } from "../fixtures/io.js";
import { corpusDir } from "../runner/paths.js";
import type { ClientEvent } from "./types.js";

/** The package's recorded corpus (`fixtures/corpus`). */
export function defaultCorpusDir(): string {
  return corpusDir();
}

function isFixtureFileName(name: string): boolean {
  return name.endsWith(".json") && !name.startsWith(".") && !name.endsWith(".schema.json") && !name.endsWith(".scenario.json");
}

/** Every fixture under `dir`, recursively, sorted by path (same conventions as `loadFixtureDir`). */
export function loadFixtureDirSync(dir: string): Fixture[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      throw new FixtureFileError(d, code === "ENOENT" ? "fixture directory not found" : `cannot list: ${String(cause)}`, { cause });
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isFixtureFileName(e.name)) files.push(p);
    }
  };
  walk(dir);
  files.sort();
  const seen = new Map<string, string>();
  return files.map((file) => {
    const fx = parseFixture(readFileSync(file, "utf8"), file);
    const prev = seen.get(fx.name);
    if (prev !== undefined) {
      throw new FixtureFileError(file, `fixture name "${fx.name}" is already used by ${relative(dir, prev) || prev}; names must be unique — rename one of them`);
    }
    seen.set(fx.name, file);
    return fx;
  });
}

/** Request body fields an adapter can send (the rest of a recorded body is not the client's business). */
const ADAPTER_FIELDS = new Set(["assistant_id", "input", "stream_mode", "stream_subgraphs"]);

export type FixtureUse =
  | { kind: "stream"; fixture: Fixture }
  | { kind: "wait"; fixture: Fixture }
  | { kind: "http-error"; endpoint: "stream" | "wait"; fixture: Fixture }
  | { kind: "unused"; fixture: Fixture; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * How the suite uses a fixture: successful stateless `/runs/stream` and `/runs/wait` exchanges are
 * replayed; 4xx/5xx answers to a request the adapter contract can express become `http-error` cases.
 * A successful recording whose body has fields beyond the contract (config, on_completion,
 * interrupt_before…) is still replayed — the mock serves it per case, and those fields only shaped
 * the server's output, which is what the client must read.
 */
export function classifyFixture(fixture: Fixture): FixtureUse {
  const { request, response } = fixture;
  const path = request.path.split("?")[0];
  const endpoint = path === "/runs/stream" ? "stream" : path === "/runs/wait" ? "wait" : undefined;
  if (request.method !== "POST" || !endpoint) return { kind: "unused", fixture, reason: `${request.method} ${request.path} is not a stateless run` };
  if (request.raw_body !== undefined || !isObject(request.body)) return { kind: "unused", fixture, reason: "the request body is not a JSON object" };
  const body = request.body;
  if (typeof body["assistant_id"] !== "string") return { kind: "unused", fixture, reason: "the request has no assistant_id" };
  if (response.status >= 400) {
    const extra = Object.keys(body).filter((k) => !ADAPTER_FIELDS.has(k));
    if (extra.length > 0) return { kind: "unused", fixture, reason: `the error depends on fields an adapter cannot send: ${extra.join(", ")}` };
    return { kind: "http-error", endpoint, fixture };
  }
  if (response.status < 200 || response.status >= 300) return { kind: "unused", fixture, reason: `status ${response.status}` };
  if (endpoint === "stream") {
    if (response.kind !== "sse" || !response.events) return { kind: "unused", fixture, reason: "not an SSE response" };
    return { kind: "stream", fixture };
  }
  if (response.kind !== "json") return { kind: "unused", fixture, reason: "not a JSON wait body" };
  return { kind: "wait", fixture };
}

/** The events a client should yield for a replay of `fixture`. */
export function expectedEvents(fixture: Fixture): ClientEvent[] {
  return (fixture.response.events ?? []).map((e) => ({ event: e.event, data: e.data }));
}

/** The request the adapter is asked to make for `fixture` (minus baseUrl and signal). */
export function requestOf(fixture: Fixture): {
  assistantId: string;
  input: unknown;
  streamMode?: string | string[];
  streamSubgraphs?: boolean;
  headers?: Record<string, string>;
} {
  const body = fixture.request.body as Record<string, unknown>;
  const out: ReturnType<typeof requestOf> = { assistantId: body["assistant_id"] as string, input: body["input"] };
  const mode = body["stream_mode"];
  if (typeof mode === "string" || (Array.isArray(mode) && mode.every((m) => typeof m === "string"))) out.streamMode = mode as string | string[];
  if (typeof body["stream_subgraphs"] === "boolean") out.streamSubgraphs = body["stream_subgraphs"];
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(fixture.request.headers ?? {})) {
    // x-* headers the scenario sent (they may reach the run's config); never redacted values.
    if (k.startsWith("x-") && !k.startsWith("x-mock-") && !v.includes("[REDACTED")) headers[k] = v;
  }
  if (Object.keys(headers).length > 0) out.headers = headers;
  return out;
}
