import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { Utf8Validator, type Utf8Error } from "./utf8.js";
import { bytes, splitAt } from "./testing/helpers.js";

const enc = new TextEncoder();
/** Byte soup rich in UTF-8 edge cases: valid multi-byte characters, truncations, overlongs, surrogates, stray bytes. */
const utf8ish = fc
  .array(
    fc.oneof(
      fc.constantFrom("a", "é", "€", "😀", "\uFEFF", "\n").map((s) => enc.encode(s)),
      fc.constantFrom([0xff], [0x80], [0xc0, 0x80], [0xc2], [0xe2, 0x82], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xf4, 0x90, 0x80, 0x80], [0xf5]).map(
        (b) => Uint8Array.from(b),
      ),
      fc.uint8Array({ maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => bytes(...parts));

function validate(chunks: Uint8Array[]): Utf8Error[] {
  const v = new Utf8Validator();
  const errors: Utf8Error[] = [];
  let base = 0;
  for (const c of chunks) {
    v.feed(c, base, (e) => errors.push(e));
    base += c.length;
  }
  v.end((e) => errors.push(e), "the end of input");
  return errors;
}

describe("Utf8Validator", () => {
  test.prop([utf8ish], { numRuns: 1000 })(
    "its errors are exactly the spans TextDecoder replaces with U+FFFD",
    (input) => {
      const errors = validate([input]);
      const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
      let rebuilt = "";
      let prev = 0;
      for (const e of errors) {
        expect(e.offset).toBeGreaterThanOrEqual(prev);
        rebuilt += fatal.decode(input.subarray(prev, e.offset)) + "\uFFFD"; // the gaps must be valid UTF-8
        expect(Array.from(input.subarray(e.offset, e.offset + e.bytes.length))).toEqual(e.bytes);
        prev = e.offset + e.bytes.length;
      }
      rebuilt += fatal.decode(input.subarray(prev));
      expect(rebuilt).toBe(new TextDecoder("utf-8", { ignoreBOM: true }).decode(input));
    },
  );

  test.prop([utf8ish, fc.array(fc.nat(), { maxLength: 10 })], { numRuns: 500 })(
    "does not depend on how the input is split",
    (input, points) => {
      expect(validate(splitAt(input, points.map((p) => p % (input.length + 1))))).toEqual(validate([input]));
    },
  );
});
