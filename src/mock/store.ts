// In-memory thread/run/checkpoint store of the mock deployment. Mirrors the JS server's in-memory
// ops (@langchain/langgraph-api dist/storage/ops.mjs): same containment filter, same sort rules, same
// "insertion order breaks ties" behaviour (JS sorts Object.values() with a stable sort). Everything
// handed out is a deep copy, so callers (and tests) cannot mutate the store by accident.
//
// Objects keep the key order they were inserted with: the deployment builds them in the order the
// JS server serialises them, and JSON.stringify preserves it.

export type ThreadStatus = "idle" | "busy" | "interrupted" | "error";
export type RunStatus = "pending" | "running" | "success" | "error" | "timeout" | "interrupted";

export interface ThreadRecord {
  thread_id: string;
  created_at: string;
  updated_at: string;
  metadata: Record<string, unknown>;
  status: ThreadStatus;
  config: Record<string, unknown>;
  /** Absent until a run finished on the thread (JS omits the key). */
  values?: unknown;
  interrupts?: Record<string, unknown[]>;
}

export interface RunRecord {
  run_id: string;
  thread_id: string;
  assistant_id: string;
  metadata: Record<string, unknown>;
  status: RunStatus;
  kwargs: Record<string, unknown>;
  multitask_strategy: string;
  created_at: string;
  updated_at: string;
}

export interface CheckpointRef {
  thread_id: string;
  checkpoint_id: string;
  checkpoint_ns: string;
  checkpoint_map: Record<string, unknown> | null;
}

/** One entry of `/threads/{id}/history` (and the latest one is `/threads/{id}/state`). */
export interface ThreadStateRecord {
  values: unknown;
  next: string[];
  tasks: unknown[];
  metadata: Record<string, unknown>;
  created_at: string;
  checkpoint: CheckpointRef;
  parent_checkpoint: CheckpointRef | null;
}

export interface ThreadQuery {
  metadata?: Record<string, unknown>;
  values?: Record<string, unknown>;
  status?: ThreadStatus;
  ids?: string[];
  limit?: number;
  offset?: number;
  sort_by?: "thread_id" | "status" | "created_at" | "updated_at";
  sort_order?: "asc" | "desc";
}

interface Entry {
  thread: ThreadRecord;
  /** Temporary thread of a stateless run (deleted when the run ends). */
  temporary: boolean;
  /** Invisible to thread endpoints (temporaryThreadVisible: false). */
  hidden: boolean;
  /** Newest first. */
  history: ThreadStateRecord[];
  /** Ids of the thread's runs, so deleting a thread does not scan every run. */
  runIds: string[] | undefined;
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** JSONB-style containment exactly as the JS in-memory server implements it (ops.mjs isJsonbContained). */
export function isJsonbContained(superset: unknown, subset: unknown): boolean {
  if (superset == null || subset == null) return true;
  if (!isObject(superset) || !isObject(subset)) return superset === subset;
  for (const [key, value] of Object.entries(subset)) {
    const sup = superset[key];
    if (sup == null) return false;
    if (isObject(value) && isObject(sup)) {
      if (!isJsonbContained(sup, value)) return false;
    } else if (sup !== value) {
      return false;
    }
  }
  return true;
}

function removeId(list: string[] | undefined, id: string): void {
  const i = list ? list.indexOf(id) : -1;
  if (i >= 0) (list as string[]).splice(i, 1);
}

export interface ListOptions {
  /** Include threads hidden by `temporaryThreadVisible: false`. Default false. */
  includeHidden?: boolean;
}

export class MockStore {
  readonly #threads = new Map<string, Entry>();
  readonly #runs = new Map<string, RunRecord>();

  // ---- threads ---------------------------------------------------------------------------------

  /** Insert a copy of `thread`. `owned: true` = the caller hands the object over (no copy). */
  insertThread(thread: ThreadRecord, opts: { temporary?: boolean; hidden?: boolean; owned?: boolean } = {}): void {
    if (this.#threads.has(thread.thread_id)) throw new Error(`MockStore: thread ${thread.thread_id} already exists`);
    this.#threads.set(thread.thread_id, {
      thread: opts.owned ? thread : clone(thread),
      temporary: opts.temporary ?? false,
      hidden: opts.hidden ?? false,
      history: [],
      runIds: undefined,
    });
  }

  #entry(threadId: string, includeHidden: boolean): Entry | undefined {
    const e = this.#threads.get(threadId);
    return e && (includeHidden || !e.hidden) ? e : undefined;
  }

  hasThread(threadId: string, opts: ListOptions = {}): boolean {
    return this.#entry(threadId, opts.includeHidden ?? false) !== undefined;
  }

  getThread(threadId: string, opts: ListOptions = {}): ThreadRecord | undefined {
    return clone(this.#entry(threadId, opts.includeHidden ?? false)?.thread);
  }

  isTemporary(threadId: string): boolean {
    return this.#threads.get(threadId)?.temporary ?? false;
  }

  /** Shallow-merge `patch` into the thread (keys keep their first position). Returns the new copy. */
  updateThread(threadId: string, patch: Partial<ThreadRecord>): ThreadRecord | undefined {
    const e = this.#threads.get(threadId);
    if (!e) return undefined;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete (e.thread as unknown as Record<string, unknown>)[k];
      else (e.thread as unknown as Record<string, unknown>)[k] = clone(v);
    }
    return clone(e.thread);
  }

  /** Delete a thread with its runs and history. */
  deleteThread(threadId: string): boolean {
    const e = this.#threads.get(threadId);
    if (!e) return false;
    this.#threads.delete(threadId);
    if (e.runIds) for (const id of e.runIds) this.#runs.delete(id);
    return true;
  }

  #filter(q: ThreadQuery, includeHidden: boolean): ThreadRecord[] {
    const out: ThreadRecord[] = [];
    for (const e of this.#threads.values()) {
      if (e.hidden && !includeHidden) continue;
      const t = e.thread;
      if (q.ids != null && q.ids.length > 0 && !q.ids.includes(t.thread_id)) continue;
      if (q.metadata != null && !isJsonbContained(t.metadata, q.metadata)) continue;
      // JS quirk kept on purpose: a thread without values passes a values filter.
      if (q.values != null && t.values !== undefined && !isJsonbContained(t.values, q.values)) continue;
      if (q.status != null && t.status !== q.status) continue;
      out.push(t);
    }
    return out;
  }

  /** Matching threads (sorted, paginated) and the total before pagination. */
  searchThreads(q: ThreadQuery = {}, opts: ListOptions = {}): { threads: ThreadRecord[]; total: number } {
    const sortBy = q.sort_by ?? "created_at";
    const desc = (q.sort_order ?? "desc") === "desc";
    const filtered = this.#filter(q, opts.includeHidden ?? false).sort((a, b) => {
      let cmp: number;
      if (sortBy === "created_at" || sortBy === "updated_at") cmp = Date.parse(a[sortBy]) - Date.parse(b[sortBy]);
      else cmp = a[sortBy].localeCompare(b[sortBy]);
      return desc ? -cmp : cmp;
    });
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 10;
    return { threads: clone(filtered.slice(offset, offset + limit)), total: filtered.length };
  }

  countThreads(q: Pick<ThreadQuery, "metadata" | "values" | "status"> = {}, opts: ListOptions = {}): number {
    return this.#filter(q, opts.includeHidden ?? false).length;
  }

  /** Every thread, insertion order (hidden ones included unless asked otherwise). */
  listThreads(opts: ListOptions = { includeHidden: true }): ThreadRecord[] {
    return this.#filter({}, opts.includeHidden ?? true).map((t) => clone(t));
  }

  get threadCount(): number {
    return this.#threads.size;
  }

  // ---- checkpoints -----------------------------------------------------------------------------

  addState(threadId: string, state: ThreadStateRecord): void {
    const e = this.#threads.get(threadId);
    if (!e) throw new Error(`MockStore: thread ${threadId} not found`);
    e.history.unshift(clone(state));
  }

  latestState(threadId: string): ThreadStateRecord | undefined {
    return clone(this.#threads.get(threadId)?.history[0]);
  }

  history(
    threadId: string,
    opts: { limit?: number; before?: string; metadata?: Record<string, unknown>; checkpointId?: string } = {},
  ): ThreadStateRecord[] {
    const e = this.#threads.get(threadId);
    if (!e) return [];
    let list = e.history;
    if (opts.checkpointId) {
      const i = list.findIndex((s) => s.checkpoint.checkpoint_id === opts.checkpointId);
      list = i < 0 ? [] : list.slice(i);
    }
    if (opts.before) {
      const i = list.findIndex((s) => s.checkpoint.checkpoint_id === opts.before);
      list = i < 0 ? list : list.slice(i + 1);
    }
    if (opts.metadata) {
      const m = opts.metadata;
      list = list.filter((s) => isJsonbContained(s.metadata, m));
    }
    return clone(list.slice(0, opts.limit ?? 10));
  }

  // ---- runs ------------------------------------------------------------------------------------

  /** Store a copy of `run` (`owned: true` = no copy). */
  putRun(run: RunRecord, opts: { owned?: boolean } = {}): void {
    const e = this.#threads.get(run.thread_id);
    if (!e) throw new Error(`MockStore: run ${run.run_id} references missing thread ${run.thread_id}`);
    const previous = this.#runs.get(run.run_id);
    if (previous) removeId(this.#threads.get(previous.thread_id)?.runIds, run.run_id);
    this.#runs.set(run.run_id, opts.owned ? run : clone(run));
    (e.runIds ??= []).push(run.run_id);
  }

  getRun(runId: string, threadId?: string): RunRecord | undefined {
    const run = this.#runs.get(runId);
    if (!run || (threadId != null && run.thread_id !== threadId)) return undefined;
    return clone(run);
  }

  /** Set scalar fields (status, timestamps) of a run. */
  updateRun(runId: string, patch: Pick<Partial<RunRecord>, "status" | "updated_at">): boolean {
    const run = this.#runs.get(runId);
    if (!run) return false;
    Object.assign(run, patch);
    return true;
  }

  deleteRun(runId: string): boolean {
    const run = this.#runs.get(runId);
    if (!run) return false;
    removeId(this.#threads.get(run.thread_id)?.runIds, runId);
    return this.#runs.delete(runId);
  }

  /** Runs of a thread in creation order (JS: Object.values order), sliced like the JS server. */
  listRuns(
    threadId: string,
    opts: { limit?: number; offset?: number; status?: string; metadata?: Record<string, unknown> } = {},
  ): RunRecord[] {
    const list = [...this.#runs.values()].filter(
      (r) =>
        r.thread_id === threadId &&
        (opts.status == null || r.status === opts.status) &&
        (opts.metadata == null || isJsonbContained(r.metadata, opts.metadata)),
    );
    // The JS server slices (offset, limit) — `limit` used as an end index. Kept for fidelity.
    return clone(list.slice(opts.offset ?? 0, opts.limit ?? 10));
  }

  /** Runs still pending or running on a thread. */
  inflightRuns(threadId: string): RunRecord[] {
    return [...this.#runs.values()].filter((r) => r.thread_id === threadId && (r.status === "pending" || r.status === "running")).map(clone);
  }

  get runCount(): number {
    return this.#runs.size;
  }

  /** Empty the store (POST /internal/truncate, tests). */
  clear(parts: { threads?: boolean; runs?: boolean } = { threads: true, runs: true }): void {
    if (parts.runs) {
      this.#runs.clear();
      for (const e of this.#threads.values()) e.runIds = undefined;
    }
    if (parts.threads) {
      this.#threads.clear();
      this.#runs.clear();
    }
  }
}
