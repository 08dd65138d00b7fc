// Run execution: a replayed run publishes its script's events into a queue on the recorded timeline,
// independently of who reads them — exactly how the JS server decouples its queue worker from HTTP
// readers (queue.mjs worker → storage/ops.mjs Stream.join). Consequences kept on purpose:
//   - a client that disconnects does not stop the run (on_disconnect is ignored for stateless runs);
//   - the run finishes (and its temporary thread is deleted) when its last event is published,
//     before the primary stream reaches EOF (`end_ms` keeps the recorded ~500 ms tail);
//   - a non-resumable queue hands each event to exactly one reader, so concurrent joiners split the
//     events between them (spec §4.2), and a late joiner receives only what nobody consumed;
//   - a resumable queue keeps the log: readers replay from `Last-Event-ID` + 1.
//
// Instant timing has no timeline: every event is published at start, and the run finishes when its
// primary reader has taken the last event, disconnects, or has not read for INSTANT_IDLE_MS — so the
// temporary thread is visible while the client reads and gone by EOF, as on the real server. Runs
// without a primary reader (wait, background) finish on the next macrotask.
import type { Script, ScriptEvent } from "./replay.js";
import type { FrameSource } from "./reply.js";
import type { ResolvedTiming, TimerRegistry } from "./timers.js";

/** An instant-mode run whose primary reader stopped reading without disconnecting ends after this. */
export const INSTANT_IDLE_MS = 1000;

export interface QueueItem {
  event: string;
  data: string;
}

/** What a finished run produced, for the store update and the /runs/wait body. */
export interface RunOutcome {
  /** Cancelled before publishing every event (thread run with on_disconnect "cancel", POST …/cancel, close()). */
  cancelled: boolean;
  /** Data text of the last root `values` event (may be an interrupt-only chunk), if any. */
  lastValues: string | undefined;
  /** Last `values` data that is real state (not `{"__interrupt__":…}` only). */
  lastStateValues: string | undefined;
  /** Data of the last `__interrupt__` chunk seen in updates/values. */
  lastInterrupt: string | undefined;
  /** Data of the `error` event, if any. */
  lastError: string | undefined;
  /** Every event was published. */
  completed: boolean;
}

export interface ExecutionInit {
  runId: string;
  threadId: string;
  script: Script;
  timing: ResolvedTiming;
  timers: TimerRegistry;
  resumable: boolean;
  /** Request start (ms epoch): recorded offsets count from here. */
  startedAt: number;
  onStart?(exec: RunExecution): void;
  onFinish(exec: RunExecution, outcome: RunOutcome): void;
}

/** `event:` → `data:` → optional `id:` → blank line, LF only (Hono writeSSE, spec §4.1). */
export function formatFrame(event: string, data: string, id?: string): string {
  return id === undefined ? `event: ${event}\ndata: ${data}\n\n` : `event: ${event}\ndata: ${data}\nid: ${id}\n\n`;
}

const INTERRUPT_PREFIX = '{"__interrupt__"';
const NO_FINISH = (): void => undefined;

// Runs whose idle timer is due: armed together after the current macrotask (setImmediate in Node, a
// 0 ms timeout elsewhere), by which time a reader that drains synchronously has finished its run.
let idleBatch: RunExecution[] = [];
const later: (fn: () => void) => unknown = typeof setImmediate === "function" ? setImmediate : (fn) => setTimeout(fn, 0);

function armIdleSoon(exec: RunExecution): void {
  idleBatch.push(exec);
  if (idleBatch.length === 1) later(flushIdleBatch);
}

function flushIdleBatch(): void {
  const batch = idleBatch;
  idleBatch = [];
  for (const exec of batch) exec.armPendingIdle();
}

export class RunExecution {
  readonly runId: string;
  readonly threadId: string;
  readonly resumable: boolean;
  #script: Script;
  #init: ExecutionInit;
  readonly #log: QueueItem[] = [];
  /** JS Queue.nextId: ids keep counting although non-resumable reads shift the log. */
  #nextId = 0;
  #published = 0;
  #started = false;
  #finished = false;
  #outcome: RunOutcome | undefined;
  // Created on first use: most instant runs finish without anyone waiting or any timer of their own.
  #waiters: Set<() => void> | undefined;
  #cancelTimers: Set<() => void> | undefined;
  #primary: RunReader | undefined;
  #cancelIdle: (() => void) | undefined;
  /** The idle timer is due to be armed (see armIdleSoon). */
  #idlePending = false;
  #lastValues: string | undefined;
  #lastStateValues: string | undefined;
  #lastInterrupt: string | undefined;
  #lastError: string | undefined;
  #finishedPromise: Promise<RunOutcome> | undefined;
  #resolveFinished: ((o: RunOutcome) => void) | undefined;

  constructor(init: ExecutionInit) {
    this.#init = init;
    this.runId = init.runId;
    this.threadId = init.threadId;
    this.#script = init.script;
    this.resumable = init.resumable;
  }

  get script(): Script {
    return this.#script;
  }

  get finished(): boolean {
    return this.#finished;
  }
  get allPublished(): boolean {
    return this.#published >= this.script.length;
  }
  get instant(): boolean {
    return this.#init.timing.instant;
  }
  get outcome(): RunOutcome | undefined {
    return this.#outcome;
  }
  /** Resolves when the run has finished (after the store was updated). */
  get done(): Promise<RunOutcome> {
    if (!this.#finishedPromise) {
      const outcome = this.#finished ? this.#outcome : undefined;
      this.#finishedPromise = outcome ? Promise.resolve(outcome) : new Promise((r) => (this.#resolveFinished = r));
    }
    return this.#finishedPromise;
  }
  /** Absolute ms time at which the primary stream reaches EOF (recorded tail included). */
  get eofAt(): number {
    const { scale } = this.#init.timing;
    return this.#init.startedAt + (this.script.headersMs + this.script.endMs) * scale;
  }

  /** A reader for a stream response. `primary` = the POST that created the run. */
  reader(opts: { withIds: boolean; lastEventId?: string | undefined; primary?: boolean }): RunReader {
    const r = new RunReader(this, opts.withIds, opts.primary ?? false, this.#initialCursor(opts.lastEventId));
    if (opts.primary) this.#primary = r;
    return r;
  }

  #initialCursor(lastEventId: string | undefined): number {
    if (!this.resumable) return 0;
    const target = lastEventId != null ? Number(lastEventId) + 1 : NaN;
    if (Number.isInteger(target) && target >= 0 && target < this.#log.length) return target;
    return this.#log.length;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { timing, timers } = this.#init;
    if (timing.instant) {
      this.#init.onStart?.(this);
      while (this.#published < this.script.length) this.#publish(this.script.event(this.#published));
      if (!this.#primary) this.#track(timers.set(() => this.finish(), 0));
      else {
        this.#lastPull = Date.now();
        this.#idlePending = true;
        armIdleSoon(this);
      }
      return;
    }
    const startDelay = this.#init.startedAt + this.script.headersMs * timing.scale - Date.now();
    this.#track(
      timers.set(() => {
        this.#init.onStart?.(this);
        this.#pump();
      }, startDelay),
    );
  }

  // Timed mode: publish every due event, then sleep until the next one. One timer at a time.
  #pump(): void {
    if (this.#finished) return;
    const { timing, timers, startedAt } = this.#init;
    while (this.#published < this.script.length) {
      const ev = this.script.event(this.#published);
      const due = startedAt + (this.script.headersMs + ev.t) * timing.scale;
      const wait = due - Date.now();
      if (wait > 1) {
        this.#track(timers.set(() => this.#pump(), wait));
        return;
      }
      this.#publish(ev);
    }
    this.finish();
  }

  #publish(ev: ScriptEvent): void {
    this.#published++;
    this.#log.push(ev); // a ScriptEvent is a QueueItem; nothing mutates either

    this.#nextId++;
    if (ev.event === "values") {
      this.#lastValues = ev.data;
      if (ev.data.startsWith(INTERRUPT_PREFIX)) this.#lastInterrupt = ev.data;
      else this.#lastStateValues = ev.data;
    } else if (ev.event === "updates" && ev.data.startsWith(INTERRUPT_PREFIX)) {
      this.#lastInterrupt = ev.data;
    } else if (ev.event === "error") {
      this.#lastError = ev.data;
    }
    this.#wake();
  }

  #track(cancel: () => void): void {
    (this.#cancelTimers ??= new Set()).add(cancel);
  }

  #lastPull = 0;
  // Instant runs with a primary reader: one timer for the whole run, armed after the current
  // macrotask (armIdleSoon), so a reader that drains everything at once (serve.ts) never costs a
  // timer. Each pull only stamps the time; the timer re-arms itself for the remainder instead of
  // being cleared and set again per event. The deadline counts from the last pull (or the start)
  // either way, so deferring the arming does not move it.
  /** Called by armIdleSoon's batch. */
  armPendingIdle(): void {
    if (!this.#idlePending) return;
    this.#idlePending = false;
    if (this.#finished) return;
    const check = (): void => {
      const idle = Date.now() - this.#lastPull;
      if (idle >= INSTANT_IDLE_MS) {
        this.#cancelIdle = undefined;
        this.finish();
      } else this.#cancelIdle = this.#init.timers.set(check, INSTANT_IDLE_MS - idle);
    };
    this.#cancelIdle = this.#init.timers.set(check, Math.max(0, INSTANT_IDLE_MS - (Date.now() - this.#lastPull)));
  }

  #wake(): void {
    const ws = this.#waiters;
    if (!ws || ws.size === 0) return;
    this.#waiters = undefined;
    for (const w of ws) w();
  }

  /** Wait until something changes (publish, finish) or `reader` is cancelled. */
  waitChange(reader: RunReader): Promise<void> {
    return new Promise((resolve) => {
      const w = (): void => {
        this.#waiters?.delete(w);
        reader.offCancel(w);
        resolve();
      };
      (this.#waiters ??= new Set()).add(w);
      reader.onCancel(w);
    });
  }

  /** Next item for a reader (JS Queue.get semantics); its queue id goes to `reader.lastId`. */
  take(reader: RunReader): QueueItem | undefined {
    let got: QueueItem | undefined;
    if (this.resumable) {
      const i = reader.cursor;
      got = this.#log[i];
      if (got) {
        reader.cursor = i + 1;
        reader.lastId = i;
      }
    } else if (this.#log.length > 0) {
      reader.lastId = this.#nextId - this.#log.length;
      got = this.#log.shift() as QueueItem;
    }
    if (reader.primary && this.instant && !this.#finished) {
      if (this.allPublished && this.#drainedFor(reader)) this.finish();
      else if (got) this.#lastPull = Date.now();
    }
    return got;
  }

  #drainedFor(reader: RunReader): boolean {
    return this.resumable ? reader.cursor >= this.#log.length : this.#log.length === 0;
  }

  /** Called by a reader that ended (EOF or cancel). */
  detach(reader: RunReader, cancelled: boolean, cancelRun: boolean): void {
    if (reader !== this.#primary) return;
    this.#primary = undefined;
    if (this.#finished) return;
    if (cancelled && cancelRun) this.cancel();
    else if (this.instant) this.finish();
  }

  /** Stop publishing and finish as cancelled (run status `interrupted`). */
  cancel(): void {
    if (this.#finished) return;
    this.#finishWith(true);
  }

  finish(): void {
    if (this.#finished) return;
    this.#finishWith(false);
  }

  #finishWith(cancelled: boolean): void {
    this.#finished = true;
    this.#idlePending = false;
    this.#cancelIdle?.();
    if (this.#cancelTimers) {
      for (const c of this.#cancelTimers) c();
      this.#cancelTimers = undefined;
    }
    const outcome: RunOutcome = {
      cancelled,
      completed: this.allPublished,
      lastValues: this.#lastValues,
      lastStateValues: this.#lastStateValues,
      lastInterrupt: this.#lastInterrupt,
      lastError: this.#lastError,
    };
    this.#outcome = outcome;
    try {
      this.#init.onFinish(this, outcome);
    } finally {
      this.#wake();
      this.#resolveFinished?.(outcome);
      this.#resolveFinished = undefined;
      this.#release();
    }
  }

  /**
   * A finished run stays joinable (the deployment keeps the last 1,000), but needs no more than its
   * outcome, its log and the script's timing: drop the callbacks (they hold the run's records) and
   * the renderer, so what the deployment keeps is small — otherwise every run's whole object graph
   * outlives a scavenge and GC work grows with the request rate.
   */
  #release(): void {
    const { fixtureName, length, headersMs, endMs, waitBody } = this.#script;
    this.#script = {
      fixtureName,
      length,
      headersMs,
      endMs,
      waitBody,
      event(i) {
        throw new RangeError(`run finished: event ${i} of "${fixtureName}" is no longer rendered`);
      },
    };
    const { runId, threadId, timing, timers, resumable, startedAt } = this.#init;
    this.#init = { runId, threadId, script: this.#script, timing, timers, resumable, startedAt, onFinish: NO_FINISH };
  }

  /** The /runs/wait body (JS Runs.wait semantics). */
  waitBody(): string {
    const o = this.#outcome;
    if (this.script.waitBody && o && !o.cancelled && o.completed && !this.#scriptAltered) return this.script.waitBody();
    if (o?.lastError !== undefined || this.#lastError !== undefined) {
      return JSON.stringify({ __error__: { error: "Error", message: this.#lastError } });
    }
    return this.#lastValues ?? "null";
  }

  #scriptAltered = false;
  /** Mark that faults changed the script, so a recorded wait body no longer applies. */
  markAltered(): void {
    this.#scriptAltered = true;
  }

  /** A cancellable delay on the deployment's timers (released by close()). */
  delay(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.#init.timers.delay(ms, signal);
  }

  /** Events still in the queue (non-resumable) or the whole log (resumable). Tests and debugging. */
  get queued(): number {
    return this.#log.length;
  }
}

/** A stream response reading a run's queue. */
export class RunReader implements FrameSource {
  cursor: number;
  /** Queue id of the item the last take() returned. */
  lastId = 0;
  readonly primary: boolean;
  readonly #exec: RunExecution;
  readonly #withIds: boolean;
  #done = false;
  #cancelRunOnDisconnect = false;
  // Created on first use (timed runs waiting for events or for their tail).
  #cancelListeners: Set<() => void> | undefined;
  #abort: AbortController | undefined;

  constructor(exec: RunExecution, withIds: boolean, primary: boolean, cursor: number) {
    this.#exec = exec;
    this.#withIds = withIds;
    this.primary = primary;
    this.cursor = cursor;
  }

  /** on_disconnect "cancel" on a thread run: a disconnect cancels the run. */
  cancelRunOnDisconnect(): this {
    this.#cancelRunOnDisconnect = true;
    return this;
  }

  onCancel(fn: () => void): void {
    (this.#cancelListeners ??= new Set()).add(fn);
  }
  offCancel(fn: () => void): void {
    this.#cancelListeners?.delete(fn);
  }

  tryNext(): string | null | undefined {
    if (this.#done) return null;
    const got = this.#exec.take(this);
    if (got) return formatFrame(got.event, got.data, this.#withIds ? String(this.lastId) : undefined);
    const ended = this.#exec.finished || (this.primary && this.#exec.instant && this.#exec.allPublished);
    if (!ended) return undefined;
    const o = this.#exec.outcome;
    if (this.primary && !this.#exec.instant && !o?.cancelled && this.#exec.eofAt > Date.now()) return undefined;
    this.#done = true;
    this.#exec.detach(this, false, false);
    return null;
  }

  async next(): Promise<string | null> {
    for (;;) {
      if (this.#done) return null;
      const got = this.#exec.take(this);
      if (got) return formatFrame(got.event, got.data, this.#withIds ? String(this.lastId) : undefined);
      const ended = this.#exec.finished || (this.primary && this.#exec.instant && this.#exec.allPublished);
      if (ended) {
        // The recorded tail between the last event and EOF (JS: the join loop's 500 ms poll).
        const o = this.#exec.outcome;
        if (this.primary && !this.#exec.instant && !o?.cancelled) {
          const wait = this.#exec.eofAt - Date.now();
          if (wait > 0) await this.#exec.delay(wait, (this.#abort ??= new AbortController()).signal);
          if (this.#done) return null;
        }
        this.#done = true;
        this.#exec.detach(this, false, false);
        return null;
      }
      await this.#exec.waitChange(this);
    }
  }

  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#abort?.abort();
    const listeners = this.#cancelListeners;
    this.#cancelListeners = undefined;
    if (listeners) for (const fn of listeners) fn();
    this.#exec.detach(this, true, this.#cancelRunOnDisconnect);
  }
}

/**
 * The body of a /runs/wait response: a keep-alive `\n` every second (scaled) until the run finishes,
 * then the result JSON — the JS server's `waitKeepAlive` (utils/hono.mjs). Aborting the request does
 * not cancel the run (spec §9).
 */
export class WaitSource implements FrameSource {
  readonly #exec: RunExecution;
  readonly #keepAliveMs: number;
  readonly #abort = new AbortController();
  #done = false;
  #nextKeepAlive: number;
  readonly #cancelled = new Promise<void>((r) => this.#abort.signal.addEventListener("abort", () => r(), { once: true }));

  constructor(exec: RunExecution, keepAliveMs: number) {
    this.#exec = exec;
    this.#keepAliveMs = keepAliveMs;
    this.#nextKeepAlive = Date.now() + keepAliveMs;
  }

  async next(): Promise<string | null> {
    if (this.#done) return null;
    if (!this.#exec.finished) {
      const cancelled = this.#cancelled;
      if (this.#keepAliveMs > 0) {
        const wait = Math.max(0, this.#nextKeepAlive - Date.now());
        // One controller per wait, so the tick timer is released as soon as the run finishes first.
        const tickAbort = new AbortController();
        const stop = (): void => tickAbort.abort();
        this.#abort.signal.addEventListener("abort", stop, { once: true });
        const tick = this.#exec.delay(wait, tickAbort.signal);
        const won = await Promise.race([this.#exec.done.then(() => "done" as const), tick.then(() => "tick" as const), cancelled]);
        tickAbort.abort();
        this.#abort.signal.removeEventListener("abort", stop);
        if (this.#done) return null;
        if (won === "tick" && !this.#exec.finished) {
          this.#nextKeepAlive += this.#keepAliveMs;
          return "\n";
        }
      } else {
        await Promise.race([this.#exec.done, cancelled]);
        if (this.#done) return null;
      }
    }
    this.#done = true;
    return this.#exec.waitBody();
  }

  cancel(): void {
    this.#done = true;
    this.#abort.abort();
  }
}
