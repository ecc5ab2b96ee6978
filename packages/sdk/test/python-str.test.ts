import { describe, expect, it } from 'vitest';
import { PyBytes, PyEntriesDict, PyFloat, pyBytesRepr, pyFloatRepr, pyStr, pyStrRepr } from '@ceilometer-ts/sdk';

// Golden values printed by /usr/bin/python3 (CPython 3, repr/str).
describe('pyFloatRepr', () => {
  it.each([
    [1, '1.0'],
    [0.5, '0.5'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1234567890123456, '1234567890123456.0'],
    [1e-5, '1e-05'],
    [1e-4, '0.0001'],
    [0.0001234, '0.0001234'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [-0, '-0.0'],
    [0, '0.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [1e22, '1e+22'],
    [123456789.123, '123456789.123'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-2.5, '-2.5'],
    [100, '100.0'],
    [1e-7, '1e-07'],
    [2 ** 53, '9007199254740992.0'],
  ])('repr(%s) is %s', (x, expected) => {
    expect(pyFloatRepr(x)).toBe(expected);
  });
});

describe('pyStr', () => {
  it('renders scalars as Python str()', () => {
    expect(pyStr('vm é')).toBe('vm é');
    expect(pyStr(null)).toBe('None');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr(42)).toBe('42');
    expect(pyStr(-0)).toBe('0'); // JSON carries -0 as 0, an int in Python
    expect(pyStr(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('applies the int/float rule to plain numbers and honours PyFloat', () => {
    expect(pyStr(1)).toBe('1');
    expect(pyStr(new PyFloat(1))).toBe('1.0');
    expect(pyStr(1.5)).toBe('1.5');
    expect(pyStr(1e21)).toBe('1e+21'); // JSON writes 1e+21, which Python reads as a float
    expect(pyStr(1e20)).toBe('100000000000000000000');
    expect(pyStr(NaN)).toBe('nan');
    expect(pyStr(new PyFloat(-0))).toBe('-0.0');
    expect(pyStr(2 ** 60)).toBe('1152921504606847000'); // the digits JSON.stringify writes
  });

  it('renders decoded lists and dicts with bytes as upstream signs them', () => {
    const bytes = (s: string) => PyBytes.fromString(s);
    expect(pyStr([bytes("it's"), bytes('a"b'), bytes('\'"'), bytes('é'), bytes('\\\t\n\r\x00\x7f')])).toBe(
      String.raw`[b"it's", b'a"b', b'\'"', b'\xc3\xa9', b'\\\t\n\r\x00\x7f']`,
    );
    expect(pyStr([new PyEntriesDict([[bytes('p'), null], [bytes('q'), bytes('é')]])])).toBe(String.raw`[{b'p': None, b'q': b'\xc3\xa9'}]`);
    expect(pyStr([1, new PyFloat(2), null, true, [], {}])).toBe('[1, 2.0, None, True, [], {}]');
  });

  it('renders str reprs as Python does (quotes, non-printables)', () => {
    expect(pyStrRepr("it's")).toBe(`"it's"`);
    expect(pyStrRepr('a"b')).toBe(`'a"b'`);
    expect(pyStrRepr('\'"')).toBe(String.raw`'\'"'`);
    expect(pyStrRepr('é\u200b\x85😀\t\x7f')).toBe(String.raw`'é\u200b\x85😀\t\x7f'`);
    expect(pyStr(['a', { k: 1 }])).toBe(`['a', {'k': 1}]`);
    expect(pyBytesRepr(new Uint8Array([]))).toBe("b''");
  });
});
