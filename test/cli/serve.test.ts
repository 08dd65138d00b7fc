// End-to-end: `langgraph-conformance serve` as a frontend developer starts it.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { Client } from "@langchain/langgraph-sdk";
import { runCli, startCli } from "../support/cli.js";

function waitForUrl(child: ReturnType<typeof startCli>["child"]): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer | string) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        child.stdout!.off("data", onData);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited early with ${code}: ${out}`)));
  });
}

describe("serve", () => {
  it("prints its URL, answers the real SDK, logs one line per request and stops cleanly on SIGTERM", async () => {
    const { child, done } = startCli(["serve", "--port", "0"]);
    const url = await waitForUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new Client({ apiUrl: url });
    const chunks: { event: string; data: unknown }[] = [];
    for await (const chunk of client.runs.stream(null, "agent", {
      input: { messages: [{ role: "user", content: "Hello! My name is Bagatur and I am 26 years old." }] },
      streamMode: "updates",
    })) {
      chunks.push(chunk as { event: string; data: unknown });
    }
    expect(chunks.map((c) => c.event)).toEqual(["metadata", "updates", "updates"]);
    expect(Object.keys(chunks[1]!.data as object)).toEqual(["agent"]);
    expect(await client.threads.search({ limit: 100 })).toEqual([]);
    child.kill("SIGTERM");
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/POST \/runs\/stream 200 \d+ms/);
    expect(result.stdout).toContain("shutting down");
  });

  it("explains a port that is in use", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await runCli(["serve", "--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      blocker.close();
    }
  });

  it.each([
    [["--timing", "fast"], "--timing must be instant, recorded or xN"],
    [["--port", "http"], "--port must be 0–65535"],
    [["--fault", "explode=1"], "--fault:"],
    [["--fixtures", "/nonexistent/dir"], "fixture directory not found"],
  ])("rejects %j with a clear message", async (args, message) => {
    const r = await runCli(["serve", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
