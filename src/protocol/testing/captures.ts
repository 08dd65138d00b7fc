/**
 * Test support: reads the raw HTTP captures in `test/data/captures/` (copied verbatim from the
 * spec; format in that folder's README.md). Node-only and not part of the public API.
 *
 * The SSE splitter here is deliberately minimal — the captures are LF-framed with one `data:` line
 * per event — so these tests do not depend on the SSE reader under test elsewhere.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CAPTURES_DIR = fileURLToPath(new URL("../../../test/data/captures/", import.meta.url));

export interface CapturedResponse {
  name: string;
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface CapturedRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body as sent, without the file's trailing newline; `""` when none was sent. */
  body: string;
}

export interface CapturedEvent {
  event: string;
  data: unknown;
  id?: string;
}

/** Capture names (files `NAME.txt` that have a `NAME.request.txt`). */
export function listCaptures(): string[] {
  const files = readdirSync(CAPTURES_DIR);
  return files
    .filter((f) => f.endsWith(".request.txt"))
    .map((f) => f.slice(0, -".request.txt".length))
    .filter((name) => files.includes(`${name}.txt`))
    .sort();
}

function parseHeaderLines(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}

export function readCaptureResponse(name: string): CapturedResponse {
  const raw = readFileSync(`${CAPTURES_DIR}${name}.txt`, "utf8");
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) throw new Error(`capture ${name}.txt: no blank line after the response headers.`);
  const [statusLine = "", ...headerLines] = raw.slice(0, split).split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  if (!Number.isInteger(status)) throw new Error(`capture ${name}.txt: bad status line "${statusLine}".`);
  return { name, status, headers: parseHeaderLines(headerLines), body: raw.slice(split + 4) };
}

export function readCaptureRequest(name: string): CapturedRequest {
  const raw = readFileSync(`${CAPTURES_DIR}${name}.request.txt`, "utf8");
  const split = raw.indexOf("\n\n");
  const head = split < 0 ? raw.trimEnd() : raw.slice(0, split);
  const [requestLine = "", ...headerLines] = head.split("\n");
  const [method = "", path = ""] = requestLine.split(" ");
  const body = split < 0 ? "" : raw.slice(split + 2).replace(/\n$/, "");
  return { name, method, path, headers: parseHeaderLines(headerLines), body };
}

/** Splits an LF-framed SSE body; `trailing` is any unterminated last frame. */
export function parseCapturedSse(body: string): { events: CapturedEvent[]; trailing: string } {
  const events: CapturedEvent[] = [];
  const frames = body.split("\n\n");
  const trailing = frames.pop() ?? "";
  for (const frame of frames) {
    const event: Partial<CapturedEvent> & { dataText?: string } = {};
    for (const line of frame.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.event = value;
      else if (field === "data") event.dataText = event.dataText === undefined ? value : `${event.dataText}\n${value}`;
      else if (field === "id") event.id = value;
    }
    if (event.event === undefined && event.dataText === undefined) continue;
    events.push({
      event: event.event ?? "message",
      data: event.dataText === undefined ? null : JSON.parse(event.dataText),
      ...(event.id !== undefined ? { id: event.id } : {}),
    });
  }
  return { events, trailing };
}
