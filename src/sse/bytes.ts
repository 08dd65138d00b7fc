// Byte helpers shared by the SSE reader and its users. Environment-neutral (no Buffer): the reader
// also runs in browsers.

/** The parts joined into one array (`length`, when known, saves a pass over them). */
export function concatBytes(parts: readonly Uint8Array[], length = parts.reduce((n, p) => n + p.byteLength, 0)): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
