// Test helpers shared by the sse unit and property tests (not exported from the package).
import { concatBytes } from "../bytes.js";
import { SseDecoder, SseLimitError, type SseDecoderOptions, type SseDiagnostic, type SseFrame, type SseFramingStats } from "../reader.js";

const encoder = new TextEncoder();

/** Build exact bytes from text parts (UTF-8) and raw bytes. */
export function bytes(...parts: (string | readonly number[] | Uint8Array)[]): Uint8Array {
  return concatBytes(parts.map((p) => (typeof p === "string" ? encoder.encode(p) : Uint8Array.from(p))));
}

/** Split `data` at the given (unsorted, possibly repeated or out-of-range) positions. */
export function splitAt(data: Uint8Array, points: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(points.map((p) => Math.max(0, Math.min(data.length, p))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, data.length]) {
    out.push(data.subarray(prev, c)); // empty chunks included on purpose: they must be harmless
    prev = c;
  }
  return out;
}

export function everyByte(data: Uint8Array): Uint8Array[] {
  return Array.from(data, (_, i) => data.subarray(i, i + 1));
}

export interface DecodeOutcome {
  frames: SseFrame[];
  diagnostics: SseDiagnostic[];
  stats: SseFramingStats;
  pendingAtEof: SseFrame | null;
  lastEventId: string | undefined;
  error?: { message: string; diagnostic: SseDiagnostic };
}

/** Feed chunks through a fresh decoder, capturing a limit error instead of throwing. */
export function decodeChunks(chunks: readonly Uint8Array[], opts?: SseDecoderOptions): DecodeOutcome {
  const d = new SseDecoder(opts);
  const frames: SseFrame[] = [];
  let error: DecodeOutcome["error"];
  try {
    for (const c of chunks) frames.push(...d.push(c));
    frames.push(...d.end());
  } catch (e) {
    if (!(e instanceof SseLimitError)) throw e;
    frames.push(...e.framesBeforeError);
    error = { message: e.message, diagnostic: e.diagnostic };
  }
  const out: DecodeOutcome = {
    frames,
    diagnostics: [...d.diagnostics],
    stats: d.stats,
    pendingAtEof: d.pendingAtEof,
    lastEventId: d.lastEventId,
  };
  if (error) out.error = error;
  return out;
}

/** The HTTP body of a raw capture (`curl -i` output): everything after the first CRLF CRLF. */
export function captureBody(raw: Uint8Array): Uint8Array {
  for (let i = 0; i + 3 < raw.length; i++) {
    if (raw[i] === 13 && raw[i + 1] === 10 && raw[i + 2] === 13 && raw[i + 3] === 10) return raw.subarray(i + 4);
  }
  throw new Error("capture has no CRLF CRLF between head and body");
}
