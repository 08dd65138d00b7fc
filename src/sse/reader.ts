/**
 * Strict Server-Sent Events reader for conformance checks (spec §4; SDK rules §12).
 *
 * Why hand-written instead of `eventsource-parser` (3.1.1 is the last release that supports Node 20)?
 * Its `feed()` takes already-decoded strings, so it cannot report invalid UTF-8 or byte offsets; it
 * silently drops an unterminated final event at EOF; its only diagnostics are `unknown-field` and
 * `invalid-retry` (plus an `onComment` callback) with no position, no line-ending census, no BOM or
 * no-colon report; and it hands out the `id` of the current block rather than WHATWG's sticky last
 * event ID. A conformance suite needs all of that, so this module implements the WHATWG HTML
 * "event stream interpretation" algorithm directly on bytes:
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * Design: line breaks are found on raw bytes (CR and LF never occur inside a UTF-8 multi-byte
 * sequence), each complete line is decoded on its own, and only the current incomplete line plus the
 * current event's data are buffered. Per-line decoding gives the same text as decoding the whole
 * stream, because a decoder that meets CR/LF inside a broken sequence emits U+FFFD and then treats the
 * CR/LF normally. Every result (frames, diagnostics, stats) is independent of how the bytes are
 * chunked; `roundtrip.property.test.ts` checks that.
 */

import { concatBytes } from "./bytes.js";
import { formatBytes, Utf8Validator, type Utf8Error } from "./utf8.js";

/** One dispatched event, as the WHATWG algorithm would deliver it to `EventSource` listeners. */
export interface SseFrame {
  /** Event type: the last `event:` value of the block, or `"message"` when absent or empty (WHATWG). */
  event: string;
  /** `data:` values joined with `"\n"`. */
  data: string;
  /** The last event ID in force at dispatch (sticky across events, WHATWG); absent until a valid `id:` line. */
  id?: string;
  /** Whether THIS event's block contained a valid `id:` line (one without U+0000). */
  hadId: boolean;
  /** Reconnection time in ms in force at dispatch (sticky, like `id`); absent until a valid `retry:` line. */
  retry?: number;
  /** Whether THIS event's block contained a valid `retry:` line. */
  hadRetry: boolean;
  /** Whether the block had an `event` field line (even an empty one). */
  hasEventField: boolean;
  /** Stream byte offset (a leading BOM counts) of the block's first field line; comments before it are excluded. */
  startOffset: number;
  /**
   * Stream byte offset where the dispatching blank line starts: `[startOffset, endOffset)` holds the
   * event's field lines with their terminators. The blank line's own terminator is left out so the
   * value is known at dispatch even when a chunk ends between CR and LF.
   */
  endOffset: number;
}

export type SseDiagnosticKind =
  /** Ill-formed UTF-8; decoded as U+FFFD and parsing continues. */
  | "invalid-utf8"
  /** A UTF-8 BOM at the start of the stream (stripped, as WHATWG requires; servers do not send one). */
  | "bom"
  /** The stream ended inside an event or line; WHATWG discards it (see `SseDecoder.pendingAtEof`). */
  | "unterminated-event"
  /** A field other than event/data/id/retry; ignored. */
  | "unknown-field"
  /** A non-comment line without a colon; the whole line is the field name, the value is empty. */
  | "field-without-colon"
  /** A block with an `event:` field but no `data:`; WHATWG drops it (the JS SDK would yield it). */
  | "event-without-data"
  /** A `retry:` value that is not only ASCII digits; ignored. */
  | "invalid-retry"
  /** An `id:` value containing U+0000; the line is ignored. */
  | "id-with-nul"
  /** An event grew past `maxEventBytes`; the decoder throws `SseLimitError`. */
  | "event-too-large"
  /** A line ending style (LF, CRLF, CR) different from the stream's first one; reported once per style. */
  | "mixed-line-endings";

export interface SseDiagnostic {
  kind: SseDiagnosticKind;
  /** Stream byte offset the diagnostic refers to. */
  offset: number;
  /** 1-based line number of that offset. */
  line: number;
  message: string;
}

export interface SseFramingStats {
  /** Line terminators seen. A CR at the end of a chunk is counted once the next byte (or EOF) is known. */
  lineEndings: { lf: number; crlf: number; cr: number };
  /** Comment lines (starting with `:`). */
  comments: number;
  /** Lines whose field is `id` (valid or not). */
  idLines: number;
  /** Lines whose field is `retry` (valid or not). */
  retryLines: number;
  /** Bytes received, including a BOM. */
  bytes: number;
  /** Whether the stream started with a UTF-8 BOM. */
  bom: boolean;
  /** Events dispatched. */
  events: number;
  /** Diagnostics not stored because `maxDiagnostics` was reached. */
  droppedDiagnostics: number;
}

export interface SseDecoderOptions {
  /** Largest event accepted, counted as bytes of its non-comment lines without terminators. Default 16 MiB. */
  maxEventBytes?: number;
  /** Diagnostics kept in memory; further ones are only counted in `stats.droppedDiagnostics`. Default 1000. */
  maxDiagnostics?: number;
  /** Called for every stored diagnostic, as soon as it is found. */
  onDiagnostic?: (d: SseDiagnostic) => void;
}

/** Thrown when an event exceeds `maxEventBytes`, so a suite can fail fast instead of buffering without bound. */
export class SseLimitError extends Error {
  override readonly name = "SseLimitError";
  /** Events completed in the same `push()` before the limit was hit; `readSse` yields them before throwing. */
  framesBeforeError: SseFrame[] = [];
  constructor(
    readonly diagnostic: SseDiagnostic,
    readonly limit: number,
  ) {
    super(diagnostic.message);
  }
}

export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_DIAGNOSTICS = 1000;

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const BOM = [0xef, 0xbb, 0xbf] as const;
type LineEnding = "lf" | "crlf" | "cr";
const ENDING_NAME: Record<LineEnding, string> = { lf: "LF", crlf: "CRLF", cr: "CR" };

const quote = (s: string, max = 40): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/**
 * Incremental decoder: feed bytes with `push`, call `end` at EOF. Frames come back from `push` as soon
 * as their blank line arrives; diagnostics accumulate in `diagnostics` (and go to `onDiagnostic`).
 */
export class SseDecoder {
  readonly #maxEventBytes: number;
  readonly #maxDiagnostics: number;
  readonly #onDiagnostic: ((d: SseDiagnostic) => void) | undefined;
  readonly #diagnostics: SseDiagnostic[] = [];
  readonly #stats: SseFramingStats = {
    lineEndings: { lf: 0, crlf: 0, cr: 0 },
    comments: 0,
    idLines: 0,
    retryLines: 0,
    bytes: 0,
    bom: false,
    events: 0,
    droppedDiagnostics: 0,
  };
  readonly #fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  // ignoreBOM: a U+FEFF that is not at the very start of the stream is content, not a BOM.
  readonly #lenient = new TextDecoder("utf-8", { ignoreBOM: true });

  #state: "open" | "ended" | "failed" = "open";
  /** First bytes held back until we know whether they are a BOM; null once decided. */
  #bomPrefix: number[] | null = [];
  /** Stream offset of the next byte to scan. */
  #offset = 0;
  #lineNo = 1;
  #lineStart = 0;
  /** A CR ended the previous chunk: whether it is CR or half of CRLF is decided by the next byte. */
  #pendingCr: { offset: number; line: number } | null = null;

  // Current (incomplete) line. Comment lines are never buffered, only validated.
  #segments: Uint8Array[] = [];
  #lineLength = 0;
  #lineIsComment = false;
  readonly #commentUtf8 = new Utf8Validator();
  #commentErrors: Utf8Error[] = [];
  #commentErrorsDropped = 0;

  // Current event block (WHATWG data buffer and event type buffer, plus what we report).
  #blockStart = -1;
  #blockLine = 0;
  #blockBytes = 0;
  #eventType = "";
  #hasEventField = false;
  #data: string[] = [];
  #hadId = false;
  #hadRetry = false;

  // Sticky state (WHATWG last event ID buffer and reconnection time).
  #idBuffer: string | undefined;
  #lastEventId: string | undefined;
  #reconnectionTime: number | undefined;

  #firstEnding: { kind: LineEnding; line: number } | undefined;
  readonly #reportedEndings = new Set<LineEnding>();
  #out: SseFrame[] = [];
  #pendingAtEof: SseFrame | null = null;

  constructor(opts: SseDecoderOptions = {}) {
    const max = opts.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`SseDecoder: maxEventBytes must be a positive integer, got ${String(opts.maxEventBytes)}`);
    }
    const maxDiag = opts.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS;
    if (!Number.isSafeInteger(maxDiag) || maxDiag < 0) {
      throw new RangeError(`SseDecoder: maxDiagnostics must be a non-negative integer, got ${String(opts.maxDiagnostics)}`);
    }
    this.#maxEventBytes = max;
    this.#maxDiagnostics = maxDiag;
    this.#onDiagnostic = opts.onDiagnostic;
  }

  /** Diagnostics found so far, in stream order. */
  get diagnostics(): readonly SseDiagnostic[] {
    return this.#diagnostics;
  }

  /** A snapshot of the framing statistics so far. */
  get stats(): SseFramingStats {
    return { ...this.#stats, lineEndings: { ...this.#stats.lineEndings } };
  }

  /** The WHATWG "last event ID string": the id committed by the most recent dispatch, if any. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** The reconnection time set by the last valid `retry:` line, if any. */
  get reconnectionTime(): number | undefined {
    return this.#reconnectionTime;
  }

  /**
   * After `end()`: the event WHATWG discarded because the stream ended before its blank line (what a
   * lenient client such as the JS SDK would still deliver), or null. Its `endOffset` is the stream end.
   */
  get pendingAtEof(): SseFrame | null {
    return this.#pendingAtEof;
  }

  /** Feed the next bytes; returns the events completed by them. Throws `SseLimitError` on an oversized event. */
  push(chunk: Uint8Array): SseFrame[] {
    this.#assertOpen("push");
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(
        `SseDecoder.push expects a Uint8Array, got ${chunk === null ? "null" : typeof chunk}; ` +
          "pass raw response bytes (e.g. response.body), not decoded text",
      );
    }
    this.#out = [];
    try {
      this.#stats.bytes += chunk.length;
      let bytes: Uint8Array | null = chunk;
      if (this.#bomPrefix) bytes = this.#takeBomPrefix(chunk);
      if (bytes) this.#scan(bytes);
      return this.#out;
    } catch (e) {
      this.#fail(e);
    }
  }

  /**
   * Signal EOF. WHATWG never dispatches at EOF, so this returns `[]`; it exists so callers can treat
   * `push` and `end` alike. An unfinished event is reported (`unterminated-event`) and kept in `pendingAtEof`.
   */
  end(): SseFrame[] {
    if (this.#state === "ended") return [];
    this.#assertOpen("end");
    this.#out = [];
    try {
      if (this.#bomPrefix) {
        const prefix = Uint8Array.from(this.#bomPrefix);
        this.#bomPrefix = null;
        this.#scan(prefix);
      }
      if (this.#pendingCr) {
        const { offset, line } = this.#pendingCr;
        this.#pendingCr = null;
        this.#recordEnding("cr", offset, line);
        this.#lineStart = this.#offset;
      }
      this.#finishAtEof();
      this.#state = "ended";
      return this.#out;
    } catch (e) {
      this.#fail(e);
    }
  }

  #assertOpen(op: string): void {
    if (this.#state === "ended") throw new Error(`SseDecoder.${op}: the decoder was already ended; create a new one per stream`);
    if (this.#state === "failed") {
      throw new Error(`SseDecoder.${op}: the decoder stopped after an SseLimitError; create a new one per stream`);
    }
  }

  #fail(e: unknown): never {
    this.#state = "failed";
    if (e instanceof SseLimitError) e.framesBeforeError = this.#out;
    throw e;
  }

  /** Collects the first bytes until they are known to be (or not be) a BOM; returns what remains to scan. */
  #takeBomPrefix(chunk: Uint8Array): Uint8Array | null {
    const prefix = this.#bomPrefix!;
    let i = 0;
    while (prefix.length < BOM.length && i < chunk.length) {
      const b = chunk[i]!;
      if (b !== BOM[prefix.length]) {
        this.#bomPrefix = null;
        if (prefix.length === 0) return chunk;
        const joined = new Uint8Array(prefix.length + chunk.length - i);
        joined.set(prefix);
        joined.set(chunk.subarray(i), prefix.length);
        return joined;
      }
      prefix.push(b);
      i++;
    }
    if (prefix.length < BOM.length) return null;
    this.#bomPrefix = null;
    this.#stats.bom = true;
    this.#offset = this.#lineStart = BOM.length;
    this.#emit("bom", 0, 1, "stream starts with a UTF-8 BOM (EF BB BF); stripped as WHATWG requires, but LangGraph servers never send one");
    return chunk.subarray(i);
  }

  #scan(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n === 0) return;
    const base = this.#offset;
    let i = 0;
    if (this.#pendingCr) {
      const { offset, line } = this.#pendingCr;
      this.#pendingCr = null;
      if (bytes[0] === LF) {
        this.#recordEnding("crlf", offset, line);
        i = 1;
      } else {
        this.#recordEnding("cr", offset, line);
      }
      this.#lineStart = base + i;
    }
    // indexOf is native and fast; remembering "none left" (-1) keeps the scan linear.
    let lf = -2;
    let cr = -2;
    while (i < n) {
      if (lf !== -1 && lf < i) lf = bytes.indexOf(LF, i);
      if (cr !== -1 && cr < i) cr = bytes.indexOf(CR, i);
      const p = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (p === -1) {
        this.#appendToLine(bytes.subarray(i), true);
        break;
      }
      if (p > i) this.#appendToLine(bytes.subarray(i, p), false);
      const line = this.#lineNo;
      this.#completeLine();
      if (bytes[p] === LF) {
        this.#recordEnding("lf", base + p, line);
        i = p + 1;
      } else if (p + 1 < n) {
        const crlf = bytes[p + 1] === LF;
        this.#recordEnding(crlf ? "crlf" : "cr", base + p, line);
        i = crlf ? p + 2 : p + 1;
      } else {
        this.#pendingCr = { offset: base + p, line };
        i = p + 1;
      }
      this.#lineStart = base + i;
    }
    this.#offset = base + n;
  }

  /** `retain`: the bytes outlive this push, so copy them (callers may reuse their buffers). */
  #appendToLine(seg: Uint8Array, retain: boolean): void {
    if (this.#lineLength === 0) this.#lineIsComment = seg[0] === COLON;
    const at = this.#lineStart + this.#lineLength;
    if (this.#lineIsComment) {
      this.#commentUtf8.feed(seg, at, (e) => {
        if (this.#commentErrors.length < this.#maxDiagnostics - this.#diagnostics.length) this.#commentErrors.push(e);
        else this.#commentErrorsDropped++;
      });
    } else {
      if (this.#blockBytes + this.#lineLength + seg.length > this.#maxEventBytes) {
        this.#limitExceeded(this.#lineStart + (this.#maxEventBytes - this.#blockBytes));
      }
      this.#segments.push(retain ? seg.slice() : seg);
    }
    this.#lineLength += seg.length;
  }

  #completeLine(): void {
    const line = this.#lineNo;
    const start = this.#lineStart;
    const length = this.#lineLength;
    if (length === 0) {
      this.#dispatch(start);
    } else if (this.#lineIsComment) {
      this.#commentUtf8.end((e) => {
        if (this.#commentErrors.length < this.#maxDiagnostics - this.#diagnostics.length) this.#commentErrors.push(e);
        else this.#commentErrorsDropped++;
      }, "the end of the line");
      for (const e of this.#commentErrors) this.#emitUtf8(e, line);
      this.#stats.droppedDiagnostics += this.#commentErrorsDropped;
      this.#commentErrors = [];
      this.#commentErrorsDropped = 0;
      this.#stats.comments++;
    } else {
      const bytes = this.#segments.length === 1 ? this.#segments[0]! : concatBytes(this.#segments, length);
      this.#blockBytes += length;
      this.#processField(bytes, start, line);
    }
    this.#segments = [];
    this.#lineLength = 0;
    this.#lineIsComment = false;
    this.#lineNo++;
  }

  #decodeLine(bytes: Uint8Array, start: number, line: number): string {
    try {
      return this.#fatal.decode(bytes);
    } catch {
      // Slow path, only for ill-formed lines: locate every bad sequence, then decode with U+FFFD.
      const v = new Utf8Validator();
      const report = (e: Utf8Error): void => this.#emitUtf8(e, line);
      v.feed(bytes, start, report);
      v.end(report, "the end of the line");
      return this.#lenient.decode(bytes);
    }
  }

  #processField(bytes: Uint8Array, start: number, line: number): void {
    if (this.#blockStart < 0) {
      this.#blockStart = start;
      this.#blockLine = line;
    }
    const text = this.#decodeLine(bytes, start, line);
    const colon = text.indexOf(":");
    let field: string;
    let value: string;
    if (colon === -1) {
      field = text;
      value = "";
      const known = field === "event" || field === "data" || field === "id" || field === "retry";
      this.#emit(
        "field-without-colon",
        start,
        line,
        `line ${line} has no colon: the whole line ${quote(field)} is the field name and its value is empty` +
          (known ? ` (an empty "${field}" field)` : ""),
      );
    } else {
      field = text.slice(0, colon);
      value = text.charCodeAt(colon + 1) === 0x20 ? text.slice(colon + 2) : text.slice(colon + 1);
    }
    // Field names are compared literally, without case folding (WHATWG).
    switch (field) {
      case "event":
        this.#eventType = value;
        this.#hasEventField = true;
        break;
      case "data":
        this.#data.push(value);
        break;
      case "id":
        this.#stats.idLines++;
        if (value.includes("\0")) {
          this.#emit(
            "id-with-nul",
            start,
            line,
            `id on line ${line} contains U+0000 NULL; WHATWG ignores the line, so the last event ID stays ` +
              (this.#idBuffer === undefined ? "unset" : quote(this.#idBuffer)),
          );
        } else {
          this.#idBuffer = value;
          this.#hadId = true;
        }
        break;
      case "retry":
        this.#stats.retryLines++;
        if (/^[0-9]+$/.test(value)) {
          this.#reconnectionTime = Number(value);
          this.#hadRetry = true;
        } else {
          this.#emit(
            "invalid-retry",
            start,
            line,
            `retry value ${quote(value)} on line ${line} is not only ASCII digits; ignored (WHATWG)`,
          );
        }
        break;
      default:
        this.#emit(
          "unknown-field",
          start,
          line,
          `unknown field ${quote(field)} on line ${line} is ignored (WHATWG knows event, data, id and retry)`,
        );
    }
  }

  /** A blank line: WHATWG "dispatch the event". */
  #dispatch(blankLineStart: number): void {
    this.#lastEventId = this.#idBuffer;
    if (this.#data.length === 0) {
      if (this.#hasEventField) {
        this.#emit(
          "event-without-data",
          this.#blockStart,
          this.#blockLine,
          `event ${quote(this.#eventType)} at line ${this.#blockLine} has no data line; WHATWG drops it ` +
            "(the JS SDK would yield it with data null)",
        );
      }
    } else {
      this.#out.push(this.#frame(blankLineStart));
      this.#stats.events++;
    }
    this.#blockStart = -1;
    this.#blockBytes = 0;
    this.#eventType = "";
    this.#hasEventField = false;
    this.#data = [];
    this.#hadId = false;
    this.#hadRetry = false;
  }

  #frame(endOffset: number): SseFrame {
    // Built field by field so optional keys are absent (not undefined) and the key order reads naturally.
    return {
      event: this.#eventType === "" ? "message" : this.#eventType,
      data: this.#data.join("\n"),
      ...(this.#idBuffer !== undefined ? { id: this.#idBuffer } : {}),
      hadId: this.#hadId,
      ...(this.#reconnectionTime !== undefined ? { retry: this.#reconnectionTime } : {}),
      hadRetry: this.#hadRetry,
      hasEventField: this.#hasEventField,
      startOffset: this.#blockStart,
      endOffset,
    };
  }

  #finishAtEof(): void {
    const partial = this.#lineLength > 0;
    if (!partial && this.#blockStart < 0) return;
    const partialStart = this.#lineStart;
    const partialLine = this.#lineNo;
    const partialIsComment = this.#lineIsComment;
    // Process the unterminated line as if it were terminated, to show what a lenient client would see.
    if (partial) this.#completeLine();
    const where = partial ? "; the last line has no line terminator" : "";
    if (this.#blockStart >= 0) {
      const at = `byte ${this.#blockStart} (line ${this.#blockLine})`;
      if (this.#data.length > 0) {
        this.#pendingAtEof = this.#frame(this.#offset);
        this.#emit(
          "unterminated-event",
          this.#blockStart,
          this.#blockLine,
          `stream ended before the blank line ending the event ${quote(this.#pendingAtEof.event)} at ${at}${where}; ` +
            "WHATWG discards it (the JS SDK would still yield it). Servers must end every event with a blank line",
        );
      } else {
        this.#emit(
          "unterminated-event",
          this.#blockStart,
          this.#blockLine,
          `stream ended inside an unfinished block without data at ${at}${where}; it is discarded`,
        );
      }
    } else if (partialIsComment) {
      this.#emit(
        "unterminated-event",
        partialStart,
        partialLine,
        `stream ended inside a comment line at byte ${partialStart} (line ${partialLine}) that has no line terminator; it is discarded`,
      );
    }
  }

  #recordEnding(kind: LineEnding, offset: number, line: number): void {
    this.#stats.lineEndings[kind]++;
    const first = this.#firstEnding;
    if (!first) {
      this.#firstEnding = { kind, line };
    } else if (kind !== first.kind && !this.#reportedEndings.has(kind)) {
      this.#reportedEndings.add(kind);
      this.#emit(
        "mixed-line-endings",
        offset,
        line,
        `line ${line} ends with ${ENDING_NAME[kind]} but line ${first.line} ended with ${ENDING_NAME[first.kind]}; ` +
          "the stream mixes line-ending styles (legal, but servers use one style)",
      );
    }
  }

  #limitExceeded(offset: number): never {
    const start = this.#blockStart >= 0 ? this.#blockStart : this.#lineStart;
    const line = this.#lineNo;
    const d: SseDiagnostic = {
      kind: "event-too-large",
      offset,
      line,
      message:
        `event starting at byte ${start} exceeds maxEventBytes (${this.#maxEventBytes} bytes of field lines) at byte ${offset} ` +
        `(line ${line}); reading stopped. Raise maxEventBytes if the server legitimately sends events this large`,
    };
    this.#store(d);
    throw new SseLimitError(d, this.#maxEventBytes);
  }

  #emitUtf8(e: Utf8Error, line: number): void {
    this.#emit(
      "invalid-utf8",
      e.offset,
      line,
      `invalid UTF-8 at byte ${e.offset} (line ${line}): ${formatBytes(e.bytes)} ${e.reason}; decoded as U+FFFD`,
    );
  }

  #emit(kind: SseDiagnosticKind, offset: number, line: number, message: string): void {
    this.#store({ kind, offset, line, message });
  }

  #store(d: SseDiagnostic): void {
    if (this.#diagnostics.length >= this.#maxDiagnostics) {
      this.#stats.droppedDiagnostics++;
      return;
    }
    this.#diagnostics.push(d);
    this.#onDiagnostic?.(d);
  }
}


/** Everything `parseSse` / `readSse` learned about a whole stream. */
export interface SseReadResult {
  diagnostics: SseDiagnostic[];
  stats: SseFramingStats;
  /** See `SseDecoder.pendingAtEof`. */
  pendingAtEof: SseFrame | null;
  /** The WHATWG last event ID string at EOF (what a client would send as `Last-Event-ID`). */
  lastEventId?: string;
}

function result(decoder: SseDecoder): SseReadResult {
  const r: SseReadResult = { diagnostics: [...decoder.diagnostics], stats: decoder.stats, pendingAtEof: decoder.pendingAtEof };
  if (decoder.lastEventId !== undefined) r.lastEventId = decoder.lastEventId;
  return r;
}

/** Parse a complete body in one go (fixtures, captures). Strings are encoded as UTF-8 first. */
export function parseSse(body: Uint8Array | string, opts: SseDecoderOptions = {}): SseReadResult & { frames: SseFrame[] } {
  const decoder = new SseDecoder(opts);
  const frames = decoder.push(typeof body === "string" ? new TextEncoder().encode(body) : body);
  decoder.end();
  return { frames, ...result(decoder) };
}

export interface ReadSseOptions extends SseDecoderOptions {
  /** Aborting stops reading, cancels the source and makes the generator throw `signal.reason`. */
  signal?: AbortSignal;
}

interface ChunkSource {
  next(): Promise<IteratorResult<Uint8Array>>;
  /** Stop the source early (consumer returned, error or abort). */
  cancel(reason: unknown, readPending: boolean): Promise<void>;
  /** Normal EOF. */
  release(): void;
}

function chunkSource(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): ChunkSource {
  // Prefer the reader API: not every browser makes ReadableStream async-iterable.
  if (typeof (source as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      async cancel(reason) {
        // cancel() also settles a pending read, so awaiting it cannot hang on a silent server.
        await reader.cancel(reason).catch(() => undefined);
        try {
          reader.releaseLock();
        } catch {
          // already released
        }
      },
      release() {
        reader.releaseLock();
      },
    };
  }
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== "function") {
    throw new TypeError("readSse: source must be a ReadableStream<Uint8Array> or an AsyncIterable<Uint8Array>");
  }
  const it = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  return {
    next: () => it.next(),
    async cancel(_reason, readPending) {
      const done = Promise.resolve(it.return?.()).catch(() => undefined);
      // An async generator queues return() behind a pending next(); do not wait for a source that may never answer.
      if (!readPending) await done;
    },
    release() {},
  };
}

/**
 * Stream SSE frames from raw response bytes. Memory is bounded by the current line and event
 * (`maxEventBytes`). Stopping early (`break`, `return()`), an error or an abort cancels the source and
 * releases its reader lock. The generator's return value (`for await` discards it; use `next()` or
 * `onDiagnostic`) summarises the stream.
 */
export async function* readSse(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: ReadSseOptions = {},
): AsyncGenerator<SseFrame, SseReadResult, undefined> {
  const { signal, ...decoderOpts } = opts;
  signal?.throwIfAborted();
  const decoder = new SseDecoder(decoderOpts);
  const chunks = chunkSource(source);
  let finished = false;
  let readPending = false;
  let onAbort: (() => void) | undefined;
  const aborted = signal
    ? new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      })
    : undefined;
  aborted?.catch(() => undefined); // observed via race; avoid an unhandled rejection when unused
  try {
    for (;;) {
      signal?.throwIfAborted();
      readPending = true;
      const r = aborted ? await Promise.race([chunks.next(), aborted]) : await chunks.next();
      readPending = false;
      if (r.done) break;
      let frames: SseFrame[];
      try {
        frames = decoder.push(r.value);
      } catch (e) {
        if (e instanceof SseLimitError) yield* e.framesBeforeError;
        throw e;
      }
      yield* frames;
    }
    decoder.end();
    finished = true;
    return result(decoder);
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    if (finished) chunks.release();
    else await chunks.cancel(signal?.aborted ? signal.reason : undefined, readPending);
  }
}
