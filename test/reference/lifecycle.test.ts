/**
 * Lifecycle of `startReferenceServer`: start, serve, stop (idempotent, leaves nothing behind), early
 * death and start timeouts with readable errors, and no orphaned server when the parent is killed.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { packageRoot, startReferenceServer } from "../../src/reference/index.js";

/** Running (a zombie awaiting a reaper counts as dead: an orphan's reaper may be slow or absent). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: the state letter follows the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return predicate();
}

describe("startReferenceServer", () => {
  it("serves the requested graphs on an ephemeral 127.0.0.1 port, then stops cleanly", async () => {
    const lines: string[] = [];
    const server = await startReferenceServer({ nWorkers: 1, graphs: { echo: "./echo.mjs:graph" }, log: (l) => lines.push(l) });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.url).not.toMatch(/:2024$/);
      // The JSON-import hook makes the versions visible, as under `langgraphjs dev`.
      expect(server.info).toMatchObject({ version: "1.5.1", langgraph_js_version: "1.7.3", context: "js" });
      expect(server.graphs.echo).toBe(`${join(packageRoot(), "fixtures", "graphs", "echo.mjs")}:graph`);
      expect(existsSync(server.stateDir)).toBe(true);
      expect(isAlive(server.pid)).toBe(true);

      const res = await fetch(`${server.url}/runs/wait`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ assistant_id: "echo", input: { messages: [{ role: "user", content: "hi" }] } }),
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(await res.text())).toMatchObject({ messages: [{ type: "human" }, { type: "ai", content: "You said: hi" }] });

      const agent = await fetch(`${server.url}/runs/wait`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ assistant_id: "agent", input: { messages: [] } }),
      });
      expect(agent.status, "only the requested graphs are registered").toBe(404);
      await agent.arrayBuffer();
      expect(lines.some((l) => l.includes("Registering graph with id 'echo'"))).toBe(true);
    } finally {
      await Promise.all([server.stop(), server.stop()]);
      await server.stop();
    }
    expect(isAlive(server.pid)).toBe(false);
    expect(existsSync(server.stateDir)).toBe(false);
    expect(existsSync(join(packageRoot(), ".langgraph_api"))).toBe(false);
  });

  it("rejects with the child's output when the server dies during start-up", async () => {
    const start = startReferenceServer({ graphs: { ghost: "./does-not-exist.mjs:graph" } });
    await expect(start).rejects.toThrow(/exited before it was ready[\s\S]*does-not-exist\.mjs/);
  });

  it("rejects when the server is not ready within startTimeoutMs", async () => {
    await expect(startReferenceServer({ startTimeoutMs: 50 })).rejects.toThrow(/not ready within 50 ms/);
  });

  it("does not outlive a parent that was SIGKILLed (stdin EOF) and removes its state dir", async () => {
    const script = join(packageRoot(), "test", "reference", "scripts", "orphan-parent.ts");
    const parent = spawn(process.execPath, ["--import", "tsx", script], { cwd: packageRoot(), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    parent.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).once("line", resolve);
      parent.once("exit", (code) => reject(new Error(`orphan-parent exited early (code ${code}): ${stderr}`)));
    });
    const { pid, stateDir } = JSON.parse(first) as { pid: number; stateDir: string };
    expect(isAlive(pid)).toBe(true);

    parent.kill("SIGKILL");
    expect(await waitUntil(() => !isAlive(pid), 10_000), `server ${pid} still running after its parent died`).toBe(true);
    expect(await waitUntil(() => !existsSync(stateDir), 2_000)).toBe(true);
  });
});
