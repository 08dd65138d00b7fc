// MSW adapter: one `http.<method>()` handler per deployment route, each delegating to the core's
// `handle()`. Per-route handlers (rather than one catch-all) let MSW users see the routes in MSW's
// logs, combine them with their own handlers and override single routes with `server.use()`.
// msw's `sse()` is deliberately not used: it only matches GET with `accept: text/event-stream` and
// needs a global EventSource (absent on Node 20), while the SDK streams with a bare POST (gotcha 2).
import { http, type HttpHandler } from "msw";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "./deployment.js";
import { parseRequestUrl } from "./request.js";
import { matchRoute, ROUTES } from "./routes.js";

export type DeploymentHandlers = HttpHandler[] & { readonly deployment: MockDeployment };

function isDeployment(x: MockDeploymentOptions | MockDeployment): x is MockDeployment {
  return typeof (x as MockDeployment).dispatch === "function" && typeof (x as MockDeployment).handle === "function";
}

/**
 * MSW request handlers for a mock deployment (created from `options`, or the one given). Without
 * `baseUrl` the handlers match any origin (`*​/runs/stream`), so `http://localhost:2024` and any other
 * API URL work; requests whose path is not a deployment route are left to other handlers. With
 * `baseUrl`, every path under it is answered (unknown routes get the server's `404 Not Found`).
 */
export function deploymentHandlers(options: MockDeploymentOptions | MockDeployment = {}): DeploymentHandlers {
  const deployment = isDeployment(options) ? options : createMockDeployment(options);
  const baseUrl = deployment.baseUrl;
  const prefix = baseUrl ? baseUrl.replace(/\/+$/, "") : "*";

  const resolve = async ({ request }: { request: Request }): Promise<Response | undefined> => {
    if (!baseUrl) {
      // Any-origin mode: only claim the deployment's own routes (and preflights for them).
      const parsed = parseRequestUrl(request.url, undefined);
      if (!parsed) return undefined;
      const method = request.method === "OPTIONS" ? (request.headers.get("access-control-request-method") ?? "GET") : request.method;
      if (!matchRoute(method.toUpperCase(), parsed.path) && request.method !== "OPTIONS") return undefined;
    }
    return deployment.handle(request);
  };

  const handlers: HttpHandler[] = [];
  const seen = new Set<string>();
  for (const route of ROUTES) {
    const path = `${prefix}${route.path}`;
    const method = route.method.toLowerCase() as "get" | "post" | "patch" | "delete";
    handlers.push(http[method](path, resolve));
    if (!seen.has(path)) {
      seen.add(path);
      handlers.push(http.options(path, resolve));
    }
  }
  if (baseUrl) handlers.push(http.all(`${prefix}/*`, resolve));
  return Object.assign(handlers, { deployment });
}
