// Every rejected request captured from the real JS server (test/data/captures) is replayed against
// the mock; status, content type and body must match byte for byte.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { loadFixtureDir } from "../fixtures/io.js";
import { createMockDeployment, type MockDeployment } from "./deployment.js";
import { readReplyBody } from "./reply.js";

const CAPTURES = join(import.meta.dirname, "../../test/data/captures");
const DATA = join(import.meta.dirname, "../../test/mock/data");

interface Capture {
  name: string;
  method: string;
  path: string;
  reqHeaders: Record<string, string>;
  reqBody: string;
  status: number;
  resHeaders: Record<string, string>;
  resBody: string;
}

function split(text: string): [string, string] {
  const i = text.indexOf("\r\n\r\n");
  if (i >= 0) return [text.slice(0, i), text.slice(i + 4)];
  const j = text.indexOf("\n\n");
  return j >= 0 ? [text.slice(0, j), text.slice(j + 2)] : [text, ""];
}

function headerMap(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
}

function load(name: string): Capture {
  const [reqHead, reqBody] = split(readFileSync(join(CAPTURES, `${name}.request.txt`), "utf8"));
  const [line, ...reqHeaderLines] = reqHead.split(/\r?\n/);
  const [method, path] = (line as string).split(" ") as [string, string];
  const [resHead, resBody] = split(readFileSync(join(CAPTURES, `${name}.txt`), "utf8"));
  const [statusLine, ...resHeaderLines] = resHead.split(/\r?\n/);
  return {
    name,
    method,
    path,
    reqHeaders: headerMap(reqHeaderLines),
    reqBody: reqBody.replace(/\r?\n$/, ""),
    status: Number((statusLine as string).split(" ")[1]),
    resHeaders: headerMap(resHeaderLines),
    resBody,
  };
}

// Requests rejected before any run starts (plus the non-route and preflight cases).
const REJECTED = readdirSync(CAPTURES)
  .filter((f) => f.endsWith(".request.txt"))
  .map((f) => f.replace(/\.request\.txt$/, ""))
  .map(load)
  .filter((c) => c.status >= 400 || c.method === "OPTIONS")
  // Thread-id ones depend on server state recorded at capture time.
  .filter((c) => !c.path.startsWith("/threads/"));

let deployment: MockDeployment;
beforeAll(async () => {
  deployment = createMockDeployment({ fixtures: await loadFixtureDir(DATA), graphs: ["agent", "echo", "slow", "failing", "interrupting", "nested", "counter"] });
  await deployment.ready;
});

describe("rejected requests answer like the JS server", () => {
  test("there are captures to check", () => {
    expect(REJECTED.length).toBeGreaterThan(20);
  });
  test.each(REJECTED.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    // A plain MockRequest: a web Request would add `content-type: text/plain` to a string body,
    // while several captures test exactly the absence of a content type.
    const headers = new Headers(c.reqHeaders);
    const reply = await deployment.dispatch({
      method: c.method,
      url: `http://127.0.0.1:2124${c.path}`,
      headers,
      text: async () => c.reqBody,
    });
    expect(reply).toBeDefined();
    if (!reply) return;
    expect(reply.status).toBe(c.status);
    expect(await readReplyBody(reply)).toBe(c.resBody);
    for (const h of ["content-type", "access-control-allow-origin", "access-control-expose-headers", "access-control-allow-methods", "access-control-allow-headers", "vary"]) {
      expect(reply.headers[h], `header ${h}`).toBe(c.resHeaders[h]);
    }
    // Nothing was created by a rejected request (SR-28) — except batch_one_bad (JS quirk, spec §10).
    if (c.name !== "batch_one_bad") expect(deployment.store.threadCount).toBe(0);
  });
  afterEach(async () => {
    await deployment.idle();
    deployment.reset();
  });
});
