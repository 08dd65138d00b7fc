/**
 * Streaming UTF-8 validator that reports each ill-formed sequence with its byte offset.
 *
 * `TextDecoder` in fatal mode only says "invalid", never where; a conformance report needs the byte
 * offset. This follows the WHATWG Encoding "UTF-8 decoder" exactly (maximal subparts), so each
 * reported sequence corresponds to exactly one U+FFFD that a replacing decoder emits, and results do
 * not depend on how the bytes are split across `feed` calls.
 */

export interface Utf8Error {
  /** Byte offset of the first byte of the ill-formed sequence. */
  offset: number;
  /** The ill-formed bytes (1–3); they decode to a single U+FFFD. */
  bytes: number[];
  /** Why the sequence is ill-formed, for messages. */
  reason: string;
}

const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, "0");

export function formatBytes(bytes: readonly number[]): string {
  return bytes.map(hex).join(" ");
}

export class Utf8Validator {
  #needed = 0;
  #lower = 0x80;
  #upper = 0xbf;
  #start = 0;
  #pending: number[] = [];

  /** Validate `bytes`, whose first byte is at stream offset `base`. */
  feed(bytes: Uint8Array, base: number, onError: (e: Utf8Error) => void): void {
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      if (this.#needed === 0) {
        if (b < 0x80) continue;
        if (b >= 0xc2 && b <= 0xdf) {
          this.#needed = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) this.#lower = 0xa0;
          if (b === 0xed) this.#upper = 0x9f;
          this.#needed = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) this.#lower = 0x90;
          if (b === 0xf4) this.#upper = 0x8f;
          this.#needed = 3;
        } else {
          onError({
            offset: base + i,
            bytes: [b],
            reason: b < 0xc0 ? "is a continuation byte without a lead byte" : "can never appear in UTF-8",
          });
          continue;
        }
        this.#start = base + i;
        this.#pending = [b];
        continue;
      }
      if (b < this.#lower || b > this.#upper) {
        onError({
          offset: this.#start,
          bytes: this.#pending,
          reason: `is an incomplete sequence: the next byte ${hex(b)} is not a valid continuation here`,
        });
        this.#reset();
        i--; // WHATWG: the offending byte is processed again as the start of something new
        continue;
      }
      this.#lower = 0x80;
      this.#upper = 0xbf;
      this.#pending.push(b);
      if (this.#pending.length === this.#needed + 1) this.#reset();
    }
  }

  /** Input ends (end of line or stream): a sequence still open is ill-formed. */
  end(onError: (e: Utf8Error) => void, where: string): void {
    if (this.#needed === 0) return;
    onError({ offset: this.#start, bytes: this.#pending, reason: `is an incomplete sequence cut off by ${where}` });
    this.#reset();
  }

  #reset(): void {
    this.#needed = 0;
    this.#lower = 0x80;
    this.#upper = 0xbf;
    this.#pending = [];
  }
}
