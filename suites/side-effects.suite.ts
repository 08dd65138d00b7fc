/**
 * Thread side effects of stateless runs (spec §8, SR-21…SR-31, and SR-04's 20-concurrent case).
 *
 * Thread counting needs the target to itself, so this file runs first and its phases run one
 * after another (the runner runs files sequentially). Inside a phase the requests run concurrently:
 * every one of them must leave nothing behind, so they cannot hide each other's leaks, and each
 * carries its own metadata marker to name the culprit.
 *
 * 1. delete mode — pre-existing threads are made (with state, history and a run when the target
 *    allows runs on threads), then stream / wait / background / batch runs (success, graph error,
 *    interrupt, resume), a smuggled thread_id, a client disconnect and 20 concurrent streams run at
 *    once; after every run ended, the count, the id set, the markers and the pre-existing threads are
 *    polled for at most the grace window until they are back.
 * 2. keep mode — one kept run (exactly one correct thread, then deleted) and on_disconnect cancel.
 * 3. rejected requests — 4xx requests must create no thread, not even for a moment.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { assistantIdForGraph, isInterruptChunk } from "../src/protocol/index.js";
import { config, type Role } from "./support/config.js";
import { exchangeEvidence, isObject, jsonEqual, streamEvidence, UUID_RE } from "./support/checks.js";
import { show, type Evidence } from "./support/evidence.js";
import { get, post, type HttpExchange } from "./support/http.js";
import { capabilities, type Capabilities } from "./support/probe.js";
import { runBody, SLOW_SLEEP_MS } from "./support/reference.js";
import { requirement, type RequirementContext } from "./support/requirement.js";
import { eventNames, metadataRunId, openStream, type StreamExchange } from "./support/stream.js";
import {
  allThreadIds,
  countThreads,
  deleteThread,
  marker,
  markerMetadata,
  pollUntil,
  settledCount,
  sleep,
  snapshotDiff,
  snapshotThread,
  threadExists,
  threadsWithMarker,
  type ThreadSnapshot,
  type ThreadSummary,
} from "./support/threads.js";

const TERMINAL = ["success", "error", "timeout", "interrupted"];
const created: string[] = []; // threads this file made on purpose; deleted in afterAll

afterAll(async () => {
  for (const id of created) await deleteThread(id).catch(() => undefined);
});

// -------------------------------------------------------------------------------------------------
// Phase 1: delete mode

type Kind = "stream" | "wait" | "background" | "batch";

interface BackgroundRun {
  run_id?: string;
  thread_id?: string;
  /** Last status seen while polling `GET /threads/{t}/runs/{r}`. */
  lastStatus?: number;
  lastRunStatus?: string;
}

interface VariantResult {
  name: string;
  kind: Kind;
  /** What the variant exercises, for messages. */
  what: string;
  marker: string;
  /** Requirements the variant feeds besides SR-21/SR-22. */
  feeds: string[];
  stream?: StreamExchange;
  exchange?: HttpExchange;
  runs: BackgroundRun[];
  /** performance.now() by which its run must have ended (cleanup may take the grace window after). */
  endsBy: number;
  /** Observations while it ran. */
  notes: string[];
  /** Thread ids of the variant seen while running (SR-27, SR-24). */
  seenDuring: string[];
  smuggledId?: string;
  /** Sends the variant's request(s) again and waits for its run(s) to end (used to pin a leak). */
  replay?: () => Promise<void>;
}

interface DeletePhase {
  ran: boolean;
  setupNotes: string[];
  error?: string;
  before?: { count: number; ids: string[] };
  after?: { count: number; ids: string[] };
  /** Threads that appeared or vanished, with the metadata of the new ones. */
  leaked: Array<{ thread_id: string; metadata?: unknown; status?: string }>;
  vanished: string[];
  variants: VariantResult[];
  markerHits: Map<string, ThreadSummary[]>;
  preExisting: Array<{ id: string; role: string; before: ThreadSnapshot; after?: ThreadSnapshot }>;
  /** Background runs' thread and run lookups after the grace window. */
  backgroundAfter: Array<{ variant: string; run: BackgroundRun; thread: number; threadRun: number }>;
  smuggled: Array<{ variant: string; id: string; duringStatus?: number; afterStatus: number }>;
  graceUsedMs?: number;
}

async function makePreExisting(caps: Capabilities, phase: DeletePhase): Promise<void> {
  const mk = async (role: string, withRun: boolean) => {
    const m = marker(`pre-${role}`);
    const res = await post("/threads", { metadata: { ...markerMetadata(m), lgc_role: role } });
    const id = isObject(res.json) ? res.json.thread_id : undefined;
    if (res.status !== 200 || typeof id !== "string") {
      throw new Error(`POST /threads answered ${res.status} ${res.text.slice(0, 160)}; cannot make a pre-existing thread`);
    }
    created.push(id);
    if (withRun && caps.features["thread-runs"]?.available) {
      const run = await post(`/threads/${id}/runs/wait`, runBody(caps, "default"));
      if (run.status === 200) {
        phase.setupNotes.push(`pre-existing thread ${id} has state and history from a run`);
      } else {
        phase.setupNotes.push(`runs on threads answered ${run.status}: pre-existing thread ${id} has no state (checked anyway)`);
      }
    }
    return id;
  };
  const p1 = await mk("stateful", true);
  const p2 = await mk("smuggle-target", false);
  // Let late writes of the setup run settle: two equal snapshots in a row.
  for (const [id, role] of [
    [p1, "stateful"],
    [p2, "smuggle-target"],
  ] as const) {
    let snap = await snapshotThread(id);
    await pollUntil(async () => {
      const again = await snapshotThread(id);
      const same = snapshotDiff(snap, again).length === 0;
      snap = again;
      return same && !snap.thread.body.includes('"busy"');
    }, 3_000, 150);
    phase.preExisting.push({ id, role, before: snap });
  }
}

/** Polls a background run until its thread run is gone (404) or terminal; bounded by `deadline`. */
async function awaitBackgroundRun(run: BackgroundRun, deadline: number): Promise<void> {
  if (run.thread_id === undefined || run.run_id === undefined) return;
  await pollUntil(async () => {
    const res = await get(`/threads/${run.thread_id}/runs/${run.run_id}`);
    run.lastStatus = res.status;
    if (res.status === 404) return true;
    const status = isObject(res.json) ? res.json.status : undefined;
    if (typeof status === "string") run.lastRunStatus = status;
    return typeof status === "string" && TERMINAL.includes(status);
  }, Math.max(0, deadline - performance.now()), 150);
}

function runsOf(json: unknown): BackgroundRun[] {
  const list = Array.isArray(json) ? json : [json];
  return list.map((r) => {
    const out: BackgroundRun = {};
    if (isObject(r) && typeof r.run_id === "string") out.run_id = r.run_id;
    if (isObject(r) && typeof r.thread_id === "string") out.thread_id = r.thread_id;
    return out;
  });
}

async function deletePhase(): Promise<DeletePhase> {
  const cfg = config();
  const caps = await capabilities();
  const phase: DeletePhase = {
    ran: false,
    setupNotes: [],
    leaked: [],
    vanished: [],
    variants: [],
    markerHits: new Map(),
    preExisting: [],
    backgroundAfter: [],
    smuggled: [],
  };
  if (!caps.features.threads?.available || caps.assistants.default === undefined) return phase;
  phase.ran = true;
  try {
    await settledCount(cfg.graceMs + 3_000);
    await makePreExisting(caps, phase);
    phase.before = { count: await countThreads(), ids: await allThreadIds() };

    const has = (role: Role) => caps.assistants[role] !== undefined;
    const runTimeBound = cfg.timeoutMs;
    const jobs: Array<Promise<VariantResult>> = [];
    const variant = (name: string, kind: Kind, what: string, feeds: string[]): VariantResult => ({
      name,
      kind,
      what,
      marker: marker(name),
      feeds,
      runs: [],
      endsBy: performance.now() + runTimeBound,
      notes: [],
      seenDuring: [],
    });

    const streamVariant = (name: string, role: Role, what: string, feeds: string[], extra: Record<string, unknown> = {}) =>
      jobs.push(
        (async () => {
          const v = variant(name, "stream", what, feeds);
          const body = runBody(caps, role, { streamMode: "updates", metadata: markerMetadata(v.marker), extra, sleepMs: 300 });
          v.stream = await openStream({ method: "POST", path: "/runs/stream", body });
          v.endsBy = performance.now();
          v.replay = async () => void (await openStream({ method: "POST", path: "/runs/stream", body }));
          return v;
        })(),
      );
    const waitVariant = (name: string, role: Role, what: string, feeds: string[]) =>
      jobs.push(
        (async () => {
          const v = variant(name, "wait", what, feeds);
          const body = runBody(caps, role, { metadata: markerMetadata(v.marker), sleepMs: 300 });
          v.exchange = await post("/runs/wait", body);
          v.endsBy = performance.now();
          v.replay = async () => void (await post("/runs/wait", body));
          return v;
        })(),
      );
    const backgroundVariant = (name: string, role: Role, what: string, feeds: string[], observe = false) =>
      jobs.push(
        (async () => {
          const v = variant(name, "background", what, feeds);
          const body = runBody(caps, role, { metadata: markerMetadata(v.marker), sleepMs: observe ? SLOW_SLEEP_MS : 300 });
          v.exchange = await post("/runs", body);
          v.runs = v.exchange.status < 300 ? runsOf(v.exchange.json) : [];
          const run = v.runs[0];
          if (observe && run?.thread_id !== undefined) {
            // SR-27 (MAY): is the temporary thread visible while the run is active?
            const during = await get(`/threads/${run.thread_id}`);
            const status = isObject(during.json) ? during.json.status : undefined;
            v.notes.push(
              during.status === 200
                ? `temporary thread ${run.thread_id} visible during the run (status ${show(status)})`
                : `temporary thread ${run.thread_id} not visible during the run (HTTP ${during.status})`,
            );
            if (during.status === 200) v.seenDuring.push(run.thread_id);
          }
          for (const r of v.runs) await awaitBackgroundRun(r, performance.now() + runTimeBound);
          v.endsBy = performance.now();
          v.replay = async () => {
            const again = await post("/runs", body);
            for (const r of again.status < 300 ? runsOf(again.json) : []) await awaitBackgroundRun(r, performance.now() + runTimeBound);
          };
          return v;
        })(),
      );

    streamVariant("stream-success", "default", "POST /runs/stream (success)", []);
    waitVariant("wait-success", "default", "POST /runs/wait (success)", []);
    backgroundVariant("background-success", "default", "POST /runs (success)", ["SR-25"]);
    if (has("failing")) {
      streamVariant("stream-error", "failing", "POST /runs/stream (graph error)", []);
      waitVariant("wait-error", "failing", "POST /runs/wait (graph error)", []);
      backgroundVariant("background-error", "failing", "POST /runs (graph error)", ["SR-25"]);
    }
    if (has("interrupting")) {
      streamVariant("stream-interrupt", "interrupting", "POST /runs/stream with interrupt() in delete mode", ["SR-31"]);
      waitVariant("wait-interrupt", "interrupting", "POST /runs/wait with interrupt() in delete mode", ["SR-31"]);
      backgroundVariant("background-interrupt", "interrupting", "POST /runs with interrupt() in delete mode", ["SR-25", "SR-31"]);
      streamVariant("stream-resume", "interrupting", "POST /runs/stream with command.resume (no thread)", ["SR-31"], {
        command: { resume: "yes" },
      });
    }
    if (has("slow")) backgroundVariant("background-slow", "slow", "POST /runs (slow; visibility observed)", ["SR-25", "SR-27"], true);
    jobs.push(
      (async () => {
        const v = variant("batch", "batch", "POST /runs/batch (two items)", ["SR-25"]);
        const items = [runBody(caps, "default", { metadata: markerMetadata(v.marker) })];
        if (has("failing")) items.push(runBody(caps, "failing", { metadata: markerMetadata(v.marker) }));
        else items.push(runBody(caps, "default", { metadata: markerMetadata(v.marker) }));
        v.exchange = await post("/runs/batch", items);
        v.runs = v.exchange.status < 300 ? runsOf(v.exchange.json) : [];
        for (const r of v.runs) await awaitBackgroundRun(r, performance.now() + runTimeBound);
        v.endsBy = performance.now();
        v.replay = async () => {
          const again = await post("/runs/batch", items);
          for (const r of again.status < 300 ? runsOf(again.json) : []) await awaitBackgroundRun(r, performance.now() + runTimeBound);
        };
        return v;
      })(),
    );

    // SR-24: a thread_id smuggled into the body — a fresh id, and the id of a pre-existing thread.
    const smuggleRole: Role = has("slow") ? "slow" : "default";
    for (const target of ["fresh", "existing"] as const) {
      jobs.push(
        (async () => {
          const v = variant(`smuggle-${target}`, "stream", `POST /runs/stream with a body thread_id (${target} id)`, ["SR-24"]);
          const id = target === "fresh" ? randomUUID() : phase.preExisting.find((p) => p.role === "smuggle-target")!.id;
          v.smuggledId = id;
          const body = runBody(caps, smuggleRole, { streamMode: "updates", metadata: markerMetadata(v.marker), extra: { thread_id: id } });
          let duringStatus: number | undefined;
          v.stream = await openStream(
            { method: "POST", path: "/runs/stream", body },
            {
              onEvent: async (ev) => {
                if (ev.index === 0 && target === "fresh") duringStatus = (await threadExists(id)).status;
              },
            },
          );
          v.endsBy = performance.now();
          v.replay = async () => void (await openStream({ method: "POST", path: "/runs/stream", body }));
          if (target === "fresh") phase.smuggled.push({ variant: v.name, id, ...(duringStatus !== undefined ? { duringStatus } : {}), afterStatus: 0 });
          return v;
        })(),
      );
    }

    // SR-30: the client disconnects after the first event; the run goes on and must clean up.
    jobs.push(
      (async () => {
        const v = variant("disconnect", "stream", "client disconnect after the first event", ["SR-30"]);
        const role: Role = has("slow") ? "slow" : "default";
        const body = runBody(caps, role, { streamMode: "updates", metadata: markerMetadata(v.marker), sleepMs: SLOW_SLEEP_MS });
        v.stream = await openStream({ method: "POST", path: "/runs/stream", body }, { abortAfterEvents: 1 });
        // The run continues server-side: give it its own duration plus a queue pick-up second.
        v.endsBy = performance.now() + (role === "slow" ? SLOW_SLEEP_MS : 0) + 1_000;
        v.replay = async () => {
          await openStream({ method: "POST", path: "/runs/stream", body }, { abortAfterEvents: 1 });
          await sleep((role === "slow" ? SLOW_SLEEP_MS : 0) + 1_000);
        };
        return v;
      })(),
    );

    // SR-04 / SR-21: 20 concurrent stateless streams, one shared marker.
    const burst = variant("burst", "stream", "20 concurrent POST /runs/stream", ["SR-04"]);
    jobs.push(
      (async () => {
        const streams = await Promise.all(
          Array.from({ length: 20 }, () =>
            openStream({
              method: "POST",
              path: "/runs/stream",
              body: runBody(caps, "default", { streamMode: "updates", metadata: markerMetadata(burst.marker) }),
            }),
          ),
        );
        burstStreams = streams;
        burst.stream = streams.find((s) => s.end !== "eof") ?? streams[0]!;
        burst.endsBy = performance.now();
        burst.replay = async () =>
          void (await openStream({
            method: "POST",
            path: "/runs/stream",
            body: runBody(caps, "default", { streamMode: "updates", metadata: markerMetadata(burst.marker) }),
          }));
        return burst;
      })(),
    );

    phase.variants = await Promise.all(jobs);

    // Grace window: poll until everything is back, at most graceMs after the last run ended.
    const lastEnd = Math.max(...phase.variants.map((v) => v.endsBy));
    const graceStart = performance.now();
    const baseline = phase.before;
    const clean = async () => {
      if ((await countThreads()) !== baseline.count) return false;
      for (const v of phase.variants) if ((await threadsWithMarker(v.marker)).length > 0) return false;
      return true;
    };
    await pollUntil(clean, Math.max(0, lastEnd - performance.now()) + cfg.graceMs, 150);
    phase.graceUsedMs = performance.now() - graceStart;

    const afterIds = await allThreadIds();
    phase.after = { count: await countThreads(), ids: afterIds };
    const beforeSet = new Set(baseline.ids);
    const afterSet = new Set(afterIds);
    for (const id of afterIds.filter((x) => !beforeSet.has(x))) {
      const t = await get(`/threads/${id}`);
      const leaked: DeletePhase["leaked"][number] = { thread_id: id };
      if (isObject(t.json)) {
        leaked.metadata = t.json.metadata;
        if (typeof t.json.status === "string") leaked.status = t.json.status;
      }
      phase.leaked.push(leaked);
    }
    phase.vanished = baseline.ids.filter((x) => !afterSet.has(x));
    for (const v of phase.variants) phase.markerHits.set(v.name, await threadsWithMarker(v.marker));
    for (const p of phase.preExisting) p.after = await snapshotThread(p.id);
    for (const v of phase.variants) {
      for (const run of v.runs) {
        if (run.thread_id === undefined) continue;
        const thread = await get(`/threads/${run.thread_id}`);
        const threadRun = run.run_id ? await get(`/threads/${run.thread_id}/runs/${run.run_id}`) : thread;
        phase.backgroundAfter.push({ variant: v.name, run, thread: thread.status, threadRun: threadRun.status });
      }
    }
    for (const s of phase.smuggled) s.afterStatus = (await threadExists(s.id)).status;
  } catch (error) {
    phase.error = `${(error as Error).name}: ${(error as Error).message}`;
  }
  return phase;
}

let burstStreams: StreamExchange[] = [];

/** Replays each variant alone (count before/after, grace window) until one leaks; bounded to ~60 s. */
async function bisectLeak(variants: VariantResult[]): Promise<{ variant: VariantResult; before: number; after: number } | undefined> {
  const deadline = performance.now() + 60_000;
  for (const variant of variants) {
    if (variant.replay === undefined || performance.now() > deadline) continue;
    const before = await settledCount(config().graceMs);
    await variant.replay();
    let after = before;
    await pollUntil(async () => (after = await countThreads()) === before, config().graceMs, 150);
    if (after !== before) return { variant, before, after };
  }
  return undefined;
}

function variantEvidence(v: VariantResult, fields: Pick<Evidence, "expected" | "seen" | "threadIds" | "details">): Evidence {
  if (v.stream) return streamEvidence(v.stream, fields);
  if (v.exchange) return exchangeEvidence(v.exchange, fields);
  return fields;
}

type CompletePhase = DeletePhase & { before: { count: number; ids: string[] }; after: { count: number; ids: string[] } };

function requirePhase(ctx: RequirementContext, phase: DeletePhase | undefined): CompletePhase {
  if (phase === undefined || !phase.ran) return ctx.skip("the delete-mode phase did not run (no thread endpoints or no assistant)");
  if (phase.error !== undefined || phase.before === undefined || phase.after === undefined) {
    return ctx.fail({
      expected: "the thread oracles (POST /threads, /threads/count, /threads/search, GET /threads/{id}) to answer",
      seen: phase.error ?? "the phase stopped early",
      details: phase.setupNotes,
    });
  }
  return phase as CompletePhase;
}

describe("thread side effects", () => {
  describe("delete mode", () => {
    let phaseResult: DeletePhase | undefined;
    beforeAll(async () => {
      phaseResult = await deletePhase();
    }, 600_000);

    requirement("SR-21", "no thread remains after stateless runs (count and id set)", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      const { before, after } = phase;
      if (after.count !== before.count || phase.leaked.length > 0 || phase.vanished.length > 0) {
        const byMarker = phase.leaked.map((l) => {
          const m = isObject(l.metadata) ? l.metadata.lgc_marker : undefined;
          const v = phase.variants.find((x) => x.marker === m);
          return `${l.thread_id} (status ${l.status ?? "?"}) from ${v ? `${v.name}: ${v.what}` : `unknown request, metadata ${show(l.metadata, 160)}`}`;
        });
        let culprit = phase.variants.find((v) => phase.leaked.some((l) => isObject(l.metadata) && l.metadata.lgc_marker === v.marker));
        let pinned: string | undefined;
        if (culprit === undefined && phase.leaked.length > 0) {
          // The leaked threads carry no marker: replay the variants one at a time to find the request.
          const found = await bisectLeak(phase.variants);
          culprit = found?.variant;
          pinned = found
            ? `replayed alone, ${found.variant.name} (${found.variant.what}) raised the thread count ${found.before} → ${found.after}`
            : "replaying each variant alone did not leak again (timing-dependent leak?)";
        }
        const fields = {
          expected: `thread count ${before.count} and the same ${before.ids.length} thread ids ${config().graceMs} ms after every stateless run ended`,
          seen: `count ${after.count}; ${phase.leaked.length} new thread(s), ${phase.vanished.length} vanished`,
          threadIds: [...phase.leaked.map((l) => l.thread_id), ...phase.vanished],
          details: [...(pinned ? [pinned] : []), ...byMarker, ...phase.vanished.map((id) => `vanished: ${id}`), ...phase.setupNotes],
        };
        const first = phase.leaked[0]?.thread_id ?? phase.vanished[0];
        return ctx.fail(
          culprit
            ? variantEvidence(culprit, fields)
            : { ...fields, ...(first ? { curl: `curl -sS -i '${config().url}/threads/${first}'` } : {}) },
        );
      }
      ctx.note(`${phase.variants.length} request variants (${phase.variants.map((v) => v.name).join(", ")}); count back to ${before.count} after ${Math.round(phase.graceUsedMs ?? 0)} ms`);
    });

    requirement("SR-22", "no thread carries a stateless run's metadata marker", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      for (const v of phase.variants) {
        const hits = phase.markerHits.get(v.name) ?? [];
        if (hits.length > 0) {
          return ctx.fail(
            variantEvidence(v, {
              expected: `no thread with metadata {"lgc_marker": "${v.marker}"} after the grace window (${v.what})`,
              seen: `${hits.length} thread(s): ${hits.map((t) => `${t.thread_id} status ${t.status ?? "?"}`).join(", ")}`,
              threadIds: hits.map((t) => t.thread_id),
            }),
          );
        }
      }
    });

    requirement("SR-23", "pre-existing threads are byte-identical before and after", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      for (const p of phase.preExisting.filter((x) => x.role !== "smuggle-target")) {
        const diff = p.after ? snapshotDiff(p.before, p.after) : ["no snapshot after the runs"];
        if (diff.length > 0) {
          return ctx.fail({
            expected: `pre-existing thread ${p.id} unchanged in GET /threads/{id}, /state, /history and /runs`,
            seen: `${diff.length} endpoint(s) changed`,
            threadIds: [p.id],
            details: diff,
            curl: `curl -sS '${config().url}/threads/${p.id}/state'`,
          });
        }
      }
      ctx.note(phase.setupNotes.join("; "));
    });

    requirement("SR-24", "a thread_id in a stateless body is ignored", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      for (const s of phase.smuggled) {
        const v = phase.variants.find((x) => x.name === s.variant)!;
        if (s.afterStatus === 200 || s.duringStatus === 200) {
          return ctx.fail(
            variantEvidence(v, {
              expected: `no thread with the smuggled id ${s.id} (GET /threads/${s.id} → 404)`,
              seen: `GET /threads/${s.id} answered ${s.duringStatus === 200 ? "200 during the run" : "200 after the run"}`,
              threadIds: [s.id],
            }),
          );
        }
      }
      const target = phase.preExisting.find((p) => p.role === "smuggle-target");
      if (target) {
        const diff = target.after ? snapshotDiff(target.before, target.after) : ["no snapshot after the run"];
        if (diff.length > 0) {
          const v = phase.variants.find((x) => x.name === "smuggle-existing")!;
          return ctx.fail(
            variantEvidence(v, {
              expected: `the run not routed to thread ${target.id} named by the body's thread_id (thread unchanged)`,
              seen: `the thread changed`,
              threadIds: [target.id],
              details: diff,
            }),
          );
        }
      }
    });

    requirement("SR-25", "a background run's thread and run answer 404 afterwards", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      const bg = phase.variants.filter((v) => v.kind === "background" || v.kind === "batch");
      for (const v of bg) {
        if (v.exchange && (v.exchange.status >= 300 || v.runs.length === 0)) {
          return ctx.skip(`${v.what} answered ${v.exchange.status}; judged by SR-35/SR-36`);
        }
        const missing = v.runs.find((r) => r.thread_id === undefined);
        if (missing) {
          return ctx.fail(
            variantEvidence(v, {
              expected: "the Run object to name its temporary thread (thread_id)",
              seen: `Run ${show(missing)} has no thread_id`,
            }),
          );
        }
      }
      for (const b of phase.backgroundAfter) {
        if (b.thread !== 404 || b.threadRun !== 404) {
          const v = phase.variants.find((x) => x.name === b.variant)!;
          return ctx.fail(
            variantEvidence(v, {
              expected: `GET /threads/${b.run.thread_id} and GET /threads/${b.run.thread_id}/runs/${b.run.run_id} → 404 after the run and the grace window`,
              seen: `${b.thread} and ${b.threadRun} (last run status ${b.run.lastRunStatus ?? "?"})`,
              threadIds: [b.run.thread_id!],
            }),
          );
        }
      }
      ctx.note(`${phase.backgroundAfter.length} background run(s) checked`);
    });

    requirement("SR-27", "temporary thread visibility during a run is tolerated", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      const v = phase.variants.find((x) => x.name === "background-slow");
      if (!v) return ctx.skip("no slow assistant to observe a running temporary thread");
      ctx.note(v.notes.join("; ") || "nothing observed");
    });

    requirement("SR-30", "a client disconnect leaves no thread once the run ends", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      const v = phase.variants.find((x) => x.name === "disconnect")!;
      if (v.stream && v.stream.end !== "aborted") {
        return ctx.skip(`the disconnect was not exercised: the stream ended by ${v.stream.end} before the first event`);
      }
      const hits = phase.markerHits.get(v.name) ?? [];
      const leaked = phase.leaked.filter((l) => isObject(l.metadata) && l.metadata.lgc_marker === v.marker);
      if (hits.length > 0 || leaked.length > 0) {
        const ids = [...new Set([...hits.map((t) => t.thread_id), ...leaked.map((l) => l.thread_id)])];
        return ctx.fail(
          variantEvidence(v, {
            expected: "no thread left once the disconnected run ended (plus the grace window)",
            seen: `${ids.length} thread(s) with the request's marker remain`,
            threadIds: ids,
          }),
        );
      }
    });

    requirement("SR-31", "stateless resume and interrupt() end without changing any thread", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      const vs = phase.variants.filter((v) => v.feeds.includes("SR-31"));
      if (vs.length === 0) return ctx.skip("no interrupting assistant");
      for (const v of vs) {
        if (v.stream) {
          const s = v.stream;
          const ended = s.end === "eof";
          const rejected = s.status >= 400 && s.status < 500;
          const hasError = s.events.some((e) => e.event === "error");
          const hasInterrupt = s.events.some((e) => isObject(e.data) && "__interrupt__" in e.data);
          if (!(rejected || (s.status === 200 && ended && (hasError || hasInterrupt)))) {
            return ctx.fail(
              streamEvidence(s, {
                expected: `${v.what}: a 4xx, or an error event / __interrupt__ followed by EOF`,
                seen: `HTTP ${s.status}, ended by ${s.end}, events: ${eventNames(s)}`,
              }),
            );
          }
        } else if (v.exchange && (v.exchange.status === 0 || v.exchange.error)) {
          return ctx.fail(
            exchangeEvidence(v.exchange, { expected: `${v.what} to end with a response`, seen: v.exchange.error ?? "no response" }),
          );
        }
        const hits = phase.markerHits.get(v.name) ?? [];
        if (hits.length > 0) {
          return ctx.fail(
            variantEvidence(v, {
              expected: `${v.what} leaves no thread`,
              seen: `${hits.length} thread(s) with its marker`,
              threadIds: hits.map((t) => t.thread_id),
            }),
          );
        }
      }
      // Pre-existing threads are SR-23's oracle (the variants run concurrently, so a change
      // cannot be pinned on one of them).
    });

    requirement("SR-04", "20 concurrent stateless runs get distinct run ids", async (ctx) => {
      const phase = requirePhase(ctx, phaseResult);
      const ids = burstStreams.map(metadataRunId);
      const missing = burstStreams.find((s) => metadataRunId(s) === undefined);
      if (missing) {
        return ctx.fail(
          streamEvidence(missing, {
            expected: "a metadata event with a run_id on each of 20 concurrent streams",
            seen: `events: ${eventNames(missing)}`,
          }),
        );
      }
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup !== undefined) {
        return ctx.fail(
          streamEvidence(burstStreams[ids.lastIndexOf(dup)]!, {
            expected: "20 distinct run ids for 20 concurrent requests",
            seen: `run_id ${dup} returned ${ids.filter((x) => x === dup).length} times (${new Set(ids).size} distinct)`,
          }),
        );
      }
      ctx.note(`${new Set(ids).size} distinct run ids`);
    });
  });

  // -----------------------------------------------------------------------------------------------
  // Phase 2: keep mode

  describe("keep mode", () => {
    requirement("SR-26", "keep mode leaves exactly one correct thread", async (ctx) => {
      const cfg = config();
      const caps = await capabilities();
      const before = await settledCount(cfg.graceMs + 3_000);
      const m = marker("keep");
      const body = runBody(caps, "default", { streamMode: "values", metadata: markerMetadata(m), extra: { on_completion: "keep" } });
      const stream = await openStream({ method: "POST", path: "/runs/stream", body });
      let hits: ThreadSummary[] = [];
      let count = before;
      await pollUntil(async () => {
        hits = await threadsWithMarker(m);
        count = await countThreads();
        const settled = hits.length === 1 && hits[0]!.status !== "busy" && count === before + 1;
        return settled;
      }, cfg.graceMs + 500, 150);
      for (const t of hits) created.push(t.thread_id);
      const ev = (f: Pick<Evidence, "expected" | "seen" | "threadIds" | "details">) => streamEvidence(stream, f);
      if (hits.length !== 1 || count !== before + 1) {
        return ctx.fail(
          ev({
            expected: `exactly one new thread with the request's marker (count ${before} → ${before + 1})`,
            seen: `${hits.length} marked thread(s); count ${before} → ${count}`,
            threadIds: hits.map((t) => t.thread_id),
          }),
        );
      }
      const threadId = hits[0]!.thread_id;
      const thread = await get(`/threads/${threadId}`);
      const t = isObject(thread.json) ? thread.json : {};
      const md = isObject(t.metadata) ? t.metadata : {};
      const problems: string[] = [];
      const assistant = caps.assistants.default!;
      const graphId = UUID_RE.test(assistant) ? undefined : assistant;
      if (typeof md.graph_id !== "string" || (graphId !== undefined && md.graph_id !== graphId)) {
        problems.push(`metadata.graph_id is ${show(md.graph_id)}${graphId ? `, expected "${graphId}"` : ""}`);
      }
      const okAssistant = [assistant, ...(graphId ? [assistantIdForGraph(graphId)] : [])];
      if (typeof md.assistant_id !== "string" || (!okAssistant.includes(md.assistant_id) && !UUID_RE.test(md.assistant_id))) {
        problems.push(`metadata.assistant_id is ${show(md.assistant_id)}`);
      }
      if (md.lgc_marker !== m) problems.push(`metadata lacks the request metadata {"lgc_marker": "${m}"}`);
      if (!["idle", "interrupted", "error"].includes(String(t.status))) problems.push(`status is ${show(t.status)}`);
      const state = await get(`/threads/${threadId}/state`);
      // The final state: the last values event that is not an interrupt announcement (spec §6).
      const lastValues = [...stream.events].reverse().find((e) => e.event === "values" && !isInterruptChunk(e.data));
      const stateValues = isObject(state.json) ? state.json.values : undefined;
      if (lastValues === undefined) problems.push("the stream carried no values event to compare with");
      else if (!jsonEqual(stateValues, lastValues.data)) {
        problems.push(`/state values ${show(stateValues, 200)} differ from the last values event ${show(lastValues.data, 200)}`);
      }
      if (problems.length > 0) {
        return ctx.fail(
          ev({
            expected: "metadata with graph_id, assistant_id and the request metadata; status idle|interrupted|error; /state values = final values",
            seen: problems.join("; "),
            threadIds: [threadId],
            details: [`thread: ${show(thread.json, 400)}`],
          }),
        );
      }
      ctx.note(`kept thread ${threadId} status ${String(t.status)}`);
      await deleteThread(threadId);
    });

    requirement("SR-29", "on_disconnect cancel cancels the run", async (ctx) => {
      const cfg = config();
      const caps = await capabilities();
      const m = marker("cancel");
      const sleepMs = 2_000;
      const body = runBody(caps, "slow", {
        streamMode: "updates",
        metadata: markerMetadata(m),
        sleepMs,
        extra: { on_completion: "keep", on_disconnect: "cancel" },
      });
      const stream = await openStream({ method: "POST", path: "/runs/stream", body }, { abortAfterEvents: 1 });
      if (stream.end !== "aborted") return ctx.skip(`could not disconnect mid-run: the stream ended by ${stream.end}`);
      let threadId: string | undefined;
      let runStatus: string | undefined;
      await pollUntil(async () => {
        const hits = await threadsWithMarker(m);
        if (hits[0]) {
          threadId = hits[0].thread_id;
          if (!created.includes(threadId)) created.push(threadId);
          const runs = await get(`/threads/${threadId}/runs`);
          const run = Array.isArray(runs.json) ? (runs.json[0] as Record<string, unknown> | undefined) : undefined;
          if (typeof run?.status === "string") runStatus = run.status;
        }
        return runStatus !== undefined && TERMINAL.includes(runStatus);
      }, sleepMs + 1_000 + cfg.graceMs, 150);
      if (threadId === undefined) {
        return ctx.fail(
          streamEvidence(stream, {
            expected: "the kept thread of the cancelled run to be found by its marker",
            seen: "no thread with the marker",
          }),
        );
      }
      if (runStatus !== "interrupted") {
        return ctx.fail(
          streamEvidence(stream, {
            expected: 'the run to end "interrupted" after the client disconnected (on_disconnect: "cancel")',
            seen: `run status ${show(runStatus)} (it ran to the end)`,
            threadIds: [threadId],
          }),
        );
      }
    });
  });

  // -----------------------------------------------------------------------------------------------
  // Phase 3: rejected requests

  describe("rejected requests", () => {
    requirement("SR-28", "rejected (4xx) requests create no thread and no run", async (ctx) => {
      const cfg = config();
      const caps = await capabilities();
      const before = await settledCount(cfg.graceMs + 3_000);
      const beforeIds = await allThreadIds();
      const unknown = "00000000-0000-0000-0000-000000000000";
      const goodRole: Role = caps.assistants.slow !== undefined ? "slow" : "default";
      type Case = { what: string; path: string; body?: unknown; rawBody?: string; marker?: string };
      const cases: Case[] = [];
      const add = (what: string, path: string, build: (m: string) => unknown) => {
        const m = marker(`rejected-${cases.length}`);
        cases.push({ what, path, body: build(m), marker: m });
      };
      const md = (m: string) => markerMetadata(m);
      // on_completion "keep" wherever the body allows it: a run that should never have started then
      // leaves a thread for good, so the check does not depend on catching it while it runs.
      const keep = { on_completion: "keep" };
      add("unknown assistant on /runs/stream", "/runs/stream", (m) => ({ assistant_id: unknown, input: {}, metadata: md(m), ...keep }));
      add("unknown assistant on /runs/wait", "/runs/wait", (m) => ({ assistant_id: unknown, input: {}, metadata: md(m), ...keep }));
      add("unknown assistant on /runs", "/runs", (m) => ({ assistant_id: unknown, input: {}, metadata: md(m), ...keep }));
      add("unknown stream_mode", "/runs/stream", (m) => ({ ...runBody(caps, "default", { metadata: md(m) }), stream_mode: "bogus", ...keep }));
      add("missing assistant_id", "/runs/stream", (m) => ({ input: {}, metadata: md(m), ...keep }));
      add("bad on_completion", "/runs", (m) => ({ ...runBody(caps, "default", { metadata: md(m) }), on_completion: "never" }));
      cases.push({ what: "empty batch", path: "/runs/batch", body: [] });
      add("batch with a bad item after a good one", "/runs/batch", (m) => [
        runBody(caps, goodRole, { metadata: md(m), sleepMs: SLOW_SLEEP_MS, extra: keep }),
        { assistant_id: unknown, input: {}, metadata: md(m), ...keep },
      ]);

      const problems: Array<{ c: Case; res: HttpExchange; seen: string; threads: string[] }> = [];
      const notRejected: string[] = [];
      const accepted: Case[] = [];
      // Sequential on purpose: "immediately after" must mean right after this request.
      const responses = new Map<Case, HttpExchange>();
      for (const c of cases) {
        const res = await post(c.path, c.body);
        responses.set(c, res);
        if (res.status < 400 || res.status >= 500) {
          notRejected.push(`${c.what} → ${res.status}`);
          accepted.push(c);
          continue;
        }
        if (c.marker !== undefined) {
          const hits = await threadsWithMarker(c.marker);
          if (hits.length > 0) {
            problems.push({
              c,
              res,
              seen: `answered ${res.status}, yet ${hits.length} thread(s) with its marker exist right after (a run was created)`,
              threads: hits.map((t) => t.thread_id),
            });
          }
        }
      }
      // A request the server accepted is SR-38's business; its (kept) thread must not count here.
      for (const c of accepted.filter((x) => x.marker !== undefined)) {
        await pollUntil(async () => (await threadsWithMarker(c.marker!)).every((t) => t.status !== "busy"), cfg.graceMs + SLOW_SLEEP_MS, 150);
        for (const t of await threadsWithMarker(c.marker!)) await deleteThread(t.thread_id).catch(() => undefined);
      }
      let after = before;
      await pollUntil(async () => (after = await countThreads()) === before, cfg.graceMs + SLOW_SLEEP_MS, 150);
      const afterIds = await allThreadIds();
      // After the grace window: a kept thread with the marker proves a run was created and ran.
      const rejected = cases.filter((c) => c.marker !== undefined && !notRejected.some((n) => n.startsWith(`${c.what} →`)));
      const leftovers: string[] = [];
      for (const c of rejected) {
        const hits = await threadsWithMarker(c.marker!);
        leftovers.push(...hits.map((t) => t.thread_id));
        const res = responses.get(c)!;
        if (hits.length > 0 && !problems.some((p) => p.c === c)) {
          problems.push({
            c,
            res,
            seen: `answered ${res.status}, yet ${hits.length} thread(s) with its marker remain after the grace window (a run was created and kept)`,
            threads: hits.map((t) => t.thread_id),
          });
        }
      }
      // Clean up what a faulty server created, so later checks start from a clean slate.
      for (const id of new Set(leftovers)) await deleteThread(id).catch(() => undefined);
      for (const c of rejected) for (const t of await threadsWithMarker(c.marker!).catch(() => [])) await deleteThread(t.thread_id).catch(() => undefined);
      const first = problems[0];
      if (first) {
        return ctx.fail(
          exchangeEvidence(first.res, {
            expected: `${first.c.what}: a 4xx that creates no thread and no run`,
            seen: first.seen,
            threadIds: first.threads,
            details: problems.slice(1).map((p) => `${p.c.what}: ${p.seen}`),
          }),
        );
      }
      const added = afterIds.filter((id) => !beforeIds.includes(id));
      if (after !== before || added.length > 0) {
        return ctx.fail({
          expected: `thread count ${before} and no new thread ids after rejected requests`,
          seen: `count ${after}; new threads ${added.join(", ") || "none"}`,
          threadIds: added,
          details: cases.map((c) => `${c.what}: POST ${c.path} ${show(c.body, 200)}`),
        });
      }
      ctx.note(`${cases.length - notRejected.length} rejected requests checked${notRejected.length ? `; not rejected (judged by SR-38): ${notRejected.join(", ")}` : ""}`);
    });
  });
});
