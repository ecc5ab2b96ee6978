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
        this.#scheduleNext();
      });
    this.#inFlight = done;
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
