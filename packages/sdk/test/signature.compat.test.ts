/**
 * Signature and wire-format compatibility against upstream Ceilometer itself: spawns /usr/bin/python3
 * with ceilometer 19.0 (Debian's python3-ceilometer) and runs fixtures/ceilometer_compat.py on our
 * messages, then checks Python's messages with our code.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PyFloat,
  TraitType,
  computeSignature,
  dumpsPyJson,
  eventFromEventMessage,
  makeSample,
  parsePyJson,
  pyFloatRepr,
  pyStr,
  recursiveKeypairs,
  sampleFromMeterMessage,
  toEventMessage,
  toMeterMessage,
  verifySignature,
  verifySignatureJson,
  type Event,
  type PyDict,
  type ResourceMetadata,
} from '@ceilometer-ts/sdk';

// CEILOMETER_COMPAT_PYTHON points at another interpreter (or a missing one, to see the skip).
const PYTHON = process.env['CEILOMETER_COMPAT_PYTHON'] ?? '/usr/bin/python3';
const ORACLE = fileURLToPath(new URL('./fixtures/ceilometer_compat.py', import.meta.url));
const SECRET = 'compat s\u00e9cret';

const probe = spawnSync(PYTHON, ['-c', 'import ceilometer.publisher.utils, ceilometer.sample, ceilometer.event.models'], { encoding: 'utf8' });
const skipReason = probe.status === 0 ? '' : `${PYTHON} cannot import ceilometer (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()})`;
if (skipReason) console.warn(`signature.compat.test.ts skipped: ${skipReason}`);

interface OracleAnswer {
  ours: { signature: string; verified: boolean; rebuilt: string }[];
  ourEvents: { signature: string; verified: boolean; rebuilt: string }[];
  pySamples: string[];
  pyEvents: string[];
  floatReprs: string[];
  keypairs: [string, string][][];
}

const metadataTable: ResourceMetadata[] = [
  {},
  { display_name: 'vm \u00e9 \u2603 \u{1F600}', flavor: { name: 'm1.tiny', ram: 512, vcpus: 1, disk: { root: 1, eph: 0 } } },
  { tags: ['a', 'b', '\u00e9'], mixed: [1, 0.5, null, true, false, 'x', ['nested', 2], { k: 'v', a: [1] }] },
  { f1: 0.1 + 0.2, f2: 1e21, f3: 1e-5, f4: 1e16, f5: -2.5, f6: 5e-324, f7: 1.7976931348623157e308, i: -42, z: -0 },
  { none: null, yes: true, no: false, empty: {}, elist: [], 'colon:key': 1, 'a-b': 2, a: { b: 3 } },
  { '\uFF01': 1, '\u{1F600}': 2, Z: 3, k\u00e9y: { '\u00fc': 'x' } },
  { quotes: ["it's", 'say "hi"', '\'"'], ctrl: ['\\', '\n\t\r', '\x00\x7f'], raw: 'tab\there "q" \\ \u2028' },
  { nan: NaN, inf: Infinity, ninf: -Infinity, inlist: [NaN, -Infinity] },
  { message_signature: 'nested, so signed', deep: { a: { b: { c: { d: 'e' } } } } },
];

const volumes: (number | null)[] = [1, 0.5, 123456789012, 1e-7, null, 0, -3, 2 ** 53, NaN];

const samples = metadataTable.map((md, i) =>
  makeSample({
    name: `meter.${i}`,
    type: i % 2 ? 'gauge' : 'cumulative',
    unit: i % 3 ? 'B' : '%',
    volume: volumes[i] ?? 1,
    user_id: i % 4 ? `user-${i}` : null,
    project_id: i % 4 ? `proj-${i}` : null,
    resource_id: `res-\u00e9-${i}`,
    resource_metadata: md,
    monotonic_time: i % 2 ? 1000.25 * i : null,
  }),
);

const events: Event[] = [
  {
    message_id: 'ev-1',
    event_type: 'compute.instance.create.end',
    generated: '2026-11-23T19:00:00.123456',
    traits: [
      { name: 'host', dtype: TraitType.text, value: 'node-\u00e9' },
      { name: 'memory_mb', dtype: TraitType.int, value: 512 },
      { name: 'load', dtype: TraitType.float, value: 0.25 },
      { name: 'launched_at', dtype: TraitType.datetime, value: '2026-11-23T18:59:00' },
      { name: 'n', dtype: TraitType.none, value: null },
    ],
    raw: { payload: { a: [1, 'x', { b: null }], c: 1.5 } },
  },
  { message_id: 'ev-2', event_type: 'x', generated: '2026-11-23T19:00:00', traits: [], raw: {} },
];

function randomDoubles(n: number): number[] {
  const out: number[] = [];
  const view = new DataView(randomBytes(8 * n).buffer);
  for (let i = 0; i < n; i++) {
    const x = view.getFloat64(i * 8);
    if (Number.isFinite(x)) out.push(x);
  }
  // Plus human-scale values, where positional vs exponent layout matters.
  for (let i = 0; i < n; i++) out.push(Number((Math.random() * 10 ** (Math.floor(Math.random() * 40) - 20)).toPrecision(1 + (i % 17))));
  return out;
}

function askPython(request: unknown): OracleAnswer {
  const run = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as OracleAnswer;
}

describe.skipIf(skipReason !== '')(`signature compatibility with upstream Python${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const ourMessages = samples.map((s) => toMeterMessage(s, SECRET));
  const ourEventMessages = events.map((e) => toEventMessage(e, SECRET));
  const floats = randomDoubles(1000);
  const answer = skipReason
    ? undefined
    : askPython({
        secret: SECRET,
        ours: ourMessages.map((m) => dumpsPyJson(m)),
        ourEvents: ourEventMessages.map((m) => dumpsPyJson(m)),
        floats: dumpsPyJson(floats.map((x) => new PyFloat(x))),
        keypairs: metadataTable.map((m) => dumpsPyJson(m)),
      });
  const oracle = (): OracleAnswer => answer as OracleAnswer;

  it.each(samples.map((s, i) => [s.name, i] as const))('%s: Python computes our signature and verifies it', (_name, i) => {
    const ours = ourMessages[i];
    const theirs = oracle().ours[i];
    expect(theirs?.signature).toBe(ours?.message_signature);
    expect(theirs?.verified).toBe(true);
  });

  it.each(samples.map((s, i) => [s.name, i] as const))('%s: meter_message_from_counter of the same sample gives our bytes', (_name, i) => {
    expect(oracle().ours[i]?.rebuilt).toBe(dumpsPyJson(ourMessages[i] ?? {}));
  });

  it('finite-number messages survive JSON.stringify too', () => {
    const plain = ourMessages.filter((m) => !/NaN|Infinity/.test(dumpsPyJson(m)));
    for (const m of plain) expect(verifySignatureJson(JSON.stringify(m), SECRET)).toBe(true);
  });

  it("our event messages verify in Python and match message_from_event's bytes", () => {
    ourEventMessages.forEach((m, i) => {
      expect(oracle().ourEvents[i]?.signature).toBe(m.message_signature);
      expect(oracle().ourEvents[i]?.verified).toBe(true);
      expect(oracle().ourEvents[i]?.rebuilt).toBe(dumpsPyJson(m));
    });
  });

  it("Python's meter messages verify with ours, round-trip byte for byte and read back as samples", () => {
    expect(oracle().pySamples.length).toBeGreaterThan(5);
    for (const text of oracle().pySamples) {
      expect(verifySignatureJson(text, SECRET), text).toBe(true);
      expect(verifySignatureJson(text, 'wrong')).toBe(false);
      const msg = parsePyJson(text) as PyDict;
      expect(computeSignature(msg, SECRET)).toBe(msg['message_signature']);
      expect(dumpsPyJson(msg)).toBe(text);
      expect(sampleFromMeterMessage(msg).resource_id).toBe('r');
    }
  });

  it("Python's event messages verify with ours and read back as events", () => {
    for (const text of oracle().pyEvents) {
      expect(verifySignatureJson(text, SECRET), text).toBe(true);
      const msg = parsePyJson(text) as PyDict;
      expect(dumpsPyJson(msg)).toBe(text);
      expect(eventFromEventMessage(msg).traits[0]).toEqual({ name: 'f', dtype: TraitType.float, value: 1 });
    }
    expect(verifySignature(toEventMessage(eventFromEventMessage(parsePyJson(oracle().pyEvents[0] ?? '') as PyDict), SECRET), SECRET)).toBe(true);
  });

  it('float repr matches Python for random doubles', () => {
    const mismatches = floats.map((x, i) => [pyFloatRepr(x), oracle().floatReprs[i]]).filter(([a, b]) => a !== b);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('recursive_keypairs names and str() values match Python', () => {
    metadataTable.forEach((md, i) => {
      const ours = [...recursiveKeypairs(md)].map(([k, v]) => [k, pyStr(v)]);
      expect(ours).toEqual(oracle().keypairs[i]);
    });
  });
});
