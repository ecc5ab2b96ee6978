/**
 * One sample's line without building its `as_dict()` first: the text `pyRepr(sampleAsDict(s))` or
 * `pyJsonDumps(sampleAsDict(s))` gives, written straight from the Sample with the key texts spelled
 * once at load. The hot path of the file publisher (one call per sample): no intermediate dict, no
 * key list, no key quoting per record. `test/sample-line.test.ts` checks it against the generic form.
 */
import { sampleAsDict } from '@ceilometer-ts/publisher-common';
import type { PyValue, Sample, TextMemo } from '@ceilometer-ts/sdk';
import { pyJsonDumps, pyJsonString, pyRepr, pyStrRepr } from './python-format.js';

type SampleKey = keyof ReturnType<typeof sampleAsDict> & keyof Sample;

/** `as_dict()`'s keys in its order; each is the Sample field of the same name. */
const SAMPLE_KEYS: readonly SampleKey[] = [
  'name', 'type', 'unit', 'volume', 'user_id', 'project_id', 'resource_id', 'timestamp', 'resource_metadata', 'source', 'id',
  'monotonic_time',
];

/** What comes before each member's value: `{'name': `, then `, 'type': `, ... */
const prefixes = (quote: (key: string) => string): readonly string[] =>
  SAMPLE_KEYS.map((key, i) => `${i === 0 ? '{' : ', '}${quote(key)}: `);
const REPR_PREFIXES = prefixes(pyStrRepr);
const JSON_PREFIXES = prefixes(pyJsonString);

type ValueText = (value: PyValue, memo: TextMemo | undefined) => string;

function line(sample: Sample, prefixes: readonly string[], value: ValueText, memo: TextMemo | undefined): string | undefined {
  let out = '';
  for (let i = 0; i < SAMPLE_KEYS.length; i++) {
    const v = sample[SAMPLE_KEYS[i]!] as PyValue | undefined;
    if (v === undefined) return undefined; // the generic form skips the member: let it write this one
    out += prefixes[i]!;
    out += value(v, memo);
  }
  return `${out}}`;
}

/** `repr(sample.as_dict())`, as `pyRepr(sampleAsDict(sample), memo)`. */
export function sampleReprLine(sample: Sample, memo?: TextMemo): string {
  return line(sample, REPR_PREFIXES, pyRepr, memo) ?? pyRepr(sampleAsDict(sample), memo);
}

/** `json.dumps(sample.as_dict())`, as `pyJsonDumps(sampleAsDict(sample), memo)`. */
export function sampleJsonLine(sample: Sample, memo?: TextMemo): string {
  return line(sample, JSON_PREFIXES, pyJsonDumps, memo) ?? pyJsonDumps(sampleAsDict(sample), memo);
}
