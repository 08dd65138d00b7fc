// Comparing what a client yielded with what the fixture recorded. The mock re-mints every id per
// replay, so ids are compared up to renaming: each distinct UUID (also inside strings such as
// `run-<uuid>` or `updates|sub:<uuid>`), 32-hex interrupt id and ISO timestamp becomes a numbered
// token in order of first appearance. Both sides are masked the same way, so a client that yields
// the events intact compares equal, and one that mixes ids up (or reorders events) does not.
import type { ClientEvent } from "./types.js";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const HEX32 = /^[0-9a-f]{32}$/;

/** A masker with one consistent mapping; mask every value of one side with the same masker. */
export function createMasker(): <T>(value: T) => T {
  const maps = { uuid: new Map<string, string>(), hex: new Map<string, string>(), ts: new Map<string, string>() };
  const token = (kind: keyof typeof maps, v: string): string => {
    const m = maps[kind];
    let t = m.get(v.toLowerCase());
    if (t === undefined) {
      t = `<${kind}:${m.size + 1}>`;
      m.set(v.toLowerCase(), t);
    }
    return t;
  };
  const str = (s: string): string => {
    if (HEX32.test(s)) return token("hex", s);
    return s.replace(UUID, (u) => token("uuid", u)).replace(ISO, (d) => token("ts", d));
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // user-agent values are the client's own (normalised in fixtures): never compared.
        out[str(k)] = k.toLowerCase() === "user-agent" ? "<user-agent>" : walk(x);
      }
      return out;
    }
    return v;
  };
  return <T>(value: T): T => walk(value) as T;
}

export function maskEvents(events: readonly ClientEvent[]): ClientEvent[] {
  const mask = createMasker();
  return events.map((e) => ({ event: mask(e.event), data: mask(e.data) }));
}

/** Deep equality of JSON-like values (key order ignored, as JSON.parse results may differ in order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** Short JSON for messages. */
export function preview(value: unknown, max = 240): string {
  let s: string;
  try {
    s = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

const names = (events: readonly ClientEvent[]): string => {
  const list = events.map((e) => e.event);
  return list.length > 12 ? `[${list.slice(0, 12).join(", ")}, … ${list.length - 12} more]` : `[${list.join(", ")}]`;
};

/**
 * Undefined when `actual` equals `expected` (masked); otherwise a message naming the first
 * difference: a missing, extra, renamed or changed event.
 */
export function diffEvents(expected: readonly ClientEvent[], actual: readonly ClientEvent[]): string | undefined {
  const e = maskEvents(expected);
  const a = maskEvents(actual);
  const n = Math.min(e.length, a.length);
  for (let i = 0; i < n; i++) {
    const x = e[i] as ClientEvent;
    const y = a[i] as ClientEvent;
    if (x.event !== y.event) {
      return `event #${i}: expected "${x.event}", got "${y.event}" (expected events ${names(expected)}, got ${names(actual)})`;
    }
    if (!jsonEqual(x.data, y.data)) {
      return `event #${i} ("${x.event}") data differs (ids masked):\n  expected ${preview(x.data)}\n  got      ${preview(y.data)}`;
    }
  }
  if (a.length < e.length) {
    return `got ${a.length} of ${e.length} events: missing from #${a.length} on: ${names(expected.slice(a.length))}`;
  }
  if (a.length > e.length) {
    return `got ${a.length} events, expected ${e.length}: extra from #${e.length} on: ${names(actual.slice(e.length))}`;
  }
  return undefined;
}
