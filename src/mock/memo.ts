// Memo for per-request work whose inputs repeat (URLs, content types, routes, fixture matches, run
// plans): a Map that starts over when full, and never holds a key longer than `maxKeyLength`, so
// memory stays bounded whatever clients send.
export class BoundedCache<V> {
  readonly #map = new Map<string, V>();
  readonly #size: number;
  readonly #maxKeyLength: number;

  constructor(size: number, maxKeyLength: number) {
    this.#size = size;
    this.#maxKeyLength = maxKeyLength;
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  /** Remember `value` (unless the key is too long to keep). */
  set(key: string, value: V): void {
    if (key.length > this.#maxKeyLength) return;
    if (this.#map.size >= this.#size) this.#map.clear();
    this.#map.set(key, value);
  }

  /** The remembered value, or `compute()` remembered. */
  getOrSet(key: string, compute: () => V): V {
    let v = this.#map.get(key);
    if (v === undefined) {
      v = compute();
      this.set(key, v);
    }
    return v;
  }
}
