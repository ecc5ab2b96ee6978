/** A least-recently-used map of at most `size` entries (upstream's `cachetools.LRUCache`). */
export class BoundedCache<K, V> {
  readonly #map = new Map<K, V>();
  constructor(private readonly size: number) {}

  get(key: K): V | undefined {
    if (!this.#map.has(key)) return undefined;
    const value = this.#map.get(key) as V;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.size) this.#map.delete(this.#map.keys().next().value as K);
  }
}
