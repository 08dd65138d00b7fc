// Id helpers for the mock. Environment-neutral: Web Crypto only (Node ≥ 20 and browsers), so the
// same code runs under MSW's service worker. src/protocol/uuid5.ts uses node:crypto and cannot be
// bundled for the browser, hence the async Web Crypto variant here.
import { formatHex32, formatUuid, stampUuid7 } from "../protocol/ids.js";
import { ASSISTANT_ID_NAMESPACE } from "../protocol/constants.js";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for any 8-4-4-4-12 hex string (what zod's `.uuid()` accepts, case-insensitive). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}

/** Scratch bytes for the id functions below (each fills and formats them synchronously). */
const SCRATCH = new Uint8Array(16);

// getRandomValues is a native call with a fixed cost; ids are minted by the dozen per replay, so draw
// them from a pool refilled 4 KiB at a time.
const POOL = new Uint8Array(4096);
let poolPos = POOL.length;

/** Fill `bytes` with cryptographically random values from a pool (fast for many small draws). */
export function fillRandom(bytes: Uint8Array): void {
  if (bytes.length > POOL.length) {
    globalThis.crypto.getRandomValues(bytes);
    return;
  }
  if (poolPos + bytes.length > POOL.length) {
    globalThis.crypto.getRandomValues(POOL);
    poolPos = 0;
  }
  // A plain loop: `bytes.set(POOL.subarray(…))` allocates a view per call.
  for (let i = 0; i < bytes.length; i++) bytes[i] = POOL[poolPos + i] as number;
  poolPos += bytes.length;
}

let lastMs = 0;
let seq = 0;

/**
 * UUIDv7 (RFC 9562) with a 12-bit counter in rand_a, so ids minted in the same millisecond still sort
 * in creation order — the store relies on that for deterministic ordering, as the JS server's uuid7 does.
 */
export function uuid7(now: number = Date.now()): string {
  if (now <= lastMs) {
    seq += 1;
    if (seq > 0xfff) {
      lastMs += 1;
      seq = 0;
    }
  } else {
    lastMs = now;
    seq = 0;
  }
  return uuid7With(lastMs, seq);
}

/** A UUIDv7 for `ms` with a 12-bit `counter` in rand_a (RFC 9562 method 1) and 62 random bits. */
export function uuid7With(ms: number, counter: number): string {
  const bytes = SCRATCH;
  fillRandom(bytes);
  return formatUuid(stampUuid7(bytes, ms, counter));
}

/** 32 random hex digits (the shape of a LangGraph interrupt id). */
export function hex32(): string {
  const bytes = SCRATCH;
  fillRandom(bytes);
  return formatHex32(bytes);
}

/** uuid5 of `name` in `namespace` via Web Crypto SHA-1 (async because `subtle.digest` is). */
export async function uuid5(name: string, namespace: string): Promise<string> {
  if (!UUID_RE.test(namespace)) throw new Error(`uuid5: namespace "${namespace}" is not a UUID.`);
  const ns = namespace.replace(/-/g, "");
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-1", input));
  const bytes = digest.slice(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/** The system assistant id the servers register for a graph id (`agent` → `fe096781-…`). */
export function assistantIdForGraphAsync(graphId: string): Promise<string> {
  return uuid5(graphId, ASSISTANT_ID_NAMESPACE);
}
