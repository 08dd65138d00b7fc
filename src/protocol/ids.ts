// Id layout and formatting shared by the fixture replayer and the mock's id source. Run and thread ids
// on the JS server are UUIDv7 (spec §2.2); interrupt ids are 32 hex digits. Environment-neutral.

/**
 * Turn 16 random bytes into a UUIDv7 (RFC 9562): 48-bit `ms` timestamp, version 7 with a 12-bit
 * `counter` in rand_a (method 1, so ids minted in one millisecond still sort in minting order), the
 * RFC variant, and the remaining 62 random bits kept.
 */
export function stampUuid7(bytes: Uint8Array, ms: number, counter: number): Uint8Array {
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  return bytes;
}

// Ids are built as ASCII bytes and decoded once: the result is a flat string. Concatenating 20
// pieces gives a rope of ~13 cons strings instead, and ids live on in the mock's store and recent-runs
// window long enough to be promoted, rope and all (measurably more GC work per request).
const HEX_CODES = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  const h = i.toString(16).padStart(2, "0");
  HEX_CODES[i] = h.charCodeAt(0) | (h.charCodeAt(1) << 8);
}
const ASCII = new TextDecoder(); // UTF-8: the bytes are ASCII, and every runtime has this decoder
const UUID_TEXT = new Uint8Array(36);
const HEX32_TEXT = new Uint8Array(32);

function hexInto(out: Uint8Array, at: number, byte: number): number {
  const c = HEX_CODES[byte] as number;
  out[at] = c & 0xff;
  out[at + 1] = c >>> 8;
  return at + 2;
}

/** 16 bytes as a lower-case 8-4-4-4-12 UUID string. */
export function formatUuid(b: Uint8Array): string {
  const out = UUID_TEXT;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[j++] = 0x2d; // "-"
    j = hexInto(out, j, b[i] as number);
  }
  return ASCII.decode(out);
}

/** 16 bytes as 32 lower-case hex digits (the shape of a LangGraph interrupt id). */
export function formatHex32(b: Uint8Array): string {
  for (let i = 0; i < 16; i++) hexInto(HEX32_TEXT, i * 2, b[i] as number);
  return ASCII.decode(HEX32_TEXT);
}
