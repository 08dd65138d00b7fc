// The mock's transport-neutral response. The core produces a MockReply; adapters turn it into a web
// Response (MSW, service worker), write it to a node:http response (serve.ts) or hand it to nock.
// Streaming bodies are FrameSources: pull-based, one chunk per `next()`, so no adapter ever builds a
// whole body in memory and a slow reader slows the source down (backpressure).

/** A pull-based body: `next()` yields the next chunk, `null` at EOF, or rejects to drop the connection. */
export interface FrameSource {
  next(): Promise<string | null>;
  /**
   * Optional synchronous fast path: the next chunk if one is ready now, `null` at EOF, `undefined`
   * when the caller must await `next()`. Lets adapters batch ready frames into one write.
   */
  tryNext?(): string | null | undefined;
  /** The reader went away (client disconnect, stream cancelled). Must release timers and waiters. */
  cancel(reason?: unknown): void;
}

export interface ReplyMeta {
  /** Fixture replayed for this request, if any. */
  fixture?: string;
  runId?: string;
  threadId?: string;
  /** Short note for logs (e.g. "no-fixture", "fault:drop-after=2"). */
  note?: string;
}

export interface MockReply {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string | FrameSource | null;
  meta?: ReplyMeta;
}

/** Headers the JS server's cors() middleware puts on every non-preflight response. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "content-location,x-pagination-total",
};

export const TEXT_CT = "text/plain;charset=UTF-8"; // hono HTTPException responses
export const TEXT_CT_SPACED = "text/plain; charset=UTF-8"; // hono c.text() (404 Not Found, /runs/wait)
export const JSON_CT = "application/json";

export function jsonReply(status: number, value: unknown, extra: Record<string, string> = {}): MockReply {
  return { status, headers: { ...CORS_HEADERS, "content-type": JSON_CT, ...extra }, body: JSON.stringify(value) ?? "null" };
}

export function textReply(status: number, text: string, contentType = TEXT_CT, extra: Record<string, string> = {}): MockReply {
  return { status, headers: { ...CORS_HEADERS, "content-type": contentType, ...extra }, body: text };
}

export function emptyReply(status: number, extra: Record<string, string> = {}): MockReply {
  return { status, headers: { ...CORS_HEADERS, ...extra }, body: null };
}

const encoder = new TextEncoder();

/**
 * A web Response for a reply. Streaming bodies become a ReadableStream with highWaterMark 0, so
 * `pull` runs only when the consumer actually reads (true backpressure); `cancel` reaches the source
 * when the consumer cancels. A source rejection errors the stream, which a fetch client sees as a
 * network error mid-body — the same as a dropped connection.
 */
export function toResponse(reply: MockReply): Response {
  const headers = new Headers(reply.headers);
  const { body } = reply;
  // 204/304 must not carry a body (Response throws otherwise).
  if (body === null || reply.status === 204 || reply.status === 304) {
    return new Response(null, { status: reply.status, headers });
  }
  if (typeof body === "string") return new Response(body, { status: reply.status, headers });
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: string | null;
        try {
          chunk = await body.next();
        } catch (error) {
          controller.error(error);
          return;
        }
        if (chunk === null) {
          controller.close();
          return;
        }
        // One frame per pull (no batching of ready frames, unlike serve.ts): fetch consumers read
        // event by event, so an instant replay's temporary thread is still there while they do.
        controller.enqueue(encoder.encode(chunk));
      },
      cancel(reason) {
        body.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, { status: reply.status, headers });
}

/** Drain a reply body to a string (tests, nock without streaming). */
export async function readReplyBody(reply: MockReply): Promise<string> {
  const { body } = reply;
  if (body === null) return "";
  if (typeof body === "string") return body;
  let out = "";
  for (;;) {
    const chunk = await body.next();
    if (chunk === null) return out;
    out += chunk;
  }
}
