// An interrupted recording must leave nothing behind: no fixture, no temp file. The server streams one
// event and then stalls, so the recorder is killed mid-stream.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli } from "../support/cli.js";

let server: Server;
let url: string;
let firstEventSent: () => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/info") {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream", "content-location": "/runs/01a21553-0269-73ba-8563-d55d8b6c6887" });
    res.write(`event: metadata\ndata: {"run_id":"01a21553-0269-73ba-8563-d55d8b6c6887","attempt":1}\n\n`);
    firstEventSent();
    // …and never more: the stream stalls until the client goes away.
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("interrupted recording", () => {
  for (const signal of ["SIGINT", "SIGKILL"] as const) {
    it(`leaves no fixture and no temp file after ${signal} mid-stream`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "lgc-kill-"));
      try {
        const sent = new Promise<void>((r) => (firstEventSent = r));
        const { child, done } = startCli(["record", "--url", url, "--assistant", "agent", "--name", "stalled", "--out", dir]);
        await sent;
        await new Promise((r) => setTimeout(r, 200)); // let the recorder read the first event
        child.kill(signal);
        const result = await done;
        if (signal === "SIGINT") {
          expect(result.code).toBe(130);
          expect(result.stderr).toContain("interrupted");
        } else {
          expect(result.signal).toBe("SIGKILL");
        }
        expect(await readdir(dir)).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
