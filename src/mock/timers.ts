// Timer bookkeeping so a deployment can always release everything it scheduled (close() clears all),
// and so replay timing can be scaled: "recorded" = recorded offsets, { scale } multiplies them,
// "instant" = no waiting at all.

export type Timing = "instant" | "recorded" | { scale: number };

export interface ResolvedTiming {
  instant: boolean;
  /** Multiplier for recorded offsets (0 when instant). */
  scale: number;
}

export function resolveTiming(timing: Timing | undefined): ResolvedTiming {
  if (timing === undefined || timing === "instant") return { instant: true, scale: 0 };
  if (timing === "recorded") return { instant: false, scale: 1 };
  const scale = timing.scale;
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale < 0) {
    throw new TypeError(`timing.scale must be a finite number ≥ 0 (got ${String(scale)}); use "instant" for no delays.`);
  }
  return scale === 0 ? { instant: true, scale: 0 } : { instant: false, scale };
}

export class TimerRegistry {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  /** setTimeout that the registry can clear; returns a cancel function. After close() it never fires. */
  set(fn: () => void, ms: number): () => void {
    if (this.#closed) return () => undefined;
    const h = setTimeout(() => {
      this.#timers.delete(h);
      fn();
    }, Math.max(0, ms));
    this.#timers.add(h);
    return () => {
      if (this.#timers.delete(h)) clearTimeout(h);
    };
  }

  /** Promise resolved after `ms` with true, or early with false when `signal` fires or the registry closes. */
  delay(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(!this.#closed && !signal?.aborted);
    return new Promise((resolve) => {
      if (this.#closed || signal?.aborted) return resolve(false);
      const done = (ok: boolean): void => {
        this.#waiters.delete(onAbort);
        signal?.removeEventListener("abort", onAbort);
        resolve(ok);
      };
      const onAbort = (): void => {
        cancel();
        done(false);
      };
      const cancel = this.set(() => done(true), ms);
      this.#waiters.add(onAbort);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  readonly #waiters = new Set<() => void>();

  get size(): number {
    return this.#timers.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  clearAll(): void {
    this.#closed = true;
    for (const h of this.#timers) clearTimeout(h);
    this.#timers.clear();
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }
}
