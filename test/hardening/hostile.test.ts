/**
 * Hostile servers against the compiled CLI (issue #7, part 3): `check` must end within a bound, never
 * hang or crash, fail the affected requirements with a message that names the problem, and always
 * write its three reports (JSON valid against REPORT_SCHEMA, well-formed JUnit, Markdown) — exit 1
 * for failed requirements, exit 2 when the target cannot be checked at all.
 *
 * Servers: ./hostile-servers.ts. Most cases narrow the check with `--only` to the stream and
 * response-body rules (a full check against a server that hangs takes ~75 s); three are full checks.
 * Set HOSTILE_LOG=1 to print the table (case, exit code, duration, failed ids with their first line).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPORT_SCHEMA, type CheckResult } from "../../src/runner/index.js";
import { runCli } from "../support/cli.js";
import { startHostileServer, type HostileBehaviour } from "./hostile-servers.js";
import { limiter } from "../support/limit.js";

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const TIMEOUT_S = 3;
const GRACE_MS = 2_000; // the runner's default (--grace not passed)
/** The runner's own watchdog for a full check (src/runner/run.ts): 8 × timeout + 6 × grace + 60 s. */
const WATCHDOG_MS = TIMEOUT_S * 1000 * 8 + GRACE_MS * 6 + 60_000;
/** Stream rules (framing, first event, EOF) and the response-body rules of /runs/wait, /runs, /runs/batch. */
const STREAM_RULES = ["SR-01", "SR-02", "SR-03", "SR-05", "SR-32", "SR-35", "SR-36"];

interface HostileCase {
  name: string;
  behaviour: HostileBehaviour;
  scope?: "runs" | "everything";
  /** `--only` ids; undefined = full check. */
  only?: string[];
  exitCode: 1 | 2;
  /** Exit 1: requirement id → what its failure message must say. */
  failures?: Record<string, RegExp>;
  /** Exit 2: what the one error (report and stderr) must say. */
  error?: RegExp;
  /** Wall-clock bound for the whole CLI run. */
  maxMs: number;
}

const BOUND_MS = 60_000;
const CASES: HostileCase[] = [
  // Full checks first: the longest one starts at once and overlaps with the rest.
  {
    name: "hangs before headers on run endpoints (full check)",
    behaviour: "hang",
    exitCode: 1,
    failures: {
      "SR-01": /stream ended: timeout — no response headers within 3000 ms \(stream timeout\)/,
      "SR-10": /no response headers within 3000 ms/,
      "SR-32": /seen: +no complete response within 3000 ms \(request timeout\)/,
      "SR-35": /seen: +no complete response within 3000 ms \(request timeout\)/,
      "SR-36": /seen: +no complete response within 3000 ms \(request timeout\)/,
      "RG-01": /no response headers within 3000 ms/,
    },
    // Ends by the per-request bounds, before the watchdog would have to step in.
    maxMs: WATCHDOG_MS,
  },
  {
    name: "resets the connection mid-stream (full check)",
    behaviour: "reset-mid-stream",
    exitCode: 1,
    failures: {
      "SR-05": /the server reset the connection \(ECONNRESET\)/,
      "SR-32": /reading the response body failed: terminated: the server reset the connection \(ECONNRESET\)/,
      "SR-35": /the server reset the connection \(ECONNRESET\)/,
      "SR-36": /the server reset the connection \(ECONNRESET\)/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "sends invalid UTF-8 (full check)",
    behaviour: "invalid-utf8",
    exitCode: 1,
    failures: {
      "SR-03": /invalid-utf8: .*FF can never appear in UTF-8/,
      "SR-32": /the response body is not valid UTF-8: bytes FF at byte 13 can never appear in UTF-8/,
      "SR-35": /not valid UTF-8/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "hangs on every route, /ok included",
    behaviour: "hang",
    scope: "everything",
    exitCode: 2,
    error: /^cannot reach http:\/\/127\.0\.0\.1:\d+: no complete response within 3000 ms \(request timeout\)$/,
    maxMs: BOUND_MS,
  },
  {
    name: "sends headers and then nothing on run endpoints",
    behaviour: "headers-then-silence",
    only: STREAM_RULES,
    exitCode: 1,
    failures: {
      "SR-02": /no events at all/,
      "SR-05": /the stream never ended: the stream did not end within 3000 ms \(stream timeout\)/,
      "SR-32": /reading the response body failed: no complete response within 3000 ms \(request timeout\)/,
      "SR-35": /no complete response within 3000 ms/,
      "SR-36": /no complete response within 3000 ms/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "streams forever (an event every 100 ms)",
    behaviour: "stream-forever",
    only: STREAM_RULES,
    exitCode: 1,
    failures: {
      "SR-05": /the stream never ended: the stream did not end within 3000 ms \(stream timeout\) \(sample "[^"]+", \d+ event\(s\)/,
      "SR-32": /no complete response within 3000 ms \(request timeout\)/,
      "SR-35": /no complete response within 3000 ms/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "sends one 50 MB event",
    behaviour: "huge-event",
    only: STREAM_RULES,
    exitCode: 1,
    failures: {
      "SR-03": /event-too-large: .*exceeds maxEventBytes \(4194304 bytes/,
      "SR-05": /an event exceeded the 4194304-byte cap/,
      "SR-32": /the response body exceeded 4194304 bytes; reading stopped/,
      "SR-35": /exceeded 4194304 bytes/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "answers text/event-stream with an HTML page",
    behaviour: "non-sse-body",
    only: STREAM_RULES,
    exitCode: 1,
    failures: {
      "SR-02": /no events at all/,
      "SR-03": /field-without-colon: .*"<!doctype html>"/,
      "SR-32": /body is not JSON/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "sends 100 KB of response headers on run endpoints",
    behaviour: "huge-headers",
    only: STREAM_RULES,
    exitCode: 1,
    failures: {
      "SR-01": /the response headers exceed the HTTP client's size limit .*\(UND_ERR_HEADERS_OVERFLOW\)/,
      "SR-32": /the response headers exceed the HTTP client's size limit/,
      "SR-36": /UND_ERR_HEADERS_OVERFLOW/,
    },
    maxMs: BOUND_MS,
  },
  {
    name: "sends 100 KB of response headers on every route",
    behaviour: "huge-headers",
    scope: "everything",
    exitCode: 2,
    error: /^cannot reach http:\/\/127\.0\.0\.1:\d+: fetch failed: the response headers exceed the HTTP client's size limit .*\(UND_ERR_HEADERS_OVERFLOW\)$/,
    maxMs: BOUND_MS,
  },
  {
    name: "sends headers and then nothing on every route",
    behaviour: "headers-then-silence",
    scope: "everything",
    exitCode: 2,
    // /ok answers 200, so the target is reachable; probing then finds no usable assistant list.
    error: /^no assistant to run at http:\/\/127\.0\.0\.1:\d+: POST \/assistants\/search answered 200 \(reading the response body failed: no complete response within 3000 ms \(request timeout\)\); pass --assistant ID$/,
    maxMs: BOUND_MS,
  },
];

/** A Node stack frame, e.g. "    at foo (file.js:1:2)": a crash leaked to the terminal. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Minimal XML well-formedness: every `<` opens a tag, every `&` an entity, tags close in order. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, "");
  expect(body.match(/<(?![A-Za-z/])/g), "stray < in the JUnit text").toBeNull();
  expect(body.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/gi), "stray & in the JUnit text").toBeNull();
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
}

/** Reads a report as strict UTF-8: hostile bytes must not leak into the files undecoded. */
async function readUtf8(path: string): Promise<string> {
  return new TextDecoder("utf-8", { fatal: true }).decode(await readFile(path));
}

const seenLine = (message: string) => (message.split("\n").find((l) => l.startsWith("seen:")) ?? message.split("\n")[0] ?? "").replace(/^seen:\s+/, "");

// Each case is a CLI process running vitest: two at a time on a 2-core machine.
const slot = limiter(2);

let dir: string;
const table: string[] = [];
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validateReport = ajv.compile(REPORT_SCHEMA as object);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lgc-hostile-"));
});
afterAll(async () => {
  if (process.env.HOSTILE_LOG) console.log(table.join("\n"));
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent("check against hostile servers", () => {
  test.each(CASES.map((c, i) => [c.name, c, i] as const))(
    "%s",
    (_name, c, i) =>
      slot(async () => {
        const server = await startHostileServer(c.behaviour, { scope: c.scope ?? "runs" });
        const json = join(dir, `${i}.json`);
        const junit = join(dir, `${i}.xml`);
        const md = join(dir, `${i}.md`);
        const args = ["check", "--url", server.url, "--timeout", String(TIMEOUT_S)];
        args.push("--reporter", `json=${json}`, "--reporter", `junit=${junit}`, "--reporter", `markdown=${md}`);
        if (c.only) args.push("--only", c.only.join(","));
        const started = performance.now();
        let r: Awaited<ReturnType<typeof runCli>>;
        try {
          // Killed well after the bound: a hang shows up as a signal, not as a stuck test.
          r = await runCli(args, { timeoutMs: c.maxMs + 30_000 });
        } finally {
          await server.close();
        }
        const ms = performance.now() - started;
        const out = `${r.stdout}\n${r.stderr}`;

        // Ended on its own, within the bound, with the expected exit code and no crash.
        expect(r.signal, `killed after ${Math.round(ms)} ms: the check hung`).toBeNull();
        expect(r.code, out.slice(-3000)).toBe(c.exitCode);
        expect(ms).toBeLessThan(c.maxMs);
        expect(out).not.toMatch(/unexpected error/i);
        expect(out).not.toMatch(STACK_FRAME);

        // All three reports, whatever the outcome.
        const report = JSON.parse(await readUtf8(json)) as CheckResult;
        expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
        expect(report.summary.exit_code).toBe(c.exitCode);
        expect(report.target.url).toBe(server.url);
        const xml = await readUtf8(junit);
        assertWellFormedXml(xml);
        expect((xml.match(/<testcase /g) ?? []).length).toBe(report.results.length);
        expect(xml).toContain(`<property name="exit_code" value="${c.exitCode}"/>`);
        const markdown = await readUtf8(md);
        expect(markdown).toMatch(/^## LangGraph conformance: /);
        expect(markdown).toContain(`exit code ${c.exitCode}`);

        const failed = report.results.filter((x) => x.status === "failed");
        if (c.exitCode === 2) {
          expect(report.summary.verdict).toBe("error");
          expect(report.results).toEqual([]);
          expect(report.errors).toHaveLength(1);
          expect(report.errors[0]).toMatch(c.error!);
          // One clear line on stderr, the same as the report's.
          expect(r.stderr.trim()).toBe(`langgraph-conformance: ${report.errors[0]}`);
          expect(xml).toContain("<system-err>");
          expect(markdown).toContain("### Errors");
        } else {
          expect(report.summary.verdict).toBe("fail");
          // Requirement failures, not a broken run: no runner errors, no watchdog, no check crashes.
          expect(report.errors).toEqual([]);
          for (const f of failed) {
            expect(f.message, `${f.id} has no message`).not.toBe("");
            expect(f.message, `${f.id}: the watchdog had to stop the run`).not.toMatch(/exceeded its \d+ s limit/);
            expect(f.message, `${f.id}: the check itself crashed on the hostile input`).not.toMatch(/the check stopped with/);
          }
          for (const [id, pattern] of Object.entries(c.failures ?? {})) {
            const res = report.results.find((x) => x.id === id);
            expect(res?.status, `${id} should fail; got: ${res?.message.slice(0, 300)}`).toBe("failed");
            expect(res!.message, `${id}'s message`).toMatch(pattern);
          }
          // The hostile routes were actually exercised.
          const runHits = [...server.hostileHits.entries()].filter(([k]) => k.startsWith("POST /runs")).reduce((n, [, v]) => n + v, 0);
          expect(runHits).toBeGreaterThan(0);
          if (c.behaviour === "huge-event") {
            // The client stopped reading after its 4 MiB cap: far less than 50 MB per response left the server.
            expect(server.hostileBytesWritten() / runHits).toBeLessThan(25 * 1024 * 1024);
          }
        }

        table.push(
          `| ${c.name} | ${r.code} | ${(ms / 1000).toFixed(1)} s | ` +
            (c.exitCode === 2
              ? `(none) — ${report.errors[0]}`
              : failed.map((f) => `${f.id}: ${seenLine(f.message).slice(0, 140)}`).join("<br>")) +
            " |",
        );
      }),
    // vitest's own bound: the slot wait plus the run.
    400_000,
  );
});
