/**
 * The `check` runner end to end: embedded mock, reporters (valid files), exit codes, filters,
 * expected failures, usage errors, an unreachable target, a never-closing stream, the watchdog and
 * the commander sub-command.
 */
import { createAjv } from "../../src/protocol/ajv.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerCheck } from "../../src/cli/check.js";
import { CliError } from "../../src/cli/errors.js";
import { REPORT_SCHEMA, runCheck, UsageError, type CheckOptions, type CheckResult } from "../../src/runner/index.js";
import { FAULTS, NEVER_CLOSING } from "./faulty/catalogue.js";
import { serveFault, type FaultyServer } from "./faulty/server.js";
import { testCorpusDir } from "./helpers.js";

let fixturesDir: string;
let out: string;
/** Embedded-mock options: the committed corpus unless a test corpus is configured. */
let mockOptions: CheckOptions["mock"];

beforeAll(() => {
  fixturesDir = testCorpusDir();
  out = mkdtempSync(join(tmpdir(), "lgc-runner-"));
  mockOptions = process.env.LGC_TEST_CORPUS_DIR ? { fixturesDir } : undefined;
});

const embedded = (extra: CheckOptions = {}): CheckOptions => ({ output: false, ...(mockOptions ? { mock: mockOptions } : {}), ...extra });

/** Minimal XML well-formedness: every tag closes in order. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
}

describe("embedded mock", () => {
  let result: CheckResult;
  let progress = "";
  const json = () => join(out, "report.json");
  const junit = () => join(out, "report.xml");
  const md = () => join(out, "nested", "summary.md");

  beforeAll(async () => {
    const started = performance.now();
    result = await runCheck(
      embedded({
        output: (t) => (progress += t),
        reporters: [
          { kind: "json", path: json() },
          { kind: "junit", path: junit() },
          { kind: "markdown", path: md() },
        ],
      }),
    );
    console.log(`full check against the embedded mock: ${Math.round(performance.now() - started)} ms`);
  }, 120_000);

  test("passes with exit 0: no MUST requirement fails", () => {
    const must = result.results.filter((r) => r.status === "failed" && r.level === "MUST");
    expect(must.map((r) => `${r.id}: ${r.message.split("\n")[1]}`)).toEqual([]);
    expect(result.summary.exit_code).toBe(0);
    expect(result.target.embedded_mock).toBe(true);
    expect(result.capabilities?.referenceGraphs).toBe(true);
    expect(result.duration_ms).toBeLessThan(30_000);
  });

  test("prints progress per requirement and the final verdict table", () => {
    expect(progress).toMatch(/✓ SR-01 /);
    expect(progress).toMatch(/^ID\s+LEVEL\s+VERDICT\s+TITLE\s+NOTE$/m);
    expect(progress).toMatch(/^SR-21\s+MUST\s+PASS/m);
    expect(progress).toMatch(/PASS — no MUST requirement failed/);
  });

  test("writes a JSON report valid against its documented schema", () => {
    const report = JSON.parse(readFileSync(json(), "utf8")) as CheckResult;
    const ajv = createAjv({ allErrors: true, strict: false });
    const validate = ajv.compile(REPORT_SCHEMA);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.tool.name).toBe("langgraph-conformance");
    expect(report.results.length).toBe(result.results.length);
    for (const r of report.results) expect(["passed", "failed", "skipped"]).toContain(r.status);
  });

  test("writes well-formed JUnit XML with one testcase per requirement", () => {
    const xml = readFileSync(junit(), "utf8");
    assertWellFormedXml(xml);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(result.results.length);
    expect(xml).toContain('name="SR-21 no thread left after a stateless run"');
  });

  test("writes a Markdown summary with the verdict and the table", () => {
    const text = readFileSync(md(), "utf8");
    expect(text).toMatch(/^## LangGraph conformance: ✅ PASS/);
    expect(text).toContain("| SR-01 | MUST | ✅ passed |");
  });
});

describe("exit codes and filters", () => {
  test("--only and --level select requirements", async () => {
    const r = await runCheck(embedded({ only: ["SR-01", "SR-33"], level: "must" }));
    expect(r.results.map((x) => x.id)).toEqual(["SR-01"]);
    expect(r.summary.exit_code).toBe(0);
  }, 60_000);

  test("a SHOULD failure is a warning (exit 0) unless --strict (exit 1)", async () => {
    // The mock reproduces the JS server, whose /runs/wait answers text/plain (SR-33).
    const lenient = await runCheck(embedded({ only: ["SR-33"] }));
    expect(lenient.results[0]?.status).toBe("failed");
    expect(lenient.summary.exit_code).toBe(0);
    const strict = await runCheck(embedded({ only: ["SR-33"], strict: true }));
    expect(strict.summary.exit_code).toBe(1);
  }, 60_000);

  test("an unreachable target exits 2 with one clear line", async () => {
    const r = await runCheck({ url: "http://127.0.0.1:1", output: false, timeoutS: 2 });
    expect(r.summary.exit_code).toBe(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1: /);
    expect(r.errors[0]).not.toContain("\n");
  }, 30_000);

  test.each([
    [{ only: ["XX-99"] }, /--only XX-99: no such requirement id/],
    [{ level: "sometimes" as "may" }, /--level sometimes/],
    [{ url: "not a url" }, /--url not a url: not a valid URL/],
    [{ url: "ftp://x" }, /only http and https/],
    [{ expectFailures: { "SR-99": "nope" } }, /"SR-99" is not a requirement id/],
    [{ expectFailures: { "SR-21": "" } }, /reason for SR-21 must be a non-empty string/],
    [{ expectFailures: "/nonexistent/expected.json" }, /cannot read expected-failures file/],
    [{ config: "/nonexistent/config.json" }, /cannot read config file/],
    [{ assistants: ["wizard=agent"] }, /unknown role "wizard"/],
    [{ timeoutS: -1 }, /--timeout must be a positive number/],
  ])("bad options reject with a UsageError: %j", async (opts, message) => {
    await expect(runCheck({ url: "http://127.0.0.1:1", output: false, ...opts })).rejects.toSatisfy(
      (e: unknown) => e instanceof UsageError && message.test((e as Error).message),
    );
  });
});

describe("expected failures", () => {
  let server: FaultyServer;
  beforeAll(async () => {
    const leak = FAULTS.find((f) => f.name === "leak-unmarked-thread")!;
    server = await serveFault(leak.fault, { fixturesDir });
  });
  afterAll(() => server?.close());

  test("turn known failures into non-fatal results and flag those that now pass", async () => {
    const r = await runCheck({
      url: server.url,
      output: false,
      only: ["SR-21", "SR-01"],
      expectFailures: { "SR-21": "this server leaks a thread per /runs/wait", "SR-01": "listed on purpose: it passes" },
    });
    const sr21 = r.results.find((x) => x.id === "SR-21")!;
    expect(sr21.status).toBe("failed");
    expect(sr21.expected_failure).toEqual({ reason: "this server leaks a thread per /runs/wait" });
    expect(sr21.evidence?.threadIds?.length).toBeGreaterThan(0);
    const sr01 = r.results.find((x) => x.id === "SR-01")!;
    expect(sr01.status).toBe("passed");
    expect(sr01.unexpected_pass).toBe(true);
    expect(r.summary).toMatchObject({ expected_failures: 1, unexpected_passes: 1, must_failed: 0, exit_code: 0 });
  }, 60_000);

  test("without the file the same failure exits 1 and carries evidence", async () => {
    const r = await runCheck({ url: server.url, output: false, only: ["SR-21"] });
    expect(r.summary.exit_code).toBe(1);
    const ev = r.results[0]!.evidence!;
    expect(ev.expected).toMatch(/thread count/);
    expect(ev.seen).toMatch(/new thread/);
    expect(r.results[0]!.message).toMatch(/reproduce: curl /);
  }, 60_000);
});

describe("bounded", () => {
  let server: FaultyServer;
  beforeAll(async () => {
    server = await serveFault(NEVER_CLOSING, { fixturesDir });
  });
  afterAll(() => server?.close());

  test("a never-closing stream fails SR-05 within the configured timeout, never hangs", async () => {
    const started = performance.now();
    const r = await runCheck({ url: server.url, output: false, timeoutS: 3 });
    const elapsed = performance.now() - started;
    const sr05 = r.results.find((x) => x.id === "SR-05")!;
    expect(sr05.status).toBe("failed");
    expect(sr05.message).toMatch(/never ended/);
    expect(r.summary.exit_code).toBe(1);
    // Each stream is cut at 3 s; the whole run stays far below the 8 × timeout + 60 s watchdog.
    expect(elapsed).toBeLessThan(84_000);
  }, 120_000);

  test.each([
    ["garbage bytes", () => new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ["an event over the size cap", () => new TextEncoder().encode(`event: values\ndata: "${"x".repeat(5 * 1024 * 1024)}"\n\n`)],
  ])("a server that streams %s fails SR-03 with a clear message", async (_what, body) => {
    const garbage = await serveFault(
      async (req, ctx) =>
        req.method === "POST" && new URL(req.url).pathname === "/runs/stream"
          ? new Response(body(), { status: 200, headers: { "content-type": "text/event-stream" } })
          : ctx.handle(req),
      { fixturesDir },
    );
    try {
      const r = await runCheck({ url: garbage.url, output: false, only: ["SR-01", "SR-03", "SR-05"], timeoutS: 10 });
      const sr03 = r.results.find((x) => x.id === "SR-03")!;
      expect(sr03.status).toBe("failed");
      expect(sr03.message).toMatch(/expected: (every event|well-formed SSE frames|every data: payload)/);
      expect(r.errors).toEqual([]);
      expect(r.summary.exit_code).toBe(1);
    } finally {
      await garbage.close();
    }
  }, 60_000);

  test("the watchdog stops a check that overstays and fails what did not finish", async () => {
    const started = performance.now();
    const r = await runCheck({ url: server.url, output: false, timeoutS: 30, overallTimeoutMs: 4_000 });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(r.summary.exit_code).toBe(1);
    expect(r.results.some((x) => x.status === "failed" && /did not finish: the whole check exceeded/.test(x.message))).toBe(true);
  }, 60_000);
});

describe("the check sub-command", () => {
  const program = () => {
    const p = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerCheck(p);
    return p;
  };

  test("bad arguments are a CliError with exit code 2", async () => {
    await expect(program().parseAsync(["node", "lgc", "check", "--reporter", "html=x.html"], { from: "node" })).rejects.toSatisfy(
      (e: unknown) => e instanceof CliError && e.exitCode === 2 && /kind must be one of json, junit, markdown/.test(e.message),
    );
    await expect(program().parseAsync(["node", "lgc", "check", "--only", "SR-77", "--url", "http://127.0.0.1:1"], { from: "node" })).rejects.toSatisfy(
      (e: unknown) => e instanceof CliError && e.exitCode === 2 && /no such requirement id/.test(e.message),
    );
  });

  test("an unreachable --url is a one-line CliError with exit code 2", async () => {
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await expect(program().parseAsync(["node", "lgc", "check", "--url", "http://127.0.0.1:1", "--timeout", "2"], { from: "node" })).rejects.toSatisfy(
        (e: unknown) => e instanceof CliError && e.exitCode === 2 && /^cannot reach http:\/\/127\.0\.0\.1:1/.test(e.message),
      );
    } finally {
      process.stdout.write = write;
    }
  });

  test("a passing check sets exit code 0", async () => {
    const saved = process.exitCode;
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const server = await serveFault((req, ctx) => ctx.handle(req), { fixturesDir });
    try {
      await program().parseAsync(["node", "lgc", "check", "--url", server.url, "--only", "SR-01,SR-02", "--level", "must"], { from: "node" });
      expect(process.exitCode).toBe(0);
    } finally {
      process.stdout.write = write;
      process.exitCode = saved;
      await server.close();
    }
  }, 60_000);
});
