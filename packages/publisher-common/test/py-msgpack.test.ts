import { PyBytes, PyFloat } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { packPy, unpackMeterMessage } from '../src/index.js';

const hex = (v: Parameters<typeof packPy>[0]): string => packPy(v).toString('hex');

describe('packPy (msgpack-python use_bin_type=True)', () => {
  it('uses the smallest int width', () => {
    expect(hex(1)).toBe('01');
    expect(hex(-1)).toBe('ff');
    expect(hex(200)).toBe('ccc8');
    expect(hex(-33)).toBe('d0df');
    expect(hex(70000)).toBe('ce00011170');
    expect(hex(5000000000)).toBe('cf000000012a05f200');
    expect(hex(10n ** 19n)).toBe('cf8ac7230489e80000');
  });

  it('writes floats as float64, str, bin, nil, bools, arrays and dicts in order', () => {
    expect(hex(0.25)).toBe('cb3fd0000000000000');
    expect(hex(new PyFloat(1))).toBe('cb3ff0000000000000');
    expect(hex('a')).toBe('a161');
    expect(hex('x'.repeat(40))).toBe(`d928${'78'.repeat(40)}`);
    expect(hex(new PyBytes(Buffer.from([1, 2])))).toBe('c4020102');
    expect(hex([null, true, false])).toBe('93c0c3c2');
    expect(hex({ b: 1, a: 2 })).toBe('82a16201a16102');
  });
});

describe('unpackMeterMessage (the one decoder the udp and tcp publishers re-export)', () => {
  it('reads back what packPy wrote: ints beyond 2^53 stay exact bigints, other numbers are numbers', () => {
    const msg = unpackMeterMessage(packPy({ counter_volume: 2n ** 60n, small: 5, f: new PyFloat(1), name: 'cpu', b: new PyBytes(Buffer.from('x')) }));
    expect(msg).toEqual({ counter_volume: 2n ** 60n, small: 5, f: 1, name: 'cpu', b: Buffer.from('x') });
  });

  it('refuses what is not a map', () => {
    expect(() => unpackMeterMessage(packPy([1, 2]))).toThrow('a meter message is a msgpack map');
  });
});
