/**
 * Turns net-snmp varbinds into the sdk's `OidValue`: numbers for integers and 32-bit counters,
 * number or bigint for Counter64, text for printable strings and `0x`-prefixed hex otherwise
 * (pysnmp's prettyPrint rule, which Stein's converters such as the MAC one rely on).
 */
import type { OidValue, OidValueType } from '@ceilometer-ts/sdk';

/** net-snmp's ObjectType numbers (the ASN.1 tags) we map. */
const TYPE_NAMES: Readonly<Record<number, OidValueType>> = {
  1: 'Integer', // Boolean: never sent by agents in practice
  2: 'Integer',
  3: 'OctetString', // BitString
  4: 'OctetString',
  5: 'Null',
  6: 'ObjectIdentifier',
  64: 'IpAddress',
  65: 'Counter32',
  66: 'Gauge32',
  67: 'TimeTicks',
  68: 'Opaque',
  70: 'Counter64',
};

/** noSuchObject, noSuchInstance, endOfMibView: "no value here", never returned to callers. */
export function isExceptionType(type: number): boolean {
  return type === 128 || type === 129 || type === 130;
}

/** One varbind as net-snmp hands it over. */
export interface RawVarbind {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** pyasn1's OctetString.prettyPrint: text when every byte is printable ASCII, else `0x` + hex. */
export function prettyOctets(bytes: Uint8Array): string {
  for (const b of bytes) {
    if (b < 32 || b > 126) return `0x${asBuffer(bytes).toString('hex')}`;
  }
  return asBuffer(bytes).toString('latin1');
}

/** Unsigned big-endian bytes to a number, or a bigint beyond 2^53. */
export function unsignedFromBytes(bytes: Uint8Array): number | bigint {
  if (bytes.length <= 6) {
    let n = 0;
    for (const b of bytes) n = n * 256 + b;
    return n;
  }
  const big = bytes.length ? BigInt(`0x${asBuffer(bytes).toString('hex')}`) : 0n;
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** net-snmp's Opaque-wrapped float (0x9f78) and double (0x9f79), as UCD laLoadFloat; else hex. */
function opaqueValue(bytes: Uint8Array): number | string {
  const buf = asBuffer(bytes);
  if (buf.length === 7 && buf[0] === 0x9f && buf[1] === 0x78 && buf[2] === 4) return buf.readFloatBE(3);
  if (buf.length === 11 && buf[0] === 0x9f && buf[1] === 0x79 && buf[2] === 8) return buf.readDoubleBE(3);
  return prettyOctets(buf);
}

function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  return new Uint8Array(0);
}

/** Converts one varbind; undefined for exception values (noSuchObject/Instance, endOfMibView). */
export function toOidValue(vb: RawVarbind): OidValue | undefined {
  if (isExceptionType(vb.type)) return undefined;
  const type = TYPE_NAMES[vb.type] ?? 'Opaque';
  switch (type) {
    case 'Integer':
    case 'Counter32':
    case 'Gauge32':
    case 'TimeTicks':
      return { type, value: Number(vb.value) };
    case 'Counter64':
      return { type, value: typeof vb.value === 'number' ? vb.value : unsignedFromBytes(asBytes(vb.value)) };
    case 'OctetString':
      return { type, value: prettyOctets(asBytes(vb.value)) };
    case 'Opaque':
      return { type, value: opaqueValue(asBytes(vb.value)) };
    case 'Null':
      return { type, value: null };
    default:
      return { type, value: String(vb.value) };
  }
}
