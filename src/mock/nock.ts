// nock adapter: the same deployment behind nock interceptors (nock 14 intercepts node:http and the
// global fetch through @mswjs/interceptors). Streaming bodies become a Readable fed by the frame
// source, so chunks arrive one by one.
//
// Keep nock tests in their own files and never call `nock.restore()` in files that also use MSW:
// both sit on the same interceptors, and restore() switches MSW off too (gotcha 5). `close()` here
// removes only this adapter's interceptors.
//
// Limitation (nock's, not the mock's): nock JSON.parses JSON request bodies before the reply callback
// sees them, and a malformed JSON body with a JSON content type makes nock itself throw; test the
// "Malformed JSON" path with MSW or `startMockServer` instead.
import { Readable } from "node:stream";
import nock from "nock";
import type { MockDeployment } from "./deployment.js";
import { createNodeDeployment, type NodeMockOptions } from "./node.js";
import type { FrameSource } from "./reply.js";
import type { MockRequest } from "./request.js";

export interface NockDeployment {
  readonly scope: nock.Scope;
  readonly deployment: MockDeployment;
  /** Remove this adapter's interceptors and stop the deployment. */
  close(): void;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

function toReadable(src: FrameSource): Readable {
  async function* frames(): AsyncGenerator<string> {
    let ended = false;
    try {
      for (;;) {
        const chunk = await src.next();
        if (chunk === null) {
          ended = true;
          return;
        }
        yield chunk;
      }
    } finally {
      // Consumer destroyed the stream (abort) or the source failed: release the reader.
      if (!ended) src.cancel("nock stream closed");
    }
  }
  return Readable.from(frames(), { objectMode: false });
}

/**
 * Intercept every request to `baseUrl` (e.g. "http://localhost:2024") with a mock deployment.
 * Options are those of `setupMockServer` (fixtures, fixturesDir, timing, match, profile, …).
 */
export function nockDeployment(baseUrl: string, options: NodeMockOptions = {}): NockDeployment {
  const origin = new URL(baseUrl).origin;
  const deployment = createNodeDeployment({ ...options, baseUrl: origin });
  const scope = nock(origin).persist();
  const interceptors: nock.Interceptor[] = [];
  for (const method of METHODS) {
    const interceptor = scope.intercept(() => true, method);
    interceptors.push(interceptor);
    interceptor.reply(async function (this: nock.ReplyFnContext, uri: string, body: nock.Body) {
      const headers = this.req.headers as Record<string, string | string[] | undefined>;
      const text = body === undefined || body === "" ? "" : typeof body === "string" ? body : JSON.stringify(body);
      const abort = new AbortController();
      const mreq: MockRequest = {
        method,
        url: `${origin}${uri}`,
        headers: {
          get: (name) => {
            const v = headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(", ") : String(v);
          },
          forEach: (cb) => {
            for (const [k, v] of Object.entries(headers)) if (v !== undefined) cb(Array.isArray(v) ? v.join(", ") : String(v), k);
          },
        },
        text: async () => text,
        signal: abort.signal,
      };
      const reply = await deployment.dispatch(mreq);
      if (!reply) return [404, "404 Not Found", { "content-type": "text/plain; charset=UTF-8" }];
      const out = reply.body === null ? "" : typeof reply.body === "string" ? reply.body : toReadable(reply.body);
      return [reply.status, out, reply.headers];
    });
  }
  return {
    scope,
    deployment,
    close() {
      for (const i of interceptors) nock.removeInterceptor(i);
      scope.persist(false);
      deployment.close();
    },
  };
}
