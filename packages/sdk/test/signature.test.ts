import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PyFloat,
  computeSignature,
  parsePyJson,
  pyStr,
  recursiveKeypairs,
  verifySignature,
  verifySignatureJson,
  type PyDict,
} from '@ceilometer-ts/sdk';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/python-messages.json', import.meta.url), 'utf8')) as Record<string, string>;
const fixture = (name: string): string => fixtures[name] ?? '';

describe('recursiveKeypairs', () => {
  it('sorts per level, flattens dicts, drops empty dicts and decodes lists (Python golden)', () => {
    // list(recursive_keypairs({'a':{'b':{}}, 'a-b':1, 'a:c':2, 'z':{'y':[{'q':'é','p':None}]}}))
    const pairs = [...recursiveKeypairs({ a: { b: {} }, 'a-b': 1, 'a:c': 2, z: { y: [{ q: 'é', p: null }] } })];
    expect(pairs.map(([k, v]) => `${k}=${pyStr(v)}`)).toEqual(['a-b=1', 'a:c=2', String.raw`z:y=[{b'p': None, b'q': b'\xc3\xa9'}]`]);
  });

  it('orders keys by code point, not UTF-16 unit', () => {
    const pairs = [...recursiveKeypairs({ '\u{1F600}': 1, '\uFF01': 2 })];
    expect(pairs.map(([k]) => k)).toEqual(['\uFF01', '\u{1F600}']);
  });
});

describe('computeSignature', () => {
  const m: PyDict = {
    source: 'openstack',
    counter_name: 'cpu',
    counter_volume: new PyFloat(1),
    resource_metadata: { flavor: { name: 'm1', vcpus: 2 }, tags: ['a', 'b'], ok: true, n: null, f: 0.1 },
  };

  it('matches Python goldens, float and int', () => {
    expect(computeSignature(m, 'secret')).toBe('fac0c3f4207e99d638b028667283d1ad1672d82ea3f28731d8a959101fef8d61');
    expect(computeSignature({ ...m, counter_volume: 1 }, 'secret')).toBe('acabe5aa2c48ca38b1ef9ac85d7fc24771bd79db5f83ae69a00fa0419bde93c3');
  });

  it('ignores an existing message_signature and is empty without a secret', () => {
    expect(computeSignature({ ...m, message_signature: 'x' }, 'secret')).toBe(computeSignature(m, 'secret'));
    expect(computeSignature(m, '')).toBe('');
  });
});

describe('verifySignature', () => {
  it("accepts Python's messages parsed with parsePyJson", () => {
    expect(verifySignatureJson(fixture('meterDefaultSecret'), 'change this for valid signing')).toBe(true);
    expect(verifySignatureJson(fixture('meterFloatsSecret'), 'secret')).toBe(true);
    expect(verifySignatureJson(fixture('eventSecret'), 'secret')).toBe(true);
    expect(verifySignature(parsePyJson(fixture('meterFloatsSecret')) as PyDict, 'secret')).toBe(true);
  });

  it('fails when JSON.parse has dropped float-ness (why parsePyJson exists)', () => {
    expect(verifySignature(JSON.parse(fixture('meterFloatsSecret')) as PyDict, 'secret')).toBe(false);
  });

  it('rejects tampering, wrong secrets and odd signatures; accepts anything without a secret', () => {
    const msg = parsePyJson(fixture('meterFloatsSecret')) as PyDict;
    expect(verifySignature({ ...msg, counter_volume: new PyFloat(3) }, 'secret')).toBe(false);
    expect(verifySignature(msg, 'other')).toBe(false);
    expect(verifySignature({ ...msg, message_signature: null }, 'secret')).toBe(false);
    expect(verifySignature({ ...msg, message_signature: 'é' }, 'secret')).toBe(false);
    expect(verifySignature({ ...msg, message_signature: undefined }, 'secret')).toBe(false);
    expect(verifySignature({ ...msg, message_signature: 'bogus' }, '')).toBe(true);
    expect(verifySignatureJson('[1]', 'secret')).toBe(false);
  });
});
