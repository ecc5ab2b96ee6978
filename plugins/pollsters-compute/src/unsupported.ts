/**
 * "This inspector cannot give that meter", said once per pollster (info), then at debug: upstream
 * warns per instance per cycle (`NoDataException`, a None volume), which floods the log of every
 * hypervisor where perf events or cache monitoring are off.
 */
import type { Logger } from '@ceilometer-ts/sdk';

export class UnsupportedReporter {
  #said = false;
  constructor(
    private readonly meter: string,
    private readonly logger: Logger,
  ) {}

  /** Reports the meter unsupported this cycle; `reason` is the inspector's error when it gave one. */
  report(inspector: string, reason?: unknown): void {
    const why = reason instanceof Error ? reason.message : 'no value for any instance';
    const fields = { meter: this.meter, inspector };
    if (this.#said) {
      this.logger.debug(fields, `${this.meter}: no data from the ${inspector} inspector (${why})`);
      return;
    }
    this.#said = true;
    this.logger.info(
      fields,
      `${this.meter}: the ${inspector} inspector gives no data for this meter on this hypervisor (${why}); it stays loaded and reports nothing; said once, later cycles log it at debug`,
    );
  }

  /** Whether it was said (for tests). */
  get said(): boolean {
    return this.#said;
  }
}
