import { describe, expect, it } from 'vitest';
import { PyFloat, WireFormatError, dumpsPyJson, parsePyJson } from '@ceilometer-ts/sdk';

describe('dumpsPyJson', () => {
  it('writes what json.dumps writes', () => {
    expect(dumpsPyJson({ k: 'é\u2028😀\x7f\x01"\\/' })).toBe(String.raw`{"k": "\u00e9\u2028\ud83d\ude00\u007f\u0001\"\\/"}`);
    expect(dumpsPyJson([1, new PyFloat(1), 0.5, new PyFloat(1e16), 1e16, null, true, false, {}, []])).toBe('[1, 1.0, 0.5, 1e+16, 10000000000000000, null, true, false, {}, []]');
    expect(dumpsPyJson([NaN, new PyFloat(Infinity), -Infinity, new PyFloat(-0), -0])).toBe('[NaN, Infinity, -Infinity, -0.0, 0]');
    expect(dumpsPyJson({ a: undefined, b: 2n ** 64n })).toBe('{"b": 18446744073709551616}');
  });
});

describe('parsePyJson', () => {
  it('keeps float-ness, big ints and Python literals', () => {
    const v = parsePyJson('{"a": 1.0, "b": 1, "c": 1e+16, "d": [NaN, Infinity, -Infinity], "e": 18446744073709551616, "f": -0}');
    expect(v).toEqual({
      a: new PyFloat(1),
      b: 1,
      c: new PyFloat(1e16),
      d: [new PyFloat(NaN), new PyFloat(Infinity), new PyFloat(-Infinity)],
      e: 18446744073709551616n,
      f: -0,
    });
  });

  it('round-trips Python text byte for byte', () => {
    const text =
      '{"source": "openstack", "counter_volume": 2.0, "resource_metadata": {"display_name": "vm \\u00e9", "tags": ["a", "b"], "none": null, "on": true}, "monotonic_time": 1234.5}';
    expect(dumpsPyJson(parsePyJson(text))).toBe(text);
  });

  it('decodes escapes and keeps __proto__ as data', () => {
    const v = parsePyJson(' {"__proto__": {"x": 1}, "s": "\\ud83d\\ude00\\n\\/"} ') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 's']);
    expect(v['s']).toBe('😀\n/');
  });

  it.each(['', '{', '[1,]', '{"a" 1}', '"\x01"', '01', '1 2', '"\\x"'])('rejects %j', (text) => {
    expect(() => parsePyJson(text)).toThrow(WireFormatError);
  });
});
