// Small statistics helpers for the benchmark: percentiles over samples, and median + min–max over
// repeated runs (the figure the table prints).

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** Median, min and max of the per-repeat values of one figure. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spread(values: readonly number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: [...values] };
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: [...values] };
}

/** `1234 (1180–1302)`: median with the min–max of the repeats; one value when they agree. */
export function fmtSpread(s: Spread | undefined, digits = 0): string {
  if (!s || !Number.isFinite(s.median)) return "n/a";
  const f = (v: number): string => fmtNumber(v, digits);
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

export function fmtNumber(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return "n/a";
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Ratio of two medians, formatted `0.93×`. */
export function fmtRatio(a: Spread | undefined, b: Spread | undefined): string {
  if (!a || !b || !Number.isFinite(a.median) || !Number.isFinite(b.median) || b.median === 0) return "n/a";
  const r = a.median / b.median;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}
