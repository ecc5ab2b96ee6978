/**
 * Collects items into batches of `size`, or fewer after `timeoutMs` (oslo's batch listener), and
 * settles each item's promise with its own result once its batch is processed.
 */

/** Options of {@link Batcher}. */
export interface BatcherOptions<T, R> {
  readonly size: number;
  /** Flush a partial batch this long after its first item; undefined waits for a full batch. */
  readonly timeoutMs: number | undefined;
  /** Processes one batch; returns one result per item, in order. Must not reject. */
  readonly process: (items: readonly T[]) => Promise<readonly R[]>;
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
}

/** A batching queue. Batches are processed as soon as they form; several may be in flight. */
export class Batcher<T, R> {
  readonly #options: BatcherOptions<T, R>;
  #pending: Pending<T, R>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #immediate = false;

  constructor(options: BatcherOptions<T, R>) {
    this.#options = options;
  }

  /** Items waiting for their batch to fill. */
  get waiting(): number {
    return this.#pending.length;
  }

  /** Adds an item; resolves with its result once its batch is processed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve) => {
      this.#pending.push({ item, resolve });
      if (this.#immediate || this.#pending.length >= this.#options.size) this.flush();
      else if (this.#pending.length === 1 && this.#options.timeoutMs !== undefined) {
        this.#timer = setTimeout(() => this.flush(), this.#options.timeoutMs);
      }
    });
  }

  /** Processes what is waiting now, without waiting for a full batch. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    void this.#options.process(batch.map((p) => p.item)).then((results) => {
      batch.forEach((p, i) => p.resolve(results[i] as R));
    });
  }

  /** From now on every item is processed at once (used while draining for shutdown). */
  drain(): void {
    this.#immediate = true;
    this.flush();
  }
}
