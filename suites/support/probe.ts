/**
 * Capability probing: what the target offers, so that a check whose capability is missing is
 * skipped with the reason instead of failing.
 *
 * Probes (cheap, read-only except one short run): `GET /ok`, `GET /info`, `POST /assistants/search`,
 * `POST /threads/count` + `/threads/search`, `GET /runs/{random}/stream` (join), and — when every
 * reference graph id is registered — one `echo` stream whose reply proves they are the project's
 * graphs (fixtures/graphs). The runner probes once and hands the result to the workers through
 * `LGC_CAPABILITIES`; a worker without it probes itself (once per worker).
 */
import { randomUUID } from "node:crypto";
import type { Capability } from "../catalogue.js";
import { config, ROLES, type Role, type TargetConfig } from "./config.js";
import { get, post } from "./http.js";
import { REFERENCE_GRAPHS } from "./reference.js";
import { openStream } from "./stream.js";

export interface FeatureState {
  available: boolean;
  /** Why it is unavailable (or how it was detected). */
  reason?: string;
}

export interface Capabilities {
  target: string;
  /** `GET /info` body, when JSON. */
  info?: unknown;
  /** Graph ids of the registered assistants (`POST /assistants/search`). */
  graphIds: string[];
  /** Role → assistant id used by the checks. */
  assistants: Partial<Record<Role, string>>;
  /** The project's reference graphs answer as expected. */
  referenceGraphs: boolean;
  features: Record<Capability, FeatureState>;
  notes: string[];
}

/** Raised when the target cannot be reached at all: the runner exits 2 with this message. */
export class TargetUnreachable extends Error {
  override name = "TargetUnreachable";
}

const ROLE_CAPABILITY: Partial<Record<Role, Capability>> = {
  slow: "slow-assistant",
  failing: "failing-assistant",
  interrupting: "interrupting-assistant",
  nested: "subgraph-assistant",
  parallel: "parallel-assistant",
  messages: "messages-assistant",
};

/** The reference graph that plays each role when the reference graphs are detected. */
export const REFERENCE_ROLES: Record<Role, string> = {
  default: "agent",
  slow: "slow",
  failing: "failing",
  interrupting: "interrupting",
  nested: "nested",
  parallel: "parallel",
  messages: "agent",
};

export async function probeCapabilities(cfg: TargetConfig = config()): Promise<Capabilities> {
  const notes: string[] = [];
  const short = Math.min(cfg.timeoutMs, 10_000);

  const ok = await get("/ok", { timeoutMs: short }, cfg);
  let info: unknown;
  if (ok.status === 0) {
    const infoTry = await get("/info", { timeoutMs: short }, cfg);
    if (infoTry.status === 0) {
      throw new TargetUnreachable(`cannot reach ${cfg.url}: ${ok.error ?? infoTry.error ?? "no response"}`);
    }
    info = infoTry.isJson ? infoTry.json : undefined;
  } else {
    if (ok.status !== 200) notes.push(`GET /ok answered ${ok.status}`);
    const infoRes = await get("/info", { timeoutMs: short }, cfg);
    if (infoRes.isJson) info = infoRes.json;
  }

  const search = await post("/assistants/search", { limit: 1000, offset: 0 }, { timeoutMs: short }, cfg);
  const graphIds: string[] = [];
  const assistantByGraph = new Map<string, string>();
  if (search.status === 200 && Array.isArray(search.json)) {
    for (const a of search.json as Array<{ graph_id?: unknown; assistant_id?: unknown }>) {
      if (typeof a?.graph_id === "string" && !graphIds.includes(a.graph_id)) graphIds.push(a.graph_id);
      if (typeof a?.graph_id === "string" && typeof a?.assistant_id === "string" && !assistantByGraph.has(a.graph_id)) {
        assistantByGraph.set(a.graph_id, a.assistant_id);
      }
    }
  } else {
    notes.push(`POST /assistants/search answered ${search.status}${search.error ? ` (${search.error})` : ""}`);
  }

  // Reference graphs: every reference graph id is registered. No behavioural fingerprint on purpose:
  // a faulty server would then hide the very RG failures that should catch it.
  const missingGraphs = REFERENCE_GRAPHS.filter((g) => !graphIds.includes(g));
  const referenceGraphs = missingGraphs.length === 0;
  const referenceReason = referenceGraphs
    ? `all reference graph ids registered (${REFERENCE_GRAPHS.join(", ")})`
    : `the target does not register the reference graphs (missing: ${missingGraphs.join(", ")})`;

  const assistants: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const configured = cfg.assistants[role];
    if (configured !== undefined) assistants[role] = configured;
    else if (referenceGraphs) assistants[role] = REFERENCE_ROLES[role];
  }
  if (assistants.default === undefined && graphIds.length > 0) {
    assistants.default = graphIds[0]!;
    notes.push(`no --assistant given: using graph "${graphIds[0]}", the first of /assistants/search`);
  }

  const count = await post("/threads/count", {}, { timeoutMs: short }, cfg);
  const threadSearch = await post("/threads/search", { limit: 1 }, { timeoutMs: short }, cfg);
  const threadsOk = count.status === 200 && typeof count.json === "number" && threadSearch.status === 200 && Array.isArray(threadSearch.json);
  const threadsReason = threadsOk
    ? "POST /threads/count and /threads/search answer"
    : `thread endpoints unusable: /threads/count → ${count.status} ${count.text.slice(0, 80)}; /threads/search → ${threadSearch.status}`;

  // JS answers 200 (empty stream) for an unknown run; servers without the route answer 404.
  const join = await openStream(
    { method: "GET", path: `/runs/${randomUUID()}/stream` },
    { timeoutMs: Math.min(short, 5_000), idleTimeoutMs: Math.min(short, 5_000) },
    cfg,
  );
  const joinOk = join.status >= 200 && join.status < 300;

  const features = {} as Record<Capability, FeatureState>;
  const set = (c: Capability, available: boolean, reason?: string) => {
    features[c] = reason === undefined ? { available } : { available, reason };
  };
  set("threads", threadsOk, threadsReason);
  set("thread-runs", threadsOk, threadsOk ? "assumed with the thread endpoints" : threadsReason);
  set("keep-mode", threadsOk, threadsOk ? "assumed with the thread endpoints" : threadsReason);
  set("wait", true, "POST /runs/wait is part of the stateless API");
  set("background", true, "POST /runs is part of the stateless API");
  set("batch", true, "POST /runs/batch is part of the stateless API");
  set("join", joinOk, joinOk ? "GET /runs/{run_id}/stream answers" : `GET /runs/{run_id}/stream answered ${join.status} (no join route)`);
  set("reference-graphs", referenceGraphs, referenceReason);
  for (const [role, capability] of Object.entries(ROLE_CAPABILITY) as [Role, Capability][]) {
    const id = assistants[role];
    set(
      capability,
      id !== undefined,
      id !== undefined
        ? `assistant "${id}" (role ${role})`
        : `no ${role} assistant: pass --assistant ${role}=<id> (the reference graphs provide one)`,
    );
  }

  const caps: Capabilities = { target: cfg.url, graphIds, assistants, referenceGraphs, features, notes };
  if (info !== undefined) caps.info = info;
  return caps;
}

let cached: Promise<Capabilities> | undefined;

/** Capabilities of the target: from the runner (`LGC_CAPABILITIES`) or probed once per worker. */
export function capabilities(): Promise<Capabilities> {
  if (cached === undefined) {
    const json = config().capabilitiesJson;
    cached = json !== undefined ? Promise.resolve(JSON.parse(json) as Capabilities) : probeCapabilities();
  }
  return cached;
}

/** The first missing capability as a skip reason, or undefined when all are there. */
export function missingCapability(caps: Capabilities, needs: readonly Capability[]): string | undefined {
  for (const need of needs) {
    const state = caps.features[need];
    if (state === undefined || !state.available) {
      return `needs capability "${need}": ${state?.reason ?? "not detected"}`;
    }
  }
  return undefined;
}

/** Assistant id for a role; throws when missing (callers check the capability first). */
export function assistantFor(caps: Capabilities, role: Role): string {
  const id = caps.assistants[role];
  if (id === undefined) {
    throw new Error(`no assistant for role "${role}"; pass --assistant ${role}=<id>`);
  }
  return id;
}
