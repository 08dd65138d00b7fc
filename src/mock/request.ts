// Request-side helpers: the transport-neutral request shape, JSON body parsing with the JS server's
// content-type rules (spec §2.2), schema validation with profile-specific error bodies, and the
// header → config.configurable copy of the JS server (utils/run-auth.mjs).
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
  if (profile === "js") {
    const ct = req.headers.get("content-type");
    let media = ct ? (ct.split(";")[0] ?? "").trim().toLowerCase() : "";
    if (media.startsWith("text/plain")) media = "application/json";
    if (!JSON_MEDIA.test(media)) return { ok: true, value: {} };
  }
  const text = await req.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reply: malformedJson(profile) };
  }
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

/** Path (without `baseUrl`'s path prefix) and query of a request URL; undefined if outside `baseUrl`. */
export function parseRequestUrl(url: string, baseUrl: string | undefined): ParsedUrl | undefined {
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
  return { path, query: u.searchParams };
}
