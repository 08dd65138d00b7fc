/**
 * Evidence attached to every failed requirement: what was expected, what was seen, the request
 * (as a curl command that reproduces it), the status, the offending event and the thread ids found.
 *
 * Everything here is plain JSON so it survives vitest's worker → main-process serialisation
 * (verified: own enumerable properties of a thrown Error arrive in the reporter).
 */

export interface RequestEvidence {
  method: string;
  url: string;
  /** Headers as sent, with the API key replaced by `$<ENV NAME>`. */
  headers: Record<string, string>;
  /** The body as sent (a JSON text or raw text), possibly cut. */
  body?: string;
}

export interface EventEvidence {
  index: number;
  name: string;
  /** The raw data text, cut to {@link EXCERPT_CHARS}. */
  data: string;
}

export interface Evidence {
  expected: string;
  seen: string;
  request?: RequestEvidence;
  status?: number;
  contentType?: string;
  event?: EventEvidence;
  threadIds?: string[];
  curl?: string;
  /** Further lines worth reading (other offending events, timings, bodies). */
  details?: string[];
}

export const EXCERPT_CHARS = 300;

/** Cuts a text to `max` characters, marking the cut, and makes it one line. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, "\\n");
  return oneLine.length > max ? `${oneLine.slice(0, max)}… (${oneLine.length} chars)` : oneLine;
}

/** JSON text of a value for messages (never throws). */
export function show(value: unknown, max = EXCERPT_CHARS): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return excerpt(text, max);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that repeats the request. `-N` (no buffering) for streams; the API key appears
 * as a shell variable so the command can be pasted into a CI log safely.
 */
export function curlFor(request: RequestEvidence, opts: { stream?: boolean } = {}): string {
  const parts = ["curl", "-sS", "-i"];
  if (opts.stream) parts.push("-N");
  if (request.method !== "GET" || request.body !== undefined) parts.push("-X", request.method);
  parts.push(shellQuote(request.url));
  for (const [name, value] of Object.entries(request.headers)) {
    // `$VAR` must stay expandable: double quotes for the API key header only.
    parts.push("-H", value.startsWith("$") ? `"${name}: ${value}"` : shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) parts.push("--data-raw", shellQuote(request.body));
  return parts.join(" ");
}

/** Multi-line, human-readable form used as the error message. */
export function formatEvidence(evidence: Evidence): string {
  const lines = [`expected: ${evidence.expected}`, `seen:     ${evidence.seen}`];
  if (evidence.request) lines.push(`request:  ${evidence.request.method} ${evidence.request.url}`);
  if (evidence.status !== undefined) {
    lines.push(`status:   ${evidence.status}${evidence.contentType ? ` (${evidence.contentType})` : ""}`);
  }
  if (evidence.event) {
    lines.push(`event:    #${evidence.event.index} "${evidence.event.name}" data: ${evidence.event.data}`);
  }
  if (evidence.threadIds && evidence.threadIds.length > 0) lines.push(`threads:  ${evidence.threadIds.join(", ")}`);
  for (const line of evidence.details ?? []) lines.push(`  ${line}`);
  if (evidence.curl) lines.push(`reproduce: ${evidence.curl}`);
  return lines.join("\n");
}
