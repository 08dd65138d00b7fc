// Records from a local server that plants secrets everywhere a real deployment could leak them:
// response headers, event data, config.configurable (the JS server copies request x-* headers there),
// the /info body — and the recorder itself sends secrets in request headers. None may reach the file.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordScenarios } from "../../src/recorder/session.js";
import { lintFixture } from "../../src/fixtures/lint.js";

const API_KEY = "lsv2_pt_0123456789abcdef0123456789abcdef_aa11bb22";
const BEARER = "Bearer abcdefABCDEF0123456789.tokenvalue";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
const SK = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX";
const COOKIE = "session=s3cr3t-cookie-value";
const USER_SECRET = "ACME-SECRET-4242";
const PLANTED = [API_KEY, "abcdefABCDEF0123456789.tokenvalue", JWT, SK, "s3cr3t-cookie-value", USER_SECRET];

let server: Server;
let url: string;
let dir: string;

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") out[k] = v;
  return out;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/info") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ version: "0.0.1", context: "js", note: `leaked ${SK}` }));
      return;
    }
    req.resume();
    req.on("end", () => {
      const runId = "01a21553-0269-73ba-8563-d55d8b6c6887";
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "content-location": `/runs/${runId}`,
        "set-cookie": COOKIE, // not a kept header: must not appear at all
        "x-api-key": API_KEY,
      });
      const configurable = { ...headersOf(req), run_id: runId }; // what the JS server does with x-* headers
      res.write(`event: metadata\ndata: ${JSON.stringify({ run_id: runId, attempt: 1 })}\n\n`);
      res.write(`event: custom\ndata: ${JSON.stringify({ token: JWT, config: { configurable } })}\n\n`);
      res.write(`event: updates\ndata: ${JSON.stringify({ agent: { messages: [{ type: "ai", content: `key is ${SK}, code ${USER_SECRET}` }] } })}\n\n`);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), "lgc-redact-"));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe("recorder redaction", () => {
  it("removes every planted secret and counts each one", async () => {
    const result = await recordScenarios({
      baseUrl: url,
      apiKey: API_KEY,
      outDir: dir,
      scenarios: [
        {
          name: "planted",
          endpoint: "stream",
          body: { assistant_id: "agent", input: { messages: [] }, stream_mode: ["custom", "updates"] },
          headers: { authorization: BEARER, cookie: COOKIE },
        },
      ],
      redactPatterns: [/ACME-SECRET-\d+/],
    });
    expect(result.failures).toEqual([]);
    const text = await readFile(join(dir, "planted.json"), "utf8");
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    // Where the planted secrets sit in the fixture before redaction: request headers authorization and
    // cookie; /info (sk-); event data: a JWT, config.configurable's authorization, cookie and x-api-key
    // (copied request headers), an sk- key and a user-pattern match in a message. The set-cookie and
    // x-api-key response headers are not kept headers, so they never reach the fixture at all.
    const fixture = JSON.parse(text);
    expect(fixture.redaction.by_rule).toEqual({
      "header:authorization": 2,
      "header:cookie": 2,
      "header:x-api-key": 1,
      jwt: 1,
      "sk-key": 2,
      "user:0": 1,
    });
    expect(fixture.redaction.count).toBe(9);
    expect(result.redactions.count).toBe(9);
    expect(fixture.redaction.by_rule).toEqual(result.redactions.byRule);
    expect(lintFixture(fixture, "planted.json")).toEqual([]);
  });
});
