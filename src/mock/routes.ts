// The route table of the mock deployment (the JS server's routes the mock implements). One source of
// truth for the core router and for the per-route MSW handlers.

import { BoundedCache } from "./memo.js";

export type RouteName =
  | "runsStream"
  | "runStreamJoin"
  | "runsWait"
  | "runsCreate"
  | "runsBatch"
  | "threadsCreate"
  | "threadsSearch"
  | "threadsCount"
  | "threadStateGet"
  | "threadStatePost"
  | "threadHistoryGet"
  | "threadHistoryPost"
  | "threadGet"
  | "threadDelete"
  | "threadPatch"
  | "threadRunsList"
  | "threadRunsCreate"
  | "threadRunsStream"
  | "threadRunsWait"
  | "threadRunGet"
  | "threadRunDelete"
  | "threadRunJoin"
  | "threadRunStream"
  | "threadRunCancel"
  | "assistantsSearch"
  | "assistantsCount"
  | "assistantGet"
  | "info"
  | "ok"
  | "internalTruncate";

export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  name: RouteName;
}

// Order matters where literals and params overlap (`/threads/search` before `/threads/:thread_id`).
export const ROUTES: readonly Route[] = [
  { method: "POST", path: "/runs/stream", name: "runsStream" },
  { method: "GET", path: "/runs/:run_id/stream", name: "runStreamJoin" },
  { method: "POST", path: "/runs/wait", name: "runsWait" },
  { method: "POST", path: "/runs/batch", name: "runsBatch" },
  { method: "POST", path: "/runs", name: "runsCreate" },
  { method: "POST", path: "/threads", name: "threadsCreate" },
  { method: "POST", path: "/threads/search", name: "threadsSearch" },
  { method: "POST", path: "/threads/count", name: "threadsCount" },
  { method: "GET", path: "/threads/:thread_id/state", name: "threadStateGet" },
  { method: "POST", path: "/threads/:thread_id/state", name: "threadStatePost" },
  { method: "GET", path: "/threads/:thread_id/history", name: "threadHistoryGet" },
  { method: "POST", path: "/threads/:thread_id/history", name: "threadHistoryPost" },
  { method: "GET", path: "/threads/:thread_id/runs", name: "threadRunsList" },
  { method: "POST", path: "/threads/:thread_id/runs", name: "threadRunsCreate" },
  { method: "POST", path: "/threads/:thread_id/runs/stream", name: "threadRunsStream" },
  { method: "POST", path: "/threads/:thread_id/runs/wait", name: "threadRunsWait" },
  { method: "GET", path: "/threads/:thread_id/runs/:run_id", name: "threadRunGet" },
  { method: "DELETE", path: "/threads/:thread_id/runs/:run_id", name: "threadRunDelete" },
  { method: "GET", path: "/threads/:thread_id/runs/:run_id/join", name: "threadRunJoin" },
  { method: "GET", path: "/threads/:thread_id/runs/:run_id/stream", name: "threadRunStream" },
  { method: "POST", path: "/threads/:thread_id/runs/:run_id/cancel", name: "threadRunCancel" },
  { method: "GET", path: "/threads/:thread_id", name: "threadGet" },
  { method: "DELETE", path: "/threads/:thread_id", name: "threadDelete" },
  { method: "PATCH", path: "/threads/:thread_id", name: "threadPatch" },
  { method: "POST", path: "/assistants/search", name: "assistantsSearch" },
  { method: "POST", path: "/assistants/count", name: "assistantsCount" },
  { method: "GET", path: "/assistants/:assistant_id", name: "assistantGet" },
  { method: "GET", path: "/info", name: "info" },
  { method: "GET", path: "/ok", name: "ok" },
  { method: "POST", path: "/internal/truncate", name: "internalTruncate" },
];

interface Compiled {
  route: Route;
  segments: string[];
}

const COMPILED: Compiled[] = ROUTES.map((route) => ({ route, segments: route.path.split("/").slice(1) }));

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

// Most requests hit the same few paths: remember the outcome per method + path (bounded; starts over
// when full). A RouteMatch is shared between requests, so nothing may mutate one.
const routeCache = new BoundedCache<RouteMatch | null>(512, 1024);

/** The route for `method` + `path`; HEAD is served by GET routes (as Hono does). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  return routeCache.getOrSet(`${method} ${path}`, () => matchRouteUncached(method, path) ?? null) ?? undefined;
}

function matchRouteUncached(method: string, path: string): RouteMatch | undefined {
  const m = method === "HEAD" ? "GET" : method;
  const parts = path.split("/").slice(1);
  for (const { route, segments } of COMPILED) {
    if (route.method !== m || segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i] as string;
      const p = parts[i] as string;
      if (s.startsWith(":")) {
        if (p === "") {
          ok = false;
          break;
        }
        try {
          params[s.slice(1)] = decodeURIComponent(p);
        } catch {
          params[s.slice(1)] = p;
        }
      } else if (s !== p) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, params: Object.freeze(params) };
  }
  return undefined;
}
