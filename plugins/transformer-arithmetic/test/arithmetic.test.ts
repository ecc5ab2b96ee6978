import { makeSample, type Logger, type Sample } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { ArithmeticParameterError, ArithmeticTransformer } from '../src/index.js';

function logger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => {};
  const l = { warnings, trace: noop, debug: noop, info: noop, error: noop, fatal: noop, warn: (a: unknown, b?: unknown) => void warnings.push(String(typeof a === 'string' ? a : b)), child: () => l };
  return l as Logger & { warnings: string[] };
}

type Step = { name: string; volume: number; metadata?: Record<string, number> };

/** rocky's `_do_test_arithmetic`: every sample published and flushed on its own, two resources. */
function run(expr: string, scenario: readonly Step[]): Sample[] {
  const t = new ArithmeticTransformer([{ target: { name: 'new_meter', unit: '%', type: 'gauge', expr } }]);
  const out: Sample[] = [];
  for (const resource of ['r1', 'r2']) {
    for (const step of scenario) {
      const s = makeSample({ name: step.name, type: 'cumulative', unit: 'ns', volume: step.volume, resource_id: resource, user_id: 'u', project_id: 'p', resource_metadata: step.metadata ?? {} });
      expect(t.handleSample(s)).toBeNull();
      out.push(...t.flush());
    }
  }
  for (const s of out) expect(s).toMatchObject({ name: 'new_meter', unit: '%', type: 'gauge' });
  return out;
}

const memory = [{ name: 'memory', volume: 1024 }, { name: 'memory.usage', volume: 512 }];

describe('arithmetic (rocky cases)', () => {
  it('computes memory utilisation per resource', () => {
    const out = run('100.0 * $(memory.usage) / $(memory)', memory);
    expect(out.map((s) => [s.resource_id, s.volume])).toEqual([['r1', 50], ['r2', 50]]);
  });

  it('uses the latest sample of each meter', () => {
    const out = run('100.0 * $(memory.usage) / $(memory)', [{ name: 'memory', volume: 2048 }, { name: 'memory.usage', volume: 512 }, { name: 'memory', volume: 1024 }]);
    expect(out.map((s) => s.volume)).toEqual([25, 25]);
  });

  it('needs every meter, and ignores (but consumes) others', () => {
    expect(run('100.0 * $(memory.usage) / $(memory)', [{ name: 'memory.usage', volume: 512 }])).toEqual([]);
    expect(run('100.0 * $(memory.usage) / $(memory)', [...memory, { name: 'cpu_util', volume: 90 }]).map((s) => s.volume)).toEqual([50, 50]);
  });

  it('logs and drops a failed evaluation, and clears the cache', () => {
    const log = logger();
    const t = new ArithmeticTransformer([{ target: { expr: '$(memory) / 0' } }], { logger: log });
    t.handleSample(makeSample({ name: 'memory', type: 'gauge', unit: 'MB', volume: 1024, resource_id: 'r' }));
    expect(t.flush()).toEqual([]);
    expect(log.warnings).toEqual(['Unable to evaluate expression %s: %s']);
  });

  it('reads metadata of a referenced meter', () => {
    const out = run('$(memory) * $(memory).resource_metadata.factor', [{ name: 'memory', volume: 2, metadata: { factor: 3 } }]);
    expect(out.map((s) => s.volume)).toEqual([6, 6]);
  });

  it('warns and never emits when expr names no meter (empty or constant)', () => {
    for (const expr of ['', '512.0 * 3']) {
      const log = logger();
      const t = new ArithmeticTransformer({ target: { expr } }, { logger: log });
      expect(log.warnings).toEqual(["Arithmetic transformer must use at least one meter in expression '%s'"]);
      expect(run(expr, memory)).toEqual([]);
      expect(t.requiredMeters).toEqual([]);
    }
  });

  it('rejects what Python would have run but the language refuses, at load', () => {
    expect(() => new ArithmeticTransformer({ target: { expr: "float('nan') * $(memory.usage) / $(memory)" } })).toThrow(ArithmeticParameterError);
    expect(() => new ArithmeticTransformer({ target: { expr: "float('nan') * $(memory.usage)" } })).toThrow(
      `arithmetic: parameter target.expr: invalid expression "float('nan') * $(memory.usage)": function calls are not allowed ("(") at column 6`,
    );
  });

  it('clears the cache on flush (rocky test_arithmetic_transformer_cache_cleared)', () => {
    const t = new ArithmeticTransformer([{ target: { name: 'new_meter', expr: '$(memory.usage) + 2' } }]);
    const s = makeSample({ name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 1024, resource_id: 'r', timestamp: '2026-01-01T00:00:00' });
    expect(t.handleSample(s)).toBeNull();
    const [first] = t.flush();
    expect(first).toMatchObject({ name: 'new_meter', unit: 'MB', type: 'gauge', volume: 1026, timestamp: '2026-01-01T00:00:00' });
    expect(t.flush()).toEqual([]);
    t.handleSample({ ...s, volume: 2048 });
    expect(t.flush().map((x) => x.volume)).toEqual([2050]);
  });
});
