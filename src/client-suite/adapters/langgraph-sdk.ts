/**
 * `langgraph-conformance/client-suite/langgraph-sdk`: the client-suite adapter for
 * `@langchain/langgraph-sdk` (written against 1.15.0). A separate module so that only users who
 * test that SDK need it installed.
 *
 * ```ts
 * import { defineClientConformanceSuite } from "langgraph-conformance/client-suite";
 * import { langgraphSdkAdapter } from "langgraph-conformance/client-suite/langgraph-sdk";
 * defineClientConformanceSuite(langgraphSdkAdapter());
 * ```
 */
import { Client, type ClientConfig, type StreamMode } from "@langchain/langgraph-sdk";
import { collectEvents, type ClientAdapter, type StreamRequest, type WaitResult } from "../types.js";

export interface LanggraphSdkAdapterOptions {
  /** Extra `Client` options (e.g. `callerOptions`, `timeoutMs`); `apiUrl` and `defaultHeaders` are set per case. */
  clientConfig?: Omit<ClientConfig, "apiUrl" | "defaultHeaders">;
  /** A `Client` class to use instead of the installed one (a fork, another version). */
  Client?: typeof Client;
  /** Adapter name. Default "@langchain/langgraph-sdk". */
  name?: string;
}

export function langgraphSdkAdapter(options: LanggraphSdkAdapterOptions = {}): ClientAdapter {
  const ClientClass = options.Client ?? Client;
  const client = (r: StreamRequest): Client =>
    new ClientClass({
      // apiKey null: never pick up LANGGRAPH_API_KEY & co. from the environment of the test run.
      apiKey: null,
      ...options.clientConfig,
      apiUrl: r.baseUrl,
      ...(r.headers ? { defaultHeaders: r.headers } : {}),
    });
  return {
    name: options.name ?? "@langchain/langgraph-sdk",
    stream(r) {
      // threadId is always null (stateless runs); a `string | null` variable would not type-check
      // against the SDK's two overloads (TS2769).
      const iterable = client(r).runs.stream(null, r.assistantId, {
        input: r.input as Record<string, unknown>,
        ...(r.streamMode !== undefined ? { streamMode: r.streamMode as StreamMode | StreamMode[] } : {}),
        ...(r.streamSubgraphs !== undefined ? { streamSubgraphs: r.streamSubgraphs } : {}),
        signal: r.signal,
      });
      return collectEvents(iterable as AsyncIterable<{ event: string; data: unknown }>);
    },
    async wait(r): Promise<WaitResult> {
      // runs.wait has no streamMode/streamSubgraphs option: the SDK cannot send them.
      try {
        const body = await client(r).runs.wait(null, r.assistantId, { input: r.input as Record<string, unknown>, signal: r.signal });
        return { body };
      } catch (error) {
        return { error };
      }
    },
  };
}
