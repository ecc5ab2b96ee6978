/**
 * Sample timestamps to OTLP's nanoseconds since the Unix epoch, without losing the microseconds
 * upstream stamps (a JS Date keeps only milliseconds). Timestamps without an offset are UTC, as
 * upstream's naive `utcnow()` values are (upstream's OTLP publisher read them as local time).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Nanoseconds since the epoch as a decimal string (OTLP's JSON form of fixed64), or undefined when unparsable. */
export function isoToUnixNano(timestamp: string): string | undefined {
  const m = ISO.exec(timestamp.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const nanos = BigInt(ms - offsetMinutes * 60_000) * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0'));
  return nanos < 0n ? undefined : nanos.toString();
}
