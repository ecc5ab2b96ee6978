import { makeSample } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { AccumulatorParameterError, TransformerAccumulator } from '../src/index.js';

const s = (name: string) => makeSample({ name, type: 'gauge', unit: 'B', volume: 1, resource_id: 'r' });

describe('accumulator', () => {
  it('holds samples until size are waiting, then releases them all (rocky test_flush_pipeline_cache)', () => {
    const t = new TransformerAccumulator([{ size: 3 }]);
    expect(t.handleSample(s('a'))).toBeNull();
    expect(t.flush()).toEqual([]);
    t.handleSample(s('b'));
    expect(t.flush()).toEqual([]);
    t.handleSample(s('c'));
    expect(t.flush().map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(t.flush()).toEqual([]);
  });

  it('defaults to size 1: every sample comes out at the next flush', () => {
    const t = new TransformerAccumulator([{}]);
    expect(t.handleSample(s('a'))).toBeNull();
    expect(t.flush().map((x) => x.name)).toEqual(['a']);
  });

  it('passes samples through with a size below 1', () => {
    const t = new TransformerAccumulator({ size: 0 });
    const a = s('a');
    expect(t.handleSample(a)).toBe(a);
    expect(t.flush()).toEqual([]);
  });

  it('rejects a size that is not a number', () => {
    expect(() => new TransformerAccumulator({ size: 'many' })).toThrow(AccumulatorParameterError);
    expect(() => new TransformerAccumulator({ size: 'many' })).toThrow('accumulator: parameter size: expected a number, got "many"');
  });
});
