/**
 * The numbers a stateful transformer (delta, rate_of_change) computes with: the volume as a number
 * and the timestamp in epoch microseconds. A sample without both is dropped with one warning.
 */
import { isoTextEpochMicros, numericVolume, type Logger, type Sample } from '@ceilometer-ts/sdk';

/** A sample's volume and time, ready for arithmetic. */
export interface Reading {
  readonly volume: number;
  readonly micros: number;
}

/** The sample's reading, or undefined (logged, naming `transformer`) when it has none. */
export function readingOf(sample: Sample, transformer: string, logger: Logger): Reading | undefined {
  const micros = isoTextEpochMicros(sample.timestamp);
  const volume = numericVolume(sample.volume);
  if (volume === undefined || micros === undefined) {
    logger.warn({ meter: sample.name, resource_id: sample.resource_id }, '%s: dropping sample with unusable volume or timestamp: %s @ %s', transformer, sample.name, sample.timestamp);
    return undefined;
  }
  return { volume, micros };
}
