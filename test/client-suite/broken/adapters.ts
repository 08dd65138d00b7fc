// Deliberately broken clients: each wraps the real SDK adapter (or fetch) and breaks one thing.
import { langgraphSdkAdapter } from "../../../src/client-suite/adapters/langgraph-sdk.js";
import type { ClientAdapter, ClientEvent, StreamResult } from "../../../src/client-suite/index.js";

const sdk = langgraphSdkAdapter();

function wrap(name: string, fix: (r: StreamResult) => StreamResult): ClientAdapter {
  return { name, stream: async (req) => fix(await sdk.stream(req)), wait: sdk.wait!.bind(sdk) };
}

/** Loses the last event of every stream (an off-by-one at EOF). */
export const dropsLastEvent = wrap("drops the last event", (r) => ({ ...r, events: r.events.slice(0, -1) }));

/** Filters `error` events out, as a client that only knows the stream modes would. */
export const swallowsErrorEvents = wrap("swallows error events", (r) => ({ ...r, events: r.events.filter((e) => e.event !== "error") }));

/** Catches every thrown error and ends as if the stream were complete. */
export const silentOnErrors = wrap("ends silently on errors", (r) => ({ events: r.events }));

/** Never passes the suite's abort signal on: a stalled stream hangs it forever. */
export const ignoresAbort: ClientAdapter = {
  name: "ignores its abort signal",
  stream: (req) => sdk.stream({ ...req, signal: new AbortController().signal }),
};

/**
 * A hand-rolled SSE reader that reads the whole body, splits on "\n\n" and takes `event: ` /
 * `data: ` prefixes literally: right for the canonical LF framing only.
 */
export const naiveSseParser: ClientAdapter = {
  name: "naive SSE parser",
  async stream(req) {
    const events: ClientEvent[] = [];
    try {
      const res = await fetch(`${req.baseUrl}/runs/stream`, {
        method: "POST",
        headers: { "content-type": "application/json", ...req.headers },
        body: JSON.stringify({ assistant_id: req.assistantId, input: req.input, stream_mode: req.streamMode, stream_subgraphs: req.streamSubgraphs }),
        signal: req.signal,
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      for (const block of (await res.text()).split("\n\n")) {
        if (!block) continue;
        let event = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data = line.slice(6);
        }
        if (data) events.push({ event, data: JSON.parse(data) as unknown });
      }
      return { events };
    } catch (error) {
      return { events, error };
    }
  },
};
