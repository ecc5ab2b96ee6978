/**
 * parsePyJson's fast path (JSON.parse when every number outside strings is a short integer) must
 * give exactly what the exact reader gives, and be the faster one on an ordinary notification.
 */
import { describe, expect, it } from 'vitest';
import { PyFloat, WireFormatError, dumpsPyJson, parsePyJson } from '@ceilometer-ts/sdk';
import { readPyJsonExact } from '../src/py-json-reader.js';

/** Same values, same key order, same own-property shape (`__proto__` as data), -0 kept. */
function expectSame(text: string): void {
  const fast = parsePyJson(text);
  const exact = readPyJsonExact(text);
  expect(fast).toStrictEqual(exact);
  expect(dumpsPyJson(fast)).toBe(dumpsPyJson(exact));
  expect(JSON.stringify(fast, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : v))).toBe(
    JSON.stringify(exact, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : v)),
  );
}

const notification = (floats: boolean): string =>
  JSON.stringify({
    'oslo.version': '2.0',
    'oslo.message': `{"message_id": "d258", "event_type": "telemetry.polling", "priority": "SAMPLE", "payload": {"samples": [${Array.from(
      { length: 10 },
      (_, i) =>
        `{"counter_name": "cpu", "counter_volume": ${floats ? `${i}.5` : 1000 + i}, "resource_id": "vm-${i}", "timestamp": "2026-12-04T20:02:17.013000", "resource_metadata": {"display_name": "vm \\u00e9 \\"${i}\\" \\\\", "flavor": {"name": "m1.small", "vcpus": 1, "ram": 2048}, "tags": ["a", "b"], "none": null, "on": true, "off": false}, "monotonic_time": null}`,
    ).join(', ')}]}, "timestamp": "2026-12-04 20:02:17.013000"}`,
  });

describe('parsePyJson fast path', () => {
  it.each([
    '{"a": 1, "b": -0, "c": [0, -1, 123456789012345, -123456789012345], "d": "1.0 NaN Infinity -1e5"}',
    '{"a": 1, "a": 2, "b": {"a": 3, "__proto__": {"x": 1}}, "2": "int-like key", "1": null}',
    '{"s": "\\" \\\\\\" \\\\", "t": "\\\\", "u": "\\ud800 \\udfff \\u00e9 \\/ \\b\\f\\n\\r\\t"}',
    ' \t\n[ ] ',
    '"-12"',
    '0',
    '-7',
    '[true, false, null, {}, [], [[]]]',
    // the exact reader's cases: floats, long ints and Python literals outside strings
    '{"a": 1.0, "b": 1e+16, "c": 1E3, "d": [NaN, Infinity, -Infinity], "e": 18446744073709551616}',
    '[9007199254740993, 1234567890123456, -9007199254740993, 0.5, -0.0]',
    // no number outside strings (kept from JSON.parse without a scan), and numbers the value check must find
    '{"oslo.version": "2.0", "oslo.message": "{\\"a\\": 1.0, \\"b\\": [NaN, 1e5]}"}',
    '{"__proto__": {"a": 1.0}}',
    '{"a": "x", "a": 1.0}',
    '{"a": 1.0, "a": "x"}',
    '[[[["deep"]]], {"k": [null, true, {"z": 2.5}]}]',
    '["-0.0", -0.0]',
  ])('gives what the exact reader gives for %j', (text) => {
    expectSame(text);
  });

  it('keeps float-ness and big ints that follow short integers or escaped quotes', () => {
    expect(parsePyJson('[1, "\\"", 2.0, "\\\\", 9007199254740993]')).toStrictEqual([1, '"', new PyFloat(2), '\\', 9007199254740993n]);
    expect(parsePyJson('{"a": 12, "b": 1e2}')).toStrictEqual({ a: 12, b: new PyFloat(100) });
  });

  it('decodes a whole notification envelope and its message like the exact reader', () => {
    for (const floats of [false, true]) {
      const outer = notification(floats);
      expectSame(outer);
      expectSame((readPyJsonExact(outer) as Record<string, string>)['oslo.message'] ?? '');
    }
  });

  it.each(['', '{', '[1,]', '{"a" 1}', '"\x01"', '01', '1 2', '"\\x"', '"abc', '"abc\\"', '[-]', '{"a": 1} x', '[1, 2'])(
    'rejects %j with the exact reader error',
    (text) => {
      expect(() => parsePyJson(text)).toThrow(WireFormatError);
      let message = '';
      try {
        readPyJsonExact(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(() => parsePyJson(text)).toThrow(message);
    },
  );

  it('is at least twice as fast as the exact reader on a notification without floats', () => {
    const outer = notification(false);
    const inner = (JSON.parse(outer) as Record<string, string>)['oslo.message'] ?? '';
    const time = (parse: (text: string) => unknown): number => {
      const runs: number[] = [];
      for (let r = 0; r < 7; r++) {
        const t0 = process.hrtime.bigint();
        for (let k = 0; k < 200; k++) {
          parse(outer);
          parse(inner);
        }
        runs.push(Number(process.hrtime.bigint() - t0));
      }
      return runs.sort((a, b) => a - b)[3] ?? 0; // median: the machine is shared
    };
    time(parsePyJson);
    time(readPyJsonExact);
    expect(time(readPyJsonExact) / time(parsePyJson)).toBeGreaterThan(2);
  });
});
