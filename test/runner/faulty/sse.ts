/**
 * SSE helpers for faulty servers: read a mock response's frames, transform them, write them back
 * (optionally with CRLF, comments, id/retry lines, byte-sized chunks, a late or missing EOF).
 */
import { parseSse } from "../../../src/sse/index.js";

export interface Frame {
  event: string;
  data: string;
  /** Write the `event:` line (false = drop it). */
  hasEvent?: boolean;
}

export function isSse(res: Response): boolean {
  return (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
}

export async function readFrames(res: Response): Promise<Frame[]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  return parseSse(bytes).frames.map((f) => ({ event: f.event, data: f.data }));
}

export interface WriteOptions {
  eol?: "\n" | "\r\n";
  /** A `: heartbeat` comment before every event (and one at the start). */
  comments?: boolean;
  /** `id: <n>` on every event. */
  ids?: boolean;
  /** A `retry: 3000` line in the first event. */
  retry?: boolean;
}

export function writeFrames(frames: readonly Frame[], opts: WriteOptions = {}): string {
  const eol = opts.eol ?? "\n";
  let out = opts.comments ? `: heartbeat${eol}${eol}` : "";
  frames.forEach((f, i) => {
    if (opts.comments && i > 0) out += `: heartbeat${eol}`;
    if (f.hasEvent !== false) out += `event: ${f.event}${eol}`;
    for (const line of f.data.split("\n")) out += `data: ${line}${eol}`;
    if (opts.ids) out += `id: ${i}${eol}`;
    if (opts.retry && i === 0) out += `retry: 3000${eol}`;
    out += eol;
  });
  return out;
}

export interface BodyOptions {
  /** Split the body into chunks of this many bytes. */
  chunkBytes?: number;
  /** Wait this long after the last byte before closing. */
  closeAfterMs?: number;
  /** Never close (until the client goes away). */
  neverClose?: boolean;
}

export function bodyStream(text: string, opts: BodyOptions = {}): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = opts.chunkBytes ?? bytes.length;
  let offset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset < bytes.length) {
        controller.enqueue(bytes.subarray(offset, Math.min(offset + Math.max(1, size), bytes.length)));
        offset += Math.max(1, size);
        return;
      }
      if (opts.neverClose) return new Promise<void>(() => undefined);
      if (opts.closeAfterMs) {
        return new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            controller.close();
            resolve();
          }, opts.closeAfterMs);
        });
      }
      controller.close();
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  });
}

/** A response like `from` (status, headers) with a new body. */
export function withBody(from: Response, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Response {
  const h = new Headers(from.headers);
  h.delete("content-length");
  for (const [k, v] of Object.entries(headers)) h.set(k, v);
  return new Response(body, { status: from.status, headers: h });
}

export async function jsonOf(req: Request): Promise<Record<string, unknown> | unknown[] | undefined> {
  try {
    return (await req.clone().json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function pathOf(req: Request): string {
  return new URL(req.url).pathname;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseData(f: Frame): unknown {
  try {
    return JSON.parse(f.data);
  } catch {
    return undefined;
  }
}
