// The contract between the client conformance suite and the client under test. An adapter is the
// only client-specific code: it turns one suite request into calls on the client and reports what
// the client yielded, returned or threw — without judging it (the suite judges).

/** One event as the client yielded it: the SSE event name (with any `|namespace`) and parsed data. */
export interface ClientEvent {
  event: string;
  data: unknown;
}

/** What the suite asks for: a stateless run (`POST /runs/stream`, no thread). */
export interface StreamRequest {
  /** Base URL of the mock deployment for this case (has a path prefix; use it as the API URL as is). */
  baseUrl: string;
  /** Graph id or assistant uuid, as recorded. */
  assistantId: string;
  input: unknown;
  /** Omitted when the recording sent none (the server then streams `values`). */
  streamMode?: string | string[];
  /** Present only when the recording sent `stream_subgraphs`. */
  streamSubgraphs?: boolean;
  /** Extra request headers the recording sent (`x-*`); forward them verbatim. */
  headers?: Record<string, string>;
  /** Aborted when the suite gives up on the stream (stalls, time-outs): stop reading and return. */
  signal: AbortSignal;
}

/** `POST /runs/wait`: same fields; `streamMode` is set when the recording sent `stream_mode`. */
export type WaitRequest = StreamRequest;

export interface StreamResult {
  /**
   * Every event the client yielded, in order, including `metadata` and `error` events. An `error`
   * SSE event is an event like any other: if your client throws on it instead of yielding it,
   * convert it back into `{ event: "error", data }` here (and you may also set `error`).
   */
  events: ClientEvent[];
  /** What the client threw, if anything (transport errors, HTTP errors, parse errors…). */
  error?: unknown;
}

export interface WaitResult {
  /** The final values the client returned. */
  body?: unknown;
  /** What the client threw, if anything. */
  error?: unknown;
}

/**
 * Drives one client. `stream` must not throw (report errors in `error`); if it does, the suite
 * treats the rejection as `{ events: [], error }` and says so in failure messages.
 */
export interface ClientAdapter {
  /** Shown in the suite's describe block, e.g. "@langchain/langgraph-sdk 1.15.0". */
  name: string;
  stream(request: StreamRequest): Promise<StreamResult>;
  /** Optional: without it the `wait` cases are skipped. */
  wait?(request: WaitRequest): Promise<WaitResult>;
}

/** Collect an async iterable of `{ event, data }` into a StreamResult, catching what it throws. */
export async function collectEvents(iterable: AsyncIterable<{ event: string; data: unknown }>): Promise<StreamResult> {
  const events: ClientEvent[] = [];
  try {
    for await (const e of iterable) events.push({ event: e.event, data: e.data });
    return { events };
  } catch (error) {
    return { events, error };
  }
}
