/**
 * Typed SNMP values as the virtual MIB serves them, with net-snmp's widths: Counter32 and TimeTicks
 * wrap at 2^32, Gauge32 saturates at 2^32 − 1, Integer32 at 2^31 − 1, Counter64 is a bigint past 2^53.
 */
import type { OidValue } from '@ceilometer-ts/sdk';

const TWO_32 = 2 ** 32;

export const counter32 = (n: number): OidValue => ({ type: 'Counter32', value: Math.floor(n) % TWO_32 });
export const timeTicks = (centiseconds: number): OidValue => ({ type: 'TimeTicks', value: Math.floor(centiseconds) % TWO_32 });
export const gauge32 = (n: number): OidValue => ({ type: 'Gauge32', value: Math.min(Math.max(Math.floor(n), 0), TWO_32 - 1) });
export const integer = (n: number): OidValue => ({ type: 'Integer', value: Math.min(Math.max(Math.round(n), -(2 ** 31)), 2 ** 31 - 1) });
export const octets = (s: string): OidValue => ({ type: 'OctetString', value: s });
export const ipAddress = (s: string): OidValue => ({ type: 'IpAddress', value: s });
export const counter64 = (n: number): OidValue => {
  const v = Math.floor(n);
  return { type: 'Counter64', value: Number.isSafeInteger(v) ? v : BigInt(v) };
};
/**
 * A binary OctetString (ifPhysAddress) rendered as pysnmp's `prettyPrint()` renders non-printable
 * octets: `0x` and lower-case hex; empty for no address.
 */
export const hexOctets = (hex: string): OidValue => ({ type: 'OctetString', value: hex ? `0x${hex}` : '' });
