import { expect, test } from 'vitest';
import { prettyOctets, toOidValue, unsignedFromBytes } from '../src/index.js';

test('octet strings: text when printable, 0x-hex otherwise (pysnmp prettyPrint)', () => {
  expect(prettyOctets(Buffer.from('eth0'))).toBe('eth0');
  expect(prettyOctets(Buffer.from([0x02, 0xfc, 0, 0, 0, 1]))).toBe('0x02fc00000001');
  expect(prettyOctets(Buffer.alloc(0))).toBe('');
});

test('Counter64: number up to 2^53, bigint beyond', () => {
  expect(unsignedFromBytes(Buffer.from([0x00, 0xbd, 0xe5, 0x9b, 0x98]))).toBe(0xbde59b98);
  expect(unsignedFromBytes(Buffer.from('00ffffffffffffffff', 'hex'))).toBe(18446744073709551615n);
  expect(toOidValue({ oid: '1.3', type: 70, value: Buffer.from('0000000100000000', 'hex') })).toEqual({ type: 'Counter64', value: 4294967296 });
});

test('UCD laLoadFloat opaque floats are decoded', () => {
  const bytes = Buffer.from([0x9f, 0x78, 0x04, 0, 0, 0, 0]);
  bytes.writeFloatBE(0.5, 3);
  expect(toOidValue({ oid: '1.3', type: 68, value: bytes })).toEqual({ type: 'Opaque', value: 0.5 });
});

test('exception values are no values', () => {
  for (const type of [128, 129, 130]) expect(toOidValue({ oid: '1.3', type, value: null })).toBeUndefined();
});

test('integers, counters, addresses and OIDs', () => {
  expect(toOidValue({ oid: '1.3', type: 2, value: -5 })).toEqual({ type: 'Integer', value: -5 });
  expect(toOidValue({ oid: '1.3', type: 65, value: 4294967295 })).toEqual({ type: 'Counter32', value: 4294967295 });
  expect(toOidValue({ oid: '1.3', type: 67, value: 100 })).toEqual({ type: 'TimeTicks', value: 100 });
  expect(toOidValue({ oid: '1.3', type: 64, value: '10.0.0.1' })).toEqual({ type: 'IpAddress', value: '10.0.0.1' });
  expect(toOidValue({ oid: '1.3', type: 6, value: '1.3.6.1.4.1.8072.3.2.10' })).toEqual({ type: 'ObjectIdentifier', value: '1.3.6.1.4.1.8072.3.2.10' });
});
