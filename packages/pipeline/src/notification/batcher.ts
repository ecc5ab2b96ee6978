/**
 * Collects items into batches of at least `size` (or fewer after `timeoutMs`), as oslo's batch
 * listener, and settles each item's promise with its own result once its batch is processed.
 *
 * A full batch is cut on the next event-loop turn and takes every item that arrived in the same
 * turn, up to `maxSize`: messages a broker delivers in one burst are published together without
 * waiting any longer than `batch_size` asks (with `batch_size = 1`, nothing ever waits).
 */

/** Options of {@link Batcher}. */
export interface BatcherOptions<T, R> {
  /** Items to wait for before processing (`[notification] batch_size`). */
  readonly size: number;
  /** Largest batch (default `size`); the agent passes the prefetch count. */
  readonly maxSize?: number;
  /** Flush a partial batch this long after its first item; undefined waits for a full batch. */
  readonly timeoutMs: number | undefined;
  /**
   * Processes one batch; returns one result per item, in order. It should not reject: if it does,
   * every item of the batch is rejected with that error (the listener then requeues the messages).
   */
  readonly process: (items: readonly T[]) => Promise<readonly R[]>;
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/** A batching queue. Batches are processed as soon as they are cut; several may be in flight. */
export class Batcher<T, R> {
  readonly #options: BatcherOptions<T, R>;
  readonly #maxSize: number;
  #pending: Pending<T, R>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #scheduled = false;
  #immediate = false;

  constructor(options: BatcherOptions<T, R>) {
    this.#options = options;
    this.#maxSize = Math.max(options.size, options.maxSize ?? options.size);
  }

  /** Items waiting for their batch. */
  get waiting(): number {
    return this.#pending.length;
  }

  /** Adds an item; resolves with its result once its batch is processed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#immediate) this.flush();
      else if (this.#pending.length >= this.#options.size) this.#schedule();
      else if (this.#pending.length === 1 && this.#options.timeoutMs !== undefined) {
        this.#timer = setTimeout(() => this.flush(), this.#options.timeoutMs);
      }
    });
  }

  /** Processes everything waiting now, in batches of at most `maxSize`. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#pending.length > 0) this.#cut();
  }

  /** From now on every item is processed at once (used while draining for shutdown). */
  drain(): void {
    this.#immediate = true;
    this.flush();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = undefined;
      while (this.#pending.length >= this.#options.size) this.#cut();
      if (this.#pending.length > 0 && this.#options.timeoutMs !== undefined) {
        this.#timer = setTimeout(() => this.flush(), this.#options.timeoutMs);
      }
    });
  }

  #cut(): void {
    const batch = this.#pending.splice(0, this.#maxSize);
    this.#options.process(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i] as R)),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
