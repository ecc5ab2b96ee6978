import { describe, expect, it } from 'vitest';
import { PyFloat, SharedTextMemo, type Sample } from '@ceilometer-ts/sdk';
import { pyJsonDumps, pyRepr, sampleAsDict } from '../src/index.js';
import { sampleJsonLine, sampleReprLine } from '../src/sample-line.js';

const base: Sample = {
  name: 'cpu', type: 'cumulative', unit: 'ns', volume: 12, user_id: 'u', project_id: null, resource_id: "r'1",
  timestamp: '2026-12-04T20:00:00.000000', resource_metadata: { host: 'h\u00e9', n: new PyFloat(2), list: [1, 'a', { b: null }], big: 2n ** 64n },
  source: 'openstack', id: 'id-1', monotonic_time: null,
};

const variants: Array<[string, Sample]> = [
  ['plain', base],
  ['float volume and monotonic time', { ...base, volume: 0.5, monotonic_time: 3.25 }],
  ['bigint volume, empty metadata', { ...base, volume: 2n ** 60n, resource_metadata: {} }],
  ['a member left undefined (skipped, as the generic dict form does)', { ...base, user_id: undefined as unknown as null }],
  ['quotes and non-ASCII in strings', { ...base, name: 'say "hi" it\'s', unit: '\u0001\u00e9\ud83d\ude00' }],
];

describe('sample lines written without the as_dict() record', () => {
  it.each(variants)('repr and JSON match the generic formatting (%s)', (_label, sample) => {
    expect(sampleReprLine(sample)).toBe(pyRepr(sampleAsDict(sample)));
    expect(sampleJsonLine(sample)).toBe(pyJsonDumps(sampleAsDict(sample)));
  });

  it('shares the memo: a large metadata value used by several samples is formatted once and still matches', () => {
    const shared = { metrics: Array.from({ length: 200 }, (_, i) => ({ name: `m${i}`, value: i })) };
    const samples = [1, 2, 3].map((volume) => ({ ...base, volume, resource_metadata: shared }));
    const reprMemo = new SharedTextMemo(); // one memo per format, as one per publish call
    const jsonMemo = new SharedTextMemo();
    for (const s of samples) {
      expect(sampleReprLine(s, reprMemo) === pyRepr(sampleAsDict(s))).toBe(true);
      expect(sampleJsonLine(s, jsonMemo) === pyJsonDumps(sampleAsDict(s))).toBe(true);
    }
  });
});
