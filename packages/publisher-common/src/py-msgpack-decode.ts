/**
 * Reading what the udp:// and tcp:// publishers send (the inverse of {@link packPy} for meter
 * messages), for collectors written in TypeScript and for tests. Decoding needs none of the
 * encoder's care for Python's int/float split, so @msgpack/msgpack does it.
 */
import { decode } from '@msgpack/msgpack';

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/**
 * Decodes one msgpack meter message into its dict: ints beyond 2^53 stay bigint (exact, so the
 * signature still verifies), other ints and floats are numbers.
 */
export function unpackMeterMessage(datagram: Uint8Array): Record<string, unknown> {
  const value = normalise(decode(datagram, { useBigInt64: true }));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('a meter message is a msgpack map');
  return value as Record<string, unknown>;
}
