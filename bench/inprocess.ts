// Bench child: SDK `client.runs.stream(null, …)` calls/s in one process, through MSW's setupServer —
// once with the mock's `deploymentHandlers`, once with a bare MSW handler that returns the very same
// status, headers and bytes (the ceiling of anything served through MSW).
//
// The loop is hand-written on purpose: this measures in-process async calls (no socket to point a
// load generator at); `c` workers call the SDK back to back until the deadline and count completions.
// Usage (forked by bench/run.ts, bundled): inprocess.mjs <fixturesDir> <seconds> <repeats> <concurrency,...>
import { Client } from "@langchain/langgraph-sdk";
import { http, type HttpHandler } from "msw";
import { setupServer } from "msw/node";
import { loadFixtureDir } from "../src/fixtures/io.js";
import { createMockDeployment } from "../src/mock/deployment.js";
import { deploymentHandlers } from "../src/mock/handlers.js";

export interface InProcessResult {
  /** variant → concurrency → calls/s of each repeat */
  callsPerSecond: Record<"mock" | "bare", Record<string, number[]>>;
  chunksPerCall: number;
}

const [fixturesDir, secondsArg, repeatsArg, concArg] = process.argv.slice(2);
if (!fixturesDir) throw new Error("usage: inprocess.mjs <fixturesDir> <seconds> <repeats> <concurrency,...>");
const seconds = Number(secondsArg ?? 2);
const repeats = Number(repeatsArg ?? 3);
const concurrencies = (concArg ?? "1,10").split(",").map(Number);

const fixtures = await loadFixtureDir(fixturesDir);
const scenario = fixtures.find((f) => f.name === "agent-updates");
if (!scenario) throw new Error("fixtures/corpus/agent-updates.json is missing");
const body = scenario.request.body as { input: Record<string, unknown>; stream_mode: "updates" };

const deployment = createMockDeployment({ fixtures, timing: "instant" });
const mockHandlers: HttpHandler[] = deploymentHandlers(deployment);
const server = setupServer(...mockHandlers);
server.listen({ onUnhandledRequest: "error" });
const API = "http://localhost:2024";
const client = new Client({ apiUrl: API });

// Capture what the mock answers, for the bare handler.
const captured = await fetch(`${API}/runs/stream`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const bytes = await captured.text();
const headers = [...captured.headers.entries()];
const bareHandlers: HttpHandler[] = [
  http.post("*/runs/stream", () => new Response(bytes, { status: captured.status, headers })),
];

async function oneCall(): Promise<number> {
  let n = 0;
  for await (const chunk of client.runs.stream(null, "agent", { input: body.input, streamMode: "updates" })) {
    void chunk;
    n++;
  }
  return n;
}

async function measure(concurrency: number, ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  let calls = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await oneCall();
        calls++;
      }
    }),
  );
  return calls / ((performance.now() - t0) / 1000);
}

const chunksPerCall = await oneCall();
const result: InProcessResult = { callsPerSecond: { mock: {}, bare: {} }, chunksPerCall };
const variants = { mock: mockHandlers, bare: bareHandlers } as const;
for (const [name, handlers] of Object.entries(variants) as ["mock" | "bare", HttpHandler[]][]) {
  server.resetHandlers(...handlers);
  await measure(10, 300); // warm-up (JIT, connection-free but the SDK and MSW have their own caches)
}
for (let r = 0; r < repeats; r++) {
  for (const c of concurrencies) {
    for (const [name, handlers] of Object.entries(variants) as ["mock" | "bare", HttpHandler[]][]) {
      server.resetHandlers(...handlers);
      const rate = await measure(c, seconds * 1000);
      (result.callsPerSecond[name][String(c)] ??= []).push(rate);
      await deployment.idle();
    }
  }
}
server.close();
deployment.close();
process.send?.(result);
process.disconnect?.();
