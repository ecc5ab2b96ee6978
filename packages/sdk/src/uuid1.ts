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

const TWO_32 = 2 ** 32;
const OFFSET_HI = Number(GREGORIAN_OFFSET >> 32n);
const OFFSET_LO = Number(GREGORIAN_OFFSET & 0xffffffffn);

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Makes a uuid1 generator with its own clock sequence and last-timestamp memory. The 60-bit
 * timestamp is kept as two exact doubles (high 28 bits, low 32 bits), not a BigInt: an id costs
 * one hex conversion of the low word, the rest of the text changes every 429 s.
 */
export function createUuid1Generator(options: Uuid1Options = {}): () => string {
  const node = options.node ?? hostMacNode() ?? randomNode();
  const clockSeq = (options.clockSeq ?? randomBytes(2).readUInt16BE(0)) & 0x3fff;
  // RFC 4122 variant 10xx, then the node: constant for the generator
  const suffix = `-${hex(clockSeq | 0x8000, 4)}-${(node & 0xffffffffffffn).toString(16).padStart(12, '0')}`;
  const now = options.now;
  let lastHi = -1;
  let lastLo = -1;
  let prefixHi = -1;
  let rest = '';
  return () => {
    let hi: number;
    let lo: number;
    if (now) {
      const ts = now() + GREGORIAN_OFFSET;
      hi = Number(ts >> 32n);
      lo = Number(ts & 0xffffffffn);
    } else {
      // ticks = µs × 10 + offset, word by word (every intermediate stays below 2^53)
      const micros = epochMicros();
      const microsHi = Math.floor(micros / TWO_32);
      const low = (micros - microsHi * TWO_32) * 10 + OFFSET_LO;
      const carry = Math.floor(low / TWO_32);
      lo = low - carry * TWO_32;
      hi = microsHi * 10 + OFFSET_HI + carry;
    }
    if (hi < lastHi || (hi === lastHi && lo <= lastLo)) {
      hi = lastHi;
      lo = lastLo + 1;
      if (lo === TWO_32) {
        lo = 0;
        hi += 1;
      }
    }
    lastHi = hi;
    lastLo = lo;
    if (hi !== prefixHi) {
      prefixHi = hi;
      rest = `-${hex(hi & 0xffff, 4)}-${hex(((hi >>> 16) & 0x0fff) | 0x1000, 4)}${suffix}`;
    }
    return hex(lo, 8) + rest;
  };
}

let defaultGenerator: (() => string) | undefined;

/** A new version-1 UUID string (`xxxxxxxx-xxxx-1xxx-yxxx-xxxxxxxxxxxx`), like Python's `str(uuid.uuid1())`. */
export function uuid1(): string {
  defaultGenerator ??= createUuid1Generator();
  return defaultGenerator();
}
