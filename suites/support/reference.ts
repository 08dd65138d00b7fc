/**
 * Knowledge of the project's reference graphs (fixtures/graphs, table in
 * docs captures/README.md): their ids, the standard input every recorded fixture uses, and request
 * bodies per assistant role. The mock deployment replays fixtures recorded with exactly these
 * inputs, so the suites use them too.
 */
import { config } from "./config.js";
import type { Role } from "./config.js";
import type { Capabilities } from "./probe.js";

export const REFERENCE_GRAPHS = ["agent", "echo", "slow", "failing", "interrupting", "nested", "counter", "parallel"] as const;
export type ReferenceGraph = (typeof REFERENCE_GRAPHS)[number];

/** The user message of every recorded scenario (fixtures/scenarios/default.json). */
export const STANDARD_TEXT = "Hello! My name is Bagatur and I am 26 years old.";
export const STANDARD_INPUT = { messages: [{ role: "user", content: STANDARD_TEXT }] } as const;
export const COUNTER_INPUT = { count: 5 } as const;

/** Default sleep for the slow role: long enough to act while the run is active. */
export const SLOW_SLEEP_MS = 1500;

/** Input for an assistant role: reference graphs get the standard input; others the configured one. */
export function inputFor(caps: Capabilities, role: Role): unknown {
  const id = caps.assistants[role];
  if (caps.referenceGraphs && id === "counter") return COUNTER_INPUT;
  if (caps.referenceGraphs && (REFERENCE_GRAPHS as readonly string[]).includes(id ?? "")) return STANDARD_INPUT;
  return config().input ?? STANDARD_INPUT;
}

export interface BodyOptions {
  streamMode?: string | string[];
  metadata?: Record<string, unknown>;
  /** For the slow role: how long its node sleeps. */
  sleepMs?: number;
  extra?: Record<string, unknown>;
}

/** A stateless run body for a role's assistant. */
export function runBody(caps: Capabilities, role: Role, opts: BodyOptions = {}): Record<string, unknown> {
  const assistantId = caps.assistants[role];
  if (assistantId === undefined) throw new Error(`no assistant for role "${role}"`);
  const body: Record<string, unknown> = { assistant_id: assistantId, input: inputFor(caps, role) };
  if (opts.streamMode !== undefined) body.stream_mode = opts.streamMode;
  if (opts.metadata !== undefined) body.metadata = opts.metadata;
  if (role === "slow") body.config = { configurable: { sleep_ms: opts.sleepMs ?? SLOW_SLEEP_MS } };
  return { ...body, ...opts.extra };
}
