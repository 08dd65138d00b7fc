/**
 * Fidelity of the reference graphs: replays every captured stateless `POST /runs/stream` and
 * `POST /runs/wait` request (test/data/captures, recorded with `langgraphjs dev` and the graphs the
 * captures README describes) against our reference server, and requires the same status,
 * content type and body once ids, timestamps and the server URL are normalised. If this passes,
 * recordings made with `fixtures/graphs/` look like the captures.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServer } from "../../src/reference/index.js";
import { mapLimit, normaliseVolatile } from "./helpers.js";

const CAPTURES_DIR = fileURLToPath(new URL("../data/captures/", import.meta.url));
const CONCURRENCY = 8;

/** Captures whose result depends on the client, not on the graphs. */
const SKIP: Record<string, string> = {
  "disconnect_curl_maxtime_0.5s": "curl gave up after 0.5 s; fetch reads the whole stream",
};

interface CapturedExchange {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  status: number;
  contentType: string | undefined;
  responseBody: string;
}

function loadCaptures(): CapturedExchange[] {
  return readdirSync(CAPTURES_DIR)
    .filter((file) => file.endsWith(".request.txt"))
    .map((file) => file.slice(0, -".request.txt".length))
    .flatMap((name): CapturedExchange[] => {
      const request = readFileSync(`${CAPTURES_DIR}${name}.request.txt`, "utf8");
      const blank = request.indexOf("\n\n");
      const head = (blank === -1 ? request : request.slice(0, blank)).split("\n");
      const [method = "", path = ""] = head[0]!.split(" ");
      if (method !== "POST" || (path !== "/runs/stream" && path !== "/runs/wait")) return [];
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rawBody = blank === -1 ? "" : request.slice(blank + 2).replace(/\n$/, "");

      const response = readFileSync(`${CAPTURES_DIR}${name}.txt`, "utf8");
      const split = response.indexOf("\r\n\r\n");
      const responseHead = response.slice(0, split).split("\r\n");
      const status = Number(responseHead[0]!.split(" ")[1]);
      const contentType = responseHead
        .find((line) => line.toLowerCase().startsWith("content-type:"))
        ?.slice("content-type:".length)
        .trim();
      return [
        {
          name,
          method,
          path,
          headers,
          body: rawBody === "" ? undefined : rawBody,
          status,
          contentType,
          responseBody: response.slice(split + 4),
        },
      ];
    });
}

/** `/runs/wait` sends a keep-alive "\n" per second of waiting: their number is timing, not content. */
function comparable(exchange: Pick<CapturedExchange, "path">, body: string): string {
  return normaliseVolatile(exchange.path === "/runs/wait" ? body.replace(/^\n+/, "") : body);
}

const captures = loadCaptures();
let server: ReferenceServer;
const replies = new Map<string, { status: number; contentType: string | null; body: string }>();

beforeAll(async () => {
  server = await startReferenceServer();
  const todo = captures.filter((c) => !(c.name in SKIP));
  await mapLimit(todo, CONCURRENCY, async (c) => {
    const res = await fetch(`${server.url}${c.path}`, {
      method: c.method,
      // curl's defaults too: the user agent ends up in keep-mode checkpoint configs.
      headers: { "user-agent": "curl/7.88.1", accept: "*/*", ...c.headers },
      // Bytes, not a string: fetch would otherwise add `content-type: text/plain` where curl sent none.
      body: c.body === undefined ? undefined : new TextEncoder().encode(c.body),
    });
    replies.set(c.name, { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() });
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("captured stateless requests replayed against the reference graphs", () => {
  it("found the captures", () => {
    expect(captures.length).toBeGreaterThan(80);
  });

  for (const c of captures) {
    it.skipIf(c.name in SKIP)(c.name, () => {
      const reply = replies.get(c.name);
      expect(reply, "no reply recorded (beforeAll failed?)").toBeDefined();
      expect(reply!.status).toBe(c.status);
      expect(reply!.contentType ?? undefined).toBe(c.contentType);
      expect(comparable(c, reply!.body)).toBe(comparable(c, c.responseBody));
    });
  }
});
