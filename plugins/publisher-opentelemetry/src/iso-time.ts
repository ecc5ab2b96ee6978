/**
 * Sample timestamps to OTLP's nanoseconds since the Unix epoch. Parsed as upstream parses them (the
 * sdk's `parseIsoTime`: timestamps without an offset are UTC, as upstream's naive `utcnow()` values
 * are; upstream's OTLP publisher read them as local time), microseconds kept (a JS Date keeps only
 * milliseconds).
 */
import { isoTextEpochMicros } from '@ceilometer-ts/sdk';

/** Nanoseconds since the epoch as a decimal string (OTLP's JSON form of fixed64), or undefined when unparsable. */
export function isoToUnixNano(timestamp: string): string | undefined {
  const micros = isoTextEpochMicros(timestamp);
  return micros === undefined || micros < 0 ? undefined : (BigInt(micros) * 1000n).toString();
}
