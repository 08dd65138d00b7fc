// End-to-end: `check` against the standalone mock (`serve`) started as a separate process, with every
// reporter at once; and the exit-2 path for an unreachable target.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAjv } from "../../src/protocol/ajv.js";
import { REPORT_SCHEMA } from "../../src/runner/index.js";
import { runCli, startCli } from "../support/cli.js";

let dir: string;
let serve: ReturnType<typeof startCli>;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lgc-check-"));
  serve = startCli(["serve", "--port", "0", "--quiet"]);
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    serve.child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    serve.child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
});

afterAll(async () => {
  serve?.child.kill("SIGTERM");
  await serve?.done;
  await rm(dir, { recursive: true, force: true });
});

describe("check against serve", () => {
  it("passes every MUST and writes valid JSON, JUnit and Markdown reports", async () => {
    const json = join(dir, "report.json");
    const junit = join(dir, "report.xml");
    const md = join(dir, "report.md");
    const r = await runCli(["check", "--url", url, "--reporter", `json=${json}`, "--reporter", `junit=${junit}`, "--reporter", `markdown=${md}`], {
      timeoutMs: 120_000,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS — no MUST requirement failed/);
    expect(r.stdout).toMatch(/SR-21 +MUST +PASS/);

    const report = JSON.parse(await readFile(json, "utf8"));
    const ajv = createAjv({ strict: false });
    const valid = ajv.validate(REPORT_SCHEMA as object, report);
    expect(ajv.errors ?? [], "report matches its documented schema").toEqual([]);
    expect(valid).toBe(true);
    expect(report.target.url).toBe(url);
    expect(report.results.length).toBeGreaterThanOrEqual(50);
    expect(report.results.filter((x: { level: string; status: string }) => x.level === "MUST" && x.status === "failed")).toEqual([]);

    const xml = await readFile(junit, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toMatch(/<testcase classname="langgraph-conformance.MUST" name="SR-14 /);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(report.results.length);

    const markdown = await readFile(md, "utf8");
    expect(markdown).toContain("| SR-21 |");
  });

  it("exits 2 with one clear line when the target is unreachable", async () => {
    const r = await runCli(["check", "--url", "http://127.0.0.1:9", "--timeout", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
  });
});
