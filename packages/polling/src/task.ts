/**
 * The schedule of one task: a cycle at start and then every `interval` seconds, on slots aligned
 * to the start so delays do not accumulate. A cycle still running when the next slot comes is
 * never doubled: the missed slots are skipped, logged and counted.
 */
import type { Logger } from '@ceilometer-ts/sdk';

/** Runs `cycle` periodically; one cycle at a time. */
export class PollingTask {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = true;
  #origin = 0;
  #slot = 0;
  /** Set by `runCycles`: cycles still to run, and what to call after the last (or on stop). */
  #limit: { remaining: number; readonly done: () => void } | undefined;

  constructor(
    /** Seconds between cycles. */
    readonly interval: number,
    private readonly cycle: () => Promise<void>,
    private readonly logger: Logger,
    private readonly onOverrun?: (skipped: number) => void,
  ) {}

  /** Starts: the first cycle runs now. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#origin = Date.now();
    this.#slot = 0;
    this.#run();
  }

  /**
   * Runs `count` cycles on the task's schedule (the first now, then on the interval's slots, an
   * overrun skipping slots as usual) and stops; resolves when the last one ends, or at `stop()`.
   */
  runCycles(count: number): Promise<void> {
    if (!this.#stopped) return Promise.reject(new Error('runCycles: the task is already running'));
    if (count < 1) return Promise.resolve();
    return new Promise((resolve) => {
      this.#limit = { remaining: count, done: resolve };
      this.start();
    });
  }

  /** Whether a cycle is running now. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /** No new cycles; resolves when the cycle in flight (if any) ends. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
    this.#endLimit();
  }

  /** Resolves when the cycle in flight (if any) ends. */
  async idle(): Promise<void> {
    await this.#inFlight;
  }

  #run(): void {
    this.#timer = undefined;
    const done = this.cycle()
      .catch((err: unknown) => this.logger.error({ err, interval: this.interval }, 'polling cycle failed'))
      .finally(() => {
        this.#inFlight = undefined;
        if (this.#limit && --this.#limit.remaining === 0) {
          this.#stopped = true;
          this.#endLimit();
        }
        this.#scheduleNext();
      });
    this.#inFlight = done;
  }

  #endLimit(): void {
    const limit = this.#limit;
    this.#limit = undefined;
    limit?.done();
  }

  #scheduleNext(): void {
    if (this.#stopped) return;
    const period = this.interval * 1000;
    const now = Date.now();
    const due = Math.floor((now - this.#origin) / period) + 1;
    const skipped = due - this.#slot - 1;
    if (skipped > 0) {
      this.logger.warn(
        { interval: this.interval, skipped },
        `polling cycle of interval ${this.interval}s took longer than its interval; skipping ${skipped} cycle(s)`,
      );
      this.onOverrun?.(skipped);
    }
    this.#slot = due;
    this.#timer = setTimeout(() => this.#run(), this.#origin + due * period - now);
  }
}
