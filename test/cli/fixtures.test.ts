// End-to-end: the compiled CLI's `fixtures lint`, `fixtures generate` and `record` argument handling.
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lgc-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("fixtures lint", () => {
  it("passes on the committed corpus", async () => {
    const r = await runCli(["fixtures", "lint", "fixtures/corpus"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/(\d+) fixture file\(s\) checked: \1 valid, 0 with problems/);
  });

  it("names file, event index and rule for a corrupted event, and exits 1", async () => {
    const file = join(dir, "bad-event.json");
    const fx = JSON.parse(await readFile("fixtures/corpus/agent-updates.json", "utf8"));
    fx.name = "bad-event";
    fx.response.events[1].data = { agent: {}, finish: {} }; // two node keys in one update
    await writeFile(file, JSON.stringify(fx));
    const r = await runCli(["fixtures", "lint", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: event #1 "updates"`);
    expect(r.stdout).toContain("rule: updates.oneNode");
  });

  it("rejects a wrong format version saying what was found and what is supported", async () => {
    const file = join(dir, "old-format.json");
    const fx = JSON.parse(await readFile("fixtures/corpus/agent-updates.json", "utf8"));
    fx.name = "old-format";
    fx.format = "langgraph-conformance/fixture@0";
    await writeFile(file, JSON.stringify(fx));
    const r = await runCli(["fixtures", "lint", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(file);
    expect(r.stdout).toContain("fixture@0");
    expect(r.stdout).toContain("fixture@1");
  });

  it("rejects a fixture with a missing field", async () => {
    const file = join(dir, "missing.json");
    const fx = JSON.parse(await readFile("fixtures/corpus/agent-updates.json", "utf8"));
    fx.name = "missing";
    delete fx.response.status;
    await writeFile(file, JSON.stringify(fx));
    const r = await runCli(["fixtures", "lint", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing\.json: .*status/);
  });

  it("exits 2 with one clear line for a path that does not exist", async () => {
    const r = await runCli(["fixtures", "lint", join(dir, "nope")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("no such file or directory");
  });
});

describe("fixtures generate", () => {
  it("is byte-identical for the same seed and every file lints", async () => {
    const a = join(dir, "gen-a");
    const b = join(dir, "gen-b");
    expect((await runCli(["fixtures", "generate", "--seed", "7", "--count", "12", "--out", a])).code).toBe(0);
    expect((await runCli(["fixtures", "generate", "--seed", "7", "--count", "12", "--out", b])).code).toBe(0);
    const files = (await readdir(a)).sort();
    expect(files).toHaveLength(12);
    expect((await readdir(b)).sort()).toEqual(files);
    for (const f of files) expect(await readFile(join(a, f), "utf8")).toBe(await readFile(join(b, f), "utf8"));
    const lint = await runCli(["fixtures", "lint", a]);
    expect(lint.code).toBe(0);
    const other = await runCli(["fixtures", "generate", "--seed", "8", "--count", "1"]);
    expect(other.stdout).not.toBe((await readFile(join(a, files[0]!), "utf8")));
  });

  it("rejects a non-numeric seed", async () => {
    const r = await runCli(["fixtures", "generate", "--seed", "abc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--seed must be a whole number");
  });
});

describe("record arguments", () => {
  it("refuses an API key on the command line", async () => {
    const r = await runCli(["record", "--url", "http://127.0.0.1:9", "--assistant", "agent", "--api-key", "lsv2_x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("never accepted on the command line");
    expect(r.stderr).toContain("LANGSMITH_API_KEY");
  });

  it("reports an invalid scenario file with the pointer of the problem", async () => {
    const file = join(dir, "bad-scenarios.json");
    await writeFile(file, JSON.stringify({ format: "langgraph-conformance/scenarios@1", scenarios: [{ name: "x", endpoint: "teleport", body: {} }] }));
    const r = await runCli(["record", "--url", "http://127.0.0.1:9", "--scenarios", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("/scenarios/0/endpoint");
  });

  it("reports an unreachable server without writing anything", async () => {
    const out = join(dir, "unreachable");
    const r = await runCli(["record", "--url", "http://127.0.0.1:9", "--assistant", "agent", "--out", out, "--timeout", "3"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/agent-stream FAILED: .*failed/);
    expect(r.stderr).toContain("0 fixture(s) written, 1 failed");
    await expect(readdir(out)).resolves.toEqual([]);
  });
});
