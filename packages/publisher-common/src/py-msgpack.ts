/**
 * msgpack exactly as upstream writes it with msgpack-python's `msgpack.dumps(msg, use_bin_type=True)`:
 * the smallest int encoding, every float as float64, `str` as the str family (str8 included),
 * bytes as bin, dicts in insertion order. Python tells ints from floats where JS cannot, so plain
 * numbers follow the sdk's wire rule (integral below 1e21 is an int, which is also how the message
 * was signed) and {@link PyFloat} forces a float. @msgpack/msgpack encodes integral numbers beyond
 * 2^53 as floats, which would break the signature, so this encoder is our own (decoding, in
 * `py-msgpack-decode.ts`, uses @msgpack/msgpack).
 */
import { PyBytes, PyEntriesDict, PyFloat, isPyDict, isPyIntNumber, type PyValue } from '@ceilometer-ts/sdk';

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);

/** A growable output buffer. */
class Writer {
  buf = Buffer.allocUnsafe(256);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  head(type: number, size: 1 | 2 | 4, n: number): void {
    this.ensure(1 + size);
    this.buf[this.pos++] = type;
    if (size === 1) this.buf.writeUInt8(n, this.pos);
    else if (size === 2) this.buf.writeUInt16BE(n, this.pos);
    else this.buf.writeUInt32BE(n, this.pos);
    this.pos += size;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function packInt(w: Writer, v: bigint): void {
  if (v >= 0n) {
    if (v < 128n) return w.u8(Number(v));
    if (v <= 0xffn) return w.head(0xcc, 1, Number(v));
    if (v <= 0xffffn) return w.head(0xcd, 2, Number(v));
    if (v <= 0xffffffffn) return w.head(0xce, 4, Number(v));
    w.u8(0xcf);
    w.ensure(8);
    w.buf.writeBigUInt64BE(v, w.pos);
    w.pos += 8;
    return;
  }
  if (v >= -32n) return w.u8(Number(v) & 0xff);
  if (v >= -0x80n) return w.head(0xd0, 1, Number(v) & 0xff);
  if (v >= -0x8000n) return w.head(0xd1, 2, Number(v) & 0xffff);
  if (v >= -0x80000000n) return w.head(0xd2, 4, Number(v) >>> 0);
  w.u8(0xd3);
  w.ensure(8);
  w.buf.writeBigInt64BE(v, w.pos);
  w.pos += 8;
}

function packFloat(w: Writer, v: number): void {
  w.u8(0xcb);
  w.ensure(8);
  w.buf.writeDoubleBE(v, w.pos);
  w.pos += 8;
}

function packLength(w: Writer, n: number, fix: number, fixMax: number, t8: number | undefined, t16: number, t32: number): void {
  if (n <= fixMax) w.u8(fix | n);
  else if (t8 !== undefined && n <= 0xff) w.head(t8, 1, n);
  else if (n <= 0xffff) w.head(t16, 2, n);
  else w.head(t32, 4, n);
}

function pack(w: Writer, v: PyValue | undefined): void {
  if (v === null || v === undefined) return w.u8(0xc0);
  if (v === true) return w.u8(0xc3);
  if (v === false) return w.u8(0xc2);
  if (typeof v === 'bigint') {
    if (v > UINT64_MAX || v < INT64_MIN) throw new RangeError('msgpack: integer out of the 64-bit range');
    return packInt(w, v);
  }
  if (typeof v === 'number') {
    // NOTE: String(v), not v: beyond 2^53 the int Python sees is the one the JSON text and the
    // signature spell (shortest digits, 2**62 as 4611686018427388000), not the double's exact value
    const int = isPyIntNumber(v) ? BigInt(String(v)) : undefined;
    return int !== undefined && int <= UINT64_MAX && int >= INT64_MIN ? packInt(w, int) : packFloat(w, v);
  }
  if (v instanceof PyFloat) return packFloat(w, v.value);
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'utf8');
    packLength(w, bytes.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    return w.bytes(bytes);
  }
  if (v instanceof PyBytes) {
    packLength(w, v.bytes.length, 0xc4, -1, 0xc4, 0xc5, 0xc6);
    return w.bytes(v.bytes);
  }
  if (Array.isArray(v)) {
    packLength(w, v.length, 0x90, 15, undefined, 0xdc, 0xdd);
    for (const item of v as readonly PyValue[]) pack(w, item);
    return;
  }
  if (v instanceof PyEntriesDict) {
    packLength(w, v.entries.length, 0x80, 15, undefined, 0xde, 0xdf);
    for (const [k, item] of v.entries) {
      pack(w, k);
      pack(w, item);
    }
    return;
  }
  if (isPyDict(v)) {
    const entries = Object.entries(v).filter(([, item]) => item !== undefined);
    packLength(w, entries.length, 0x80, 15, undefined, 0xde, 0xdf);
    for (const [k, item] of entries) {
      pack(w, k);
      pack(w, item);
    }
    return;
  }
  throw new TypeError(`msgpack: cannot encode ${typeof v}`);
}

/** `msgpack.dumps(value, use_bin_type=True)`. */
export function packPy(value: PyValue): Buffer {
  const w = new Writer();
  pack(w, value);
  return w.buf.subarray(0, w.pos);
}
