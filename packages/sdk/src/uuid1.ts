/**
 * RFC 4122 version-1 (time-based) UUIDs, as upstream gives samples (`str(uuid.uuid1())`).
 * Like Python's `uuid1()`: 100 ns ticks since 1582-10-15, a random 14-bit clock sequence, the host's
 * MAC address as node (or a random node with the multicast bit set, RFC 4122 section 4.5), and a
 * timestamp bumped by one tick whenever the clock has not advanced, so ids are unique per process.
 */
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { epochMicros } from './wall-clock.js';

/** 100 ns intervals between 1582-10-15 (the Gregorian reform) and 1970-01-01. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;

/** Options of a generator; tests pin them, production uses the defaults. */
export interface Uuid1Options {
  /** 48-bit node id; default: the first non-internal MAC address, else random with the multicast bit. */
  readonly node?: bigint;
  /** 14-bit clock sequence; default random. */
  readonly clockSeq?: number;
  /** Current time in 100 ns ticks since the Unix epoch; default from the high-resolution clock. */
  readonly now?: () => bigint;
}

/** The first real MAC address of this host, as a 48-bit number, or undefined. */
export function hostMacNode(): bigint | undefined {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const addr of addrs ?? []) {
      if (!addr.internal && addr.mac && addr.mac !== '00:00:00:00:00:00') {
        return BigInt(`0x${addr.mac.replace(/:/g, '')}`);
      }
    }
  }
  return undefined;
}

function randomNode(): bigint {
  return BigInt(`0x${randomBytes(6).toString('hex')}`) | 0x010000000000n;
}

/** Ticks of 100 ns since the Unix epoch from the wall clock (microsecond resolution). */
function wallClockTicks(): bigint {
  return BigInt(epochMicros()) * 10n;
}

const hex = (n: bigint, width: number): string => n.toString(16).padStart(width, '0');

/** Makes a uuid1 generator with its own clock sequence and last-timestamp memory. */
export function createUuid1Generator(options: Uuid1Options = {}): () => string {
  const node = options.node ?? hostMacNode() ?? randomNode();
  const clockSeq = BigInt((options.clockSeq ?? randomBytes(2).readUInt16BE(0)) & 0x3fff);
  const now = options.now ?? wallClockTicks;
  let last = -1n;
  return () => {
    let ts = now() + GREGORIAN_OFFSET;
    if (ts <= last) ts = last + 1n;
    last = ts;
    const timeLow = ts & 0xffffffffn;
    const timeMid = (ts >> 32n) & 0xffffn;
    const timeHi = ((ts >> 48n) & 0x0fffn) | 0x1000n;
    const clock = clockSeq | 0x8000n; // RFC 4122 variant 10xx
    return `${hex(timeLow, 8)}-${hex(timeMid, 4)}-${hex(timeHi, 4)}-${hex(clock, 4)}-${hex(node & 0xffffffffffffn, 12)}`;
  };
}

let defaultGenerator: (() => string) | undefined;

/** A new version-1 UUID string (`xxxxxxxx-xxxx-1xxx-yxxx-xxxxxxxxxxxx`), like Python's `str(uuid.uuid1())`. */
export function uuid1(): string {
  defaultGenerator ??= createUuid1Generator();
  return defaultGenerator();
}
