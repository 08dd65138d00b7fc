// Request-side helpers: the transport-neutral request shape, JSON body parsing with the JS server's
// content-type rules (spec §2.2), schema validation with profile-specific error bodies, and the
// header → config.configurable copy of the JS server (utils/run-auth.mjs).
import { BoundedCache } from "./memo.js";
import type { ZodTypeAny, z } from "zod/v3";
import { malformedJson, validationError, type ServerProfile } from "./errors.js";
import type { MockReply } from "./reply.js";

/** What the core needs from a request. A web `Request` satisfies it. */
export interface MockRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  readonly headers: { get(name: string): string | null; forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
  readonly signal?: AbortSignal | undefined;
  /**
   * The adapter cancels a streaming reply body itself when the client goes away (serve.ts does, on
   * the response's 'close'), so the core does not listen on `signal` for that — which lets the
   * adapter create the signal lazily, only for the requests that wait before replying.
   */
  readonly cancelsBody?: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: MockReply };

// hono validator: the media type must be JSON (`application/json`, `application/x+json`).
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/**
 * The body as the JS server sees it: `text/plain` is rewritten to JSON on purpose
 * (http/middleware.mjs ensureContentType); any other non-JSON or missing content type means `{}`
 * (the body is ignored, so validation then reports `assistant_id Required`); JSON that does not parse
 * is `400 Malformed JSON in request body`. The Python profile parses the body whatever the type.
 */
export async function readJsonBody(req: MockRequest, profile: ServerProfile): Promise<Parsed<unknown>> {
  const r = await readJsonBodyText(req, profile);
  return r.ok ? { ok: true, value: r.value.value } : r;
}

/**
 * readJsonBody, also giving the text the value was parsed from (undefined when the content type made
 * the server ignore the body): equal texts give equal values, which lets callers cache by text.
 */
export async function readJsonBodyText(req: MockRequest, profile: ServerProfile): Promise<Parsed<{ value: unknown; text: string | undefined }>> {
  if (profile === "js" && !isJsonMedia(req.headers.get("content-type"))) return { ok: true, value: { value: {}, text: undefined } };
  const text = await req.text();
  try {
    return { ok: true, value: { value: JSON.parse(text) as unknown, text } };
  } catch {
    return { ok: false, reply: malformedJson(profile) };
  }
}

// Content types repeat from request to request: remember the verdict (bounded).
const mediaVerdicts = new BoundedCache<boolean>(256, 256);

function isJsonMedia(ct: string | null): boolean {
  if (!ct) return false;
  return mediaVerdicts.getOrSet(ct, () => {
    let media = (ct.split(";")[0] ?? "").trim().toLowerCase();
    if (media.startsWith("text/plain")) media = "application/json";
    return JSON_MEDIA.test(media);
  });
}

export function validate<S extends ZodTypeAny>(
  schema: S,
  value: unknown,
  profile: ServerProfile,
  where: "body" | "path" | "query" = "body",
): Parsed<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data as z.infer<S> };
  return { ok: false, reply: validationError(profile, result.error, where) };
}

const BLOCKED_CONFIGURABLE_HEADERS = new Set(["x-api-key", "x-tenant-id", "x-service-key"]);

/**
 * Copy `user-agent` and every `x-*` header (except the blocked secrets) into `configurable`, as the
 * JS server does for every run. `x-mock-*` control headers are the mock's own and are not copied,
 * so a fault header never shows up in run kwargs.
 */
export function copyHeadersToConfigurable(config: Record<string, unknown>, headers: MockRequest["headers"]): void {
  headers.forEach((value, rawKey) => {
    const key = rawKey.toLowerCase();
    if (key.startsWith("x-mock-")) return;
    if ((key.startsWith("x-") && !BLOCKED_CONFIGURABLE_HEADERS.has(key)) || key === "user-agent") {
      const configurable = (config["configurable"] ??= {}) as Record<string, unknown>;
      configurable[key] = value;
    }
  });
}

export interface ParsedUrl {
  path: string;
  query: URLSearchParams;
}

// Clients send the same few URLs over and over; WHATWG URL parsing is a visible part of a request's
// cost, so the outcome (path and query text) is remembered per URL. Bounded: it starts over when full.
const urlCache = new BoundedCache<{ path: string; search: string } | null>(512, 2048);

/** Path (without `baseUrl`'s path prefix) and query of a request URL; undefined if outside `baseUrl`. */
export function parseRequestUrl(url: string, baseUrl: string | undefined): ParsedUrl | undefined {
  const t = parseRequestTarget(url, baseUrl);
  return t ? { path: t.path, query: new URLSearchParams(t.search) } : undefined;
}

/** parseRequestUrl with the query as text (`?a=1` or ""): no URLSearchParams for requests that ignore it. */
export function parseRequestTarget(url: string, baseUrl: string | undefined): { readonly path: string; readonly search: string } | undefined {
  const key = baseUrl === undefined ? url : `${baseUrl}\u0000${url}`;
  return urlCache.getOrSet(key, () => parseUrlUncached(url, baseUrl) ?? null) ?? undefined;
}

function parseUrlUncached(url: string, baseUrl: string | undefined): { path: string; search: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  let path = u.pathname;
  if (baseUrl !== undefined) {
    const base = new URL(baseUrl);
    if (base.origin !== u.origin) return undefined;
    const prefix = base.pathname.replace(/\/+$/, "");
    if (prefix) {
      if (path !== prefix && !path.startsWith(`${prefix}/`)) return undefined;
      path = path.slice(prefix.length) || "/";
    }
  }
  // Hono routes ignore a trailing slash only when told to; the JS server is strict, so are we.
  return { path, search: u.search };
}
