// Wire-level variants of a recorded stream. Real servers differ in how they frame the same events
// (sse-starlette writes CRLF and `: ping` comments, proxies re-chunk bodies, resumable streams carry
// `id:` lines), and a client must read every legal framing the same way. `reframe` wraps the mock
// core's SSE body: it decodes the frames with the strict reader and writes them again in the chosen
// layout, so the events — and therefore the expected results — never change.
import { concatBytes } from "../sse/bytes.js";
import { formatSseComment, formatSseFrame, SseDecoder, type SseFrame, type SseLineEnding } from "../sse/index.js";

export const FRAMINGS = ["crlf", "cr", "comments", "bytewise", "id-retry", "multiline-data", "no-space", "bom", "coalesced"] as const;
export type Framing = (typeof FRAMINGS)[number];

/** One line per variant, for test names and the README. */
export const FRAMING_DESCRIPTIONS: Readonly<Record<Framing, string>> = {
  crlf: "CRLF line endings",
  cr: "bare CR line endings (legal SSE, rare)",
  comments: "`: heartbeat` comment blocks between events and a comment line inside each event",
  bytewise: "one byte per chunk (splits CRLF, multi-byte UTF-8 and field names)",
  "id-retry": "a leading `retry:` block and an `id:` line on every event",
  "multiline-data": "JSON data pretty-printed over several `data:` lines (joined with LF by the reader)",
  "no-space": "no space after the field colon (`data:{…}`)",
  bom: "a UTF-8 byte order mark before the first line",
  coalesced: "the whole stream in one chunk",
};

export interface ReframeOptions {
  /**
   * When the upstream body errors (a dropped connection), wait this long after the last byte before
   * erroring the stream, so a client has read everything that was sent before the drop. Without it,
   * whether the last events survive depends on stream buffering and timing, and the check that no
   * delivered event is lost would be flaky. Default 25 ms.
   */
  errorGraceMs?: number;
}

/** Whether a framing needs each chunk written separately (and paced) by a socket transport. */
export function isPaced(framing: Framing | undefined): boolean {
  return framing === "bytewise";
}

const encoder = new TextEncoder();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function prefixFor(framing: Framing): string {
  switch (framing) {
    case "bom":
      return "\uFEFF";
    case "comments":
      return formatSseComment("connected", { blankLine: true });
    case "id-retry":
      return "retry: 3000\n\n";
    default:
      return "";
  }
}

function eventOf(f: SseFrame): string | undefined {
  return f.hasEventField ? f.event : undefined;
}

/** A frame in the variant's layout. Exported for unit tests. */
export function renderFrame(f: SseFrame, framing: Framing, index: number): string {
  const event = eventOf(f);
  switch (framing) {
    case "crlf":
    case "cr": {
      const lineEnding: SseLineEnding = framing === "crlf" ? "\r\n" : "\r";
      return formatSseFrame({ ...(event !== undefined ? { event } : {}), data: f.data }, { lineEnding });
    }
    case "comments": {
      const text = formatSseFrame({ ...(event !== undefined ? { event } : {}), data: f.data });
      // A comment between the event's own field lines, then a heartbeat block after it.
      const firstBreak = text.indexOf("\n");
      return `${text.slice(0, firstBreak + 1)}: keep-alive\n${text.slice(firstBreak + 1)}${formatSseComment("heartbeat", { blankLine: true })}`;
    }
    case "id-retry":
      return formatSseFrame({ ...(event !== undefined ? { event } : {}), data: f.data, id: String(index), ...(index === 0 ? { retry: 5000 } : {}) });
    case "multiline-data": {
      let data = f.data;
      try {
        data = JSON.stringify(JSON.parse(f.data), null, 1);
      } catch {
        // Not JSON (a malformed-frame fault): keep it as sent.
      }
      return formatSseFrame({ ...(event !== undefined ? { event } : {}), data });
    }
    case "no-space":
      return `${event !== undefined ? `event:${event}\n` : ""}${f.data
        .split("\n")
        .map((l) => `data:${l}`)
        .join("\n")}\n\n`;
    case "bytewise":
    case "bom":
    case "coalesced":
      return formatSseFrame({ ...(event !== undefined ? { event } : {}), data: f.data });
  }
}

/**
 * The body re-framed in `framing` (or passed through untouched when undefined), with the upstream
 * error delayed by `errorGraceMs`. Pull-based (highWaterMark 0): nothing is read upstream until the
 * consumer reads, and cancelling it cancels the upstream body.
 */
export function reframe(body: ReadableStream<Uint8Array>, framing: Framing | undefined, opts: ReframeOptions = {}): ReadableStream<Uint8Array> {
  const grace = opts.errorGraceMs ?? 25;
  const reader = body.getReader();
  const decoder = framing ? new SseDecoder() : undefined;
  const pending: Uint8Array[] = [];
  let coalesced: Uint8Array[] = [];
  let index = 0;
  let started = false;
  let ended = false;
  let failure: { error: unknown } | undefined;

  const out = (bytes: Uint8Array): void => {
    if (bytes.length === 0) return;
    if (framing === "bytewise") for (let i = 0; i < bytes.length; i++) pending.push(bytes.subarray(i, i + 1));
    else if (framing === "coalesced") coalesced.push(bytes);
    else pending.push(bytes);
  };
  const flushCoalesced = (): void => {
    if (coalesced.length === 0) return;
    pending.push(concatBytes(coalesced));
    coalesced = [];
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const next = pending.shift();
          if (next) {
            controller.enqueue(next);
            return;
          }
          if (ended) {
            if (failure) {
              await sleep(grace);
              controller.error(failure.error);
            } else controller.close();
            return;
          }
          if (!started && framing) {
            started = true;
            out(encoder.encode(prefixFor(framing)));
            continue;
          }
          let r: ReadableStreamReadResult<Uint8Array>;
          try {
            r = await reader.read();
          } catch (error) {
            ended = true;
            failure = { error };
            flushCoalesced();
            continue;
          }
          if (r.done) {
            ended = true;
            if (decoder) for (const f of decoder.end()) out(encoder.encode(renderFrame(f, framing as Framing, index++)));
            flushCoalesced();
            continue;
          }
          if (!decoder) out(r.value);
          else for (const f of decoder.push(r.value)) out(encoder.encode(renderFrame(f, framing as Framing, index++)));
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
