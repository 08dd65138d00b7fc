/**
 * Shared pieces of the stream checks: schema issues per requirement id, evidence built from a
 * stream or an HTTP exchange, and small predicates.
 */
import { formatIssue, parseEventName, validateEvent, type ValidationIssue } from "../../src/protocol/index.js";
import type { Evidence } from "./evidence.js";
import { excerpt } from "./evidence.js";
import type { HttpExchange } from "./http.js";
import { eventEvidence, type StreamEvent, type StreamExchange } from "./stream.js";

/** Which requirement a protocol validation issue belongs to. */
export function requirementForIssue(issue: ValidationIssue): string {
  const rule = issue.rule;
  const base = issue.event !== undefined ? issue.event.split("|")[0] : undefined;
  if (rule === "event.name") return /no event name/.test(issue.message) ? "SR-03" : "SR-12";
  if (rule === "event.namespace" || rule === "event.namespacedControl") return "SR-12";
  if (rule === "stream.unrequestedMode") return "SR-13";
  if (rule.startsWith("metadata.") || rule === "stream.metadataFirst") return "SR-02";
  if (rule.startsWith("interrupt.")) return "SR-15";
  if (rule.startsWith("updates.")) return "SR-14";
  if (rule === "stream.errorLast" || rule.startsWith("error.")) return "SR-19";
  if (rule === "stream.legacyEnd") return "SR-06";
  if (base === "messages" && (rule.startsWith("messages.") || rule.startsWith("message."))) return "SR-18";
  return "SC-01";
}

export interface StreamRequestInfo {
  /** `stream_mode` as sent (undefined when omitted). */
  streamMode?: unknown;
  subgraphs?: boolean;
}

export interface LocatedIssue {
  issue: ValidationIssue;
  event: StreamEvent;
  requirementId: string;
}

/** Validates every parsed event of a stream against the protocol schemas. */
export function streamIssues(stream: StreamExchange, info: StreamRequestInfo): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  for (const ev of stream.events) {
    if (!ev.parsed) continue; // SR-03 reports unparsable data
    const opts: Parameters<typeof validateEvent>[2] = { subgraphs: info.subgraphs === true };
    if (info.streamMode !== undefined) opts.requestedModes = info.streamMode as string | string[];
    else opts.requestedModes = [];
    for (const issue of validateEvent({ event: ev.event, data: ev.data }, ev.index, opts)) {
      out.push({ issue, event: ev, requirementId: requirementForIssue(issue) });
    }
  }
  return out;
}

/** Evidence for a stream: request, status, content type and curl, plus what the caller adds. */
export function streamEvidence(
  stream: StreamExchange,
  fields: Omit<Evidence, "request" | "status" | "contentType" | "curl"> & { eventAt?: StreamEvent },
): Evidence {
  const { eventAt, ...rest } = fields;
  const evidence: Evidence = {
    ...rest,
    request: stream.request,
    status: stream.status,
    contentType: stream.contentType,
    curl: stream.curl,
  };
  if (eventAt) evidence.event = eventEvidence(eventAt);
  const details = [...(rest.details ?? [])];
  if (stream.end !== "eof" && stream.endReason) details.push(`stream ended: ${stream.end} — ${stream.endReason}`);
  if (stream.body !== undefined) details.push(`body: ${excerpt(stream.body)}`);
  if (details.length > 0) evidence.details = details;
  return evidence;
}

export function exchangeEvidence(res: HttpExchange, fields: Omit<Evidence, "request" | "status" | "contentType" | "curl">): Evidence {
  const details = [...(fields.details ?? [])];
  if (res.error) details.push(`exchange: ${res.error}`);
  details.push(`body: ${excerpt(res.text) || "(empty)"}`);
  return { ...fields, request: res.request, status: res.status, contentType: res.contentType, curl: res.curl, details };
}

export function issueLine(located: LocatedIssue): string {
  return formatIssue(located.issue);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run id in a `Content-Location` (`/runs/{id}` or `/threads/{t}/runs/{id}`, absolute or not). */
export function runIdFromContentLocation(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const path = value.replace(/^[a-z]+:\/\/[^/]+/i, "").split(/[?#]/)[0] ?? "";
  const match = /(?:^|\/)runs\/([^/]+)\/?$/.exec(path);
  return match?.[1];
}

/** Base name of an event (`updates|sub:…` → `updates`). */
export function baseName(name: string): string {
  const parsed = parseEventName(name);
  return parsed.ok ? parsed.base : (name.split("|")[0] ?? name);
}

export function isNamespaced(name: string): boolean {
  return name.includes("|");
}

/** Non-reserved keys of an updates chunk. */
export function nodeKeys(data: unknown): string[] {
  return isObject(data) ? Object.keys(data).filter((k) => k !== "__interrupt__" && k !== "__metadata__") : [];
}

/** Deep structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
