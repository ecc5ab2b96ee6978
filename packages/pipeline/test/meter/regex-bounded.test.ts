/**
 * Regular expressions in meter definitions (`event_type`, a jsonpath `~` filter, `sub()`) cannot
 * hold the notification agent: pathological patterns run on the linear-time engine, and those it
 * cannot run are refused at load as config errors with file and line.
 */
import { ConfigError, pythonRegexEngine } from '@ceilometer-ts/sdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MeterDefinitions } from '../../src/meter/index.js';
import type { Notification } from '../../src/meter/index.js';
import { METERS_DIR } from './definitions-helpers.js';

// V8 (and Python) backtrack over a minute on `(a+)+$` against this
const EVIL = 'a'.repeat(30) + 'b';
const BOUND_MS = 250;

const definitions = (meters: string): string =>
  `metric:\n${meters}`;
const meter = (name: string, eventType: string, extra = ''): string =>
  `  - name: ${name}\n    event_type: '${eventType}'\n    type: gauge\n    unit: B\n    volume: 1\n    resource_id: $.payload.id\n${extra}`;

function notification(eventType: string, payload: Record<string, unknown>): Notification {
  return { event_type: eventType, payload: { id: 'r1', ...payload }, publisher_id: 'p', priority: 'info', message_id: 'm', timestamp: '2024-05-01 00:00:00' } as Notification;
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

describe('meter definition regexes run in bounded time', () => {
  it('an event_type like (a+)+$ does not block on a hostile event type', () => {
    const m = MeterDefinitions.fromText(definitions(meter('evil', '(a+)+$')), 'meters.yaml', { strict: true });
    const [samples, ms] = timed(() => m.toSamples(notification(EVIL, {})));
    expect(samples).toEqual([]);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(m.toSamples(notification('aaa', {})).map((s) => s.name)).toEqual(['evil']);
  });

  it('a ~ filter and sub() with (a+)+$ do not block on a hostile payload', () => {
    const m = MeterDefinitions.fromText(
      definitions(
        meter('filtered', 'x', "    metadata:\n      hit: \"$.payload.items[?(@.name ~ '(a+)+$')].name\"\n      cut: '$.payload.text.`sub(/(a+)+$/, z)`'\n"),
      ),
      'meters.yaml',
      { strict: true },
    );
    const [samples, ms] = timed(() => m.toSamples(notification('x', { items: [{ name: EVIL }, { name: 'aa' }], text: `b${'a'.repeat(30)}` })));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(samples[0]!.resource_metadata).toMatchObject({ hit: 'aa', cut: 'bz' });
  });

  it('refuses, with file and line, a pathological pattern the linear-time engine cannot run', () => {
    const text = definitions(
      meter('ok', 'x') +
        meter('bad-type', '(a+)+\\1') +
        meter('bad-filter', 'x', "    metadata:\n      hit: \"$.payload.items[?(@.name ~ '(?=a)(a+)+$')].name\"\n"),
    );
    const m = MeterDefinitions.fromText(text, 'meters.yaml');
    expect(m.definitions.map((d) => d.name)).toEqual(['ok']);
    expect(m.issues.map((i) => `${i.file}:${i.line}: ${i.path}`)).toEqual(expect.arrayContaining(['meters.yaml:9: metric[1].event_type', 'meters.yaml:21: metric[2].metadata.hit']));
    const messages = m.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/"\(a\+\)\+\\\\1": it could hold the agent for seconds on a long input: .*, and a back-reference at position 5 keeps it off/);
    expect(messages).toMatch(/"\(\?=a\)\(a\+\)\+\$": it could hold the agent for seconds on a long input: .*, and a lookaround at position 0 keeps it off/);
    expect(() => MeterDefinitions.fromText(text, 'meters.yaml', { strict: true })).toThrow(ConfigError);
  });
});

describe('the patterns upstream ships keep V8 speed', () => {
  it('every event_type of the bundled meters.yaml runs on V8 (re.match with at most one varying quantifier)', () => {
    const data = parse(readFileSync(join(METERS_DIR, 'meters.yaml'), 'utf8')) as { metric: { event_type: string | string[] }[] };
    const patterns = [...new Set(data.metric.flatMap((m) => (Array.isArray(m.event_type) ? m.event_type : [m.event_type])))];
    expect(patterns.length).toBeGreaterThan(20);
    expect(patterns.filter((p) => pythonRegexEngine(p, 'match') !== 'v8')).toEqual([]);
  });

  it("rocky's map_from renames run on V8 (re.sub without a varying quantifier)", () => {
    for (const p of ['(disk\\.device|disk)\\.(read|write)\\.(bytes|requests)', '(B|request)', 'network\\.(incoming|outgoing)\\.(bytes|packets)']) {
      expect(pythonRegexEngine(p, 'search')).toBe('v8');
    }
  });
});
