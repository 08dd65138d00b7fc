// Id helpers for the mock. Environment-neutral: Web Crypto only (Node ≥ 20 and browsers), so the
// same code runs under MSW's service worker. src/protocol/uuid5.ts uses node:crypto and cannot be
// bundled for the browser, hence the async Web Crypto variant here.
import { ASSISTANT_ID_NAMESPACE } from "../protocol/constants.js";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for any 8-4-4-4-12 hex string (what zod's `.uuid()` accepts, case-insensitive). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}

function format(bytes: Uint8Array): string {
  let h = "";
  for (const b of bytes) h += HEX[b];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

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
  bytes.set(POOL.subarray(poolPos, poolPos + bytes.length));
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
  const t = lastMs;
  const bytes = new Uint8Array(16);
  fillRandom(bytes);
  bytes[0] = Math.floor(t / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(t / 2 ** 32) & 0xff;
  bytes[2] = (t >>> 24) & 0xff;
  bytes[3] = (t >>> 16) & 0xff;
  bytes[4] = (t >>> 8) & 0xff;
  bytes[5] = t & 0xff;
  bytes[6] = 0x70 | (seq >>> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  return format(bytes);
}

/** Random UUIDv4 (what the messages reducer assigns). */
export function uuid4(): string {
  return globalThis.crypto.randomUUID();
}

/** 32 random hex digits (the shape of a LangGraph interrupt id). */
export function hex32(): string {
  const bytes = new Uint8Array(16);
  fillRandom(bytes);
  let h = "";
  for (const b of bytes) h += HEX[b];
  return h;
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
  return format(bytes);
}

/** The system assistant id the servers register for a graph id (`agent` → `fe096781-…`). */
export function assistantIdForGraphAsync(graphId: string): Promise<string> {
  return uuid5(graphId, ASSISTANT_ID_NAMESPACE);
}
