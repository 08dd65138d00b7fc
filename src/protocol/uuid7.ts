// Run and thread ids on the JS server are UUIDv7 (spec §2.2). Both minters (the fixture replayer and
// the mock's id source) stamp 16 random bytes the same way, here.

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
