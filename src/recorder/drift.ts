// Drift check: compares a fresh recording with the committed corpus after normalisation, ignoring what
// legitimately varies between two recordings of the same server (timing, recording time, the number of
// /runs/wait keep-alive newlines, JSON key order). A new server or SDK release that changes a stream
// shows up here as a list of differences by JSON pointer.
import type { Fixture } from "../fixtures/format.js";

export interface DriftDifference {
  fixture: string;
  pointer: string;
  committed: unknown;
  recorded: unknown;
}

const MISSING = Symbol("missing");

/** The parts of a fixture that must not change between recordings of the same server version. */
export function stableView(f: Fixture): unknown {
  const response = { ...f.response } as Record<string, unknown>;
  delete response["headers_ms"];
  delete response["end_ms"];
  delete response["leading_whitespace"];
  if (Array.isArray(f.response.events)) {
    response["events"] = f.response.events.map((e) => {
      const { t: _t, ...rest } = e;
      return rest;
    });
  }
  const { recorded_at: _r, info: _i, ...source } = f.source;
  // Timestamp placeholders are numbered by chronological rank, so two events that share a millisecond
  // in one recording and not in the other shift the numbering; only "a timestamp was here" is stable.
  const { placeholders: _p, ...normalisation } = f.normalisation;
  return maskTimestamps({ ...f, source, response, normalisation });
}

const PLACEHOLDER_TIMESTAMP = /^1970-01-01T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

function maskTimestamps(v: unknown): unknown {
  if (typeof v === "string") return PLACEHOLDER_TIMESTAMP.test(v) ? "<timestamp>" : v;
  if (Array.isArray(v)) return v.map(maskTimestamps);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, maskTimestamps(x)]));
  }
  return v;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function diff(a: unknown, b: unknown, pointer: string, out: Omit<DriftDifference, "fixture">[], limit: number): void {
  if (out.length >= limit) return;
  if (Object.is(a, b)) return;
  const aObj = a !== null && typeof a === "object";
  const bObj = b !== null && typeof b === "object";
  if (aObj && bObj && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) diff(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, `${pointer}/${i}`, out, limit);
      return;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
    for (const k of keys) diff(k in ao ? ao[k] : MISSING, k in bo ? bo[k] : MISSING, `${pointer}/${escapePointer(k)}`, out, limit);
    return;
  }
  out.push({ pointer: pointer || "/", committed: a, recorded: b });
}

export function compareFixtures(committed: Fixture, recorded: Fixture, limit = 20): DriftDifference[] {
  const out: Omit<DriftDifference, "fixture">[] = [];
  diff(stableView(committed), stableView(recorded), "", out, limit);
  return out.map((d) => ({ fixture: committed.name, ...d }));
}

function show(v: unknown): string {
  if (v === MISSING) return "(absent)";
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** A readable diff: one line per difference, `- committed` / `+ recorded`. */
export function formatDrift(diffs: DriftDifference[]): string {
  return diffs
    .map((d) => `${d.fixture} at ${d.pointer}\n  - committed: ${show(d.committed)}\n  + recorded:  ${show(d.recorded)}`)
    .join("\n");
}
