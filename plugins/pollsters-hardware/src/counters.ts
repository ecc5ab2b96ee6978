/**
 * Deltas between two polls of the same host: Counter32 wrap handled, a counter that went back
 * (Counter64, or any counter after the agent or host restarted) gives no delta, so nothing is
 * emitted for that interval.
 */
import type { OidValue } from '@ceilometer-ts/sdk';
import { numericValue } from './host-values.js';

const TWO_32 = 2 ** 32;

/** A counter read from a host. */
export interface CounterReading {
  readonly value: number;
  /** Wraps at 2^32 (Counter32); other types never wrap. */
  readonly wraps32: boolean;
}

/** A counter from an OID value, undefined when absent or not numeric. */
export function counterReading(v: OidValue | undefined): CounterReading | undefined {
  const n = numericValue(v);
  if (n === undefined) return undefined;
  return { value: Number(n), wraps32: v!.type === 'Counter32' };
}

/** Increase from `prev` to `cur`: wrap-corrected for Counter32, undefined for a reset. */
export function counterDelta(prev: CounterReading, cur: CounterReading): number | undefined {
  if (cur.value >= prev.value) return cur.value - prev.value;
  if (cur.wraps32 && prev.wraps32 && prev.value < TWO_32) return cur.value + TWO_32 - prev.value;
  return undefined;
}

/** Counters of one host (or row) at one poll, with the agent's uptime and our clock. */
export interface Reading {
  readonly counters: ReadonlyMap<string, CounterReading>;
  /** sysUpTime in centiseconds, when the agent serves it. */
  readonly uptime: number | undefined;
  /** Our monotonic clock in seconds. */
  readonly at: number;
}

/** Deltas of every counter of `cur` found in `prev`, over `seconds`. */
export interface ReadingDelta {
  readonly deltas: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/**
 * Deltas between two readings; undefined when the agent restarted (uptime went back), no time
 * passed, or any counter was reset. Elapsed time is the agent's uptime difference when both
 * readings have one (the agent's clock), else ours.
 */
export function readingDelta(prev: Reading, cur: Reading): ReadingDelta | undefined {
  let seconds: number;
  if (prev.uptime !== undefined && cur.uptime !== undefined) {
    if (cur.uptime < prev.uptime) return undefined;
    seconds = (cur.uptime - prev.uptime) / 100;
  } else seconds = cur.at - prev.at;
  if (!(seconds > 0)) return undefined;
  const deltas = new Map<string, number>();
  for (const [name, c] of cur.counters) {
    const p = prev.counters.get(name);
    if (!p) continue;
    const d = counterDelta(p, c);
    if (d === undefined) return undefined;
    deltas.set(name, d);
  }
  return { deltas, seconds };
}

/** Keeps the previous reading per key (host, or host and row) across cycles. */
export class ReadingHistory {
  readonly #previous = new Map<string, Reading>();

  /** Stores `cur` and returns the delta from the previous reading of `key`, if any. */
  advance(key: string, cur: Reading): ReadingDelta | undefined {
    const prev = this.#previous.get(key);
    this.#previous.set(key, cur);
    return prev ? readingDelta(prev, cur) : undefined;
  }
}
