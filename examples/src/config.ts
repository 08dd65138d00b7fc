// Query parameters of the example pages:
//   ?mode=worker                      MSW service worker in this page, fixtures bundled (default)
//   ?mode=http&api=http://127.0.0.1:2024   a real `langgraph-conformance serve` (or any Agent Server)
//   &timing=instant|recorded|<scale>  worker mode only: replay speed (serve takes --timing instead)
//   &fault=drop-after=2               sent as the x-mock-fault header on every request (both modes)
//   &assistant=failing                stream page: the graph to run (default "agent")
import type { Timing } from "../../src/mock/index.js";

export type Mode = "worker" | "http";

export interface ExampleConfig {
  mode: Mode;
  /** The API URL the SDK talks to. In worker mode nothing listens there: the worker answers. */
  apiUrl: string;
  timing: Timing;
  /** Raw `x-mock-fault` value, if any. */
  fault: string | undefined;
  /** Graph / assistant to run (stream page): "agent" unless `&assistant=` says otherwise. */
  assistant: string;
}

/** Worker mode's API URL: `langgraph dev`'s default, so the page looks like any app using the SDK. */
export const WORKER_API_URL = "http://localhost:2024";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function parseTiming(value: string | null): Timing {
  if (value === null || value === "" || value === "recorded") return "recorded";
  if (value === "instant") return "instant";
  const scale = Number(value.replace(/^scale[:=]/, ""));
  if (!Number.isFinite(scale) || scale < 0) {
    throw new ConfigError(`timing=${value}: expected "instant", "recorded" or a scale factor such as "timing=2".`);
  }
  return { scale };
}

export function readConfig(search: string): ExampleConfig {
  const q = new URLSearchParams(search);
  const mode = q.get("mode") ?? "worker";
  if (mode !== "worker" && mode !== "http") {
    throw new ConfigError(`mode=${mode}: expected "worker" or "http" (with &api=http://127.0.0.1:PORT).`);
  }
  const api = q.get("api");
  if (mode === "http" && !api) {
    throw new ConfigError("mode=http needs the server's URL: add &api=http://127.0.0.1:2024 (start it with `npx langgraph-conformance serve`).");
  }
  const fault = q.get("fault")?.trim() || undefined;
  const assistant = q.get("assistant")?.trim() || "agent";
  return { mode, apiUrl: api ?? WORKER_API_URL, timing: parseTiming(q.get("timing")), fault, assistant };
}

export function describeConfig(c: ExampleConfig): string {
  const timing = typeof c.timing === "string" ? c.timing : `×${c.timing.scale}`;
  const parts = [`mode=${c.mode}`, `api=${c.apiUrl}`, c.mode === "worker" ? `timing=${timing}` : "timing=server's", `fault=${c.fault ?? "none"}`];
  return parts.join(" · ");
}
