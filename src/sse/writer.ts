/**
 * Canonical SSE writer, byte-compatible with the JS server (Hono `writeSSE`, spec §4.1):
 * `event:` → one `data:` line per line of data → `id:` → `retry:` → blank line, one space after each
 * colon, LF by default. Used by the mock deployment and to generate test streams.
 *
 * Hand-written because it is a few lines and must match Hono's field order and data splitting exactly;
 * unlike Hono it also rejects NUL in ids and malformed retry values instead of emitting an unreadable stream.
 */

export type SseLineEnding = "\n" | "\r\n" | "\r";

export interface SseWriteOptions {
  /** Line terminator; default `"\n"` (JS server). The Python server's writer uses `"\r\n"`. */
  lineEnding?: SseLineEnding;
}

export interface SseFrameInput {
  /** Event type; omitted (reads as `"message"`) when undefined or empty, as Hono does. */
  event?: string;
  /** Payload; split on CR, LF and CRLF into one `data:` line each (a reader rejoins them with `"\n"`). */
  data: string;
  /** Event id; `""` is allowed (it resets the client's last event ID). */
  id?: string;
  /** Reconnection time in milliseconds. */
  retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

function ending(opts: SseWriteOptions | undefined): SseLineEnding {
  const e = opts?.lineEnding ?? "\n";
  if (e !== "\n" && e !== "\r\n" && e !== "\r") {
    throw new TypeError(`SSE writer: lineEnding must be "\\n", "\\r\\n" or "\\r", got ${JSON.stringify(e)}`);
  }
  return e;
}

/** Format one event, terminated by its blank line. */
export function formatSseFrame(frame: SseFrameInput, opts?: SseWriteOptions): string {
  const eol = ending(opts);
  const { event, data, id, retry } = frame;
  const lines: string[] = [];
  if (event !== undefined) {
    if (typeof event !== "string") throw new TypeError(`SSE writer: event must be a string, got ${typeof event}`);
    if (/[\r\n]/.test(event)) {
      throw new TypeError(
        `SSE writer: event name ${JSON.stringify(event)} contains CR or LF, which would end the field early; remove line breaks`,
      );
    }
    if (event !== "") lines.push(`event: ${event}`);
  }
  if (typeof data !== "string") {
    throw new TypeError(`SSE writer: data must be a string, got ${data === null ? "null" : typeof data}; use formatJsonEvent for values`);
  }
  for (const line of data.split(LINE_BREAK)) lines.push(`data: ${line}`);
  if (id !== undefined) {
    if (typeof id !== "string") throw new TypeError(`SSE writer: id must be a string, got ${typeof id}`);
    if (/[\0\r\n]/.test(id)) {
      throw new TypeError(
        `SSE writer: id ${JSON.stringify(id)} contains NUL, CR or LF; clients would ignore or split it. Use a plain token such as "3" or "1712-0"`,
      );
    }
    lines.push(`id: ${id}`);
  }
  if (retry !== undefined) {
    if (!Number.isSafeInteger(retry) || retry < 0) {
      throw new TypeError(`SSE writer: retry must be a non-negative integer number of milliseconds, got ${String(retry)}`);
    }
    lines.push(`retry: ${retry}`);
  }
  return lines.join(eol) + eol + eol;
}

export interface SseCommentOptions extends SseWriteOptions {
  /** Add a blank line after the comment (harmless between events; some servers send `": ping\r\n\r\n"`). Default false. */
  blankLine?: boolean;
}

/** Format a comment (`: text`), one comment line per line of `text`; `""` gives a bare `:`. */
export function formatSseComment(text: string, opts?: SseCommentOptions): string {
  const eol = ending(opts);
  if (typeof text !== "string") throw new TypeError(`SSE writer: comment text must be a string, got ${typeof text}`);
  const out = text
    .split(LINE_BREAK)
    .map((line) => (line === "" ? ":" : `: ${line}`))
    .join(eol);
  return out + eol + (opts?.blankLine ? eol : "");
}

export interface SseJsonEventOptions extends SseWriteOptions {
  id?: string;
  retry?: number;
}

/** Format an event whose data is `JSON.stringify(data)`: always a single `data:` line, as both servers send. */
export function formatJsonEvent(event: string, data: unknown, opts?: SseJsonEventOptions): string {
  const json = JSON.stringify(data);
  if (json === undefined) {
    throw new TypeError(`SSE writer: data for event ${JSON.stringify(event)} is not JSON-serialisable (got ${typeof data})`);
  }
  const frame: SseFrameInput = { event, data: json };
  if (opts?.id !== undefined) frame.id = opts.id;
  if (opts?.retry !== undefined) frame.retry = opts.retry;
  return formatSseFrame(frame, opts);
}
