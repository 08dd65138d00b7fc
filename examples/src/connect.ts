// Connects the SDK to the mock: in worker mode starts the MSW service worker with the bundled fixtures,
// in http mode just points the SDK at the server. Faults travel as the x-mock-fault request header
// (the SDK's defaultHeaders), so they work the same against the worker and against `serve`.
import { Client } from "@langchain/langgraph-sdk";
import fixtures from "virtual:fixtures";
import { setupMockWorker, type MockWorker } from "../../src/mock/browser.js";
import { FAULT_HEADER, parseFaults } from "../../src/mock/index.js";
import type { ExampleConfig } from "./config.js";

export interface Connection {
  client: Client;
  worker: MockWorker | undefined;
}

export async function connect(config: ExampleConfig): Promise<Connection> {
  // Fail here, in the page, on a typo rather than with the mock's 4xx later.
  if (config.fault) parseFaults(config.fault);
  let worker: MockWorker | undefined;
  if (config.mode === "worker") {
    worker = setupMockWorker({ fixtures, timing: config.timing });
    await worker.start({
      // Relative to the page, so the examples also work under a sub-path.
      serviceWorker: { url: new URL("mockServiceWorker.js", location.href).pathname },
      onUnhandledRequest: "bypass",
      quiet: true,
    });
    await worker.deployment.ready;
  }
  const client = new Client({
    apiUrl: config.apiUrl,
    defaultHeaders: config.fault ? { [FAULT_HEADER]: config.fault } : {},
    // One attempt: a fault must reach the page as the SDK surfaces it, not be retried away.
    callerOptions: { maxRetries: 0 },
  });
  return { client, worker };
}

/** What the SDK threw, as a user would be shown it. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
