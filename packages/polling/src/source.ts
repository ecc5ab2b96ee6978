/**
 * A polling source at run time: its validated config plus the compiled meter selection.
 */
import { MeterMatcher } from './meter-matcher.js';
import type { PollingSourceConfig } from './polling-config.js';

/** One polling.yaml source, ready to match meters. */
export class PollingSource {
  readonly name: string;
  readonly interval: number;
  readonly resources: readonly string[];
  readonly discovery: readonly string[];
  readonly #matcher: MeterMatcher;

  constructor(readonly config: PollingSourceConfig) {
    this.name = config.name;
    this.interval = config.interval;
    this.resources = config.resources;
    this.discovery = config.discovery;
    this.#matcher = new MeterMatcher(config.meters);
  }

  /** Whether this source polls `meter` (upstream's `support_meter`). */
  supportsMeter(meter: string): boolean {
    return this.#matcher.matches(meter);
  }

  /** Meters named literally in this source. */
  literalMeters(): readonly string[] {
    return this.#matcher.literalNames();
  }
}
