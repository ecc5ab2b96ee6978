import { describe, expect, it } from 'vitest';
import { UnitConversionTransformer } from '../src/index.js';
import { sample } from './helpers.js';

describe('unit_conversion', () => {
  it('converts with a volume expression (rocky test_global_unit_conversion)', () => {
    const t = new UnitConversionTransformer([{ source: {}, target: { name: 'cpu_mins', unit: 'min', scale: 'volume / ((10**6) * 60)' } }]);
    expect(t.handleSample(sample({ volume: 1200000000 }))).toMatchObject({ name: 'cpu_mins', unit: 'min', type: 'cumulative', volume: 20 });
    expect(t.flush()).toEqual([]);
  });

  it('converts only samples in the source unit', () => {
    const t = new UnitConversionTransformer([{ source: { unit: '°C' }, target: { unit: '°F', scale: '(volume * 1.8) + 32' } }]);
    const core = t.handleSample(sample({ name: 'core_temperature', type: 'gauge', unit: '°C', volume: 36 }));
    expect(core?.unit).toBe('°F');
    expect(core?.volume).toBeCloseTo(96.8);
    const ambient = sample({ name: 'ambient_temperature', type: 'gauge', unit: '°F', volume: 88.8 });
    expect(t.handleSample(ambient)).toBe(ambient);
  });

  it('multiplies by a numeric scale and caps at max', () => {
    const t = new UnitConversionTransformer({ target: { unit: 'KB', scale: 1.0 / 1024, max: 2 } });
    expect(t.handleSample(sample({ unit: 'B', volume: 1024 }))).toMatchObject({ unit: 'KB', volume: 1 });
    expect(t.handleSample(sample({ unit: 'B', volume: 4096 }))?.volume).toBe(2);
  });

  it('renames with map_from/map_to, falling back to target then the sample', () => {
    const t = new UnitConversionTransformer({ source: { map_from: { name: 'memory\\.(\\w+)' } }, target: { map_to: { name: 'mem.\\1' } } });
    expect(t.handleSample(sample({ name: 'memory.usage', volume: 1 }))?.name).toBe('mem.usage');
    expect(t.handleSample(sample({ name: 'cpu', volume: 1 }))?.name).toBe('cpu');
  });

  it('renames with a pathological map_from in bounded time (regression: (a+)+$ blocked the agent for seconds)', () => {
    const t = new UnitConversionTransformer({ source: { map_from: { name: '(a+)+$' } }, target: { map_to: { name: 'x' } } });
    const start = performance.now();
    expect(t.handleSample(sample({ name: `${'a'.repeat(30)}b`, volume: 1 }))?.name).toBe(`${'a'.repeat(30)}b`);
    expect(performance.now() - start).toBeLessThan(250);
    expect(t.handleSample(sample({ name: 'baa', volume: 1 }))?.name).toBe('bx');
  });

  it('reads map_from as Python 3.11 re does (regression: (?x) and \\Z under (?m) were mistranslated)', () => {
    const verbose = new UnitConversionTransformer({ source: { map_from: { name: '(?x) memory \\. (\\w+)  # the memory meters' } }, target: { map_to: { name: 'mem.\\1' } } });
    expect(verbose.handleSample(sample({ name: 'memory.usage', volume: 1 }))?.name).toBe('mem.usage');
    const end = new UnitConversionTransformer({ source: { map_from: { name: '(?m)usage\\Z' } }, target: { map_to: { name: 'used' } } });
    expect(end.handleSample(sample({ name: 'memory.usage\nx', volume: 1 }))?.name).toBe('memory.usage\nx');
  });

  it('passes samples through unchanged in volume without a scale', () => {
    const t = new UnitConversionTransformer(undefined);
    expect(t.handleSample(sample({ volume: 5 }))).toMatchObject({ name: 'cpu', volume: 5 });
  });
});
